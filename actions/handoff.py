"""Human handoff: consent and e-mail form, ticket, adviser notification, pause and release.

Flow (rules and the form are in the domain; this module holds the actions):

1. ``request_human`` (or repeated fallbacks, see :mod:`actions.fallback`) runs ``handoff_form``;
   :class:`ValidateHandoffForm` checks ``handoff_consent`` (denied: the form ends, nothing is
   shared) and ``contact_email`` (validated with ``email-validator`` if installed, else a strict
   regex; "no"/"skip" leaves it empty and ends the form).
2. :class:`ActionHandoff` stores a ticket (:mod:`actions.handoff_store`) with a capped transcript
   and the search context, posts a summary to the adviser webhook (Slack or Teams; formatting and
   the retrying HTTP post are in :mod:`actions.handoff_webhook`), tells the user
   what happens next, honestly if the webhook is missing or failed, and returns
   ``ConversationPaused``.
3. While paused, Rasa 3.6 logs the user's messages but runs no action
   (``MessageProcessor._should_handle_message``): over REST the user gets an empty list, i.e.
   silence, which looks like a broken bot. One thing still runs on every message, paused or not:
   ``action_extract_slots``, which calls the custom action of any slot with a ``custom`` mapping
   and keeps the ``BotUttered`` events it returns (``ActionExtractSlots._run_custom_action``).
   :class:`ActionHandoffNotice` is such a mapping action (slot ``handoff_ticket``): when the
   tracker is paused it answers "an adviser has your conversation (ticket #n)", at most once every
   :data:`NOTICE_INTERVAL_S` seconds so that it does not talk over an adviser; otherwise it does
   nothing. This needs no change to Rasa's prediction and no rule that would have to match every
   intent. Cost: one short action-server call per user message.
4. An adviser releases the conversation with ``POST /handoff/<conversation_id>/release`` on the
   action server (``Authorization: Bearer $CLUSTER_HANDOFF_TOKEN``; the route is not installed
   when the token is unset) or ``python -m actions.handoff release <conversation_id>``. Both mark
   the tickets released and append ``resume``, a short bot message and ``action_listen`` to the
   tracker through Rasa's HTTP API (``--enable-api``); ``action_listen`` makes the next user turn
   look like any other turn to the policies.

A Rasa session that expires while paused starts a new, unpaused session (``SessionStarted``
resets the tracker). :class:`ActionSessionStartKeepsHandoff` is a drop-in ``action_session_start``
that carries slots over as Rasa's default does and pauses the new session again while the
conversation still has an open ticket; it is active only if the domain lists
``action_session_start`` among its actions.

Environment (action server):

| variable | default | feeds |
|---|---|---|
| ``CLUSTER_HANDOFF_DB`` | ``<repo>/var/handoff.db`` | ticket store |
| ``CLUSTER_ADVISER_WEBHOOK_URL`` | unset (no notification; tickets still stored) | adviser channel |
| ``CLUSTER_ADVISER_WEBHOOK_KIND`` | ``slack`` | ``slack`` (``{"text": ...}``) or ``teams`` (Adaptive Card) |
| ``CLUSTER_HANDOFF_TOKEN`` | unset (release route disabled) | release route bearer token |
| ``CLUSTER_RASA_URL`` | ``http://127.0.0.1:5005`` | Rasa HTTP API used on release |
| ``CLUSTER_RASA_TOKEN`` | unset | Rasa ``--auth-token``, if the Rasa server uses one |
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import json
import logging
import os
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

import aiohttp
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ConversationPaused,
    EventType,
    SessionStarted,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handoff_store import HandoffStore, Ticket
from actions.handoff_webhook import (
    WEBHOOK_KINDS,
    PostResult,
    post_json,
    summary_text,
    webhook_payload,
)
from actions.handoff_webhook import clip as _clip

logger = logging.getLogger(__name__)

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
CONTEXT_SLOTS = (
    "partner_query",
    "last_search",
    "country",
    "region",
    "sector",
    "technology",
    "instrument",
    "selected_id",
)
SKIP_WORDS = frozenset(
    {
        "no", "skip", "nope", "none", "no thanks", "no thank you", "no email", "no e-mail",
        "no mail", "rather not", "i'd rather not", "n/a", "na", "-", "not now", "nah",
    }
)  # fmt: skip

# Transcript caps: the newest messages are kept.
MAX_MESSAGES = 100
MAX_MESSAGE_CHARS = 1000
MAX_TRANSCRIPT_CHARS = 20_000
NOTICE_INTERVAL_S = 600.0

NOTICE_PREFIX = "An adviser has your conversation"
RESUMED_TEXT = (
    "An adviser has handed you back to the assistant. Ask me about partners, funding or "
    "clusters whenever you like."
)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class HandoffSettings:
    """Handoff configuration of the action server; see the module docstring for the variables."""

    db_path: str | None = None
    webhook_url: str | None = None
    webhook_kind: str = "slack"
    token: str | None = None
    rasa_url: str = DEFAULT_RASA_URL
    rasa_token: str | None = None

    @classmethod
    def from_env(cls, **overrides: Any) -> HandoffSettings:
        """Reads the environment; explicit keyword arguments win.

        An unknown ``CLUSTER_ADVISER_WEBHOOK_KIND`` is logged and the webhook disabled, so a typo
        in an optional setting cannot stop the assistant (tickets are still stored).
        """
        env = os.environ

        def value(name: str) -> str | None:
            return (env.get(name) or "").strip() or None

        kind = (value("CLUSTER_ADVISER_WEBHOOK_KIND") or "slack").lower()
        url = value("CLUSTER_ADVISER_WEBHOOK_URL")
        if kind not in WEBHOOK_KINDS:
            logger.error(
                "CLUSTER_ADVISER_WEBHOOK_KIND=%r is not one of %s; adviser notifications are off",
                kind,
                "/".join(WEBHOOK_KINDS),
            )
            url, kind = None, "slack"
        settings = {
            "db_path": value("CLUSTER_HANDOFF_DB"),
            "webhook_url": url,
            "webhook_kind": kind,
            "token": value("CLUSTER_HANDOFF_TOKEN"),
            "rasa_url": (value("CLUSTER_RASA_URL") or DEFAULT_RASA_URL).rstrip("/"),
            "rasa_token": value("CLUSTER_RASA_TOKEN"),
        }
        settings.update(overrides)
        return cls(**settings)


# --------------------------------------------------------------------------- pure functions

_EMAIL_TOKEN = re.compile(r"[^\s<>()\[\],;:\"']*@[^\s<>()\[\],;:\"']*")
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_skip(text: str | None) -> bool:
    """True when the user declines to give an e-mail ("no", "skip", "no thanks", ...)."""
    if not text:
        return False
    normalised = re.sub(r"[\s.!]+$", "", text.strip().lower())
    return normalised in SKIP_WORDS


def _regex_reason(address: str) -> str | None:
    """Why ``address`` is not an e-mail address (regex fallback), or None when it is one."""
    if len(address) > 254:
        return "it is longer than 254 characters."
    local, _, domain = address.rpartition("@")
    if not local:
        return "there is nothing before the @."
    if not domain:
        return "there is nothing after the @."
    if len(local) > 64:
        return "the part before the @ is longer than 64 characters."
    if "." not in domain:
        return f"'{domain}' after the @ has no dot (like example.org)."
    if ".." in address:
        return "it has two dots in a row."
    if not _EMAIL_RE.match(address):
        return "it contains characters an e-mail address cannot have."
    return None


def validate_email_address(text: str) -> tuple[str | None, str | None]:
    """Finds and validates the e-mail address in a message ("it's anna@example.org").

    Uses ``email-validator`` (syntax only, no DNS) when installed, else a strict regex.

    Args:
        text: The user's message.

    Returns:
        ``(normalised_address, None)`` when valid, else ``(None, reason)`` with a readable reason.
    """
    text = _CONTROL.sub(" ", text or "").strip()
    tokens = _EMAIL_TOKEN.findall(text)
    if not tokens:
        return None, "there is no @ in it."
    address = tokens[0].rstrip(".!?")
    try:
        from email_validator import EmailNotValidError, validate_email
    except ImportError:  # optional dependency: fall back to the regex
        reason = _regex_reason(address)
        return (None, reason) if reason else (address, None)
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as err:
        return None, str(err)
    return result.normalized, None


def _iso(timestamp: Any) -> str | None:
    try:
        return datetime.fromtimestamp(float(timestamp), timezone.utc).isoformat(timespec="seconds")
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _bot_text(event: dict[str, Any]) -> str | None:
    text = event.get("text")
    if text:
        return text
    custom = (event.get("data") or {}).get("custom")
    if isinstance(custom, dict) and custom.get("type"):
        items = custom.get("items")
        count = f": {len(items)} items" if isinstance(items, list) else ""
        return f"[{custom['type']}{count}]"
    return None


def build_transcript(
    events: list[dict[str, Any]],
    *,
    max_messages: int = MAX_MESSAGES,
    max_message_chars: int = MAX_MESSAGE_CHARS,
    max_total_chars: int = MAX_TRANSCRIPT_CHARS,
) -> list[dict[str, Any]]:
    """Builds the ticket transcript from tracker events: user and bot messages with timestamps.

    The newest messages are kept within the caps; when older ones are dropped, a first entry with
    role ``note`` says how many.

    Args:
        events: The tracker's events (dictionaries, as rasa-sdk receives them).
        max_messages: Most messages kept.
        max_message_chars: Each message is clipped to this many characters.
        max_total_chars: Most characters of message text kept in total.

    Returns:
        ``[{"role": "user"|"bot", "text": str, "at": iso-time|None}, ...]``, oldest first.
    """
    messages: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = event.get("text")
        elif kind == "bot":
            text = _bot_text(event)
        else:
            continue
        if not text or not str(text).strip():
            continue
        messages.append(
            {
                "role": kind,
                "text": _clip(str(text), max_message_chars),
                "at": _iso(event.get("timestamp")),
            }
        )
    kept: list[dict[str, Any]] = []
    total = 0
    for message in reversed(messages):
        if len(kept) >= max_messages or total + len(message["text"]) > max_total_chars:
            break
        kept.append(message)
        total += len(message["text"])
    kept.reverse()
    omitted = len(messages) - len(kept)
    if omitted:
        kept.insert(0, {"role": "note", "text": f"{omitted} earlier messages omitted", "at": None})
    return kept


def search_context(slots: dict[str, Any]) -> dict[str, Any]:
    """The search context worth handing to an adviser: the filled :data:`CONTEXT_SLOTS`."""
    return {name: slots[name] for name in CONTEXT_SLOTS if slots.get(name) not in (None, "", [])}


def handed_over_text(ticket: Ticket, notified: bool) -> str:
    """What the user is told after the handoff, honest about whether an adviser was notified."""
    email = (
        f"They will answer here or by e-mail at {ticket.email}."
        if ticket.email
        else "They will answer here."
    )
    if notified:
        return (
            f"Done: I have passed your conversation to an adviser (ticket #{ticket.id}). {email} "
            "Until then I will stay quiet in this chat."
        )
    return (
        f"I have saved your request as ticket #{ticket.id}, but I could not alert an adviser "
        f"right now, so the reply may take longer. {email} Until an adviser picks it up I will "
        "stay quiet in this chat."
    )


def notice_text(ticket: Ticket | None) -> str:
    """The short reply to a message sent while the conversation waits for an adviser."""
    number = f" (ticket #{ticket.id})" if ticket else ""
    return f"{NOTICE_PREFIX}{number}. They will answer here; the assistant is paused until then."


def should_send_notice(events: list[dict[str, Any]], now: float) -> bool:
    """True unless a handoff notice was sent after the latest pause, less than
    :data:`NOTICE_INTERVAL_S` seconds ago."""
    for event in reversed(events):
        kind = event.get("event")
        if kind == "pause":
            return True
        if kind == "bot" and (
            (event.get("metadata") or {}).get("handoff_notice")
            or str(event.get("text") or "").startswith(NOTICE_PREFIX)
        ):
            return now - float(event.get("timestamp") or 0) >= NOTICE_INTERVAL_S
    return True


# --------------------------------------------------------------------------- service


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
    store: HandoffStore
    attempts: int = 3
    timeout: float = 5.0
    backoff: float = 0.5
    _session: aiohttp.ClientSession | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: HandoffSettings, **kwargs: Any) -> HandoffService:
        """A service for these settings (store path from the settings or its default)."""
        return cls(settings, HandoffStore(settings.db_path), **kwargs)

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

    async def resume_conversation(self, conversation_id: str) -> PostResult:
        """Appends ``resume``, a bot message and ``action_listen`` to the tracker via Rasa's API."""
        now = time.time()
        events = [
            {"event": "resume", "timestamp": now},
            {"event": "bot", "text": RESUMED_TEXT, "timestamp": now},
            {"event": "action", "name": "action_listen", "timestamp": now},
        ]
        params = {
            "include_events": "NONE",
            "output_channel": "latest",  # push channels (Slack, socket.io) show the message
            "execute_side_effects": "true",
        }
        if self.settings.rasa_token:
            params["token"] = self.settings.rasa_token
        url = f"{self.settings.rasa_url}/conversations/{quote(conversation_id, safe='')}"
        return await post_json(
            self.session(),
            f"{url}/tracker/events",
            events,
            what="Rasa API",
            attempts=self.attempts,
            timeout=self.timeout,
            backoff=self.backoff,
            params=params,
        )

    async def release(self, conversation_id: str, released_by: str) -> ReleaseResult:
        """Resumes the conversation in Rasa, then marks its open tickets released.

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
        result = await self.resume_conversation(conversation_id)
        if not result.ok:
            return ReleaseResult(
                502,
                {
                    "error": f"the Rasa server did not resume the conversation ({result.detail}); "
                    "the ticket stays open, try again",
                },
            )
        released = await asyncio.to_thread(self.store.release, conversation_id, released_by)
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


_service: HandoffService | None = None


def get_handoff() -> HandoffService:
    """The process's handoff service, built from the environment on first use."""
    global _service
    if _service is None:
        _service = HandoffService.from_settings(HandoffSettings.from_env())
    return _service


