"""Messages in German, French, Spanish, Italian or Polish: say (in that language) that the
assistant answers in English, and still search when the message names a country or topic.

The language code comes from the ``language`` entity that the Rasa-side component
``bot.components.language.LanguageDetector`` adds to non-English messages.

The search uses what the gazetteers recognised, which does not depend on the language: places
become filters, technologies and sectors (English names) become the query. The rest of the
message is not used: the embedding model and the keyword index are English, so the words of
another language only add noise ("le", "für" matching organisation names).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.parsing import entity_values, partner_request, topic_query
from actions.partners.search import search_partners

NOTICES: dict[str, str] = {
    "de": "Ich antworte derzeit nur auf Englisch. Ich versuche trotzdem, Ihnen zu helfen.",
    "fr": "Je réponds pour l'instant uniquement en anglais. J'essaie quand même de vous aider.",
    "es": "Por ahora solo respondo en inglés. Aun así, intentaré ayudarle.",
    "it": "Al momento rispondo solo in inglese. Provo comunque ad aiutarla.",
    "pl": "Obecnie odpowiadam tylko po angielsku. Mimo to spróbuję pomóc.",
}
ENGLISH_HINT = (
    'I currently answer in English. For example, ask "clusters doing hydrogen storage in '
    'Bavaria" or "how do I get a cluster label?".'
)
SEARCH_ENTITIES = ("country", "region", "sector", "technology")


def notice(code: Any) -> str | None:
    """The fixed "I answer in English" sentence in that language, or ``None``."""
    return NOTICES.get(code.lower()) if isinstance(code, str) else None


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
