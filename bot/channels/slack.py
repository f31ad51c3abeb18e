"""Slack connector: Rasa 3.6's, tightened where it falls short.

Registered in the run's credentials as ``bot.channels.slack.SlackInput`` (same URL as Rasa's:
``/webhooks/slack/webhook``). What differs from ``rasa.core.channels.slack``:

- Signatures are checked with ``slack_sdk``'s :class:`SignatureVerifier` before anything else;
  a missing, wrong or stale (more than 5 minutes) signature gets ``401`` and is never processed.
- A Slack retry (``X-Slack-Retry-Num``) is acknowledged with ``X-Slack-No-Retry: 1`` and
  dropped (Rasa re-processes retries unless the reason is ``http_timeout``, which answers
  twice), unless its reason is ``connection_failed``: the first delivery never reached the
  server (it was down, e.g. restarting), so the retry is the message's only delivery and is
  handled (Slack retries at once, after 1 and after 5 minutes). Events are also de-duplicated
  by ``event_id`` and by message (``channel``, ``ts``), which covers a mention arriving as both
  ``message`` and ``app_mention``.
- The bot's own messages are ignored by ``bot_id``, by message subtype (edits, deletions, bot
  messages) and by the bot's user id (from the event's ``authorizations``).
- Replies go into the thread by default; results are rendered as Block Kit
  (:mod:`bot.channels.slack_blocks`) instead of being passed to ``chat.postMessage`` verbatim.
- The Web API base URL is configurable (``api_url``), so tests can use a local fake Slack API.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels import slack_blocks
from bot.channels.webhooks import RenderedOutput, add_health_route, run_in_background

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
# Message subtypes that are still a person writing to the bot; every other subtype (bot_message,
# message_changed, message_deleted, channel_join, ...) is not a new user message.
USER_SUBTYPES = frozenset({"thread_broadcast", "file_share", "me_message"})
SEEN_LIMIT = 2048
#: The retry reason of a delivery Slack could not make at all (no connection): never processed.
NEVER_ARRIVED = "connection_failed"


class SlackOutput(RenderedOutput, SlackBot):
    """Posts replies with ``chat.postMessage``, in the thread when there is one."""

    renderer = slack_blocks

    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str | None = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=api_url or DEFAULT_API_URL, proxy=proxy)

    async def _post(self, recipient_id: str, message: dict[str, Any]) -> None:
        channel = self.slack_channel or recipient_id
        kwargs = dict(message)
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        try:
            await self.client.chat_postMessage(channel=channel, **kwargs)
        except SlackApiError as err:
            logger.error("slack: chat.postMessage to %s failed: %s", channel, err.response.data)
        except Exception as err:  # network errors must not end the conversation turn
            logger.error("slack: chat.postMessage to %s failed: %r", channel, err)

    async def deliver(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Posts a rendered message."""
        await self._post(recipient_id, message)


