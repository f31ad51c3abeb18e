"""Cities and regions where people write them (issue 13, fourth-set classes 2 and 3): after
"near", "around", "près de", "cerca de", "vicino a", "in der Nähe von", "rond", "perto de", after
an article ("in the Turin area"), before a word for "area" ("Eindhoven region"), declined after a
Slavic preposition ("we Wrocławiu", "w Krakowie"), and a region kept beside its country
("Bavaria, Germany", "Catalonia (Spain)"). The cities are the profiles' own (knowledge/cities.py
gives their country); a city that no table holds is not invented."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from bot.nlu.places import find_places


def _found(text: str, language: str) -> list[tuple[str, str]]:
    return [(p.label, p.value) for p in find_places(text, language)]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("a cluster near Lyon for plastics", "en", "Lyon"),
        ("partners in the Turin area working on aerospace", "en", "Turin"),
        ("Eindhoven region partners for photonics", "en", "Eindhoven"),
        ("clusters in the Lyon area", "en", "Lyon"),
        ("des clusters près de Lyon", "fr", "Lyon"),
        ("clústeres cerca de Zaragoza", "es", "Zaragoza"),
        ("cluster vicino a Brescia", "it", "Brescia"),
        ("Cluster in der Nähe von Stuttgart", "de", "Stuttgart"),
        ("clusters rond Eindhoven", "nl", "Eindhoven"),
        ("clusters in de buurt van Leeuwarden", "nl", "Leeuwarden"),
        ("clusters perto de Matosinhos", "pt", "Matosinhos"),
        ("klastry we Wrocławiu", "pl", "Wrocław"),
        ("klastry w Krakowie", "pl", "Kraków"),
        ("klastry w okolicy Katowic", "pl", "Katowice"),
        ("klastry v Ostravě", "cs", "Ostrava"),
    ],
)
def test_a_city_is_found_where_people_write_it(text, language, value):
    assert ("region", value) in _found(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("the Lyon cluster works on plastics", "en"),  # no place context: a name in a name
        ("clusters for materials in Germany", "pl"),  # "materials" is no declined Matera
        ("clusters working further on batteries", "cs"),
    ],
)
def test_no_city_without_a_place_context(text, language):
    assert [v for label, v in _found(text, language) if label == "region"] == []


@pytest.mark.parametrize(
    ("text", "language", "region", "country"),
    [
        ("clusters in Bavaria, Germany", "en", "Bavaria", "DE"),
        ("clusters in Catalonia (Spain)", "en", "Catalonia", "ES"),
        ("clusters en Île-de-France, France", "fr", "Île-de-France", "FR"),
        ("clusters in Noord-Brabant in Nederland", "nl", "North Brabant", "NL"),
        ("Cluster in Bayern, Deutschland", "de", "Bavaria", "DE"),
        ("clústeres en Cataluña, España", "es", "Catalonia", "ES"),
        ("cluster in Lombardia, Italia", "it", "Lombardy", "IT"),
    ],
)
def test_a_region_and_its_country_are_both_kept(text, language, region, country):
    found = _found(text, language)
    assert ("country", country) in found
    assert [v for label, v in found if label == "region"] == [region]


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ("klastry poza Polską", "pl", "PL"),
        ("partnerzy oprócz Słowacji", "pl", "SK"),
        ("klastry mimo Česka", "cs", "CZ"),
    ],
)
def test_a_declined_country_after_a_word_of_exclusion_is_found(text, language, code):
    """The place is found so that the action can leave it out (taxonomy/negation.py)."""
    assert ("country", code) in _found(text, language)
