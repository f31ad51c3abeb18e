"""Handoff tickets in PostgreSQL: the :class:`~actions.handoff.store.TicketStore` every action
server of a deployment shares, so a handed-off conversation stays paused whichever server runs
its next action (``CLUSTER_DATABASE_URL``, see :mod:`actions.stores`).

Same rows as the SQLite store; transcript and context are ``jsonb``, times ISO 8601 UTC text.
Passes ``tests/contracts/test_ticket_store.py``.
"""

from __future__ import annotations

import json
from typing import Any

from psycopg.types.json import Jsonb

from actions.handoff.store import OPEN, RELEASED, Ticket, utc_now
from actions.pg import PostgresDatabase, redacted

SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id              BIGSERIAL PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'released')),
    email           TEXT,
    transcript      JSONB NOT NULL,
    context         JSONB NOT NULL,
    notified        TEXT,
    released_at     TEXT,
    released_by     TEXT
);
CREATE INDEX IF NOT EXISTS tickets_by_conversation ON tickets (conversation_id, status);
"""


def _ticket(row: dict[str, Any]) -> Ticket:
    return Ticket(
        id=row["id"],
        conversation_id=row["conversation_id"],
        created_at=row["created_at"],
        status=row["status"],
        email=row["email"],
        transcript=row["transcript"],
        context=row["context"],
        notified=row["notified"],
        released_at=row["released_at"],
        released_by=row["released_by"],
    )


class PostgresTicketStore:
    """Handoff tickets in a PostgreSQL database (a :class:`TicketStore`).

    Args:
        url: libpq URL of the database (created tables: ``tickets``).
    """

    def __init__(self, url: str) -> None:
        self.db = PostgresDatabase(url, SCHEMA)
        self.path = redacted(url)  # where the rows are, for logs (as the SQLite store's file)

    def create(
        self,
        conversation_id: str,
        *,
        email: str | None,
        transcript: list[dict[str, Any]],
        context: dict[str, Any],
    ) -> Ticket:
        """Stores a new open ticket and returns it (with its number)."""
        # serialise first: an unstorable transcript raises TypeError before anything is written
        transcript_json = json.loads(json.dumps(transcript, ensure_ascii=False))
        context_json = json.loads(json.dumps(context, ensure_ascii=False, default=str))
        with self.db.transaction() as conn:
            row = conn.execute(
                "INSERT INTO tickets (conversation_id, created_at, status, email, transcript,"
                " context) VALUES (%s, %s, %s, %s, %s, %s) RETURNING *",
                (
                    conversation_id,
                    utc_now(),
                    OPEN,
                    email,
                    Jsonb(transcript_json),
                    Jsonb(context_json),
                ),
            ).fetchone()
        return _ticket(row)

    def get(self, ticket_id: int) -> Ticket | None:
        """Returns the ticket with this number, or None."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM tickets WHERE id = %s", (ticket_id,)).fetchone()
        return _ticket(row) if row else None

    def for_conversation(self, conversation_id: str) -> list[Ticket]:
        """Every ticket of a conversation, oldest first."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM tickets WHERE conversation_id = %s ORDER BY id", (conversation_id,)
            ).fetchall()
        return [_ticket(row) for row in rows]

    def open_ticket(self, conversation_id: str) -> Ticket | None:
        """The newest open ticket of a conversation, or None."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT * FROM tickets WHERE conversation_id = %s AND status = %s "
                "ORDER BY id DESC LIMIT 1",
                (conversation_id, OPEN),
            ).fetchone()
        return _ticket(row) if row else None

    def recent(self, status: str | None = None, limit: int = 50) -> list[Ticket]:
        """The newest tickets first, optionally only ``open`` or ``released`` ones."""
        query, params = "SELECT * FROM tickets", []
        if status is not None:
            query += " WHERE status = %s"
            params.append(status)
        query += " ORDER BY id DESC LIMIT %s"
        params.append(limit)
        with self.db.transaction() as conn:
            rows = conn.execute(query, params).fetchall()
        return [_ticket(row) for row in rows]

    def mark_notified(self, ticket_id: int, outcome: str) -> None:
        """Records how the adviser-channel post went (``sent``, ``failed: ...``)."""
        with self.db.transaction() as conn:
            conn.execute("UPDATE tickets SET notified = %s WHERE id = %s", (outcome, ticket_id))

    def release(self, conversation_id: str, released_by: str) -> list[Ticket]:
        """Marks every open ticket of a conversation released and returns them (may be empty).

        One ``UPDATE ... RETURNING``: two servers releasing at once release each ticket once.
        """
        with self.db.transaction() as conn:
            rows = conn.execute(
                "UPDATE tickets SET status = %s, released_at = %s, released_by = %s "
                "WHERE conversation_id = %s AND status = %s RETURNING *",
                (RELEASED, utc_now(), released_by, conversation_id, OPEN),
            ).fetchall()
        return sorted((_ticket(row) for row in rows), key=lambda t: t.id)
