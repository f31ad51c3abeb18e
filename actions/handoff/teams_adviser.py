"""The Teams adviser channel: one thread per ticket in a team channel, by proactive messages.

:class:`TeamsAdviserChannel` is an :class:`actions.handoff.relay.AdviserChannel` over the Bot
Framework Connector REST API, from a stored conversation reference of the adviser channel (its
``serviceUrl``, channel id and tenant, set in ``CLUSTER_ADVISER_TEAMS_*``):

* ``POST {serviceUrl}/v3/conversations`` with ``channelData.channel.id`` starts a new thread in
  the channel with the ticket's Adaptive Card (Claim / Release as ``Action.Submit``); the answer's
  conversation id (``<channel>;messageid=<id>``) is the thread;
* ``POST .../v3/conversations/<thread>/activities`` replies in it; ``PUT .../activities/<id>``
  rewrites the card with the ticket's state;
* ``GET .../v3/conversations/<channel>/members/<user>`` says whether a user belongs to the
  channel's team (cached for :data:`MEMBERS_TTL_S` seconds).

The bot's access token comes from the client-credentials flow of the app registration. Inbound
activities of the adviser channel are JWT-validated (by the action server's endpoint of the
advisers' own bot, :mod:`actions.handoff.teams_messaging`, or by the Teams connector of the Rasa
process when the bot is shared) and handled by :mod:`actions.handoff.teams_routes`.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import quote

from actions.handoff.language import conversation_language
from actions.handoff.store import Ticket
from actions.handoff.teams_bot import TeamsBot, TeamsError
from actions.handoff.webhook import clip, summary_text
from bot.channels.teams_cards import card, text_block

logger = logging.getLogger(__name__)

PREFIX = "teams:"
MEMBERS_TTL_S = 60.0
ACTION_KEY = "handoff_action"


def state_text(ticket: Ticket) -> str:
    """The ticket's state line on its card."""
    if ticket.state == "claimed":
        return f"Claimed by {ticket.claimed_name or '?'}"
    if ticket.state == "released":
        return "Handed back to the assistant"
    return "Waiting for an adviser: press Claim to answer"


def ticket_card(ticket: Ticket) -> dict[str, Any]:
    """The ticket's Adaptive Card: summary, state, Claim / Release (gone once released)."""
    summary = f"{summary_text(ticket)}\nSME language: {conversation_language(ticket.context)}"
    actions: list[dict[str, Any]] = []
    if ticket.state == "open":
        actions.append(_submit("Claim", "claim", ticket.id))
    if ticket.state != "released":
        actions.append(_submit("Release", "release", ticket.id))
    body = [
        text_block(clip(summary, 3000)),
        text_block(state_text(ticket), weight="Bolder"),
    ]
    return card(body, actions)


def _submit(title: str, action: str, ticket_id: int) -> dict[str, Any]:
    return {
        "type": "Action.Submit",
        "title": title,
        "data": {ACTION_KEY: action, "ticket": ticket_id},
    }


