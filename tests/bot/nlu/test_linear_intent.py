"""LinearIntentClassifier: trains on the pipeline's sentence features, persists plain arrays."""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.sparse

pytest.importorskip("rasa")

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    FEATURE_TYPE_SEQUENCE,
    INTENT,
    INTENT_RESPONSE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_intent import LinearIntentClassifier, sentence_blocks

# A toy vocabulary of "words" (sparse counts) and a 3-dimensional "sentence vector" (dense).
VOCAB = ["weather", "rain", "cluster", "robotics", "spain", "the"]


def message(words: list[str], vector: list[float], intent: str | None = None) -> Message:
    """A message carrying what the featurizers would have added: count vectors and a vector."""
    counts = np.zeros((1, len(VOCAB)))
    for word in words:
        counts[0, VOCAB.index(word)] += 1
    data = {TEXT: " ".join(words)}
    if intent:
        data[INTENT] = intent
    msg = Message(data=data)
    msg.add_features(
        Features(scipy.sparse.coo_matrix(counts), FEATURE_TYPE_SENTENCE, TEXT, "words")
    )
    # A sequence feature must be ignored: only sentence features are used.
    msg.add_features(
        Features(scipy.sparse.coo_matrix(np.ones((1, 4))), FEATURE_TYPE_SEQUENCE, TEXT, "words")
    )
    msg.add_features(
        Features(np.asarray([vector], dtype=np.float32), FEATURE_TYPE_SENTENCE, TEXT, "encoder")
    )
    return msg


def training_data() -> TrainingData:
    examples = []
    for words, vector in [
        (["weather"], [1.0, 0.1, 0.0]),
        (["rain", "the"], [0.9, 0.0, 0.1]),
        (["the", "weather", "rain"], [1.0, 0.0, 0.0]),
    ]:
        examples.append(message(words, vector, "out_of_scope"))
    for words, vector in [
        (["cluster", "robotics"], [0.0, 1.0, 0.1]),
        (["the", "cluster", "spain"], [0.1, 1.0, 0.0]),
        (["cluster"], [0.0, 0.9, 0.2]),
    ]:
        examples.append(message(words, vector, "find_partners"))
    for words, vector in [
        (["robotics"], [0.0, 0.2, 1.0]),
        (["spain"], [0.1, 0.0, 1.0]),
        (["robotics", "spain"], [0.0, 0.1, 0.9]),
    ]:
        examples.append(message(words, vector, "inform"))
    return TrainingData(examples)


@pytest.fixture()
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def context(name: str = "linear") -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name=name)


def train(storage, **overrides) -> tuple[LinearIntentClassifier, Resource]:
    config = {**LinearIntentClassifier.get_default_config(), **overrides}
    resource = Resource("linear")
    classifier = LinearIntentClassifier.create(config, storage, resource, context())
    classifier.train(training_data())
    return classifier, resource


def test_predicts_unseen_messages_and_ranks_best_first(storage):
    classifier, _ = train(storage)
    messages = [
        message(["rain"], [0.95, 0.05, 0.0]),
        message(["robotics", "cluster"], [0.0, 1.0, 0.0]),
        message(["spain"], [0.0, 0.1, 1.0]),
    ]
    classifier.process(messages)
    assert [m.get(INTENT)["name"] for m in messages] == [
        "out_of_scope",
        "find_partners",
        "inform",
    ]
    for m in messages:
        ranking = m.get("intent_ranking")
        confidences = [r["confidence"] for r in ranking]
        assert confidences == sorted(confidences, reverse=True)
        assert ranking[0] == m.get(INTENT)
        assert {r["name"] for r in ranking} == {"out_of_scope", "find_partners", "inform"}
        assert sum(confidences) == pytest.approx(1.0)


def test_ranking_length_cuts_the_ranking(storage):
    classifier, _ = train(storage, ranking_length=2)
    m = message(["weather"], [1.0, 0.0, 0.0])
    classifier.process([m])
    assert len(m.get("intent_ranking")) == 2


def test_loaded_model_gives_the_same_probabilities(storage):
    classifier, resource = train(storage)
    loaded = LinearIntentClassifier.load(
        {**LinearIntentClassifier.get_default_config()}, storage, resource, context()
    )
    probe = [message(["the", "cluster"], [0.3, 0.6, 0.2]), message(["rain"], [0.5, 0.5, 0.5])]
    assert loaded.intents == classifier.intents == ["find_partners", "inform", "out_of_scope"]
    np.testing.assert_allclose(loaded.predict_proba(probe), classifier.predict_proba(probe))


def test_load_without_a_trained_model_leaves_messages_alone(storage):
    loaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), storage, Resource("never"), context()
    )
    m = message(["rain"], [1.0, 0.0, 0.0])
    loaded.process([m])
    assert m.get(INTENT) is None


def test_message_without_features_gets_no_intent_like_diet(storage):
    classifier, _ = train(storage)
    empty = Message(data={TEXT: ""})
    normal = message(["weather"], [1.0, 0.0, 0.0])
    classifier.process([empty, normal])
    assert empty.get(INTENT) == {"name": None, "confidence": 0.0}
    assert empty.get("intent_ranking") == []
    assert normal.get(INTENT)["name"] == "out_of_scope"


