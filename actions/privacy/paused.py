""" "Delete my data" while the conversation is paused for an adviser.

While a conversation is handed off, Rasa 3.6 runs no policy (the rules of ``data/rules/privacy.yml``
do not fire); only ``action_validate_slot_mappings`` runs on each message
(:class:`actions.handoff.actions.ActionHandoffNotice`), and it may return bot messages and slot
events. A user who asks to delete their data expects the request to work there too, so that
action hands each paused message to :func:`paused_privacy_turn` first:

* ``delete_my_data``: the usual confirmation question (``utter_ask_erase_confirm``, yes/no);
* ``affirm`` right after that question: the adviser of the open ticket is told, the tickets and
  feedback are deleted, the user gets the confirmation, and the erase marker is returned, so the
  tracker store deletes the conversation (and with it the pause: the next message starts a new,
  unpaused conversation);
* ``deny`` right after it: "nothing was deleted", and the conversation stays with the adviser.

Anything else returns None: the handoff notice and relay go on as before.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy.actions import erase_in_chat

ASK = "utter_ask_erase_confirm"
ASK_INTENT = "delete_my_data"


def latest_intent(tracker: Tracker) -> str | None:
    """The intent of the user's latest message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def just_asked_to_confirm(events: list[dict[str, Any]]) -> bool:
    """True when the bot's last message before the user's latest one asked to confirm an
    erasure (Rasa records the response name as ``utter_action`` in the bot event's metadata)."""
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return False
    for event in reversed(events[: users[-1]]):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action") == ASK
    return False


async def paused_privacy_turn(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """Handles an erasure request or its answer in a paused conversation.

    Returns:
        The events to return from the action (the erase marker after a confirmation), or None
        when this message is not about erasure.
    """
    intent = latest_intent(tracker)
    if intent == ASK_INTENT:
        dispatcher.utter_message(response=ASK)
        return []
    if intent not in ("affirm", "deny") or not just_asked_to_confirm(tracker.events):
        return None
    if intent == "deny":
        dispatcher.utter_message(response="utter_erase_cancelled")
        return []
    return await erase_in_chat(dispatcher, tracker.sender_id)
