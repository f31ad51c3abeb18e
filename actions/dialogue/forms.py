"""What the search forms share: which intents answer a form, and the topic of a message.

Used by ``partner_search_form`` (:mod:`actions.partners.forms`) and ``call_search_form``
(:mod:`actions.funding.forms`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.dialogue.context import names_a_topic
from actions.dialogue.parsing import has_topic, partner_request
from contracts.limits import CHAT_QUERY_CHARS

# Intents whose text can open a form with its topic.
ANSWER_INTENTS = frozenset({"inform", "find_partners", "find_calls"})
# Intents that never answer the form's question (rules answer them, then the form asks again).
# Anything else, including a low-confidence nlu_fallback ("robotics" alone is ambiguous), is
# taken as the answer while the form is asking.
DIGRESSIONS = frozenset(
    {
        "ask_instrument",
        "faq",
        "bot_challenge",
        "help",
        "deny",
        "request_human",
        "greet",
        "goodbye",
        "thank",
        "out_of_scope",
        "ask_cluster_facts",
        "ask_call_status",
    }
)


#: The request intent of each search form: a request for the other feature while a form asks
#: is a new request that wins over the form ("actually, what open calls are there on batteries?").
FORM_REQUESTS = {"partner_search_form": "find_partners", "call_search_form": "find_calls"}


def answers(intent: str, asking: bool, form: str | None = None) -> bool:
    """Whether a message with this intent answers the form (``asking``: the form asked).

    Args:
        intent: The message's intent.
        asking: Whether the form asked a question (else the message opened it).
        form: The form's name; while it asks, another form's request intent does not answer it.
    """
    if asking and form is not None:
        others = {i for name, i in FORM_REQUESTS.items() if name != form}
        if intent in others:
            return False
    return intent not in DIGRESSIONS if asking else intent in ANSWER_INTENTS


def message_parts(tracker: Tracker) -> tuple[str, str, list[Mapping[str, Any]]]:
    """The latest message's intent name, text and (well-formed) entities."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name") or ""
    entities = [e for e in message.get("entities") or [] if isinstance(e, Mapping)]
    return intent, message.get("text") or "", entities


def form_topic(
    text: str, entities: list[Mapping[str, Any]], language: str | None = None
) -> str | None:
    """The topic a message names (places and filler removed), or None when it names none.

    Args:
        text: The message.
        entities: Its entities (places and labels are not the topic).
        language: The message's language when not English: its request words ("quero
            encontrar parceiros", "vorrei trovare dei partner") name no topic either.
    """
    query = partner_request(text, entities).query
    named = names_a_topic(query, language) if language else has_topic(query)
    return query[:CHAT_QUERY_CHARS] if named else None
