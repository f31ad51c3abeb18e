"""TopicSelector: the ``response_selector`` entry Rasa's ResponseSelector wrote, from the linear
classifier's topics; read by Rasa's own ``ActionRetrieveResponse`` (``utter_faq``)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse

pytest.importorskip("rasa")

from rasa.core.actions.action import ActionRetrieveResponse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_intent import RETRIEVAL_RANKING_KEY, LinearIntentClassifier
from bot.nlu.topic_selector import TopicSelector, selection
from tests.bot.nlu.test_linear_intent import faq_training_data

VOCAB = ["weather", "rain", "cluster", "robotics", "spain", "the"]
RESPONSES = {
    "utter_faq/weather": [{"text": "It rains in the plain."}],
    "utter_faq/spain": [{"text": "Spain has 17 regions."}, {"text": "Spain: 17 regions."}],
    "utter_greet": [{"text": "Hello!"}],
}


def message(words: list[str], vector: list[float], intent: str | None = None) -> Message:
    """A message with what the featurizers add: word counts and a 3-d sentence vector."""
    counts = np.zeros((1, len(VOCAB)))
    for word in words:
        counts[0, VOCAB.index(word)] += 1
    msg = Message(data={TEXT: " ".join(words), **({INTENT: intent} if intent else {})})
    msg.add_features(
        Features(scipy.sparse.coo_matrix(counts), FEATURE_TYPE_SENTENCE, TEXT, "words")
    )
    msg.add_features(
        Features(np.asarray([vector], dtype=np.float32), FEATURE_TYPE_SENTENCE, TEXT, "encoder")
    )
    return msg


def faq_data() -> TrainingData:
    """Two FAQ topics (weather, spain) and an ordinary intent (the classifier's own test data),
    with the domain's responses."""
    return TrainingData(faq_training_data().training_examples, responses=RESPONSES)


def context(name: str) -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name=name)


@pytest.fixture()
def trained(tmp_path):
    """(classifier, selector, storage) trained on :func:`faq_data`, as config.yml sets them."""
    storage = LocalModelStorage(tmp_path)
    config = {**LinearIntentClassifier.get_default_config(), "split_retrieval_intents": True}
    classifier = LinearIntentClassifier.create(config, storage, Resource("linear"), context("c"))
    classifier.train(faq_data())
    selector = TopicSelector.create(
        {"retrieval_intent": "faq"}, storage, Resource("topics"), context("s")
    )
    selector.train(faq_data())
    return classifier, selector, storage


def parse(classifier, selector, *messages: Message) -> list[Message]:
    return selector.process(classifier.process(list(messages)))


def test_entry_has_the_shape_of_rasas_response_selector(trained):
    classifier, selector, _ = trained
    (msg,) = parse(classifier, selector, message(["spain"], [0.0, 0.05, 0.95]))
    entry = msg.get("response_selector")
    assert entry["all_retrieval_intents"] == ["faq"]
    assert set(entry) == {"all_retrieval_intents", "faq"}
    assert set(entry["faq"]) == {"response", "ranking"}
    response = entry["faq"]["response"]
    assert set(response) == {"responses", "confidence", "intent_response_key", "utter_action"}
    assert response["intent_response_key"] == "faq/spain"
    assert response["utter_action"] == "utter_faq/spain"
    assert response["responses"] == RESPONSES["utter_faq/spain"]
    assert [set(r) for r in entry["faq"]["ranking"]] == [{"confidence", "intent_response_key"}] * 2
    # in the parse output, as Rasa's was; the topics themselves stay internal
    assert "response_selector" in msg.as_dict(only_output_properties=True)
    assert RETRIEVAL_RANKING_KEY not in msg.as_dict(only_output_properties=True)


def test_confidence_is_the_topics_share_of_the_retrieval_intent(trained):
    classifier, selector, _ = trained
    (msg,) = parse(classifier, selector, message(["rain"], [0.95, 0.05, 0.0]))
    topics = msg.get(RETRIEVAL_RANKING_KEY)["faq"]
    faq = next(r["confidence"] for r in msg.get("intent_ranking") if r["name"] == "faq")
    assert sum(t["confidence"] for t in topics) == pytest.approx(faq)
    ranking = msg.get("response_selector")["faq"]["ranking"]
    assert [r["intent_response_key"] for r in ranking] == ["faq/weather", "faq/spain"]
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    weather = next(t["confidence"] for t in topics if t["name"] == "faq/weather")
    response = msg.get("response_selector")["faq"]["response"]
    assert response["confidence"] == pytest.approx(weather / faq)
    assert response["confidence"] == ranking[0]["confidence"] > 0.5


