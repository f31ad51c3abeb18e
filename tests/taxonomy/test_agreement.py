"""The bot's gazetteer and the partner search's filters read every shared name the same way.

Both sides are built from the shipped data files: the gazetteer's candidate phrases (every NUTS
level-1/2 name, every country name and alias, every sector and label phrase, before conflicts
are resolved) and the filters' lookup tables. Runs in the action environment; the module imports in the Rasa environment too
(the knowledge layer, which needs pycountry, is imported inside the tests).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.nlu.gazetteer import KNOWLEDGE_DATA_DIR, Candidate, candidates, load_gazetteers
from taxonomy.nuts import clean_nuts_name, gazetteer_region_names, read_nuts_rows

NUTS_CSV = KNOWLEDGE_DATA_DIR / "taxonomies" / "nuts2021.csv"


def _gazetteer(label: str) -> list[Candidate]:
    found = [c for c in candidates(load_gazetteers(), KNOWLEDGE_DATA_DIR) if c.label == label]
    assert found, f"the gazetteer proposes no {label} phrases"
    return found


def _covers(resolved: frozenset[str], code: str) -> bool:
    return any(code.startswith(r) for r in resolved)


def test_every_exact_nuts_name_is_also_in_the_full_reading() -> None:
    rows = list(read_nuts_rows(NUTS_CSV))
    assert len(rows) > 2000
    for _, code, name in rows:
        exact, full = clean_nuts_name(name, partial=False), clean_nuts_name(name)
        assert set(exact) <= set(full), (code, name, exact, full)


def test_every_gazetteer_region_name_resolves_to_its_nuts_code() -> None:
    pytest.importorskip("pycountry")
    from knowledge.regions import region_table

    table = region_table()
    regions = _gazetteer("region")
    read = {name for _, name in gazetteer_region_names(NUTS_CSV)}
    from_nuts = [c for c in regions if c.codes]
    assert {c.text for c in from_nuts} <= read
    assert len(from_nuts) > 300
    for cand in from_nuts:
        # The matched text: the filter knows every code the gazetteer read it from.
        resolved = table.resolve(cand.text).codes
        assert all(_covers(resolved, code) for code in cand.codes), (cand, sorted(resolved))
        # The canonical value Rasa passes on ("Bayern" -> "Bavaria") names the same region.
        resolved = table.resolve(cand.value).codes
        assert any(_covers(resolved, code) for code in cand.codes), (cand, sorted(resolved))
    for cand in regions:
        # Curated names and aliases (regions.yml) resolve to a NUTS code, none is left to text.
        assert table.resolve(cand.text).codes, cand
        assert table.resolve(cand.value).codes, cand


def test_every_gazetteer_country_name_and_alias_gives_the_same_code() -> None:
    pytest.importorskip("pycountry")
    from knowledge.filters import normalise_country

    gazetteers = load_gazetteers()
    countries = _gazetteer("country")
    assert len(countries) > 1000
    for cand in countries:
        assert normalise_country(cand.text) == cand.value, cand
        assert normalise_country(cand.value) == cand.value, cand
    for token in gazetteers["country"].tokens:
        assert normalise_country(token.text) == token.value, token


def test_country_reader_reads_every_row_of_the_csv() -> None:
    from taxonomy.countries import read_country_names

    path = KNOWLEDGE_DATA_DIR / "taxonomies" / "country_names_multilingual.csv"
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    read = list(read_country_names(path))
    assert len(read) == len(rows)
    assert ("XK", "Kosovo") in read and ("GR", "Greece") in read


def test_every_gazetteer_sector_phrase_gives_the_same_fixed_sector() -> None:
    pytest.importorskip("pycountry")
    from knowledge.filters import normalise_sector
    from taxonomy.sectors import SECTORS

    sectors = _gazetteer("sector")
    assert {c.value for c in sectors} == set(SECTORS)
    for cand in sectors:
        assert normalise_sector(cand.text) == cand.value, cand


def test_every_gazetteer_label_phrase_reads_like_its_value() -> None:
    pytest.importorskip("pycountry")
    from knowledge.filters import normalise_label

    for cand in _gazetteer("label"):
        assert normalise_label(cand.text) == normalise_label(cand.value), cand
