"""The relay between an SME's conversation and an adviser thread (Slack or Teams).

A ticket goes ``open`` -> ``claimed`` -> ``released`` (:mod:`actions.handoff.relay_store`).
:class:`Relay` holds every rule of the human part, whatever the adviser channel:

* who may act: only members of the adviser channel (:meth:`AdviserChannel.is_member`) claim,
  reply or release; only the adviser holding the claim replies;
* where a message may go: an adviser message is tied to the ticket of the thread it was written
  in, and is accepted only while that ticket is claimed, so it can never reach another
  conversation nor one that was handed back;
* nothing is lost: each message is stored first (once, by its ``source_key``), then delivered;
  what could not be delivered stays pending and :meth:`Relay.flush` (run after each message
  and every few seconds by the server) delivers it once the other side is back, one action
  server at a time (a lease on the stored message, :mod:`actions.handoff.delivery`); an SME
  message
  Rasa kept while the action server was down is picked up from the tracker
  (:meth:`Relay.catch_up`, at start and every half minute).

The channel-specific parts are two small protocols: :class:`AdviserChannel` (post the ticket
thread, post into it, membership) and :class:`SmeOutlet` (deliver a message to the SME).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol

from actions.handoff.delivery import DELIVERY_S, LEASE_S, Delivery
from actions.handoff.language import conversation_language
from actions.handoff.relay_store import SYSTEM, TO_ADVISER, TO_SME, RelayMessage
from actions.handoff.store import Ticket, TicketStore
from i18n import text as catalogue_text

logger = logging.getLogger(__name__)

#: Author of the SME's messages in the transcript.
SME = "sme"


class AdviserChannel(Protocol):
    """Where advisers work: one thread per ticket in a channel (Slack) or team channel (Teams)."""

    kind: str

    async def open_thread(self, ticket: Ticket) -> tuple[str, dict[str, Any]]:
        """Posts the ticket summary with Claim/Release; returns the thread key and reference."""
        ...

    async def post(self, ticket: Ticket, author: str, text: str) -> bool:
        """Posts a message into the ticket's thread; whether it arrived."""
        ...

    async def refresh(self, ticket: Ticket) -> None:
        """Shows the ticket's state (claimed by, released) on its first message."""
        ...

    async def is_member(self, adviser_id: str) -> bool:
        """Whether this user belongs to the adviser channel."""
        ...


class SmeOutlet(Protocol):
    """How a message reaches the SME's conversation (web widget, Slack/Teams DM, REST)."""

    async def deliver(self, ticket: Ticket, message: RelayMessage) -> bool:
        """Delivers one message; whether it arrived."""
        ...

    def unreachable(self, ticket: Ticket) -> str | None:
        """Why adviser messages cannot reach this ticket's SME (a line for the advisers), or None."""
        ...


ReleaseFn = Callable[..., Awaitable[Any]]
#: ``async (conversation_id) -> events or None``: a conversation's tracker events.
EventsFn = Callable[[str], Awaitable[list[dict[str, Any]] | None]]


@dataclass(frozen=True)
class Outcome:
    """What happened to an adviser's request: an HTTP-like status and a line for the adviser
    (``card``: the same as a channel's card, where the channel draws one)."""

    status: int
    message: str
    ticket: Ticket | None = None
    card: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """True for a 2xx status."""
        return 200 <= self.status < 300


def _before(written_at: str, claimed_at: str | None) -> bool:
    """Whether a message was written before the claim (a second's tolerance: the claim time is
    stored to the second; an unreadable time is not held against the message)."""
    try:
        written = datetime.fromisoformat(written_at)
        claimed = datetime.fromisoformat(claimed_at or "")
    except ValueError:
        return False
    if written.tzinfo is None or claimed.tzinfo is None:
        return False
    return (claimed - written).total_seconds() > 1.0


def _utc_seconds(written_at: str | None) -> str | None:
    """A past time as the store writes times (UTC, to the second); None when absent, unreadable
    or in the future (then the claim is recorded as of now)."""
    try:
        written = datetime.fromisoformat(written_at or "")
    except ValueError:
        return None
    if written.tzinfo is None or written > datetime.now(timezone.utc):
        return None
    return written.astimezone(timezone.utc).isoformat(timespec="seconds")


def sme_text(key: str, ticket: Ticket, **fields: Any) -> str:
    """A handoff text for the SME in the conversation's language (domain ``handoff``)."""
    return catalogue_text(f"handoff.{key}", conversation_language(ticket.context), **fields)


