"""The language of the latest message, as the Rasa side detected it: one reader for the actions.

``bot.nlu.language.LanguageDetector`` puts a ``language`` entity (ISO 639-1 code) on messages in
an EU language other than English; English and undecided messages carry none. The searches pick
their encoder by it (:meth:`actions.services.Services.partner_searcher` and its siblings,
:mod:`knowledge.multilingual`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.dialogue.parsing import entity_values

#: The entity the Rasa-side detector writes.
LANGUAGE_ENTITY = "language"


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


def message_language(tracker: Tracker) -> str | None:
    """The language of the latest message (see :func:`parsed_message_language`)."""
    return parsed_message_language(tracker.latest_message)
