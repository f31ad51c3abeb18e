"""Handoff tickets: the :class:`TicketStore` seam and its SQLite implementation (stdlib only).

:class:`TicketStore` is what the handoff service needs from a ticket store; every
implementation passes ``tests/contracts/test_ticket_store.py`` (the PostgreSQL one, shared by
several action servers, is :mod:`actions.handoff.pg_store`).

One row per handoff: the conversation, when it was handed over, whether an adviser has released
it, the optional contact e-mail, the transcript and the search context (both JSON), and whether
the adviser channel was notified. The database file is ``CLUSTER_HANDOFF_DB`` (default
``<repo>/var/handoff.db``, see :func:`knowledge.config.handoff_db_path`); it and its folder are
created on first use, never at import.

Each call opens its own short connection, so the store can be used from the action server's event
loop (through :func:`asyncio.to_thread`), from the release route and from the command line at the
same time; SQLite's write lock and ``timeout`` serialise concurrent writers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from actions.handoff.relay_store import (
    CLAIMED,
    RelayMessage,
    SQLiteRelayMixin,
    migrate,
    thread_of,
    utc_now,
)
from knowledge.config import handoff_db_path

OPEN = "open"
RELEASED = "released"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'released')),
    email           TEXT,
    transcript      TEXT NOT NULL,
    context         TEXT NOT NULL,
    notified        TEXT,
    released_at     TEXT,
    released_by     TEXT
);
CREATE INDEX IF NOT EXISTS tickets_by_conversation ON tickets (conversation_id, status);
"""


