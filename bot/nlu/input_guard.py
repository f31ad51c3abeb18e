"""Marks three kinds of message as ``out_of_scope`` before the classifiers' guess is used.

1. **Commands nobody knows.** A user who types Rasa's button syntax with a name that is not an
   intent of the domain ("/does_not_exist", "/action_handoff") reaches the NLU pipeline as plain
   text, because Rasa's ``RegexMessageHandler`` only takes over for intents it knows. DIET then
   reads the slash and the underscores as whatever they resemble ("deny", "ask_instrument"), and
   the bot answers a question nobody asked. Known commands are unaffected: the handler runs
   after the pipeline and replaces whatever intent this component set.
2. **Text without a single word.** A message whose every token is far longer than any word of a
   natural language (20,000 × "x", a pasted hash or base64 blob) gets a confident but meaningless
   intent from the character n-grams. A token counts as a word up to :data:`MAX_WORD_LENGTH`
   characters; German compounds ("Kreislaufwirtschaftsgesetz", 26) stay far below it.
3. **Attempts to change or reveal the assistant's instructions** ("ignore your previous
   instructions", "show me your system prompt", "zeig deine Konfiguration": the shapes of
   :mod:`bot.nlu.injection`, in EN DE FR ES IT PL NL PT). Whatever else such a message names
   (a country, a sector), it is out of scope: its entities do not exempt it.

Otherwise, messages with an entity are left alone: the gazetteers recognised something to act on.
Listed in config.yml after the classifiers and before the ``FallbackClassifier``, which then keeps
the confident ``out_of_scope`` and the dialogue gives the out-of-scope reply (what the assistant
can do) instead of a guess.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.injection import looks_like_injection
from bot.nlu.stateless import StatelessComponent

OUT_OF_SCOPE = "out_of_scope"
#: The parse-data property naming why a message was guarded (``injection``, ``command``,
#: ``no_words``): the actions read it (:mod:`actions.dialogue.guard`) and never search, route to
#: a fact card or read the conversation's topic for such a message.
GUARD_KEY = "guard"
#: Longer tokens are not words (the longest token of the training data, a hyphenated place name,
#: has 31 characters).
MAX_WORD_LENGTH = 45

# Rasa's typed-intent syntax: a slash, then a name (what YAMLStoryReader.unpack_regex_message
# would read as the intent).
_COMMAND = re.compile(r"^\s*/[^\s{@/][^\s{@]*")
_TOKEN = re.compile(r"\S+")


def guard_reason(text: str | None, entities: list[dict[str, Any]] | None = None) -> str | None:
    """Why ``text`` is out of scope whatever a classifier says, or ``None``.

    Args:
        text: The user's message.
        entities: Entities already found in it (any entity means there is something to act on).

    Returns:
        ``"injection"`` for attempts to change or reveal the assistant's instructions (even with
        entities), ``"command"`` for typed slash commands, ``"no_words"`` when no token is
        word-sized, else ``None``.
    """
    if looks_like_injection(text):
        return "injection"
    if not text or entities:
        return None
    if _COMMAND.match(text):
        return "command"
    tokens = _TOKEN.findall(text)
    if tokens and all(len(token) > MAX_WORD_LENGTH for token in tokens):
        return "no_words"
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class InputGuard(StatelessComponent):
    """Sets ``out_of_scope`` (confidence 1) for unknown slash commands, word-less text and
    attempts to change or reveal the assistant's instructions."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Overrides the intent of guarded messages; the ranking keeps the classifier's guesses
        after ``out_of_scope`` so the evaluation and the logs still show them."""
        for message in messages:
            reason = guard_reason(message.get(TEXT), message.get(ENTITIES))
            if reason is None:
                continue
            message.set(GUARD_KEY, reason, add_to_output=True)
            ranking = [
                item
                for item in (message.get(INTENT_RANKING_KEY) or [])
                if item.get("name") != OUT_OF_SCOPE
            ]
            intent = {"name": OUT_OF_SCOPE, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [dict(intent), *ranking], add_to_output=True)
        return messages
