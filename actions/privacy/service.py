"""Personal data of one sender: erase it, export it, and delete what is past its retention.

The action server holds tickets and feedback; the Rasa server holds the conversation (tracker).
:class:`PrivacyService` deletes and reads the first two through their store protocols and reaches
the tracker through Rasa's HTTP API:

* erase: appends ``SlotSet(data_erased, True)`` (:data:`contracts.privacy.ERASE_SLOT`), which the
  Rasa server's tracker store (``bot.privacy.tracker_store``) turns into a deletion of every event
  of that sender, on SQLite and PostgreSQL alike;
* export: ``GET /conversations/<id>/tracker?include_events=ALL``. For a conversation it does not
  know, Rasa answers with a new tracker holding only a session start (saved nowhere: the SQL
  stores persist nothing for it); with no ticket and no feedback either, the export says
  :class:`UnknownConversation` (404 in the staff API) instead of handing out that empty shell.

In a chat, ``action_erase_my_data`` deletes tickets and feedback itself and returns the slot event,
so no API call is needed there (the tracker is locked by the running turn).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

import aiohttp

from actions.dialogue.feedback_store import FeedbackStore
from actions.handoff.store import TicketStore
from actions.handoff.webhook import post_json
from actions.privacy.adviser import tell_advisers
from contracts.privacy import ERASE_SLOT, RetentionPolicy, iso_utc

logger = logging.getLogger(__name__)


@dataclass
class Erasure:
    """What an erasure removed.

    Attributes:
        conversation_id: The sender.
        tickets: Handoff tickets deleted.
        feedback: Feedback rows deleted.
        tracker: ``erased`` when Rasa accepted the erase marker, ``in this turn`` when the chat
            action returns it, or ``failed: <detail>`` (then erase again).
        advisers_told: Open tickets (a handoff under way) whose adviser was told before the
            ticket was deleted (:mod:`actions.privacy.adviser`).
    """

    conversation_id: str
    tickets: int
    feedback: int
    tracker: str = "in this turn"
    advisers_told: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True unless the tracker could not be reached."""
        return not self.tracker.startswith("failed")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "conversation_id": self.conversation_id,
            "tickets_deleted": self.tickets,
            "feedback_deleted": self.feedback,
            "tracker": self.tracker,
            "advisers_told": self.advisers_told,
        }


def erase_marker(now: float | None = None) -> dict[str, Any]:
    """The event (Rasa's JSON form) that makes the tracker store delete the tracker."""
    return {"event": "slot", "name": ERASE_SLOT, "value": True, "timestamp": now or time.time()}


