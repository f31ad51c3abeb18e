"""The second reading of a long message: the intent of what it asks, not of the story around it.

A company story of several sentences (:mod:`bot.nlu.letters`: "We are a sawmill in Tyrol ...
We export to Italy ... Which clusters in Germany could help us?") is read by the classifiers as
a whole (the request first, then the story: :mod:`bot.nlu.segmenter`): its places, sectors and
company words pull the intent to a partner search whatever the request asks (eleventh held-out
set, style LONG: out-of-scope questions answered with partner results, fact and calls questions
read as partner searches). Reading ONLY the request sentences for everything lost the story's
filters (session 19, measured: six items won, eight lost).

So the intent gets a second reading and the entities do not: the e5 encoder (the e5 vote's
training centroids, :mod:`bot.nlu.e5_intent`) reads the request sentences alone and votes
(:data:`REQUEST_VOTE_KEY` in the parse data: the best intent, its share and the request's
off-topic margin); :func:`second_reading` decides whether that vote replaces the classifiers'
intent. It replaces only a search intent (what a story drags a message to), and only with:

* ``out_of_scope`` when the request is near the off-topic examples
  (:data:`bot.nlu.off_topic.MARGIN_FLOOR`), its vote is no call for help or FAQ (a vague request
  that leans on the story: "what are our options?") and it names nothing of the domain, the
  entities inside it included: the story's sectors and places are no request ("... which hotel
  near the Acropolis?");
* a fact intent or the other search when the vote is sure of it (:data:`MIN_SHARE`) and, for a
  search, the request names what it searches itself (a call or partner word: "... are there open
  calls on hydrogen?", "... how many clusters were labelled?"); a calls search whose request
  names calls itself stays one;
* ``faq`` when the vote is surer still (:data:`FAQ_SHARE`): the topic is the topic selector's;
* ``help`` made sure when both readings ask what the assistant does.

A short message that tells before it asks (a role: "I'm a student. What can you do for me?", "I
advise SMEs. What can you do for my clients?") is read a second time too (:func:`tells_first`),
but only its call for help is made sure: replacing its search by the request's vote lost three
partner searches of the held-out sets (measured, docs/benchmarks.md "s20-long20").

Entities and filters stay those of the whole text (the segmenter puts the request's first, so its
own country comes before the story's). The one owner of this decision: the input guard calls it
(:mod:`bot.nlu.input_guard`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.nlu import intent_cues, off_topic
from taxonomy.turns import CALL_NOUN, PARTNER_NOUN

#: The parse-data key of the request sentences' own e5 vote (``{"intent", "share", "margin"}``).
REQUEST_VOTE_KEY = "request_vote"
#: The intents a story drags a long message to: only these are read a second time.
STORY_INTENTS = frozenset({"find_partners", "find_calls", "inform"})
#: The intents the second reading may give: a search, a fact question, a FAQ (its topic is the
#: topic selector's, of the whole text: the request comes first in it).
FAQ_INTENT = "faq"
HELP_INTENT = "help"
READ_INTENTS = frozenset(
    {"find_partners", "find_calls", "ask_instrument", "ask_cluster_facts", FAQ_INTENT}
)
#: Votes that keep a request near the off-topic examples open: a vague request that refers to the
#: story ("what are our options?", "¿qué nos recomiendan?") votes ``help``.
OPEN_INTENTS = frozenset({HELP_INTENT, FAQ_INTENT})
#: Least share of the request vote that replaces a search intent by another intent.
MIN_SHARE = 0.5
#: Least share of a ``faq`` vote (the topic is not the vote's: a surer vote is asked).
FAQ_SHARE = 0.8
#: Fewest sentences (request and story) of a long message read a second time.
MIN_SENTENCES = 3
#: The segments' key of a short message that tells before it asks (:func:`tells_first`).
TOLD_KEY = "told"


def second_reading(
    intent: str | None,
    vote: Mapping[str, Any] | None,
    requests: Iterable[str] | None,
    language: str | None,
    entities: Iterable[Mapping[str, Any]] | None,
    text: str | None,
    long: bool = True,
) -> str | None:
    """The intent of a long message's request when it differs from the classifiers', else None.

    Args:
        intent: The classifiers' intent of the whole message.
        vote: The request sentences' e5 vote (:data:`REQUEST_VOTE_KEY`).
        requests: The request sentences (``segments["requests"]``).
        language: The detected language.
        entities: The message's entities (spans in ``text``).
        text: The message as the pipeline reads it (requests first, then the story).
        long: False for a short message that tells before it asks (:func:`tells_first`): only
            help is made sure for it (measured: replacing its partner search by a fact question
            or out of scope lost three partner searches of the fourth, ninth and eleventh sets).
    """
    asked = [r for r in requests or [] if isinstance(r, str) and r.strip()]
    if not asked or not isinstance(vote, Mapping):
        return None
    best, share, margin = vote.get("intent"), vote.get("share"), vote.get("margin")
    joined = " ".join(asked)
    if not isinstance(share, (int, float)):
        return None
    if intent == best == HELP_INTENT and share >= FAQ_SHARE:
        # both readings ask what the assistant does ("I advise SMEs. What can you do for my
        # clients?"): sure, where the classifier alone stayed under the fallback's threshold
        return HELP_INTENT
    if intent not in STORY_INTENTS or not long:
        return None
    if (
        isinstance(margin, (int, float))
        and margin >= off_topic.MARGIN_FLOOR
        and best not in OPEN_INTENTS
        and not off_topic.names_domain(
            joined, language, off_topic.entities_inside(text, asked, entities)
        )
    ):
        return off_topic.OUT_OF_SCOPE
    if best == intent or best not in READ_INTENTS or best == off_topic.OUT_OF_SCOPE:
        return None
    if share < (FAQ_SHARE if best == FAQ_INTENT else MIN_SHARE):
        return None
    calls_asked = _names(joined, language, CALL_NOUN, intent_cues.CALLS)
    if intent == "find_calls" and calls_asked:
        return None  # a calls search its request names itself stays one (bench: a Dutch calls
        # request about a network's calls voted a fact question)
    if best == "find_calls" and not calls_asked:
        return None  # the calls vote needs a call word of the request's own
    if best == "find_partners" and not _names(joined, language, PARTNER_NOUN, intent_cues.PARTNERS):
        return None
    return str(best)


def _names(text: str, language: str | None, noun: re.Pattern[str], cue: str) -> bool:
    """Whether ``text`` has a noun of the eight reply languages or a cue of the sixteen others."""
    return bool(noun.search(text)) or cue in intent_cues.cues(text, language)


def is_read_twice(segments: Mapping[str, Any] | None) -> bool:
    """Whether a message's segments make it a message read a second time: a long message of
    :data:`MIN_SENTENCES` sentences or more, or a short one that tells before it asks
    (:data:`TOLD_KEY`: "I'm a journalist. How many ...?")."""
    if not isinstance(segments, Mapping):
        return False
    requests = [r for r in segments.get("requests") or [] if isinstance(r, str)]
    context = [c for c in segments.get("context") or [] if isinstance(c, str)]
    if not requests:
        return False
    if segments.get("long"):
        return len(requests) + len(context) >= MIN_SENTENCES
    return bool(context) and segments.get(TOLD_KEY) is True


def tells_first(text: str | None, requests: list[str], context: list[str]) -> bool:
    """Whether a message opens with what it tells (who asks, for whom: a role, a client, a
    company) and then asks one thing: "I work at a chamber of commerce. A member asks whether
    ...", "Είμαι δημοσιογράφος. Πόσες ...;". The request is read a second time (ROLE: the role
    sentence is no request)."""
    if not isinstance(text, str) or len(requests) != 1 or not context:
        return False
    told, asked = text.find(context[0]), text.find(requests[0])
    return 0 <= told < asked
