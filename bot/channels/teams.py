"""Microsoft Teams connector (Bot Framework), for single-tenant and multi-tenant bots.

Registered in the run's credentials as ``bot.channels.teams.TeamsInput``; Teams posts activities
to ``/webhooks/teams/webhook``. Rasa 3.6's ``botframework`` connector is not used because it only
gets tokens from the multi-tenant endpoint (closed to new bots since July 2025; single-tenant bots
get AADSTS700016), does not check the inbound token's signature, and drops card button clicks.

This module owns the input channel: the webhook blueprint, what the user said
(:func:`message_text`) and handing it to Rasa. Its parts, one job each:

- :mod:`bot.channels.teams_auth`: validation of the inbound JWT and of the activity it covers;
  anything not valid gets ``401`` and is never processed. Replies only ever go to the validated
  ``serviceUrl``, so a forged activity cannot send the bot's token elsewhere.
- :mod:`bot.channels.teams_client`: the bot's client-credentials token (cached until shortly
  before it expires) and the Bot Connector client that posts activities.
- :mod:`bot.channels.teams_output`: the output channel (typing indicator, replies); rendering
  lives in :mod:`bot.channels.teams_cards`.
- :mod:`bot.channels.teams_http`: the shared HTTP session and the connector's errors.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import teams_cards
from bot.channels.adviser_teams import AdviserForwarder, installation_line, staff_reply
from bot.channels.teams_auth import (
    DEFAULT_KEY_REFRESH_SECONDS,
    DEFAULT_LEEWAY_SECONDS,
    DEFAULT_OPENID_METADATA_URL,
    SigningKeys,
    TokenValidator,
    authenticate_activity,
)
from bot.channels.teams_client import MULTI_TENANT, BotConnector, BotToken, token_url_for
from bot.channels.teams_http import HttpSessions, TeamsAuthError
from bot.channels.teams_output import TeamsOutput
from bot.channels.webhooks import add_health_route, run_in_background
from contracts.handoff import TEAMS_METADATA_KEY

logger = logging.getLogger(__name__)

MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
#: What an adviser's staff command gets when the action server cannot be reached.
UNAVAILABLE = "The handoff service cannot be reached right now; try again in a minute."


def addressed_to_bot(activity: dict[str, Any]) -> bool:
    """Whether a message is for the assistant: always in a personal or group chat; in a team
    channel only when it @mentions the bot or is a click on one of its cards.

    With the resource-specific permission ``ChannelMessage.Read.Group`` (which the handoff's
    adviser channel needs, see docs/channels-teams.md) Teams sends every message of the team's
    channels; the others are conversations between people.
    """
    if (activity.get("conversation") or {}).get("conversationType") != "channel":
        return True
    if isinstance(activity.get("value"), dict):
        return True
    bot = (activity.get("recipient") or {}).get("id")
    for entity in activity.get("entities") or []:
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        if bot and (entity.get("mentioned") or {}).get("id") == bot:
            return True
    return "<at>" in str(activity.get("text") or "")


def message_text(activity: dict[str, Any]) -> str | None:
    """What the user said: a card submit's payload, else the text without @mentions of the bot."""
    submitted = teams_cards.submitted_text(activity.get("value"))
    if submitted:
        return submitted
    text = MENTION.sub(" ", activity.get("text") or "").strip()
    return text or None


