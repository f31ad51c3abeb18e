"""End to end (issue 13 point 4): off topic, small talk and unknown programmes in EU languages.

Both real servers and the real trained model, over REST (the session's stack). Messages written
for this test (not in the training data nor in any evaluation set): an off-topic question gets
no partners, calls or fact card, also right after a search; a greeting or thanks typed as one
or two words gets its reply, never results nor "did you mean"; a programme nobody knows is
answered "not known", never with another programme's card.
"""

from __future__ import annotations

import uuid

import pytest

from i18n import text as i18n_text
from scripts.stack import Stack, post_message

pytestmark = pytest.mark.integration

RESULT_TYPES = {"partner_results", "call_results", "fact_answer"}


@pytest.fixture
def stack(session_stack) -> Stack:
    """The session's stack (tests/e2e/conftest.py)."""
    return session_stack


def say(stack: Stack, sender: str, text: str) -> list[dict]:
    return post_message(stack.rasa_url, sender, text)


def results(messages: list[dict]) -> list[dict]:
    return [
        m["custom"]
        for m in messages
        if isinstance(m.get("custom"), dict) and m["custom"].get("type") in RESULT_TYPES
    ]


def sender(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:6]}"


OFF_TOPIC = [
    "Milyen idő lesz a hétvégén Debrecenben?",
    "X'inhi l-aħjar riċetta tal-fenek?",
    "Kuka voitti eilisen jalkapallo-ottelun?",
    "Hvad bliver vejret i Aarhus på lørdag?",
    "Tko je osvojio nogometno prvenstvo prošle godine?",
    "Wat is het weerbericht voor morgen in Utrecht?",
]


@pytest.mark.parametrize("text", OFF_TOPIC, ids=lambda v: v[:12])
def test_an_off_topic_question_gets_no_result_even_after_a_search(stack, text):
    me = sender("oos24")
    assert results(say(stack, me, "clusters for hydrogen in Germany"))
    replies = say(stack, me, text)
    assert replies, text
    assert results(replies) == [], text


SMALL_TALK = ["szia", "moi 👋", "dia dhuit", "labas", "hej hej", "kiitos paljon", "bok"]


@pytest.mark.parametrize("text", SMALL_TALK)
def test_small_talk_is_answered_without_results_or_did_you_mean(stack, text):
    replies = say(stack, sender("talk"), text)
    assert replies
    assert results(replies) == []
    texts = " ".join(m.get("text") or "" for m in replies)
    assert i18n_text("dialogue.did_you_mean") not in texts


UNKNOWN = [
    "Wie viel Geld hat das Programm Nordsee Wasserstoff Allianz?",
    "Mennyi a költségvetése a Tisza Zöld Klaszter Programnak?",
    "X'inhu l-Programm Maltin għall-Klasters Blu?",
]


@pytest.mark.parametrize("text", UNKNOWN, ids=lambda v: v[:12])
def test_an_unknown_programme_is_not_answered_with_another_card(stack, text):
    facts = [r for r in results(say(stack, sender("unknown"), text)) if r["type"] == "fact_answer"]
    assert facts, text
    assert all(f["verdict"] == "not_known" for f in facts), text
