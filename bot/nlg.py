"""Domain responses in the conversation's language: Rasa's templated generator, reading the
message catalogues (:mod:`i18n`).

The domain (``domain/*.yml``) keeps each response's name, its variations, its buttons' payloads
and any channel conditions; every ``text`` and button ``title`` there is a catalogue key
(``dialogue.greet``, ``faq.pic_number``, ``dialogue.help.button_1``), and the catalogues own the
words in every reply language (one owner: ``tests/bot/test_nlg.py`` fails when a domain text is
not a key of the catalogues). This generator picks a variation as Rasa does, replaces the keys by
the text in the conversation's language (:mod:`i18n.conversation`: read from the user's
messages; English for an EU language the assistant does not reply in), then fills ``{slot}``
placeholders as Rasa does.

A message in one of the sixteen EU languages the assistant does not reply in is answered in
English with one line in the user's language first (:mod:`i18n.english_reply`): the actions say
it before their replies; for a domain response (the out-of-scope reply, also after an injection
or a blob; "did you mean", "please rephrase", a greeting) this generator starts the text with it,
unless a reply earlier in the same turn already said it (:func:`turn_line`).

Listed in the endpoints file that ``bot.ops.runtime_config`` writes (``nlg: type:
bot.nlg.CatalogueNaturalLanguageGenerator``); Rasa 3.6 builds it with the merged domain.
"""

from __future__ import annotations

import copy
from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import i18n
from i18n.conversation import conversation_language, message_language
from i18n.english_reply import english_reply_line, says_line

#: A value passed to ``generate_from_slots`` under this name wins over the tracker (tests, and
#: callers that know the language).
LANGUAGE_KEY = "language"


def tracker_language(tracker: DialogueStateTracker) -> str:
    """The conversation's language from the tracker's user messages (:mod:`i18n.conversation`)."""
    return conversation_language(
        event.parse_data for event in reversed(tracker.events) if isinstance(event, UserUttered)
    )


def turn_line(tracker: DialogueStateTracker) -> str | None:
    """The line in the user's language a domain response of this turn starts with, or None.

    The latest user message's language (requested or clearly detected), else the conversation's
    (a short "ok?" in a Swedish conversation); a line only for the sixteen languages without
    replies of their own, and only when no reply since that message said it already.
    """
    latest = None
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            latest = event
            break
        if isinstance(event, BotUttered) and says_line(event.text):
            return None
    if latest is None:
        return None
    code = message_language(latest.parse_data) or tracker_language(tracker)
    return english_reply_line(code)


def localise(response: dict[str, Any], language: Any) -> dict[str, Any]:
    """A copy of one response variation whose catalogue keys are replaced by their text.

    Args:
        response: One variation as the domain holds it (``text``, ``buttons``, ...).
        language: The conversation's language code (anything; see :func:`i18n.reply_language`).

    Returns:
        The variation with ``text`` and every button ``title`` that is a catalogue key replaced
        by the catalogue's template (placeholders still unfilled); other values unchanged.
    """
    out = copy.deepcopy(response)
    value = out.get("text")
    if isinstance(value, str) and i18n.has(value):
        out["text"] = i18n.text(value, language)
    for button in out.get("buttons") or []:
        title = button.get("title") if isinstance(button, dict) else None
        if isinstance(title, str) and i18n.has(title):
            button["title"] = i18n.text(title, language)
    return out


class CatalogueNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    """Rasa's templated generator with the texts taken from the message catalogues."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        domain: Domain | None = None,
        **kwargs: Any,
    ) -> None:
        """Rasa 3.6 calls ``cls(endpoint_config=..., domain=...)`` for a custom ``nlg`` type."""
        super().__init__((domain or Domain.empty()).responses)

    def generate_from_slots(
        self,
        utter_action: str,
        filled_slots: dict[str, Any],
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        """The response ``utter_action`` in the language of the ``language`` slot, filled in."""
        chosen = self._random_response_for(utter_action, output_channel, filled_slots)
        if chosen is None:
            return None
        language = kwargs.pop(LANGUAGE_KEY, None) or (filled_slots or {}).get(LANGUAGE_KEY)
        response = localise(chosen, language)
        return self._fill_response(response, filled_slots, **kwargs)

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        """Rasa's entry point: the conversation's language is read from the tracker."""
        kwargs[LANGUAGE_KEY] = tracker_language(tracker)
        response = self.generate_from_slots(
            utter_action, tracker.current_slot_values(), output_channel, **kwargs
        )
        line = turn_line(tracker) if response else None
        if line and isinstance(response.get("text"), str) and response["text"]:
            response["text"] = f"{line}\n\n{response['text']}"
        return response
