"""Delivery of adviser messages to the SME through Rasa's HTTP API (the SME's own channel).

Why this path: the SME's channel belongs to the Rasa process (the Socket.IO widget's open
socket, the Slack bot's token). Rasa's API appends a bot event to the conversation and, with
``output_channel=latest``, sends it through the channel the SME last wrote from, as Rasa does
for its own messages. So one authenticated route that already exists (``--enable-api`` with
``CLUSTER_RASA_TOKEN``) serves the widget and Slack DMs, no second socket server or route is
added to Rasa, and the message also lands in the tracker: the bot resumes with it in context,
and REST clients read it from there or from ``GET /handoff/<conversation_id>/messages``.

An adviser message is a bot event whose metadata names the adviser (:mod:`contracts.handoff`): Rasa
passes metadata to the output channel, the widget shows the name above the text, text-only
channels show the text.
"""

from __future__ import annotations

import time

from actions.handoff.relay import SYSTEM
from actions.handoff.relay_store import RelayMessage
from actions.handoff.service import HandoffService
from actions.handoff.store import Ticket
from contracts.handoff import ADVISER_KEY, MESSAGE_KEY


def bot_event(message: RelayMessage) -> dict:
    """The Rasa ``bot`` event of a relayed message (adviser name in the metadata)."""
    metadata: dict = {MESSAGE_KEY: message.id}
    if message.author != SYSTEM:
        metadata[ADVISER_KEY] = message.author
    return {"event": "bot", "text": message.text, "metadata": metadata, "timestamp": time.time()}


class RasaOutlet:
    """An :class:`actions.handoff.relay.SmeOutlet` over Rasa's HTTP API."""

    def __init__(self, service: HandoffService) -> None:
        self.service = service

    async def deliver(self, ticket: Ticket, message: RelayMessage) -> bool:
        """Appends the message to the SME's conversation; whether Rasa accepted it."""
        result = await self.service.append_events(ticket.conversation_id, [bot_event(message)])
        return result.ok
