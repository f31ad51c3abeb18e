"""Argument types and shared options of the ``calls`` commands (dates, euro amounts, statuses...).

Whole numbers use :func:`knowledge.cli.common.whole_number`, the one rule of the whole CLI.
"""

from __future__ import annotations

import argparse
import re
from datetime import date

from knowledge.calls.dates import parse_date
from knowledge.calls.paths import ENV_STORE_PATH
from knowledge.calls.portal_client import DEFAULT_BASE_URL
from knowledge.calls.records import STATUSES


def date_arg(text: str) -> date:
    """Argparse type: a ``YYYY-MM-DD`` date."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_EUROS_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*([kKmM]?)$")


def euros_arg(text: str) -> int:
    """Argparse type: an amount in euro (``500000``, ``500k``, ``2.5M``)."""
    cleaned = text.strip().replace("_", "").replace(",", "").replace("€", "").replace("EUR", "")
    match = _EUROS_RE.match(cleaned.strip())
    if not match:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an amount in euro (examples: 500000, 500k, 2.5M)"
        )
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return round(float(match.group(1)) * factor)


def seconds_arg(text: str) -> float:
    """Argparse type: seconds, more than 0 and at most 600."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 600, got {value:g}")
    return value


def url_arg(text: str) -> str:
    """Argparse type: an http(s) URL."""
    url = text.strip()
    if not re.match(r"^https?://[^/\s]+", url):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an http(s) URL (example: {DEFAULT_BASE_URL})"
        )
    return url


def status_arg(text: str) -> tuple[str, ...]:
    """Argparse type: a comma-separated list of statuses."""
    values = tuple(v.strip().lower() for v in text.split(",") if v.strip())
    bad = [v for v in values if v not in STATUSES]
    if not values or bad:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a comma-separated list of {', '.join(STATUSES)}"
        )
    return values


def db_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--db PATH`` (the calls store file) to ``parser``."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"calls store file (default: ${ENV_STORE_PATH}, else var/calls/calls.sqlite)",
    )


def today_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--today YYYY-MM-DD`` (the date statuses are computed for) to ``parser``."""
    parser.add_argument(
        "--today",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="compute open/forthcoming/closed for this date instead of the machine's date",
    )
