"""The Rasa component that adds the places of :mod:`bot.nlu.places` to a message's entities.

Listed in config.yml after ``LanguageDetector`` (it reads the detected language: declined forms
count only in a message that is not English) and before ``InputGuard`` (which leaves messages
with an entity alone). Its entities carry canonical values already (ISO codes, region names the
region filter resolves), so it comes after ``EntitySynonymMapper``.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import LANGUAGE_PROPERTY
from bot.nlu.language_switch import LANGUAGE_NAMES
from bot.nlu.place_adjectives import PLACE_LABELS, without_user_places
from bot.nlu.places import (
    adjective_places,
    find_places,
    merge_places,
    place_index,
    without_ordinary_words,
)
from bot.nlu.stateless import StatelessComponent
from knowledge.regions import region_table
from taxonomy.text import fold

#: Names of the reply languages ("italiano", "Nederlands"): never read as a declined country.
LANGUAGE_NAME_WORDS = frozenset(fold(n) for names in LANGUAGE_NAMES.values() for n in names)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PlaceFinder(StatelessComponent):
    """Adds declined place names, cities after a preposition and country/region adjectives next
    to a search noun as country/region entities, and drops adjectives that describe the user
    (:mod:`bot.nlu.place_adjectives`)."""

    def __init__(self, config: dict) -> None:
        """Builds the name index now, so the first user message does not wait."""
        super().__init__(config)
        place_index()

    def process(self, messages: list[Message]) -> list[Message]:
        """Adds the places of each message to its entities (see :func:`merge_places`)."""
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            detected = message.get(LANGUAGE_PROPERTY) or {}
            if detected.get("requested"):
                continue  # "en français s'il vous plaît" names a language, not a place
            language = detected.get("detected")
            before = list(message.get(ENTITIES) or [])
            sector_known = any(e.get("entity") == "sector" for e in before)
            topic_known = any(e.get("entity") == "technology" for e in before)
            places = [
                p
                for p in find_places(text, language, sector_known, topic_known)
                if fold(text[p.start : p.end]) not in LANGUAGE_NAME_WORDS
            ]
            named = any(p.label in PLACE_LABELS for p in places) or any(
                e.get("entity") in PLACE_LABELS for e in before
            )
            places += adjective_places(text, language, named)
            entities = merge_places(before, places) if places else before
            entities = without_user_places(text, entities, region_table().country_of)
            entities = without_ordinary_words(text, entities, language)
            if entities != before:
                message.set(ENTITIES, entities, add_to_output=True)
        return messages
