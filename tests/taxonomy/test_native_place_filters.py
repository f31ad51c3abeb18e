"""The partner search's filters understand place names in the users' languages.

The gazetteer side is tested on the built spaCy pipeline in ``tests/bot/nlu/test_native_place_entities.py``
with the same table (:mod:`tests.taxonomy.native_places`). Needs pycountry (action environment).
"""

from __future__ import annotations

import pytest

from tests.taxonomy.native_places import NATIVE_PLACES

pytest.importorskip("pycountry")


@pytest.mark.parametrize(("sentence", "surface", "label", "value", "code"), NATIVE_PLACES)
def test_native_name_gives_the_filter(sentence, surface, label, value, code):
    from knowledge.filters import normalise_country
    from knowledge.regions import region_table

    if label == "country":
        assert normalise_country(surface) == code
        assert normalise_country(value) == code
    else:
        for text in (surface, value):
            resolved = region_table().resolve(text).codes
            assert any(code.startswith(r) or r.startswith(code) for r in resolved), (text, resolved)


@pytest.mark.parametrize(
    ("name", "code"),
    [("Tschechien", "CZ"), ("Tsjechië", "CZ"), ("Hiszpania", "ES"), ("Spanje", "ES"),
     ("Duitsland", "DE"), ("Bélgica", "BE"), ("Ελλάδα", "GR"), ("Suomi", "FI"),
     ("Magyarország", "HU"), ("Schweiz", "CH"), ("Noorwegen", "NO")],
)  # fmt: skip
def test_country_names_in_the_reply_languages_and_endonyms(name, code):
    from knowledge.filters import normalise_country

    assert normalise_country(name) == code


def test_a_foreign_name_never_gives_another_country():
    from knowledge.filters import normalise_country

    # "Holandia" is Polish for the Netherlands, "Cechia" Italian for Czechia.
    assert normalise_country("Holandia") == "NL"
    assert normalise_country("Cechia") == "CZ"
    assert normalise_country("Paesi Bassi") == "NL"


@pytest.mark.parametrize(
    ("query", "place", "country"),
    [
        ("Torino", "Turin, Piedmont", "IT"),  # NUTS level 3 ITC11 vs the profile's ITC1
        ("München", "Munich, Bavaria", "DE"),
        ("Lisboa", "Lisbon", "PT"),
    ],
)
def test_a_city_in_its_own_language_finds_the_profiles_of_that_city(query, place, country):
    from knowledge.regions import region_table
    from taxonomy.text import fold

    table = region_table()
    codes = table.profile_codes(country, [place])
    assert table.matches(table.resolve(query), codes, fold(place))


@pytest.mark.parametrize(
    ("query", "place", "country"),
    [("Milano", "Brescia, Lombardy", "IT"), ("Torino", "Milan", "IT")],
)
def test_another_city_of_the_region_is_not_that_city(query, place, country):
    from knowledge.regions import region_table
    from taxonomy.text import fold

    table = region_table()
    codes = table.profile_codes(country, [place])
    assert not table.matches(table.resolve(query), codes, fold(place))
