"""The advisers' inbox in Teams: an Adaptive Card answered to ``inbox`` in the personal chat.

Each live ticket is one line (number, SME language, waiting time, holder, e-mail, as in
:func:`actions.handoff.inbox.ticket_line`) with an **Open thread** button: a Teams deep link to
the ticket's thread in the adviser channel, made from the thread reference stored when the
thread was opened (its conversation id ``<channel>;messageid=<root>`` and the root activity id).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlencode

from actions.handoff.inbox import MAX_LISTED, inbox_groups, ticket_line
from actions.handoff.store import Ticket
from bot.channels.teams_cards import card, open_url, text_block

DEEP_LINK = "https://teams.microsoft.com/l/message/{channel}/{message}?{query}"


def thread_link(ticket: Ticket, tenant: str | None = None) -> str | None:
    """The Teams deep link to a ticket's thread (its first message), or None without a thread.

    ``https://teams.microsoft.com/l/message/<channel id>/<message id>?tenantId=...&
    parentMessageId=<message id>``: the format of Microsoft's "deep link to a channel
    conversation"; the team's group id and names are optional and not stored.
    """
    thread = ticket.thread or {}
    channel, _, root = str(thread.get("conversation") or "").partition(";messageid=")
    message = root or str(thread.get("activity") or "")
    if not channel or not message:
        return None
    query = {"tenantId": tenant} if tenant else {}
    query["parentMessageId"] = message
    return DEEP_LINK.format(
        channel=quote(channel, safe=""), message=quote(message, safe=""), query=urlencode(query)
    )


def _ticket_rows(ticket: Ticket, now: datetime, tenant: str | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [text_block(ticket_line(ticket, now), spacing="Small")]
    link = thread_link(ticket, tenant)
    if link:
        rows.append({"type": "ActionSet", "actions": [open_url(f"Open thread #{ticket.id}", link)]})
    return rows


def inbox_card(
    tickets: list[Ticket], tenant: str | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The inbox as an Adaptive Card attachment: waiting tickets first, then claimed ones."""
    now = now or datetime.now(timezone.utc)
    waiting, claimed = inbox_groups(tickets)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": "Handoff tickets", "size": "Large", "weight": "Bolder"}
    ]
    for title, group in (("Waiting for an adviser", waiting), ("Claimed", claimed)):
        body.append(
            {"type": "TextBlock", "text": f"{title} ({len(group)})", "weight": "Bolder",
             "separator": True, "wrap": True}
        )  # fmt: skip
        for ticket in group[:MAX_LISTED]:
            body += _ticket_rows(ticket, now, tenant)
        if not group:
            body.append({"type": "TextBlock", "text": "none", "isSubtle": True})
        elif len(group) > MAX_LISTED:
            body.append({"type": "TextBlock", "text": f"... and {len(group) - MAX_LISTED} more"})
    return card(body)
