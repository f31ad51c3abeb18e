"""Organisations of a topic in a place: a partner search, however NLU ranked the message.

"empresas de automoción en Galicia", "redes de construção sustentável na Áustria", "space data
and satellite applications organisations in the UK" name no partner noun, and NLU reads them as
out of scope, an FAQ or a calls request. :func:`placed_request` is the one rule; the follow-up
action (:mod:`actions.dialogue.follow_up`, for unsure readings) and the calls search
(:class:`actions.funding.calls.ActionSearchCalls`, for a calls reading that names no call) read
it. Its own module, because the follow-up module imports the calls search.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from actions.dialogue.continuation import names_instrument
from actions.dialogue.forms import requested_feature
from actions.dialogue.request_words import ORGANISATIONS_SOUGHT
from actions.funding.off_topic import off_topic_words

#: Entities that name a topic a partner search ranks by.
TOPIC_ENTITIES = frozenset({"sector", "technology"})


def placed_request(text: str, entities: list[Mapping[str, Any]]) -> bool:
    """Whether a message asks for organisations of a topic in a place: a country or region, a
    sector or technology the gazetteers know, and partners, clusters, companies or networks
    named (:data:`~actions.dialogue.request_words.ORGANISATIONS_SOUGHT`), with no calls word,
    no off-topic subject and no instrument.

    Args:
        text: The message.
        entities: Its entities.
    """
    kinds = {e.get("entity") for e in entities}
    if not kinds & {"country", "region"} or not kinds & TOPIC_ENTITIES:
        return False
    if requested_feature(text) == "find_calls" or off_topic_words(text):
        return False
    if names_instrument(text, entities):
        return False
    return requested_feature(text) == "find_partners" or bool(ORGANISATIONS_SOUGHT.search(text))
