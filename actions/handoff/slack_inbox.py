"""The advisers' inbox in Slack: the adviser app's Home tab (``views.publish``).

Why the App Home for Slack: advisers already work in Slack; the Home tab is private to each
adviser, needs no second login or web page to secure (Slack says who opened it, and only adviser
channel members see tickets), and is refreshed each time it is opened.
It lists waiting (unclaimed) tickets first, longest wait first, then claimed ones, with the
waiting time and a link to each ticket's thread.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from actions.handoff.inbox import MAX_LISTED, inbox_groups, waited
from actions.handoff.slack_adviser import escape
from actions.handoff.store import Ticket


def _line(ticket: Ticket, now: datetime, workspace_url: str | None) -> str:
    language = (ticket.context or {}).get("language") or "en"
    who = f" · with {escape(ticket.claimed_name or '?')}" if ticket.state == "claimed" else ""
    label = f"#{ticket.id}"
    if workspace_url and ticket.thread:
        ts = str(ticket.thread.get("ts", "")).replace(".", "")
        label = f"<{workspace_url}/archives/{ticket.thread.get('channel')}/p{ts}|#{ticket.id}>"
    email = f" · e-mail {escape(ticket.email)}" if ticket.email else ""
    return f"{label} · {language} · waiting {waited(ticket, now)}{who}{email}"


def inbox_view(
    tickets: list[Ticket], now: datetime | None = None, workspace_url: str | None = None
) -> dict[str, Any]:
    """The Home tab of an adviser: open (waiting) and claimed tickets with their waiting time."""
    now = now or datetime.now(timezone.utc)
    waiting, claimed = inbox_groups(tickets)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Handoff tickets"}},
    ]
    for title, group in (("Waiting for an adviser", waiting), ("Claimed", claimed)):
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}* ({len(group)})"}}
        )
        lines = [_line(t, now, workspace_url) for t in group[:MAX_LISTED]] or ["none"]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}})
    return {"type": "home", "blocks": blocks}


def outsider_view() -> dict[str, Any]:
    """The Home tab of someone who is not in the adviser channel."""
    text = "Handoff tickets are shown to members of the adviser channel only."
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
