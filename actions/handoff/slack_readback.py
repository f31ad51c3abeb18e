"""Adviser replies the action server missed, read back from the Slack ticket threads.

Slack sends an Events API event again for about five minutes when the action server does not
answer, then drops it: a reply (or a ``claim`` / ``release`` command) written in a ticket's thread
during a longer outage would be lost. :class:`SlackThreadReader` reads the thread of every live
Slack ticket at start and every ``CLUSTER_ADVISER_SLACK_POLL_S`` seconds with
``conversations.replies`` (the bot token's ``channels:history`` scope, ``groups:history`` for a
private channel) and replays each person's reply through the live path
(:meth:`actions.handoff.slack_routes.SlackAdviserApp.thread_message`): the same key
(``slack:<client_msg_id or ts>``) makes a reply the live path took a no-op, and the rules of
:mod:`actions.handoff.readback` apply (oldest first, a grace for the live path, refusals logged,
not answered).
"""

from __future__ import annotations

from typing import Any

from actions.handoff.readback import GRACE_S, ThreadReadBack, ThreadReply
from actions.handoff.relay import Outcome
from actions.handoff.slack_adviser import PREFIX, SlackError
from actions.handoff.slack_routes import SlackAdviserApp, sent_at
from actions.handoff.ticket import Ticket

#: Messages per ``conversations.replies`` page, and pages read per thread at most.
PAGE = 200
MAX_PAGES = 20


def is_person(message: dict[str, Any]) -> bool:
    """A person's message (not the app's own post, an edit, a join or another subtype)."""
    return bool(message.get("user")) and not message.get("subtype") and not message.get("bot_id")


class SlackThreadReader(ThreadReadBack):
    """Relays the replies of live Slack tickets' threads the live path did not get.

    Args:
        slack: The adviser app (the live path's handling of a thread message).
        grace_s: Replies younger than this are left to the live path.
    """

    def __init__(self, slack: SlackAdviserApp, grace_s: float = GRACE_S) -> None:
        super().__init__(slack.relay, PREFIX, grace_s, (SlackError,))
        self.slack = slack

    async def replies(self, ticket: Ticket) -> list[ThreadReply]:
        """The replies of the ticket's thread (its root excluded), through every page.

        Raises:
            SlackError: Slack refused or could not be reached (read again next round).
        """
        channel, root = (ticket.thread or {}).get("channel"), (ticket.thread or {}).get("ts")
        if not channel or not root:
            return []
        out: list[ThreadReply] = []
        cursor = ""
        for _ in range(MAX_PAGES):
            query = {"channel": channel, "ts": root, "limit": PAGE, **({"cursor": cursor} if cursor else {})}  # fmt: skip
            page = await self.slack.channel.call("conversations.replies", query, get=True)
            for message in page.get("messages") or []:
                ts = str(message.get("ts") or "") if isinstance(message, dict) else ""
                if not ts or ts == str(root):
                    continue
                event = {**message, "type": "message", "channel": channel, "thread_ts": str(root)}
                out.append(ThreadReply(ts, sent_at(ts), is_person(message), event))
            cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                break
        return out

    async def replay(self, ticket: Ticket, reply: ThreadReply) -> Outcome:
        """Hands one reply to the live path's code, as written at its ``ts``."""
        return await self.slack.thread_message(reply.raw, replayed=True)
