"""What carries over from earlier turns: back-references and the topic of the last search.

"are there any open calls on that topic?" after a partner search, "who could partner on this?"
after a calls search: the message refers back instead of naming a topic, and the topic is the one
of the last search (``last_search``, :class:`contracts.state.LastSearch`). "is it still running?"
after an instrument answer is about that instrument, not a call: :func:`latest_context` says
which of the two the conversation was last about. Used by the search forms
(:mod:`actions.partners.forms`, :mod:`actions.funding.forms`) and the search actions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.dialogue.parsing import has_topic
from contracts.limits import CHAT_QUERY_CHARS
from contracts.state import LAST_SEARCH_KINDS
from taxonomy.stopwords import TOPIC_FILLER_WORDS

#: Phrases that point back at something said before ("that topic", "the same field", "this").
_REFERENCE = re.compile(
    r"\b(?:(?:that|this|the\s+same|same|these|those|the\s+above)\s+"
    r"(?:topics?|subjects?|themes?|areas?|fields?|things?|domains?|technology|sector|one|ones)"
    r"|the\s+same|this|that|these|those|it|them)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_][\w'-]*", re.UNICODE)
#: Words of a back-referring request that name no topic either ("who might team up on this?").
_REQUEST_WORDS = frozenset(
    {
        *("might", "should", "shall", "must", "team", "up", "join", "collaborate", "cooperate"),
        *("partnering", "relevant", "similar", "suitable", "fit", "fits", "match", "matching"),
        *("too", "well", "also", "else", "there", "exist", "exists", "around", "topic", "topics"),
        *("subject", "field", "area", "theme"),
    }
)

#: The actions after which the conversation is about an instrument or a result list.
_INSTRUMENT_ACTIONS = frozenset({"action_explain_instrument"})
_SEARCH_ACTIONS = frozenset(
    {
        "action_search_partners",
        "action_search_calls",
        "action_refine_search",
        "action_show_more",
        "action_select_result",
        "action_find_similar",
        "action_call_status",
    }
)


def refers_back(text: str | None) -> bool:
    """True when the message points back at something said before ("on that topic", "this")."""
    return bool(_REFERENCE.search(text or ""))


def without_reference(text: str | None) -> str:
    """The message with its back-references removed (what is left may still name a topic)."""
    return " ".join(_REFERENCE.sub(" ", text or "").split())


def topic_words(query: str | None) -> str:
    """The words of a search text that name its topic (search filler words removed)."""
    words = [w for w in _WORD.findall(query or "") if w.lower() not in TOPIC_FILLER_WORDS]
    return " ".join(words)[:CHAT_QUERY_CHARS]


def _names_a_topic(text: str) -> bool:
    words = [w for w in topic_words(text).split() if w.lower() not in _REQUEST_WORDS]
    return has_topic(" ".join(words))


def carried_topic(tracker: Tracker) -> str | None:
    """The topic of the last search (partners or calls), else of the last form, if any.

    Args:
        tracker: The conversation.

    Returns:
        Topic words such as ``"textile recycling"``, or ``None`` when nothing was searched.
    """
    last = tracker.get_slot("last_search")
    candidates: list[Any] = []
    if isinstance(last, Mapping) and last.get("kind") in LAST_SEARCH_KINDS:
        candidates.append(last.get("query"))
    candidates += [tracker.get_slot("partner_query"), tracker.get_slot("call_topic")]
    for value in candidates:
        if isinstance(value, str):
            topic = topic_words(value)
            if has_topic(topic):
                return topic
    return None


def latest_context(tracker: Tracker) -> str | None:
    """What the conversation was last about: ``"instrument"``, ``"search"`` or ``None``."""
    for event in reversed(getattr(tracker, "events", None) or []):
        if not isinstance(event, Mapping) or event.get("event") != "action":
            continue
        name = event.get("name")
        if name in _INSTRUMENT_ACTIONS:
            return "instrument"
        if name in _SEARCH_ACTIONS:
            return "search"
    return None


def referred_topic(tracker: Tracker, text: str | None) -> str | None:
    """The earlier topic a message refers to, when it names none of its own.

    Args:
        tracker: The conversation.
        text: The message ("any calls on that topic?").

    Returns:
        The carried topic, or ``None`` when the message names its own topic, does not refer
        back, was said right after an instrument answer ("it" is then the instrument), or
        nothing was searched before.
    """
    if not refers_back(text) or _names_a_topic(without_reference(text)):
        return None
    if latest_context(tracker) == "instrument":
        return None
    return carried_topic(tracker)
