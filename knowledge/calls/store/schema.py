"""The calls store's file format: SQLite schema, FTS5 tables and how a call is stored.

Owns the schema version, the tables (``meta``, ``calls`` and four external-content FTS5 tables),
the relevance weight of each searchable column and the JSON form of a call in the ``record``
column (:func:`write_database` writes it, :func:`load_call` reads it back).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from knowledge.calls.errors import StoreBuildError
from knowledge.calls.records import Call

SCHEMA_VERSION = "1"

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


def load_call(record: str) -> Call:
    """Read a call back from its ``record`` column (JSON).

    Args:
        record: The stored JSON text.

    Returns:
        The call.
    """
    return Call.from_dict(json.loads(record))


def write_database(path: Path, calls: Iterable[Call], as_of: date, source: str) -> int:
    """Write a complete store into a new SQLite file (the caller swaps it into place).

    Args:
        path: The new, empty database file.
        calls: The calls; ids must be unique (case-insensitively).
        as_of: Date the data describes.
        source: Human description of where the data came from.

    Returns:
        The number of calls written.

    Raises:
        StoreBuildError: The data is invalid or SQLite failed.
    """
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
