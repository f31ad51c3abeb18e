"""The adviser Slack app's routes on the action server: Events API, interactivity, commands.

``POST /handoff/slack/events`` (Events API: ``url_verification``, ``message`` events in ticket
threads and DMs to the app, ``app_home_opened`` for the inbox), ``POST
/handoff/slack/interactivity`` (the Claim / Release buttons) and ``POST /handoff/slack/commands``
(the staff helper's ``/ask``). Every request must carry a
valid Slack signature (``X-Slack-Signature`` over ``v0:<timestamp>:<body>`` with the signing
secret, timestamp within :data:`MAX_SKEW_S` seconds); anything else gets 401 and is ignored.

In a ticket thread of the adviser channel, a reply is relayed to the SME, and the commands
``claim`` and ``release`` (also ``!release``, :mod:`actions.handoff.commands`) claim the ticket
and hand the conversation back: unlike a button press, which Slack never sends again, a command
written while the action server is down arrives with Slack's retries of the message event. Refusals (not a member, not
claimed, handed back) are answered with an ephemeral message only that adviser sees.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs

from actions.handoff.commands import CLAIM as CLAIM_COMMAND
from actions.handoff.commands import run_thread_command, thread_command
from actions.handoff.relay import Outcome, Relay
from actions.handoff.slack_adviser import (
    CLAIM,
    PREFIX,
    RELEASE,
    SlackAdviserChannel,
    SlackError,
    escape,
)
from actions.handoff.slack_inbox import inbox_view, outsider_view

logger = logging.getLogger(__name__)

MAX_SKEW_S = 300
_follow_ups: set[asyncio.Task] = set()  # keeps slash-command follow-ups alive until done
STAFF_ONLY = "The staff helper answers members of the adviser channel only."


def sent_at(ts: str) -> datetime | None:
    """When a Slack message was written, from its ``ts`` (UNIX seconds); None when not one."""
    try:
        return datetime.fromtimestamp(float(ts), timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def written_at(ts: str) -> str | None:
    """A Slack message ``ts`` as ISO 8601 UTC (what the relay judges claims by), or None."""
    moment = sent_at(ts)
    return moment.isoformat() if moment else None


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's request signature (``v0=<hex sha256>``) of a body sent at ``timestamp``."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def verified(secret: str, headers: Any, body: bytes, now: float | None = None) -> bool:
    """Whether a request is signed by Slack with this secret and is fresh.

    Args:
        secret: The adviser app's signing secret.
        headers: The request headers (case-insensitive mapping).
        body: The raw request body.
        now: Current UNIX time (tests).
    """
    timestamp = headers.get("x-slack-request-timestamp") or ""
    given = headers.get("x-slack-signature") or ""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    if age > MAX_SKEW_S:
        return False
    return hmac.compare_digest(given.encode(), signature(secret, timestamp, body).encode())


class SlackAdviserApp:
    """Turns Slack events and button presses into relay calls.

    Args:
        relay: The relay (its adviser channel must be ``channel``).
        channel: The Slack adviser channel.
    """

    def __init__(
        self,
        relay: Relay,
        channel: SlackAdviserChannel,
        ask: Callable[[str, str], Awaitable[str]] | None = None,
    ) -> None:
        self.relay = relay
        self.channel = channel
        self.ask = ask

    async def _answer(self, user: str, outcome: Outcome, thread_ts: str | None) -> None:
        if not outcome.ok:
            logger.info("slack adviser %s refused: %s", user, outcome.message)
            await self.channel.tell(user, outcome.message, thread_ts)

    async def event(self, envelope: dict[str, Any]) -> dict[str, Any] | None:
        """Handles one Events API envelope; returns the JSON answer (the challenge) or None."""
        if envelope.get("type") == "url_verification":
            return {"challenge": envelope.get("challenge")}
        event = envelope.get("event") or {}
        if envelope.get("type") != "event_callback":
            return None
        if event.get("type") == "app_home_opened" and event.get("tab", "home") == "home":
            await self.publish_home(f"{PREFIX}{event.get('user', '')}")
            return None
        if event.get("type") != "message":
            return None
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return None  # edits, joins, the app's own posts
        if event.get("channel_type") == "im":
            await self.direct_message(event)
            return None
        await self.thread_message(event)
        return None

    async def thread_message(self, event: dict[str, Any], replayed: bool = False) -> Outcome:
        """A person's message in a ticket thread of the adviser channel: a reply to relay, or
        the ``claim`` / ``release`` command.

        Args:
            event: The ``message`` event (or a message of ``conversations.replies``).
            replayed: Read back from the thread after the fact
                (:mod:`actions.handoff.slack_readback`), not a live event: judged as of when
                it was written (its ``ts``), and a refusal is not answered (it may have been
                answered live already).
        """
        thread_ts, ts = event.get("thread_ts"), event.get("ts")
        if event.get("channel") != self.channel.channel or not thread_ts or thread_ts == ts:
            return Outcome(404, "not a reply in a thread of the adviser channel")
        user = f"{PREFIX}{event['user']}"
        text = str(event.get("text") or "")
        key = self.channel.thread_key(str(thread_ts))
        written = written_at(str(ts)) if replayed else None
        command = thread_command(text)
        if command:
            name = await self.channel.display_name(user) if command == CLAIM_COMMAND else ""
            outcome = await run_thread_command(self.relay, key, command, user, name, written)
        else:
            name = await self.channel.display_name(user)
            source = f"slack:{event.get('client_msg_id') or ts}"
            outcome = await self.relay.from_adviser(key, user, name, text, source, written)
        if not replayed:
            await self._answer(user, outcome, str(thread_ts))
        return outcome

    async def publish_home(self, user: str) -> None:
        """Publishes the adviser's inbox on their App Home (outsiders see no ticket)."""
        if await self.channel.is_member(user):
            tickets = await asyncio.to_thread(self.relay.store.recent, "open", 200)
            view = inbox_view(tickets, workspace_url=await self.channel.workspace_url())
        else:
            view = outsider_view()
        try:
            await self.channel.call(
                "views.publish", {"user_id": user.removeprefix(PREFIX), "view": view}
            )
        except SlackError as exc:
            logger.warning("inbox of %s not published: %s", user, exc)

    async def direct_message(self, event: dict[str, Any]) -> None:
        """A staff member's question in a DM to the app: answered in the DM."""
        user = f"{PREFIX}{event['user']}"
        if self.ask is None or not await self.channel.is_member(user):
            answer = STAFF_ONLY
        else:
            answer = await self.ask(user, str(event.get("text") or ""))
        try:
            await self.channel.call(
                "chat.postMessage", {"channel": event.get("channel"), "text": answer}
            )
        except SlackError as exc:
            logger.warning("staff helper answer not sent: %s", exc)

    async def command(self, form: dict[str, str]) -> tuple[dict[str, Any], Any]:
        """The ``/ask`` slash command: the immediate ephemeral answer and the follow-up to run.

        Returns:
            The JSON to answer Slack with at once, and a coroutine (or None) that posts the
            assistant's answer to the command's ``response_url``.
        """
        user = f"{PREFIX}{form.get('user_id', '')}"
        question = (form.get("text") or "").strip()
        if self.ask is None or not await self.channel.is_member(user):
            return {"response_type": "ephemeral", "text": STAFF_ONLY}, None
        if not question:
            usage = f"Ask the assistant privately: `{form.get('command') or '/ask'} <question>`"
            return {"response_type": "ephemeral", "text": usage}, None
        return (
            {"response_type": "ephemeral", "text": f"Asking the assistant: {escape(question)}"},
            self._follow_up(user, question, form.get("response_url") or ""),
        )

    async def _follow_up(self, user: str, question: str, response_url: str) -> None:
        assert self.ask is not None
        answer = await self.ask(user, question)
        if not response_url.startswith(("https://", "http://")):
            return
        body = {"response_type": "ephemeral", "replace_original": False, "text": answer}
        try:
            async with self.channel._session().post(response_url, json=body) as resp:
                await resp.read()
        except Exception as exc:  # the command already answered; log only
            logger.warning("staff helper follow-up failed: %s", type(exc).__name__)

    async def interaction(self, payload: dict[str, Any]) -> None:
        """Handles a ``block_actions`` payload: Claim or Release of one ticket."""
        if payload.get("type") != "block_actions":
            return
        user = f"{PREFIX}{(payload.get('user') or {}).get('id', '')}"
        if (payload.get("channel") or {}).get("id") != self.channel.channel:
            await self._answer(
                user, Outcome(403, "Tickets are handled in the adviser channel."), None
            )
            return
        for action in payload.get("actions") or []:
            try:
                ticket_id = int(action.get("value"))
            except (TypeError, ValueError):
                continue
            if action.get("action_id") == CLAIM:
                name = await self.channel.display_name(user)
                outcome = await self.relay.claim(ticket_id, user, name)
            elif action.get("action_id") == RELEASE:
                outcome = await self.relay.release(ticket_id, user)
            else:
                continue
            await self._answer(user, outcome, None)


