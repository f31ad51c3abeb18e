"""The ticket store's statements, written once for both databases it runs on.

:class:`SQLTicketStore` implements every method of :class:`actions.handoff.store.TicketStore` with
SQL that SQLite (3.35 or later: ``RETURNING``, ``ON CONFLICT ... DO NOTHING``) and PostgreSQL both
speak. A subclass says how to open a transaction, which placeholder its driver takes and how it
stores a JSON value; :class:`actions.handoff.store.SQLiteTicketStore` and
:class:`actions.handoff.pg_store.PostgresTicketStore` are those subclasses, and the contract tests
(``tests/contracts/test_ticket_store.py``) run the same cases on both.

Every write that must happen once whatever runs at the same time is one statement: a claim, a
release and a delivery lease are conditional ``UPDATE``\\ s (of two servers asking at once, one
changes the row), and a message is an ``INSERT`` that does nothing on a repeated ``source_key``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from actions.handoff.relay_store import RelayMessage, check_direction, utc_now
from actions.handoff.ticket import OPEN, RELEASED, Ticket


class SQLTicketStore:
    """The ticket store's methods over a DB-API connection (subclass for a database).

    Subclasses set :attr:`PARAM` and implement :meth:`_transaction` and :meth:`_encode`. SQL in
    this class is written with ``?`` placeholders (no literal ``?`` anywhere else in it).
    """

    #: The driver's placeholder (``?`` for sqlite3, ``%s`` for psycopg).
    PARAM = "?"

    def _transaction(self) -> AbstractContextManager[Any]:
        """One transaction: yields a connection whose ``execute`` returns a cursor; commits on
        success, rolls back on error."""
        raise NotImplementedError

    def _encode(self, value: Any, *, lenient: bool = False) -> Any:
        """A JSON value as the database stores it.

        Args:
            value: The value.
            lenient: Store what JSON cannot hold as its ``str`` (the search context); when
                False such a value raises.

        Raises:
            TypeError: ``value`` cannot be stored as JSON (before anything is written).
        """
        raise NotImplementedError

    def _sql(self, statement: str) -> str:
        return statement if self.PARAM == "?" else statement.replace("?", self.PARAM)

    def _rows(self, statement: str, params: Sequence[Any]) -> list[Any]:
        with self._transaction() as conn:
            return conn.execute(self._sql(statement), params).fetchall()

    def _row(self, statement: str, params: Sequence[Any]) -> Any:
        rows = self._rows(statement, params)
        return rows[0] if rows else None

    def _count(self, statement: str, params: Sequence[Any]) -> int:
        with self._transaction() as conn:
            return conn.execute(self._sql(statement), params).rowcount

    def _ticket(self, statement: str, params: Sequence[Any]) -> Ticket | None:
        row = self._row(statement, params)
        return Ticket.from_row(row) if row else None

    def _tickets(self, statement: str, params: Sequence[Any]) -> list[Ticket]:
        return [Ticket.from_row(row) for row in self._rows(statement, params)]

    def _messages(self, statement: str, params: Sequence[Any]) -> list[RelayMessage]:
        return [RelayMessage.from_row(row) for row in self._rows(statement, params)]

    # --- tickets ---------------------------------------------------------------------------

    def create(
        self,
        conversation_id: str,
        *,
        email: str | None,
        transcript: list[dict[str, Any]],
        context: dict[str, Any],
    ) -> Ticket:
        """Stores a new open ticket and returns it (with its number)."""
        values = (self._encode(transcript), self._encode(context, lenient=True))
        ticket = self._ticket(
            "INSERT INTO tickets (conversation_id, created_at, status, email, transcript, context)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
            (conversation_id, utc_now(), OPEN, email, *values),
        )
        assert ticket is not None
        return ticket

    def get(self, ticket_id: int) -> Ticket | None:
        """Returns the ticket with this number, or None."""
        return self._ticket("SELECT * FROM tickets WHERE id = ?", (ticket_id,))

    def for_conversation(self, conversation_id: str) -> list[Ticket]:
        """Every ticket of a conversation, oldest first."""
        return self._tickets(
            "SELECT * FROM tickets WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        )

    def open_ticket(self, conversation_id: str) -> Ticket | None:
        """The newest open ticket of a conversation, or None."""
        return self._ticket(
            "SELECT * FROM tickets WHERE conversation_id = ? AND status = ? "
            "ORDER BY id DESC LIMIT 1",
            (conversation_id, OPEN),
        )

    def recent(self, status: str | None = None, limit: int = 50) -> list[Ticket]:
        """The newest tickets first, optionally only ``open`` or ``released`` ones."""
        where, params = ("WHERE status = ? ", [status]) if status is not None else ("", [])
        return self._tickets(
            f"SELECT * FROM tickets {where}ORDER BY id DESC LIMIT ?", (*params, limit)
        )

    def mark_notified(self, ticket_id: int, outcome: str) -> None:
        """Records how the adviser-channel post went (``sent``, ``failed: ...``)."""
        self._count("UPDATE tickets SET notified = ? WHERE id = ?", (outcome, ticket_id))

    def set_email(self, ticket_id: int, email: str) -> Ticket | None:
        """Records the contact e-mail the SME left on an open ticket; None when not open."""
        return self._ticket(
            "UPDATE tickets SET email = ? WHERE id = ? AND status = ? RETURNING *",
            (email, ticket_id, OPEN),
        )

    def release(self, conversation_id: str, released_by: str) -> list[Ticket]:
        """Marks every open ticket of a conversation released and returns them, oldest first
        (may be empty). One ``UPDATE``: two servers releasing at once release each ticket once.
        """
        tickets = self._tickets(
            "UPDATE tickets SET status = ?, released_at = ?, released_by = ? "
            "WHERE conversation_id = ? AND status = ? RETURNING *",
            (RELEASED, utc_now(), released_by, conversation_id, OPEN),
        )
        return sorted(tickets, key=lambda ticket: ticket.id)

    def claim(
        self, ticket_id: int, adviser_id: str, adviser_name: str, at: str | None = None
    ) -> Ticket | None:
        """Claims an open, unclaimed ticket for an adviser (as of ``at``, ISO 8601 UTC; now when
        None). One conditional ``UPDATE``: of two advisers claiming at once, exactly one gets it.

        Returns:
            The claimed ticket, or None when the ticket is unknown, released or already claimed.
        """
        return self._ticket(
            "UPDATE tickets SET claimed_by = ?, claimed_name = ?, claimed_at = ? "
            "WHERE id = ? AND status = ? AND claimed_by IS NULL RETURNING *",
            (adviser_id, adviser_name, at or utc_now(), ticket_id, OPEN),
        )

    def unclaim(self, ticket_id: int) -> None:
        """Clears the claim of a ticket (the adviser let go without releasing)."""
        self._count(
            "UPDATE tickets SET claimed_by = NULL, claimed_name = NULL, claimed_at = NULL "
            "WHERE id = ?",
            (ticket_id,),
        )

    def set_thread(self, ticket_id: int, thread_key: str, thread: dict[str, Any]) -> None:
        """Records where the ticket's adviser thread is (``thread_key`` is unique per thread)."""
        self._count(
            "UPDATE tickets SET thread_key = ?, thread = ? WHERE id = ?",
            (thread_key, self._encode(thread), ticket_id),
        )

    def by_thread(self, thread_key: str) -> Ticket | None:
        """The ticket whose adviser thread has this key, or None."""
        return self._ticket(
            "SELECT * FROM tickets WHERE thread_key = ? ORDER BY id DESC LIMIT 1", (thread_key,)
        )

    def delete_conversation(self, conversation_id: str) -> int:
        """Deletes every ticket of a conversation, open or released, with the messages of its
        human part (erasure); returns how many tickets."""
        return self._delete_tickets("conversation_id = ?", (conversation_id,))

    def delete_released_before(self, cutoff: str) -> int:
        """Deletes released tickets released before ``cutoff`` (ISO 8601 UTC) and their
        messages; open tickets are kept (retention)."""
        return self._delete_tickets("status = ? AND released_at < ?", (RELEASED, cutoff))

    def _delete_tickets(self, where: str, params: tuple[str, ...]) -> int:
        with self._transaction() as conn:
            conn.execute(
                self._sql(
                    "DELETE FROM ticket_messages WHERE ticket_id IN "
                    f"(SELECT id FROM tickets WHERE {where})"
                ),
                params,
            )
            return conn.execute(self._sql(f"DELETE FROM tickets WHERE {where}"), params).rowcount

    # --- the human part's messages ---------------------------------------------------------

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
        row = self._row(
            "INSERT INTO ticket_messages (ticket_id, direction, author, text, source_key,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (ticket_id, direction, source_key) DO NOTHING RETURNING *",
            (ticket_id, direction, author, text, source_key, utc_now()),
        )
        return RelayMessage.from_row(row) if row else None

    def messages(self, ticket_id: int, after_id: int = 0) -> list[RelayMessage]:
        """The messages of a ticket's human part after ``after_id``, oldest first."""
        return self._messages(
            "SELECT * FROM ticket_messages WHERE ticket_id = ? AND id > ? ORDER BY id",
            (ticket_id, after_id),
        )

    def undelivered(self, direction: str, limit: int = 100) -> list[RelayMessage]:
        """Messages in this direction not delivered yet, oldest first (over every ticket)."""
        return self._messages(
            "SELECT * FROM ticket_messages WHERE direction = ? AND delivered_at IS NULL "
            "ORDER BY id LIMIT ?",
            (direction, limit),
        )

    def mark_delivered(self, message_id: int) -> None:
        """Records that a message reached the other side."""
        self._count(
            "UPDATE ticket_messages SET delivered_at = ? WHERE id = ?", (utc_now(), message_id)
        )

    def mark_in_history(self, message_id: int) -> None:
        """Records that a message was added to the SME's conversation history (Rasa's tracker)."""
        self._count(
            "UPDATE ticket_messages SET in_history_at = ? WHERE id = ?", (utc_now(), message_id)
        )

    def lease(self, message_id: int, owner: str, seconds: float) -> bool:
        """Takes the delivery of a pending message for ``seconds`` (one conditional ``UPDATE``:
        of two servers asking at once, one gets it).

        Returns:
            True for the one caller that holds it now (also its holder renewing it); False when
            the message was delivered, or another owner's lease has not run out.
        """
        now = time.time()
        changed = self._count(
            "UPDATE ticket_messages SET lease_owner = ?, lease_until = ? WHERE id = ? "
            "AND delivered_at IS NULL "
            "AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)",
            (owner, now + seconds, message_id, now, owner),
        )
        return changed == 1

    def unlease(self, message_id: int, owner: str) -> None:
        """Gives a lease back (the delivery failed: anyone may try again at once)."""
        self._count(
            "UPDATE ticket_messages SET lease_owner = NULL, lease_until = NULL "
            "WHERE id = ? AND lease_owner = ?",
            (message_id, owner),
        )
