"""The one reader of a conversation's language for the handoff texts."""

from __future__ import annotations

from typing import Any

from i18n import reply_language

#: The slot that holds the conversation's language (ISO 639-1), set by the Rasa side.
LANGUAGE_SLOT = "language"


def conversation_language(slots: dict[str, Any] | None) -> str:
    """The reply language of a conversation from its slots (English when unknown).

    Args:
        slots: The tracker's slots, or a ticket's stored context (which keeps ``language``).

    Returns:
        One of :data:`i18n.REPLY_LANGUAGES`.
    """
    return reply_language((slots or {}).get(LANGUAGE_SLOT))