@dataclass
class Relay(Delivery):
    """Moves messages between SMEs and advisers and keeps the ticket's state.

    Args:
        store: The ticket store (persists tickets, claims, threads and messages).
        adviser: The adviser channel, or None when only the incoming webhook is configured.
        sme: Delivers messages to the SME.
        release: ``async (conversation_id, released_by, text=...) -> ReleaseResult``, the
            handoff service's release (resumes the conversation in Rasa).
        owner: This relay's name on the delivery leases (unique per process).
    """

    store: TicketStore
    adviser: AdviserChannel | None
    sme: SmeOutlet
    release_conversation: ReleaseFn
    _locks: dict[str, asyncio.Lock] | None = None
    owner: str = field(default_factory=lambda: uuid.uuid4().hex)
    lease_s: float = LEASE_S
    delivery_s: float = DELIVERY_S

    # ---- the SME side ----

    async def open(self, ticket: Ticket) -> str:
        """Opens the ticket's thread in the adviser channel.

        Returns:
            ``sent``, ``not configured`` or ``failed: <detail>`` (also stored on the ticket).
        """
        if self.adviser is None:
            return "not configured"
        try:
            key, reference = await self.adviser.open_thread(ticket)
        except Exception as exc:  # the ticket exists: report, do not raise into the action
            logger.exception("could not open the adviser thread of ticket #%d", ticket.id)
            outcome = f"failed: {type(exc).__name__}"
        else:
            await self._call(self.store.set_thread, ticket.id, key, reference)
            outcome = "sent"
            warning = self.sme.unreachable(ticket)
            if warning:  # the advisers learn it before they answer, not from a silent SME
                await self._call(
                    self.store.add_message, ticket.id, TO_ADVISER, SYSTEM, warning, "unreachable"
                )
                await self.flush((TO_ADVISER,))
        await self._call(self.store.mark_notified, ticket.id, outcome)
        return outcome

    async def from_sme(self, conversation_id: str, events: list[dict[str, Any]]) -> int:
        """Stores the SME's messages since the handoff and forwards them to the thread.

        Every user message after the latest ``pause`` event is stored once (keyed by its
        timestamp), so reading the same tracker twice, or after a restart, adds nothing twice.

        Returns:
            How many messages were new.
        """
        if self.adviser is None:  # webhook only: nobody to relay to
            return 0
        ticket = await self._call(self.store.open_ticket, conversation_id)
        if ticket is None:
            return 0
        start = max((i for i, e in enumerate(events) if e.get("event") == "pause"), default=None)
        if start is None:
            return 0
        new = 0
        for event in events[start + 1 :]:
            text = str(event.get("text") or "").strip()
            if event.get("event") != "user" or not text:
                continue
            key = f"user:{float(event.get('timestamp') or 0):.6f}"
            stored = await self._call(self.store.add_message, ticket.id, TO_ADVISER, SME, text, key)
            new += stored is not None
        # Only towards the adviser: this runs inside Rasa's handling of the SME's message,
        # which holds the conversation's lock that a delivery to the SME would wait for.
        await self.flush((TO_ADVISER,))
        return new

    async def catch_up(self, events_of: EventsFn) -> int:
        """Forwards the SME messages of live tickets that no action saw.

        Rasa keeps an SME's message in the tracker when the action server is down (restarting)
        and cannot run ``action_validate_slot_mappings`` on it; nothing would forward it before
        the SME's next message. This reads each live ticket's tracker (``events_of``, Rasa's API)
        and stores what is new, once, as :meth:`from_sme` does.

        Returns:
            How many messages were new.
        """
        if self.adviser is None:
            return 0
        new = 0
        for ticket in await self._call(self.store.recent, "open", 200):
            if ticket.state == "released" or not ticket.thread_key:
                continue
            events = await events_of(ticket.conversation_id)
            if events:
                new += await self.from_sme(ticket.conversation_id, events)
        return new

    async def contact_email(self, ticket: Ticket, address: str) -> Ticket | None:
        """Saves an e-mail address the SME left while handed off and shows it to the advisers.

        Outside office hours the SME is invited to leave one; it is stored on the ticket (the
        thread's card and the inbox show it) and a note goes into the thread.

        Returns:
            The updated ticket, or None when it is no longer open.
        """
        saved = await self._call(self.store.set_email, ticket.id, address)
        if saved is None or self.adviser is None or not saved.thread_key:
            return saved
        note = f"The SME left an e-mail address for the answer: {address}"
        await self._call(
            self.store.add_message, ticket.id, TO_ADVISER, SYSTEM, note, f"email:{address}"
        )
        await self.flush((TO_ADVISER,))
        await self._refresh(saved)
        return saved

    # ---- the adviser side ----

    async def _allowed(self, adviser_id: str) -> Outcome | None:
        if self.adviser is None or not await self.adviser.is_member(adviser_id):
            return Outcome(403, "Only members of the adviser channel can work on tickets.")
        return None

    async def claim(
        self, ticket_id: int, adviser_id: str, adviser_name: str, written_at: str | None = None
    ) -> Outcome:
        """An adviser joins: the SME is told who joined, in their language.

        Args:
            written_at: When a ``claim`` command read back after the fact was written (ISO
                8601): the claim is recorded from then (not later than now), so the adviser's
                replies written after it are not judged as written before the claim.
        """
        refused = await self._allowed(adviser_id)
        if refused:
            return refused
        ticket = await self._call(self.store.get, ticket_id)
        if ticket is None:
            return Outcome(404, f"There is no ticket #{ticket_id}.")
        if ticket.state == "released":
            return Outcome(409, f"Ticket #{ticket_id} was already handed back.", ticket)
        if ticket.claimed_by == adviser_id:
            return Outcome(200, f"You already hold ticket #{ticket_id}.", ticket)
        claimed = await self._call(
            self.store.claim, ticket_id, adviser_id, adviser_name, _utc_seconds(written_at)
        )
        if claimed is None:
            current = await self._call(self.store.get, ticket_id)
            holder = current.claimed_name if current else "someone else"
            return Outcome(409, f"Ticket #{ticket_id} is already claimed by {holder}.", current)
        notice = sme_text("adviser_joined", claimed, name=adviser_name)
        await self._call(
            self.store.add_message,
            ticket_id,
            TO_SME,
            SYSTEM,
            notice,
            f"claim:{adviser_id}:{claimed.claimed_at}",
        )
        await self.flush()
        await self._refresh(claimed)
        return Outcome(200, f"{adviser_name} claimed ticket #{ticket_id}.", claimed)

    async def from_adviser(
        self,
        thread_key: str,
        adviser_id: str,
        adviser_name: str,
        text: str,
        source_key: str,
        written_at: str | None = None,
    ) -> Outcome:
        """An adviser's reply in a ticket thread, for that ticket's SME only.

        Args:
            written_at: When the reply was written (ISO 8601), for a reply read back from the
                thread after the fact (:mod:`actions.handoff.teams_graph`): one written before
                the ticket's claim was written while nobody held it, and is refused as it was
                then. None (a reply arriving live): judged as it arrives.
        """
        refused = await self._allowed(adviser_id)
        if refused:
            return refused
        ticket = await self._call(self.store.by_thread, thread_key)
        if ticket is None:
            return Outcome(404, "This thread is not a handoff ticket; nothing was sent.")
        if ticket.state == "released":
            return Outcome(
                409, f"Ticket #{ticket.id} was handed back; this message was not sent.", ticket
            )
        if ticket.state != "claimed":
            return Outcome(
                409, f"Claim ticket #{ticket.id} first; this message was not sent.", ticket
            )
        if ticket.claimed_by != adviser_id:
            return Outcome(
                403,
                f"Ticket #{ticket.id} is held by {ticket.claimed_name}; this message was not sent.",
                ticket,
            )
        if written_at and _before(written_at, ticket.claimed_at):
            return Outcome(
                409, f"Written before ticket #{ticket.id} was claimed; it was not sent.", ticket
            )
        text = text.strip()
        if not text:
            return Outcome(400, "Empty message; nothing was sent.", ticket)
        await self._call(self.store.add_message, ticket.id, TO_SME, adviser_name, text, source_key)
        await self.flush()
        return Outcome(200, "sent", ticket)

    async def release(self, ticket_id: int, adviser_id: str) -> Outcome:
        """Hands the conversation back to the bot; the SME is told in their language."""
        refused = await self._allowed(adviser_id)
        if refused:
            return refused
        ticket = await self._call(self.store.get, ticket_id)
        if ticket is None:
            return Outcome(404, f"There is no ticket #{ticket_id}.")
        if ticket.state == "released":
            return Outcome(409, f"Ticket #{ticket_id} was already handed back.", ticket)
        if ticket.claimed_by and ticket.claimed_by != adviser_id:
            return Outcome(403, f"Ticket #{ticket_id} is held by {ticket.claimed_name}.", ticket)
        await self.flush()  # the adviser's last words arrive before the hand-back
        name = ticket.claimed_name or "An adviser"
        result = await self.release_conversation(
            ticket.conversation_id,
            released_by=adviser_id,
            text=sme_text("handed_back", ticket, name=name),
        )
        if result.status != 200:
            return Outcome(result.status, str(result.body.get("error")), ticket)
        released = await self._call(self.store.get, ticket_id)
        await self.flush((TO_SME,))  # a Teams SME's handed-back notice (pushed, not in Rasa)
        await self._refresh(released)
        return Outcome(200, f"Ticket #{ticket_id} handed back to the assistant.", released)

    async def remind(self, after_s: float, now: float | None = None) -> int:
        """Queues a reminder in the thread of each ticket unclaimed for ``after_s`` seconds.

        One reminder per full ``after_s`` of waiting (keyed by that count, so restarts and
        repeated calls add none twice); delivered like any other message.

        Returns:
            How many reminders were queued.
        """
        if after_s <= 0 or self.adviser is None:
            return 0
        now = time.time() if now is None else now
        queued = 0
        for ticket in await self._call(self.store.recent, "open", 200):
            if ticket.state != "open" or not ticket.thread_key:
                continue
            waited = now - datetime.fromisoformat(ticket.created_at).timestamp()
            count = int(waited // after_s)
            if count < 1:
                continue
            text = (
                f"Reminder: ticket #{ticket.id} has waited {int(waited // 60)} min for an "
                "adviser. Press Claim to answer."
            )
            stored = await self._call(
                self.store.add_message, ticket.id, TO_ADVISER, SYSTEM, text, f"remind:{count}"
            )
            queued += stored is not None
        return queued
