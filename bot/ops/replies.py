"""The texts the server's guards send back to a person instead of an answer.

The words are the message catalogues' (``guard.*`` keys of ``i18n/``); every guard asks
:func:`guard_reply` for them. A refused or failed message has not been understood, so its
language is only what the client says it is: the ``language`` field of the message's metadata
(the web widget sends the language it shows; a REST client may send one), else English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import i18n
from contracts.payloads import LANGUAGE_FIELD

#: The reasons a guard refuses or fails a message, each a ``guard.<reason>`` catalogue key.
REASONS = ("rate_limited", "too_long", "try_again")


def metadata_language(metadata: Any) -> str | None:
    """The reply language a message's metadata names (``language`` field), else ``None``."""
    code = metadata.get(LANGUAGE_FIELD) if isinstance(metadata, Mapping) else None
    if isinstance(code, str) and code.lower() in i18n.REPLY_LANGUAGES:
        return code.lower()
    return None


def guard_reply(reason: str, language: Any = None) -> str:
    """The friendly text for a message a guard refused or could not handle.

    Args:
        reason: One of :data:`REASONS`.
        language: The language code to write in (English when ``None`` or not a reply
            language).

    Returns:
        The text to show the person.

    Raises:
        KeyError: ``reason`` is not one of :data:`REASONS`.
    """
    if reason not in REASONS:
        raise KeyError(reason)
    return i18n.text(f"guard.{reason}", language or i18n.DEFAULT_LANGUAGE)
