"""The handlers of ``calls build|refresh|info|search``: arguments in, output and exit code out.

Each handler catches its own :class:`~knowledge.calls.errors.CallsError` and ends with one
sentence on stderr and exit code 2 (1 for a failed build), so it works whatever the top-level
``main`` catches. The clock lives here: ``--today`` or, by default, the machine's date; the
library only ever gets ``today`` as an argument.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import sys
from datetime import date
from pathlib import Path

import aiohttp

from knowledge.calls.cli.format import age, format_result
from knowledge.calls.errors import CallsError, StoreBuildError
from knowledge.calls.ingest import SNAPSHOT_AS_OF, SNAPSHOT_SOURCE, load_closed_ids, read_snapshot
from knowledge.calls.paths import SNAPSHOT_PATH, default_store_path
from knowledge.calls.portal_client import DEFAULT_TIMEOUT
from knowledge.calls.refresh import refresh
from knowledge.calls.store import CallStore
from knowledge.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USER_ERROR,
    Handler,
    report_error,
)


def user_errors(handler: Handler) -> Handler:
    """Turn CallsError into one sentence on stderr and exit code 2 (1 for a failed build).

    ``refresh`` reports its own failures (exit code 1); this only catches user mistakes there.
    """

    @functools.wraps(handler)
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CallsError as exc:
            return report_error(
                exc, EXIT_FAILURE if isinstance(exc, StoreBuildError) else EXIT_USER_ERROR
            )

    return wrapped


def _today(args: argparse.Namespace) -> date:
    return args.today or date.today()


@user_errors
def cmd_build(args: argparse.Namespace) -> int:
    """``calls build``: build the store from the snapshot."""
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


@user_errors
def cmd_refresh(args: argparse.Namespace) -> int:
    """``calls refresh``: refresh the store from the portal (exit code 1 on failure)."""
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


@user_errors
def cmd_info(args: argparse.Namespace) -> int:
    """``calls info``: describe the store."""
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
    print(f"as of:   {info.as_of} ({age(info.as_of, today)})")
    print(f"calls:   {info.count}")
    counts = ", ".join(f"{n} {s}" for s, n in info.by_status.items())
    print(f"on {today}: {counts}")
    return EXIT_OK


@user_errors
def cmd_search(args: argparse.Namespace) -> int:
    """``calls search``: search the store and print the result."""
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
        print(format_result(result, today))
    return EXIT_OK
