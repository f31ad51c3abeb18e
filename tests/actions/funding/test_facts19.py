"""Unknown programmes typed carelessly (session 19): a place's cluster fund written in lower case
before its word for fund, in a message whose keyboard capitalised only its first letter.

Germanic, Nordic, Baltic and Finnic names stand before the programme word ("bodensee cluster
sprung fonds", "nemuno klasteriu fondas", "norrlands klusterfond"); the dictated check read only
the words after one, and only in a message without any capital. Such a name is admitted as
unknown when its programme word is a word for fund (no instrument of the catalogue is a fund; a
word for cluster before "programme" may be a known instrument translated); a known instrument, a
search and a calls request are not. Written from the catalogue
and invented names; none from an evaluation set. The answerer uses the fake embedder.
"""

from __future__ import annotations

import pytest

from actions.funding.instruments import unknown_programme
from actions.funding.routing import fact_route
from knowledge.facts.foreign import lower_case_names, named_before
from taxonomy.text import fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wer darf beim bodensee cluster programm mitmachen", True),
        ("Wer darf beim bodensee cluster programm mitmachen?", True),
        ("ok. Wie viel gibt es? Und wer darf mitmachen", True),
        ("Wer darf beim Bodensee Cluster Programm mitmachen?", False),
        ("Who can apply to INNOSUP-1?", False),
        ("...", False),
    ],
)
def test_names_in_lower_case_are_told_by_the_capitals_inside_sentences(text, expected):
    assert lower_case_names(text) is expected


def _stops(word: str) -> bool:
    return word in {"wer", "darf", "beim", "kiek", "pinigu", "ur", "ile", "kasy"}


def _programme(word: str) -> bool:
    return word.startswith("program") or word.endswith(("fond", "fondas"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "wer darf beim bodensee cluster sprung programm mitmachen",
            "wer darf beim Bodensee Cluster Sprung programm mitmachen",
        ),
        (
            "kiek pinigu skiria nemuno klasteriu fondas",
            "kiek pinigu skiria Nemuno Klasteriu fondas",
        ),
        (
            "vem kan soka pengar ur norrlands klusterfond",
            "vem kan soka pengar ur Norrlands klusterfond",
        ),
        # no word for cluster: the words before a programme word name nothing
        ("ile kasy daje program", "ile kasy daje program"),
        # a stop word before the word for cluster: no place's name
        ("wer darf beim cluster programm mitmachen", "wer darf beim cluster programm mitmachen"),
    ],
)
def test_a_places_cluster_programme_before_its_programme_word_is_a_name(text, expected):
    assert named_before(text, _stops, _programme) == expected


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("wer darf beim bodensee cluster sprung fonds mitmachen", "de", "Bodensee Cluster"),
        ("Wer darf beim bodensee cluster sprung fonds mitmachen?", "de", "Bodensee Cluster"),
        ("wie kan meedoen aan het noordzee cluster groeifonds", "nl", "Noordzee Cluster"),
        ("hvem kan soge om oresund cluster bridge fonden", "da", "Oresund Cluster"),
        ("kiek pinigu skiria nemuno klasteriu fondas", "lt", "Nemuno Klasteriu"),
        ("kas var pieteikties daugavas klasteru fondam?", "lv", "Daugavas Klasteru"),
        ("paljonko rahaa saa saimaan klusterirahastosta", "fi", "Saimaan"),
    ],
)
def test_a_lower_case_place_cluster_programme_is_admitted(answerer, floor, text, language, name):
    found = unknown_programme(text, answerer, language)
    assert found is not None and found.startswith(name)
    for intent, confidence in (("find_partners", 0.95), ("find_calls", 0.9), ("out_of_scope", 0.9)):
        route = fact_route(answerer, text, language, intent, confidence)
        assert route is not None and route.unknown_name == found, intent


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a word for cluster before a programme word that is no fund: a known instrument
        # translated ("cluster excellence programme"), whatever verb stands before it
        ("kiek mvi pasieke klasteriu kompetencijos programa", "lt"),
        ("hvor mange penge havde klynge ekspertise programmet", "da"),
        ("hur mycket pengar hade klusterexcellensprogrammet", "sv"),
        # a catalogue instrument named: its cards answer
        ("hvor mange penge har euroclusters programmet", "da"),
        ("kas gali dalyvauti euroclusters programoje", "lt"),
        # searches: no aspect of a programme asked
        ("welche cluster machen beim wasserstoff programm mit", "de"),
        ("vi letar efter kluster i norrland som jobbar med ett skogsprogram", "sv"),
        ("szukamy klastrow do wspolnego programu wodorowego", "pl"),
    ],
)
def test_a_known_instrument_or_a_search_is_no_unknown_programme(answerer, text, language):
    assert unknown_programme(text, answerer, language) is None
    assert answerer.unknown_name(text, language) is None or fold(text) == ""


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ha editais abertos para o programa atlantico verde", "pt"),
        ("existem chamadas abertas para o programa atlantico verde?", "pt"),
        ("finns det utlysningar i norrlands klusterfond", "sv"),
        ("kokie kvietimai atviri nemuno klasteriu fondui", "lt"),
    ],
)
def test_a_lower_case_calls_request_in_any_language_names_no_unknown_programme(
    answerer, text, language
):
    # "editais", "chamadas", "utlysningar", "kvietimai" name calls: a calls search, whatever
    # programme it names (the lexicon glosses only some languages' call nouns)
    assert unknown_programme(text, answerer, language) is None
