"""A fragment whose one free word is plainly a reply language's gets that language (session 21).

Twelfth held-out set (kinds only, issue 13): fragments in DE FR IT PL NL PT ("<topic> <place>",
"<programme> <aspect>" styles) were handled but answered in English: once names, acronyms,
places and shared words are left out one word remains, and one word was too little to decide.
Own examples, written for this test from the fact-card aspects (budget, requirements, costs,
applications), the sectors of knowledge/data/taxonomies/sector_names.yml and CLDR country
names; never copied from an evaluation set. Place names are passed as the entity spans the spaCy
ruler gives the detector.
"""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from bot.nlu.language import identify_language, lone_word_language, message_language
from i18n.conversation import conversation_language


def _spans(text: str, *places: tuple[str, str]) -> list[tuple[int, int, str]]:
    spans = []
    for name, kind in places:
        start = text.index(name)
        spans.append((start, start + len(name), kind))
    return spans


#: (language, fragment, its places): lingua alone is sure of the one word left.
CONFIDENT = [
    ("de", "Voraussetzungen?", ()),
    ("de", "Bewerbung ESCA", ()),
    ("pt", "orçamento ESCA", ()),
    ("pl", "budżet COSME", ()),
    ("es", "presupuesto INNOSUP", (("INNOSUP", "instrument"),)),
    ("fr", "numéro PIC ?", ()),
    ("nl", "aanvraag?", ()),
]
#: The word's language is the one that alone writes the country, or whose content word it is.
AGREEING = [
    ("de", "Holzcluster Österreich", (("Österreich", "country"),)),
    ("de", "Lebensmittelcluster Polen", (("Polen", "country"),)),
    ("pl", "wodór Śląsk", (("Śląsk", "region"),)),
]


@pytest.mark.parametrize(("code", "text", "places"), CONFIDENT + AGREEING)
def test_a_fragment_gets_the_language_of_its_one_word(code, text, places):
    skip = _spans(text, *places)
    assert identify_language(text, skip) is None  # too little for the general rules
    assert lone_word_language(text, skip) == code
    assert message_language(text, skip)[0] == code


#: English words of the product and names typed alone: never another language.
ENGLISH_OR_NAMES = [
    "application",
    "eligibility",
    "deadline",
    "requirements",
    "budget",
    "fees",
    "registration",
    "Fraunhofer",
    "Tecnalia",
    "Brainport",
    "Valley",
]


@pytest.mark.parametrize("text", ENGLISH_OR_NAMES)
def test_an_english_word_or_a_name_decides_nothing(text):
    assert lone_word_language(text) is None
    assert message_language(text)[0] is None


def test_two_or_more_free_words_are_left_to_the_general_rules():
    assert lone_word_language("Voraussetzungen Kosten Frist") is None
    assert lone_word_language("") is None
    assert lone_word_language(None) is None


def test_a_short_word_or_a_word_of_several_languages_decides_nothing():
    assert lone_word_language("Holz") is None  # too short
    assert lone_word_language("número") is None  # Spanish and Portuguese alike


def _parse(code: str | None, candidates: tuple[str, ...]) -> dict:
    found: dict = {"detected": code, "requested": None}
    if candidates:
        found["candidates"] = list(candidates)
    return {"language": found}


def test_the_word_decides_a_first_message_but_not_a_conversation_already_in_a_language():
    code, candidates = message_language("orçamento ESCA")
    assert conversation_language([_parse(code, candidates)]) == "pt"
    earlier = _parse("de", ())
    assert conversation_language([_parse(code, candidates), earlier]) == "de"


#: Fragments only Romance reply languages write alike (Portuguese, Spanish, Italian): the
#: likeliest of them, never English.
SHARED = [
    ("clusters de energia", ("pt", "es", "it")),
    ("partners de turismo", ("pt", "es", "it")),
]


@pytest.mark.parametrize(("text", "languages"), SHARED)
def test_a_fragment_of_several_romance_languages_gets_one_of_them(text, languages):
    code, candidates = message_language(text)
    assert code in languages
    assert set(candidates) <= set(languages) and code == candidates[0]
    # a conversation already in one of them keeps it
    assert conversation_language([_parse(code, candidates), _parse("es", ())]) == "es"


#: Typos, English words and English short forms whose candidates lingua guesses from a few
#: letters: undecided, as before.
UNKNOWN_OR_ENGLISH = ["hello", "hydorgen", "textiles", "benelux", "et bronze ?", "r u a bot", "y"]


@pytest.mark.parametrize("text", UNKNOWN_OR_ENGLISH)
def test_a_fragment_with_an_unknown_or_english_word_stays_undecided(text):
    assert message_language(text)[0] is None
