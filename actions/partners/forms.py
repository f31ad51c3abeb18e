"""Validation of ``partner_search_form``: ask only for what is missing.

``partner_search_form`` needs one thing, what partners should work on (``partner_query``).
The topic is taken from the message that opened the form when it names one ("clusters doing
hydrogen storage in Bavaria"); a message with only a place ("partners in Italy") after a
search keeps the previous topic. The optional filters are validated here too: an unknown country
gets the closest name as a suggestion, "any country" clears the place filters, and the label
("gold label", "any label") becomes the level the search's label filter takes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.dialogue.context import implicit_topic, referred_topic
from actions.dialogue.forms import answers_message, form_topic, message_parts
from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import has_topic, wants_any_place
from actions.dialogue.references import call_for_partners, conversation_place
from actions.dialogue.texts import language_of
from actions.partners import replies
from contracts.limits import CHAT_QUERY_CHARS
from knowledge.filters import check_country, normalise_label, normalise_sector

FILTER_SLOTS = ("country", "region", "sector", "label")


def _validate_country(
    value: Any, dispatcher: CollectingDispatcher, lang: str = "en"
) -> dict[str, Any]:
    if value is None:
        return {"country": None}
    code = check_country(value).code if isinstance(value, str) else None
    if code is None:
        text = value if isinstance(value, str) else str(value)
        check = check_country(text[:60])
        dispatcher.utter_message(
            text=replies.unknown_country_text(text[:60], check.suggestion, lang)
        )
    return {"country": code}


def _filters_only(tracker: Tracker) -> bool:
    """True when the message opening the form names filters (country, region, sector, label)
    but no topic, and the form has no topic from an earlier search either."""
    if tracker.get_slot("requested_slot") is not None or tracker.get_slot("partner_query"):
        return False
    intent, _, entities = message_parts(tracker)
    if intent not in ("find_partners", "inform"):
        return False
    return bool({e.get("entity") for e in entities} & set(FILTER_SLOTS))


def _partners_for_a_shown_call(
    tracker: Tracker, entities: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The slots of "partners for the first call": the call's title as the topic, the place the
    message names, else the one of the conversation's last partner list (its country and
    region: "clusters in Austria", "calls on that", "partners for the first call" stays in
    Austria); no sector or label carried. None when the message names no shown call."""
    called = call_for_partners(tracker)
    if called is None:
        return None
    named = {e.get("entity") for e in entities if isinstance(e, Mapping)}
    place = {} if named & {"country", "region"} else conversation_place(tracker)
    return {"partner_query": called[1][:CHAT_QUERY_CHARS]} | {
        slot: tracker.get_slot(slot) if slot in named else place.get(slot) for slot in FILTER_SLOTS
    }


class ValidatePartnerSearchForm(FormValidationAction):
    """Fills ``partner_query`` from the user's words and checks the country filter."""

    def name(self) -> str:
        return "validate_partner_search_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        """The form asks for ``partner_query`` only; the filters are checked when given."""
        return [*domain_slots, *FILTER_SLOTS]

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Leaves the next question to Rasa's form (only ``partner_query`` is ever asked).

        rasa-sdk would otherwise ask for the first empty slot of :meth:`required_slots`, which
        here includes the optional filters. A request that names only filters ("clusters with a
        gold label in Germany") is a complete search: the form ends without asking for a topic.
        """
        if _filters_only(tracker):
            return SlotSet("requested_slot", None)
        return None

    async def extract_partner_query(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """The topic of this message; on a new request, also resets filters it does not name."""
        _, text, entities = message_parts(tracker)
        opening = tracker.get_slot("requested_slot") is None
        if not answers_message(tracker, asking=not opening, form=self.form_name()):
            return {}
        # "who could partner on this?": the topic of the last search (partners or calls);
        # "which clusters could join?" right after a calls search: that search's topic.
        if opening:
            for_call = _partners_for_a_shown_call(tracker, entities)
            if for_call is not None:
                return for_call
        carried = referred_topic(tracker, text)
        topic = carried or form_topic(text, entities, message_language(tracker))
        if opening and topic is None:
            carried = topic = implicit_topic(tracker, text, "find_partners")
        if not opening:
            return {"partner_query": topic} if topic else {}
        named = {e.get("entity") for e in entities}
        last = tracker.get_slot("last_search")
        if carried and isinstance(last, Mapping) and last.get("kind") == "partners":
            # "just those with a gold label": the last partner search, this message's filters
            # changed and the others kept.
            kept = dict(last["filters"]) if isinstance(last.get("filters"), Mapping) else {}
            if named & {"country", "region"}:  # a new place replaces the old one
                kept.pop("country", None)
                kept.pop("region", None)
            return {"partner_query": carried} | {
                slot: tracker.get_slot(slot) if slot in named else kept.get(slot)
                for slot in FILTER_SLOTS
            }
        if topic:
            # A new request: filters come from this message only, not from an older search.
            return {"partner_query": topic} | {
                slot: tracker.get_slot(slot) if slot in named else None for slot in FILTER_SLOTS
            }
        if (
            isinstance(last, Mapping)
            and last.get("kind") == "partners"
            and isinstance(last.get("query"), str)
            and last["query"]
            and named & set(FILTER_SLOTS)
        ):
            return {"partner_query": last["query"]}  # "partners in Italy" refines the last one
        return {"partner_query": None}

    def validate_partner_query(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        """Accepts any text that names something beyond filler words."""
        if isinstance(value, str) and has_topic(value):
            return {"partner_query": " ".join(value.split())[:CHAT_QUERY_CHARS]}
        return {"partner_query": None}

    async def extract_country(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """ "any country" / "anywhere" clears the country and region filters."""
        _, text, _ = message_parts(tracker)
        return {"country": None, "region": None} if wants_any_place(text) else {}

    def validate_country(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        """ISO code for a known country; for an unknown one, the closest name is suggested."""
        return _validate_country(value, dispatcher, language_of(tracker))

    def validate_region(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        """Region text as given (the search resolves it to NUTS codes), trimmed; non-text dropped."""
        return {"region": " ".join(value.split())[:100] or None if isinstance(value, str) else None}

    def validate_sector(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        """One of the fixed sector labels, or nothing."""
        return {"sector": normalise_sector(value) if isinstance(value, str) else None}

    def validate_label(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        """The label level ("gold"), "any", or nothing for non-text."""
        return {"label": normalise_label(value[:100]) if isinstance(value, str) else None}
