"""Adviser replies the action server missed, read back from the Teams threads (Microsoft Graph).

With the advisers' own bot registration, Teams posts each adviser activity once to the action
server (:mod:`actions.handoff.teams_messaging`) and never again: a reply written while the only
action server is down would be lost. :class:`ThreadReader` closes that gap. At start and every
``CLUSTER_ADVISER_TEAMS_POLL_S`` seconds it reads the replies of each live ticket's thread
(``GET /teams/{team}/channels/{channel}/messages/{root}/replies``, an app-only token of the
advisers' bot; the resource-specific permission ``ChannelMessage.Read.Group`` of the app's
manifest grants it) and hands every reply it has not handled yet to the same code as a live
activity (:meth:`actions.handoff.teams_routes.TeamsAdviserApp.activity`, replayed), so every
rule is the relay's:

* "already relayed" is the ticket store's: a reply is stored under the Teams message id the
  live activity carries too (``teams:<id>``), so a reply the live path took adds nothing;
* only members of the adviser channel's team count (Graph names users by their Microsoft Entra
  object id; the Bot Connector's member lookup gives the Teams user id claims are held by);
  the bot's own posts and system messages are skipped;
* a reply written before the claim, by someone not holding it, or after ``release`` (also one
  written in the thread meanwhile) is refused as live, but not answered in the thread (it may
  have been refused live already): the log says why.

Replies younger than :data:`GRACE_S` seconds are left to the live path. Graph and token calls
have a timeout and :data:`ATTEMPTS` tries (429/5xx/network, ``Retry-After`` honoured up to
:data:`MAX_WAIT_S`); a ticket whose thread could not be read is read again at the next round.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

import aiohttp

from actions.handoff.readback import GRACE_S, ThreadReadBack, ThreadReply
from actions.handoff.relay import Outcome
from actions.handoff.teams_adviser import PREFIX, TeamsAdviserChannel
from actions.handoff.teams_bot import TeamsBot, TeamsError
from actions.handoff.teams_routes import TeamsAdviserApp, plain_text
from actions.handoff.ticket import Ticket

logger = logging.getLogger(__name__)

GRAPH_URL = "https://graph.microsoft.com/v1.0"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
ATTEMPTS = 3
TIMEOUT_S = 10.0
MAX_WAIT_S = 5.0
MAX_PAGES = 20
_BREAKS = re.compile(r"<br\s*/?>|</p>|</div>", re.IGNORECASE)
#: Graph's mentions carry an id (``<at id="0">Cluster assistant</at>``), live activities none.
_MENTION = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)


class GraphError(RuntimeError):
    """A Graph request that failed after its retries (or was refused: 401/403/404)."""


class GraphClient:
    """GETs of Microsoft Graph with the advisers' bot's app-only token.

    Args:
        bot: The client-credentials token source (scope :data:`GRAPH_SCOPE`).
        session: Returns the action server's shared aiohttp session.
        base_url: Graph's base URL (tests point it at a local fake).
        backoff_s: First wait between tries (doubled each time).
    """

    def __init__(
        self, bot: TeamsBot, session: Callable[[], Any], base_url: str = GRAPH_URL,
        backoff_s: float = 0.5,
    ) -> None:  # fmt: skip
        self.bot = bot
        self._session = session
        self.base_url = base_url.rstrip("/")
        self.backoff_s = backoff_s

    async def get(self, url: str) -> dict[str, Any]:
        """One GET of a Graph URL (under :attr:`base_url` only: the token goes nowhere else).

        Raises:
            GraphError: refused, or still failing after :data:`ATTEMPTS` tries.
        """
        if not url.startswith(f"{self.base_url}/"):
            raise GraphError(f"not a Graph URL of this server: {url[:80]}")
        wait, last = self.backoff_s, "no attempt"
        for attempt in range(ATTEMPTS):
            if attempt:
                await asyncio.sleep(wait)
                wait *= 2
            try:
                headers = {"Authorization": f"Bearer {await self.bot.token()}"}
                timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
                async with self._session().get(url, headers=headers, timeout=timeout) as resp:
                    status = resp.status
                    body = await resp.json(content_type=None) if status == 200 else None
                    detail = "" if status == 200 else (await resp.text())[:200]
                    retry_after = resp.headers.get("Retry-After", "")
            except (TeamsError, aiohttp.ClientError, TimeoutError, ValueError) as exc:
                last = type(exc).__name__ if not isinstance(exc, TeamsError) else str(exc)
                continue
            if status == 200 and isinstance(body, dict):
                return body
            last = f"HTTP {status}"
            if status == 429 or status >= 500:
                if retry_after.isdigit():
                    wait = min(float(retry_after), MAX_WAIT_S)
                continue
            raise GraphError(f"Graph refused {url[len(self.base_url) :]}: {last} {detail}")
        raise GraphError(f"Graph unreachable after {ATTEMPTS} tries: {last}")

    async def replies(self, team: str, channel: str, root: str) -> list[dict[str, Any]]:
        """Every reply of a channel message, following ``@odata.nextLink`` (bounded)."""
        url = (
            f"{self.base_url}/teams/{quote(team, safe='')}/channels/{quote(channel, safe='')}"
            f"/messages/{quote(root, safe='')}/replies?$top=50"
        )
        out: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            page = await self.get(url)
            out += [m for m in page.get("value") or [] if isinstance(m, dict)]
            url = str(page.get("@odata.nextLink") or "")
            if not url:
                break
        return out


def reply_text(message: dict[str, Any]) -> str:
    """A Graph message's body as plain text (mentions removed, as for a live activity)."""
    body = message.get("body") or {}
    content = str(body.get("content") or "")
    if str(body.get("contentType") or "").lower() == "html":
        content = _BREAKS.sub("\n", _MENTION.sub(" ", content))
        content = html.unescape(plain_text({"text": content}))
    return content.strip()


