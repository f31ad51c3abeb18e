"""The field rules the hand-written YAML data files share (fact cards, instrument catalogue).

A text field is a non-empty string, read with its runs of white space folded to one space; a
date field is a YAML date or a ``YYYY-MM-DD`` string. Each loader raises its own error (naming
its file, entry and field) with the problem these functions' callers word the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def folded_text(value: Any) -> str | None:
    """``value`` with its white space folded, or None when it is not a non-empty string.

    Args:
        value: The field's value as YAML read it.

    Returns:
        The text (``"  Euro\\nclusters "`` gives ``"Euro clusters"``), or None.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(value.split())


def iso_day(value: Any) -> date | None:
    """The date of a YAML date or a ``YYYY-MM-DD`` string, or None.

    Args:
        value: The field's value as YAML read it (a datetime is not a date here).

    Returns:
        The date, or None when ``value`` is neither.
    """
    if type(value) is date:
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
