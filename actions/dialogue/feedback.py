"""Feedback on results ("Useful" / "Not useful"): a slot in the tracker and a stored row.

The store (:mod:`actions.dialogue.feedback_store`) is built once by :mod:`actions.services`.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.parsing import feedback_value
from actions.services import ServicesNotReady, get_services

logger = logging.getLogger(__name__)


class ActionStoreFeedback(Action):
    """Stores "Useful" / "Not useful" with the conversation and thanks the user."""

    def name(self) -> str:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        value = feedback_value(message.get("text"), message.get("entities") or [])
        try:
            get_services().feedback_store().add(
                tracker.sender_id, value, tracker.get_slot("last_search")
            )
        except (sqlite3.Error, OSError, ServicesNotReady):
            logger.exception("could not store feedback")
        if value == "useful":
            dispatcher.utter_message(text="Thanks for the feedback! Anything else I can look up?")
        else:
            dispatcher.utter_message(
                text="Thanks for telling me. Try describing what you need in other words or "
                "with a wider area, or ask for an adviser if you'd like a person to help."
            )
        return [SlotSet("feedback", value)]