def install_slack_routes(app: Any, slack: SlackAdviserApp, secret: str) -> None:
    """Adds the two signed Slack routes to the action server's Sanic app."""
    from sanic import response

    async def events(request: Any) -> Any:
        if not verified(secret, request.headers, request.body):
            return response.json({"error": "bad or missing Slack signature"}, status=401)
        try:
            envelope = json.loads(request.body)
        except ValueError:
            return response.json({"error": "not JSON"}, status=400)
        answer = await slack.event(envelope)
        return response.json(answer or {"ok": True})

    async def interactivity(request: Any) -> Any:
        if not verified(secret, request.headers, request.body):
            return response.json({"error": "bad or missing Slack signature"}, status=401)
        form = parse_qs(request.body.decode("utf-8", "replace"))
        try:
            payload = json.loads((form.get("payload") or ["{}"])[0])
        except ValueError:
            return response.json({"error": "payload is not JSON"}, status=400)
        await slack.interaction(payload)
        return response.empty(status=200)

    async def commands(request: Any) -> Any:
        if not verified(secret, request.headers, request.body):
            return response.json({"error": "bad or missing Slack signature"}, status=401)
        form = {k: v[0] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
        answer, follow_up = await slack.command(form)
        if follow_up is not None:  # answered within Slack's 3 s; the answer follows
            task = asyncio.create_task(follow_up)
            _follow_ups.add(task)
            task.add_done_callback(_follow_ups.discard)
        return response.json(answer)

    app.add_route(
        commands, "/handoff/slack/commands", methods=["POST"], name="handoff_slack_commands"
    )
    app.add_route(events, "/handoff/slack/events", methods=["POST"], name="handoff_slack_events")
    app.add_route(
        interactivity,
        "/handoff/slack/interactivity",
        methods=["POST"],
        name="handoff_slack_interactivity",
    )
