"""Towns in case forms (session 17, partners17): Finnish, Estonian, Hungarian, Latvian and
Lithuanian put a town in a case ending with no preposition before it ("Oulussa", "Tartus",
"Debrecenben", "Rīgā", "Vilniuje"), and Czech, Slovak, Polish... decline short town names after
one ("ve Zlíně", "v Brně"). A request naming only such a town searched the whole of Europe; the
town is now a region entity, whose country the partner filter reads
(:func:`actions.dialogue.parsing.partner_request`).

Messages written for this test from the profiles' towns (knowledge/data/clusters), in the
helper's own words; the negatives are ordinary words, lower-case words and English text.
"""

from __future__ import annotations

import pytest

from bot.nlu.case_forms import case_form
from bot.nlu.places import find_places


def _regions(text: str, language: str | None) -> list[tuple[str, str]]:
    return [
        (text[p.start : p.end], p.value) for p in find_places(text, language) if p.label == "region"
    ]


@pytest.mark.parametrize(
    ("language", "text", "surface", "value"),
    [
        ("fi", "etsimme terveysalan yrityksiä Kuopiossa", "Kuopiossa", "Kuopio"),
        ("fi", "autoalan ohjelmistoyrityksiä Oulussa tai Tampereella", "Oulussa", "Oulu"),
        ("fi", "autoalan ohjelmistoyrityksiä Tampereella", "Tampereella", "Tampere"),
        ("fi", "kumppaneita Helsingissä kiertotaloudesta", "Helsingissä", "Helsinki"),
        ("fi", "Turussa toimivia meriteknologian yrityksiä", "Turussa", "Turku"),
        ("et", "otsime terviseturismi partnereid Pärnus", "Pärnus", "Pärnu"),
        ("et", "meditsiiniturismi klaster Tallinnas", "Tallinnas", "Tallinn"),
        ("et", "Tartus asuv puidufirma otsib partnereid", "Tartus", "Tartu"),
        ("hu", "gyógyszeripari partnert keresünk Debrecenben", "Debrecenben", "Debrecen"),
        ("hu", "megújuló energia klaszter Szegeden", "Szegeden", "Szeged"),
        (
            "hu",
            "Debreceni kkv vagyunk, klinikai kutatási partnert keresünk",
            "Debreceni",
            "Debrecen",
        ),
        ("lv", "meklējam IT uzņēmumus Rīgā", "Rīgā", "Rīga"),
        ("lv", "Rīgas digitalizācijas klasteris", "Rīgas", "Rīga"),
        ("lt", "ieškome saulės energetikos partnerių Vilniuje", "Vilniuje", "Vilnius"),
        ("lt", "Vilniaus kūrybinių industrijų klasteris", "Vilniaus", "Vilnius"),
        ("lt", "uosto logistikos įmonės Klaipėdoje", "Klaipėdoje", "Klaipėda"),
        ("lt", "maisto pramonės įmonės Kaune", "Kaune", "Kaunas"),
        ("cs", "hledáme partnery pro plasty ve Zlíně", "Zlíně", "Zlín"),
        ("cs", "stavební firmy v Brně", "Brně", "Brno"),
    ],
)
def test_a_town_in_a_case_form_is_a_place(language, text, surface, value):
    assert (surface, value) in _regions(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fi", "oulussa on paljon yrityksiä"),  # lower case: an ordinary word first
        ("en", "Tartus and Oulussa are no English words"),  # English: exact names only
        ("de", "Firmen Oulussa"),  # German declines no town
        ("et", "Tartu ülikool"),  # the nominative, no case ending: the genitive of a name
        ("cs", "Brněnský veletrh"),  # an adjective of the town, no preposition
        ("cs", "hledáme Zlínské firmy"),  # no preposition before the short name
        ("cs", "stavební firmy v brně"),  # a short town declined is written with a capital
    ],
)
def test_a_town_needs_a_case_ending_a_capital_and_a_case_language(language, text):
    assert _regions(text, language) == []


@pytest.mark.parametrize(
    ("word", "name", "language", "expected"),
    [
        ("tampereella", "tampere", "fi", True),  # e-stems lengthen the vowel
        ("helsingissa", "helsinki", "fi", True),  # nk -> ng
        ("turussa", "turku", "fi", True),  # rk -> r
        ("lahdessa", "lahti", "fi", True),  # ht -> hd and i -> e
        ("tallinnas", "tallinn", "et", True),
        ("vilniaus", "vilnius", "lt", True),
        ("kaune", "kaunas", "lt", True),
        ("kauno", "kaunas", "lt", True),
        ("magyarorszagi", "magyarorszag", "hu", True),  # "of Hungary", the -i adjective
        ("puolesta", "puola", "fi", False),  # still "on behalf of", not Poland
    ],
)
def test_case_forms_of_town_names(word, name, language, expected):
    assert case_form(word, name, language) is expected


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("es", "clústeres aeroespaciales de Sevilla", "Sevilla"),
        ("es", "busco empresas de Zaragoza para logística", "Zaragoza"),
        ("fr", "des pôles de compétitivité de Toulouse", "Toulouse"),
        ("fr", "entreprises de Lyon dans la plasturgie", "Lyon"),
        ("pt", "procuro parceiros do Porto em máquinas-ferramenta", "Porto"),
        ("it", "aziende di Brescia per i compositi", "Brescia"),
        ("en", "clusters of Gdańsk for telecoms", "Gdańsk"),
        ("nl", "bedrijven van Eindhoven voor fotonica", "Eindhoven"),
        # Dutch "uit" is "from" as "aus" and "from" are (bot.nlu.place_index.LOCATIVES)
        ("nl", "wij zijn een mkb-bedrijf uit Eindhoven en zoeken partners", "Eindhoven"),
    ],
)
def test_a_town_after_of_beside_a_search_or_company_noun_is_a_place(language, text, value):
    assert value in [v for _, v in _regions(text, language)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "la historia de Sevilla"),  # no search or company noun before "de"
        ("fr", "la gastronomie de Lyon"),
        ("en", "the best of Porto"),
        ("es", "empresas de ciberseguridad de madrid"),  # after "of", a town needs a capital
    ],
)
def test_a_town_after_of_alone_is_no_place(language, text):
    assert _regions(text, language) == []


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("it", "aziende di Bari per l'aerospazio in Puglia", "Apulia"),
        ("nl", "wij zijn een bedrijf uit Leuven en zoeken partners in Vlaanderen", "Flanders"),
        ("es", "empresas de Sevilla con socios en Andalucía", "Andalusia"),
    ],
)
def test_a_town_after_of_or_from_gives_way_to_another_place(language, text, value):
    assert [v for _, v in _regions(text, language)] == [value]
