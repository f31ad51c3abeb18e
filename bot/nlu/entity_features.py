"""Gazetteer entity types as intent features for the intent classifier.

The project's spaCy pipeline tags countries, regions, sectors, technologies, instruments and so
on with an EntityRuler. The intent classifier (DIET before, now LinearIntentClassifier) otherwise
sees only words and character n-grams, so it has to learn from a few hundred examples that
"robotics" alone answers a form question while "robotics clusters in Spain" asks for partners,
and it learns it word by word. This featurizer gives it the entity types
instead: which labels a message contains, which tokens they cover, and how much of the message
they cover (a bare "Spain" or "robotics" is all entity; an out-of-scope question usually has none).

It reads the ``Doc`` that ``SpacyNLP`` stores on the message, so training examples and live
messages are featurized the same way (the annotations in the training data are not used).
Listed in config.yml as ``bot.nlu.entity_features.EntityTypeFeaturizer`` after the
tokenizer; it has nothing to train.

Features, all sparse:

- sequence (one row per token): 1 in the column of each label whose entity overlaps the token;
- sentence: one column per label (1 if the message has such an entity), then the share of tokens
  inside entities, 1 if every token is inside an entity, and 1 if the message has no entity,
  then the language columns (:func:`language_columns`). The sentence vector of the English
  MiniLM places a Polish or Spanish request badly ("czy mogę porozmawiać z człowiekiem?" looked
  out of scope), and the ``language`` entity comes too late in the pipeline for the classifier
  to see it.

Language columns, a fixed width of 9: one for each reply language of
``taxonomy.languages.REPLY_LANGUAGES`` (en de fr es it pl nl pt; ``en`` also when the detector is
undecided, as the dialogue treats it; the ruler's entities are left out of the detection, as
in ``LanguageDetector``), then one shared "other EU" column for the 16 other EU
languages. Why not 24: the training data has a few dozen non-English examples and none in most
of the 16 languages, so 16 own columns would stay untrained; what the dialogue does with those
messages is the same for all of them (understand and search, reply in English with one line in
the user's language), so one column carries all the classifier can use. The width never
depends on which languages the detector knows, so a detector change does not change the
model's input shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language import detect_language
from taxonomy.languages import REPLY_LANGUAGES

DEFAULT_LABELS = [
    "country",
    "region",
    "sector",
    "technology",
    "instrument",
    "organisation_type",
    "ordinal",
    "label",
]


def entity_type_features(
    tokens: list[tuple[int, int]], entities: list[tuple[int, int, str]], labels: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Build the dense sequence and sentence feature rows for one message.

    Args:
        tokens: (start, end) character offsets of the message's tokens.
        entities: (start, end, label) character offsets of the ruler's entities.
        labels: the entity labels that get a column, in column order; others are ignored.

    Returns:
        A (len(tokens), len(labels)) sequence matrix and a (1, len(labels) + 3) sentence matrix.
    """
    column = {label: i for i, label in enumerate(labels)}
    sequence = np.zeros((len(tokens), len(labels)))
    sentence = np.zeros((1, len(labels) + 3))
    covered = 0
    for row, (t_start, t_end) in enumerate(tokens):
        inside = False
        for e_start, e_end, label in entities:
            if label in column and t_start < e_end and t_end > e_start:
                sequence[row, column[label]] = 1.0
                sentence[0, column[label]] = 1.0
                inside = True
        covered += inside
    share = covered / len(tokens) if tokens else 0.0
    sentence[0, len(labels)] = share
    sentence[0, len(labels) + 1] = 1.0 if tokens and covered == len(tokens) else 0.0
    sentence[0, len(labels) + 2] = 1.0 if covered == 0 else 0.0
    return sequence, sentence


#: Column order of the language features: the reply languages, then "other EU".
LANGUAGE_COLUMNS: tuple[str, ...] = (*REPLY_LANGUAGES, "other")


def language_columns(language: str | None) -> np.ndarray:
    """The (1, 9) language feature row of a message (see module docstring).

    Args:
        language: What :func:`bot.nlu.language.detect_language` found (``None``: English).

    Returns:
        One 1 in the column of ``language`` if it is a reply language, else in "other".
    """
    row = np.zeros((1, len(LANGUAGE_COLUMNS)))
    code = language or "en"
    column = LANGUAGE_COLUMNS.index(code) if code in REPLY_LANGUAGES else len(REPLY_LANGUAGES)
    row[0, column] = 1.0
    return row


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class EntityTypeFeaturizer(SparseFeaturizer, GraphComponent):
    """Adds the gazetteer entity types of a message as sparse features (see module docstring)."""

    @classmethod
    def required_components(cls) -> list[type]:
        """SpacyNLP provides the Doc, a tokenizer the tokens."""
        return [SpacyNLP, Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Default config: the ruler labels that get a feature column."""
        return {**SparseFeaturizer.get_default_config(), "labels": DEFAULT_LABELS}

    @staticmethod
    def required_packages() -> list[str]:
        """spaCy comes with rasa[spacy]."""
        return ["spacy"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """``labels`` must be a list of entity label names."""
        labels = config.get("labels", DEFAULT_LABELS)
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise InvalidConfigException(
                f"EntityTypeFeaturizer: 'labels' must be a list of entity labels, got {labels!r}"
            )

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Keep the configured label columns."""
        self.validate_config(config)
        super().__init__(name, config)
        self.labels = list(config["labels"])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EntityTypeFeaturizer:
        """Create the component; there is nothing to train or persist."""
        return cls(config, execution_context.node_name)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example that has text."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize the messages in place."""
        for message in messages:
            self._featurize(message)
        return messages

    def _featurize(self, message: Message) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        if not message.get(TEXT) or not tokens:
            return
        doc = message.get(SPACY_DOCS[TEXT])
        entities = (
            [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc is not None else []
        )
        sequence, sentence = entity_type_features(
            [(t.start, t.end) for t in tokens], entities, self.labels
        )
        spans = [(start, end) for start, end, _ in entities]
        languages = language_columns(detect_language(message.get(TEXT), spans))
        self.add_features_to_message(
            scipy.sparse.coo_matrix(sequence),
            scipy.sparse.coo_matrix(np.hstack([sentence, languages])),
            TEXT,
            message,
        )
