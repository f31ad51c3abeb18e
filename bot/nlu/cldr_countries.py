"""Country names in the reply languages and in each country's own languages, from Unicode CLDR.

Generates ``knowledge/data/taxonomies/country_names_cldr.csv`` (committed; same columns as the
CORDIS table, ``euCode;isoCode;name;language``, so :func:`taxonomy.countries.read_country_names`
reads both). It covers the 27 EU countries and every other country of ``countries.yml``: each
one's name in the eight reply languages (EN DE FR ES IT PL NL PT) and its endonyms (the names in
the country's official languages that CLDR lists, e.g. "Česko", "Sverige", "Ελλάδα").

The source is the CLDR data shipped in Babel (pinned in both environments); Babel is imported
only when the file is generated, never at run time. A name is left out when it is under four
characters, when the country gazetteer excludes it, or when it already names another country in
the CORDIS table or the curated aliases ("Georgia" the US state is not an issue: same code),
so the two readers (the gazetteer and the country filter) never disagree.

It also generates ``country_names_other_eu.csv`` (same columns): the names in the sixteen
other EU languages ("Saksa", "Vācija", "Németország", "Njemačka"), read by the place finder
(exact and declined: "Saksassa", "Vācijā") and the country filter, not by the ruler (the
training data is annotated with the ruler's entities).

Regenerate after a Babel upgrade or a new country in ``countries.yml``::

    .venv/rasa/bin/python -m bot.nlu.cldr_countries --write
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from pathlib import Path

import yaml

from taxonomy.countries import (
    COUNTRY_ADJECTIVES,
    COUNTRY_ALIASES,
    ISO_TO_EU_CODE,
    read_country_aliases,
    read_country_names,
)
from taxonomy.entries import read_entries
from taxonomy.languages import REPLY_LANGUAGES
from taxonomy.text import fold

TAXONOMIES = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "taxonomies"
CLDR_CSV = TAXONOMIES / "country_names_cldr.csv"
#: Names in the sixteen other EU languages (not ruler patterns: read by the place finder and the
#: country filter only, see :data:`taxonomy.countries.OTHER_LANGUAGE_NAME_FILES`).
OTHER_CSV = TAXONOMIES / "country_names_other_eu.csv"
#: The official EU languages besides the eight reply languages.
OTHER_EU_LANGUAGES = ("bg", "cs", "da", "el", "et", "fi", "ga", "hr", "hu", "lt", "lv", "mt", "ro", "sk", "sl", "sv")  # fmt: skip
#: Names that are ordinary words in another EU language (Swedish "norra" = northern).
OTHER_EXCLUDED = frozenset({"norra"})
#: Maltese definite articles CLDR writes before a name ("il-Ġermanja", "l-Awstrija").
_MT_ARTICLE = re.compile(r"^(?:i[lnrstxzd]|l|iż|iċ)-", re.IGNORECASE)
CORDIS_CSV = TAXONOMIES / "country_names_multilingual.csv"
ALIASES_YML = TAXONOMIES / "countries.yml"

#: The 27 member states (ISO 3166-1 alpha-2).
EU_COUNTRIES: tuple[str, ...] = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

HEADER = ("euCode", "isoCode", "name", "language")
MIN_LENGTH = 4


def _countries_of_aliases_file() -> set[str]:
    """The codes of ``countries.yml``'s entries."""
    codes = set()
    for _, entry in read_entries(ALIASES_YML):
        value = entry.get("value")
        if isinstance(value, str):
            codes.add(value.strip())
    return codes


def _known_names() -> dict[str, str]:
    """Folded name -> code of every name the two readers already have (CORDIS + curated)."""
    known: dict[str, str] = {}
    for code, name in read_country_names(CORDIS_CSV):
        known.setdefault(fold(name), code)
    for table in (COUNTRY_ALIASES, COUNTRY_ADJECTIVES):
        for code, names in table.items():
            for name in names:
                known.setdefault(fold(name), code)
    for code, alias in read_country_aliases(ALIASES_YML):
        known.setdefault(fold(alias), code)
    return known


def _excluded() -> set[str]:
    """Lower-cased names and codes the country gazetteer leaves out."""
    data = yaml.safe_load(ALIASES_YML.read_text(encoding="utf-8")) or {}
    return {str(x).lower() for key in ("exclude", "exclude_codes") for x in data.get(key) or []}


def cldr_rows() -> list[tuple[str, str, str, str]]:
    """Compute the rows of the CLDR country-name table from Babel's CLDR data.

    Returns:
        ``(euCode, isoCode, name, language)`` rows, sorted by code, language and name.
    """
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    known = _known_names()
    excluded = _excluded()
    codes = sorted(set(EU_COUNTRIES) | _countries_of_aliases_file())
    rows: set[tuple[str, str, str, str]] = set()
    for code in codes:
        if code.lower() in excluded:
            continue
        languages = list(REPLY_LANGUAGES)
        languages += [lang for lang in get_official_languages(code, de_facto=True) if lang]
        for language in languages:
            try:
                name = Locale.parse(language).territories.get(code)
            except (UnknownLocaleError, ValueError):
                continue
            if not name or len(name) < MIN_LENGTH or name.lower() in excluded:
                continue
            owner = known.get(fold(name))
            if owner is not None and owner != code:
                continue
            rows.add((ISO_TO_EU_CODE.get(code, code), code, name, language.split("_")[0]))
    return sorted(rows, key=lambda r: (r[1], r[3], r[2]))


def other_language_rows() -> list[tuple[str, str, str, str]]:
    """Every covered country's name in the sixteen other EU languages (CLDR via Babel).

    Left out: names under four letters, excluded names and names another country already has
    in the reply-language tables. Maltese names lose their article ("il-Ġermanja").

    Returns:
        ``(euCode, isoCode, name, language)`` rows, sorted by code, language and name.
    """
    from babel import Locale

    known = _known_names()
    for _, code, name, _ in cldr_rows():
        known.setdefault(fold(name), code)
    excluded = _excluded()
    codes = sorted(set(EU_COUNTRIES) | _countries_of_aliases_file())
    rows: set[tuple[str, str, str, str]] = set()
    for language in OTHER_EU_LANGUAGES:
        territories = Locale.parse(language).territories
        for code in codes:
            name = territories.get(code)
            if not name or code.lower() in excluded:
                continue
            if language == "mt":
                name = _MT_ARTICLE.sub("", name)
            if len(name) < MIN_LENGTH or name.lower() in excluded | OTHER_EXCLUDED:
                continue
            if known.get(fold(name), code) != code:
                continue  # another country's name in the reply-language tables
            rows.add((ISO_TO_EU_CODE.get(code, code), code, name, language))
    return sorted(rows, key=lambda r: (r[1], r[3], r[2]))


def render(rows: list[tuple[str, ...]], header: tuple[str, ...] = HEADER) -> str:
    """Render rows as the CSV text of a generated table (``;``, quoted, BOM-less; the header of
    :data:`CLDR_CSV` unless another is given: every generated place table is written here)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Print or write the generated table; ``--check`` fails when the committed file differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="write the two tables")
    group.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    tables = {CLDR_CSV: render(cldr_rows()), OTHER_CSV: render(other_language_rows())}
    if args.write:
        for path, text in tables.items():
            path.write_text(text, encoding="utf-8")
    elif args.check:
        stale = [p for p, t in tables.items() if (p.read_text("utf-8") if p.exists() else "") != t]
        return 1 if stale else 0
    else:
        print(tables[CLDR_CSV], end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
