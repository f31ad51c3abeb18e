"""What the user is told around a handoff, and how often the paused-notice may repeat."""

from __future__ import annotations

from typing import Any

from actions.handoff.store import Ticket

NOTICE_INTERVAL_S = 600.0

NOTICE_PREFIX = "An adviser has your conversation"
RESUMED_TEXT = (
    "An adviser has handed you back to the assistant. Ask me about partners, funding or "
    "clusters whenever you like."
)


def handed_over_text(ticket: Ticket, notified: bool) -> str:
    """What the user is told after the handoff, honest about whether an adviser was notified."""
    email = (
        f"They will answer here or by e-mail at {ticket.email}."
        if ticket.email
        else "They will answer here."
    )
    if notified:
        return (
            f"Done: I have passed your conversation to an adviser (ticket #{ticket.id}). {email} "
            "Until then I will stay quiet in this chat."
        )
    return (
        f"I have saved your request as ticket #{ticket.id}, but I could not alert an adviser "
        f"right now, so the reply may take longer. {email} Until an adviser picks it up I will "
        "stay quiet in this chat."
    )


def notice_text(ticket: Ticket | None) -> str:
    """The short reply to a message sent while the conversation waits for an adviser."""
    number = f" (ticket #{ticket.id})" if ticket else ""
    return f"{NOTICE_PREFIX}{number}. They will answer here; the assistant is paused until then."


def should_send_notice(events: list[dict[str, Any]], now: float) -> bool:
    """True unless a handoff notice was sent after the latest pause, less than
    :data:`NOTICE_INTERVAL_S` seconds ago."""
    for event in reversed(events):
        kind = event.get("event")
        if kind == "pause":
            return True
        if kind == "bot" and (
            (event.get("metadata") or {}).get("handoff_notice")
            or str(event.get("text") or "").startswith(NOTICE_PREFIX)
        ):
            return now - float(event.get("timestamp") or 0) >= NOTICE_INTERVAL_S
    return True
