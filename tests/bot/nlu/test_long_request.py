"""The second reading of a long message: the request sentences' own vote replaces the intent a
company story dragged the message to (bot.nlu.long_request), and the input guard applies it."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.input_guard import GUARD_KEY, InputGuard
from bot.nlu.long_request import (
    MIN_SENTENCES,
    REQUEST_VOTE_KEY,
    TOLD_KEY,
    is_read_twice,
    second_reading,
    tells_first,
)
from bot.nlu.segmenter import SEGMENTS_PROPERTY, focus_message

STORY = [
    "We are a family sawmill in Tyrol with forty people.",
    "We export furniture parts to Italy.",
    "Next month the whole team goes to Athens.",
]


def _segments(request: str, story: list[str] = STORY) -> dict:
    return {"requests": [request], "context": list(story), "long": True}


def _read(request: str, intent: str, vote: dict, language: str = "en", entities=None):
    text = " ".join([request, *STORY])
    return second_reading(intent, vote, [request], language, entities or [], text)


@pytest.mark.parametrize(
    ("request_text", "language", "vote"),
    [
        ("Can you recommend a good hotel near the Acropolis?", "en",
         {"intent": "greet", "share": 0.5, "margin": 0.002}),
        ("¿Qué portátil le compro a mi hijo para estudiar?", "es",
         {"intent": "out_of_scope", "share": 0.97, "margin": 0.0024}),
        ("Vilken restaurang i Lissabon är bäst?", "sv",
         {"intent": "find_partners", "share": 0.47, "margin": -0.002}),
    ],
)  # fmt: skip
def test_a_request_near_the_off_topic_examples_is_out_of_scope(request_text, language, vote):
    assert _read(request_text, "find_partners", vote, language) == "out_of_scope"


@pytest.mark.parametrize(
    ("request_text", "vote"),
    [
        # a vague request leaning on the story votes help: it stays open
        ("What are our options?", {"intent": "help", "share": 0.65, "margin": 0.001}),
        # a request naming the domain is never off topic, however near it is
        ("Which clusters could help us with timber?",
         {"intent": "out_of_scope", "share": 0.6, "margin": 0.01}),
        # far from the off-topic examples
        ("Who makes timber frames?", {"intent": "out_of_scope", "share": 0.6, "margin": -0.05}),
    ],
)  # fmt: skip
def test_a_request_about_the_domain_or_leaning_on_the_story_is_not_out_of_scope(request_text, vote):
    assert _read(request_text, "find_partners", vote) != "out_of_scope"


def test_a_domain_entity_inside_the_request_keeps_it_in_scope():
    request = "Any good spots for timber at the coast?"
    entity = {"entity": "sector", "start": 14, "end": 20, "value": "Wood & Furniture"}
    vote = {"intent": "out_of_scope", "share": 0.9, "margin": 0.03}
    assert _read(request, "find_partners", vote, entities=[entity]) is None
    # the story's sector is no request: outside the request it does not count
    story_entity = {"entity": "sector", "start": len(request) + 12, "end": len(request) + 19}
    assert _read(request, "find_partners", vote, entities=[story_entity]) == "out_of_scope"


@pytest.mark.parametrize(
    ("request_text", "intent", "vote", "expected"),
    [
        ("How many clusters have been labelled so far?", "find_partners",
         {"intent": "ask_cluster_facts", "share": 1.0, "margin": -0.13}, "ask_cluster_facts"),
        ("Ci sono bandi aperti sull'idrogeno?", "find_partners",
         {"intent": "find_calls", "share": 0.98, "margin": -0.1}, "find_calls"),
        ("Como registamos o nosso cluster na plataforma europeia?", "find_partners",
         {"intent": "faq", "share": 0.95, "margin": -0.09}, "faq"),
        ("Which clusters in France could help us?", "find_calls",
         {"intent": "find_partners", "share": 0.9, "margin": -0.09}, "find_partners"),
    ],
)  # fmt: skip
def test_a_sure_vote_on_the_request_replaces_the_story_s_search(
    request_text, intent, vote, expected
):
    assert _read(request_text, intent, vote) == expected


@pytest.mark.parametrize(
    ("request_text", "intent", "vote"),
    [
        # unsure votes keep the classifiers' intent
        ("How big was the budget?", "find_partners",
         {"intent": "ask_instrument", "share": 0.4, "margin": -0.1}),
        ("How do we register?", "find_partners",
         {"intent": "faq", "share": 0.7, "margin": -0.1}),
        # a search vote needs the request's own word for what it searches
        ("Is there anything for us?", "find_partners",
         {"intent": "find_calls", "share": 0.9, "margin": -0.05}),
        ("Could you help us there?", "find_calls",
         {"intent": "find_partners", "share": 0.9, "margin": -0.05}),
        # a calls search its request names itself stays one
        ("Wie kan meedoen aan de oproepen van het netwerk?", "find_calls",
         {"intent": "ask_instrument", "share": 0.9, "margin": -0.1}),
        # only a search intent is read a second time
        ("How many clusters were labelled?", "faq",
         {"intent": "ask_cluster_facts", "share": 1.0, "margin": -0.1}),
    ],
)  # fmt: skip
def test_an_unsure_or_unfounded_vote_changes_nothing(request_text, intent, vote):
    assert _read(request_text, intent, vote) is None


@pytest.mark.parametrize("vote", [None, {}, {"intent": None}, "x", {"share": "a"}])
def test_bad_votes_change_nothing(vote):
    assert _read("How many clusters?", "find_partners", vote) is None
    assert second_reading("find_partners", vote, None, None, None, None) is None


def test_only_a_long_message_of_enough_sentences_is_read_twice():
    assert is_read_twice(_segments("Any calls?"))
    assert not is_read_twice({**_segments("Any calls?"), "long": False})
    short = _segments("Any calls?", STORY[: MIN_SENTENCES - 2])
    assert not is_read_twice(short)
    assert not is_read_twice({"requests": [], "context": STORY, "long": True})
    assert not is_read_twice(None)
    assert not is_read_twice("long")


def _message(request: str, intent: str, vote: dict | None) -> Message:
    text = " ".join([request, *STORY])
    data = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": [{"name": intent, "confidence": 0.9}],
        "entities": [],
        "language": {"detected": "en", "requested": None},
        SEGMENTS_PROPERTY: _segments(request),
    }
    if vote is not None:
        data[REQUEST_VOTE_KEY] = vote
    return Message(data=data)


def test_the_guard_applies_the_second_reading():
    [off] = InputGuard({}).process(
        [
            _message(
                "Can you recommend a good hotel near the Acropolis?",
                "find_partners",
                {"intent": "greet", "share": 0.5, "margin": 0.002},
            )
        ]
    )
    assert off.get("intent")["name"] == "out_of_scope"
    assert off.get(GUARD_KEY) == "off_topic"
    [fact] = InputGuard({}).process(
        [
            _message(
                "How many clusters have been labelled so far?",
                "find_partners",
                {"intent": "ask_cluster_facts", "share": 1.0, "margin": -0.13},
            )
        ]
    )
    assert fact.get("intent") == {"name": "ask_cluster_facts", "confidence": 1.0}
    assert fact.get(GUARD_KEY) is None
    [kept] = InputGuard({}).process(
        [_message("How many clusters have been labelled so far?", "find_partners", None)]
    )
    assert kept.get("intent")["name"] == "find_partners"


def test_both_readings_asking_for_help_make_it_sure():
    vote = {"intent": "help", "share": 0.99, "margin": -0.05}
    assert _read("What can you do for my clients?", "help", vote) == "help"
    assert _read("What can you do for my clients?", "help", {**vote, "share": 0.6}) is None
    # help is never voted in place of a search: a vague request leans on the story
    assert _read("What can you do for us?", "find_partners", vote) is None


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("I'm a journalist at a business paper. How many strong clusters are there?",
         "How many strong clusters are there?"),
        ("Ich arbeite bei einer IHK. Was kannst du für meine Kunden tun?",
         "Was kannst du für meine Kunden tun?"),
        ("Είμαι δημοσιογράφος. Πόσες θέσεις εργασίας αντιστοιχούν στα clusters;",
         "Πόσες θέσεις εργασίας αντιστοιχούν στα clusters;"),
    ],
)  # fmt: skip
def test_a_short_message_that_tells_before_it_asks_is_read_a_second_time(text, asked):
    message = Message(data={"text": text})
    focus_message(message)
    segments = message.get(SEGMENTS_PROPERTY)
    assert segments["requests"] == [asked]
    assert segments[TOLD_KEY] is True and segments["long"] is False
    assert is_read_twice(segments)
    assert message.get("text") == text  # a short message is read as typed


@pytest.mark.parametrize(
    "text",
    [
        "How many strong clusters are there? I'm a journalist.",  # asks first
        "Partners for wood in Austria",  # one sentence
        "I'm a journalist. I write about clusters.",  # asks nothing
        "I'm a student. What is TRL and are there calls on hydrogen?",  # asks two things
    ],
)
def test_other_short_messages_are_not_read_a_second_time(text):
    message = Message(data={"text": text})
    focus_message(message)
    assert not is_read_twice(message.get(SEGMENTS_PROPERTY))


def test_tells_first_needs_the_told_sentence_before_the_one_request():
    assert tells_first("A b. C d?", ["C d?"], ["A b."])
    assert not tells_first("C d? A b.", ["C d?"], ["A b."])
    assert not tells_first("A b. C d? E f?", ["C d?", "E f?"], ["A b."])
    assert not tells_first(None, ["C d?"], ["A b."])
    assert not tells_first("C d?", ["C d?"], [])


def test_a_short_message_that_tells_first_only_gets_help_made_sure():
    fact = {"intent": "ask_cluster_facts", "share": 1.0, "margin": -0.1}
    off = {"intent": "out_of_scope", "share": 0.9, "margin": 0.05}
    helping = {"intent": "help", "share": 0.99, "margin": -0.05}
    asked = ["How many clusters?"]
    text = "I'm a student. How many clusters?"
    assert second_reading("find_partners", fact, asked, "en", [], text, long=False) is None
    assert second_reading("find_partners", off, asked, "en", [], text, long=False) is None
    assert second_reading("help", helping, asked, "en", [], text, long=False) == "help"
    assert second_reading("find_partners", fact, asked, "en", [], text) == "ask_cluster_facts"
