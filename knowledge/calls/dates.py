"""Parsing of portal dates and deadlines (pure functions).

The snapshot writes one ``YYYY-MM-DD`` date per topic; the portal's search API writes timestamps
such as ``2027-02-04T00:00:00.000+0000`` and, for two-stage and multiple cut-off topics, several of
them (a list, or one string with separators). Both are read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Commas, semicolons and bars separate dates; so does whitespace when a new date follows it.
_SEPARATORS_RE = re.compile(r"\s*[,;|]\s*|\s+(?=\d{4}-\d{2}-\d{2})")


def parse_date(value: str) -> date:
    """Parse one portal date: ``2026-09-15`` or ``2026-09-15T00:00:00.000+0000``.

    Only the calendar date is kept: portal deadlines are given as a day (17:00 Brussels time), and
    timestamps are midnight UTC of that day.

    Args:
        value: The text.

    Returns:
        The date.

    Raises:
        ValueError: The text does not start with a valid ``YYYY-MM-DD`` date.
    """
    text = value.strip()
    match = _DATE_RE.match(text)
    if not match or (len(text) > 10 and text[10] not in "T "):
        raise ValueError(f"'{value}' is not a date like 2026-09-15")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None


def parse_deadlines(value: str | Iterable[str] | None) -> tuple[date, ...]:
    """Parse one or several deadlines into a sorted tuple of unique dates.

    Args:
        value: ``None``/empty (no deadline), one date string, a string holding several dates
            separated by commas, semicolons, bars or spaces, or an iterable of date strings.

    Returns:
        The dates in ascending order, without duplicates.

    Raises:
        ValueError: A part is not a valid date; the message quotes it.
    """
    if value is None:
        return ()
    if isinstance(value, str):
        parts = [p for p in _SEPARATORS_RE.split(value.strip()) if p]
    else:
        parts = []
        for item in value:
            if not isinstance(item, str):
                raise ValueError(f"{item!r} is not a date string")
            parts.extend(p for p in _SEPARATORS_RE.split(item.strip()) if p)
    return tuple(sorted({parse_date(p) for p in parts}))


def parse_optional_date(value: str | None) -> date | None:
    """Parse a date that may be missing.

    Args:
        value: A date string, ``""`` or ``None``.

    Returns:
        The date, or ``None``.

    Raises:
        ValueError: The text is present but not a valid date.
    """
    if value is None or not str(value).strip():
        return None
    return parse_date(str(value))
