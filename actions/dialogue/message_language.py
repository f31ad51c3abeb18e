"""The language a message is searched in, as the Rasa side detected it: one reader for the actions.

``bot.nlu.language.LanguageDetector`` gives every parsed message the property ``language``
(``{"detected": <code or None>, "requested": <code or None>}``, English included when clear) and
puts a ``language`` entity on messages in an EU language other than English. The searches pick
their encoder by :func:`message_language` (:meth:`actions.services.Services.partner_searcher` and
its siblings, :mod:`knowledge.multilingual`): the message's own language when it has one; a
message too short to tell ("und in Österreich?", "e in Francia?", "Bayern") is read in the
conversation's language (:mod:`i18n.conversation`), so a German conversation's short follow-up is
not searched with the English encoder.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.dialogue.parsing import entity_values
from i18n.conversation import PARSE_KEY, from_events

#: The entity the Rasa-side detector writes.
LANGUAGE_ENTITY = "language"
ENGLISH = "en"


def parsed_message_language(message: Mapping[str, Any] | None) -> str | None:
    """The ``language`` entity of a parsed message, lower-cased; None for English/undecided.

    Args:
        message: A parsed message (``tracker.latest_message``), or None.

    Returns:
        The ISO 639-1 code (``"de"``), or None when the message has no language entity.
    """
    entities = (message or {}).get("entities") or []
    codes = entity_values(entities, LANGUAGE_ENTITY) if isinstance(entities, list) else []
    code = codes[0].lower() if codes else ""
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def _undecided(message: Mapping[str, Any] | None) -> bool:
    """Whether the detector could not tell the message's language (too short or ambiguous)."""
    found = (message or {}).get(PARSE_KEY)
    return not isinstance(found, Mapping) or found.get("detected") is None


def message_language(tracker: Tracker) -> str | None:
    """The language the latest message is searched in; None for English.

    The message's own language (:func:`parsed_message_language`) when it has one; when the
    detector could not tell (too short or ambiguous: ``detected`` is None), the conversation's
    language, None when that is English; otherwise (clearly English) None.

    Args:
        tracker: The conversation.

    Returns:
        An ISO 639-1 code other than ``en``, or None.
    """
    message = tracker.latest_message
    own = parsed_message_language(message)
    if own or not _undecided(message):
        return own
    conversation = from_events(getattr(tracker, "events", None) or [])
    return None if conversation == ENGLISH else conversation
