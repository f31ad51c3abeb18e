"""The relay part of the ticket store: claims, adviser threads and the human part's messages.

A ticket goes ``open`` -> ``claimed`` (an adviser joined) -> ``released`` (handed back to the
bot). ``status`` in the ``tickets`` table stays ``open``/``released`` (older databases keep their
CHECK constraint); a claim is recorded in ``claimed_by``/``claimed_name``/``claimed_at``, and
:attr:`actions.handoff.store.Ticket.state` reads the three states from both.

Every message of the human part is one row of ``ticket_messages``: its direction (``to_sme``:
from an adviser, or a notice, to the SME; ``to_adviser``: from the SME to the adviser thread), its
author, its text, a ``source_key`` that makes a repeated delivery of the same message (a Slack
retry, a tracker read twice) a no-op, and ``delivered_at`` once it reached the other side. An
undelivered row is retried until it is delivered, so a restart of either server loses nothing.
A message to an SME who is in Teams is delivered in two steps (into the conversation's history
through Rasa's API, then pushed to the Teams chat); ``in_history_at`` records the first, so a
push that fails and is retried, even by another action server or after a restart, never adds the
message to the history twice (at-least-once to the channel, exactly-once into the history).

One delivery at a time, across processes: before delivering a message an action server takes
its lease (:meth:`actions.handoff.sql_store.SQLTicketStore.lease`: one conditional ``UPDATE`` sets ``lease_owner`` and
``lease_until`` unless another owner's lease is still running), so two action servers that
flush the same pending message in the same millisecond never both write it into the SME's
conversation or the thread; the loser leaves the ticket for its next round. A lease ends with
the delivery (``mark_delivered``, or ``unlease`` after a failure) or, if its
owner died, after its time (then the tracker check of :mod:`actions.handoff.sme_outlet` finds a
write that went through).

The statements are in :mod:`actions.handoff.sql_store` (one text for SQLite and PostgreSQL);
this module keeps the message record, the directions and, for SQLite, :func:`migrate`, which adds
the columns and the table to a database created before them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

TO_SME = "to_sme"
TO_ADVISER = "to_adviser"
DIRECTIONS = (TO_SME, TO_ADVISER)


def check_direction(direction: str) -> None:
    """Refuses a relay message direction other than ``to_sme`` / ``to_adviser`` (every store).

    Raises:
        ValueError: An unknown direction.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")


#: Author of the notices the SME gets from the relay itself (joined, handed back).
SYSTEM = "system"

#: Ticket context key of the SME's Teams conversation reference (when the SME wrote from Teams).
SME_CHANNEL_KEY = "sme_channel"
#: Source-key prefix of a message to the SME that is already in the tracker and only needs the
#: proactive Teams push (the handed-back notice, which the release appends to the tracker).
PUSH_ONLY = "push:"


def sme_teams_reference(context: dict[str, Any] | None) -> dict[str, str] | None:
    """The SME's Teams conversation reference kept in a ticket's context, or None."""
    reference = (context or {}).get(SME_CHANNEL_KEY)
    if isinstance(reference, dict) and reference.get("channel") == "teams":
        return reference
    return None


def utc_now() -> str:
    """The current UTC time as ISO 8601 with seconds, e.g. ``2026-08-10T09:30:00+00:00``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_TICKET_COLUMNS = {
    "claimed_by": "TEXT",
    "claimed_name": "TEXT",
    "claimed_at": "TEXT",
    "thread_key": "TEXT",
    "thread": "TEXT",
}

_MESSAGES = """
CREATE TABLE IF NOT EXISTS ticket_messages (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id),
    direction    TEXT NOT NULL CHECK (direction IN ('to_sme', 'to_adviser')),
    author       TEXT NOT NULL,
    text         TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (ticket_id, direction, source_key)
);
CREATE INDEX IF NOT EXISTS ticket_messages_pending ON ticket_messages (direction, delivered_at);
CREATE INDEX IF NOT EXISTS tickets_by_thread ON tickets (thread_key);
"""

#: Columns added to ``ticket_messages`` after it was first created (appended, in this order).
_MESSAGE_COLUMNS = {"in_history_at": "TEXT", "lease_owner": "TEXT", "lease_until": "REAL"}


def migrate(conn: sqlite3.Connection) -> None:
    """Adds the relay columns and the messages table when they are missing (idempotent).

    Runs under SQLite's write lock (``BEGIN IMMEDIATE``) so that two processes opening an old
    database at once do not both add a column.
    """
    conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        present = {row[1] for row in conn.execute("PRAGMA table_info(tickets)")}
        for name, kind in _TICKET_COLUMNS.items():
            if name not in present:
                conn.execute(f"ALTER TABLE tickets ADD COLUMN {name} {kind}")
        for statement in filter(None, (part.strip() for part in _MESSAGES.split(";"))):
            conn.execute(statement)
        present = {row[1] for row in conn.execute("PRAGMA table_info(ticket_messages)")}
        for name, kind in _MESSAGE_COLUMNS.items():
            if name not in present:
                conn.execute(f"ALTER TABLE ticket_messages ADD COLUMN {name} {kind}")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


@dataclass(frozen=True)
class RelayMessage:
    """One message of the human part of a handoff.

    Attributes:
        id: Increasing number (the order of the conversation).
        ticket_id: The ticket it belongs to.
        direction: ``to_sme`` or ``to_adviser``.
        author: Who wrote it: the adviser's display name, ``sme``, or ``system`` for notices.
        text: The message text.
        source_key: What makes it unique within its ticket and direction.
        created_at: ISO 8601 UTC time it was stored.
        delivered_at: ISO 8601 UTC time it reached the other side, None while pending.
        in_history_at: ISO 8601 UTC time it was added to the SME's conversation history (set
            only where that is a step of its own: an SME in Teams), else None.
    """

    id: int
    ticket_id: int
    direction: str
    author: str
    text: str
    source_key: str
    created_at: str
    delivered_at: str | None = None
    in_history_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every field."""
        return dict(self.__dict__)

    @classmethod
    def from_row(cls, row: Any) -> RelayMessage:
        """Builds a message from a ``ticket_messages`` row of either database (columns by name)."""
        return cls(**{name: row[name] for name in _FIELDS})


_FIELDS = tuple(RelayMessage.__dataclass_fields__)
