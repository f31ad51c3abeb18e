"""Telling the adviser when a handed-off user has their data deleted.

A user waiting for (or talking with) an adviser may ask to delete their data. The erasure deletes
the open ticket with the rest, so the adviser must hear it from the assistant: otherwise they
would answer into a thread whose user is gone. :func:`tell_advisers` posts one note per open
ticket, into the ticket's adviser thread when the relay has one (Slack, Teams), else to the adviser
webhook (``CLUSTER_ADVISER_WEBHOOK_URL``), before the ticket is deleted. A note that cannot be
sent does not stop the erasure: the user's request wins, and the failure is logged.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from actions.handoff.webhook import post_json, webhook_payload

logger = logging.getLogger(__name__)

ERASED_NOTE = (
    "Ticket #{ticket}: the user asked to delete their data. The conversation, this ticket and "
    "its messages have been deleted; nothing more will arrive here and replies cannot be "
    "delivered."
)
"""What the adviser reads (advisers work in English, like the ticket summaries)."""


async def _post_note(handoff: Any, ticket: Any, text: str) -> bool:
    adviser = getattr(handoff.relay, "adviser", None)
    if adviser is not None and ticket.thread_key:
        try:
            if await adviser.post(ticket, "system", text):
                return True
        except Exception:  # the thread may be gone: fall back to the webhook
            logger.exception("ticket #%d: the erasure note did not reach the thread", ticket.id)
    url = handoff.settings.webhook_url
    if not url:
        return False
    result = await post_json(
        handoff.session(),
        url,
        webhook_payload(handoff.settings.webhook_kind, text),
        what="adviser webhook",
        attempts=handoff.attempts,
        timeout=handoff.timeout,
        backoff=handoff.backoff,
    )
    return result.ok


async def tell_advisers(handoff: Any, conversation_id: str) -> list[int]:
    """Tells the adviser of each open ticket of this conversation that it is being erased.

    Args:
        handoff: The handoff service (``actions.handoff.service.HandoffService``), or None.
        conversation_id: The sender whose data is being erased.

    Returns:
        The numbers of the open tickets whose adviser was told.
    """
    if handoff is None:
        return []
    tickets = await asyncio.to_thread(handoff.store.for_conversation, conversation_id)
    told = []
    for ticket in (t for t in tickets if t.is_open):
        if await _post_note(handoff, ticket, ERASED_NOTE.format(ticket=ticket.id)):
            told.append(ticket.id)
        else:
            logger.warning("ticket #%d is erased but no adviser could be told", ticket.id)
    return told
