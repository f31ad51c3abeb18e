"""The ``calls`` command group's parser: build, refresh, info and search the calls store.

Wire into the top-level parser with ``register(subparsers)`` (also exported as
``add_calls_commands`` to follow :mod:`knowledge.cli.app`'s naming). Each leaf command sets
``handler`` (``args -> exit code``, see :mod:`~knowledge.calls.cli.commands`) with
``set_defaults``. Standalone: ``python -m knowledge.calls``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from knowledge.calls.cli.args import (
    date_arg,
    db_option,
    euros_arg,
    seconds_arg,
    status_arg,
    today_option,
    url_arg,
)
from knowledge.calls.cli.commands import cmd_build, cmd_info, cmd_refresh, cmd_search
from knowledge.calls.ingest import SNAPSHOT_AS_OF
from knowledge.calls.paths import CLOSED_IDS_PATH, SNAPSHOT_PATH
from knowledge.calls.portal_client import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    MAX_ATTEMPTS_LIMIT,
    MAX_PAGES_LIMIT,
)
from knowledge.calls.store import MAX_K
from knowledge.cli.common import whole_number


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``calls`` command group (``build``, ``refresh``, ``info``, ``search``) to a parser.

    Args:
        subparsers: The object returned by ``parser.add_subparsers()``.

    Returns:
        The ``calls`` parser.
    """
    calls = subparsers.add_parser(
        "calls",
        help="EU funding calls: build or refresh the local store, show its date, search it",
        description="EU Funding & Tenders calls: from the shipped portal snapshot or the "
        "portal's search API.",
    )
    commands = calls.add_subparsers(dest="calls_command", metavar="COMMAND", required=True)

    build = commands.add_parser(
        "build",
        help="build the calls store from the shipped snapshot (atomic replace)",
        description="Read the portal snapshot, repair its text and write a new store; a failed "
        "build leaves the previous store in place.",
    )
    db_option(build)
    build.add_argument(
        "--snapshot",
        metavar="PATH",
        default=str(SNAPSHOT_PATH),
        help="portal snapshot in JSON lines (default: the shipped ft_portal_topics_2026-08.jsonl)",
    )
    build.add_argument(
        "--as-of",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help=f"date the snapshot was taken (default: {SNAPSHOT_AS_OF}, the shipped snapshot's)",
    )
    build.add_argument(
        "--closed-ids",
        metavar="PATH",
        default=str(CLOSED_IDS_PATH),
        help="JSON list of topics known to be closed; pass '' to skip "
        "(default: the shipped 2026-08-10 list)",
    )
    build.set_defaults(handler=cmd_build)

    refresh_cmd = commands.add_parser(
        "refresh",
        help="refresh the store from the EU Funding & Tenders portal search API (atomic swap)",
        description="Fetch every open and forthcoming grant topic from the portal's search API "
        "and, only if everything was fetched, swap in a new store dated --today. On any failure "
        "the previous store stays and its as-of date is printed (exit code 1).",
    )
    db_option(refresh_cmd)
    refresh_cmd.add_argument(
        "--base-url",
        type=url_arg,
        default=DEFAULT_BASE_URL,
        metavar="URL",
        help=f"search endpoint (default: {DEFAULT_BASE_URL})",
    )
    refresh_cmd.add_argument(
        "--today",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="as-of date of the new data and date of the status counts (default: the machine's)",
    )
    refresh_cmd.add_argument(
        "--max-pages",
        type=whole_number(1, MAX_PAGES_LIMIT),
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=f"fail rather than request more than N pages of 100 (default {DEFAULT_MAX_PAGES})",
    )
    refresh_cmd.add_argument(
        "--max-attempts",
        type=whole_number(1, MAX_ATTEMPTS_LIMIT),
        default=DEFAULT_MAX_ATTEMPTS,
        metavar="N",
        help=f"attempts per page on 429/5xx/network errors (default {DEFAULT_MAX_ATTEMPTS})",
    )
    refresh_cmd.add_argument(
        "--timeout",
        type=seconds_arg,
        metavar="SECONDS",
        help=f"limit for each request (default {DEFAULT_TIMEOUT.total:g} s; 10 s to connect)",
    )
    refresh_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    refresh_cmd.set_defaults(handler=cmd_refresh)

    info = commands.add_parser(
        "info",
        help="show the store's as-of date, source and calls per status",
        description="Describe the calls store.",
    )
    db_option(info)
    today_option(info)
    info.add_argument("--json", action="store_true", help="print JSON instead of text")
    info.set_defaults(handler=cmd_info)

    search = commands.add_parser(
        "search",
        help="search calls by words and filters",
        description="Search calls; by default only open and forthcoming ones, most relevant "
        "first, then nearest deadline.",
    )
    search.add_argument(
        "text", nargs="?", default=None, help="words to look for (title, keywords, description)"
    )
    search.add_argument(
        "--programme", metavar="NAME", help="programme name or code, e.g. 'Horizon Europe', LIFE"
    )
    search.add_argument(
        "--type", metavar="TYPE", help="type of action, e.g. RIA, IA, CSA, grant, prize"
    )
    search.add_argument(
        "--budget-min",
        type=euros_arg,
        metavar="EUR",
        help="per-grant budget must reach at least this (e.g. 500k, 2M)",
    )
    search.add_argument(
        "--budget-max",
        type=euros_arg,
        metavar="EUR",
        help="per-grant budget must start at or below this (e.g. 3M)",
    )
    search.add_argument(
        "--deadline-after",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="only calls with a deadline on or after this date",
    )
    search.add_argument(
        "--deadline-before",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help="only calls with a deadline on or before this date",
    )
    search.add_argument(
        "--status",
        type=status_arg,
        default=("open", "forthcoming"),
        metavar="LIST",
        help="comma-separated statuses to show (default: open,forthcoming; add closed to see "
        "past calls)",
    )
    today_option(search)
    search.add_argument(
        "--k",
        type=whole_number(1, MAX_K),
        default=10,
        metavar="N",
        help=f"results per page, 1-{MAX_K} (default 10)",
    )
    search.add_argument(
        "--offset", type=whole_number(0), default=0, metavar="N", help="skip the first N results"
    )
    search.add_argument("--json", action="store_true", help="print the call_results JSON payload")
    db_option(search)
    search.set_defaults(handler=cmd_search)
    return calls


#: Same function under the naming convention of :mod:`knowledge.cli`.
add_calls_commands = register


def build_parser() -> argparse.ArgumentParser:
    """Return a stand-alone parser with only the ``calls`` group (tests, ``-m knowledge.calls``)."""
    parser = argparse.ArgumentParser(prog="python -m knowledge.calls")
    register(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the stand-alone calls CLI (``python -m knowledge.calls search "batteries"``).

    Args:
        argv: Arguments with or without the leading ``calls``; ``sys.argv[1:]`` by default.

    Returns:
        The exit code: 0 ok, 2 user mistake, 1 failed build or refresh.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in ("calls", "-h", "--help"):
        argv.insert(0, "calls")
    args = build_parser().parse_args(argv)
    return int(args.handler(args))
