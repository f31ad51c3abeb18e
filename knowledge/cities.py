"""The country (and region) of a city: the cluster profiles' own city fields first, then the
European cities of GeoNames (:mod:`knowledge.city_gazetteer`: :func:`place_country`,
:func:`city_codes`).

Users name cities ("a cluster near Lyon", "in the Turin area", "Eindhoven region", "we
Wrocławiu"); the NUTS table names regions, and its level-3 names are rarely the city as people
write it ("Miasto Wrocław", "Área Metropolitana do Porto"). The shipped profiles
(``data/clusters/cluster_profiles.jsonl``, see ``data/SOURCES.md``) write where each organisation
is: a city field such as "Lyon", "Turin", "Wrocław", "Nuremberg/Erlangen". Each city (each part
of a "/" pair) gives the country of the profiles located there, only when they all lie in one
country; the region filter then matches the city by its words (:mod:`knowledge.regions`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from taxonomy.text import fold

PROFILES_JSONL = Path(__file__).resolve().parent / "data" / "clusters" / "cluster_profiles.jsonl"
_SEPARATORS = re.compile(r"[/,;]")


def _profile_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The profile objects of a JSONL file; a missing file, a malformed line or a line that is
    no object is skipped here (the profile loader, which reads the same file, reports them)."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict):
            yield row


def read_city_countries(path: Path = PROFILES_JSONL) -> dict[str, str]:
    """Folded city -> ISO country code, for the cities of the profiles in ``path`` whose
    profiles all lie in one country (a city named in two countries is left out).

    Args:
        path: A profiles JSONL file (fields ``city`` and ``country``); a missing file or a
            malformed line gives no cities rather than an error.

    Returns:
        e.g. ``{"lyon": "FR", "turin": "IT", "wroclaw": "PL", "erlangen": "DE"}``.
    """
    seen: dict[str, set[str]] = {}
    for row in _profile_rows(path):
        city, country = row.get("city"), row.get("country")
        if not isinstance(city, str) or not isinstance(country, str) or len(country) != 2:
            continue
        for part in _SEPARATORS.split(city):
            key = fold(part)
            if key:
                seen.setdefault(key, set()).add(country.upper())
    return {city: next(iter(codes)) for city, codes in seen.items() if len(codes) == 1}


@cache
def city_countries() -> dict[str, str]:
    """The shipped profiles' cities and their countries (:func:`read_city_countries`)."""
    return read_city_countries()


def city_country(text: str | None) -> str | None:
    """The ISO code of the country a profile city lies in ("Lyon" -> FR), else ``None``."""
    if not isinstance(text, str):
        return None
    return city_countries().get(fold(text[:100]))


# --------------------------------------------------------------------------- GeoNames cities


def place_country(text: str | None) -> str | None:
    """The ISO code of the country of a city: a profile city first ("Lyon"), then a European
    city of GeoNames (:mod:`knowledge.city_gazetteer`: "Munich", "Brno", "Cork")."""
    country = city_country(text)
    if country is not None:
        return country
    from knowledge.city_gazetteer import find_city

    city = find_city(text)
    return city.country if city is not None else None


@cache
def admin1_nuts(table: Any) -> dict[tuple[str, str], str]:
    """``(ISO country, GeoNames admin1) -> NUTS code`` derived from the repo's NUTS names and
    the profiles' city/region pairs (:func:`knowledge.city_gazetteer.admin1_codes`).

    Args:
        table: The :class:`knowledge.regions.RegionTable` whose names and profile codes count
            (passed in: this module is below the region table).
    """
    from knowledge.city_gazetteer import admin1_codes, city_table

    level3 = {
        name: [c for c in codes if len(c) == 5]
        for name, codes in table.names.items()
        if any(len(c) == 5 for c in codes)
    }
    pairs = []
    for row in _profile_rows(PROFILES_JSONL):
        country, city, region = row.get("country"), row.get("city"), row.get("region")
        if isinstance(country, str) and isinstance(city, str) and isinstance(region, str):
            codes = table.profile_codes(country, [region], cities=False)
            pairs.append((country.upper(), city, codes))
    return admin1_codes(city_table(), level3, pairs)


def city_codes(text: str | None, table: Any) -> frozenset[str]:
    """The NUTS code of the region a GeoNames city lies in, where the repo's data says it
    (:func:`admin1_nuts`: "Toulouse" -> FRJ Occitanie, "Marinha Grande" -> PT16 Centro); empty
    for a city whose region is not known and for a text that is no city. ``table`` is the
    region table (:func:`admin1_nuts`)."""
    from knowledge.city_gazetteer import find_city

    city = find_city(text)
    if city is None:
        return frozenset()
    code = admin1_nuts(table).get((city.country, city.admin1))
    return frozenset({code}) if code else frozenset()
