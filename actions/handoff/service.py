"""The handoff service: ticket store, adviser notification and release through Rasa's API."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp

from actions.handoff.language import conversation_language
from actions.handoff.relay_store import PUSH_ONLY, SYSTEM, TO_SME, sme_teams_reference
from actions.handoff.settings import HandoffSettings
from actions.handoff.store import Ticket, TicketStore
from actions.handoff.texts import RESUMED_TEXT, resumed_text
from actions.handoff.webhook import PostResult, post_json, summary_text, webhook_payload

logger = logging.getLogger(__name__)


@dataclass
class ReleaseResult:
    """Outcome of a release: HTTP-like status and a JSON-ready body."""

    status: int
    body: dict[str, Any]


@dataclass
class HandoffService:
    """Ticket store, adviser webhook and Rasa API client of one action-server process.

    The aiohttp session is created on first use, in the running event loop, and closed by
    :meth:`close` (the server calls it at shutdown).
    """

    settings: HandoffSettings
    store: TicketStore
    attempts: int = 3
    timeout: float = 5.0
    backoff: float = 0.5
    relay: Any = (
        None  # the adviser relay (actions.handoff.relay.Relay), set by the composition root
    )
    _session: aiohttp.ClientSession | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: HandoffSettings, **kwargs: Any) -> HandoffService:
        """A service for these settings (PostgreSQL when configured, else the SQLite file)."""
        from actions.stores import ticket_store

        return cls(settings, ticket_store(settings.db_path), **kwargs)

    def session(self) -> aiohttp.ClientSession:
        """The shared client session, created on first use."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout * self.attempts + 5)
            )
        return self._session

    async def close(self) -> None:
        """Closes the client session, if one was opened."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def notify(self, ticket: Ticket) -> str:
        """Posts the ticket summary to the adviser webhook and records the outcome.

        Returns:
            ``sent``, ``not configured`` or ``failed: <detail>`` (also stored on the ticket).
        """
        url = self.settings.webhook_url
        if not url:
            outcome = "not configured"
        else:
            payload = webhook_payload(self.settings.webhook_kind, summary_text(ticket))
            result = await post_json(
                self.session(),
                url,
                payload,
                what="adviser webhook",
                attempts=self.attempts,
                timeout=self.timeout,
                backoff=self.backoff,
            )
            outcome = "sent" if result.ok else f"failed: {result.detail}"
        await asyncio.to_thread(self.store.mark_notified, ticket.id, outcome)
        logger.info("handoff ticket #%d: adviser notification %s", ticket.id, outcome)
        return outcome

    async def resume_conversation(
        self, conversation_id: str, text: str | None = None
    ) -> PostResult:
        """Appends ``resume``, a bot message and ``action_listen`` to the tracker via Rasa's API."""
        now = time.time()
        events = [
            {"event": "resume", "timestamp": now},
            {"event": "bot", "text": text or RESUMED_TEXT, "timestamp": now},
            {"event": "action", "name": "action_listen", "timestamp": now},
        ]
        return await self.append_events(conversation_id, events)

    async def append_events(
        self,
        conversation_id: str,
        events: list[dict[str, Any]],
        output_channel: str | None = "latest",
        attempts: int | None = None,
    ) -> PostResult:
        """Appends events to a conversation through Rasa's HTTP API.

        Bot messages among them are sent to the conversation's latest channel (Socket.IO widget,
        Slack), as Rasa does for its own messages (``output_channel=latest``); with
        ``output_channel=None`` they are only stored (Teams SMEs get them proactively).
        ``attempts`` overrides the service's retries (1: the caller retries after checking).
        """
        params = {"include_events": "NONE"}
        if output_channel:
            # push channels (Slack, socket.io) show the message
            params.update(output_channel=output_channel, execute_side_effects="true")
        if self.settings.rasa_token:
            params["token"] = self.settings.rasa_token
        url = f"{self.settings.rasa_url}/conversations/{quote(conversation_id, safe='')}"
        return await post_json(
            self.session(),
            f"{url}/tracker/events",
            events,
            what="Rasa API",
            attempts=attempts or self.attempts,
            timeout=self.timeout,
            backoff=self.backoff,
            params=params,
        )

    async def conversation_events(self, conversation_id: str) -> list[dict[str, Any]] | None:
        """The conversation's events since its last restart, read through Rasa's HTTP API.

        Returns:
            The events, or None when Rasa cannot be reached or refuses.
        """
        params = {"include_events": "AFTER_RESTART"}
        if self.settings.rasa_token:
            params["token"] = self.settings.rasa_token
        url = f"{self.settings.rasa_url}/conversations/{quote(conversation_id, safe='')}/tracker"
        try:
            async with self.session().get(
                url, params=params, timeout=aiohttp.ClientTimeout(total=self.timeout)
            ) as resp:
                if resp.status != 200:
                    return None
                body = await resp.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return None
        events = body.get("events") if isinstance(body, dict) else None
        return events if isinstance(events, list) else None

    async def release(
        self, conversation_id: str, released_by: str, text: str | None = None
    ) -> ReleaseResult:
        """Resumes the conversation in Rasa, then marks its open tickets released.

        ``text`` is what the SME is told (default: :data:`RESUMED_TEXT`).

        Rasa first: if it cannot be reached the tickets stay open, so the release can be retried.

        Returns:
            404 when the conversation has no ticket, 409 when none is open, 502 when Rasa's API
            failed, 200 with the released ticket numbers otherwise.
        """
        tickets = await asyncio.to_thread(self.store.for_conversation, conversation_id)
        if not tickets:
            return ReleaseResult(
                404, {"error": f"no handoff ticket for conversation '{conversation_id}'"}
            )
        if not any(t.is_open for t in tickets):
            return ReleaseResult(
                409,
                {
                    "error": f"conversation '{conversation_id}' has no open handoff ticket",
                    "tickets": [t.id for t in tickets],
                },
            )
        text = text or resumed_text(conversation_language(tickets[-1].context))
        result = await self.resume_conversation(conversation_id, text)
        if not result.ok:
            return ReleaseResult(
                502,
                {
                    "error": f"the Rasa server did not resume the conversation ({result.detail}); "
                    "the ticket stays open, try again",
                },
            )
        released = await asyncio.to_thread(self.store.release, conversation_id, released_by)
        for ticket in released:  # a Teams SME gets the notice proactively (relay delivery)
            if sme_teams_reference(ticket.context) is not None:
                await asyncio.to_thread(
                    self.store.add_message,
                    ticket.id,
                    TO_SME,
                    SYSTEM,
                    text,
                    f"{PUSH_ONLY}released:{ticket.id}",
                )
        logger.info(
            "conversation %s released by %s (tickets %s)",
            conversation_id,
            released_by,
            ", ".join(f"#{t.id}" for t in released),
        )
        return ReleaseResult(
            200,
            {"conversation_id": conversation_id, "released": [t.id for t in released]},
        )
