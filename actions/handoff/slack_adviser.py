"""The Slack adviser channel: one thread per ticket, posted with the adviser app's bot token.

:class:`SlackAdviserChannel` is an :class:`actions.handoff.relay.AdviserChannel` over Slack's
Web API: ``chat.postMessage`` (the ticket summary with Block Kit buttons Claim / Release, then
each SME message as a reply in its thread), ``chat.update`` (the state line), ``chat.postEphemeral``
(a refusal only the adviser sees), ``conversations.members`` (who may act, cached for
:data:`MEMBERS_TTL_S` seconds) and ``users.info`` (the name the SME sees). The base URL is a
setting so that tests run against a local fake of the Web API.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import aiohttp

from actions.handoff.language import conversation_language
from actions.handoff.store import Ticket
from actions.handoff.webhook import clip, summary_text

logger = logging.getLogger(__name__)

CLAIM = "handoff_claim"
RELEASE = "handoff_release"
MEMBERS_TTL_S = 60.0
PREFIX = "slack:"


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: ``&``, ``<`` and ``>`` (so no text can mention or link)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def state_line(ticket: Ticket) -> str:
    """The ticket's state as shown under its summary."""
    if ticket.state == "claimed":
        return f":speech_balloon: Claimed by {escape(ticket.claimed_name or '?')}"
    if ticket.state == "released":
        return ":white_check_mark: Handed back to the assistant"
    return ":hourglass_flowing_sand: Waiting for an adviser: press Claim to answer"


def ticket_blocks(ticket: Ticket) -> list[dict[str, Any]]:
    """The Block Kit blocks of a ticket's first message: summary, state, Claim / Release."""
    language = conversation_language(ticket.context)
    summary = f"{summary_text(ticket)}\nSME language: {language}"
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(escape(summary), 2900)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": state_line(ticket)}]},
    ]
    if ticket.state != "released":
        buttons = []
        if ticket.state == "open":
            buttons.append(_button("Claim", CLAIM, ticket.id, "primary"))
        buttons.append(_button("Release", RELEASE, ticket.id, "danger"))
        blocks.append({"type": "actions", "block_id": f"ticket-{ticket.id}", "elements": buttons})
    return blocks


def _button(label: str, action_id: str, ticket_id: int, style: str) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": str(ticket_id),
        "style": style,
    }


class SlackError(RuntimeError):
    """A Slack Web API call that failed (HTTP error or ``ok: false``)."""


