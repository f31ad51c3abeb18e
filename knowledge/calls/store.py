"""The calls store: one SQLite file with the calls, an FTS5 index and the data's as-of date.

A store is built whole (:meth:`CallStore.build`) into a temporary file next to the target and
swapped in with :func:`os.replace`, so readers see either the old or the new store, and a failed
build leaves the last good one. It is then opened read-only (:meth:`CallStore.open`).

Search = SQL for exact filters (programme, type of action, budget, deadline bounds) + FTS5 for
keyword matching and relevance (weighted per-column bm25 over title, keywords, description), then the status rule of
:class:`~knowledge.calls.records.Call` applied in Python with the caller's ``today``. A call whose
applicant deadlines have all passed is never returned as open or forthcoming.

Semantic search will plug in through ``rank_hook`` (see :data:`RankHook`): it receives the query
text and the keyword candidates and returns the final relevance of the calls to keep; ids it adds
are fetched and filtered like keyword hits.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.calls.errors import (
    CallsError,
    InvalidFilterError,
    StoreBuildError,
    StoreCorruptError,
    StoreNotFoundError,
)
from knowledge.calls.query import FtsQuery, MatchMode, parse_query
from knowledge.calls.records import STATUSES, Call, Status
from knowledge.calls.results import CallHit, CallSearchResult, StoreInfo
from knowledge.calls.text import resolve_action_type, resolve_programme
from knowledge.fsutil import fsync_dir

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
BUILD_HINT = "build it with `python -m knowledge calls build`"
#: How many forthcoming calls ``nearest_forthcoming`` lists when nothing is open.
NEAREST_LIMIT = 3
MAX_K = 100

#: ``rank_hook(query_text, [(call_id, keyword_score), ...]) -> {call_id: relevance}``.
#: Calls missing from the result are dropped; ids not among the candidates are added when they
#: pass the filters. Higher relevance ranks first.
RankHook = Callable[[str, Sequence[tuple[str, float]]], Mapping[str, float]]

_TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"
#: Searchable text columns and their weight in the relevance score.
FIELD_WEIGHTS = {"title": 4.0, "keywords": 2.0, "description": 1.0}

# calls_fts (all three columns) decides which calls match; one FTS table per column scores them,
# so each column has its own length normalisation (FTS5's bm25 normalises by the length of the
# whole row, which would let a short record with an empty description beat a longer one that
# matches in both title and description). All are external-content tables over ``calls``.
_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE calls (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE COLLATE NOCASE,
    programme_code TEXT,
    programme TEXT NOT NULL,
    action_type TEXT,
    budget_min INTEGER,
    budget_max INTEGER,
    first_deadline TEXT,
    last_deadline TEXT,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    keywords TEXT NOT NULL,
    description TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX calls_programme ON calls (programme_code);
CREATE INDEX calls_last_deadline ON calls (last_deadline);
CREATE VIRTUAL TABLE calls_fts USING fts5(
    title, keywords, description, content = 'calls', content_rowid = 'rowid', {_TOKENIZE}
);
CREATE VIRTUAL TABLE title_fts USING fts5(
    title, content = 'calls', content_rowid = 'rowid', {_TOKENIZE}
);
CREATE VIRTUAL TABLE keywords_fts USING fts5(
    keywords, content = 'calls', content_rowid = 'rowid', {_TOKENIZE}
);
CREATE VIRTUAL TABLE description_fts USING fts5(
    description, content = 'calls', content_rowid = 'rowid', {_TOKENIZE}
);
"""
_FTS_TABLES = ("calls_fts", "title_fts", "keywords_fts", "description_fts")