def _created(message: dict[str, Any]) -> datetime | None:
    try:
        created = datetime.fromisoformat(str(message.get("createdDateTime") or ""))
    except ValueError:
        return None
    return created if created.tzinfo else None


def is_adviser_reply(message: dict[str, Any]) -> bool:
    """A person's message with an id (not the bot's, not a system event, not deleted)."""
    sender = message.get("from") or {}
    return (
        message.get("messageType", "message") == "message"
        and bool(message.get("id"))
        and not message.get("deletedDateTime")
        and isinstance(sender.get("user"), dict)
        and bool(sender["user"].get("id"))
        and not sender.get("application")
    )


class ThreadReader(ThreadReadBack):
    """Relays the adviser replies of live Teams tickets the live path did not get.

    Args:
        teams: The adviser-channel app (the live path's handling of a thread activity).
        graph: The Graph client.
        team_id: The adviser team's Microsoft 365 group id (``CLUSTER_ADVISER_TEAMS_TEAM_ID``).
        grace_s: Replies younger than this are left to the live path.
    """

    def __init__(
        self, teams: TeamsAdviserApp, graph: GraphClient, team_id: str, grace_s: float = GRACE_S
    ) -> None:
        super().__init__(teams.relay, PREFIX, grace_s, (GraphError, TeamsError))
        self.teams = teams
        self.graph = graph
        self.team_id = team_id
        self._members: dict[str, str | None] = {}

    @property
    def channel(self) -> TeamsAdviserChannel:
        """The adviser channel (membership, its id)."""
        return self.teams.channel

    def start_round(self) -> None:
        """Entra object id -> Teams user id is asked once per round."""
        self._members = {}

    async def replies(self, ticket: Ticket) -> list[ThreadReply]:
        """The replies of the ticket's thread root, read through Graph."""
        thread = ticket.thread or {}
        if not thread.get("conversation") or not thread.get("activity"):
            return []
        found = await self.graph.replies(
            self.team_id, self.channel.channel, str(thread["activity"])
        )
        return [ThreadReply(str(m.get("id")), _created(m), is_adviser_reply(m), m) for m in found]

    async def replay(self, ticket: Ticket, reply: ThreadReply) -> Outcome:
        """Hands one reply to the live path's code.

        Raises:
            TeamsError: membership unknown (the thread is read again next round).
        """
        message, user = reply.raw, reply.raw["from"]["user"]
        if user["id"] not in self._members:
            self._members[user["id"]] = await self.channel.member_id(str(user["id"]))
        member = self._members[user["id"]]
        if member is None:
            return Outcome(403, "a reply by a non-member of the adviser team ignored")
        activity = {
            "type": "message",
            "id": reply.id,
            "timestamp": message.get("createdDateTime"),
            "text": reply_text(message),
            "from": {"id": member, "name": user.get("displayName") or "An adviser"},
            "conversation": {"id": str(ticket.thread["conversation"]), "conversationType": "channel"},
        }  # fmt: skip
        return await self.teams.activity(activity, replayed=True)


def graph_reader(
    teams: TeamsAdviserApp,
    session: Callable[[], Any],
    team_id: str,
    graph_url: str | None = None,
    token_url: str | None = None,
) -> ThreadReader:
    """The reader of an adviser channel's threads, with the channel's bot credentials."""
    channel = teams.channel
    bot = TeamsBot(
        channel.app_id, channel.app_password, channel.tenant, session, token_url, GRAPH_SCOPE
    )
    graph = GraphClient(bot, session, graph_url or GRAPH_URL)
    return ThreadReader(teams, graph, team_id, grace_s=GRACE_S)
