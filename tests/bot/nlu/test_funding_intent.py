"""A funding request in the user's own words (bot/nlu/intent_cues.funding_request) and the guard
step that makes it a calls search when the classifier read a bare answer or was unsure
(bot/nlu/input_guard.funding_intent). Sentences written for this test from each language's
everyday funding vocabulary, not from data/nlu nor any evaluation set."""

from __future__ import annotations

import pytest

from bot.nlu.input_guard import UNSURE_CONFIDENCE, funding_intent
from bot.nlu.intent_cues import funding_request

ASKS_FOR_MONEY = [
    ("Any grants going for hemp insulation?", "en"),
    ("is there public money for cargo bikes", None),
    ("Gibt es Zuschüsse für Holzbau?", "de"),
    ("Bis wann läuft die Frist für Wasserstoff-Projekte?", "de"),
    ("On peut postuler pour la filière bois ?", "fr"),
    ("¿Qué plazo tiene la ayuda para el cáñamo?", "es"),
    ("ci sono contributi per la canapa?", "it"),
    ("dofinansowanie na konopie?", "pl"),
    ("Kunnen we een aanvraag doen voor houtbouw?", "nl"),
    ("Há verbas para construção em madeira?", "pt"),
]

NOT_FUNDING = [
    ("We are looking for partners for a grant on hemp", "en"),  # partners asked
    ("Wir suchen Firmen für eine Ausschreibung", "de"),
    ("cherchons des entreprises pour un appel", "fr"),
    ("What does your cluster do?", "en"),
    ("Grazie mille, a presto", "it"),
    ("I called yesterday about my account", "en"),  # "called" is no call for proposals
]


@pytest.mark.parametrize(("text", "language"), ASKS_FOR_MONEY)
def test_money_asked_in_everyday_words_is_a_funding_request(text, language):
    assert funding_request(text, language), text


@pytest.mark.parametrize(("text", "language"), NOT_FUNDING)
def test_partners_and_other_talk_are_not(text, language):
    assert not funding_request(text, language), text


def test_only_english_and_the_reply_languages_have_these_cues():
    # the sixteen other languages have the e5 vote's cues (bot.nlu.intent_cues.cues)
    assert not funding_request("Onko rahoitusta puurakentamiseen?", "fi")
    assert not funding_request("", "en") and not funding_request(None, "de")


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        ({"name": "inform", "confidence": 0.97}, "find_calls"),  # a topic with money words
        ({"name": "out_of_scope", "confidence": UNSURE_CONFIDENCE - 0.1}, "find_calls"),
        ({"name": "ask_instrument", "confidence": UNSURE_CONFIDENCE - 0.01}, "find_calls"),
        ({"name": "find_partners", "confidence": 0.3}, "find_calls"),
        ({"name": "faq", "confidence": 0.3}, None),  # FAQ topics are about funding too
        ({"name": "ask_instrument", "confidence": 0.8}, None),
        ({"name": "out_of_scope", "confidence": 0.9}, None),
        ({"name": "find_calls", "confidence": 0.3}, "find_calls"),  # confirmed, no "did you mean"
        ({"name": "find_calls", "confidence": 0.9}, None),  # sure already
        ({"name": "ask_call_status", "confidence": 0.3}, None),
        ({"name": "request_human", "confidence": 0.3}, None),
        ({"name": "select_result", "confidence": 0.3}, None),
    ],
)
def test_the_guard_turns_an_unsure_or_bare_reading_into_a_calls_search(intent, expected):
    assert funding_intent("Gibt es Zuschüsse für Holzbau?", "de", intent) == expected


def test_the_guard_leaves_other_messages_and_languages_alone():
    unsure = {"name": "out_of_scope", "confidence": 0.3}
    assert funding_intent("Wir suchen Firmen für eine Ausschreibung", "de", unsure) is None
    assert funding_intent("Onko rahoitusta puurakentamiseen?", "fi", unsure) is None
    assert funding_intent("/find_calls", "en", unsure) is None
    programme = [{"entity": "instrument", "value": "INNOSUP-1"}]
    assert funding_intent("how much funding does INNOSUP give?", "en", unsure, programme) is None
    assert funding_intent("tenders for hemp?", None, {"name": "inform", "confidence": 0.9}) == (
        "find_calls"
    )
