"""Activities of the Teams adviser channel, handed from the Teams connector to the action server.

Used when SMEs and advisers share one bot registration (with two, the advisers' bot's messaging
endpoint is the action server itself: :mod:`actions.handoff.teams_messaging`). The bot's
messaging endpoint is then the Teams connector of this process, which validates every
activity's JWT. Activities from the configured adviser channel (a ticket thread's replies, card
buttons) are not conversations with the assistant: :class:`AdviserForwarder` posts them to the
action server's handoff relay (``POST <action server>/handoff/teams/activity``, bearer
``CLUSTER_HANDOFF_TOKEN``), which owns tickets and their rules. Teams gets its 200 at once; the
activity is retried for up to :data:`RETRY_FOR_S` seconds while the action server is unreachable
(a restart), so an adviser's message written meanwhile is not lost.

Staff commands in an adviser's personal chat with the bot (``inbox``, ``ask <question>``) go to
``POST <action server>/handoff/teams/command``; the connector replies in that chat with the
answer, or, when the writer is not in the adviser channel's team, handles the message as an
ordinary one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import aiohttp

from bot.channels.teams_cards import CARD_CONTENT_TYPE
from contracts.handoff import staff_command

logger = logging.getLogger(__name__)

ROUTE = "/handoff/teams/activity"
COMMAND_ROUTE = "/handoff/teams/command"
#: How long an activity is retried while the action server is unreachable (a restart).
RETRY_FOR_S = 180.0
MAX_WAIT_S = 5.0
#: How long a staff command may take (``ask`` runs a whole turn of the assistant).
COMMAND_TIMEOUT = aiohttp.ClientTimeout(total=90, connect=5)
#: How long a staff command is retried while the action server is unreachable: someone waits.
COMMAND_RETRY_FOR_S = 20.0


def staff_reply(answer: dict[str, Any]) -> dict[str, Any]:
    """The reply activity's fields for the relay's answer to a staff command.

    Adaptive Cards in ``attachments`` (the ``inbox`` with its deep links) are sent as the reply,
    with the first line of ``message`` as the notification summary; otherwise ``message`` is
    sent as text.
    """
    message = str(answer.get("message") or "")
    cards = [
        a for a in answer.get("attachments") or []
        if isinstance(a, dict) and a.get("contentType") == CARD_CONTENT_TYPE
    ]  # fmt: skip
    if cards:
        return {"attachments": cards, "summary": message.partition("\n")[0]}
    return {"text": message}


def installation_line(activity: dict[str, Any]) -> str | None:
    """What an adviser team needs from the ``conversationUpdate`` Teams sends when the app is
    added to a team: its ``serviceUrl``, group id and channel id, for ``CLUSTER_ADVISER_TEAMS_*``."""
    data = activity.get("channelData") or {}
    team = data.get("team") or {}
    if activity.get("type") != "conversationUpdate" or not team.get("id"):
        return None
    channel = (data.get("channel") or {}).get("id") or team.get("id")
    return (
        f"teams: installed in team {team.get('name') or '?'!r}: "
        f"CLUSTER_ADVISER_TEAMS_SERVICE_URL={activity.get('serviceUrl')} "
        f"CLUSTER_ADVISER_TEAMS_TENANT={(data.get('tenant') or {}).get('id')} "
        f"CLUSTER_ADVISER_TEAMS_TEAM_ID={team.get('aadGroupId') or '?'} "
        f"channel id: {channel} (the team's General channel; another channel's id is in its "
        "link, see docs/channels-teams.md)"
    )


def action_server_base(action_url: str) -> str:
    """The action server's base URL from the action endpoint (``.../webhook``)."""
    url = action_url.rstrip("/")
    return url[: -len("/webhook")] if url.endswith("/webhook") else url


class AdviserForwarder:
    """Recognises the adviser channel's activities and forwards them to the relay.

    Args:
        channel: The adviser channel id (``19:...@thread.tacv2``).
        action_url: The action endpoint of this run (``http://host:5055/webhook``).
        token: The shared ``CLUSTER_HANDOFF_TOKEN``.
        session: Returns an open aiohttp session.
        backoff: First wait between attempts, doubled each time.
    """

    def __init__(
        self, channel: str, action_url: str, token: str, session: Any, backoff: float = 0.5
    ) -> None:
        self.channel = channel
        self.url = action_server_base(action_url) + ROUTE
        self.command_url = action_server_base(action_url) + COMMAND_ROUTE
        self.token = token
        self._session = session
        self.backoff = backoff

    def matches(self, activity: dict[str, Any]) -> bool:
        """Whether the activity comes from the adviser channel (the channel or one of its threads)."""
        conversation = str((activity.get("conversation") or {}).get("id") or "")
        return conversation.partition(";messageid=")[0] == self.channel

    async def forward(self, activity: dict[str, Any]) -> bool:
        """Posts the validated activity to the relay; whether it was accepted."""
        headers = {"Authorization": f"Bearer {self.token}"}
        wait, deadline, attempt = self.backoff, time.monotonic() + RETRY_FOR_S, 0
        while True:
            attempt += 1
            try:
                async with self._session().post(self.url, json=activity, headers=headers) as resp:
                    await resp.read()
                    if resp.status < 500:
                        if resp.status >= 300:
                            logger.warning("adviser activity refused: %d", resp.status)
                        return resp.status < 300
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                logger.info("adviser activity: attempt %d failed (%r)", attempt, exc)
            if time.monotonic() + wait > deadline:
                break
            await asyncio.sleep(wait)
            wait = min(wait * 2, MAX_WAIT_S)
        logger.error("adviser activity not delivered to %s", self.url)
        return False

    def is_staff_command(self, activity: dict[str, Any], text: str | None) -> bool:
        """Whether a personal-chat message is a staff command (``inbox``, ``ask ...``)."""
        conversation = activity.get("conversation") or {}
        personal = conversation.get("conversationType") in (None, "personal")
        return personal and staff_command(text) is not None

    async def command(self, activity: dict[str, Any], text: str) -> dict[str, Any] | None:
        """Asks the relay to answer a staff command.

        Returns:
            ``{"status", "message"}`` from the action server (403: not an adviser), or None
            when it could not be reached within :data:`COMMAND_RETRY_FOR_S`.
        """
        headers = {"Authorization": f"Bearer {self.token}"}
        body = {**activity, "text": text}
        wait, deadline = self.backoff, time.monotonic() + COMMAND_RETRY_FOR_S
        while True:
            try:
                async with self._session().post(
                    self.command_url, json=body, headers=headers, timeout=COMMAND_TIMEOUT
                ) as resp:
                    answer = await resp.json(content_type=None)
                    if resp.status < 500 and isinstance(answer, dict):
                        return answer
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
                logger.info("staff command: %r", exc)
            if time.monotonic() + wait > deadline:
                return None
            await asyncio.sleep(wait)
            wait = min(wait * 2, MAX_WAIT_S)
