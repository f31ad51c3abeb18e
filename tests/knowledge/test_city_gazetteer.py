"""European cities from GeoNames (knowledge/city_gazetteer.py, knowledge/cities.py): country and
region of a city a user names, and no city where a message names none."""

from __future__ import annotations

import json

import pytest

from knowledge.cities import city_codes, place_country
from knowledge.city_gazetteer import (
    City,
    admin1_codes,
    common_prefix,
    find_city,
    read_city_table,
)
from knowledge.regions import region_table


def _row(gid, name, country, admin1="01", population=50_000, alternates=()):
    return {
        "geonameid": gid,
        "name": name,
        "countrycode": country,
        "admin1code": admin1,
        "population": population,
        "alternatenames": list(alternates),
    }


@pytest.fixture
def fake_table(tmp_path):
    rows = [
        _row(1, "Wrocław", "PL", "72", 670_000, ["Breslau", "WRO", "vrotsuavu", "Vroclav"]),
        _row(2, "Toulouse", "FR", "76", 510_000, ["Tolosa", "Tolosa de Francia"]),
        _row(3, "Tolosa", "ES", "59", 19_000),
        _row(4, "Most", "CZ", "78", 66_000),
        _row(5, "Smalltown", "DE", "02", 20_000, ["Kleinstadt"]),
        _row(6, "Bigcity", "TR", "34", 2_000_000),
        _row(7, "Tinytr", "TR", "34", 20_000),
        _row(8, "Springfield", "US", "IL", 100_000),
    ]
    path = tmp_path / "cities.json"
    path.write_text(json.dumps({str(r["geonameid"]): r for r in rows}), encoding="utf-8")
    return read_city_table(path)


def test_name_alternates_and_ascii_form(fake_table):
    for key in ("wrocław", "wroclaw", "breslau", "vroclav"):
        assert fake_table[key][0].country == "PL"
    assert "wro" not in fake_table  # an airport code
    assert "vrotsuavu" not in fake_table  # a lower-case transliteration


def test_a_name_two_countries_bear_is_left_out(fake_table):
    assert "tolosa" not in fake_table  # Toulouse in Spanish, and a Basque town
    assert fake_table["toulouse"][0].country == "FR"
    assert "tolosa de francia" not in fake_table  # a description, not a name


def test_ordinary_words_and_small_towns_alternates_are_left_out(fake_table):
    assert "most" not in fake_table  # "in most cases"
    assert "smalltown" in fake_table
    assert "kleinstadt" not in fake_table  # alternates only of well-known cities


def test_only_european_countries_and_well_known_neighbour_cities(fake_table):
    assert fake_table["bigcity"][0].country == "TR"
    assert "tinytr" not in fake_table
    assert "springfield" not in fake_table


def test_missing_or_malformed_file_gives_no_cities(tmp_path):
    assert read_city_table(tmp_path / "missing.json") == {}
    bad = tmp_path / "bad.json"
    bad.write_text("[not json", encoding="utf-8")
    assert read_city_table(bad) == {}


@pytest.mark.parametrize(
    "text,country",
    [
        ("Munich", "DE"),
        ("münchen", "DE"),
        ("Monachium", "DE"),
        ("Mailand", "IT"),
        ("wroclaw", "PL"),
        ("Brno", "CZ"),
        ("bilbao", "ES"),
        ("Cork", "IE"),
        ("Leiria", "PT"),
        ("Marinha Grande", "PT"),
        ("Manchester", "GB"),
        ("Zürich", "CH"),
        ("Istanbul", "TR"),
    ],
)
def test_shipped_cities_name_their_country(text, country):
    assert place_country(text) == country
    assert region_table().country_of(text) == country


@pytest.mark.parametrize("text", ["tolosa", "most", "split", "reading", "march", "nice", "", None])
def test_shipped_table_finds_no_city_in_ambiguous_or_ordinary_words(text):
    assert find_city(text) is None


def test_common_prefix():
    assert common_prefix(["PT16F", "PT16", "PT16B"]) == "PT16"
    assert common_prefix(["DE212", "DE254"]) == "DE2"
    assert common_prefix([]) == ""


def test_admin1_codes_only_where_the_evidence_agrees():
    table = {
        "torino": (City("Turin", "IT", "12", 800_000),),
        "novara": (City("Novara", "IT", "12", 100_000),),
        "leiria": (City("Leiria", "PT", "13", 120_000),),
        "lyon": (City("Lyon", "FR", "84", 500_000),),
        "grenoble": (City("Grenoble", "FR", "84", 150_000),),
    }
    nuts = {"torino": ["ITC11"], "novara": ["ITC15"], "leiria": ["PT16F"], "lyon": ["FRK26"]}
    profiles = [
        ("PT", "Leiria", ["PT", "PT16"]),
        ("FR", "Grenoble", ["FR", "FRL"]),  # disagrees with Lyon's FRK: no code
    ]
    codes = admin1_codes(table, nuts, profiles)
    assert codes[("IT", "12")] == "ITC1"
    assert codes[("PT", "13")] == "PT16"
    assert ("FR", "84") not in codes


def test_shipped_city_regions_resolve_for_the_region_filter():
    assert city_codes("Bilbao", region_table()) == {"ES21"}
    assert city_codes("Marinha Grande", region_table()) == {"PT16"}
    assert city_codes("Wroclaw", region_table()) == {"PL51"}
    assert city_codes("no such place", region_table()) == frozenset()
    query = region_table().resolve("Bilbao")
    assert query.codes == {"ES21"}
    # a profile coded with the Basque Country passes a filter for Bilbao
    assert region_table().matches(query, frozenset({"ES", "ES21"}), "basque country")
    # a profile whose place text names the city passes too, without a code
    assert region_table().matches(region_table().resolve("Toulouse"), frozenset({"FR"}), "toulouse")


def test_a_profile_city_without_region_text_gets_its_region():
    assert "NL41" in region_table().profile_codes("NL", ["", "Helmond"])
    assert region_table().profile_codes("NL", ["", "Helmond"], cities=False) == {"NL"}
