"""Result feedback: the :class:`FeedbackStore` seam and its SQLite implementation (stdlib only).

The accepted values are :data:`actions.dialogue.parsing.FEEDBACK_VALUES`. Every implementation
passes ``tests/contracts/test_feedback_store.py``. The SQLite file is
``CLUSTER_FEEDBACK_DB`` (default ``<repo>/var/feedback.db``, see
:func:`knowledge.config.feedback_db_path`), opened on first use, never at import time.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from actions.dialogue.parsing import FEEDBACK_VALUES

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    value TEXT NOT NULL CHECK (value IN ('useful', 'not_useful')),
    search_kind TEXT,
    query TEXT,
    context TEXT,
    created_at TEXT NOT NULL
)
"""


def feedback_row(
    conversation_id: str, value: str, last_search: dict[str, Any] | None
) -> tuple[Any, ...]:
    """The stored columns of one feedback row (every store writes the same, same limits):
    conversation id, value, search kind, query, the search as JSON, creation time (ISO UTC).

    Raises:
        ValueError: ``value`` is not ``useful`` or ``not_useful``.
    """
    if value not in FEEDBACK_VALUES:
        raise ValueError(f"feedback value must be 'useful' or 'not_useful', got {value!r}")
    last = last_search if isinstance(last_search, dict) else {}
    return (
        str(conversation_id)[:200],
        value,
        str(last.get("kind"))[:20] if last.get("kind") else None,
        str(last.get("query"))[:500] if last.get("query") else None,
        json.dumps(last, ensure_ascii=False, default=str)[:5000] if last else None,
        datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


@runtime_checkable
class FeedbackStore(Protocol):
    """Where "Useful" / "Not useful" feedback is recorded (append-only).

    Safe to call from several threads and processes at once.
    """

    def add(
        self, conversation_id: str, value: str, last_search: dict[str, Any] | None = None
    ) -> int:
        """Stores one feedback row and returns its id.

        Raises:
            ValueError: ``value`` is not ``useful`` or ``not_useful`` (nothing stored).
        """
        ...

    def rows(self) -> list[dict[str, Any]]:
        """All rows, oldest first: ``id``, ``conversation_id``, ``value``, ``search_kind``,
        ``query``, ``context`` (JSON text), ``created_at``."""
        ...

    def for_conversation(self, conversation_id: str) -> list[dict[str, Any]]:
        """The rows of one conversation, oldest first (same keys as :meth:`rows`)."""
        ...

    def delete_conversation(self, conversation_id: str) -> int:
        """Deletes every row of a conversation (erasure); returns how many."""
        ...

    def delete_before(self, cutoff: str) -> int:
        """Deletes rows whose ``created_at`` is before ``cutoff`` (ISO 8601 UTC); returns how many."""
        ...


class SQLiteFeedbackStore:
    """Append-only feedback table in one SQLite file (a :class:`FeedbackStore`)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path)
        conn.execute(_SCHEMA)
        return conn

    def add(
        self, conversation_id: str, value: str, last_search: dict[str, Any] | None = None
    ) -> int:
        """Stores one feedback row and returns its id.

        Raises:
            ValueError: ``value`` is not ``useful`` or ``not_useful``.
        """
        row = feedback_row(conversation_id, value, last_search)
        with self._lock, self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO feedback (conversation_id, value, search_kind, query, context,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid)

    def rows(self) -> list[dict[str, Any]]:
        """All rows, oldest first (for reports and tests)."""
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM feedback ORDER BY id")]

    def for_conversation(self, conversation_id: str) -> list[dict[str, Any]]:
        """The rows of one conversation, oldest first."""
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(
                "SELECT * FROM feedback WHERE conversation_id = ? ORDER BY id", (conversation_id,)
            )
            return [dict(r) for r in rows]

    def delete_conversation(self, conversation_id: str) -> int:
        """Deletes every row of a conversation; returns how many."""
        return self._delete("conversation_id = ?", conversation_id)

    def delete_before(self, cutoff: str) -> int:
        """Deletes rows created before ``cutoff`` (ISO 8601 UTC); returns how many."""
        return self._delete("created_at < ?", cutoff)

    def _delete(self, where: str, value: str) -> int:
        with self._lock, self._connect() as conn:
            return conn.execute(f"DELETE FROM feedback WHERE {where}", (value,)).rowcount
