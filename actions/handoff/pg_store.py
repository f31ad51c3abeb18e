"""Handoff tickets in PostgreSQL: the :class:`~actions.handoff.store.TicketStore` every action
server of a deployment shares, so a handed-off conversation stays paused whichever server runs
its next action (``CLUSTER_DATABASE_URL``, see :mod:`actions.stores`).

Same rows as the SQLite store (:mod:`actions.handoff.store`, :mod:`actions.handoff.relay_store`):
``tickets`` with the claim and adviser-thread columns, and ``ticket_messages``, the human part of
a handoff, unique per (ticket, direction, ``source_key``) so a repeated delivery is a no-op, with
the delivery lease that lets one action server at a time deliver a message.
Transcript, context and thread reference are ``jsonb``, times ISO 8601 UTC text. A schema created
before the relay gains its columns and table on first use (``ADD COLUMN IF NOT EXISTS`` under the
schema advisory lock of :class:`actions.pg.PostgresDatabase`). Passes
``tests/contracts/test_ticket_store.py``.
"""

from __future__ import annotations

import json
import time
from dataclasses import fields
from typing import Any

from psycopg.types.json import Jsonb

from actions.handoff.relay_store import RelayMessage, check_direction
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
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS claimed_by TEXT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS claimed_name TEXT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS claimed_at TEXT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS thread_key TEXT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS thread JSONB;
CREATE INDEX IF NOT EXISTS tickets_by_thread ON tickets (thread_key);
CREATE TABLE IF NOT EXISTS ticket_messages (
    id           BIGSERIAL PRIMARY KEY,
    ticket_id    BIGINT NOT NULL REFERENCES tickets (id),
    direction    TEXT NOT NULL CHECK (direction IN ('to_sme', 'to_adviser')),
    author       TEXT NOT NULL,
    text         TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (ticket_id, direction, source_key)
);
CREATE INDEX IF NOT EXISTS ticket_messages_pending ON ticket_messages (direction, delivered_at);
ALTER TABLE ticket_messages ADD COLUMN IF NOT EXISTS in_history_at TEXT;
ALTER TABLE ticket_messages ADD COLUMN IF NOT EXISTS lease_owner TEXT;
ALTER TABLE ticket_messages ADD COLUMN IF NOT EXISTS lease_until DOUBLE PRECISION;
"""

_MESSAGE_FIELDS = tuple(f.name for f in fields(RelayMessage))


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
        claimed_by=row["claimed_by"],
        claimed_name=row["claimed_name"],
        claimed_at=row["claimed_at"],
        thread_key=row["thread_key"],
        thread=row["thread"] or {},
    )


def _message(row: dict[str, Any]) -> RelayMessage:
    return RelayMessage(**{name: row[name] for name in _MESSAGE_FIELDS})


class PostgresTicketStore:
    """Handoff tickets in a PostgreSQL database (a :class:`TicketStore`).

    Args:
        url: libpq URL of the database (created tables: ``tickets``, ``ticket_messages``).
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

    def set_email(self, ticket_id: int, email: str) -> Ticket | None:
        """Records the contact e-mail the SME left on an open ticket; None when not open."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "UPDATE tickets SET email = %s WHERE id = %s AND status = %s RETURNING *",
                (email, ticket_id, OPEN),
            ).fetchone()
        return _ticket(row) if row else None

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

    def claim(
        self, ticket_id: int, adviser_id: str, adviser_name: str, at: str | None = None
    ) -> Ticket | None:
        """Claims an open, unclaimed ticket for an adviser (as of ``at``, ISO 8601 UTC; now when
        None).

        One conditional ``UPDATE``: of two advisers claiming at once, exactly one gets it.

        Returns:
            The claimed ticket, or None when the ticket is unknown, released or already claimed.
        """
        with self.db.transaction() as conn:
            row = conn.execute(
                "UPDATE tickets SET claimed_by = %s, claimed_name = %s, claimed_at = %s "
                "WHERE id = %s AND status = %s AND claimed_by IS NULL RETURNING *",
                (adviser_id, adviser_name, at or utc_now(), ticket_id, OPEN),
            ).fetchone()
        return _ticket(row) if row else None

    def unclaim(self, ticket_id: int) -> None:
        """Clears the claim of a ticket (the adviser let go without releasing)."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE tickets SET claimed_by = NULL, claimed_name = NULL, claimed_at = NULL "
                "WHERE id = %s",
                (ticket_id,),
            )

    def set_thread(self, ticket_id: int, thread_key: str, thread: dict[str, Any]) -> None:
        """Records where the ticket's adviser thread is (``thread_key`` is unique per thread)."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE tickets SET thread_key = %s, thread = %s WHERE id = %s",
                (thread_key, Jsonb(thread), ticket_id),
            )

    def by_thread(self, thread_key: str) -> Ticket | None:
        """The ticket whose adviser thread has this key, or None."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT * FROM tickets WHERE thread_key = %s ORDER BY id DESC LIMIT 1",
                (thread_key,),
            ).fetchone()
        return _ticket(row) if row else None

    def add_message(
        self, ticket_id: int, direction: str, author: str, text: str, source_key: str
    ) -> RelayMessage | None:
        """Stores a message of the human part once.

        Returns:
            The stored message, or None when this ``source_key`` was stored before.

        Raises:
            ValueError: ``direction`` is not ``to_sme`` or ``to_adviser``.
        """
        check_direction(direction)
        with self.db.transaction() as conn:
            row = conn.execute(
                "INSERT INTO ticket_messages (ticket_id, direction, author, text, source_key,"
                " created_at) VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (ticket_id, direction, source_key) DO NOTHING RETURNING *",
                (ticket_id, direction, author, text, source_key, utc_now()),
            ).fetchone()
        return _message(row) if row else None

    def messages(self, ticket_id: int, after_id: int = 0) -> list[RelayMessage]:
        """The messages of a ticket's human part after ``after_id``, oldest first."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM ticket_messages WHERE ticket_id = %s AND id > %s ORDER BY id",
                (ticket_id, after_id),
            ).fetchall()
        return [_message(row) for row in rows]

    def undelivered(self, direction: str, limit: int = 100) -> list[RelayMessage]:
        """Messages in this direction not delivered yet, oldest first (over every ticket)."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM ticket_messages WHERE direction = %s AND delivered_at IS NULL "
                "ORDER BY id LIMIT %s",
                (direction, limit),
            ).fetchall()
        return [_message(row) for row in rows]

    def mark_delivered(self, message_id: int) -> None:
        """Records that a message reached the other side."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE ticket_messages SET delivered_at = %s WHERE id = %s",
                (utc_now(), message_id),
            )

    def mark_in_history(self, message_id: int) -> None:
        """Records that a message was added to the SME's conversation history (Rasa's tracker)."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE ticket_messages SET in_history_at = %s WHERE id = %s",
                (utc_now(), message_id),
            )

    def lease(self, message_id: int, owner: str, seconds: float) -> bool:
        """Takes the delivery of a pending message for ``seconds`` (one conditional ``UPDATE``:
        of two servers asking at once, one gets it; see :mod:`actions.handoff.relay_store`).

        Returns:
            True for the one caller that holds it now (also its holder renewing it); False when
            the message was delivered, or another owner's lease has not run out.
        """
        now = time.time()
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE ticket_messages SET lease_owner = %s, lease_until = %s WHERE id = %s "
                "AND delivered_at IS NULL "
                "AND (lease_until IS NULL OR lease_until < %s OR lease_owner = %s)",
                (owner, now + seconds, message_id, now, owner),
            )
            return cursor.rowcount == 1

    def unlease(self, message_id: int, owner: str) -> None:
        """Gives a lease back (the delivery failed: anyone may try again at once)."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE ticket_messages SET lease_owner = NULL, lease_until = NULL "
                "WHERE id = %s AND lease_owner = %s",
                (message_id, owner),
            )

    def delete_conversation(self, conversation_id: str) -> int:
        """Deletes every ticket of a conversation, open or released, with the messages of its
        human part (erasure); returns how many tickets."""
        return self._delete_tickets("conversation_id = %s", (conversation_id,))

    def delete_released_before(self, cutoff: str) -> int:
        """Deletes released tickets released before ``cutoff`` (ISO 8601 UTC) and their
        messages; open tickets are kept (retention)."""
        return self._delete_tickets("status = %s AND released_at < %s", (RELEASED, cutoff))

    def _delete_tickets(self, where: str, params: tuple[str, ...]) -> int:
        with self.db.transaction() as conn:
            conn.execute(
                "DELETE FROM ticket_messages WHERE ticket_id IN "
                f"(SELECT id FROM tickets WHERE {where})",
                params,
            )
            return conn.execute(f"DELETE FROM tickets WHERE {where}", params).rowcount
