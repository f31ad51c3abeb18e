"""Normalisation of user-facing filter values: countries and sectors.

Users (and spaCy entities) say "Germany", "German", "Deutschland", "de" or "Germny"; the data says
``DE``. They say "ICT", "food" or "medtech"; the data says "Digital & ICT", "Agri-food", "Health &
Medical Devices". The functions here map free text onto the codes and labels the data uses, and
return ``None`` rather than guessing when they cannot.

Lookup tables are built lazily on first use (pycountry + the shipped CORDIS country-name table).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from knowledge.errors import FilterValueError
from taxonomy.countries import (
    COUNTRY_ADJECTIVES,
    COUNTRY_ALIASES,
    COUNTRY_NAME_FILES,
    DISPLAY_NAMES,
    EU_CODE_TO_ISO,
    OTHER_LANGUAGE_NAME_FILES,
    read_country_aliases,
    read_country_names,
)
from taxonomy.labels import LABEL_NOISE, LEVEL_WORDS
from taxonomy.sectors import SECTOR_ALIASES, SECTORS, read_sector_aliases
from taxonomy.text import fold

_TAXONOMIES = Path(__file__).resolve().parent / "data" / "taxonomies"
#: The country-name tables (CORDIS, then CLDR), shared with the bot's spaCy gazetteer.
COUNTRY_NAMES_CSVS = tuple(_TAXONOMIES / name for name in COUNTRY_NAME_FILES)
#: Curated country aliases, shared with the bot's spaCy gazetteer.
COUNTRY_ALIASES_YML = _TAXONOMIES / "countries.yml"
#: Curated sector aliases, shared with the bot's spaCy gazetteer.
SECTOR_ALIASES_YML = _TAXONOMIES / "sectors.yml"


def _strip_article(key: str) -> str:
    for article in ("the ", "la ", "le ", "el ", "die "):
        if key.startswith(article):
            return key[len(article) :]
    return key


@cache
def _country_lookup() -> dict[str, str]:
    """Map folded country names, codes and adjectives to ISO alpha-2 codes."""
    lookup: dict[str, str] = {}

    def add(name: str, code: str, *, overwrite: bool = False) -> None:
        key = _strip_article(fold(name))
        if key and (overwrite or key not in lookup):
            lookup[key] = code

    for country in pycountry.countries:
        code = country.alpha_2
        add(code, code)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                add(value, code)
    for csv_path in COUNTRY_NAMES_CSVS:
        if csv_path.exists():
            for code, name in read_country_names(csv_path):
                add(code, code)
                add(name, code)
    for name_file in OTHER_LANGUAGE_NAME_FILES:  # "Saksa", "Vācija": never over a name above
        if (_TAXONOMIES / name_file).exists():
            for code, name in read_country_names(_TAXONOMIES / name_file):
                add(name, code)
    for eu_code, iso in EU_CODE_TO_ISO.items():
        add(eu_code, iso, overwrite=True)
    for table in (COUNTRY_ALIASES, COUNTRY_ADJECTIVES):
        for code, names in table.items():
            for name in names:
                add(name, code, overwrite=True)
    # The bot's curated aliases and misspellings last, never replacing a name read above.
    if COUNTRY_ALIASES_YML.exists():
        for code, alias in read_country_aliases(COUNTRY_ALIASES_YML):
            add(alias, code)
    return lookup


def normalise_country(text: str | None) -> str | None:
    """Map a country code, name, adjective or native name to its ISO 3166-1 alpha-2 code.

    Case- and accent-insensitive. EU codes are mapped to ISO (``EL`` -> ``GR``, ``UK`` -> ``GB``).

    Args:
        text: e.g. ``"de"``, ``"Germany"``, ``"German"``, ``"Deutschland"``, ``"the UK"``.

    Returns:
        The code (``"DE"``), or ``None`` when the text is not a recognised country.
    """
    if not text or not isinstance(text, str):
        return None
    key = _strip_article(fold(text))
    if not key:
        return None
    return _country_lookup().get(key)


def country_name(code: str) -> str:
    """Return the usual English name of a country code.

    Args:
        code: ISO alpha-2 code (EU codes ``EL``/``UK`` accepted), any case.

    Returns:
        e.g. ``"Germany"`` for ``"DE"``; the input unchanged when it is not a known code.
    """
    iso = EU_CODE_TO_ISO.get(code.upper(), code.upper())
    if iso in DISPLAY_NAMES:
        return DISPLAY_NAMES[iso]
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def _suggestion_candidates() -> dict[str, str]:
    """Folded names (not codes) -> code, for spelling suggestions."""
    return {key: code for key, code in _country_lookup().items() if len(key) > 3}


def suggest_country(text: str | None) -> str | None:
    """Suggest the country a misspelt name most likely meant.

    Args:
        text: e.g. ``"Germny"``.

    Returns:
        The English country name (``"Germany"``), or ``None`` when nothing is close.
    """
    if not text or not isinstance(text, str):
        return None
    exact = normalise_country(text)
    if exact:
        return country_name(exact)
    key = _strip_article(fold(text))
    if len(key) < 3:
        return None
    candidates = _suggestion_candidates()
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.75)
    return country_name(candidates[close[0]]) if close else None


def misspelt_country_code(text: str | None, cutoff: float) -> str | None:
    """The country a misspelt name means, when it is at least ``cutoff`` alike to one of the
    country's names in any language ("espagn" -> "espagne" -> ES, "Hungray" -> HU).

    Args:
        text: One word or name as the user wrote it.
        cutoff: Least ``difflib`` ratio between the folded text and the closest name.

    Returns:
        The ISO code (also for an exact name), or ``None``.
    """
    if not text or not isinstance(text, str):
        return None
    exact = normalise_country(text)
    if exact:
        return exact
    key = _strip_article(fold(text))
    if len(key) < 4:
        return None
    candidates = _suggestion_candidates()
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=cutoff)
    return candidates[close[0]] if close else None


#: What to do when a country is not recognised and nothing is close.
COUNTRY_HINT = "give its name (in English or in your language) or its ISO code (e.g. DE, FR)"


def unknown_country_message(value: str, suggestion: str | None) -> str:
    """THE wording of "unknown country", for the CLI, the search and the chat alike.

    Args:
        value: The value as given, e.g. ``"Germny"``.
        suggestion: The closest country name (:func:`suggest_country`), if any.

    Returns:
        ``"country 'Germny' not recognised; did you mean Germany?"``, or without a suggestion
        ``"country 'Xyz' not recognised; give its name (in English or in your language) or its ISO code (e.g. DE, FR)"``.
    """
    hint = f"did you mean {suggestion}?" if suggestion else COUNTRY_HINT
    return f"country {value!r} not recognised; {hint}"


@dataclass(frozen=True)
class CountryCheck:
    """A country filter value, checked.

    Attributes:
        value: The value as given.
        code: Its ISO alpha-2 code, or ``None`` when it is not recognised.
        suggestion: The closest country name when it is not recognised, if any.
    """

    value: str
    code: str | None
    suggestion: str | None = None

    @property
    def problem(self) -> str | None:
        """The one-sentence problem (:func:`unknown_country_message`), ``None`` if recognised."""
        return None if self.code else unknown_country_message(self.value, self.suggestion)


def check_country(value: str) -> CountryCheck:
    """Normalise a user's country filter value, with a suggestion when it is not recognised.

    The one place that decides what a country filter value means: the search's filters, the
    chat's entities, slots and forms all call it.

    Args:
        value: e.g. ``"Germany"``, ``"de"``, ``"Germny"``.

    Returns:
        The check: ``code`` set when recognised, else ``suggestion`` (possibly ``None``).
    """
    code = normalise_country(value)
    return CountryCheck(value, code, None if code else suggest_country(value))


def resolve_country(value: str) -> str:
    """Return the ISO code of a country filter value, or fail with the one wording.

    Raises:
        FilterValueError: The value is not recognised (message as :func:`unknown_country_message`).
    """
    check = check_country(value)
    if check.code is None:
        raise FilterValueError(check.problem or "")
    return check.code


@cache
def _sector_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for label in SECTORS:
        lookup[fold(label)] = label
        lookup[fold(label.replace("&", " "))] = label
    for label, aliases in SECTOR_ALIASES.items():
        for alias in aliases.split(","):
            lookup.setdefault(fold(alias), label)
    # The bot's curated aliases and misspellings last, never replacing a word read above.
    if SECTOR_ALIASES_YML.exists():
        for label, alias in read_sector_aliases(SECTOR_ALIASES_YML):
            lookup.setdefault(fold(alias), label)
    return lookup


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalise_sector(text: str | None) -> str | None:
    """Map free text onto one of the 23 fixed sector labels.

    Tries, in order: the label itself (any case, ``&`` or ``and``), a known alias ("ICT",
    "food", "medtech"), the singular form, then the longest known alias contained in the text
    as whole words ("renewable energy projects" -> "Energy").

    Args:
        text: e.g. ``"agrifood"``, ``"Health"``, ``"textile recycling"``.

    Returns:
        The sector label, or ``None`` when nothing matches.
    """
    if not text or not isinstance(text, str):
        return None
    key = fold(text)
    if not key:
        return None
    lookup = _sector_lookup()
    if key in lookup:
        return lookup[key]
    singular = " ".join(_singular(w) for w in key.split())
    if singular in lookup:
        return lookup[singular]
    padded = f" {key} "
    best: tuple[int, str] | None = None
    for alias, label in lookup.items():
        if len(alias) > 2 and f" {alias} " in padded and (best is None or len(alias) > best[0]):
            best = (len(alias), label)
    return best[1] if best else None


def suggest_sector(text: str | None) -> str | None:
    """Suggest the sector label closest to a misspelt sector name.

    Args:
        text: e.g. ``"agrifod"``.

    Returns:
        A sector label, or ``None`` when nothing is close.
    """
    if not text or not isinstance(text, str):
        return None
    exact = normalise_sector(text)
    if exact:
        return exact
    lookup = _sector_lookup()
    close = difflib.get_close_matches(fold(text), list(lookup), n=1, cutoff=0.75)
    return lookup[close[0]] if close else None


def resolve_sector(value: str) -> str:
    """Return the sector label of a sector filter value, or fail naming the closest label.

    Raises:
        FilterValueError: ``"sector 'zebra' not recognised"`` (plus ``"; did you mean X?"``).
    """
    label = normalise_sector(value)
    if label is None:
        guess = suggest_sector(value)
        hint = f"; did you mean {guess}?" if guess else ""
        raise FilterValueError(f"sector {value!r} not recognised{hint}")
    return label


def normalise_label(text: str | None) -> str | None:
    """Map what a user says about excellence labels onto the partner search's label filter.

    Args:
        text: e.g. ``"gold label"``, ``"ECEI Gold"``, ``"gold-labelled"``, ``"any label"``,
            ``"labelled clusters"``.

    Returns:
        ``"gold"``, ``"silver"`` or ``"bronze"`` when the text names one level; ``"any"`` when it
        names none (any labelled profile); otherwise the folded words that are left (matched as
        words of the profile's label); ``None`` for blank or non-text input.
    """
    if not text or not isinstance(text, str):
        return None
    words = fold(text).split()
    if not words:
        return None
    levels = [LEVEL_WORDS[w] for w in words if w in LEVEL_WORDS]
    if len(set(levels)) == 1:
        return levels[0]
    rest = [w for w in words if w not in LABEL_NOISE]
    return " ".join(rest) if rest else "any"