def test_rasas_retrieve_response_action_reads_the_entry(trained):
    classifier, selector, _ = trained
    (msg,) = parse(classifier, selector, message(["weather", "rain"], [1.0, 0.0, 0.0]))
    parse_data = msg.as_dict(only_output_properties=True)
    tracker = DialogueStateTracker.from_events(
        "user",
        [UserUttered("weather rain", msg.get(INTENT), parse_data=parse_data)],
    )
    action = ActionRetrieveResponse("utter_faq")
    assert action.get_full_retrieval_name(tracker) == "utter_faq/weather"


def test_topic_without_a_response_is_never_chosen():
    topics = [
        {"name": "faq/unknown", "confidence": 0.6},
        {"name": "faq/spain", "confidence": 0.3},
        {"name": "faq/weather", "confidence": 0.1},
    ]
    entry = selection(topics, RESPONSES, ranking_length=10)
    assert entry["response"]["utter_action"] == "utter_faq/spain"
    assert entry["response"]["confidence"] == pytest.approx(0.75)
    assert [r["intent_response_key"] for r in entry["ranking"]] == ["faq/spain", "faq/weather"]


def test_no_answerable_topic_gives_an_empty_prediction():
    for topics in ([], [{"name": "faq/unknown", "confidence": 0.9}]):
        entry = selection(topics, RESPONSES, ranking_length=10)
        assert entry == {
            "response": {
                "responses": None,
                "confidence": 0.0,
                "intent_response_key": None,
                "utter_action": None,
            },
            "ranking": [],
        }


def test_ranking_length_cuts_the_ranking_not_the_shares():
    topics = [{"name": "faq/spain", "confidence": 0.2}, {"name": "faq/weather", "confidence": 0.2}]
    entry = selection(topics, RESPONSES, ranking_length=1)
    assert entry["ranking"] == [{"confidence": 0.5, "intent_response_key": "faq/spain"}]


def test_empty_message_gets_an_entry_without_an_answer(trained):
    classifier, selector, _ = trained
    (msg,) = parse(classifier, selector, Message(data={TEXT: ""}))
    assert msg.get("intent")["name"] is None
    faq = msg.get("response_selector")["faq"]
    assert faq["response"]["utter_action"] is None and faq["ranking"] == []


def test_loaded_selector_selects_the_same(trained):
    classifier, selector, storage = trained
    loaded = TopicSelector.load(
        {"retrieval_intent": "faq"}, storage, Resource("topics"), context("s")
    )
    first = parse(classifier, selector, message(["spain", "the"], [0.1, 0.0, 0.9]))
    again = parse(classifier, loaded, message(["spain", "the"], [0.1, 0.0, 0.9]))
    assert again[0].get("response_selector") == first[0].get("response_selector")
    # only the retrieval intents' answers are kept
    assert set(loaded._record["responses"]) == {"utter_faq/weather", "utter_faq/spain"}


def test_untrained_selector_leaves_messages_alone(tmp_path):
    storage = LocalModelStorage(tmp_path)
    selector = TopicSelector.load({}, storage, Resource("none"), context("s"))
    msg = Message(data={TEXT: "hello"})
    selector.process([msg])
    assert msg.get("response_selector") is None


def test_without_a_retrieval_intent_the_key_is_default(trained):
    classifier, _, storage = trained
    selector = TopicSelector.create({}, storage, Resource("all"), context("a"))
    selector.train(faq_data())
    (msg,) = parse(classifier, selector, message(["spain"], [0.0, 0.0, 1.0]))
    entry = msg.get("response_selector")
    assert set(entry) == {"all_retrieval_intents", "default"}
    assert entry["default"]["response"]["utter_action"] == "utter_faq/spain"


@pytest.mark.parametrize(
    "overrides", [{"retrieval_intent": ""}, {"ranking_length": -1}, {"ranking_length": True}]
)
def test_invalid_config_is_rejected(tmp_path, overrides):
    with pytest.raises(InvalidConfigException):
        TopicSelector.create(overrides, LocalModelStorage(tmp_path), Resource("x"), context("x"))
