"""Country names: the one reader of each country-name file, and the EU/ISO code table.

Two files in ``knowledge/data/taxonomies``, both read by the spaCy gazetteer and by the partner
search's country filter, so both map every name to the same code:

* ``country_names_multilingual.csv``: CORDIS reference data, ``;``-separated UTF-8 with a BOM,
  columns ``euCode;isoCode;name;language`` (:func:`read_country_names`);
* ``countries.yml``: curated adjectives, native names, short forms and misspellings
  (:func:`read_country_aliases`; the gazetteer validates the file in full).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import yaml

from taxonomy.errors import TaxonomyError

_MISSING = ("", "NULL")

#: Country codes of EU bodies (CORDIS, Eurostat's NUTS) that differ from ISO 3166-1 alpha-2.
EU_CODE_TO_ISO: dict[str, str] = {"EL": "GR", "UK": "GB"}
#: The same table the other way: ISO 3166-1 alpha-2 -> NUTS country code.
ISO_TO_EU_CODE: dict[str, str] = {iso: eu for eu, iso in EU_CODE_TO_ISO.items()}


def read_country_names(csv_path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(ISO alpha-2 code, name)`` for every row of the CORDIS country table.

    ``isoCode`` is used (Greece is GR, the UK GB); where it is NULL (North Macedonia's old
    name, Kosovo, Bonaire) the ``euCode`` is. Names have their whitespace collapsed; rows
    without a code or a name are skipped.

    Args:
        csv_path: The CSV file.

    Yields:
        ``("DE", "Deutschland")`` and so on, in file order.

    Raises:
        TaxonomyError: A row lacks the expected columns (names the file and line).
        OSError: The file cannot be read.
    """
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        for line, row in enumerate(reader, start=2):
            try:
                iso = row["isoCode"].strip()
                code = (iso if iso not in _MISSING else row["euCode"].strip()).upper()
                name = " ".join(row["name"].split())
            except (KeyError, AttributeError) as exc:
                raise TaxonomyError(csv_path, line, None, f"malformed row {row!r}") from exc
            if code and code not in _MISSING and name:
                yield code, name


def read_country_aliases(yml_path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(ISO alpha-2 code, alias)`` for every alias of the curated ``countries.yml``.

    Args:
        yml_path: The gazetteer file (``entries`` with ``value`` = ISO code and ``aliases``).

    Yields:
        ``("DE", "German")`` and so on, in file order (whitespace collapsed).

    Raises:
        TaxonomyError: The file is not valid YAML or an entry is malformed.
        OSError: The file cannot be read.
    """
    try:
        data = yaml.safe_load(yml_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise TaxonomyError(yml_path, 0, None, f"not valid YAML ({exc})") from exc
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise TaxonomyError(yml_path, 0, "entries", "must be a list of entries")
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise TaxonomyError(yml_path, 0, "entries", f"entry {i} is malformed: {entry!r}")
        code, aliases = entry.get("value"), entry.get("aliases") or []
        if not isinstance(code, str) or not isinstance(aliases, list):
            raise TaxonomyError(yml_path, 0, "entries", f"entry {i} is malformed: {entry!r}")
        for alias in aliases:
            if isinstance(alias, str) and alias.strip():
                yield code.strip(), " ".join(alias.split())