class TeamsAdviserChannel:
    """Ticket threads in one Teams channel (an :class:`actions.handoff.relay.AdviserChannel`).

    Args:
        app_id: The bot's app id.
        app_password: Its client secret.
        tenant: The tenant of the team (single-tenant registrations get tokens there too).
        service_url: The Bot Connector ``serviceUrl`` of the team.
        channel: The adviser channel's id (``19:...@thread.tacv2``).
        session: Returns the action server's shared aiohttp session.
        token_url: The client-credentials endpoint (default: the tenant's).
        bot: The bot client to share (its token cache) with the SME outlet; made when None.
    """

    kind = "teams"

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant: str,
        service_url: str,
        channel: str,
        session: Any,
        token_url: str | None = None,
        bot: TeamsBot | None = None,
    ) -> None:
        self.app_id, self.app_password, self.tenant = app_id, app_password, tenant
        self.service_url = service_url.rstrip("/")
        self.channel = channel
        self.bot = bot or TeamsBot(app_id, app_password, tenant, session, token_url)
        self._members: dict[str, tuple[float, bool]] = {}

    async def token(self) -> str:
        """The bot's access token (client credentials), cached until shortly before expiry."""
        return await self.bot.token()

    async def call(self, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
        """One Bot Connector request to the team; its status and JSON body (raises on 5xx)."""
        return await self.bot.call(method, self.service_url, path, payload)

    def thread_key(self, conversation_id: str) -> str:
        """The relay's key of a thread (its conversation id ``<channel>;messageid=<id>``)."""
        return f"{PREFIX}{conversation_id}"

    async def open_thread(self, ticket: Ticket) -> tuple[str, dict[str, Any]]:
        """Starts a thread in the adviser channel with the ticket's card."""
        activity = {"type": "message", "text": f"Handoff ticket #{ticket.id}",
                    "attachments": [ticket_card(ticket)]}  # fmt: skip
        payload = {"isGroup": True, "bot": {"id": self.app_id}, "activity": activity,
                   "channelData": {"channel": {"id": self.channel}, "tenant": {"id": self.tenant}}}  # fmt: skip
        status, body = await self.call("POST", "", payload)
        if status >= 300 or not body.get("id"):
            raise TeamsError(f"new thread: {status}")
        conversation = str(body["id"])
        activity_id = str(body.get("activityId") or conversation.partition(";messageid=")[2])
        return self.thread_key(conversation), {
            "conversation": conversation,
            "activity": activity_id,
        }

    async def post(self, ticket: Ticket, author: str, text: str) -> bool:
        """Replies in the ticket's thread (the SME's messages, reminders)."""
        who = "SME" if author == "sme" else author
        activity = {"type": "message", "textFormat": "plain", "text": f"{who}: {text}"}
        path = f"/{quote(ticket.thread['conversation'], safe='')}/activities"
        try:
            status, _ = await self.call("POST", path, activity)
        except TeamsError as exc:
            logger.warning("ticket #%d: Teams thread post failed (%s)", ticket.id, exc)
            return False
        return status < 300

    async def refresh(self, ticket: Ticket) -> None:
        """Rewrites the ticket's card with its state."""
        conversation = quote(ticket.thread["conversation"], safe="")
        activity = {"type": "message", "id": ticket.thread["activity"],
                    "text": f"Handoff ticket #{ticket.id}", "attachments": [ticket_card(ticket)]}  # fmt: skip
        await self.call(
            "PUT",
            f"/{conversation}/activities/{quote(ticket.thread['activity'], safe='')}",
            activity,
        )

    async def tell(self, thread_conversation: str, text: str) -> None:
        """A short answer in a thread (Teams has no message only one person sees in a channel)."""
        activity = {"type": "message", "textFormat": "plain", "text": text}
        try:
            await self.call("POST", f"/{quote(thread_conversation, safe='')}/activities", activity)
        except TeamsError as exc:
            logger.warning("Teams answer not sent: %s", exc)

    async def member_id(self, user: str) -> str | None:
        """The Teams user id (``29:...``) of a member of the adviser channel's team.

        Args:
            user: Any id the Bot Connector knows the user by; Microsoft Graph names users by
                their Microsoft Entra object id.

        Returns:
            The id the user's activities carry, or None when the user is not a member.

        Raises:
            TeamsError: the Bot Connector did not say (unreachable, 5xx, or another refusal
                than "not a member"): ask again later.
        """
        path = f"/{quote(self.channel, safe='')}/members/{quote(user, safe='')}"
        status, body = await self.call("GET", path)
        if status == 404:  # MemberNotFoundInConversation
            return None
        if status != 200 or not body.get("id"):
            raise TeamsError(f"membership of {user}: {status}")
        member = str(body["id"])
        self._members[member] = (time.monotonic(), True)
        return member

    async def is_member(self, adviser_id: str) -> bool:
        """Whether the user (``teams:<user id>``) is a member of the adviser channel's team."""
        if not adviser_id.startswith(PREFIX):
            return False
        user = adviser_id.removeprefix(PREFIX)
        cached = self._members.get(user)
        if cached and time.monotonic() - cached[0] < MEMBERS_TTL_S:
            return cached[1]
        try:
            status, _ = await self.call(
                "GET", f"/{quote(self.channel, safe='')}/members/{quote(user, safe='')}"
            )
        except TeamsError as exc:
            logger.warning("Teams membership unknown (%s): refusing", exc)
            return False
        member = status == 200
        self._members[user] = (time.monotonic(), member)
        return member
