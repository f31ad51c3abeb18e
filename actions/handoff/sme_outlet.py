"""Delivery of adviser messages to the SME: through Rasa's HTTP API, and to Teams proactively.

Why Rasa's API: the SME's channel belongs to the Rasa process (the Socket.IO widget's open
socket, the Slack bot's token). Rasa's API appends a bot event to the conversation and, with
``output_channel=latest``, sends it through the channel the SME last wrote from, as Rasa does
for its own messages. So one authenticated route that already exists (``--enable-api`` with
``CLUSTER_RASA_TOKEN``) serves the widget and Slack DMs, no second socket server or route is
added to Rasa, and the message also lands in the tracker: the bot resumes with it in context,
and REST clients read it from there or from ``GET /handoff/<conversation_id>/messages``.

Why Teams is different: Rasa's Teams connector (like Rasa's own ``botframework`` one) has no
output channel outside the reply to an inbound activity, so ``output_channel=latest`` only
collects the message. An SME who came from Teams gets it as a proactive Bot Framework message
(``POST <serviceUrl>/v3/conversations/<id>/activities``) from the conversation reference stored
on the ticket when it was opened (:func:`teams_reference`: the validated ``serviceUrl`` the Teams
connector put in the user message's metadata); the tracker gets the event too, without output.

An adviser message is a bot event whose metadata names the adviser (:mod:`contracts.handoff`): Rasa
passes metadata to the output channel, the widget shows the name above the text, text-only
channels show the text; in Teams the name leads the text.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from actions.handoff.relay import SYSTEM
from actions.handoff.relay_store import PUSH_ONLY, RelayMessage, sme_teams_reference
from actions.handoff.service import HandoffService
from actions.handoff.settings import TEAMS_CREDENTIALS
from actions.handoff.store import Ticket
from actions.handoff.teams_bot import TeamsBot
from contracts.handoff import ADVISER_KEY, MESSAGE_KEY, TEAMS_CHANNEL, TEAMS_METADATA_KEY

logger = logging.getLogger(__name__)


def bot_event(message: RelayMessage) -> dict:
    """The Rasa ``bot`` event of a relayed message (adviser name in the metadata)."""
    metadata: dict = {MESSAGE_KEY: message.id}
    if message.author != SYSTEM:
        metadata[ADVISER_KEY] = message.author
    return {"event": "bot", "text": message.text, "metadata": metadata, "timestamp": time.time()}


def in_history(event: dict[str, Any], message_id: int) -> bool:
    """Whether a tracker event is the bot event of relayed message ``message_id``."""
    metadata = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
    return event.get("event") == "bot" and metadata.get(MESSAGE_KEY) == message_id


def teams_reference(events: list[dict[str, Any]]) -> dict[str, str] | None:
    """The Teams conversation reference of the SME's latest message from Teams, or None.

    Only user events whose ``input_channel`` is Teams count: that channel name is set by Rasa
    from the connector that received the message (a REST client cannot claim it), and the
    connector has checked the ``serviceUrl`` against the activity's signed token.
    """
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        if event.get("input_channel") != TEAMS_CHANNEL:
            return None  # the SME's latest channel is another one
        teams = (event.get("metadata") or {}).get(TEAMS_METADATA_KEY) or {}
        service_url, conversation = teams.get("service_url"), teams.get("conversation_id")
        if not (isinstance(service_url, str) and service_url.startswith(("https://", "http://"))):
            return None
        if not isinstance(conversation, str) or not conversation:
            return None
        return {
            "channel": TEAMS_CHANNEL,
            "service_url": service_url,
            "conversation_id": conversation,
            "tenant_id": str(teams.get("tenant_id") or ""),
        }
    return None


def teams_activity(message: RelayMessage, reference: dict[str, str]) -> dict[str, Any]:
    """The proactive Teams message of a relayed message (the adviser's name leads the text)."""
    text = message.text if message.author == SYSTEM else f"{message.author}: {message.text}"
    activity: dict[str, Any] = {"type": "message", "textFormat": "plain", "text": text}
    if reference.get("tenant_id"):
        activity["channelData"] = {"tenant": {"id": reference["tenant_id"]}}
    return activity


class RasaOutlet:
    """An :class:`actions.handoff.relay.SmeOutlet`: Rasa's API, plus Teams for Teams SMEs.

    Every message goes into the conversation's tracker exactly once: its bot event carries the
    message id and the tracker is checked before each write (:meth:`_into_history`), so a crash
    or timeout between Rasa's write and this server recording it never writes it twice. A Teams
    SME's message goes into the tracker first (without output), then is pushed to the chat; the
    first step is recorded on the stored message (``in_history_at``), so a push that fails is
    retried, by any action server and after a restart, without reading the tracker again.

    Args:
        service: The handoff service (Rasa's API client, the ticket store).
        teams: The bot's Bot Framework client, or None when no Teams app is configured on
            the action server (then a Teams SME reads adviser messages only in the tracker).
    """

    def __init__(self, service: HandoffService, teams: TeamsBot | None = None) -> None:
        self.service = service
        self.teams = teams
        self._warned: set[int] = set()  # tickets whose missing Teams credentials were logged

    async def deliver(self, ticket: Ticket, message: RelayMessage) -> bool:
        """Delivers one message to the SME; whether it arrived (False: retried later)."""
        reference = sme_teams_reference(ticket.context)
        if reference is not None and self.teams is None:
            self._no_teams_app(ticket)
            reference = None
        if reference is None and message.source_key.startswith(PUSH_ONLY):
            return True  # already in the tracker, and no Teams app here to push it with
        if reference is None:
            return await self._into_history(ticket, message, "latest")
        if message.in_history_at is None and not message.source_key.startswith(PUSH_ONLY):
            if not await self._into_history(ticket, message, None):
                return False
            await asyncio.to_thread(self.service.store.mark_in_history, message.id)
        assert self.teams is not None
        return await self.teams.send(
            reference["service_url"],
            reference["conversation_id"],
            teams_activity(message, reference),
        )

    async def _into_history(
        self, ticket: Ticket, message: RelayMessage, output_channel: str | None
    ) -> bool:
        """Appends the message's bot event to the conversation unless it is there already.

        The event carries the message's id (``MESSAGE_KEY`` in its metadata), and the tracker is
        read before every write: a write that Rasa stored but whose answer never came (a
        timeout, a crash of this server before it recorded the write, another action server's
        attempt) is found there and not repeated. One attempt per flush (the delivery loop
        retries), so a timed-out request is never sent twice blindly.

        Returns:
            Whether the event is in the conversation (False: Rasa unreachable, retried later).
        """
        events = await self.service.conversation_events(ticket.conversation_id)
        if events is None:
            return False
        if any(in_history(event, message.id) for event in events):
            logger.info(
                "handoff message %d is in the history already: not written again", message.id
            )
            return True
        result = await self.service.append_events(
            ticket.conversation_id, [bot_event(message)], output_channel=output_channel, attempts=1
        )
        return result.ok

    def unreachable(self, ticket: Ticket) -> str | None:
        """A line for the advisers when the SME is in Teams and this server cannot push there."""
        if self.teams is None and sme_teams_reference(ticket.context) is not None:
            return (
                "This SME writes from Microsoft Teams, but the action server has no Teams app "
                f"({', '.join(TEAMS_CREDENTIALS.values())} unset): your replies will not reach "
                "their chat. Answer by e-mail if they left one."
            )
        return None

    def _no_teams_app(self, ticket: Ticket) -> None:
        if ticket.id not in self._warned:
            self._warned.add(ticket.id)
            logger.error(
                "ticket #%d: the SME writes from Microsoft Teams but this action server has no "
                "Teams app (%s): adviser messages reach only the conversation's history",
                ticket.id,
                ", ".join(TEAMS_CREDENTIALS.values()),
            )
