"""The "did you mean ...?" step of Rasa's two-stage fallback, with readable intent names.

Rasa's built-in ``action_default_ask_affirmation`` shows the raw intent name ("Did you mean
'find_partners'?"). This one offers up to two likely intents as buttons that keep the message's
entities, plus "Something else", whose ``/out_of_scope`` payload makes the two-stage fallback ask
the user to rephrase (Rasa 3.6's ``TwoStageFallbackAction`` treats out_of_scope as "no").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

INTENT_DESCRIPTIONS: dict[str, str] = {
    "greet": "Say hello",
    "goodbye": "End the conversation",
    "thank": "Say thanks",
    "bot_challenge": "Ask whether I am a bot",
    "help": "See what I can do",
    "affirm": "Yes",
    "deny": "No",
    "inform": "Change the current search",
    "find_partners": "Find cluster partners",
    "find_calls": "Find open funding calls",
    "ask_instrument": "Learn about an EU funding instrument",
    "ask_cluster_facts": "Get figures about the clusters I know",
    "ask_call_status": "Check whether a call is still open",
    "request_human": "Talk to an adviser",
    "show_more": "See more results",
    "select_result": "Details on one result",
    "find_similar": "Find similar organisations",
    "feedback": "Give feedback on the results",
    "faq": "A frequent question about clusters and EU funding",
    "other_language": "A message in another language",
}
SKIP = frozenset({"nlu_fallback", "out_of_scope"})
ENTITY_KEYS = ("country", "region", "sector", "technology", "instrument", "ordinal")
MAX_CHOICES = 2


def affirmation_buttons(parse_data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Buttons for the likeliest intents of a message, keeping its entities."""
    ranking = parse_data.get("intent_ranking") or []
    entities = {}
    for entity in parse_data.get("entities") or []:
        if isinstance(entity, Mapping) and entity.get("entity") in ENTITY_KEYS:
            value = entity.get("value")
            if isinstance(value, str) and value and len(value) <= 100:
                entities.setdefault(entity["entity"], value)
    buttons = []
    for item in ranking:
        name = item.get("name") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or name in SKIP or name not in INTENT_DESCRIPTIONS:
            continue
        payload = f"/{name}"
        if entities and name not in ("faq", "affirm", "deny"):
            payload += json.dumps(entities, ensure_ascii=False)
        buttons.append({"title": INTENT_DESCRIPTIONS[name], "payload": payload})
        if len(buttons) == MAX_CHOICES:
            break
    buttons.append({"title": "Something else", "payload": "/out_of_scope"})
    return buttons


class ActionDefaultAskAffirmation(Action):
    """Asks "Did you mean ...?" with readable choices."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        buttons = affirmation_buttons(tracker.latest_message or {})
        if len(buttons) == 1:
            dispatcher.utter_message(
                text="Sorry, I'm not sure what you mean. Could you say it in other words?",
                buttons=buttons,
            )
        else:
            dispatcher.utter_message(text="Sorry, I'm not sure. Did you mean:", buttons=buttons)
        return []
