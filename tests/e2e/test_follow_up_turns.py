"""End to end: short follow-ups across turns on the session's stack (issue 13, context, session 13).

Over the REST channel with the trained model: a fragment with a new topic or place right after
partner results refines them in the user's language (never the out-of-scope reply); an
off-topic fragment after results still gets the out-of-scope reply; "who could partner on this?"
after calls searches partners on the calls' topic; a short question after an FAQ answer about an
instrument gets that instrument's card; "auf Deutsch wechseln" switches the language. Written from
the profiles' sectors, the catalogue and the grammar of each language, never from tests/eval.
"""

from __future__ import annotations

import uuid

import pytest

from scripts.stack import Stack, post_message

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(session_stack) -> Stack:
    return session_stack


def talk(stack: Stack, *texts: str) -> list[list[dict]]:
    """Sends ``texts`` in one conversation; the bot's messages of each turn."""
    sender = f"follow-up-{uuid.uuid4().hex[:8]}"
    return [post_message(stack.rasa_url, sender, text) for text in texts]


def payloads(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]


def kinds(messages: list[dict]) -> list[str]:
    return [p.get("type") for p in payloads(messages)]


@pytest.mark.parametrize(
    ("first", "then", "word", "old"),
    [
        ("clusters en españa de turismo", "y para textil?", "textil", "Tourism"),
        ("klastry w polsce dla ict", "a dla rolnictwa?", "rolnictw", "Digital & ICT"),
        ("clusters en france pour l'aéronautique", "et pour le bois ?", "bois", "Aerospace"),
    ],
)
def test_a_new_topic_after_partner_results_searches_partners_on_it(stack, first, then, word, old):
    _, reply = talk(stack, first, then)
    [results] = [p for p in payloads(reply) if p.get("type") == "partner_results"]
    assert word in results["query"]
    # the old topic's sector went with it; the country stays
    assert old not in ((results.get("filters") or {}).get("sector") or "")


def test_an_off_topic_fragment_after_results_is_out_of_scope(stack):
    _, reply = talk(stack, "clusters en france pour le bois", "raconte moi une blague")
    assert kinds(reply) == []  # the out-of-scope reply: no result, no card


def test_who_could_partner_after_calls_searches_partners_on_their_topic(stack):
    _, reply = talk(stack, "convocatorias sobre aviación", "y socios para eso?")
    [results] = [p for p in payloads(reply) if p.get("type") == "partner_results"]
    assert "avia" in results["query"]


def test_is_it_still_open_after_an_faq_answer_is_about_the_instrument(stack):
    _, reply = talk(stack, "qu'est-ce que euroclusters", "c'est encore ouvert ?")
    [card] = [p for p in payloads(reply) if p.get("type") == "fact_answer"]
    assert card["instrument"] == "euroclusters" and card["aspect"] == "status"


def test_switching_to_german_with_a_final_verb(stack):
    _, reply = talk(stack, "hello", "können wir auf deutsch wechseln")
    assert "Deutsch" in " ".join(m.get("text", "") for m in reply)