@dataclass
class PrivacyService:
    """Erasure, export and retention over the ticket and feedback stores and Rasa's API.

    Args:
        tickets: The handoff ticket store.
        feedback: The feedback store.
        policy: Retention periods.
        rasa_url: Base URL of Rasa's HTTP API (``--enable-api``).
        rasa_token: Rasa's ``--auth-token``, if set.
        timeout: Seconds per Rasa API attempt.
        handoff: The handoff service, to tell the adviser of an open ticket (None: nobody).
    """

    tickets: TicketStore
    feedback: FeedbackStore
    policy: RetentionPolicy
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str | None = None
    timeout: float = 5.0
    handoff: Any = None
    _session: aiohttp.ClientSession | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ local data
    def erase_local(self, conversation_id: str) -> Erasure:
        """Deletes the sender's tickets and feedback (the tracker is not touched)."""
        tickets = self.tickets.delete_conversation(conversation_id)
        feedback = self.feedback.delete_conversation(conversation_id)
        logger.info(
            "erased %d ticket(s) and %d feedback row(s) of a conversation", tickets, feedback
        )
        return Erasure(conversation_id, tickets, feedback)

    async def erase_with_advisers(self, conversation_id: str) -> Erasure:
        """Tells the adviser of any open ticket, then deletes tickets and feedback (the chat's
        "delete my data"; the tracker is erased by the marker the action returns)."""
        told = await tell_advisers(self.handoff, conversation_id)
        erasure = await asyncio.to_thread(self.erase_local, conversation_id)
        erasure.advisers_told = told
        return erasure

    def sweep(self, now: datetime | None = None) -> dict[str, int]:
        """Deletes tickets and feedback past their retention period.

        Released tickets count from their release; open tickets are kept. Kinds kept forever
        (0 days) are skipped and reported as 0.

        Returns:
            ``{"tickets": n, "feedback": n}`` deleted.
        """
        now = now or datetime.now(timezone.utc)
        deleted = {"tickets": 0, "feedback": 0}
        if (cutoff := self.policy.cutoff("tickets", now)) is not None:
            deleted["tickets"] = self.tickets.delete_released_before(iso_utc(cutoff))
        if (cutoff := self.policy.cutoff("feedback", now)) is not None:
            deleted["feedback"] = self.feedback.delete_before(iso_utc(cutoff))
        return deleted

    # ------------------------------------------------------------------ with Rasa
    def session(self) -> aiohttp.ClientSession:
        """The client session for Rasa's API, created on first use."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        """Closes the client session, if one was opened."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _url(self, conversation_id: str) -> str:
        return f"{self.rasa_url.rstrip('/')}/conversations/{quote(conversation_id, safe='')}"

    def _params(self, **extra: str) -> dict[str, str]:
        params = dict(extra)
        if self.rasa_token:
            params["token"] = self.rasa_token
        return params

    async def erase(self, conversation_id: str) -> Erasure:
        """Deletes tickets and feedback, then has the Rasa server delete the tracker.

        Returns:
            What was removed; ``tracker`` says ``failed: ...`` when Rasa's API did not accept
            the marker (tickets and feedback are gone already; erasing again is safe).
        """
        erasure = await self.erase_with_advisers(conversation_id)
        result = await post_json(
            self.session(),
            f"{self._url(conversation_id)}/tracker/events",
            [erase_marker()],
            what="Rasa API",
            attempts=3,
            timeout=self.timeout,
            params=self._params(include_events="NONE"),
        )
        erasure.tracker = "erased" if result.ok else f"failed: {result.detail}"
        return erasure

    async def fetch_tracker(self, conversation_id: str) -> dict[str, Any]:
        """The full tracker (every event of every session) from Rasa's API.

        Raises:
            PrivacyError: Rasa's API answered with an error or could not be reached.
        """
        url = f"{self._url(conversation_id)}/tracker"
        try:
            async with self.session().get(
                url,
                params=self._params(include_events="ALL"),
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as resp:
                if resp.status != 200:
                    raise PrivacyError(f"Rasa API answered {resp.status} for the tracker")
                return await resp.json()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise PrivacyError(f"Rasa API not reached: {exc.__class__.__name__}") from exc

    async def export(self, conversation_id: str) -> dict[str, Any]:
        """Everything kept about one sender, as one JSON-ready document (subject access).

        Raises:
            UnknownConversation: Nothing is kept about this sender.
            PrivacyError: The tracker could not be read from Rasa.
        """
        tickets = await asyncio.to_thread(self.tickets.for_conversation, conversation_id)
        feedback = await asyncio.to_thread(self.feedback.for_conversation, conversation_id)
        tracker = await self.fetch_tracker(conversation_id)
        if not (tickets or feedback or said_anything(tracker.get("events") or [])):
            raise UnknownConversation(f"nothing is kept about conversation '{conversation_id}'")
        return {
            "conversation_id": conversation_id,
            "exported_at": iso_utc(datetime.now(timezone.utc)),
            "retention_days": {
                kind: self.policy.days(kind) for kind in ("conversations", "tickets", "feedback")
            },
            "events": tracker.get("events") or [],
            "slots": tracker.get("slots") or {},
            "tickets": [ticket.to_dict() for ticket in tickets],
            "feedback": feedback,
        }


class PrivacyError(RuntimeError):
    """Rasa's API could not give or take a conversation (the message says what happened)."""


class UnknownConversation(PrivacyError):
    """No message, ticket or feedback of this sender is kept (an export answers 404)."""


def said_anything(events: list[dict[str, Any]]) -> bool:
    """True when a tracker's events hold a message of the user or the bot (a conversation that
    happened), not only the session start Rasa runs for a conversation it does not know."""
    return any(event.get("event") in ("user", "bot") for event in events)
