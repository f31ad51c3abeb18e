"""The message catalogues: every text the assistant writes itself, in each reply language.

One owner for the assistant's own words. Responses of the domain, the actions' reply templates,
buttons, the web widget's strings and the Slack and Teams card labels all come from here, so a
test can check that no key lacks a language (``tests/i18n``). Data that exists only in English
(profile descriptions, call titles) is shown as it is and never goes through here.

Imported by both environments: depends on the standard library, Babel and :mod:`taxonomy`.

Usage::

    from i18n import text, plural, reply_language
    text("partners.none_found", "de", query="Wasserstoff")
    plural("partners.found", 3, "pl")   # "Znalazłem 3 klastry" (the Polish "few" form)

The catalogue files and their conventions are described in :mod:`i18n.catalogue`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_currency

from i18n.catalogue import ROOT, CatalogueError, Language, load_all, problems
from i18n.places import country_label
from taxonomy.languages import REPLY_LANGUAGES

DEFAULT_LANGUAGE = "en"

__all__ = [
    "DEFAULT_LANGUAGE",
    "REPLY_LANGUAGES",
    "CatalogueError",
    "bundle",
    "catalogue_problems",
    "country_label",
    "format_date",
    "format_euro",
    "has",
    "plural",
    "reply_language",
    "text",
]


@lru_cache(maxsize=1)
def _languages() -> dict[str, Language]:
    return load_all(ROOT)


def reply_language(code: Any) -> str:
    """The language to reply in for a detected or chosen language code.

    Args:
        code: An ISO 639-1 code (any case) or anything else.

    Returns:
        ``code`` lower-cased when it is one of :data:`REPLY_LANGUAGES`, else English.
    """
    if isinstance(code, str) and code.lower() in REPLY_LANGUAGES:
        return code.lower()
    return DEFAULT_LANGUAGE


def _entry(key: str, language: str):
    languages = _languages()
    chosen = languages.get(reply_language(language))
    entry = chosen.entries.get(key) if chosen else None
    if entry is None:
        entry = languages[DEFAULT_LANGUAGE].entries.get(key)
        chosen = languages[DEFAULT_LANGUAGE]
    if entry is None:
        raise KeyError(f"no message {key!r} in the catalogues (i18n/locales/en)")
    return entry, chosen


def has(key: str) -> bool:
    """Whether the English catalogue has ``key``."""
    return key in _languages()[DEFAULT_LANGUAGE].entries


def text(key: str, language: Any = DEFAULT_LANGUAGE, /, **fields: Any) -> str:
    """The text of ``key`` in ``language`` (English when not a reply language), filled in.

    Args:
        key: A message id, ``<domain>.<name>``.
        language: The conversation's language code.
        **fields: Values of the template's named placeholders.

    Raises:
        KeyError: The key is in no catalogue, or a placeholder has no value.
    """
    entry, _ = _entry(key, language)
    return entry.forms[0].format(**fields) if fields else entry.forms[0]


def plural(key: str, count: int, language: Any = DEFAULT_LANGUAGE, /, **fields: Any) -> str:
    """The plural form of ``key`` that the language uses for ``count``, filled in.

    ``count`` is also available to the template as ``{count}``.
    """
    entry, chosen = _entry(key, language)
    index = chosen.plural_index(count) if entry.plural else 0
    form = entry.forms[min(index, len(entry.forms) - 1)]
    return form.format(count=count, **fields)


def bundle(prefix: str, language: Any = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Every message whose key starts with ``prefix``, for a client (the widget's strings).

    English fills any key the language lacks; plural keys give their first form.
    """
    languages = _languages()
    merged: dict[str, str] = {}
    for code in (DEFAULT_LANGUAGE, reply_language(language)):
        for key, entry in languages[code].entries.items():
            if key.startswith(prefix):
                merged[key] = entry.forms[0]
    return merged


def format_date(value: date, language: Any = DEFAULT_LANGUAGE, style: str = "long") -> str:
    """A date written the way the language writes it ("5 December 2026", "5. Dezember 2026")."""
    return _babel_format_date(value, format=style, locale=reply_language(language))


def format_euro(amount: Any, language: Any = DEFAULT_LANGUAGE) -> str:
    """A whole amount in euros the way the language writes it ("€1,500,000", "1.500.000 €")."""
    code = reply_language(language)
    pattern = Locale.parse(code).currency_formats["standard"].pattern.split(";")[0]
    return format_currency(
        int(amount), "EUR", locale=code, format=pattern.replace(".00", ""), currency_digits=False
    )


def catalogue_problems() -> list[str]:
    """Everything wrong with the shipped catalogues (see :func:`i18n.catalogue.problems`)."""
    return problems(load_all(ROOT), REPLY_LANGUAGES)