def _fts_keywords(call: Call) -> str:
    return " ; ".join((*call.keywords, call.id, call.call_id, call.call_title))


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
            count = _write_database(tmp, calls, as_of, source)
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
        return _load(row[0]) if row else None

    def all_calls(self) -> list[Call]:
        """Return every call in the store, in build order."""
        return [_load(r[0]) for r in self._conn.execute("SELECT record FROM calls ORDER BY rowid")]

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
        statuses = _check_statuses(status)
        _check_filters(today, budget_min, budget_max, deadline_from, deadline_to, k, offset)
        where, params = self._filters_sql(
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
            scored = self._candidates(query, mode, where, params)
            if rank_hook is not None and query_text:
                scored = self._apply_hook(rank_hook, query_text, scored, where, params)
            hits, forthcoming = _classify(scored, today, statuses, window)
            match = mode
            if hits or forthcoming:
                break

        hits.sort(key=_sort_key)
        counts = dict.fromkeys(statuses, 0)
        for hit in hits:
            counts[hit.status] += 1
        nearest: tuple[CallHit, ...] = ()
        if "open" in statuses and counts.get("open", 0) == 0:
            forthcoming.sort(key=_nearest_key)
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

    # --- internals --------------------------------------------------------------------------

    def _filters_sql(
        self,
        today: date,
        programme: str | None,
        action_type: str | None,
        budget_min: int | None,
        budget_max: int | None,
        deadline_from: date | None,
        deadline_to: date | None,
        statuses: tuple[Status, ...],
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if programme is not None and str(programme).strip():
            where.append("c.programme_code = ?")
            params.append(resolve_programme(str(programme)).code)
        if action_type is not None and str(action_type).strip():
            where.append("c.action_type = ?")
            params.append(resolve_action_type(str(action_type)))
        if budget_min is not None:
            where.append("c.budget_max IS NOT NULL AND c.budget_max >= ?")
            params.append(budget_min)
        if budget_max is not None:
            where.append("c.budget_min IS NOT NULL AND c.budget_min <= ?")
            params.append(budget_max)
        if "closed" not in statuses:
            # Pre-filter only; Call.status() is the authority.
            where.append("(c.last_deadline IS NULL OR c.last_deadline >= ?)")
            params.append(today.isoformat())
        if deadline_from is not None:
            where.append("c.last_deadline >= ?")
            params.append(deadline_from.isoformat())
        if deadline_to is not None:
            where.append("c.first_deadline <= ?")
            params.append(deadline_to.isoformat())
        return where, params

    def _candidates(
        self, query: FtsQuery, mode: MatchMode | None, where: list[str], params: list[Any]
    ) -> list[tuple[Call, float]]:
        clause = " AND ".join(where)
        if mode is None or not query:
            sql = "SELECT c.rowid, c.record FROM calls c" + (f" WHERE {clause}" if clause else "")
            return [(_load(record), 0.0) for _, record in self._conn.execute(sql, params)]
        sql = (
            "SELECT c.rowid, c.record FROM calls_fts JOIN calls c ON c.rowid = calls_fts.rowid "
            "WHERE calls_fts MATCH ?" + (f" AND {clause}" if clause else "")
        )
        rows = self._conn.execute(sql, [query.match(mode), *params]).fetchall()
        scores = self._field_scores(query, {rowid for rowid, _ in rows})
        return [(_load(record), scores.get(rowid, 0.0)) for rowid, record in rows]

    def _field_scores(self, query: FtsQuery, rowids: set[int]) -> dict[int, float]:
        """Weighted sum of per-column bm25 scores (higher is better) for the given rows."""
        scores: dict[int, float] = {}
        if not rowids:
            return scores
        expression = query.match("any")
        for column, weight in FIELD_WEIGHTS.items():
            table = f"{column}_fts"
            sql = f"SELECT rowid, bm25({table}) FROM {table} WHERE {table} MATCH ?"
            for rowid, bm25 in self._conn.execute(sql, (expression,)):
                if rowid in rowids:
                    scores[rowid] = scores.get(rowid, 0.0) - weight * bm25
        return scores

    def _apply_hook(
        self,
        hook: RankHook,
        text: str,
        scored: list[tuple[Call, float]],
        where: list[str],
        params: list[Any],
    ) -> list[tuple[Call, float]]:
        ranking = hook(text, [(call.id, score) for call, score in scored])
        by_id = {call.id: call for call, _ in scored}
        missing = [cid for cid in ranking if cid not in by_id]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            clause = " AND ".join([f"c.id IN ({marks})", *where])
            rows = self._conn.execute(
                f"SELECT c.record FROM calls c WHERE {clause}", [*chunk, *params]
            )
            for (record,) in rows:
                call = _load(record)
                by_id[call.id] = call
        return [(by_id[cid], float(score)) for cid, score in ranking.items() if cid in by_id]


# --- helpers ----------------------------------------------------------------------------------


def _load(record: str) -> Call:
    return Call.from_dict(json.loads(record))


def _classify(
    scored: list[tuple[Call, float]],
    today: date,
    statuses: tuple[Status, ...],
    window: tuple[date | None, date | None],
) -> tuple[list[CallHit], list[CallHit]]:
    """Split candidates into hits (status and deadline window fit) and forthcoming ones."""
    hits: list[CallHit] = []
    forthcoming: list[CallHit] = []
    for call, score in scored:
        state = call.status(today)
        if not _in_window(call, today, window, include_past="closed" in statuses):
            continue
        hit = CallHit(call, state, call.next_deadline(today), score)
        if state == "forthcoming":
            forthcoming.append(hit)
        if state in statuses:
            hits.append(hit)
    return hits, forthcoming


def _in_window(
    call: Call, today: date, window: tuple[date | None, date | None], include_past: bool
) -> bool:
    start, end = window
    if start is None and end is None:
        return True
    deadlines = call.applicant_deadlines
    if not include_past:
        deadlines = tuple(d for d in deadlines if d >= today)
    return any((start is None or d >= start) and (end is None or d <= end) for d in deadlines)


def _sort_key(hit: CallHit) -> tuple[float, bool, date, str]:
    # Relevance first (to 6 significant digits, so float noise does not hide equal scores), then
    # nearest deadline; calls without a deadline ahead (closed) go after those with one.
    return (
        -float(f"{hit.score:.6g}"),
        hit.next_deadline is None,
        hit.next_deadline or date.max,
        hit.call.id,
    )


def _nearest_key(hit: CallHit) -> tuple[date, date, str]:
    return (hit.call.opening_date or date.max, hit.next_deadline or date.max, hit.call.id)


def _check_statuses(status: Sequence[Status] | Status) -> tuple[Status, ...]:
    values = (status,) if isinstance(status, str) else tuple(status)
    bad = [s for s in values if s not in STATUSES]
    if not values or bad:
        raise InvalidFilterError(
            f"status must be some of {', '.join(STATUSES)}, got {', '.join(map(str, bad)) or 'none'}"
        )
    return tuple(dict.fromkeys(values))


def _check_filters(
    today: date,
    budget_min: int | None,
    budget_max: int | None,
    deadline_from: date | None,
    deadline_to: date | None,
    k: int,
    offset: int,
) -> None:
    if not isinstance(today, date):
        raise InvalidFilterError(f"today must be a date, got {today!r}")
    for name, value in (("budget_min", budget_min), ("budget_max", budget_max)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise InvalidFilterError(f"{name} must be a non-negative number of euro, got {value!r}")
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise InvalidFilterError(
            f"budget_min {budget_min} is above budget_max {budget_max}; swap them"
        )
    if deadline_from and deadline_to and deadline_from > deadline_to:
        raise InvalidFilterError(
            f"the deadline window starts {deadline_from} after it ends {deadline_to}"
        )
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise InvalidFilterError(f"k must be between 1 and {MAX_K}, got {k!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidFilterError(f"offset must be 0 or more, got {offset!r}")


def _write_database(path: Path, calls: Iterable[Call], as_of: date, source: str) -> int:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(_SCHEMA)
        seen: dict[str, str] = {}
        count = 0
        for call in calls:
            if not isinstance(call, Call):
                raise StoreBuildError(f"expected Call records, got {type(call).__name__}")
            key = call.id.casefold()
            if key in seen:
                raise StoreBuildError(
                    f"topic id '{call.id}' appears twice (also as '{seen[key]}'); de-duplicate "
                    "the calls before building"
                )
            seen[key] = call.id
            applicant = call.applicant_deadlines
            conn.execute(
                "INSERT INTO calls (id, programme_code, programme, action_type, budget_min, "
                "budget_max, first_deadline, last_deadline, content_hash, title, keywords, "
                "description, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    call.id,
                    call.programme_code,
                    call.programme,
                    call.action_type,
                    call.budget_min,
                    call.budget_max,
                    applicant[0].isoformat() if applicant else None,
                    applicant[-1].isoformat() if applicant else None,
                    call.content_hash,
                    call.title,
                    _fts_keywords(call),
                    call.description,
                    json.dumps(call.to_dict(), ensure_ascii=False),
                ),
            )
            count += 1
        meta = {
            "schema_version": SCHEMA_VERSION,
            "as_of": as_of.isoformat(),
            "source": source.strip(),
            "count": str(count),
        }
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
        for table in _FTS_TABLES:
            conn.execute(f"INSERT INTO {table} ({table}) VALUES ('rebuild')")
        conn.commit()
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreBuildError(f"the new calls store failed its integrity check: {check}")
        return count
    except sqlite3.Error as exc:
        raise StoreBuildError(f"writing the calls store failed ({exc})") from exc
    finally:
        conn.close()


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
