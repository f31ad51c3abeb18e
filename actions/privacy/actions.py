"""``action_erase_my_data``: the user's confirmed "delete my data"."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.pg import StoreUnavailable
from actions.services import ServicesNotReady, get_services
from contracts.privacy import ERASE_SLOT

logger = logging.getLogger(__name__)


async def erase_in_chat(dispatcher: CollectingDispatcher, sender_id: str) -> list[dict[str, Any]]:
    """Tells the adviser of an open ticket, deletes tickets and feedback, confirms, and returns
    the marker that makes the tracker store delete the conversation.

    When tickets or feedback cannot be deleted, the user is told so and nothing is marked:
    asking again retries.
    """
    try:
        await get_services().privacy_service().erase_with_advisers(sender_id)
    except (sqlite3.Error, OSError, ServicesNotReady, StoreUnavailable):
        logger.exception("could not erase the data of a conversation")
        dispatcher.utter_message(response="utter_data_erase_failed")
        return []
    dispatcher.utter_message(response="utter_data_erased")
    return [SlotSet(ERASE_SLOT, True)]


class ActionEraseMyData(Action):
    """Deletes the sender's tickets and feedback, confirms, and marks the tracker for erasure.

    The marker (``SlotSet(data_erased, True)``) makes the Rasa server's tracker store delete the
    whole conversation when it saves this turn, so nothing of it is kept; the confirmation is
    sent to the user before that. A conversation paused for an adviser takes the same steps
    through :mod:`actions.privacy.paused`.
    """

    def name(self) -> str:
        return "action_erase_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return await erase_in_chat(dispatcher, tracker.sender_id)
