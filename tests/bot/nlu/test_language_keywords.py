"""Keyword-only, unaccented, code-switched and transliterated messages get their language (session 16).

Own examples, written for this test from the topics of the profiles and calls (hydrogen, batteries,
textiles, offshore wind, cork, aquaculture, tourism) and the CLDR country names of
knowledge/data/taxonomies/country_names_cldr.csv; never copied from an evaluation set. Country
names are passed as the ``country`` entity spans the spaCy ruler gives the detector.
"""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
pytest.importorskip("lingua")

from bot.nlu.language import grammar_language, greeklish, identify_language, message_language
from bot.nlu.language_votes import domain_words, function_word_votes, place_owners
from taxonomy.languages import REPLY_LANGUAGES


def _with_country(text: str, country: str | None) -> tuple[str, list[tuple[int, int, str]]]:
    if country is None:
        return text, []
    start = text.index(country)
    return text, [(start, start + len(country), "country")]


#: (language, keyword-only message, the country entity in it): topic and search words, no grammar.
KEYWORDS = [
    ("es", "convocatorias hidrógeno verde", None),
    ("es", "socios reciclaje baterías Portugal", "Portugal"),
    ("es", "acuicultura convocatorias abiertas", None),
    ("it", "bandi idrogeno verde", None),
    ("it", "finanziamenti batterie", None),
    ("it", "partner tessile riciclo Spagna", "Spagna"),
    ("pl", "nabory magazynowanie energii", None),
    ("pl", "dofinansowanie fotowoltaika", None),
    ("nl", "oproepen waterstof", None),
    ("nl", "partners textielrecycling België", "België"),
    ("pt", "concursos hidrogénio verde", None),
    ("pt", "parceiros cortiça Portugal", "Portugal"),
    ("de", "Textilrecycling Partner Österreich", "Österreich"),
    ("fr", "hydrogene appels projets", None),
]


@pytest.mark.parametrize(("code", "text", "country"), KEYWORDS)
def test_a_keyword_only_message_gets_its_language(code, text, country):
    text, skip = _with_country(text, country)
    assert identify_language(text, skip) == code


#: Written without the language's accents (a phone keyboard): folded words still vote.
UNACCENTED = [
    ("es", "hidrogeno verde convocatorias abiertas"),
    ("es", "energia eolica ayudas"),
    ("de", "Forderung fur Wasserstoff"),
]


@pytest.mark.parametrize(("code", "text"), UNACCENTED)
def test_an_unaccented_keyword_message_gets_its_language(code, text):
    assert identify_language(text) == code


#: A sentence of one language with English domain terms inside: the grammar's words decide.
CODE_SWITCHED = [
    ("fr", "Y a-t-il des calls ouverts sur le drone delivery ?"),
    ("de", "gibt es open calls für AI in healthcare"),
    ("pt", "há calls abertas para blue economy em Portugal?"),
]


@pytest.mark.parametrize(("code", "text"), CODE_SWITCHED)
def test_the_grammar_outvotes_english_domain_terms(code, text):
    assert identify_language(text) == code


def test_english_grammar_stays_english():
    # English function words and a foreign name: never another language's grammar
    for text in (
        "are there open calls for the Pays de la Loire",
        "which clusters work on offshore wind in the North Sea",
    ):
        assert grammar_language(text.split()) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "hydrogen clusters Spain",
        "battery recycling partners Portugal",
        "open calls offshore wind",
        "textile recycling Belgium",
        "gold label clusters Germany",
    ],
)
def test_english_keywords_stay_undecided(text):
    assert identify_language(text) in (None, "en")


def test_greek_in_latin_letters_is_greek():
    assert identify_language("psaxnoume cluster gia ydrogono stin Ellada") == "el"
    assert identify_language("poso einai o proypologismos tou COSME") == "el"
    assert greeklish(["ti", "einai", "to"])
    # Italian "gia" and "poso" alone are no Greek
    assert not greeklish(["gia", "pronto", "il", "bando", "poso"])


def test_portuguese_what_is_with_an_english_name():
    assert message_language("o que é o Funding and Tenders Portal?")[0] == "pt"


def test_every_reply_language_has_content_words():
    table = domain_words()
    for code in REPLY_LANGUAGES:
        exact, stems = table[code]
        assert len(exact) + len(stems) >= 70, code


def test_a_shared_content_word_votes_for_each_language_a_little():
    # "turismo" is Spanish, Italian and Portuguese: a third each
    votes = function_word_votes(["turismo"])
    assert votes == pytest.approx({"es": 1 / 3, "it": 1 / 3, "pt": 1 / 3})


@pytest.mark.parametrize(
    ("code", "text", "country"),
    [
        ("it", "cluster agroalimentari in Italia", "Italia"),
        ("es", "cluster de turismo en Estonia", "Estonia"),
    ],
)
def test_the_preposition_before_a_country_narrows_its_languages(code, text, country):
    # "in Italia" is Italian (Spanish writes "en Italia"); "en Estonia" Spanish (Italian "in")
    text, skip = _with_country(text, country)
    assert identify_language(text, skip) == code


def test_a_preposition_no_language_writes_before_the_name_keeps_its_owners():
    text, skip = _with_country("clusters in Polska", "Polska")
    assert place_owners(text, skip) == [frozenset({"pl"})]


def test_a_confident_lingua_keeps_its_language_against_incomplete_function_words():
    # lingua is sure of Portuguese; the lists give "quanto" to Italian and "solos" to Spanish
    assert identify_language("Quanto paga o programa Atlântico Cluster Verde 2028?") == "pt"
    assert identify_language("apoios europeus para a saúde dos solos") == "pt"


def test_a_country_alone_never_decides_a_one_word_message():
    # a Cyrillic word and a Polish country name: no Polish
    text, skip = _with_country("клъстери Polska", "Polska")
    assert identify_language(text, skip) != "pl"


@pytest.mark.parametrize(
    "text",
    [
        "klaster za energiya na vodorod",
        "klasteri za vodorod v Polsha",
        "hledame partnery pro vodik",
    ],
)
def test_slavic_words_in_latin_letters_are_no_polish_grammar(text):
    # "za", "i", "v" are Polish function words too; lingua prefers a language without replies
    assert identify_language(text) != "pl"