@dataclass(frozen=True)
class Ticket:
    """One handoff ticket.

    Attributes:
        id: Ticket number shown to the user and the adviser.
        conversation_id: Rasa sender id of the conversation.
        created_at: ISO 8601 UTC creation time.
        status: ``open`` until an adviser releases the conversation, then ``released``.
        email: Validated contact e-mail, or None when the user gave none.
        transcript: ``[{"role": "user"|"bot", "text": str, "at": iso-time}, ...]``, oldest first.
        context: Search context (slots such as ``last_search``, ``partner_query``, ``country``).
        notified: Outcome of the adviser-channel post (``sent``, ``not configured``,
            ``failed: ...``), None before it was tried.
        released_at: ISO 8601 UTC release time, None while open.
        released_by: Who released it (``http``, ``cli``, ``slack:<user>``), None while open.
        claimed_by: The adviser who claimed it (``slack:U123``, ``teams:<aad id>``), or None.
        claimed_name: That adviser's display name, shown to the SME.
        claimed_at: ISO 8601 UTC claim time, or None.
        thread_key: Key of the adviser thread (``slack:<channel>:<ts>``), or None.
        thread: What the adviser channel needs to post into that thread again.
    """

    id: int
    conversation_id: str
    created_at: str
    status: str
    email: str | None
    transcript: list[dict[str, Any]] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    notified: str | None = None
    released_at: str | None = None
    released_by: str | None = None
    claimed_by: str | None = None
    claimed_name: str | None = None
    claimed_at: str | None = None
    thread_key: str | None = None
    thread: dict[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        """True until the conversation is handed back (waiting for or talking to an adviser)."""
        return self.status == OPEN

    @property
    def state(self) -> str:
        """``open`` (waiting), ``claimed`` (an adviser joined) or ``released`` (handed back)."""
        if self.status == OPEN and self.claimed_by:
            return CLAIMED
        return self.status

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every field."""
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "created_at": self.created_at,
            "status": self.status,
            "email": self.email,
            "transcript": self.transcript,
            "context": self.context,
            "notified": self.notified,
            "released_at": self.released_at,
            "released_by": self.released_by,
            "state": self.state,
            "claimed_by": self.claimed_by,
            "claimed_name": self.claimed_name,
            "claimed_at": self.claimed_at,
            "thread_key": self.thread_key,
            "thread": self.thread,
        }

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Ticket:
        """Builds a ticket from a ``tickets`` row."""
        return cls(
            id=row["id"],
            conversation_id=row["conversation_id"],
            created_at=row["created_at"],
            status=row["status"],
            email=row["email"],
            transcript=json.loads(row["transcript"]),
            context=json.loads(row["context"]),
            notified=row["notified"],
            released_at=row["released_at"],
            released_by=row["released_by"],
            claimed_by=row["claimed_by"],
            claimed_name=row["claimed_name"],
            claimed_at=row["claimed_at"],
            thread_key=row["thread_key"],
            thread=thread_of(row),
        )


@runtime_checkable
class TicketStore(Protocol):
    """Where handoff tickets live: open, look up, notify, release.

    Every method is synchronous and safe to call from several threads and processes at once
    (the action server calls it through :func:`asyncio.to_thread`).
    """

    def create(
        self,
        conversation_id: str,
        *,
        email: str | None,
        transcript: list[dict[str, Any]],
        context: dict[str, Any],
    ) -> Ticket:
        """Stores a new open ticket and returns it with its number.

        Raises:
            TypeError: ``transcript`` or ``context`` cannot be stored as JSON (nothing stored).
        """
        ...

    def get(self, ticket_id: int) -> Ticket | None:
        """The ticket with this number, or None."""
        ...

    def for_conversation(self, conversation_id: str) -> list[Ticket]:
        """Every ticket of a conversation, oldest first."""
        ...

    def open_ticket(self, conversation_id: str) -> Ticket | None:
        """The newest open ticket of a conversation, or None."""
        ...

    def recent(self, status: str | None = None, limit: int = 50) -> list[Ticket]:
        """The newest tickets first, optionally only ``open`` or ``released`` ones."""
        ...

    def mark_notified(self, ticket_id: int, outcome: str) -> None:
        """Records how the adviser-channel post went."""
        ...

    def release(self, conversation_id: str, released_by: str) -> list[Ticket]:
        """Marks every open ticket of a conversation released and returns them (may be empty)."""
        ...

    def set_email(self, ticket_id: int, email: str) -> Ticket | None:
        """Records a contact e-mail the SME left while the ticket is open (e.g. outside office
        hours); returns the updated ticket, or None when the ticket is unknown or released."""
        ...

    def claim(
        self, ticket_id: int, adviser_id: str, adviser_name: str, at: str | None = None
    ) -> Ticket | None:
        """Claims an open, unclaimed ticket (as of ``at``, ISO 8601 UTC; now when None); None
        when unknown, released or claimed already."""
        ...

    def delete_conversation(self, conversation_id: str) -> int:
        """Deletes every ticket of a conversation, open or released (erasure); returns how many."""
        ...

    def delete_released_before(self, cutoff: str) -> int:
        """Deletes released tickets whose ``released_at`` is before ``cutoff`` (ISO 8601 UTC).

        Open tickets are kept: an adviser still owes the user an answer (retention).

        Returns:
            How many tickets were deleted.
        """
        ...

    def unclaim(self, ticket_id: int) -> None:
        """Clears the claim of a ticket (it waits for an adviser again)."""
        ...

    def set_thread(self, ticket_id: int, thread_key: str, thread: dict[str, Any]) -> None:
        """Records the ticket's adviser thread (``thread_key`` unique per thread)."""
        ...

    def by_thread(self, thread_key: str) -> Ticket | None:
        """The ticket of this adviser thread, or None."""
        ...

    def add_message(
        self, ticket_id: int, direction: str, author: str, text: str, source_key: str
    ) -> RelayMessage | None:
        """Stores a message of the human part once; None when ``source_key`` was seen before."""
        ...

    def messages(self, ticket_id: int, after_id: int = 0) -> list[RelayMessage]:
        """A ticket's human-part messages after ``after_id``, oldest first."""
        ...

    def undelivered(self, direction: str, limit: int = 100) -> list[RelayMessage]:
        """Messages in this direction (``to_sme``/``to_adviser``) not delivered yet, oldest first."""
        ...

    def mark_delivered(self, message_id: int) -> None:
        """Records that a message reached the other side."""
        ...

    def mark_in_history(self, message_id: int) -> None:
        """Records that a message was added to the SME's conversation history (Rasa's tracker)."""
        ...

    def lease(self, message_id: int, owner: str, seconds: float) -> bool:
        """Takes the delivery of a pending message for ``seconds``; whether this owner holds it
        (one owner at a time across processes; False once delivered)."""
        ...

    def unlease(self, message_id: int, owner: str) -> None:
        """Gives this owner's lease of a message back (its delivery failed)."""
        ...


class SQLiteTicketStore(SQLiteRelayMixin):
    """Handoff tickets in one SQLite file (a :class:`TicketStore`).

    Args:
        path: The database file; defaults to :func:`knowledge.config.handoff_db_path`.
        timeout: Seconds to wait for another writer's lock.
    """

    def __init__(self, path: Path | str | None = None, timeout: float = 5.0) -> None:
        self.path = Path(path) if path is not None else handoff_db_path()
        self.timeout = timeout
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=self.timeout)
        conn.row_factory = sqlite3.Row
        try:
            if not self._ready:
                conn.executescript(_SCHEMA)
                migrate(conn)
                self._ready = True
            with conn:  # one transaction: commit on success, roll back on error
                yield conn
        finally:
            conn.close()

    def create(
        self,
        conversation_id: str,
        *,
        email: str | None,
        transcript: list[dict[str, Any]],
        context: dict[str, Any],
    ) -> Ticket:
        """Stores a new open ticket and returns it (with its number)."""
        created_at = utc_now()
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO tickets (conversation_id, created_at, status, email, transcript,"
                " context) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    created_at,
                    OPEN,
                    email,
                    json.dumps(transcript, ensure_ascii=False),
                    json.dumps(context, ensure_ascii=False, default=str),
                ),
            )
            ticket_id = cursor.lastrowid
        ticket = self.get(ticket_id)
        assert ticket is not None
        return ticket

    def get(self, ticket_id: int) -> Ticket | None:
        """Returns the ticket with this number, or None."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        return Ticket.from_row(row) if row else None

    def for_conversation(self, conversation_id: str) -> list[Ticket]:
        """Every ticket of a conversation, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM tickets WHERE conversation_id = ? ORDER BY id", (conversation_id,)
            ).fetchall()
        return [Ticket.from_row(row) for row in rows]

    def open_ticket(self, conversation_id: str) -> Ticket | None:
        """The newest open ticket of a conversation, or None."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM tickets WHERE conversation_id = ? AND status = ? "
                "ORDER BY id DESC LIMIT 1",
                (conversation_id, OPEN),
            ).fetchone()
        return Ticket.from_row(row) if row else None

    def recent(self, status: str | None = None, limit: int = 50) -> list[Ticket]:
        """The newest tickets first, optionally only ``open`` or ``released`` ones."""
        query, params = "SELECT * FROM tickets", []
        if status is not None:
            query += " WHERE status = ?"
            params.append(status)
        query += " ORDER BY id DESC LIMIT ?"
        params.append(limit)
        with self._connect() as conn:
            rows = conn.execute(query, params).fetchall()
        return [Ticket.from_row(row) for row in rows]

    def mark_notified(self, ticket_id: int, outcome: str) -> None:
        """Records how the adviser-channel post went (``sent``, ``failed: ...``)."""
        with self._connect() as conn:
            conn.execute("UPDATE tickets SET notified = ? WHERE id = ?", (outcome, ticket_id))

    def set_email(self, ticket_id: int, email: str) -> Ticket | None:
        """Records the contact e-mail the SME left on an open ticket; None when not open."""
        with self._connect() as conn:
            changed = conn.execute(
                "UPDATE tickets SET email = ? WHERE id = ? AND status = ?", (email, ticket_id, OPEN)
            ).rowcount
        return self.get(ticket_id) if changed else None

    def release(self, conversation_id: str, released_by: str) -> list[Ticket]:
        """Marks every open ticket of a conversation released and returns them (may be empty)."""
        released_at = utc_now()
        with self._connect() as conn:
            ids = [
                row["id"]
                for row in conn.execute(
                    "SELECT id FROM tickets WHERE conversation_id = ? AND status = ?",
                    (conversation_id, OPEN),
                )
            ]
            conn.executemany(
                "UPDATE tickets SET status = ?, released_at = ?, released_by = ? WHERE id = ?",
                [(RELEASED, released_at, released_by, ticket_id) for ticket_id in ids],
            )
        return [ticket for ticket_id in ids if (ticket := self.get(ticket_id)) is not None]

    def delete_conversation(self, conversation_id: str) -> int:
        """Deletes every ticket of a conversation, open or released, with the messages of its
        human part; returns how many tickets."""
        return self._delete_tickets("conversation_id = ?", (conversation_id,))

    def delete_released_before(self, cutoff: str) -> int:
        """Deletes released tickets released before ``cutoff`` (and their messages); open ones
        are kept."""
        return self._delete_tickets("status = ? AND released_at < ?", (RELEASED, cutoff))

    def _delete_tickets(self, where: str, params: tuple[str, ...]) -> int:
        with self._connect() as conn:
            conn.execute(
                f"DELETE FROM ticket_messages WHERE ticket_id IN (SELECT id FROM tickets WHERE {where})",
                params,
            )
            return conn.execute(f"DELETE FROM tickets WHERE {where}", params).rowcount
