"""EntityTypeFeaturizer turns the ruler's entity types into DIET features."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("rasa")

import spacy
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.entity_features import (
    DEFAULT_LABELS,
    LANGUAGE_COLUMNS,
    EntityTypeFeaturizer,
    entity_type_features,
    language_columns,
)
from bot.nlu.spacy_build import build_and_save

LABELS = ["country", "technology"]


def test_bare_entity_answer_is_fully_covered():
    sequence, sentence = entity_type_features([(0, 8)], [(0, 8, "technology")], LABELS)
    assert sequence.tolist() == [[0.0, 1.0]]
    # columns: country, technology, share covered, all covered, no entity
    assert sentence.tolist() == [[0.0, 1.0, 1.0, 1.0, 0.0]]


def test_request_with_two_entities_is_partly_covered():
    # "robotics clusters in Spain": tokens robotics / clusters / in / Spain
    tokens = [(0, 8), (9, 17), (18, 20), (21, 26)]
    sequence, sentence = entity_type_features(
        tokens, [(0, 8, "technology"), (21, 26, "country"), (0, 2, "language")], LABELS
    )
    assert sequence.tolist() == [[0, 1], [0, 0], [0, 0], [1, 0]]
    assert sentence.tolist() == [[1.0, 1.0, 0.5, 0.0, 0.0]]


def test_message_without_entities():
    sequence, sentence = entity_type_features([(0, 4), (5, 9)], [], LABELS)
    assert not sequence.any()
    assert sentence.tolist() == [[0.0, 0.0, 0.0, 0.0, 1.0]]


@pytest.fixture(scope="module")
def spacy_nlp(tmp_path_factory):
    return spacy.load(build_and_save(tmp_path_factory.mktemp("spacy") / "cluster_en"))


def test_component_featurizes_with_the_project_ruler(spacy_nlp):
    model = SpacyModel(model=spacy_nlp, model_name="cluster_en")
    nlp_component = SpacyNLP(model, {**SpacyNLP.get_default_config(), "case_sensitive": True})
    tokenizer = SpacyTokenizer(SpacyTokenizer.get_default_config())
    featurizer = EntityTypeFeaturizer(EntityTypeFeaturizer.get_default_config(), "entity_types")
    messages = [
        Message(data={TEXT: "robotics"}),
        Message(data={TEXT: "tell me a joke"}),
        Message(data={TEXT: "czy mogę porozmawiać z doradcą?"}),
        Message(data={TEXT: "Hledáme partnery pro projekt v oblasti recyklace"}),
    ]
    nlp_component.process(messages, model)
    tokenizer.process(messages)
    featurizer.process(messages)

    seq, sent = messages[0].get_sparse_features(TEXT)
    width = len(DEFAULT_LABELS)
    languages = len(LANGUAGE_COLUMNS)
    english = [1.0] + [0.0] * (languages - 1)
    assert seq.features.shape == (1, width)
    assert sent.features.shape == (1, width + 3 + languages)
    row = np.asarray(sent.features.todense())[0]
    assert row[DEFAULT_LABELS.index("technology")] == 1.0
    assert row[width:].tolist() == [1.0, 1.0, 0.0, *english]

    _, joke = messages[1].get_sparse_features(TEXT)
    assert np.asarray(joke.features.todense())[0, width:].tolist() == [0.0, 0.0, 1.0, *english]

    # The detected language is a column after the entity columns; Czech shares "other".
    _, polish = messages[2].get_sparse_features(TEXT)
    flags = np.asarray(polish.features.todense())[0, width + 3 :].tolist()
    assert flags == [1.0 if code == "pl" else 0.0 for code in LANGUAGE_COLUMNS]
    _, czech = messages[3].get_sparse_features(TEXT)
    flags = np.asarray(czech.features.todense())[0, width + 3 :].tolist()
    assert flags == [1.0 if code == "other" else 0.0 for code in LANGUAGE_COLUMNS]


@pytest.mark.parametrize(
    ("code", "column"),
    [(None, "en"), ("en", "en"), ("pt", "pt"), ("nl", "nl"), ("fi", "other"), ("mt", "other")],
)
def test_language_columns_have_a_fixed_width(code, column):
    row = language_columns(code)
    assert row.shape == (1, 9)
    assert row[0].tolist() == [1.0 if c == column else 0.0 for c in LANGUAGE_COLUMNS]
