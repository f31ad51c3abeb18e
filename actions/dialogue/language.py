"""Messages in an EU language other than English: say (in that language) that the assistant
answers in English, and still search when the message names a country or topic.

For the reply languages (DE FR ES IT PL NL PT) the line says it answers in English for now; for
the other 16 EU languages, one line in that language says the reply is in English. Then the
English hint follows.

The language code comes from the ``language`` entity that the Rasa-side component
``bot.nlu.language.LanguageDetector`` adds to non-English messages.

The search uses what the gazetteers recognised, which does not depend on the language: places
become filters, technologies and sectors (English names) become the query. The rest of the
message is not used: the embedding model and the keyword index are English, so the words of
another language only add noise ("le", "für" matching organisation names). The sentences
themselves are in :mod:`actions.dialogue.texts`.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.parsing import entity_values, partner_request, topic_query
from actions.dialogue.texts import ENGLISH_HINT, notice
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
        text = notice(codes[0]) if codes else None
        dispatcher.utter_message(text=text or ENGLISH_HINT)
        if text:
            dispatcher.utter_message(text=ENGLISH_HINT)
        if any(entity_values(entities, name) for name in SEARCH_ENTITIES):
            request = partner_request(message.get("text"), entities)
            if not request.unknown_country:
                return await search_partners(dispatcher, topic_query(entities), request.filters)
        return []
