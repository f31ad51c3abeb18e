"""End to end (issue 13): letters, forwards, two questions in one, a new request inside a form.

Both real servers and the real trained model, over REST. Every message is written for this test
from the sources (profiles' countries and topics, call topics, the fact cards' instruments), in
the eight reply languages; none is in the training data or the evaluation sets.
"""

from __future__ import annotations

import uuid

import pytest

from i18n import text as i18n_text
from scripts.stack import Stack, post_message

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(session_stack) -> Stack:
    """The session's stack (tests/e2e/conftest.py): every test here talks as its own sender."""
    return session_stack


def say(stack: Stack, sender: str, text: str) -> list[dict]:
    return post_message(stack.rasa_url, sender, text)


def customs(messages: list[dict], kind: str) -> list[dict]:
    return [m["custom"] for m in messages if m.get("custom", {}).get("type") == kind]


def sender(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:6]}"


# Letters: the request wins over the greeting, the introduction and the signature, and the
# request's country is the filter (the writer's own country is context).
LETTERS = [
    (
        "Dear Sir or Madam,\n\nwe are a small company in Slovenia that makes parts for electric "
        "bicycles. We are looking for cluster partners in Germany working on e-mobility. "
        "Could you point us to some?\n\nKind regards,\nMaja Kos",
        "partner_results",
        "DE",
    ),
    (
        "Sehr geehrte Damen und Herren,\nwir sind ein kleiner Betrieb aus Österreich und "
        "verarbeiten Holz zu Fassadenelementen. Wir suchen Partnercluster in Frankreich für "
        "nachhaltiges Bauen.\nMit freundlichen Grüßen\nLukas Berger",
        "partner_results",
        "FR",
    ),
    (
        "Szanowni Państwo,\njesteśmy małą firmą z Polski produkującą opakowania z tektury. "
        "Szukamy partnerów w Hiszpanii do projektu z zakresu gospodarki o obiegu zamkniętym.\n"
        "Z poważaniem,\nKatarzyna Zielińska",
        "partner_results",
        "ES",
    ),
    (
        "Bonjour,\nnous sommes une PME de Normandie qui fabrique des emballages en lin. Y a-t-il "
        "actuellement des appels ouverts sur les matériaux biosourcés ?\nBien cordialement,\n"
        "Camille Lefèvre",
        "call_results",
        None,
    ),
    (
        "Buenos días: somos una pyme de Asturias que fabrica componentes para turbinas eólicas. "
        "¿Hay convocatorias abiertas sobre energía eólica marina a las que podamos presentarnos? "
        "Un saludo cordial, Álvaro Menéndez",
        "call_results",
        None,
    ),
]


@pytest.mark.parametrize(("text", "kind", "country"), LETTERS, ids=lambda v: str(v)[:14])
def test_a_letter_is_answered_by_its_request(stack, text, kind, country):
    reply = say(stack, sender("letter"), text)
    [payload] = customs(reply, kind) or [None]
    assert payload is not None, reply
    if country is not None:
        assert payload["filters"].get("country") == country, payload["filters"]
        assert payload["items"], payload
    assert "Kind regards" not in payload["query"] and "Grüßen" not in payload["query"]


# The segmenter puts the request first and the client ("an SME in Croatia") after it: a place
# in who asks is no unknown programme (knowledge.facts.unknown.place_free, session 14; that was
# why the fact routing left this forward to the partner search).
def test_an_advisers_forward_gets_the_clients_answer(stack):
    text = (
        "FW: client question\n\n---------- Forwarded message ---------\nFrom: Nina Horvat\n"
        "Subject: Euroclusters\n\nHello, my client is an SME in Croatia producing olive oil. "
        "She would like to know who can apply to Euroclusters.\nThanks, Nina"
    )
    reply = say(stack, sender("forward"), text)
    facts = customs(reply, "fact_answer")
    assert facts and facts[0]["instrument"] == "euroclusters", reply
    assert not customs(reply, "partner_results")


# Two questions in one message: the one answered, the other offered as a button (or answered).
TWO_QUESTIONS = [
    ("What is INNOSUP-1 and are there open calls on batteries?", "en"),
    ("Was ist INNOSUP-1 und gibt es offene Ausschreibungen zu Batterien?", "de"),
    ("Qu'est-ce qu'INNOSUP-1 et y a-t-il des appels ouverts sur les batteries ?", "fr"),
    ("¿Qué es INNOSUP-1 y hay convocatorias abiertas sobre baterías?", "es"),
]


@pytest.mark.parametrize(("text", "language"), TWO_QUESTIONS, ids=lambda v: str(v)[:14])
def test_two_questions_are_never_silently_dropped(stack, text, language):
    reply = say(stack, sender("two"), text)
    facts, calls = customs(reply, "fact_answer"), customs(reply, "call_results")
    assert facts or calls, reply
    offers = [m for m in reply if m.get("text") == i18n_text("dialogue.also_asked", language)]
    if not (facts and calls):
        assert offers and offers[0].get("buttons"), reply
        payload = offers[0]["buttons"][0]["payload"]
        asked = "INNOSUP" in payload if calls else "batter" in payload.lower()
        assert asked, offers


# A new request while the form asks for the topic wins over the form.
IN_FORM = [
    ("I need partners", "actually, what is the budget of Euroclusters?", "fact_answer"),
    (
        "Ich suche Partner",
        "vergiss es, zeig mir offene Ausschreibungen zu Wasserstoff",
        "call_results",
    ),
    ("je cherche des partenaires", "en fait, qui peut candidater à Euroclusters ?", "fact_answer"),
    ("busco socios", "olvídalo, ¿hay convocatorias abiertas sobre turismo?", "call_results"),
    ("szukam partnerów", "właściwie, czym jest INNOSUP-1?", "fact_answer"),
]


@pytest.mark.parametrize(("opening", "new", "kind"), IN_FORM, ids=lambda v: str(v)[:14])
def test_a_new_request_inside_the_form_wins(stack, opening, new, kind):
    who = sender("form")
    asked = say(stack, who, opening)
    assert not customs(asked, "partner_results"), asked  # the form asks for the topic
    reply = say(stack, who, new)
    assert customs(reply, kind), reply
    assert not customs(reply, "partner_results"), reply
