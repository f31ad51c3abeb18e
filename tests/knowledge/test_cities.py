"""A city gives its country from the profiles' own city fields (knowledge/cities.py): only when
all profiles in that city lie in one country; the region filter's ``country_of`` falls back to
it for a value that names no NUTS unit ("Lyon", "Turin", "Wrocław")."""

from __future__ import annotations

import json

import pytest

from knowledge.cities import city_country, read_city_countries
from knowledge.regions import region_table


def test_cities_of_one_country_only(tmp_path):
    path = tmp_path / "profiles.jsonl"
    rows = [
        {"city": "Lyon", "country": "FR"},
        {"city": "Nuremberg/Erlangen", "country": "DE"},
        {"city": "Bergen", "country": "NO"},
        {"city": "Bergen", "country": "NL"},  # two countries: left out
        {"city": None, "country": "DE"},
        {"city": "Oulu", "country": "Finland"},  # not a code: left out
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n[1]\n", encoding="utf-8")
    assert read_city_countries(path) == {"lyon": "FR", "nuremberg": "DE", "erlangen": "DE"}
    assert read_city_countries(tmp_path / "missing.jsonl") == {}


@pytest.mark.parametrize(
    ("city", "country"),
    [("Lyon", "FR"), ("Turin", "IT"), ("Eindhoven", "NL"), ("Wrocław", "PL"),
     ("Porto", "PT"), ("Erlangen", "DE"), ("Zaragoza", "ES")],
)  # fmt: skip
def test_shipped_profile_cities_name_their_country(city, country):
    assert city_country(city) == country
    assert region_table().country_of(city) == country


def test_unknown_cities_name_no_country():
    assert city_country("Atlantis") is None
    assert city_country(None) is None
    assert region_table().country_of("Atlantis") is None
    assert region_table().country_of("Bavaria") == "DE"  # NUTS first
