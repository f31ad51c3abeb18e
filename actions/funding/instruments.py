"""Instrument actions: explain an EU instrument from the catalogue; headline cluster facts."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.funding import replies
from actions.services import get_services
from knowledge.calls.text import find_programme
from knowledge.instruments import select_aspects

logger = logging.getLogger(__name__)


def _entity(entities: Iterable[Any], name: str) -> str | None:
    for entity in entities:
        if isinstance(entity, Mapping) and entity.get("entity") == name and entity.get("value"):
            return str(entity["value"]).strip() or None
    return None


class ActionExplainInstrument(Action):
    """Explains an instrument, or the aspect asked about ("and its budget?")."""

    def name(self) -> str:
        return "action_explain_instrument"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        text = message.get("text") if isinstance(message.get("text"), str) else ""
        named = _entity(message.get("entities") or [], "instrument")
        slot = tracker.get_slot("instrument")
        wanted = named or (slot if isinstance(slot, str) and slot.strip() else None)
        try:
            catalogue = get_services().instruments
        except Exception:
            logger.exception("services not available for action_explain_instrument")
            catalogue = None
        if catalogue is None:
            dispatcher.utter_message(text=replies.catalogue_unavailable_text())
            return []
        instrument = catalogue.lookup(wanted) if wanted else catalogue.find_in_text(text)
        if instrument is None and not wanted:
            dispatcher.utter_message(text=replies.ask_instrument_text())
            return []
        if instrument is None:
            assert wanted is not None
            programme = find_programme(wanted)
            if programme is not None:
                dispatcher.utter_message(text=replies.not_in_catalogue_text(wanted, programme.name))
                return [SlotSet("instrument", wanted)]
            dispatcher.utter_message(
                text=replies.unknown_instrument_text(wanted, catalogue.suggest(wanted))
            )
            return []
        aspects = select_aspects(text)
        dispatcher.utter_message(
            text=replies.instrument_text(instrument, aspects, catalogue.successor_of(instrument))
        )
        return [SlotSet("instrument", instrument.name)]


class ActionClusterFacts(Action):
    """Gives the headline cluster figures (European Cluster Panorama 2016) and the contact."""

    def name(self) -> str:
        return "action_cluster_facts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            catalogue = get_services().instruments
        except Exception:
            logger.exception("services not available for action_cluster_facts")
            catalogue = None
        if catalogue is None:
            dispatcher.utter_message(text=replies.catalogue_unavailable_text())
            return []
        dispatcher.utter_message(text=replies.cluster_facts_text(catalogue.facts))
        return []
