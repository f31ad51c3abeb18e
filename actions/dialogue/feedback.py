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
from actions.dialogue.texts import language_of
from actions.services import ServicesNotReady, get_services
from i18n import text

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
        key = "dialogue.feedback_useful" if value == "useful" else "dialogue.feedback_not_useful"
        dispatcher.utter_message(text=text(key, language_of(tracker)))
        return [SlotSet("feedback", value)]