def test_blocks_are_normalised_so_large_counts_do_not_dominate(storage):
    classifier, _ = train(storage, sparse_weight=2.0, dense_weight=0.5)
    model = classifier._model
    loud = message(["the"] * 40 + ["weather"] * 25, [3.0, 4.0, 0.0])
    matrix = classifier._matrix([sentence_blocks(loud)], model["layout"], model["idf"])
    row = matrix.toarray()[0]
    offsets = np.cumsum([0] + [b["size"] for b in model["layout"]])
    norms = {
        (b["origin"], b["sparse"]): np.linalg.norm(row[offsets[i] : offsets[i + 1]])
        for i, b in enumerate(model["layout"])
    }
    assert norms == {
        ("encoder", False): pytest.approx(0.5),
        ("words", True): pytest.approx(2.0),
    }


def test_idf_weighs_common_words_less(storage):
    classifier, _ = train(storage)
    idf = classifier._model["idf"]["words"]
    # "the" is in 3 of 9 examples, "weather" in 2, "rain" in 2: rarer words weigh more.
    assert idf[VOCAB.index("the")] < idf[VOCAB.index("weather")]


@pytest.mark.parametrize(
    "overrides",
    [{"C": 0}, {"C": -1.0}, {"dense_weight": "1"}, {"max_iter": 0}, {"ranking_length": -1}],
)
def test_invalid_config_is_rejected(overrides):
    with pytest.raises(InvalidConfigException):
        LinearIntentClassifier.validate_config(
            {**LinearIntentClassifier.get_default_config(), **overrides}
        )


def faq_training_data() -> TrainingData:
    """Two unrelated FAQ topics under one retrieval intent, plus an ordinary intent between them:
    "rain" and "spain" questions are both ``faq``, "cluster" ones are ``find_partners``."""
    examples = []
    for words, vector, topic in [
        (["weather"], [1.0, 0.0, 0.0], "faq/weather"),
        (["rain", "the"], [0.9, 0.1, 0.0], "faq/weather"),
        (["weather", "rain"], [1.0, 0.0, 0.1], "faq/weather"),
        (["spain"], [0.0, 0.0, 1.0], "faq/spain"),
        (["spain", "the"], [0.1, 0.0, 0.9], "faq/spain"),
        (["robotics", "spain"], [0.0, 0.1, 1.0], "faq/spain"),
        (["cluster"], [0.5, 0.9, 0.5], None),
        (["the", "cluster"], [0.4, 1.0, 0.4], None),
        (["cluster", "robotics"], [0.5, 1.0, 0.6], None),
    ]:
        msg = message(words, vector, topic.split("/")[0] if topic else "find_partners")
        if topic:
            msg.set(INTENT_RESPONSE_KEY, topic)
        examples.append(msg)
    return TrainingData(examples)


def test_retrieval_topics_are_learnt_apart_and_reported_as_one_intent(storage):
    config = {**LinearIntentClassifier.get_default_config(), "split_retrieval_intents": True}
    resource = Resource("split")
    classifier = LinearIntentClassifier.create(config, storage, resource, context())
    classifier.train(faq_training_data())
    classes = classifier._model["classes"]
    assert classes == ["faq/spain", "faq/weather", "find_partners"]
    assert classifier._model["class_intents"] == ["faq", "faq", "find_partners"]
    assert classifier.intents == ["faq", "find_partners"]

    probe = [message(["rain"], [0.95, 0.05, 0.0]), message(["spain"], [0.0, 0.05, 0.95])]
    classifier.process(probe)
    for m in probe:
        ranking = m.get("intent_ranking")
        assert [r["name"] for r in ranking] == ["faq", "find_partners"]
        assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)

    loaded = LinearIntentClassifier.load(config, storage, resource, context())
    np.testing.assert_allclose(loaded.predict_proba(probe), classifier.predict_proba(probe))
    assert loaded.intents == ["faq", "find_partners"]


def test_a_model_saved_before_subclasses_still_loads(storage):
    """Models trained before the split stored only "intents": the classes are the intents."""
    classifier, resource = train(storage)
    with storage.write_to(resource) as folder:
        meta = json.loads((folder / "layout.json").read_text())
        del meta["classes"], meta["class_intents"]
        (folder / "layout.json").write_text(json.dumps(meta))
    loaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), storage, resource, context()
    )
    probe = [message(["rain"], [0.95, 0.05, 0.0])]
    np.testing.assert_allclose(loaded.predict_proba(probe), classifier.predict_proba(probe))


def test_prediction_scores_equal_the_training_feature_matrix_product(storage):
    # The fast per-message scores (issue 15) must be the product of the very matrix training
    # builds: duplicates, zero vectors, a missing block and a wrong-sized block included.
    classifier, _ = train(storage, sparse_weight=1.3, dense_weight=0.7)
    probe = [
        message(["the", "cluster", "cluster", "spain"], [0.3, 0.6, 0.2]),
        message(["rain"], [0.0, 0.0, 0.0]),
        message(["weather", "robotics"], [2.0, -1.0, 0.5]),
    ]
    rows = [sentence_blocks(m) for m in probe]
    del rows[1][("encoder", False)]  # a message without its dense block
    rows[2][("words", True)] = scipy.sparse.csr_matrix(np.ones((1, 3)))  # wrong size: ignored
    model = classifier._model
    expected = classifier._matrix(rows, model["layout"], model["idf"]) @ model["coef"].T
    classifier.predict_proba(probe)  # prepares the transposed weights
    np.testing.assert_allclose(classifier._scores(rows), np.asarray(expected), atol=1e-12)
    assert np.abs(classifier._scores(rows)).sum() > 0
