"""``calls`` commands: build, refresh, info and search the calls store.

Wire into the top-level parser with ``register(subparsers)`` (also exported as
``add_calls_commands`` to follow :mod:`knowledge.cli`'s naming). Each leaf command sets
``handler`` (``args -> exit code``) with ``set_defaults``. The handlers catch their own
:class:`~knowledge.calls.errors.CallsError` and end with one sentence on stderr and exit code 2,
so they work whatever the top-level ``main`` catches. Standalone: ``python -m knowledge.calls``.

The clock lives here: ``--today`` or, by default, the machine's date; the library only ever gets
``today`` as an argument.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp

from knowledge.calls.dates import parse_date
from knowledge.calls.errors import CallsError, StoreBuildError
from knowledge.calls.ingest import SNAPSHOT_AS_OF, SNAPSHOT_SOURCE, load_closed_ids, read_snapshot
from knowledge.calls.paths import CLOSED_IDS_PATH, ENV_STORE_PATH, SNAPSHOT_PATH, default_store_path
from knowledge.calls.portal_client import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
)
from knowledge.calls.records import STATUSES
from knowledge.calls.refresh import refresh
from knowledge.calls.results import CallHit, CallSearchResult
from knowledge.calls.store import MAX_K, CallStore
from knowledge.calls.text import action_type_label

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USER_ERROR = 2

Handler = Callable[[argparse.Namespace], int]


# --- argument types ---------------------------------------------------------------------------


def _date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_EUROS_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*([kKmM]?)$")


def _euros_arg(text: str) -> int:
    cleaned = text.strip().replace("_", "").replace(",", "").replace("€", "").replace("EUR", "")
    match = _EUROS_RE.match(cleaned.strip())
    if not match:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an amount in euro (examples: 500000, 500k, 2.5M)"
        )
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return round(float(match.group(1)) * factor)


def _k_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= value <= MAX_K:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_K}, got {value}")
    return value


def _offset_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {value}")
        return value

    return parse


def _seconds_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 600, got {value:g}")
    return value


def _url_arg(text: str) -> str:
    url = text.strip()
    if not re.match(r"^https?://[^/\s]+", url):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an http(s) URL (example: {DEFAULT_BASE_URL})"
        )
    return url


def _status_arg(text: str) -> tuple[str, ...]:
    values = tuple(v.strip().lower() for v in text.split(",") if v.strip())
    bad = [v for v in values if v not in STATUSES]
    if not values or bad:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a comma-separated list of {', '.join(STATUSES)}"
        )
    return values


# --- handlers ---------------------------------------------------------------------------------


def _user_errors(handler: Handler) -> Handler:
    """Turn CallsError into one sentence on stderr and exit code 2 (1 for a failed build).

    ``refresh`` reports its own failures (exit code 1); this only catches user mistakes there.
    """

    @functools.wraps(handler)
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CallsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILURE if isinstance(exc, StoreBuildError) else EXIT_USER_ERROR

    return wrapped


def _today(args: argparse.Namespace) -> date:
    return args.today or date.today()


@_user_errors
def _cmd_build(args: argparse.Namespace) -> int:
    path = default_store_path(args.db)
    closed = load_closed_ids(args.closed_ids) if args.closed_ids else frozenset()
    calls, report = read_snapshot(args.snapshot, closed_ids=closed)
    shipped = Path(args.snapshot).resolve() == SNAPSHOT_PATH.resolve()
    source = SNAPSHOT_SOURCE if shipped else f"snapshot file {Path(args.snapshot).name}"
    as_of = args.as_of or SNAPSHOT_AS_OF
    with CallStore.build(path, calls, as_of=as_of, source=source) as store:
        print(report.summary())
        print(f"calls store written to {store.path} ({store.count} calls, data as of {as_of})")
    return EXIT_OK


@_user_errors
def _cmd_refresh(args: argparse.Namespace) -> int:
    timeout = DEFAULT_TIMEOUT
    if args.timeout is not None:
        timeout = aiohttp.ClientTimeout(
            total=args.timeout,
            connect=min(args.timeout, DEFAULT_TIMEOUT.connect or args.timeout),
            sock_connect=min(args.timeout, DEFAULT_TIMEOUT.sock_connect or args.timeout),
            sock_read=min(args.timeout, DEFAULT_TIMEOUT.sock_read or args.timeout),
        )
    report = asyncio.run(
        refresh(
            args.db,
            today=_today(args),
            base_url=args.base_url,
            max_pages=args.max_pages,
            max_attempts=args.max_attempts,
            timeout=timeout,
        )
    )
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    if not report.ok:
        print(report.summary(), file=sys.stderr)
        return EXIT_FAILURE
    if not args.json:
        print(report.summary())
        for skipped in report.skipped[:10]:
            print(f"  skipped {skipped}")
        if len(report.skipped) > 10:
            print(f"  ... and {len(report.skipped) - 10} more skipped (see --json)")
    return EXIT_OK


@_user_errors
def _cmd_info(args: argparse.Namespace) -> int:
    today = _today(args)
    with CallStore.open(default_store_path(args.db)) as store:
        info = store.info(today)
    if args.json:
        payload = {
            "path": str(info.path),
            "as_of": info.as_of.isoformat(),
            "source": info.source,
            "count": info.count,
            "today": today.isoformat(),
            "by_status": dict(info.by_status),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"store:   {info.path}")
    print(f"source:  {info.source}")
    print(f"as of:   {info.as_of} ({_age(info.as_of, today)})")
    print(f"calls:   {info.count}")
    counts = ", ".join(f"{n} {s}" for s, n in info.by_status.items())
    print(f"on {today}: {counts}")
    return EXIT_OK


@_user_errors
def _cmd_search(args: argparse.Namespace) -> int:
    today = _today(args)
    with CallStore.open(default_store_path(args.db)) as store:
        result = store.search(
            args.text,
            today=today,
            programme=args.programme,
            action_type=args.type,
            budget_min=args.budget_min,
            budget_max=args.budget_max,
            deadline_from=args.deadline_after,
            deadline_to=args.deadline_before,
            status=args.status,
            k=args.k,
            offset=args.offset,
        )
    if args.json:
        payload = result.to_dict(args.text)
        payload.update(
            today=today.isoformat(),
            terms=list(result.terms),
            counts=dict(result.counts),
        )
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(_format_result(result, today))
    return EXIT_OK


def _age(as_of: date, today: date) -> str:
    days = (today - as_of).days
    if days == 0:
        return "today"
    return f"{days} days before {today}" if days > 0 else f"{-days} days after {today}"


def _format_hit(number: int, hit: CallHit) -> str:
    call = hit.call
    deadline = hit.next_deadline or call.final_deadline
    budget = ""
    if call.budget_max:
        if call.budget_min and call.budget_min != call.budget_max:
            budget = f", EUR {call.budget_min:,}-{call.budget_max:,} per grant"
        else:
            budget = f", up to EUR {call.budget_max:,} per grant"
    return (
        f"{number:>2}. [{hit.status}] {call.title}\n"
        f"    {call.id} | {call.programme or 'programme not given'} | "
        f"{action_type_label(call.action_type)} | deadline {deadline or 'none given'}{budget}\n"
        f"    {call.url}"
    )


def _format_result(result: CallSearchResult, today: date) -> str:
    lines = [
        f"Data as of {result.as_of} ({_age(result.as_of, today)}); status on {today}.",
        f"{result.total} matching calls ("
        + ", ".join(f"{n} {s}" for s, n in result.counts.items())
        + ")"
        + (f"; words searched: {' '.join(result.terms)}" if result.terms else "")
        + (" (no call had all of them; showing calls with some)" if result.match == "any" else "")
        + ".",
    ]
    if "open" in result.counts and result.none_open:
        lines.append(f"No matching call is open on {today}.")
    lines += [_format_hit(i, hit) for i, hit in enumerate(result.items, start=1)]
    if result.nearest_forthcoming:
        lines.append("Nearest forthcoming matching calls:")
        lines += [_format_hit(i, h) for i, h in enumerate(result.nearest_forthcoming, start=1)]
    return "\n".join(lines)


# --- parser -----------------------------------------------------------------------------------


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"calls store file (default: ${ENV_STORE_PATH}, else var/calls/calls.sqlite)",
    )


def _today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="compute open/forthcoming/closed for this date instead of the machine's date",
    )


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
    _db_option(build)
    build.add_argument(
        "--snapshot",
        metavar="PATH",
        default=str(SNAPSHOT_PATH),
        help="portal snapshot in JSON lines (default: the shipped ft_portal_topics_2026-08.jsonl)",
    )
    build.add_argument(
        "--as-of",
        type=_date_arg,
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
    build.set_defaults(handler=_cmd_build)

    refresh_cmd = commands.add_parser(
        "refresh",
        help="refresh the store from the EU Funding & Tenders portal search API (atomic swap)",
        description="Fetch every open and forthcoming grant topic from the portal's search API "
        "and, only if everything was fetched, swap in a new store dated --today. On any failure "
        "the previous store stays and its as-of date is printed (exit code 1).",
    )
    _db_option(refresh_cmd)
    refresh_cmd.add_argument(
        "--base-url",
        type=_url_arg,
        default=DEFAULT_BASE_URL,
        metavar="URL",
        help=f"search endpoint (default: {DEFAULT_BASE_URL})",
    )
    refresh_cmd.add_argument(
        "--today",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="as-of date of the new data and date of the status counts (default: the machine's)",
    )
    refresh_cmd.add_argument(
        "--max-pages",
        type=_bounded_int(1, 10_000),
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=f"fail rather than request more than N pages of 100 (default {DEFAULT_MAX_PAGES})",
    )
    refresh_cmd.add_argument(
        "--max-attempts",
        type=_bounded_int(1, 20),
        default=DEFAULT_MAX_ATTEMPTS,
        metavar="N",
        help=f"attempts per page on 429/5xx/network errors (default {DEFAULT_MAX_ATTEMPTS})",
    )
    refresh_cmd.add_argument(
        "--timeout",
        type=_seconds_arg,
        metavar="SECONDS",
        help=f"limit for each request (default {DEFAULT_TIMEOUT.total:g} s; 10 s to connect)",
    )
    refresh_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    refresh_cmd.set_defaults(handler=_cmd_refresh)

    info = commands.add_parser(
        "info",
        help="show the store's as-of date, source and calls per status",
        description="Describe the calls store.",
    )
    _db_option(info)
    _today_option(info)
    info.add_argument("--json", action="store_true", help="print JSON instead of text")
    info.set_defaults(handler=_cmd_info)

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
        type=_euros_arg,
        metavar="EUR",
        help="per-grant budget must reach at least this (e.g. 500k, 2M)",
    )
    search.add_argument(
        "--budget-max",
        type=_euros_arg,
        metavar="EUR",
        help="per-grant budget must start at or below this (e.g. 3M)",
    )
    search.add_argument(
        "--deadline-after",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="only calls with a deadline on or after this date",
    )
    search.add_argument(
        "--deadline-before",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="only calls with a deadline on or before this date",
    )
    search.add_argument(
        "--status",
        type=_status_arg,
        default=("open", "forthcoming"),
        metavar="LIST",
        help="comma-separated statuses to show (default: open,forthcoming; add closed to see "
        "past calls)",
    )
    _today_option(search)
    search.add_argument(
        "--k",
        type=_k_arg,
        default=10,
        metavar="N",
        help=f"results per page, 1-{MAX_K} (default 10)",
    )
    search.add_argument(
        "--offset", type=_offset_arg, default=0, metavar="N", help="skip the first N results"
    )
    search.add_argument("--json", action="store_true", help="print the call_results JSON payload")
    _db_option(search)
    search.set_defaults(handler=_cmd_search)
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
