"""Adviser replies the action server missed, read back from the live tickets' threads.

Slack retries an event for about five minutes and Teams posts an activity once: a reply written
in a ticket's thread while the only action server is down longer than that would be lost.
:class:`ThreadReadBack` closes the gap for any adviser channel whose threads can be read: at start
and every few seconds it reads each live ticket's thread and hands every reply it has not
handled yet to the same code as a live message (replayed), so every rule is the relay's:

* "already relayed" is the ticket store's: a reply is stored under the key the live message
  carries too, so a reply the live path took adds nothing;
* a reply written before the claim, by someone not holding it, or after ``release`` is refused
  as live, but not answered in the thread (it may have been refused live already): the log
  says why.

Replies younger than the reader's grace are left to the live path; they are replayed oldest
first (a ``claim`` written before a reply is applied before it). A thread that cannot be read is
read again at the next round. The channels: :mod:`actions.handoff.teams_graph` (Microsoft
Graph) and :mod:`actions.handoff.slack_readback` (Slack's ``conversations.replies``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from actions.handoff.relay import Outcome, Relay
from actions.handoff.ticket import Ticket

logger = logging.getLogger(__name__)

#: Replies younger than this are the live path's (it gets them within a second).
GRACE_S = 5.0
#: Live tickets read per round (the newest open ones).
MAX_TICKETS = 200


@dataclass(frozen=True)
class ThreadReply:
    """One message of a ticket's thread as the channel shows it.

    Attributes:
        id: The channel's id of the message (what the live path keys it by).
        written: When it was written (UTC), None when the channel did not say.
        from_person: A person's message (not the bot's own post, a system event or an edit).
        raw: The channel's message, for :meth:`ThreadReadBack.replay`.
    """

    id: str
    written: datetime | None
    from_person: bool
    raw: dict[str, Any]


class ThreadReadBack:
    """Relays the replies of live tickets' threads the live path did not get (subclass per
    channel: :meth:`replies` reads a thread, :meth:`replay` hands a reply to the live code).

    Args:
        relay: The relay (its store has the tickets).
        prefix: The thread-key prefix of the channel's tickets (``slack:``, ``teams:``).
        grace_s: Replies younger than this are left to the live path.
        errors: The channel's errors that mean "read this thread again next round".
    """

    def __init__(
        self,
        relay: Relay,
        prefix: str,
        grace_s: float = GRACE_S,
        errors: tuple[type[Exception], ...] = (),
    ) -> None:
        self.relay = relay
        self.prefix = prefix
        self.grace_s = grace_s
        self.errors = errors
        #: Message ids handled (relayed or refused for good), per live ticket.
        self._done: dict[int, set[str]] = {}

    async def replies(self, ticket: Ticket) -> list[ThreadReply]:
        """Every message of the ticket's thread (bounded by the channel's paging)."""
        raise NotImplementedError

    async def replay(self, ticket: Ticket, reply: ThreadReply) -> Outcome:
        """Hands a person's reply to the live path's code, marked as replayed."""
        raise NotImplementedError

    def start_round(self) -> None:
        """Called before each round (e.g. to forget per-round caches)."""

    async def poll(self) -> int:
        """One round over the live tickets of this channel; never raises.

        Returns:
            How many replies the relay accepted in this round (stored before or now).
        """
        self.start_round()
        try:
            tickets = await asyncio.to_thread(self.relay.store.recent, "open", MAX_TICKETS)
        except Exception:
            logger.exception("thread replies: tickets unreadable")
            return 0
        live = [
            t for t in tickets
            if t.state != "released" and (t.thread_key or "").startswith(self.prefix)
        ]  # fmt: skip
        self._done = {t.id: self._done.get(t.id, set()) for t in live}
        relayed = 0
        for ticket in sorted(live, key=lambda t: t.id):
            try:
                relayed += await self._ticket(ticket)
            except self.errors as exc:
                logger.warning("ticket #%d: thread replies not read (%s); next round", ticket.id, exc)  # fmt: skip
            except Exception:
                logger.exception("ticket #%d: thread replies not read; next round", ticket.id)
        return relayed

    async def _ticket(self, ticket: Ticket) -> int:
        done = self._done[ticket.id]
        newest = datetime.now(timezone.utc) - timedelta(seconds=self.grace_s)
        fresh = []
        for reply in await self.replies(ticket):
            if reply.id in done or reply.written is None or reply.written > newest:
                continue
            if not reply.from_person:
                done.add(reply.id)
                continue
            fresh.append(reply)
        relayed = 0
        for reply in sorted(fresh, key=lambda r: r.written or newest):
            outcome = await self.replay(ticket, reply)
            if outcome.status >= 500:  # e.g. Rasa unreachable during a release: try again
                continue
            done.add(reply.id)
            if outcome.ok:
                relayed += 1
            else:
                logger.warning("ticket #%d: a missed reply not relayed: %s", ticket.id, outcome.message)  # fmt: skip
        return relayed
