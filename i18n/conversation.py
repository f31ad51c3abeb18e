"""The language a conversation is held in, read from the user's messages.

The Rasa-side language detector (``bot.nlu.language.LanguageDetector``) gives every parsed
message the property ``language``: ``{"detected": <code or None>, "requested": <code or None>}``.
The conversation's language is the one of the newest message that decides one:

* a request to change the language ("in English please", "auf Deutsch bitte") decides it;
* a message clearly written in a language (several words, a confident detector; English
  included) decides it;
* a short or ambiguous message ("ok", "Berlin", "thanks", "HZB") decides nothing: the language
  stays what it was;
* a short message that decides a language but may well be written in others too (its
  ``candidates``: "clusters en Portugal" is Spanish, French or Dutch) keeps the earlier language
  when that is one of them: the conversation's language is its prior.

When no message decides a language, the language the web widget showed (the ``page`` the
detector copies from the message's metadata: the user's pick or the page's ``<html lang>``)
decides, and it is the prior of a short first message's candidates; English when there is none. Both processes read it the same way: the Rasa side's
response generator (``bot.nlg``) from the tracker's events, the actions from the tracker they
are sent (:mod:`actions.dialogue.texts`).

Why not a slot: a slot changes only through events, and setting it from every English message
would take an entity on every English message, which each story test would then have to
annotate. The parse data is already in every ``user`` event, so the language is derived from
it, one rule in one place, and a conversation's history says why it is in that language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from taxonomy.languages import EU_LANGUAGES

#: The key of the parse data that holds the language found and asked for.
PARSE_KEY = "language"
#: The key of the language property holding the web widget's language (bot.nlu.language).
PAGE_KEY = "page"
DEFAULT = "en"


def message_language(parse_data: Mapping[str, Any] | None) -> str | None:
    """The language one message decides, or ``None`` when it decides none.

    Args:
        parse_data: A user message's parse data (``UserUttered.parse_data``, or the
            ``parse_data`` of a ``user`` event as JSON).

    Returns:
        The requested language, else the clearly detected one (an EU language code), else
        the value of a ``language`` entity (parse data written before the property existed).
    """
    if not isinstance(parse_data, Mapping):
        return None
    found = parse_data.get(PARSE_KEY)
    if isinstance(found, Mapping):
        for field in ("requested", "detected"):
            code = found.get(field)
            if isinstance(code, str) and code.lower() in EU_LANGUAGES:
                return code.lower()
        return None
    for entity in parse_data.get("entities") or []:
        if isinstance(entity, Mapping) and entity.get("entity") == "language":
            code = entity.get("value")
            if isinstance(code, str) and code.lower() in EU_LANGUAGES:
                return code.lower()
    return None


def _candidates(parse_data: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The languages a short message may well be written in (the detector's ``candidates``);
    none for a request to change the language."""
    found = parse_data.get(PARSE_KEY) if isinstance(parse_data, Mapping) else None
    if not isinstance(found, Mapping) or found.get("requested"):
        return ()
    codes = found.get("candidates")
    if not isinstance(codes, list):
        return ()
    return tuple(c.lower() for c in codes if isinstance(c, str) and c.lower() in EU_LANGUAGES)


def conversation_language(newest_first: Iterable[Mapping[str, Any] | None]) -> str:
    """The conversation's language: that of the newest user message that decides one.

    The conversation's earlier language is the prior of a short message: when the newest
    deciding message has ``candidates`` (languages it may well be written in: "clusters en
    Portugal" is Spanish, French or Dutch) and the language the older messages decide is one
    of them, the conversation keeps that language.

    Args:
        newest_first: The parse data of the user's messages, newest first (an iterator is
            read only as far as needed).

    Returns:
        An EU language code; :data:`DEFAULT` when no message decided one. Map it to the reply
        language with :func:`i18n.reply_language`.
    """
    pages: list[str] = []
    return _decided(iter(newest_first), pages) or (pages[0] if pages else DEFAULT)


def _page(parse_data: Mapping[str, Any] | None) -> str | None:
    """The widget's language the detector copied into a message's parse data, if any."""
    found = parse_data.get(PARSE_KEY) if isinstance(parse_data, Mapping) else None
    code = found.get(PAGE_KEY) if isinstance(found, Mapping) else None
    return code.lower() if isinstance(code, str) and code.lower() in EU_LANGUAGES else None


def _decided(messages: Iterator[Mapping[str, Any] | None], pages: list[str]) -> str | None:
    """The language the messages decide (newest first), None when none decides one; ``pages``
    collects the widget's languages of the messages read (newest first)."""
    for parse_data in messages:
        page = _page(parse_data)
        if page:
            pages.append(page)
        code = message_language(parse_data)
        if code:
            candidates = _candidates(parse_data)
            if candidates:
                earlier = _decided(messages, pages)
                if earlier is None and pages:
                    earlier = pages[-1]  # the oldest message's widget language: the first prior
                if earlier in candidates:
                    return earlier
            return code
    return None


def from_events(events: Iterable[Mapping[str, Any]]) -> str:
    """The conversation's language from tracker events as JSON (``{"event": "user", ...}``),
    oldest first, as the action server receives them."""
    events = list(events)
    return conversation_language(
        event.get("parse_data")
        for event in reversed(events)
        if isinstance(event, Mapping) and event.get("event") == "user"
    )