class SlackAdviserChannel:
    """Ticket threads in one Slack channel (an :class:`actions.handoff.relay.AdviserChannel`).

    Args:
        token: The adviser app's bot token.
        channel: The adviser channel id.
        api_url: Web API base URL.
        session: Returns the action server's shared aiohttp session.
    """

    kind = "slack"

    def __init__(self, token: str, channel: str, api_url: str, session: Any) -> None:
        self.token = token
        self.channel = channel
        self.api_url = api_url.rstrip("/")
        self._session = session
        self._members: tuple[float, set[str]] | None = None
        self._names: dict[str, str] = {}
        self._workspace: str | None = None

    async def call(self, method: str, payload: dict[str, Any], *, get: bool = False) -> dict:
        """Calls a Web API method; raises :class:`SlackError` unless Slack answers ``ok``."""
        headers = {"Authorization": f"Bearer {self.token}"}
        url = f"{self.api_url}/{method}"
        session: aiohttp.ClientSession = self._session()
        timeout = aiohttp.ClientTimeout(total=10)
        try:
            if get:
                request = session.get(url, params=payload, headers=headers, timeout=timeout)
            else:
                request = session.post(url, json=payload, headers=headers, timeout=timeout)
            async with request as resp:
                body = await resp.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise SlackError(f"{method}: {type(exc).__name__}") from exc
        if not isinstance(body, dict) or not body.get("ok"):
            error = body.get("error") if isinstance(body, dict) else "bad answer"
            raise SlackError(f"{method}: {error}")
        return body

    async def workspace_url(self) -> str | None:
        """The workspace's address (``auth.test``, asked once), for links to threads; None when
        Slack did not say."""
        if self._workspace is None:
            try:
                body = await self.call("auth.test", {})
            except SlackError as exc:
                logger.warning("workspace address unknown (%s): the inbox has no links", exc)
                return None
            self._workspace = str(body.get("url") or "").rstrip("/")
        return self._workspace or None

    def thread_key(self, ts: str) -> str:
        """The relay's key of the thread rooted at message ``ts`` of the adviser channel."""
        return f"{PREFIX}{self.channel}:{ts}"

    async def open_thread(self, ticket: Ticket) -> tuple[str, dict[str, Any]]:
        """Posts the ticket summary with Claim / Release; the thread is rooted at it."""
        body = await self.call(
            "chat.postMessage",
            {
                "channel": self.channel,
                "text": f"Handoff ticket #{ticket.id}",
                "blocks": ticket_blocks(ticket),
                "unfurl_links": False,
            },
        )
        ts = str(body["ts"])
        return self.thread_key(ts), {"channel": self.channel, "ts": ts}

    async def post(self, ticket: Ticket, author: str, text: str) -> bool:
        """Posts an SME message (or a note) as a reply in the ticket's thread."""
        payload = {
            "channel": ticket.thread["channel"],
            "thread_ts": ticket.thread["ts"],
            "text": f"*{'SME' if author == 'sme' else escape(author)}:* {escape(text)}",
            "unfurl_links": False,
        }
        if author == "system":  # reminders: also shown in the channel, not only the thread
            payload.update(text=f":bell: {escape(text)}", reply_broadcast=True)
        try:
            await self.call("chat.postMessage", payload)
        except SlackError as exc:
            logger.warning("ticket #%d: thread post failed (%s)", ticket.id, exc)
            return False
        return True

    async def refresh(self, ticket: Ticket) -> None:
        """Rewrites the ticket's first message with its state (buttons gone once released)."""
        await self.call(
            "chat.update",
            {
                "channel": ticket.thread["channel"],
                "ts": ticket.thread["ts"],
                "text": f"Handoff ticket #{ticket.id}",
                "blocks": ticket_blocks(ticket),
            },
        )

    async def tell(self, user: str, text: str, thread_ts: str | None = None) -> None:
        """An ephemeral message only ``user`` sees in the adviser channel (refusals)."""
        payload = {"channel": self.channel, "user": user.removeprefix(PREFIX), "text": text}
        if thread_ts:
            payload["thread_ts"] = thread_ts
        try:
            await self.call("chat.postEphemeral", payload)
        except SlackError as exc:
            logger.warning("could not tell %s: %s", user, exc)

    async def is_member(self, adviser_id: str) -> bool:
        """Whether the user (``slack:U...``) is in the adviser channel (cached for a minute)."""
        if not adviser_id.startswith(PREFIX):
            return False
        now = time.monotonic()
        if self._members is None or now - self._members[0] > MEMBERS_TTL_S:
            members: set[str] = set()
            cursor = ""
            while True:
                params = {"channel": self.channel, "limit": "200"}
                if cursor:
                    params["cursor"] = cursor
                try:
                    body = await self.call("conversations.members", params, get=True)
                except SlackError as exc:
                    logger.warning("adviser channel members unknown (%s): refusing", exc)
                    return False
                members.update(body.get("members") or [])
                cursor = (body.get("response_metadata") or {}).get("next_cursor") or ""
                if not cursor:
                    break
            self._members = (now, members)
        return adviser_id.removeprefix(PREFIX) in self._members[1]

    async def display_name(self, user: str) -> str:
        """The adviser's display name (``users.info``), or the user id when unknown."""
        user = user.removeprefix(PREFIX)
        if user not in self._names:
            try:
                body = await self.call("users.info", {"user": user}, get=True)
            except SlackError:
                return user
            info = body.get("user") or {}
            profile = info.get("profile") or {}
            self._names[user] = (
                profile.get("display_name") or info.get("real_name") or info.get("name") or user
            )
        return self._names[user]
