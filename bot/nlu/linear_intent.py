"""A linear intent classifier over the pipeline's sentence features, in place of DIET.

Why not DIET: the assistant has about 1,400 training examples for 21 intents, many of them one to
three words ("robotics", "any", "hmm", "farewell"). DIET (one transformer layer, 60 epochs)
reaches 100 % training accuracy after a few epochs and then scores 0.80 macro-F1 in 5-fold
cross-validation, with out_of_scope recall 0.71: it memorises the words of the examples instead
of leaning on the sentence vector, which is what carries an unseen phrasing ("can you draft a
contract for our distributor") to the right intent. A multinomial logistic regression over the
same features, each featurizer's block scaled to equal length, weighs the sentence vector and the
character n-grams evenly and reached 0.87-0.88 macro-F1 and 0.90 out_of_scope recall in the same
cross-validation before any data change (docs/benchmarks.md "NLU"). It also trains in seconds.

Features: the *sentence* features of the message text from every featurizer before it in the
pipeline, one block per featurizer (``Features.origin``):

- sparse blocks (count vectors of words and character n-grams, the gazetteer entity types,
  regexes): sublinear counts ``log(1 + n)`` times the inverse document frequency learnt from the
  training examples (as in TF-IDF, so "the" and "clusters" weigh less than "weather"), then L2
  normalised;
- dense blocks (the MiniLM sentence vector): L2 normalised.

Each block is then multiplied by its weight (``sparse_weight``, ``dense_weight``), so no block
dominates because it has more columns or larger counts.

The trained model is stored as plain numpy arrays (coefficients, intercepts, intent names, IDF
and the block layout), not as a pickle, and prediction is a matrix product and a softmax, so
loading a model never executes stored code and does not depend on the scikit-learn version.

Retrieval intents: ``faq`` gathers 27 unrelated questions (privacy, lump sums, cluster labels...).
As one class it is a patchwork that a linear model can only separate from out_of_scope with a
compromise, and the small topics lost: in cross-validation "are my messages saved somewhere" went
to out_of_scope. With ``split_retrieval_intents`` every topic is a class of its own (the full
intent, ``faq/privacy``) and the topics' probabilities are summed into ``faq`` at prediction time,
so the output still has one ``faq``. The
topics' own probabilities stay on the message (not in the parse output) under
:data:`RETRIEVAL_RANKING_KEY`, where :mod:`bot.nlu.topic_selector` can read them to choose the
answer (config.yml, in place of Rasa's ResponseSelector since session 14).

Output is what DIET gives: ``intent`` (name, confidence) and ``intent_ranking`` (best first,
``ranking_length`` entries), so the FallbackClassifier and the dialogue policies
work unchanged. A message without any feature (empty text) gets intent ``None`` with confidence 0,
like DIET, which the FallbackClassifier turns into ``nlu_fallback``.

Listed in config.yml as ``bot.nlu.linear_intent.LinearIntentClassifier``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.stored import TrainedComponent, read_arrays, write_arrays

logger = logging.getLogger(__name__)

ARRAYS_FILE = "linear_intent.npz"
LAYOUT_FILE = "layout.json"

#: Message property (not in the parse output) with the topics of each retrieval intent, best
#: first: ``{"faq": [{"name": "faq/privacy", "confidence": 0.62}, ...]}``. The confidences are
#: the classifier's probabilities of the full intents (they add up to the ``faq`` probability).
#: Set only by a model trained with ``split_retrieval_intents``.
RETRIEVAL_RANKING_KEY = "retrieval_intent_ranking"


def _origin(features: Any) -> str:
    origin = features.origin
    return "+".join(origin) if isinstance(origin, list) else str(origin)


def sentence_blocks(message: Message) -> dict[tuple[str, bool], Any]:
    """The message's sentence features of its text by (origin, is_sparse): a 1-row CSR matrix
    for sparse features, a 1-D array for dense ones."""
    blocks: dict[tuple[str, bool], Any] = {}
    for features in message.features:
        if features.attribute != TEXT or features.type != FEATURE_TYPE_SENTENCE:
            continue
        matrix = features.features
        if features.is_sparse():
            row = scipy.sparse.csr_matrix(matrix, dtype=np.float64).reshape(1, -1)
            row.sum_duplicates()
        else:
            row = np.asarray(matrix, dtype=np.float64).reshape(-1)
        blocks[(_origin(features), features.is_sparse())] = row
    return blocks


def _size(values: Any) -> int:
    return int(values.shape[-1])


def _l2_rows(matrix: scipy.sparse.csr_matrix) -> scipy.sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).reshape(-1))
    scale = 1.0 / np.where(norms > 0, norms, 1.0)
    return scipy.sparse.diags(scale) @ matrix


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, shifted by the row maximum so large scores do not overflow."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _model(arrays: Mapping[str, np.ndarray], meta: dict[str, Any]) -> dict[str, Any]:
    """The classifier's model of its stored arrays and layout (given to :func:`read_arrays`)."""
    return {
        "intents": meta["intents"],
        "classes": meta.get("classes", meta["intents"]),
        "class_intents": meta.get("class_intents", meta["intents"]),
        "layout": meta["layout"],
        "coef": arrays["coef"],
        "intercept": arrays["intercept"],
        "idf": {
            b["origin"]: arrays[f"idf_{i}"] for i, b in enumerate(meta["layout"]) if b["sparse"]
        },
    }


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, TrainedComponent):
    """Multinomial logistic regression over block-normalised sentence features (see module)."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Featurizers provide the sentence features."""
        return [Featurizer]

    @staticmethod
    def required_packages() -> list[str]:
        """scikit-learn (a Rasa dependency) fits the model; prediction needs numpy only."""
        return ["sklearn"]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``C``: inverse L2 regularisation of the logistic regression (larger fits the training
        data more closely); ``max_iter``: L-BFGS iterations; ``sparse_weight`` and
        ``dense_weight``: length of each normalised sparse and dense block; ``ranking_length``:
        intents listed in ``intent_ranking``; ``split_retrieval_intents``: learn each topic of
        a retrieval intent ("faq/privacy", "faq/lump_sum") as its own class and add their
        probabilities up to the intent ("faq") when predicting."""
        return {
            "C": 16.0,
            "max_iter": 3000,
            "sparse_weight": 1.0,
            "dense_weight": 1.0,
            "ranking_length": 10,
            "split_retrieval_intents": False,
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Numbers must be positive; ``ranking_length`` 0 lists every intent."""
        for key in ("C", "sparse_weight", "dense_weight"):
            value = config.get(key)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise InvalidConfigException(
                    f"LinearIntentClassifier: '{key}' must be a positive number, got {value!r}"
                )
        for key, low in (("max_iter", 1), ("ranking_length", 0)):
            value = config.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InvalidConfigException(
                    f"LinearIntentClassifier: '{key}' must be an integer >= {low}, got {value!r}"
                )

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
        model: dict[str, Any] | None = None,
    ) -> None:
        """Keep the config; ``model`` holds the trained arrays and layout once trained/loaded."""
        self.config = {**self.get_default_config(), **config}
        self.validate_config(self.config)
        self.name = name
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    # Features ---------------------------------------------------------------------------------

    def _matrix(
        self,
        rows: list[dict[tuple[str, bool], Any]],
        layout: list[dict[str, Any]],
        idf: dict[str, np.ndarray],
    ) -> scipy.sparse.csr_matrix:
        """Stack the messages' blocks in ``layout`` order (a missing block is zeros), apply the
        sublinear TF-IDF weighting to sparse blocks, normalise and weight every block."""
        parts = []
        for block in layout:
            key, size = (block["origin"], block["sparse"]), block["size"]
            if block["sparse"]:
                empty = scipy.sparse.csr_matrix((1, size))
                values = scipy.sparse.vstack(
                    [row[key] if key in row and _size(row[key]) == size else empty for row in rows],
                    format="csr",
                )
                values.data = np.log1p(np.maximum(values.data, 0.0))
                values = values @ scipy.sparse.diags(idf[block["origin"]])
                weight = self.config["sparse_weight"]
            else:
                dense = np.zeros((len(rows), size))
                for i, row in enumerate(rows):
                    if key in row and _size(row[key]) == size:
                        dense[i] = row[key]
                values = scipy.sparse.csr_matrix(dense)
                weight = self.config["dense_weight"]
            parts.append(_l2_rows(values.tocsr()) * weight)
        if not parts:
            return scipy.sparse.csr_matrix((len(rows), 0))
        return scipy.sparse.hstack(parts, format="csr")

    # Training ---------------------------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the logistic regression on the intent examples and persist it."""
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        split = self.config["split_retrieval_intents"]
        names = [m.get_full_intent() if split else m.get(INTENT) for m in examples]
        intents = sorted({m.get(INTENT) for m in examples})
        if len(set(names)) < 2:
            logger.warning("LinearIntentClassifier needs at least two intents; not trained.")
            return self._resource
        rows = [sentence_blocks(m) for m in examples]
        sizes: dict[tuple[str, bool], int] = {}
        for row in rows:
            for key, values in row.items():
                sizes.setdefault(key, _size(values))
        layout = [
            {"origin": origin, "sparse": sparse, "size": sizes[(origin, sparse)]}
            for origin, sparse in sorted(sizes)
        ]
        idf = {}
        for block in layout:
            if block["sparse"]:
                key = (block["origin"], True)
                present = np.zeros(block["size"])
                for row in rows:
                    if key in row and _size(row[key]) == block["size"]:
                        present[row[key].indices[row[key].data > 0]] += 1
                # Smoothed IDF as in scikit-learn's TfidfVectorizer.
                idf[block["origin"]] = np.log((1 + len(rows)) / (1 + present)) + 1.0
        features = self._matrix(rows, layout, idf)
        classes = sorted(set(names))
        intent_of = {name: m.get(INTENT) for name, m in zip(names, examples, strict=True)}
        index = {name: i for i, name in enumerate(classes)}
        labels = np.array([index[name] for name in names])
        clf = LogisticRegression(C=float(self.config["C"]), max_iter=self.config["max_iter"])
        clf.fit(features, labels)
        coef, intercept = clf.coef_, clf.intercept_
        if coef.shape[0] == 1:  # two intents: scikit-learn stores one row for the second class
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        self._model = {
            "intents": intents,
            "classes": classes,
            "class_intents": [intent_of[c] for c in classes],
            "layout": layout,
            "idf": idf,
            "coef": coef,
            "intercept": intercept,
        }
        self._persist()
        logger.info(
            "LinearIntentClassifier: %d examples, %d intents, %d features in %d blocks",
            len(examples),
            len(intents),
            features.shape[1],
            len(layout),
        )
        return self._resource

    def _persist(self) -> None:
        model = self._model
        assert model is not None
        idf_arrays = {
            f"idf_{i}": model["idf"][block["origin"]]
            for i, block in enumerate(model["layout"])
            if block["sparse"]
        }
        write_arrays(
            self._model_storage,
            self._resource,
            ARRAYS_FILE,
            {"coef": model["coef"], "intercept": model["intercept"], **idf_arrays},
            LAYOUT_FILE,
            {key: model[key] for key in ("intents", "classes", "class_intents", "layout")},
        )

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """Load the arrays written by :meth:`train` (an untrained classifier if there are none,
        as with Rasa's own classifiers when the training data has no intents)."""
        model = read_arrays(model_storage, resource, ARRAYS_FILE, LAYOUT_FILE, _model)
        if model is None:
            logger.debug("LinearIntentClassifier: no trained model in %s", resource.name)
        return cls(config, execution_context.node_name, model_storage, resource, model)

    # Prediction -------------------------------------------------------------------------------

    def predict_proba(self, messages: list[Message]) -> np.ndarray:
        """Intent probabilities, one row per message, columns in ``self.intents`` order."""
        return self._predict_rows([sentence_blocks(m) for m in messages])

    def _predict_rows(self, rows: list[dict[tuple[str, bool], Any]]) -> np.ndarray:
        """:meth:`predict_proba` of the messages' :func:`sentence_blocks`."""
        return self._merge(self._class_rows(rows))

    def _class_rows(self, rows: list[dict[tuple[str, bool], Any]]) -> np.ndarray:
        """Probabilities of the trained classes (``faq/privacy`` apart when split), one row per
        message of :func:`sentence_blocks`."""
        model = self._model
        assert model is not None, "LinearIntentClassifier is not trained"
        if "coef_t" not in model:  # scipy copies a transposed (F-ordered) view on every product:
            model["coef_t"] = np.ascontiguousarray(model["coef"].T)  # 5.8 ms a message, issue 15
        return softmax(self._scores(rows) + model["intercept"])

    def _merge(self, probabilities: np.ndarray) -> np.ndarray:
        """Class probabilities to intent probabilities (columns in ``self.intents`` order)."""
        model = self._model
        # Columns of the sub-intents of a retrieval intent ("faq/privacy") add up to "faq".
        column = {name: i for i, name in enumerate(model["intents"])}
        merged = np.zeros((len(probabilities), len(model["intents"])))
        for i, name in enumerate(model["class_intents"]):
            merged[:, column[name]] += probabilities[:, i]
        return merged

    def _retrieval_rankings(self, probabilities: np.ndarray) -> list[dict[str, list[dict]]]:
        """Per message, the topics of each retrieval intent best first (:data:`RETRIEVAL_RANKING_KEY`);
        empty dicts when the classes are the intents (a model trained without the split)."""
        model = self._model
        topics: dict[str, list[int]] = {}
        for i, (name, intent) in enumerate(
            zip(model["classes"], model["class_intents"], strict=True)
        ):
            if name != intent:
                topics.setdefault(intent, []).append(i)
        rankings = []
        for row in probabilities:
            ranking = {}
            for intent, columns in topics.items():
                best = sorted(columns, key=lambda c: (-row[c], model["classes"][c]))
                ranking[intent] = [
                    {INTENT_NAME_KEY: model["classes"][c], PREDICTED_CONFIDENCE_KEY: float(row[c])}
                    for c in best
                ]
            rankings.append(ranking)
        return rankings

    def _scores(self, rows: list[dict[tuple[str, bool], Any]]) -> np.ndarray:
        """``_matrix(rows) @ coef.T`` block by block on the messages' own non-zero features.

        The same weighting as :meth:`_matrix` (sublinear TF-IDF, each block normalised to its
        weight), without building and stacking sparse matrices: at prediction time that cost
        several milliseconds a message for a one-row product (issue 15). A test keeps both equal.
        """
        model = self._model
        coef_t = model["coef_t"]
        scores = np.zeros((len(rows), coef_t.shape[1]))
        offset = 0
        for block in model["layout"]:
            key, size = (block["origin"], block["sparse"]), block["size"]
            for i, row in enumerate(rows):
                value = row.get(key)
                if value is None or _size(value) != size:
                    continue
                if block["sparse"]:
                    columns = value.indices
                    weights = np.log1p(np.maximum(value.data, 0.0)) * model["idf"][key[0]][columns]
                    norm = np.sqrt(weights @ weights)
                    if norm > 0:
                        factor = self.config["sparse_weight"] / norm
                        scores[i] += (weights * factor) @ coef_t[offset + columns]
                else:
                    norm = np.sqrt(value @ value)
                    if norm > 0:
                        factor = self.config["dense_weight"] / norm
                        scores[i] += (value * factor) @ coef_t[offset : offset + size]
            offset += size
        return scores

    @property
    def intents(self) -> list[str]:
        """Intent names in column order of :meth:`predict_proba` (empty when untrained)."""
        return list(self._model["intents"]) if self._model else []

    def process(self, messages: list[Message]) -> list[Message]:
        """Set ``intent`` and ``intent_ranking`` on every message."""
        if self._model is None or not messages:
            return messages
        # The blocks are read once per message (scipy's conversions cost more than the product).
        blocks = [sentence_blocks(m) for m in messages]
        with_features = [m for m, row in zip(messages, blocks, strict=True) if row]
        for message, row in zip(messages, blocks, strict=True):
            if not row:
                message.set(
                    INTENT,
                    {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                    add_to_output=True,
                )
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        if not with_features:
            return messages
        classes = self._class_rows([row for row in blocks if row])
        probabilities = self._merge(classes)
        intents = self._model["intents"]
        length = self.config["ranking_length"] or len(intents)
        for message, topics in zip(with_features, self._retrieval_rankings(classes), strict=True):
            if topics:
                message.set(RETRIEVAL_RANKING_KEY, topics)
        for message, row in zip(with_features, probabilities, strict=True):
            order = np.argsort(-row, kind="stable")
            ranking = [
                {INTENT_NAME_KEY: intents[i], PREDICTED_CONFIDENCE_KEY: float(row[i])}
                for i in order[:length]
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to the training data (the intents are already there)."""
        return training_data
