"""The conversation's language, read once for every reply builder that words a payload.

THE reader: the ``language`` slot (ISO 639-1, set when a user switches or writes in a reply
language) when the domain has one, else English. Payloads carry it in
:data:`contracts.payloads.LANGUAGE_FIELD` so channels and the widget follow it.
"""

from __future__ import annotations

from typing import Any

from i18n import DEFAULT_LANGUAGE, reply_language

#: The slot holding the conversation language.
LANGUAGE_SLOT = "language"


def conversation_language(tracker: Any) -> str:
    """The reply language of the conversation (English when unset or not a reply language).

    Args:
        tracker: The rasa-sdk tracker (anything with ``get_slot``).
    """
    get_slot = getattr(tracker, "get_slot", None)
    value = get_slot(LANGUAGE_SLOT) if callable(get_slot) else None
    return reply_language(value) if value else DEFAULT_LANGUAGE
