"""Human handoff: consent and e-mail form, ticket, adviser notification, pause and release.

Flow (rules and the form are in the domain; this module holds the actions):

1. ``request_human`` (or repeated fallbacks, see :mod:`actions.dialogue.fallback`) runs ``handoff_form``;
   :class:`ValidateHandoffForm` checks ``handoff_consent`` (denied: the form ends, nothing is
   shared) and ``contact_email`` (validated with ``email-validator`` if installed, else a strict
   regex; "no"/"skip" leaves it empty and ends the form).
2. :class:`ActionHandoff` stores a ticket (:mod:`actions.handoff.store`) with a capped transcript
   and the search context, posts a summary to the adviser webhook (Slack or Teams; formatting and
   the retrying HTTP post are in :mod:`actions.handoff.webhook`), tells the user
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

Settings (``CLUSTER_HANDOFF_DB``, ``CLUSTER_ADVISER_WEBHOOK_URL``/``_KIND``,
``CLUSTER_HANDOFF_TOKEN``, ``CLUSTER_RASA_URL``, ``CLUSTER_RASA_TOKEN``) are read by
:mod:`knowledge.config` and given meaning in :mod:`actions.handoff.settings`; the handoff service
is built once by :mod:`actions.services`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timezone
from typing import Any

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

from actions.dialogue.texts import language_of
from actions.handoff.email_check import CONTROL, is_skip, validate_email_address
from actions.handoff.language import LANGUAGE_SLOT
from actions.handoff.relay_store import SME_CHANNEL_KEY
from actions.handoff.service import HandoffService
from actions.handoff.sme_outlet import teams_reference
from actions.handoff.texts import handed_over_text, notice_text, should_send_notice
from actions.handoff.transcript import build_transcript, search_context
from actions.handoff.webhook import clip as _clip
from actions.privacy.paused import paused_privacy_turn
from actions.services import get_services
from i18n import text

logger = logging.getLogger(__name__)


def _handoff() -> HandoffService:
    """The handoff service of the composition root (:mod:`actions.services`)."""
    return get_services().handoff_service()


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
            dispatcher.utter_message(text=text("handoff.consent_declined", language_of(tracker)))
        return {"handoff_consent": consent}

    async def validate_contact_email(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Keeps a valid address; "no"/"skip" leaves it empty; otherwise says why and re-asks."""
        said = str(value) if value is not None else ""
        if is_skip(said) or _declined(tracker):
            return {"contact_email": None}
        lang = language_of(tracker)
        address, reason = validate_email_address(said, lang)
        if address is None:
            shown = _clip(CONTROL.sub(" ", said).strip(), 80)
            dispatcher.utter_message(
                text=text("handoff.email_invalid", lang, shown=shown, reason=reason)
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
                dispatcher.utter_message(text=text("handoff.not_shared", language_of(tracker)))
            return reset
        service = _handoff()
        try:
            ticket = await asyncio.to_thread(
                service.store.create,
                tracker.sender_id,
                email=tracker.get_slot("contact_email") or None,
                transcript=build_transcript(tracker.events),
                context=ticket_context(tracker),
            )
        except Exception:
            logger.exception("could not store the handoff ticket for %s", tracker.sender_id)
            dispatcher.utter_message(text=text("handoff.create_failed", language_of(tracker)))
            return reset
        try:
            if service.relay is not None and service.relay.adviser is not None:
                outcome = await service.relay.open(ticket)  # a thread with Claim / Release
            else:
                outcome = await service.notify(ticket)  # the incoming webhook
        except Exception:  # the ticket exists; a notification bug must not hide that
            logger.exception("adviser notification failed for ticket #%d", ticket.id)
            outcome = "failed: internal error"
        dispatcher.utter_message(
            text=handed_over_text(ticket, outcome == "sent", language_of(tracker))
        )
        hours = service.settings.hours()
        closed = hours and hours.closed_notice(datetime.now(timezone.utc), language_of(tracker))
        if closed:
            dispatcher.utter_message(text=closed)
        return [*reset, SlotSet("handoff_ticket", str(ticket.id)), ConversationPaused()]


def ticket_context(tracker: Tracker) -> dict[str, Any]:
    """What a ticket keeps besides the transcript: the search context, the conversation's
    language and, for an SME in Teams, the conversation reference adviser messages go to."""
    context = {**search_context(tracker.slots), LANGUAGE_SLOT: language_of(tracker)}
    reference = teams_reference(tracker.events)
    if reference is not None:
        context[SME_CHANNEL_KEY] = reference
    return context


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
        if not tracker.is_paused():
            return []
        service = _handoff()
        lang = language_of(tracker)
        try:
            if service.relay is not None:  # the SME's messages go to the adviser thread
                await service.relay.from_sme(tracker.sender_id, tracker.events)
            ticket = await asyncio.to_thread(service.store.open_ticket, tracker.sender_id)
            saved = await _save_left_email(service, ticket, tracker, lang)
        except Exception:
            logger.exception("could not relay or read the handoff ticket of %s", tracker.sender_id)
            ticket, saved = None, None
        erasure = await paused_privacy_turn(dispatcher, tracker)
        if erasure is not None:  # "delete my data" works while paused (actions/privacy/paused.py)
            return erasure
        if ticket is not None and ticket.state == "claimed":
            return []  # an adviser is talking with the SME: the bot stays quiet
        if saved is not None and saved.email:
            dispatcher.utter_message(
                text=text("handoff.answer_here_or_email", lang, email=saved.email),
                handoff_notice=True,
            )
            return []
        if not should_send_notice(tracker.events, time.time()):
            return []
        dispatcher.utter_message(text=notice_text(ticket, lang), handoff_notice=True)
        return []


async def _save_left_email(
    service: HandoffService, ticket: Any, tracker: Tracker, lang: str
) -> Any:
    """Saves an e-mail address in the SME's latest message on the open ticket (outside office
    hours the SME is invited to leave one); the updated ticket, or None when none was left."""
    said = str((tracker.latest_message or {}).get("text") or "")
    if ticket is None or "@" not in said:
        return None
    address, _ = validate_email_address(said, lang)
    if address is None or address == ticket.email:
        return None
    if service.relay is not None:
        return await service.relay.contact_email(ticket, address)
    return await asyncio.to_thread(service.store.set_email, ticket.id, address)


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
            ticket = await asyncio.to_thread(_handoff().store.open_ticket, tracker.sender_id)
        except Exception:
            logger.exception("could not read the handoff ticket of %s", tracker.sender_id)
            ticket = None
        if ticket is not None:
            events.append(ConversationPaused())
        events.append(ActionExecuted("action_listen"))
        return events
