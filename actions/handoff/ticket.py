"""One handoff ticket, as every ticket store returns it (:class:`Ticket`), and its states."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

OPEN = "open"
RELEASED = "released"
#: Not a stored status: an open ticket with an adviser's claim (see :attr:`Ticket.state`).
CLAIMED = "claimed"


def _decoded(value: Any) -> Any:
    """A JSON column's value: SQLite keeps the text, PostgreSQL's ``jsonb`` arrives parsed."""
    return json.loads(value) if isinstance(value, str) else value


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
    def from_row(cls, row: Any) -> Ticket:
        """Builds a ticket from a ``tickets`` row of either database (columns read by name)."""
        return cls(
            id=row["id"],
            conversation_id=row["conversation_id"],
            created_at=row["created_at"],
            status=row["status"],
            email=row["email"],
            transcript=_decoded(row["transcript"]),
            context=_decoded(row["context"]),
            notified=row["notified"],
            released_at=row["released_at"],
            released_by=row["released_by"],
            claimed_by=row["claimed_by"],
            claimed_name=row["claimed_name"],
            claimed_at=row["claimed_at"],
            thread_key=row["thread_key"],
            thread=_decoded(row["thread"]) or {},
        )
