"""The Teams adviser bot's messaging endpoint on the action server: ``POST /handoff/teams/messages``.

When the advisers have a bot registration of their own (the recommended set-up, see
docs/channels-teams.md), its Azure messaging endpoint is this route, so an adviser's message
never depends on the Rasa server: Microsoft does not send an activity again, and the action
server is the process that owns tickets and stores each message before delivering it (an SME
on the widget gets it once Rasa is back).

Every request is checked as the Rasa server's Teams connector checks it, by the same code
(:func:`bot.channels.teams_auth.authenticate_activity`: RS256 signature by a published key,
issuer, audience = the adviser bot's app id, validity, ``serviceUrl`` claim = the activity's,
endorsements); anything else gets 401 and is never processed. Then:

* activities of the adviser channel (thread replies, ``release``, card buttons) go to
  :meth:`actions.handoff.teams_routes.TeamsAdviserApp.activity` (refusals are answered in the
  thread);
* a message in the adviser's personal chat with the bot is a staff command (``inbox``,
  ``ask <question>``, :meth:`~actions.handoff.teams_routes.TeamsAdviserApp.command`); the answer
  (or why not) is the reply in that chat, sent to the validated ``serviceUrl`` only;
* the ``conversationUpdate`` of an installation in a team is logged with the values the
  ``CLUSTER_ADVISER_TEAMS_*`` variables need; anything else is acknowledged and ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from actions.handoff.teams_bot import TeamsBot, TeamsError
from actions.handoff.teams_routes import TeamsAdviserApp, plain_text
from bot.channels.adviser_teams import installation_line, staff_reply
from bot.channels.teams_auth import (
    DEFAULT_OPENID_METADATA_URL,
    SigningKeys,
    TokenValidator,
    authenticate_activity,
)
from bot.channels.teams_http import TeamsAuthError

logger = logging.getLogger(__name__)

ROUTE = "/handoff/teams/messages"
NOT_A_COMMAND = (
    "This is the advisers' bot of the assistant: write 'inbox' for the open tickets or "
    "'ask <question>' for an answer to paste to a client. Tickets are handled in the adviser "
    "channel's threads."
)


class _Sessions:
    """The action server's shared session, as :class:`bot.channels.teams_auth.SigningKeys`
    asks for it (``get()``)."""

    def __init__(self, session: Callable[[], Any]) -> None:
        self.get = session


def token_validator(
    app_id: str, session: Callable[[], Any], metadata_url: str | None = None
) -> TokenValidator:
    """The validator of inbound tokens for the adviser bot (audience ``app_id``)."""
    keys = SigningKeys(metadata_url or DEFAULT_OPENID_METADATA_URL, _Sessions(session))  # type: ignore[arg-type]
    return TokenValidator(app_id, keys)


class TeamsMessaging:
    """Handles the validated activities of the adviser bot's messaging endpoint.

    Args:
        teams: The adviser-channel app (relay calls, staff commands).
        validator: Checks each request's Bot Connector token.
        bot: The adviser bot's client (replies in personal chats).
    """

    def __init__(self, teams: TeamsAdviserApp, validator: TokenValidator, bot: TeamsBot) -> None:
        self.teams = teams
        self.validator = validator
        self.bot = bot

    async def handle(self, authorization: str | None, body: bytes) -> int:
        """One request: its HTTP status (401 when the token is not valid for the activity)."""
        try:
            activity = await authenticate_activity(self.validator, authorization, body)
        except TeamsAuthError as exc:
            logger.warning("Teams adviser bot: request refused (%s)", exc)
            return 401
        installed = installation_line(activity)
        if installed:
            logger.warning("%s", installed)
        if activity.get("type") != "message":
            return 200
        conversation = activity.get("conversation") or {}
        root = str(conversation.get("id") or "").partition(";messageid=")[0]
        if root == self.teams.channel.channel:
            await self.teams.activity(activity)
        elif conversation.get("conversationType") in (None, "personal"):
            await self._personal(activity)
        return 200

    async def _personal(self, activity: dict[str, Any]) -> None:
        """A message in an adviser's personal chat: a staff command, answered in that chat."""
        text = plain_text(activity)
        outcome = await self.teams.command({**activity, "text": text})
        if outcome.status == 400:
            answer: dict[str, Any] = {"message": NOT_A_COMMAND}
        else:
            answer = {"message": outcome.message}
            if outcome.card:
                answer["attachments"] = [outcome.card]
        await self.reply(activity, staff_reply(answer))

    async def reply(self, activity: dict[str, Any], fields: dict[str, Any]) -> bool:
        """Replies to an activity in its conversation, at its (validated) ``serviceUrl``."""
        conversation = str((activity.get("conversation") or {}).get("id") or "")
        path = (
            f"/{quote(conversation, safe='')}/activities/{quote(str(activity.get('id')), safe='')}"
        )
        reply = {"type": "message", "replyToId": activity.get("id"), **fields}
        try:
            status, _ = await self.bot.call("POST", str(activity["serviceUrl"]), path, reply)
        except TeamsError as exc:
            logger.warning("Teams adviser bot: reply not sent (%s)", exc)
            return False
        return status < 300


def install_teams_messaging(app: Any, messaging: TeamsMessaging) -> None:
    """Adds ``POST /handoff/teams/messages``, the adviser bot's Azure messaging endpoint."""
    from sanic import response

    async def handler(request: Any) -> Any:
        status = await messaging.handle(request.headers.get("authorization"), request.body)
        if status == 401:
            return response.json({"error": "invalid or missing Bot Connector token"}, status=401)
        return response.empty(status=200)

    app.add_route(handler, ROUTE, methods=["POST"], name="handoff_teams_messages")
