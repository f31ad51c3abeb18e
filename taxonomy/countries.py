"""The one reader of the CORDIS multilingual country-name table.

``knowledge/data/taxonomies/country_names_multilingual.csv`` is ``;``-separated UTF-8 with a BOM,
columns ``euCode;isoCode;name;language``. Both the spaCy gazetteer and the partner search's
country filter map every name to the code this reader gives.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

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
