"""Cities of GeoNames as places (bot/nlu/places.py, knowledge/city_gazetteer.py), nationality
adjectives with more company nouns, and a country's own regions beside it.

Messages are written for this test in several languages, lower case, without accents and
declined, as SMEs type them; the negatives are ordinary words that are also town names.
"""

from __future__ import annotations

import pytest

from bot.nlu.place_adjectives import find_adjectives
from bot.nlu.place_index import Place
from bot.nlu.places import find_places, merge_places


def _places(text: str, language: str | None) -> list[tuple[str, str, str]]:
    return [(text[p.start : p.end], p.label, p.value) for p in find_places(text, language)]


@pytest.mark.parametrize(
    ("language", "text", "city", "value"),
    [
        ("en", "clusters in munich for ai", "munich", "Munich"),
        ("de", "Cluster in muenchen für KI", "muenchen", "Munich"),
        ("es", "busco clusters en bilbao de robotica", "bilbao", "Bilbao"),
        ("it", "cluster a Bilbao per la robotica", "Bilbao", "Bilbao"),
        ("en", "partners in brno for machinery", "brno", "Brno"),
        ("pl", "firmy we wroclawiu od automatyki", "wroclawiu", "Wrocław"),
        ("pl", "szukamy partnera w Krakowie", "Krakowie", "Kraków"),
        ("pt", "empresas em leiria de moldes", "leiria", "Leiria"),
        ("fr", "des pôles à toulouse pour l'aéronautique", "toulouse", "Toulouse"),
        ("nl", "bedrijven rond Helmond voor mechatronica", "Helmond", "Helmond"),
        ("en", "clusters near Manchester", "Manchester", "Manchester"),
        ("en", "any clusters in zurich?", "zurich", "Zurich"),
    ],
)
def test_a_city_after_a_preposition_is_a_place(language, text, city, value):
    assert (city, "region", value) in _places(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "have a nice day"),
        ("en", "calls for clusters in the agri-food sector"),
        ("en", "in most cases we work alone"),
        ("en", "we are interested in reading the report"),
        ("pl", "kto jest najlepszym piłkarzem na świecie"),
        ("nl", "kunt u in het Engels antwoorden?"),
        ("it", "possiamo candidarci da soli o serve un consorzio"),
        ("en", "products made in cork and wood"),
        ("es", "clusters aeroespaciales en tolosa"),  # Toulouse, and a Basque town
    ],
)
def test_an_ordinary_or_ambiguous_word_is_no_city(language, text):
    assert [p for p in _places(text, language) if p[1] == "region"] == []


def test_a_capitalised_city_named_like_a_domain_word_takes_the_span():
    text = "partners in Cork for medical devices"
    places = find_places(text, "en")
    assert [(text[p.start : p.end], p.value) for p in places] == [("Cork", "Cork")]
    technology = {"entity": "technology", "value": "cork", "start": 12, "end": 16}
    merged = merge_places([technology], places)
    assert [(e["entity"], e["value"]) for e in merged] == [("region", "Cork")]
    # a weak place never takes another kind of entity's span
    weak = Place(12, 16, "region", "Cork")
    assert merge_places([technology], [weak]) == [technology]


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "clusters in nord-vest romania", "North-West Romania"),
        ("en", "partners in the Nord-Vest region of Romania", "North-West Romania"),
        ("pt", "clusters no centro de portugal", "Centre Portugal"),
        ("es", "empresas del norte de portugal", "Northern Portugal"),
    ],
)
def test_a_countrys_own_region_beside_it_is_a_place(language, text, value):
    assert value in [v for _, label, v in _places(text, language) if label == "region"]


def test_a_region_word_far_from_the_country_is_not_read_as_its_region():
    text = "clusters in romania, preferably in the centre of the sector"
    assert [p for p in _places(text, "en") if p[1] == "region"] == []


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("nl", "sloveense kmo's in de houtverwerking", "SI"),
        ("nl", "Finse start-ups voor biomassa", "FI"),
        ("nl", "Griekse fabrikanten van zonneboilers", "GR"),
        ("de", "niederlaendische Firmen für Gewächshäuser", "NL"),
        ("de", "oesterreichische Anbieter von Holzbau", "AT"),
        ("it", "fabbricanti portoghesi di stampi", "PT"),
        ("pl", "czescy wytwórcy odlewów", "CZ"),
    ],
)
def test_nationality_adjective_next_to_a_company_noun(language, text, value):
    assert value in [a.value for a in find_adjectives(text, language)]
