"""Activities of the Teams adviser channel: replies, the ``release`` command, card buttons.

They arrive in one of two ways. With the advisers' own bot registration, its messaging endpoint
is this server's ``POST /handoff/teams/messages`` (:mod:`actions.handoff.teams_messaging`, JWT
checked there). When SMEs and advisers share one bot, Teams posts every activity to the Teams
connector of the Rasa process, which validates its JWT and hands the activities of the adviser
channel to ``POST /handoff/teams/activity`` here (bearer ``CLUSTER_HANDOFF_TOKEN``, the secret
the two processes share). Either way they become relay calls:

* a reply in a ticket thread (conversation ``<channel>;messageid=<root>``) goes to that ticket's
  SME; ``claim`` / ``release`` written in the thread claim the ticket / hand the conversation
  back (:mod:`actions.handoff.commands`);
* a card button (``Action.Submit`` with ``handoff_action``) claims or releases its ticket.

Refusals are answered in the thread (Teams has no message only one person sees in a channel).

Staff commands written in an adviser's personal chat with the bot (``inbox``, ``ask
<question>``, :func:`contracts.handoff.staff_command`) come to ``POST /handoff/teams/command``;
the answer goes back in the route's response (``inbox`` also as an Adaptive Card with a deep link
to each ticket's thread, :mod:`actions.handoff.teams_inbox`) and the Teams connector replies with
it in that chat, so it is seen by that adviser only.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from actions.handoff.commands import run_thread_command, thread_command
from actions.handoff.inbox import inbox_text
from actions.handoff.relay import Outcome, Relay
from actions.handoff.teams_adviser import ACTION_KEY, PREFIX, TeamsAdviserChannel
from actions.handoff.teams_inbox import inbox_card
from contracts.handoff import staff_command

logger = logging.getLogger(__name__)

MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
TAGS = re.compile(r"<[^>]+>")


def plain_text(activity: dict[str, Any]) -> str:
    """The activity's text without @mentions and HTML tags."""
    return TAGS.sub("", MENTION.sub(" ", str(activity.get("text") or ""))).strip()


AskFn = Callable[[str, str], Awaitable[str]]


class TeamsAdviserApp:
    """Turns adviser-channel activities into relay calls, and answers advisers' commands.

    Args:
        relay: The handoff relay.
        channel: The Teams adviser channel (membership, thread posts).
        ask: ``async (adviser_id, question) -> answer``, the staff helper (None: no ``ask``).
    """

    def __init__(
        self, relay: Relay, channel: TeamsAdviserChannel, ask: AskFn | None = None
    ) -> None:
        self.relay = relay
        self.channel = channel
        self.ask = ask

    async def command(self, activity: dict[str, Any]) -> Outcome:
        """A staff command from an adviser's personal chat: ``inbox`` or ``ask <question>``.

        Answered only for members of the adviser channel's team (403 otherwise: the Teams
        connector then treats the message as an ordinary one to the assistant).
        """
        sender = activity.get("from") or {}
        user = f"{PREFIX}{sender.get('id', '')}"
        parsed = staff_command(str(activity.get("text") or ""))
        if parsed is None:
            return Outcome(400, "Not a command: write 'inbox' or 'ask <question>'.")
        if not await self.channel.is_member(user):
            return Outcome(403, "Only members of the adviser channel can use staff commands.")
        name, question = parsed
        if name == "inbox":
            tickets = await asyncio.to_thread(self.relay.store.recent, "open", 200)
            return Outcome(200, inbox_text(tickets), card=inbox_card(tickets, self.channel.tenant))
        if self.ask is None:
            return Outcome(503, "The staff helper is not available on this server.")
        return Outcome(200, await self.ask(user, question))

    async def activity(self, activity: dict[str, Any], replayed: bool = False) -> Outcome:
        """Handles one validated activity of the adviser channel.

        Args:
            activity: The activity (for a reply, its ``id`` is the Teams message id, which
                makes it one message of the ticket however often it arrives).
            replayed: A thread reply read back from Microsoft Graph
                (:mod:`actions.handoff.teams_graph`), not a live activity: refusals are not
                answered in the thread (the message may have been refused live already), and
                its ``timestamp`` is when it was written (refused when before the claim).
        """
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
            command = thread_command(text)
            written = str(activity.get("timestamp") or "") if replayed else None
            if command:
                outcome = await run_thread_command(self.relay, key, command, user, name, written)
            else:
                source = f"teams:{activity.get('id') or activity.get('timestamp')}"
                outcome = await self.relay.from_adviser(key, user, name, text, source, written)
        if not outcome.ok and conversation and not replayed:
            await self.channel.tell(conversation, outcome.message)
        return outcome


def install_teams_routes(app: Any, teams: TeamsAdviserApp, token: str | None) -> bool:
    """Adds ``POST /handoff/teams/activity`` and ``/handoff/teams/command`` (both need
    ``CLUSTER_HANDOFF_TOKEN``)."""
    from sanic import response

    if not token:
        logger.warning("Teams adviser activities cannot arrive: CLUSTER_HANDOFF_TOKEN is unset")
        return False

    def authorised(request: Any) -> bool:
        scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())

    def route(handle: Callable[[dict[str, Any]], Awaitable[Outcome]]) -> Any:
        """A route that checks the bearer token and answers with the outcome (and its card)."""

        async def handler(request: Any) -> Any:
            if not authorised(request):
                return response.json({"error": "missing or wrong bearer token"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            outcome = await handle(body)
            answer: dict[str, Any] = {"status": outcome.status, "message": outcome.message}
            if outcome.card:  # the connector sends the card, the message is its text fallback
                answer["attachments"] = [outcome.card]
            return response.json(answer)

        return handler

    activity, command = route(teams.activity), route(teams.command)
    app.add_route(activity, "/handoff/teams/activity", methods=["POST"], name="handoff_teams")
    app.add_route(command, "/handoff/teams/command", methods=["POST"], name="handoff_teams_cmd")
    return True
