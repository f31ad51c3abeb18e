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
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from actions.handoff.relay_store import RelayMessage, migrate, utc_now
from actions.handoff.sql_store import SQLTicketStore
from actions.handoff.ticket import OPEN, RELEASED, Ticket
from knowledge.config import handoff_db_path

__all__ = ["OPEN", "RELEASED", "SQLiteTicketStore", "Ticket", "TicketStore", "utc_now"]

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


class SQLiteTicketStore(SQLTicketStore):
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
    def _transaction(self) -> Iterator[sqlite3.Connection]:
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

    def _encode(self, value: Any, *, lenient: bool = False) -> str:
        return json.dumps(value, ensure_ascii=False, default=str if lenient else None)