def install_handoff(service: HandoffService | None) -> None:
    """Installs (or, with None, removes) the handoff service; tests install their own."""
    global _service
    _service = service


# --------------------------------------------------------------------------- actions


class ValidateHandoffForm(FormValidationAction):
    """Validates ``handoff_form``: consent first, then an optional contact e-mail."""

    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Consent denied: nothing more to ask. E-mail skipped: the form is complete without it."""
        if tracker.slots.get("handoff_consent") is False:
            return [s for s in domain_slots if s == "handoff_consent"]
        skipped = (
            tracker.slots.get("requested_slot") == "contact_email"
            and tracker.slots.get("contact_email") is None
            and _declined(tracker)
        )
        if skipped:
            return [s for s in domain_slots if s != "contact_email"]
        return domain_slots

    async def validate_handoff_consent(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Accepts yes/no; a refusal ends the form and says that nothing is shared."""
        consent = _as_bool(value)
        if consent is None:
            return {"handoff_consent": None}  # the form asks again
        if consent is False:
            dispatcher.utter_message(
                text="No problem: I have not shared anything with an adviser. Let's carry on: "
                "ask me about partners, funding calls or cluster support."
            )
        return {"handoff_consent": consent}

    async def validate_contact_email(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Keeps a valid address; "no"/"skip" leaves it empty; otherwise says why and re-asks."""
        text = str(value) if value is not None else ""
        if is_skip(text) or _declined(tracker):
            return {"contact_email": None}
        address, reason = validate_email_address(text)
        if address is None:
            shown = _clip(_CONTROL.sub(" ", text).strip(), 80)
            dispatcher.utter_message(
                text=f"'{shown}' is not an e-mail address I can use: {reason} "
                "Type it again, or say 'skip' to continue without one."
            )
        return {"contact_email": address}


def _declined(tracker: Tracker) -> bool:
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    return intent == "deny" or is_skip(message.get("text"))


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "y", "ok", "affirm"):
            return True
        if lowered in ("false", "no", "n", "deny"):
            return False
    return None


class ActionHandoff(Action):
    """Creates the ticket, alerts an adviser, tells the user, and pauses the conversation."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reset = [SlotSet("handoff_consent", None), SlotSet("contact_email", None)]
        consent = tracker.get_slot("handoff_consent")
        if consent is not True:
            if consent is None:  # reached without the form: say so rather than stay silent
                dispatcher.utter_message(
                    text="I have not shared anything with an adviser. Say 'I want to talk to a "
                    "person' whenever you would like one."
                )
            return reset
        service = get_handoff()
        try:
            ticket = await asyncio.to_thread(
                service.store.create,
                tracker.sender_id,
                email=tracker.get_slot("contact_email") or None,
                transcript=build_transcript(tracker.events),
                context=search_context(tracker.slots),
            )
        except Exception:
            logger.exception("could not store the handoff ticket for %s", tracker.sender_id)
            dispatcher.utter_message(
                text="Sorry, I could not create a request for an adviser just now, so nothing "
                "was passed on. Please try again in a few minutes; I am still here to help."
            )
            return reset
        try:
            outcome = await service.notify(ticket)
        except Exception:  # the ticket exists; a notification bug must not hide that
            logger.exception("adviser notification failed for ticket #%d", ticket.id)
            outcome = "failed: internal error"
        dispatcher.utter_message(text=handed_over_text(ticket, outcome == "sent"))
        return [*reset, SlotSet("handoff_ticket", str(ticket.id)), ConversationPaused()]


class ActionHandoffNotice(Action):
    """A short reply while a conversation is paused for an adviser.

    Registered as Rasa's ``action_validate_slot_mappings``: Rasa 3.6 runs that action from
    ``action_extract_slots`` on every user message, also while the conversation is paused, and
    sends the bot messages it returns. (Bot messages of a custom slot-mapping action are dropped
    unless this validation action exists, which is why the notice lives here.) It validates no
    slot: returning no ``SlotSet`` accepts every extracted value as it is.
    """

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not tracker.is_paused() or not should_send_notice(tracker.events, time.time()):
            return []
        try:
            ticket = await asyncio.to_thread(get_handoff().store.open_ticket, tracker.sender_id)
        except Exception:
            logger.exception("could not read the handoff ticket of %s", tracker.sender_id)
            ticket = None
        dispatcher.utter_message(text=notice_text(ticket), handoff_notice=True)
        return []


class ActionSessionStartKeepsHandoff(Action):
    """``action_session_start`` that keeps a handed-off conversation paused in a new session.

    Same events as Rasa's default (``SessionStarted``, carried-over slots, ``action_listen``),
    plus ``ConversationPaused`` while the conversation has an open ticket. Active only when the
    domain lists ``action_session_start``.
    """

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        if (domain.get("session_config") or {}).get("carry_over_slots_to_new_session", True):
            events += [
                SlotSet(name, value)
                for name, value in tracker.slots.items()
                if value is not None and name != "session_started_metadata"
            ]
        try:
            ticket = await asyncio.to_thread(get_handoff().store.open_ticket, tracker.sender_id)
        except Exception:
            logger.exception("could not read the handoff ticket of %s", tracker.sender_id)
            ticket = None
        if ticket is not None:
            events.append(ConversationPaused())
        events.append(ActionExecuted("action_listen"))
        return events


# --------------------------------------------------------------------------- release route


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


async def handle_release(
    service: HandoffService, conversation_id: str, authorization: str | None
) -> ReleaseResult:
    """Checks the bearer token (constant time), then releases the conversation.

    Returns:
        401 without a bearer token, 403 with a wrong one, else :meth:`HandoffService.release`.
    """
    expected = service.settings.token
    if not expected:
        return ReleaseResult(503, {"error": "release is disabled: CLUSTER_HANDOFF_TOKEN is unset"})
    given = _bearer(authorization)
    if given is None:
        return ReleaseResult(401, {"error": "missing 'Authorization: Bearer <token>' header"})
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return ReleaseResult(403, {"error": "wrong token"})
    return await service.release(conversation_id, released_by="http")


def install_routes(app: Any) -> bool:
    """Adds ``POST /handoff/<conversation_id>/release`` to the action server's Sanic app.

    Also closes the handoff client session when the server stops. The route is not added when
    ``CLUSTER_HANDOFF_TOKEN`` is unset (a log line says so).

    Returns:
        Whether the release route was added.
    """
    from sanic import response

    async def close_session(*_args: Any) -> None:
        await get_handoff().close()

    app.register_listener(close_session, "after_server_stop")
    settings = get_handoff().settings
    if not settings.token:
        logger.warning(
            "handoff release route disabled: CLUSTER_HANDOFF_TOKEN is not set "
            "(advisers can still release with `python -m actions.handoff release <id>`)"
        )
        return False

    async def release(request: Any, conversation_id: str) -> Any:
        try:
            result = await handle_release(
                get_handoff(), conversation_id, request.headers.get("authorization")
            )
        except Exception:
            logger.exception("release of %s failed", conversation_id)
            result = ReleaseResult(500, {"error": "internal error; see the action-server log"})
        headers = {"WWW-Authenticate": "Bearer"} if result.status == 401 else None
        return response.json(result.body, status=result.status, headers=headers)

    app.add_route(
        release, "/handoff/<conversation_id:str>/release", methods=["POST"], name="handoff_release"
    )
    logger.info(
        "handoff: release route on, tickets in %s, adviser webhook %s, Rasa API %s",
        get_handoff().store.path,
        settings.webhook_kind if settings.webhook_url else "not configured",
        settings.rasa_url,
    )
    return True


# --------------------------------------------------------------------------- command line


def _print_tickets(tickets: list[Ticket]) -> None:
    if not tickets:
        print("no tickets")
        return
    for t in tickets:
        print(
            f"#{t.id:<5} {t.status:<8} {t.created_at}  {t.conversation_id}  "
            f"e-mail: {t.email or '-'}  notified: {t.notified or '-'}"
        )


async def _release_cli(conversation_id: str) -> int:
    service = get_handoff()
    try:
        result = await service.release(conversation_id, released_by="cli")
    finally:
        await service.close()
    if result.status == 200:
        numbers = ", ".join(f"#{n}" for n in result.body["released"])
        print(f"released {conversation_id} (tickets {numbers}); the assistant answers it again")
        return 0
    print(f"release failed: {result.body['error']}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """``python -m actions.handoff list|show|release``: handoff tickets for advisers."""
    parser = argparse.ArgumentParser(
        prog="python -m actions.handoff", description="Human-handoff tickets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="list the newest tickets")
    listing.add_argument("--status", choices=["open", "released"], help="only these tickets")
    listing.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    show = sub.add_parser("show", help="print one ticket as JSON (transcript and context)")
    show.add_argument("ticket", type=int, help="ticket number")
    release = sub.add_parser(
        "release", help="hand a conversation back to the assistant (needs the Rasa server)"
    )
    release.add_argument("conversation_id", help="the conversation (Rasa sender id)")
    args = parser.parse_args(argv)
    logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")

    store = get_handoff().store
    if args.command == "list":
        _print_tickets(store.recent(args.status, args.limit))
        return 0
    if args.command == "show":
        ticket = store.get(args.ticket)
        if ticket is None:
            print(f"no ticket #{args.ticket} in {store.path}", file=sys.stderr)
            return 1
        print(json.dumps(ticket.to_dict(), indent=2, ensure_ascii=False))
        return 0
    return asyncio.run(_release_cli(args.conversation_id))


if __name__ == "__main__":
    raise SystemExit(main())
