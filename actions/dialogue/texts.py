"""The conversation's language on the action side, and the one line for EU languages the
assistant understands but does not reply in.

:func:`language_of` is the language every reply of the actions is written in: the language of
the conversation (:mod:`i18n.conversation`, read from the user's messages in the tracker the
action server is sent), mapped to a reply language (DE FR ES IT PL NL PT or English).

For the 16 other EU languages the reply is English, preceded by one line in the user's language
saying so (:data:`ENGLISH_REPLY_LINES`, uttered by
:func:`actions.dialogue.language.say_language_line` in the answering actions); :func:`notice`
returns ``None`` for the reply languages, which are answered in their own words.
"""

from __future__ import annotations

from typing import Any

from i18n import reply_language, text
from i18n.conversation import from_events
from i18n.english_reply import LINES, english_reply_line

#: The reply languages need no notice any more: they are answered in their language. Kept
#: (empty) for the readers that strip notices from replies (bench.understanding_language).
NOTICES: dict[str, str] = {}
#: The other EU languages (understood and searched, answered in English): one line saying so.
#: Owned by :mod:`i18n.english_reply` (the Rasa side's response generator says it too).
ENGLISH_REPLY_LINES = LINES


def language_of(tracker: Any) -> str:
    """The reply language of a conversation (``en`` ``de`` ``fr`` ``es`` ``it`` ``pl`` ``nl``
    ``pt``) from a rasa-sdk tracker (or anything with an ``events`` list of event dicts)."""
    return reply_language(from_events(getattr(tracker, "events", None) or []))


def english_hint(lang: str = "en") -> str:
    """What the assistant can do, with two examples (in the conversation's language)."""
    return text("dialogue.language_hint", lang)


def notice(code: Any) -> str | None:
    """The fixed "I understand you, but I answer in English" line in an EU language the
    assistant does not reply in, or ``None`` (a reply language, unknown codes, non-strings).

    Args:
        code: An ISO 639-1 code, as the ``language`` entity carries it.
    """
    return english_reply_line(code)
