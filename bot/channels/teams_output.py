"""The Teams output channel: replies to one inbound activity, rendered by ``teams_cards``."""

from __future__ import annotations

import logging
from typing import Any

from bot.channels import teams_cards
from bot.channels.teams_client import BotConnector
from bot.channels.teams_http import TeamsConnectorError
from bot.channels.webhooks import RenderedOutput

logger = logging.getLogger("bot.channels.teams")


class TeamsOutput(RenderedOutput):
    """Replies to one inbound activity."""

    renderer = teams_cards

    @classmethod
    def name(cls) -> str:
        """The channel's name."""
        return "teams"

    def __init__(self, connector: BotConnector, activity: dict[str, Any]) -> None:
        self.connector = connector
        self.activity = activity

    def _base(self, kind: str) -> dict[str, Any]:
        activity = self.activity
        base = {
            "type": kind,
            "from": activity.get("recipient"),
            "recipient": activity.get("from"),
            "conversation": activity.get("conversation"),
            "replyToId": activity.get("id"),
        }
        return {key: value for key, value in base.items() if value is not None}

    async def _send(self, fields: dict[str, Any], kind: str = "message") -> None:
        activity = {**self._base(kind), **fields}
        try:
            await self.connector.send(
                self.activity["serviceUrl"],
                self.activity["conversation"]["id"],
                activity,
                reply_to=self.activity.get("id") if kind == "message" else None,
            )
        except TeamsConnectorError as err:
            logger.error("teams: could not send a %s: %s", kind, err)

    async def deliver(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Sends a rendered message as a reply to the activity."""
        await self._send(message)

    async def send_typing(self) -> None:
        """Shows the typing indicator until the next message (or a few seconds)."""
        await self._send({}, kind="typing")

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        """Sends an image by URL."""
        await self._send({"attachments": [{"contentType": "image/png", "contentUrl": image}]})
