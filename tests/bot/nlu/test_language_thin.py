"""Thin evidence of a language decides when all of it agrees; a translation is no language switch.

Session 10 (issue 13). A short follow-up such as "and in <country>?" in Spanish, Portuguese or
Italian has two function words and a place name: lingua is too unsure to decide, yet every
piece of evidence points to one reply language (the conjunction, the preposition and the
country written the way only that language writes it). Built from the sources: the country
names of the CLDR table (knowledge/data/taxonomies/country_names_cldr.csv) that only one reply
language writes, each in a frame of that language's own function words written for this test.
"""

from __future__ import annotations

import csv

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.cldr_countries import CLDR_CSV
from bot.nlu.language import (
    OUT_OF_SCOPE_INTENT,
    SWITCH_INTENT,
    LanguageDetector,
    message_language,
)
from bot.nlu.language_switch import requested_language, translation_request
from bot.nlu.language_votes import place_name_languages
from taxonomy import fold

#: "and in <country>?" in the languages whose frame is two function words of their own.
FRAMES = {"es": "y en {}?", "pt": "e em {}?", "it": "e in {}?", "fr": "et en {}?"}
#: The EU member states (ISO codes).
COUNTRIES = frozenset(
    ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
) | frozenset(("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"))


def _own_names(code: str) -> list[str]:
    """CLDR names of :data:`COUNTRIES` in ``code`` that no other reply language writes."""
    owners = place_name_languages()
    with CLDR_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return [
        row["name"]
        for row in rows
        if row["language"] == code
        and row["isoCode"] in COUNTRIES
        and owners.get(fold(row["name"])) == frozenset({code})
    ]


@pytest.mark.parametrize("code", sorted(FRAMES))
def test_a_follow_up_with_one_language_of_evidence_decides_it(code):
    names = _own_names(code)
    assert len(names) >= 5, names
    right = 0
    for name in names:
        text = FRAMES[code].format(name)
        start = text.index(name)
        found, candidates = message_language(text, [(start, start + len(name), "country")])
        right += found == code
        # a thin decision names only itself: the conversation's language stays its prior
        assert candidates in ((), (code,)) or len(candidates) > 1
    assert right >= 0.9 * len(names), (code, right, names)


@pytest.mark.parametrize(
    "text",
    ["and in Austria?", "clusters in Sweden", "ok", "Berlin", "thanks a lot", "HZB"],
)
def test_english_and_evidence_free_messages_stay_undecided_or_english(text):
    found, _ = message_language(text, [])
    assert found in (None, "en")


@pytest.mark.parametrize(
    "text",
    [
        "translate our distribution contract into English",
        "put this offer into German please",
        "mets ce contrat en anglais",
        "pásamelo al inglés, por favor",
        "zet deze factuur om naar het Engels",
        "przetłumacz tę umowę na angielski",
        "traduz esta proposta para inglês",
        "scrivi questa lettera in inglese",
    ],
)
def test_a_translation_is_no_language_switch(text):
    assert translation_request(text)
    assert requested_language(text) is None


@pytest.mark.parametrize(
    "text",
    ["answer in English please", "können Sie auf Englisch antworten?", "pode responder em inglês?"],
)
def test_a_request_to_answer_in_a_language_stays_a_switch(text):
    assert not translation_request(text)
    assert requested_language(text) == "en"


def _classified(text: str, intent: str) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.6})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.6}])
    [out] = LanguageDetector({}).process([message])
    return out


def test_a_translation_the_classifier_took_for_a_switch_is_out_of_scope():
    out = _classified("could you put this contract into English for me", SWITCH_INTENT)
    assert out.get("intent")["name"] == OUT_OF_SCOPE_INTENT
    assert out.get("language")["requested"] is None


def test_a_long_switch_request_the_rule_misses_keeps_the_classifier_intent():
    # Too long for the rule (the name after the twelfth word), no translation: the classifier
    # decides.
    text = "would it be possible for you and your colleagues to kindly answer me in German"
    assert requested_language(text) is None
    assert _classified(text, SWITCH_INTENT).get("intent")["name"] == SWITCH_INTENT


@pytest.mark.parametrize(("sent", "page"), [("de", "de"), ("PT", "pt"), ("en", None), ("xx", None)])
def test_the_widget_language_travels_in_the_language_property(sent, page):
    message = Message(data={"text": "Wasserstoff", "metadata": {"language": sent}})
    [out] = LanguageDetector({}).process([message])
    assert out.get("language").get("page") == page
    [plain] = LanguageDetector({}).process([Message(data={"text": "Wasserstoff"})])
    assert "page" not in plain.get("language")
