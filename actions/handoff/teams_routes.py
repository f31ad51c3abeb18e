"""Activities of the Teams adviser channel: replies, the ``release`` command, card buttons.

Teams posts every activity to the bot's messaging endpoint, the Teams connector of the Rasa
process, which validates its JWT (as for every Teams request) and hands the activities of the
adviser channel to ``POST /handoff/teams/activity`` on the action server (bearer
``CLUSTER_HANDOFF_TOKEN``, the secret the two processes share). Here they become relay calls:

* a reply in a ticket thread (conversation ``<channel>;messageid=<root>``) goes to that ticket's
  SME; ``release`` written in the thread hands the conversation back;
* a card button (``Action.Submit`` with ``handoff_action``) claims or releases its ticket.

Refusals are answered in the thread (Teams has no message only one person sees in a channel).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from typing import Any

from actions.handoff.relay import Outcome, Relay
from actions.handoff.teams_adviser import ACTION_KEY, PREFIX, TeamsAdviserChannel

logger = logging.getLogger(__name__)

MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
TAGS = re.compile(r"<[^>]+>")
RELEASE_COMMANDS = frozenset({"release", "!release", "/release"})


def plain_text(activity: dict[str, Any]) -> str:
    """The activity's text without @mentions and HTML tags."""
    return TAGS.sub("", MENTION.sub(" ", str(activity.get("text") or ""))).strip()


class TeamsAdviserApp:
    """Turns adviser-channel activities into relay calls."""

    def __init__(self, relay: Relay, channel: TeamsAdviserChannel) -> None:
        self.relay = relay
        self.channel = channel

    async def activity(self, activity: dict[str, Any]) -> Outcome:
        """Handles one validated activity of the adviser channel."""
        conversation = str((activity.get("conversation") or {}).get("id") or "")
        root, _, message_id = conversation.partition(";messageid=")
        if root != self.channel.channel:
            return Outcome(403, "Tickets are handled in the adviser channel.")
        sender = activity.get("from") or {}
        user, name = f"{PREFIX}{sender.get('id', '')}", str(sender.get("name") or "An adviser")
        value = activity.get("value") if isinstance(activity.get("value"), dict) else {}
        if value.get(ACTION_KEY) in ("claim", "release"):
            try:
                ticket_id = int(value.get("ticket"))
            except (TypeError, ValueError):
                return Outcome(400, "The button names no ticket.")
            if value[ACTION_KEY] == "claim":
                outcome = await self.relay.claim(ticket_id, user, name)
            else:
                outcome = await self.relay.release(ticket_id, user)
        elif not message_id:
            return Outcome(200, "not a ticket thread")  # a new post in the channel: not ours
        else:
            key = self.channel.thread_key(conversation)
            text = plain_text(activity)
            if text.lower() in RELEASE_COMMANDS:
                ticket = await asyncio.to_thread(self.relay.store.by_thread, key)
                outcome = (
                    await self.relay.release(ticket.id, user)
                    if ticket
                    else Outcome(404, "This thread is not a handoff ticket.")
                )
            else:
                source = f"teams:{activity.get('id') or activity.get('timestamp')}"
                outcome = await self.relay.from_adviser(key, user, name, text, source)
        if not outcome.ok and conversation:
            await self.channel.tell(conversation, outcome.message)
        return outcome


def install_teams_routes(app: Any, teams: TeamsAdviserApp, token: str | None) -> bool:
    """Adds ``POST /handoff/teams/activity`` (needs ``CLUSTER_HANDOFF_TOKEN``)."""
    from sanic import response

    if not token:
        logger.warning("Teams adviser activities cannot arrive: CLUSTER_HANDOFF_TOKEN is unset")
        return False

    async def activity(request: Any) -> Any:
        scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            return response.json({"error": "missing or wrong bearer token"}, status=401)
        body = request.json if isinstance(request.json, dict) else {}
        outcome = await teams.activity(body)
        return response.json({"status": outcome.status, "message": outcome.message})

    app.add_route(activity, "/handoff/teams/activity", methods=["POST"], name="handoff_teams")
    return True
