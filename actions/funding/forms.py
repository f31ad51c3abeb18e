"""Validation of ``call_search_form``: ask for the call topic only when the message names none."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.dialogue.context import implicit_topic, referred_topic
from actions.dialogue.forms import answers_message, form_topic, message_parts
from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import has_topic
from contracts.limits import CHAT_QUERY_CHARS


class ValidateCallSearchForm(FormValidationAction):
    """Fills ``call_topic`` from the user's words."""

    def name(self) -> str:
        return "validate_call_search_form"

    async def extract_call_topic(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """The topic of this message, if it names one; on a new request, reset otherwise."""
        _, text, entities = message_parts(tracker)
        opening = tracker.get_slot("requested_slot") is None
        if not answers_message(tracker, asking=not opening, form=self.form_name()):
            return {}
        # "any open calls on that topic?": the topic of the last search (partners or calls).
        topic = referred_topic(tracker, text) or form_topic(
            text, entities, message_language(tracker)
        )
        if topic:
            return {"call_topic": topic}
        if opening:
            # "what funding could we apply for together?" right after a partner search
            return {"call_topic": implicit_topic(tracker, text, "find_calls")}
        return {}

    def validate_call_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        """Accepts any text that names something beyond filler words."""
        if isinstance(value, str) and has_topic(value):
            return {"call_topic": " ".join(value.split())[:CHAT_QUERY_CHARS]}
        return {"call_topic": None}
