"""Live refresh of the calls store from the EU Funding & Tenders portal search API.

:func:`refresh` fetches every open and forthcoming grant topic (one :class:`aiohttp.ClientSession`
for the whole run), and only when the fetch fully succeeded writes a new store with
:meth:`CallStore.build <knowledge.calls.store.CallStore.build>` (temporary file + atomic swap) with
``as_of = today``. On any failure (network, refused request, malformed envelope, incomplete
paging, no usable topics, too many unusable results, a failed build) nothing is written: the last
good store stays as it was and the :class:`RefreshReport` says what failed and the as-of date of
the data still being served. :func:`refresh` does not raise for those failures.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp

from knowledge.calls.errors import CallsError, StoreNotFoundError
from knowledge.calls.paths import default_store_path
from knowledge.calls.portal_client import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    FetchResult,
    PortalClient,
)
from knowledge.calls.portal_parse import SkippedResult
from knowledge.calls.records import STATUSES, Call, Status
from knowledge.calls.store import CallStore

logger = logging.getLogger(__name__)

#: ``source`` written into a refreshed store.
PORTAL_SOURCE = (
    "EU Funding & Tenders portal search API ({url}): grant topics open or forthcoming on {today}"
)
USER_AGENT = "cluster-assistant-calls-refresh/0.1 (aiohttp)"
#: A refresh fails when more than this share of the results cannot be used: the server probably
#: ignored the filter (it then returns FAQ documents), and a store built from the rest would miss
#: most calls.
MAX_SKIPPED_SHARE = 0.5
BUILD_HINT = "build one with `python -m knowledge calls build`"

ClientFactory = Callable[[aiohttp.ClientSession], PortalClient]


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh did, or why it did nothing.

    Attributes:
        ok: True when a new store was written.
        store_path: The store file.
        today: The refresh date (the new store's as-of date when ``ok``).
        serving_as_of: As-of date of the data now at ``store_path`` (the new data when ``ok``, the
            previous store's otherwise); ``None`` when there is no readable store.
        error: One sentence saying what failed, ``None`` when ``ok``.
        source: ``source`` of the store now served, when known.
        expected: ``totalResults`` announced by the portal.
        fetched: Results received.
        pages: Pages received.
        duplicates: Results dropped as repeats of a topic (newest record kept).
        skipped: Results skipped as malformed or not grant topics, with reasons.
        degraded: ``(topic id, problem)`` of calls kept despite a malformed field.
        stored: Calls written to the new store.
        by_status: Calls of the new store per status on ``today``.
        changes: Against the previous store: ``added``, ``changed``, ``unchanged``, ``removed``.
        elapsed: Seconds the refresh took.
    """

    ok: bool
    store_path: Path
    today: date
    serving_as_of: date | None
    error: str | None = None
    source: str | None = None
    expected: int = 0
    fetched: int = 0
    pages: int = 0
    duplicates: int = 0
    skipped: tuple[SkippedResult, ...] = ()
    degraded: tuple[tuple[str, str], ...] = ()
    stored: int = 0
    by_status: Mapping[Status, int] = field(default_factory=dict)
    changes: Mapping[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    def summary(self) -> str:
        """Return one sentence for people (the CLI prints it)."""
        if not self.ok:
            if self.serving_as_of is None:
                still = f"no calls store exists at {self.store_path} yet; {BUILD_HINT}"
            else:
                still = f"still serving data as of {self.serving_as_of}"
            return f"refresh failed: {self.error}; {still}"
        statuses = ", ".join(f"{self.by_status.get(s, 0)} {s}" for s in STATUSES)
        return (
            f"refreshed {self.store_path}: {self.stored} calls from the EU Funding & Tenders "
            f"portal ({self.fetched} results on {self.pages} pages, {self.duplicates} duplicates "
            f"dropped, {len(self.skipped)} malformed skipped, {len(self.degraded)} kept with a "
            f"damaged field); on {self.today}: {statuses}; data as of {self.serving_as_of}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (for ``--json`` and logs)."""
        return {
            "ok": self.ok,
            "store_path": str(self.store_path),
            "today": self.today.isoformat(),
            "serving_as_of": self.serving_as_of.isoformat() if self.serving_as_of else None,
            "error": self.error,
            "source": self.source,
            "expected": self.expected,
            "fetched": self.fetched,
            "pages": self.pages,
            "duplicates": self.duplicates,
            "skipped": [
                {"identifier": s.identifier, "reference": s.reference, "reason": s.reason}
                for s in self.skipped
            ],
            "degraded": [{"identifier": i, "problem": p} for i, p in self.degraded],
            "stored": self.stored,
            "by_status": dict(self.by_status),
            "changes": dict(self.changes),
            "elapsed": round(self.elapsed, 3),
        }


async def refresh(
    store_path: str | os.PathLike[str] | None = None,
    *,
    today: date,
    base_url: str = DEFAULT_BASE_URL,
    client_factory: ClientFactory | None = None,
    session: aiohttp.ClientSession | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT,
    max_skipped_share: float = MAX_SKIPPED_SHARE,
) -> RefreshReport:
    """Fetch all open and forthcoming grant topics and swap in a new store if all went well.

    Args:
        store_path: The store file; ``$CLUSTER_CALLS_DB`` or the default when ``None``.
        today: The refresh date: the new store's as-of date and the date statuses are counted for.
        base_url: The portal's search endpoint (used by the default client).
        client_factory: Builds the client from the session (tests inject fast sleeps here);
            by default a :class:`PortalClient` with ``base_url``, ``max_pages``, ``max_attempts``
            and ``timeout``.
        session: A session to use (not closed here); by default one is opened for this run.
        max_pages: Page cap of the default client.
        max_attempts: Attempts per page of the default client.
        timeout: Per-request timeouts of the default client.
        max_skipped_share: Fail when more than this share of the results is unusable.

    Returns:
        The report; ``report.ok`` is False, with ``report.error`` set, on any failure.
    """
    path = default_store_path(store_path)
    started = time.monotonic()

    def factory(client_session: aiohttp.ClientSession) -> PortalClient:
        return PortalClient(
            client_session,
            base_url=base_url,
            max_pages=max_pages,
            max_attempts=max_attempts,
            timeout=timeout,
        )

    make_client = client_factory or factory
    try:
        if session is not None:
            fetched = await make_client(session).fetch_all()
        else:
            async with aiohttp.ClientSession(
                timeout=timeout, headers={"User-Agent": USER_AGENT}
            ) as own_session:
                fetched = await make_client(own_session).fetch_all()
    except CallsError as exc:
        return _failed(path, today, str(exc), started)
    except ValueError as exc:  # a bad argument of the client (page size, attempts...)
        return _failed(path, today, str(exc), started)
    except Exception as exc:  # a bug or an error nobody foresaw: keep the store, say so
        logger.exception("calls refresh: unexpected error")
        return _failed(path, today, f"unexpected error ({exc!r})", started)

    problem = _check(fetched, max_skipped_share)
    if problem:
        return _failed(path, today, problem, started, fetched)

    previous = _previous_hashes(path)
    source = PORTAL_SOURCE.format(url=fetched.base_url, today=today)
    try:
        store = CallStore.build(path, fetched.calls, as_of=today, source=source)
    except CallsError as exc:
        return _failed(path, today, str(exc), started, fetched)
    with store:
        by_status = store.info(today).by_status
        as_of = store.as_of
    report = RefreshReport(
        ok=True,
        store_path=path,
        today=today,
        serving_as_of=as_of,
        source=source,
        stored=len(fetched.calls),
        by_status=by_status,
        changes=_changes(previous, fetched.calls),
        elapsed=time.monotonic() - started,
        **_counts(fetched),
    )
    logger.debug("%s", report.summary())
    return report


def _check(fetched: FetchResult, max_skipped_share: float) -> str | None:
    if not fetched.calls:
        reasons = "; ".join(str(s) for s in fetched.skipped[:3])
        return (
            f"the portal returned no usable grant topic ({fetched.received} results"
            + (f"; e.g. {reasons}" if reasons else "")
            + "), but open and forthcoming calls were expected"
        )
    if fetched.received and len(fetched.skipped) > max_skipped_share * fetched.received:
        reasons = "; ".join(str(s) for s in fetched.skipped[:3])
        return (
            f"{len(fetched.skipped)} of {fetched.received} results were not usable grant topics "
            f"(e.g. {reasons}); the portal may have ignored the search filter"
        )
    return None


def _counts(fetched: FetchResult) -> dict[str, Any]:
    return {
        "expected": fetched.expected,
        "fetched": fetched.received,
        "pages": fetched.pages,
        "duplicates": len(fetched.duplicates),
        "skipped": fetched.skipped,
        "degraded": fetched.degraded,
    }


def _failed(
    path: Path, today: date, error: str, started: float, fetched: FetchResult | None = None
) -> RefreshReport:
    as_of, source = _current_store(path)
    report = RefreshReport(
        ok=False,
        store_path=path,
        today=today,
        serving_as_of=as_of,
        error=error,
        source=source,
        elapsed=time.monotonic() - started,
        **(_counts(fetched) if fetched else {}),
    )
    # The caller owns the report (the CLI prints it); keep the log quiet to avoid saying it twice.
    logger.debug("%s", report.summary())
    return report


def _current_store(path: Path) -> tuple[date | None, str | None]:
    """As-of date and source of the store at ``path``, or ``(None, None)`` if unreadable."""
    try:
        with CallStore.open(path) as store:
            return store.as_of, store.source
    except StoreNotFoundError:
        return None, None
    except CallsError as exc:
        logger.error("the calls store at %s cannot be read: %s", path, exc)
        return None, None


def _previous_hashes(path: Path) -> dict[str, str]:
    try:
        with CallStore.open(path) as store:
            return {call.id: call.content_hash for call in store.all_calls()}
    except CallsError:
        return {}


def _changes(previous: Mapping[str, str], calls: tuple[Call, ...]) -> dict[str, int]:
    current = {call.id: call.content_hash for call in calls}
    same = sum(1 for i, h in current.items() if previous.get(i) == h)
    added = sum(1 for i in current if i not in previous)
    return {
        "added": added,
        "changed": len(current) - same - added,
        "unchanged": same,
        "removed": sum(1 for i in previous if i not in current),
    }
