"""NUTS 2021 region names: the one reader of ``nuts2021.csv`` and the one name cleaner.

Eurostat's ``NAME_LATN`` is not how people write a region: "Prov. Limburg (BE)", "München,
Kreisfreie Stadt", "Araba/Álava", "North East (England)", "Inner London — West". The cleaner
turns one such name into the names people write:

* bilingual names split on ``/`` ("Araba/Álava" -> "Araba", "Álava"), comma lists on ``,``;
* the prefixes "Prov." and "Arr." (and a following "de") go;
* a country qualifier such as "(BE)" goes, any other qualifier is kept as a word
  ("North East (England)" -> "North East England");
* pieces that only say what kind of unit it is ("Kreisfreie Stadt", "Landkreis") go.

Two readings come out of it. The *exact* reading is what a name unmistakably names, and is what
the spaCy gazetteer turns into entity patterns. The *full* reading adds the partial names a
region is also known by, which are too loose to be entity patterns but fine as lookup keys for
the search's region filter: the part before a dash ("Inner London — West" -> "Inner London") and
the name without its qualifier word ("North East (England)" -> "North East"). Every exact name is
also in the full reading, so every region the bot extracts is one the filter resolves.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from taxonomy.errors import TaxonomyError
from taxonomy.text import fold

#: The header of ``nuts2021.csv``.
NUTS_HEADER = ["NUTS_ID", "NAME_LATN"]

_CSV_CODE = re.compile(r"^[0-9A-Z]{2}[0-9A-Z]{0,3}$")  # the CSV also lists Kosovo as "1A"
_WHOLE_COUNTRY = re.compile(r"^[A-Z]{2}(0{1,3})?$")
_QUALIFIER = re.compile(r"\s*\(([^)]*)\)\s*$")
_PREFIXES = re.compile(r"^(?:Prov\.|Arr\.)\s*(?:de\s+)?", re.IGNORECASE)
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
_DASH = " — "
#: Pieces of level-3 names that say what kind of unit it is, not where (folded).
UNIT_WORDS = frozenset(
    {"kreisfreie stadt", "landkreis", "stadtkreis", "statutarstadt", "kreis", "stadt"}
)


def is_whole_country(code: str) -> bool:
    """Whether a NUTS code stands for a whole country (``DE``, ``DK0``, ``EE00``, ``LU000``)."""
    return bool(_WHOLE_COUNTRY.match(code))


def clean_nuts_name(name: str, *, partial: bool = True) -> list[str]:
    """Turn one NUTS ``NAME_LATN`` into the names people write (see the module docstring).

    Args:
        name: E.g. ``"Prov. Limburg (BE)"``, ``"North East (England)"``.
        partial: Also give the partial names (the full reading, for lookups); ``False`` gives
            only the exact reading (for entity patterns).

    Returns:
        The names in order, e.g. ``["North East England", "North East"]`` (full) or
        ``["North East England"]`` (exact); ``[]`` for a dashed name read exactly.
    """
    head, dash, _ = name.partition(_DASH)
    if dash and not partial:
        return []
    out: list[str] = []
    for part in head.split("/"):
        for piece in part.split(","):
            piece = _PREFIXES.sub("", piece.strip())
            qualifier = _QUALIFIER.search(piece)
            if qualifier:
                piece = piece[: qualifier.start()].strip()
                word = qualifier.group(1).strip()
                if not _COUNTRY_CODE.fullmatch(word):  # "(England)" is part of the name
                    out.append(" ".join(f"{piece} {word}".split()))
                    if not partial:
                        continue
            piece = " ".join(piece.split())
            if piece and fold(piece) not in UNIT_WORDS:
                out.append(piece)
    return out


def read_nuts_rows(csv_path: Path) -> Iterator[tuple[int, str, str]]:
    """Yield ``(line, NUTS code, NAME_LATN)`` for every unit of ``nuts2021.csv`` (levels 0-3).

    Args:
        csv_path: The ``NUTS_ID;NAME_LATN`` file (UTF-8, BOM allowed).

    Yields:
        ``(2, "AT", "Österreich")`` and so on, in file order; blank lines are skipped.

    Raises:
        TaxonomyError: The file cannot be read, the header is wrong, or a row has no name or
            a bad code (names the file, line and field).
    """
    try:
        fh = csv_path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise TaxonomyError(csv_path, 0, None, f"cannot be read ({exc})") from exc
    with fh:
        for line, row in enumerate(csv.reader(fh, delimiter=";"), start=1):
            if line == 1:
                if row[:2] != NUTS_HEADER:
                    raise TaxonomyError(
                        csv_path, 1, None, f"header must be NUTS_ID;NAME_LATN, got {row}"
                    )
                continue
            if not row:
                continue
            if len(row) < 2:
                raise TaxonomyError(csv_path, line, "NAME_LATN", f"missing in {row!r}")
            code, name = row[0].strip(), ";".join(row[1:]).strip()
            if not _CSV_CODE.match(code):
                raise TaxonomyError(csv_path, line, "NUTS_ID", f"not a NUTS code: {code!r}")
            if not name:
                raise TaxonomyError(csv_path, line, "NAME_LATN", "empty")
            yield line, code, name


def gazetteer_region_names(csv_path: Path) -> Iterator[tuple[str, str]]:
    """Yield ``(NUTS code, exact name)`` for the units the spaCy gazetteer names: levels 1 and 2.

    Whole-country units (``DK0``, ``EE00``...) are skipped: their names are country names.

    Args:
        csv_path: The ``NUTS_ID;NAME_LATN`` file.

    Yields:
        ``("DE2", "Bayern")`` and so on, in file order.

    Raises:
        TaxonomyError: The file is malformed.
    """
    for _, code, name in read_nuts_rows(csv_path):
        if not 3 <= len(code) <= 4 or is_whole_country(code):
            continue
        for cleaned in clean_nuts_name(name, partial=False):
            yield code, cleaned
