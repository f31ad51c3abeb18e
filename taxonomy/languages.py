"""Language codes (ISO 639-1) the assistant knows: the 24 official EU languages and the 8 it
replies in.

Owned here so that the Rasa side (``bot/nlu/language.py`` detects the language,
``bot/nlu/entity_features.py`` turns it into intent features) and the action side
(``actions/dialogue/texts.py`` answers the language notice) agree on one list.
"""

from __future__ import annotations

#: The 24 official languages of the European Union, in alphabetical order of their codes.
EU_LANGUAGES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip

#: Languages the assistant replies in (issue 13); English first, the default.
REPLY_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pl", "nl", "pt")

#: EU languages it understands but answers in English, with one line in that language.
ENGLISH_REPLY_LANGUAGES: tuple[str, ...] = tuple(
    code for code in EU_LANGUAGES if code not in REPLY_LANGUAGES
)
