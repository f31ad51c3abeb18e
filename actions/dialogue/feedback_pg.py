"""Result feedback in PostgreSQL: the :class:`~actions.dialogue.feedback_store.FeedbackStore`
shared by every action server of a deployment (``CLUSTER_DATABASE_URL``, see
:mod:`actions.stores`). Same columns as the SQLite store; passes
``tests/contracts/test_feedback_store.py``.
"""

from __future__ import annotations

from typing import Any

from actions.dialogue.feedback_store import feedback_row
from actions.pg import PostgresDatabase, redacted

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id BIGSERIAL PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    value TEXT NOT NULL CHECK (value IN ('useful', 'not_useful')),
    search_kind TEXT,
    query TEXT,
    context TEXT,
    created_at TEXT NOT NULL
)
"""


class PostgresFeedbackStore:
    """Append-only feedback table in a PostgreSQL database (a :class:`FeedbackStore`)."""

    def __init__(self, url: str) -> None:
        self.db = PostgresDatabase(url, SCHEMA)
        self.path = redacted(url)  # where the rows are, for logs (as the SQLite store's file)

    def add(
        self, conversation_id: str, value: str, last_search: dict[str, Any] | None = None
    ) -> int:
        """Stores one feedback row and returns its id.

        Raises:
            ValueError: ``value`` is not ``useful`` or ``not_useful``.
            StoreUnavailable: PostgreSQL cannot be reached.
        """
        row = feedback_row(conversation_id, value, last_search)
        with self.db.transaction() as conn:
            found = conn.execute(
                "INSERT INTO feedback (conversation_id, value, search_kind, query, context,"
                " created_at) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                row,
            ).fetchone()
        return int(found["id"])

    def rows(self) -> list[dict[str, Any]]:
        """All rows, oldest first (for reports and tests)."""
        with self.db.transaction() as conn:
            return list(conn.execute("SELECT * FROM feedback ORDER BY id").fetchall())

    def for_conversation(self, conversation_id: str) -> list[dict[str, Any]]:
        """The rows of one conversation, oldest first."""
        with self.db.transaction() as conn:
            return list(
                conn.execute(
                    "SELECT * FROM feedback WHERE conversation_id = %s ORDER BY id",
                    (conversation_id,),
                ).fetchall()
            )

    def delete_conversation(self, conversation_id: str) -> int:
        """Deletes every row of a conversation (erasure); returns how many."""
        return self._delete("conversation_id = %s", conversation_id)

    def delete_before(self, cutoff: str) -> int:
        """Deletes rows created before ``cutoff`` (ISO 8601 UTC, retention); returns how many."""
        return self._delete("created_at < %s", cutoff)

    def _delete(self, where: str, value: str) -> int:
        with self.db.transaction() as conn:
            return conn.execute(f"DELETE FROM feedback WHERE {where}", (value,)).rowcount