class SlackInput(RasaSlackInput):
    """Receives Events API and interactivity requests from Slack."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SlackInput:
        # An empty signing secret would accept unsigned requests: refuse to start instead.
        if not credentials or not credentials.get("slack_token"):
            cls.raise_missing_credentials_exception()
        if not credentials.get("slack_signing_secret"):
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("slack_token"),
            slack_channel=credentials.get("slack_channel"),
            proxy=credentials.get("proxy"),
            use_threads=credentials.get("use_threads", True),
            slack_signing_secret=credentials.get("slack_signing_secret", ""),
            conversation_granularity=credentials.get("conversation_granularity", "sender"),
            api_url=credentials.get("api_url"),
            bot_user_id=credentials.get("bot_user_id"),
        )

    def __init__(
        self,
        slack_token: str,
        slack_channel: str | None = None,
        proxy: str | None = None,
        use_threads: bool = True,
        slack_signing_secret: str = "",
        conversation_granularity: str = "sender",
        api_url: str | None = None,
        bot_user_id: str | None = None,
    ) -> None:
        super().__init__(
            slack_token,
            slack_channel=slack_channel,
            proxy=proxy,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            use_threads=use_threads,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity=conversation_granularity,
        )
        self.api_url = api_url
        self.bot_user_id = bot_user_id
        self.verifier = SignatureVerifier(slack_signing_secret)
        self._seen: OrderedDict[str, None] = OrderedDict()

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        return SlackOutput(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url
        )

    def is_request_from_slack_authentic(self, request: Request) -> bool:
        """True when the body's signature is valid and its timestamp within 5 minutes."""
        try:
            return self.verifier.is_valid_request(request.body, dict(request.headers))
        except (ValueError, UnicodeDecodeError):  # a timestamp that is not a number, bad bytes
            return False

    def _first_time(self, *keys: str | None) -> bool:
        """Records ``keys``; False when any of them was seen before."""
        keys = tuple(key for key in keys if key)
        if any(key in self._seen for key in keys):
            return False
        for key in keys:
            self._seen[key] = None
        while len(self._seen) > SEEN_LIMIT:
            self._seen.popitem(last=False)
        return True

    def _is_own_message(self, body: dict[str, Any]) -> bool:
        event = body.get("event") or {}
        if event.get("bot_id") or event.get("bot_profile"):
            return True
        if event.get("subtype") and event["subtype"] not in USER_SUBTYPES:
            return True
        own_ids = {self.bot_user_id} if self.bot_user_id else set()
        own_ids.update(
            auth.get("user_id")
            for auth in body.get("authorizations") or []
            if auth.get("is_bot") and auth.get("user_id")
        )
        return event.get("user") in own_ids

    def _start(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str,
        channel: str | None,
        thread_id: str | None,
        metadata: dict[str, Any],
    ) -> None:
        """Processes the message in the background so Slack gets its answer within 3 s."""
        message = UserMessage(
            text,
            self.get_output_channel(channel, thread_id if self.use_threads else None),
            sender_id,
            input_channel=self.name(),
            metadata=metadata,
        )
        run_in_background(self._background_tasks, on_new_message(message))

    async def _on_event(
        self, body: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        event = body.get("event") or {}
        if body.get("type") != "event_callback" or event.get("type") not in (
            "message",
            "app_mention",
        ):
            return response.text("ignored: not a message event")
        if self._is_own_message(body):
            return response.text("ignored: the bot's own message")
        if not event.get("text") or not event.get("user"):
            return response.text("ignored: no text")
        channel = event.get("channel")
        thread_id = event.get("thread_ts") or event.get("ts")
        users = [auth.get("user_id") for auth in body.get("authorizations") or []]
        users += body.get("authed_users") or []
        metadata = {"out_channel": channel, "thread_id": thread_id, "users": users}
        if not self._is_supported_channel(body, metadata):
            return response.text("ignored: channel not supported")
        if not self._first_time(body.get("event_id"), f"{channel}:{event.get('ts')}"):
            return response.text("ignored: already handled")
        sender_id = self._get_conversation_id(event["user"], channel, thread_id)
        text = self._sanitize_user_message(event["text"], [u for u in users if u])
        self._start(on_new_message, text, sender_id, channel, thread_id, metadata)
        return response.text("")

    async def _on_interaction(
        self, payload: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        if not self._is_interactive_message(payload):
            return response.text("ignored: not a supported interaction")
        action = payload["actions"][0]
        text = self._get_interactive_response(action)
        if text is None:  # link buttons have no value; Slack opens the URL itself
            return response.text("")
        user_id = (payload.get("user") or {}).get("id")
        if not user_id:
            return response.text("missing user", status=HTTPStatus.BAD_REQUEST)
        message = payload.get("message") or {}
        channel = (payload.get("channel") or {}).get("id")
        thread_id = message.get("thread_ts") or message.get("ts")
        if not self._first_time(f"action:{action.get('action_ts')}:{user_id}"):
            return response.text("ignored: already handled")
        metadata = {"out_channel": channel, "thread_id": thread_id, "users": [user_id]}
        sender_id = self._get_conversation_id(user_id, channel, thread_id)
        self._start(on_new_message, text, sender_id, channel, thread_id, metadata)
        return response.text("")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("slack_webhook", __name__)

        add_health_route(slack_webhook)

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                logger.warning("slack: rejected a request without a valid signature")
                return response.text(
                    "missing, wrong or stale X-Slack-Signature", status=HTTPStatus.UNAUTHORIZED
                )
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if content_type == "application/json":
                    body = json.loads(request.body)
                    payload = None
                elif content_type == "application/x-www-form-urlencoded":
                    form = parse_qs(request.body.decode("utf-8"))
                    payload = json.loads(form["payload"][0])
                    body = None
                else:
                    return response.text("unsupported content type", status=415)
            except (ValueError, KeyError, IndexError, UnicodeDecodeError):
                return response.text("malformed body", status=HTTPStatus.BAD_REQUEST)

            if body is not None and body.get("type") == "url_verification":
                return response.json({"challenge": body.get("challenge")})

            retry = request.headers.get("x-slack-retry-num")
            reason = request.headers.get("x-slack-retry-reason")
            if retry and reason != NEVER_ARRIVED:
                logger.info(
                    "slack: dropped retry #%s (%s); the first delivery is answered",
                    retry,
                    reason,
                )
                return response.text("", headers={"X-Slack-No-Retry": "1"})

            if body is not None:
                return await self._on_event(body, on_new_message)
            return await self._on_interaction(payload, on_new_message)

        return slack_webhook
