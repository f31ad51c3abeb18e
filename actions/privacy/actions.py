"""``action_erase_my_data``: the user's confirmed "delete my data"."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.services import ServicesNotReady, get_services
from contracts.privacy import ERASE_SLOT

logger = logging.getLogger(__name__)


class ActionEraseMyData(Action):
    """Deletes the sender's tickets and feedback, confirms, and marks the tracker for erasure.

    The marker (``SlotSet(data_erased, True)``) makes the Rasa server's tracker store delete the
    whole conversation when it saves this turn, so nothing of it is kept; the confirmation is
    sent to the user before that. When tickets or feedback cannot be deleted, the user is told so
    and nothing is marked: asking again retries.
    """

    def name(self) -> str:
        return "action_erase_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            get_services().privacy_service().erase_local(tracker.sender_id)
        except (sqlite3.Error, OSError, ServicesNotReady):
            logger.exception("could not erase the data of a conversation")
            dispatcher.utter_message(response="utter_data_erase_failed")
            return []
        dispatcher.utter_message(response="utter_data_erased")
        return [SlotSet(ERASE_SLOT, True)]
