"""The calls store: one SQLite file with the calls, an FTS5 index and the data's as-of date.

A store is built whole (:meth:`CallStore.build`) into a temporary file next to the target and
swapped in with :func:`os.replace`, so readers see either the old or the new store, and a failed
build leaves the last good one. It is then opened read-only (:meth:`CallStore.open`).

Search = SQL for exact filters (programme, type of action, budget, deadline bounds; see
:mod:`~knowledge.calls.store.filters`) + FTS5 for keyword matching and relevance (weighted
per-column bm25 over title, keywords, description; see :mod:`~knowledge.calls.store.fts`), then
the status rule of :class:`~knowledge.calls.records.Call` applied in Python with the caller's
``today``. A call whose applicant deadlines have all passed is never returned as open or
forthcoming.

Semantic search plugs in through ``rank_hook`` (see :data:`~knowledge.calls.store.fts.RankHook`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.calls.errors import (
    CallsError,
    StoreBuildError,
    StoreCorruptError,
    StoreNotFoundError,
)
from knowledge.calls.query import MatchMode, parse_query
from knowledge.calls.records import STATUSES, Call, Status
from knowledge.calls.results import CallHit, CallSearchResult, StoreInfo
from knowledge.calls.store.filters import (
    check_filters,
    check_statuses,
    classify,
    filters_sql,
    nearest_key,
    sort_key,
)
from knowledge.calls.store.fts import RankHook, apply_hook, candidates
from knowledge.calls.store.schema import SCHEMA_VERSION, load_call, write_database
from knowledge.fsutil import fsync_dir

if TYPE_CHECKING:
    from knowledge.calls.abbreviations import Abbreviations
    from knowledge.calls.topic_mention import Mentions

logger = logging.getLogger(__name__)

BUILD_HINT = "build it with `python -m knowledge calls build`"
#: How many forthcoming calls ``nearest_forthcoming`` lists when nothing is open.
NEAREST_LIMIT = 3


class CallStore:
    """Read-only access to a built calls store. Use :meth:`open` or :meth:`build`."""

    def __init__(self, path: Path, connection: sqlite3.Connection, meta: Mapping[str, str]):
        self.path = path
        self._conn = connection
        self._meta = dict(meta)
        try:
            self.as_of = date.fromisoformat(self._meta["as_of"])
            self.source = self._meta["source"]
            self.count = int(self._meta["count"])
        except (KeyError, ValueError) as exc:
            connection.close()
            raise StoreCorruptError(
                f"{path} has incomplete metadata ({exc}); {BUILD_HINT}"
            ) from None
        self._stat = _file_identity(path)

    # --- building ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        path: str | os.PathLike[str],
        calls: Iterable[Call],
        as_of: date,
        source: str,
    ) -> CallStore:
        """Write a new store file and atomically put it at ``path``; return it opened.

        The database is written to a temporary file in the same directory, checked, then moved
        over ``path`` with :func:`os.replace`. On any failure the temporary file is removed and
        whatever was at ``path`` before is untouched.

        Args:
            path: Target database file (parent directories are created).
            calls: The calls; ids must be unique (case-insensitively).
            as_of: Date the data describes (the snapshot or refresh date).
            source: Human description of where the data came from.

        Returns:
            The new store, opened read-only.

        Raises:
            StoreBuildError: The data is invalid or the file could not be written.
        """
        path = Path(path)
        if type(as_of) is not date:
            raise StoreBuildError(f"as_of must be a date, got {as_of!r}")
        if not source or not source.strip():
            raise StoreBuildError("source must describe where the calls come from")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
        except OSError as exc:
            raise StoreBuildError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
        tmp = Path(tmp_name)
        try:
            count = write_database(tmp, calls, as_of, source)
            _fsync(tmp)
            os.replace(tmp, path)
            fsync_dir(path.parent)
        except Exception as exc:
            tmp.unlink(missing_ok=True)
            problem = str(exc) if isinstance(exc, CallsError) else f"failed ({exc!r})"
            raise StoreBuildError(
                f"building the calls store at {path}: {problem}; the previous store, if any, "
                "is unchanged"
            ) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        logger.info("calls store built at %s: %d calls, as of %s", path, count, as_of)
        return cls.open(path)

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> CallStore:
        """Open an existing store read-only.

        Args:
            path: The database file.

        Returns:
            The store.

        Raises:
            StoreNotFoundError: No file at ``path``.
            StoreCorruptError: The file is not a calls store of this version.
        """
        path = Path(path)
        if not path.is_file():
            raise StoreNotFoundError(f"no calls store at {path}; {BUILD_HINT}")
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreCorruptError(
                f"cannot open calls store {path} ({exc}); {BUILD_HINT}"
            ) from None
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreCorruptError(f"{path} is not a calls store ({exc}); {BUILD_HINT}") from None
        if meta.get("schema_version") != SCHEMA_VERSION:
            conn.close()
            raise StoreCorruptError(
                f"{path} has store schema {meta.get('schema_version')!r}, this code reads "
                f"{SCHEMA_VERSION!r}; {BUILD_HINT}"
            )
        store = cls(path, conn, meta)
        logger.info("calls store opened: %s (%d calls, as of %s)", path, store.count, store.as_of)
        return store

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> CallStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def replaced_on_disk(self) -> bool:
        """Return True when a newer build has replaced the file since it was opened.

        A long-running process (the action server) can check this and :meth:`open` again.
        """
        return _file_identity(self.path) != self._stat

    # --- reading ----------------------------------------------------------------------------

    def get(self, call_id: str) -> Call | None:
        """Return the call with this topic id (case-insensitive), or ``None``.

        Args:
            call_id: A topic id such as ``HORIZON-CL5-2027-04-D2-07``.

        Returns:
            The call, or ``None`` when the store has no such topic.
        """
        if not isinstance(call_id, str) or not call_id.strip():
            return None
        row = self._conn.execute(
            "SELECT record FROM calls WHERE id = ? COLLATE NOCASE", (call_id.strip(),)
        ).fetchone()
        return load_call(row[0]) if row else None

    def all_calls(self) -> list[Call]:
        """Return every call in the store, in build order."""
        return [
            load_call(r[0]) for r in self._conn.execute("SELECT record FROM calls ORDER BY rowid")
        ]

    @cached_property
    def abbreviations(self) -> Abbreviations:
        """The short forms the store's calls define (:mod:`knowledge.calls.abbreviations`).

        Mined from the calls on first use (about a second for 600 calls) and kept with the store.
        """
        from knowledge.calls.abbreviations import mine

        return mine(self.all_calls())

    @cached_property
    def mentions(self) -> Mentions:
        """Which calls write which words (:mod:`knowledge.calls.topic_mention`), built on first
        use and kept with the store."""
        from knowledge.calls.topic_mention import Mentions

        return Mentions.build(self.all_calls())

    def info(self, today: date) -> StoreInfo:
        """Describe the store: as-of date, source, count, and calls per status on ``today``.

        Args:
            today: The date statuses are computed for (from the caller's clock).

        Returns:
            The description.
        """
        by_status = dict.fromkeys(STATUSES, 0)
        for call in self.all_calls():
            by_status[call.status(today)] += 1
        return StoreInfo(self.path, self.as_of, self.source, self.count, today, by_status)

    def search(
        self,
        text: str | None = None,
        *,
        today: date,
        programme: str | None = None,
        action_type: str | None = None,
        budget_min: int | None = None,
        budget_max: int | None = None,
        deadline_from: date | None = None,
        deadline_to: date | None = None,
        status: Sequence[Status] | Status = ("open", "forthcoming"),
        k: int = 10,
        offset: int = 0,
        rank_hook: RankHook | None = None,
    ) -> CallSearchResult:
        """Find calls by text and filters; statuses are computed for ``today``.

        Text is free user input: it is sanitised (never raises, whatever it holds). All its words
        must match; if no call matches them all, calls matching any word are returned
        (``result.match == "any"``). Text with no searchable word (only stop words or emoji)
        applies no text filter.

        Args:
            text: Words to look for in title, keywords and description.
            today: The current date (pass your clock's value; no hidden ``date.today()``).
            programme: Programme name, code or alias (``"Horizon Europe"``, ``"HORIZON"``).
            action_type: Type of action code or name (``"RIA"``, ``"innovation action"``).
            budget_min: Keep calls whose per-grant budget can reach this many euro
                (``budget_max >= budget_min``). Calls without budget figures are left out.
            budget_max: Keep calls whose per-grant budget starts at or below this
                (``budget_min <= budget_max``). Calls without budget figures are left out.
            deadline_from: Keep calls with an applicant deadline on or after this date.
            deadline_to: Keep calls with an applicant deadline on or before this date.
            status: Statuses to return; ``closed`` must be asked for explicitly.
            k: Page size (1-100).
            offset: Number of results to skip (paging).
            rank_hook: Optional re-ranker (semantic search seam), see :data:`RankHook`.

        Returns:
            The page, the total, the data's as-of date and, when nothing matching is open, the
            nearest forthcoming matching calls.

        Raises:
            UnknownProgrammeError: ``programme`` is not recognised.
            UnknownActionTypeError: ``action_type`` is not recognised.
            InvalidFilterError: A filter value is impossible (negative budget, reversed range...).
        """
        statuses = check_statuses(status)
        check_filters(today, budget_min, budget_max, deadline_from, deadline_to, k, offset)
        where, params = filters_sql(
            today,
            programme,
            action_type,
            budget_min,
            budget_max,
            deadline_from,
            deadline_to,
            statuses,
        )
        window = (deadline_from, deadline_to)
        query = parse_query(text)
        query_text = text.strip() if isinstance(text, str) else ""

        hits: list[CallHit] = []
        forthcoming: list[CallHit] = []
        match: MatchMode | None = None
        modes: tuple[MatchMode, ...] = ("all", "any") if len(query.terms) > 1 else ("all",)
        for mode in modes if query else (None,):
            scored = candidates(self._conn, query, mode, where, params)
            if rank_hook is not None and query_text:
                scored = apply_hook(self._conn, rank_hook, query_text, scored, where, params)
            hits, forthcoming = classify(scored, today, statuses, window)
            match = mode
            if hits or forthcoming:
                break

        hits.sort(key=sort_key)
        counts = dict.fromkeys(statuses, 0)
        for hit in hits:
            counts[hit.status] += 1
        nearest: tuple[CallHit, ...] = ()
        if "open" in statuses and counts.get("open", 0) == 0:
            forthcoming.sort(key=nearest_key)
            nearest = tuple(forthcoming[:NEAREST_LIMIT])
        return CallSearchResult(
            items=tuple(hits[offset : offset + k]),
            total=len(hits),
            as_of=self.as_of,
            nearest_forthcoming=nearest,
            today=today,
            terms=query.terms,
            match=match,
            counts=counts,
        )


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
