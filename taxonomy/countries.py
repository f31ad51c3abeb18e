"""Country names: the one reader of each country-name file, and the EU/ISO code table.

Two files in ``knowledge/data/taxonomies``, both read by the spaCy gazetteer and by the partner
search's country filter, so both map every name to the same code:

* ``country_names_multilingual.csv``: CORDIS reference data, ``;``-separated UTF-8 with a BOM,
  columns ``euCode;isoCode;name;language`` (:func:`read_country_names`);
* ``country_names_cldr.csv``: the same columns, generated from Unicode CLDR (via Babel) by
  :mod:`bot.nlu.cldr_countries`: names in the eight reply languages and the endonyms of the EU
  countries and the others of ``countries.yml`` (also read by :func:`read_country_names`);
* ``countries.yml``: curated adjectives, native names, short forms and misspellings
  (:func:`read_country_aliases`; the gazetteer validates the file in full).

Also here: the EU/ISO code table, and the country filter's own name tables (display names,
aliases and adjectives that win over pycountry's and the CORDIS names; the gazetteer has its own
in ``countries.yml``, and ``tests/taxonomy`` checks that the two never disagree).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from taxonomy.entries import aliases_of, read_entries
from taxonomy.errors import TaxonomyError

_MISSING = ("", "NULL")

#: The country-name tables in ``knowledge/data/taxonomies`` read by :func:`read_country_names`,
#: in the order both readers (the gazetteer and the country filter) apply them.
COUNTRY_NAME_FILES: tuple[str, ...] = ("country_names_multilingual.csv", "country_names_cldr.csv")

#: Country names in the sixteen other EU languages (generated from CLDR by
#: :mod:`bot.nlu.cldr_countries`): read by the place finder and the country filter, never
#: ruler patterns (the training data is annotated with the ruler's entities).
OTHER_LANGUAGE_NAME_FILES: tuple[str, ...] = ("country_names_other_eu.csv",)

#: Country codes of EU bodies (CORDIS, Eurostat's NUTS) that differ from ISO 3166-1 alpha-2.
EU_CODE_TO_ISO: dict[str, str] = {"EL": "GR", "UK": "GB"}
#: The same table the other way: ISO 3166-1 alpha-2 -> NUTS country code.
ISO_TO_EU_CODE: dict[str, str] = {iso: eu for eu, iso in EU_CODE_TO_ISO.items()}

#: The 27 member states of the European Union (ISO 3166-1 alpha-2), since 1 February 2020.
EU_MEMBER_STATES: frozenset[str] = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
#: The European Union as a place ("outside the EU", "außerhalb der EU", "hors de l'UE", "fuera
#: de la Unión Europea", "poza Unią Europejską", "buiten de Europese Unie"): its abbreviations in
#: the 24 EU languages, matched in capitals only ("EU", "UE", "EÚ", "ΕΕ", "ЕС"; "ES" and "EL"
#: are Spanish words), and its name in the eight reply languages, matched folded.
EU_ABBREVIATIONS: tuple[str, ...] = ("EU", "UE", "EÚ", "ΕΕ", "ЕС")
EU_NAMES: tuple[str, ...] = (
    "european union", "europaische union", "europaischen union", "union europeenne",
    "union europea", "unione europea", "unia europejska", "unii europejskiej",
    "unia europejskiej", "europese unie", "uniao europeia",
)  # fmt: skip

#: Display names where pycountry's is long or not what users expect.
DISPLAY_NAMES = {
    "GB": "United Kingdom",
    "CZ": "Czechia",
    "TR": "Türkiye",
    "MD": "Moldova",
    "RU": "Russia",
    "KR": "South Korea",
    "VA": "Vatican City",
    "BA": "Bosnia and Herzegovina",
    "XK": "Kosovo",
}

#: Extra names: short forms, historic names, native names not in the CORDIS table; they win
#: over pycountry's and the CORDIS names.
COUNTRY_ALIASES = {
    "GB": [
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "United Kingdom",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ],
    "GR": ["Greece", "Hellas", "Ellada", "Ελλάδα", "Hellenic Republic"],
    "CZ": ["Czechia", "Czech Republic", "Česko", "Česká republika", "Czech"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "NL": ["Holland", "Nederland", "The Netherlands"],
    "BE": ["België", "Belgique", "Belgien"],
    "AT": ["Österreich"],
    "CH": ["Schweiz", "Suisse", "Svizzera"],
    "DK": ["Danmark"],
    "SE": ["Sverige"],
    "NO": ["Norge", "Noreg"],
    "FI": ["Suomi"],
    "IS": ["Ísland"],
    "IE": ["Éire", "Eire"],
    "PT": ["Portugal"],
    "HU": ["Magyarország"],
    "RO": ["România"],
    "BG": ["България", "Bulgariya"],
    "HR": ["Hrvatska"],
    "SI": ["Slovenija"],
    "SK": ["Slovensko", "Slovak Republic"],
    "EE": ["Eesti"],
    "LV": ["Latvija"],
    "LT": ["Lietuva"],
    "LU": ["Lëtzebuerg"],
    "CY": ["Κύπρος", "Kypros", "Kıbrıs"],
    "MT": ["Malta"],
    "RS": ["Srbija", "Србија"],
    "ME": ["Crna Gora", "Црна Гора"],
    "MK": ["North Macedonia", "Macedonia", "Северна Македонија", "Severna Makedonija"],
    "BA": ["Bosnia", "Bosnia-Herzegovina", "Bosna i Hercegovina"],
    "AL": ["Shqipëria", "Shqiperia"],
    "UA": ["Україна", "Ukraina"],
    "MD": ["Moldova"],
    "GE": ["Sakartvelo"],
    "RU": ["Russia"],
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "America"],
    "KR": ["South Korea", "Korea"],
}

#: Adjectives (and a few demonyms) users put before "clusters", "partners", "companies".
COUNTRY_ADJECTIVES = {
    "AT": ["Austrian"],
    "BE": ["Belgian", "Flemish", "Walloon"],
    "BG": ["Bulgarian"],
    "HR": ["Croatian"],
    "CY": ["Cypriot"],
    "CZ": ["Czech"],
    "DK": ["Danish"],
    "EE": ["Estonian"],
    "FI": ["Finnish"],
    "FR": ["French"],
    "DE": ["German"],
    "GR": ["Greek", "Hellenic"],
    "HU": ["Hungarian"],
    "IE": ["Irish"],
    "IT": ["Italian"],
    "LV": ["Latvian"],
    "LT": ["Lithuanian"],
    "LU": ["Luxembourgish", "Luxembourg", "Luxembourger"],
    "MT": ["Maltese"],
    "NL": ["Dutch"],
    "PL": ["Polish"],
    "PT": ["Portuguese"],
    "RO": ["Romanian"],
    "SK": ["Slovak", "Slovakian"],
    "SI": ["Slovenian", "Slovene"],
    "ES": ["Spanish"],
    "SE": ["Swedish"],
    "NO": ["Norwegian"],
    "IS": ["Icelandic"],
    "CH": ["Swiss"],
    "LI": ["Liechtensteiner"],
    "GB": ["British", "English", "Scottish", "Welsh"],
    "TR": ["Turkish"],
    "RS": ["Serbian"],
    "ME": ["Montenegrin"],
    "MK": ["Macedonian", "North Macedonian"],
    "BA": ["Bosnian"],
    "AL": ["Albanian"],
    "UA": ["Ukrainian"],
    "MD": ["Moldovan"],
    "GE": ["Georgian"],
    "AM": ["Armenian"],
    "IL": ["Israeli"],
    "TN": ["Tunisian"],
    "MA": ["Moroccan"],
    "US": ["American"],
    "CA": ["Canadian"],
    "JP": ["Japanese"],
    "CN": ["Chinese"],
    "IN": ["Indian"],
    "BR": ["Brazilian"],
}


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
    for number, entry in read_entries(yml_path):
        code = entry.get("value")
        if not isinstance(code, str):
            raise TaxonomyError(yml_path, 0, "entries", f"entry {number} is malformed: {entry!r}")
        for alias in aliases_of(entry):
            yield code.strip(), alias
