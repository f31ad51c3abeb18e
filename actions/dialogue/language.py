"""Messages the dialogue routes to the language notice (intent ``other_language``): say what
the assistant can do, and still search when the message names a country or topic.

In a reply language (DE FR ES IT PL NL PT, English) the reply is the hint in that language
(the conversation's language: :func:`actions.dialogue.texts.language_of`). In one of the other
16 EU languages, one line in that language says the reply is in English, then the English hint
follows.

The search uses what the gazetteers recognised, which does not depend on the language: places
become filters, technologies and sectors (English names) become the query.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.parsing import entity_values, partner_request, topic_query
from actions.dialogue.texts import english_hint, language_of, notice
from actions.partners.search import search_partners

SEARCH_ENTITIES = ("country", "region", "sector", "technology")


class ActionLanguageNotice(Action):
    """Replies in the user's language, then searches partners if the message names some."""

    def name(self) -> str:
        return "action_language_notice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        entities = message.get("entities") or []
        codes = entity_values(entities, "language")
        line = notice(codes[0]) if codes else None
        lang = "en" if line else language_of(tracker)
        if line:
            dispatcher.utter_message(text=line)
        dispatcher.utter_message(text=english_hint(lang))
        if any(entity_values(entities, name) for name in SEARCH_ENTITIES):
            request = partner_request(message.get("text"), entities)
            if not request.unknown_country:
                return await search_partners(
                    dispatcher, topic_query(entities), request.filters, lang=lang
                )
        return []
