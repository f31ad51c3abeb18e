"""Partner search actions: semantic search over cluster profiles with exact filters."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.parsing import partner_request
from actions.runtime import get_services

logger = logging.getLogger(__name__)

PAGE_SIZE = 5


class ActionSearchPartners(Action):
    """Finds cluster organisations for the latest message and shows them as text and cards."""

    def name(self) -> str:
        return "action_search_partners"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        request = partner_request(message.get("text"), message.get("entities") or [])
        if request.unknown_country:
            dispatcher.utter_message(
                text=replies.unknown_country_text(
                    request.unknown_country, request.country_suggestion
                )
            )
            return []
        if request.empty:
            dispatcher.utter_message(text=replies.ask_partner_need_text())
            return []
        try:
            result = get_services().partners.search(
                request.query, request.filters, k=PAGE_SIZE, offset=0
            )
        except Exception:
            # Logged with its traceback for operators; the user gets a plain sentence.
            logger.exception("partner search failed for %r", request.query)
            dispatcher.utter_message(text=replies.search_failed_text())
            return []

        dispatcher.utter_message(text=replies.partner_text(result))
        dispatcher.utter_message(json_message=replies.partner_payload(result, page=1))
        filters = request.filters.to_dict()
        return [
            SlotSet("partner_query", request.query or None),
            SlotSet("country", filters.get("country")),
            SlotSet("region", filters.get("region")),
            SlotSet("sector", filters.get("sector")),
        ]