class TeamsInput(InputChannel):
    """Receives Bot Framework activities from Microsoft Teams."""

    @classmethod
    def name(cls) -> str:
        """The channel's name (``/webhooks/teams/...``)."""
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TeamsInput:
        """The connector configured by the run's credentials (``app_id`` and ``app_password``)."""
        if not credentials or not credentials.get("app_id") or not credentials.get("app_password"):
            cls.raise_missing_credentials_exception()
        return cls(
            app_id=credentials["app_id"],
            app_password=credentials["app_password"],
            tenant_id=credentials.get("tenant_id"),
            openid_metadata_url=credentials.get("openid_metadata_url"),
            token_url=credentials.get("token_url"),
            adviser=credentials,
            key_refresh_seconds=float(
                credentials.get("key_refresh_seconds") or DEFAULT_KEY_REFRESH_SECONDS
            ),
        )

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant_id: str | None = None,
        openid_metadata_url: str | None = None,
        token_url: str | None = None,
        key_refresh_seconds: float = DEFAULT_KEY_REFRESH_SECONDS,
        leeway: float = DEFAULT_LEEWAY_SECONDS,
        adviser: dict[str, Any] | None = None,
    ) -> None:
        self.app_id = app_id
        self.tenant_id = tenant_id or MULTI_TENANT
        self.http = HttpSessions()
        self.keys = SigningKeys(
            openid_metadata_url or DEFAULT_OPENID_METADATA_URL, self.http, key_refresh_seconds
        )
        self.validator = TokenValidator(app_id, self.keys, leeway=leeway)
        self.token = BotToken(
            app_id, app_password, token_url or token_url_for(tenant_id), self.http
        )
        self.connector = BotConnector(self.token, self.http)
        # The handoff's adviser channel: its activities go to the action server's relay.
        adviser = adviser or {}
        self.adviser: AdviserForwarder | None = None
        if adviser.get("adviser_channel") and not adviser.get("handoff_token"):
            # else the advisers' thread replies would be taken for messages to the assistant
            raise ValueError(
                "CLUSTER_ADVISER_TEAMS_CHANNEL is set but CLUSTER_HANDOFF_TOKEN is not: the "
                "adviser channel's activities cannot be handed to the action server; set it "
                "(the same value on both servers), see docs/channels-teams.md"
            )
        if adviser.get("adviser_channel"):
            self.adviser = AdviserForwarder(
                adviser["adviser_channel"],
                adviser.get("action_url") or "http://127.0.0.1:5055/webhook",
                adviser["handoff_token"],
                self.http.get,
            )
        self._background_tasks: set[asyncio.Task] = set()
        logger.info(
            "teams: app %s, %s, tokens from %s",
            app_id,
            "multi-tenant" if self.tenant_id == MULTI_TENANT else f"tenant {self.tenant_id}",
            self.token.token_url,
        )

    async def close(self) -> None:
        """Waits for replies in flight and closes the HTTP session."""
        if self._background_tasks:
            await asyncio.gather(*self._background_tasks, return_exceptions=True)
        await self.http.close()

    async def _authenticate(self, request: Request) -> dict[str, Any]:
        """The validated activity of a request.

        Raises:
            TeamsAuthError: when the token is not valid for this activity.
        """
        return await authenticate_activity(
            self.validator, request.headers.get("authorization"), request.body
        )

    async def _handle(
        self,
        activity: dict[str, Any],
        text: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        output = TeamsOutput(self.connector, activity)
        await output.send_typing()
        sender = activity.get("from") or {}
        conversation = activity.get("conversation") or {}
        metadata = {
            TEAMS_METADATA_KEY: {
                # the validated serviceUrl: the handoff relay sends advisers' messages there
                "service_url": activity.get("serviceUrl"),
                "conversation_id": conversation.get("id"),
                "conversation_type": conversation.get("conversationType"),
                "user_id": sender.get("id"),
                "tenant_id": (activity.get("channelData") or {}).get("tenant", {}).get("id"),
                "user_name": sender.get("name"),
                "aad_object_id": sender.get("aadObjectId"),
                "value": activity.get("value"),
            }
        }
        message = UserMessage(
            text,
            output,
            sender.get("id"),
            input_channel=self.name(),
            metadata=metadata,
        )
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("teams: handling a message from %s failed", sender.get("id"))

    async def _staff_command(
        self,
        activity: dict[str, Any],
        text: str,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """Answers an adviser's ``inbox`` / ``ask`` in their personal chat (from the relay);
        anyone outside the adviser channel's team gets the assistant's ordinary answer."""
        assert self.adviser is not None
        output = TeamsOutput(self.connector, activity)
        await output.send_typing()
        answer = await self.adviser.command(activity, text)
        if answer is not None and answer.get("status") == 403:
            await self._handle(activity, text, on_new_message)
            return
        reply = staff_reply(answer) if answer is not None else {"text": UNAVAILABLE}
        await output.deliver((activity.get("from") or {}).get("id") or "", reply)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health route and the webhook that validates and answers activities."""
        teams_webhook = Blueprint("teams_webhook", __name__)

        add_health_route(teams_webhook)

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                activity = await self._authenticate(request)
            except TeamsAuthError as err:
                logger.warning("teams: rejected a request: %s", err)
                return response.json({"error": "unauthorized"}, status=HTTPStatus.UNAUTHORIZED)
            if self.adviser is not None and self.adviser.matches(activity):
                run_in_background(self._background_tasks, self.adviser.forward(activity))
                return response.json({}, status=HTTPStatus.OK)

            installed = installation_line(activity)
            if installed:
                logger.info(installed)
            if activity.get("type") != "message" or not addressed_to_bot(activity):
                return response.json({}, status=HTTPStatus.OK)
            text = message_text(activity)
            sender_id = (activity.get("from") or {}).get("id")
            if not text or not sender_id or not (activity.get("conversation") or {}).get("id"):
                return response.json({}, status=HTTPStatus.OK)
            # Answer Teams at once (it retries after 15 s); reply through the connector.
            if self.adviser is not None and self.adviser.is_staff_command(activity, text):
                work = self._staff_command(activity, text, on_new_message)
            else:
                work = self._handle(activity, text, on_new_message)
            run_in_background(self._background_tasks, work)
            return response.json({}, status=HTTPStatus.OK)

        @teams_webhook.listener("after_server_stop")
        async def close_session(*_: Any) -> None:
            await self.close()

        return teams_webhook
