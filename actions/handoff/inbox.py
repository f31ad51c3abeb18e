"""The advisers' inbox, whatever the channel: live tickets grouped and their waiting time.

Slack draws it on the adviser app's Home tab (:mod:`actions.handoff.slack_inbox`); Teams answers
``inbox`` in an adviser's personal chat with the bot with :func:`inbox_text`
(:mod:`actions.handoff.teams_routes`).
"""

from __future__ import annotations

from datetime import datetime, timezone

from actions.handoff.language import conversation_language
from actions.handoff.store import Ticket

MAX_LISTED = 40


def waited(ticket: Ticket, now: datetime) -> str:
    """How long a ticket has waited since it was opened: ``12 min``, ``3 h 05 min``, ``2 d 4 h``."""
    seconds = max(0, int((now - datetime.fromisoformat(ticket.created_at)).total_seconds()))
    minutes, hours, days = seconds // 60 % 60, seconds // 3600 % 24, seconds // 86400
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"


def inbox_groups(tickets: list[Ticket]) -> tuple[list[Ticket], list[Ticket]]:
    """The waiting (open, unclaimed) and the claimed tickets, each longest wait first."""
    waiting = sorted((t for t in tickets if t.state == "open"), key=lambda t: t.created_at)
    claimed = sorted((t for t in tickets if t.state == "claimed"), key=lambda t: t.created_at)
    return waiting, claimed


def ticket_line(ticket: Ticket, now: datetime) -> str:
    """One plain-text line of the inbox: number, SME language, waiting time, holder, e-mail."""
    parts = [
        f"#{ticket.id}",
        conversation_language(ticket.context),
        f"waiting {waited(ticket, now)}",
    ]
    if ticket.state == "claimed":
        parts.append(f"with {ticket.claimed_name or '?'}")
    if ticket.email:
        parts.append(f"e-mail {ticket.email}")
    return " · ".join(parts)


def inbox_text(tickets: list[Ticket], now: datetime | None = None) -> str:
    """The inbox as text (Teams): waiting tickets first, then claimed ones."""
    now = now or datetime.now(timezone.utc)
    waiting, claimed = inbox_groups(tickets)
    lines = ["Handoff tickets"]
    for title, group in (("Waiting for an adviser", waiting), ("Claimed", claimed)):
        lines.append(f"{title} ({len(group)}):")
        lines += [f"- {ticket_line(t, now)}" for t in group[:MAX_LISTED]] or ["- none"]
        if len(group) > MAX_LISTED:
            lines.append(f"- ... and {len(group) - MAX_LISTED} more")
    return "\n".join(lines)
