"""A message NLU could not place, read against what the conversation was last about.

Rasa's FallbackClassifier turns a message whose intents are close or unsure into
``nlu_fallback``: "ci sono bandi su questo tema?" after a partner search (find_calls 0.39),
"welke clusters kunnen daarbij helpen?" after a calls search, "can a small company apply
directly?" after an answer about Euroclusters. On their own they are unclear; after the previous
turn they are not. ``action_follow_up`` (data/rules/dialogue.yml: every ``nlu_fallback``, and
``help`` right after an instrument answer) decides with the NLU ranking as one input:

- after an instrument answer, a question that asks for no search is about that instrument
  (:class:`~actions.funding.instruments.ActionExplainInstrument` answers from its cards);
- a calls or partner request (the first such intent of the ranking, >= :data:`MIN_CONFIDENCE`)
  that refers back to the last search's topic, names its own topic or (partners) names filters
  only, is that search;
- a message with only a filter (a country, region, label) after a search refines it;
- a calls or partner request with nothing to search yet ("I'm after funding") opens that
  search's form, which asks for the topic (the rules open it on ``ask_calls`` / ``ask_partners``);
- anything else is left to the two-stage fallback ("did you mean ...?"), or for ``help`` the
  help text.

The ``follow_up`` slot says what was done (``instrument``, ``search``, ``answered``,
``ask_calls``, ``ask_partners``, ``unhandled``); the rules run the two-stage fallback on ``unhandled``, and
:func:`actions.dialogue.context.latest_context` reads it as what the conversation is now about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import (
    FOLLOW_UP_SLOT,
    implicit_topic,
    kept_partner_filters,
    latest_context,
    names_a_topic,
    referred_topic,
    refers_back,
    without_reference,
)
from actions.dialogue.continuation import (
    asks_for_more,
    asks_for_other_feature,
    continues_results,
    loosens_results,
    names_instrument,
)
from actions.dialogue.forms import (
    bare_request,
    is_question,
    message_parts,
    misspelt_feature,
    requested_feature,
)
from actions.dialogue.guard import is_guarded
from actions.dialogue.instrument_follow_up import instrument_question
from actions.dialogue.labels import asks_for_labelled_clusters
from actions.dialogue.message_language import message_language
from actions.dialogue.navigation import (
    ActionRefineSearch,
    ActionSelectResult,
    ActionShowMore,
    last_search,
)
from actions.dialogue.parsing import partner_request, wants_any_place
from actions.dialogue.person_request import asks_for_person
from actions.dialogue.placed_request import placed_request
from actions.dialogue.shown_names import named_by_name
from actions.funding.calls import ActionSearchCalls
from actions.funding.instruments import ActionExplainInstrument
from actions.funding.routing import NOT_FACT, ActionRouteFact, answer_if_fact
from actions.partners.search import ActionSearchPartners
from taxonomy.loosening import without_swap_words

#: The least confidence a search intent of the ranking needs to be taken as the request.
MIN_CONFIDENCE = 0.25
#: A search request with nothing to search yet opens its form, which asks for the topic.
FORM_OF = {"find_calls": "ask_calls", "find_partners": "ask_partners"}
#: The follow-up that runs each search on a carried topic.
_SEARCH_OF = {"find_calls": "calls", "find_partners": "partners"}
#: The topic slot each of those forms fills (emptied first, so that the form asks).
_FORM_TOPIC = {"ask_calls": "call_topic", "ask_partners": "partner_query"}
#: The entities that are search filters.
FILTER_ENTITIES = frozenset({"country", "region", "sector", "label", "drop_filter"})
#: What a question about an instrument asks for, in the eight reply languages (word starts).
#: Only ``help`` needs it: "so how would I apply today?" after an instrument answer is about the
#: instrument, "what can you do?" is not.
_ASPECT = re.compile(
    r"\b(?:appl|eligib|budget|money|fund|cost|how\s+much|how\s+many|who\s+can|deadline|"
    r"still|running|open|when|"
    r"bewerb|antrag|wer\s+kann|wie\s+viel|noch|frist|"
    r"postul|candidat|qui\s+peut|combien|encore|"
    r"solicit|quién|quien|cuánto|cuanto|todavía|plazo|"
    r"domand|chi\s+può|quanto|ancora|scadenz|"
    r"wniosek|aplik|kto\s+moż|ile|nadal|termin|"
    r"aanvra|wie\s+kan|hoeveel|nog|"
    r"candidat|quem\s+pode|ainda|prazo)",
    re.IGNORECASE | re.UNICODE,
)
#: Intents read against the conversation before their own answer (the rules run this action
#: first on them): a short question about the last instrument, a request about the last topic.
UNSURE_INTENTS = frozenset({"out_of_scope", "faq"})
#: Intents of a request for a person NLU could not place (:func:`asks_for_person`).
PERSON_INTENTS = frozenset({"nlu_fallback", "out_of_scope", "faq"})


def conversation_context(tracker: Tracker) -> str | None:
    """``"instrument"``, ``"search"`` or ``None``: what the conversation was last about
    (:func:`~actions.dialogue.context.latest_context`, which also reads an FAQ answer to a
    message that named an instrument as being about that instrument)."""
    return latest_context(tracker)


def _ranking(tracker: Tracker) -> list[tuple[str, float]]:
    """The NLU's intents for the latest message, best first, without ``nlu_fallback``."""
    message = tracker.latest_message or {}
    out = []
    for item in message.get("intent_ranking") or []:
        if not isinstance(item, Mapping) or item.get("name") in (None, "nlu_fallback"):
            continue
        confidence = item.get("confidence")
        out.append((str(item["name"]), float(confidence) if confidence is not None else 0.0))
    return out


def _wanted_search(tracker: Tracker) -> str | None:
    """The first search intent of the ranking (find_calls, find_partners, inform) if sure enough."""
    for name, confidence in _ranking(tracker)[:3]:
        if name in ("find_calls", "find_partners", "inform") and confidence >= MIN_CONFIDENCE:
            return name
    return None


def follow_up_kind(tracker: Tracker) -> str | None:
    """What to do with the latest message: ``instrument``, ``calls``, ``partners``, ``refine``,
    ``more`` (the next page of the list just shown),
    or ``ask_calls`` / ``ask_partners`` (a request with nothing to search yet: the form asks).

    Args:
        tracker: The conversation; its latest message is an ``nlu_fallback`` or ``help``.

    Returns:
        The feature the message is read as, or ``None`` when the conversation does not place it.
    """
    intent, text, entities = message_parts(tracker)
    language = message_language(tracker)
    filters = {e.get("entity") for e in entities} & FILTER_ENTITIES or wants_any_place(text)
    context = conversation_context(tracker)
    about_instrument = context == "instrument" and bool(tracker.get_slot("instrument"))
    if not about_instrument and named_by_name(tracker) is not None:
        return "select"  # "and Aerospace Valley?" right after a list: that result
    if not about_instrument and loosens_results(tracker) is not None:
        return "refine"  # "qualsiasi paese va bene" read as help: the list without its country
    if intent == "help":
        if about_instrument and _ASPECT.search(text):
            return "instrument"
        return "instrument" if instrument_question(tracker) is not None else None
    wanted = _wanted_search(tracker)
    previous = last_search(tracker)
    if asks_for_labelled_clusters(text, entities) and not _on_partner_list(previous):
        return "partners"  # "Cluster mit dem Label Gold": a search with the label filter
    # With nothing earlier to lean on, only NLU's own first choice is searched ("write me a
    # cover letter": faq 0.38, find_calls 0.35 is no calls search), or a partner request with a
    # filter NLU found ("maritieme clusters in België"); a lower one may open a form.
    ranking = _ranking(tracker)
    first = bool(ranking) and ranking[0][0] == wanted
    found_filter = bool({e.get("entity") for e in entities} & FILTER_ENTITIES)
    partners_with_filter = wanted == "find_partners" and found_filter
    search = wanted if context or previous or first or partners_with_filter else None
    carried = referred_topic(tracker, text, language)
    own = without_reference(partner_request(text, entities).query)
    own_topic = names_a_topic(own, language) if own else False
    feature = requested_feature(text)
    if carried and previous is not None and feature is not None:
        # "any clusters for that?" after calls: the feature the message names, on the last
        # topic, whatever NLU ranked first
        return _SEARCH_OF[feature]
    if not about_instrument and continues_results(tracker):
        return "refine"  # "y para textil?", "et en bretagne" right after a result list
    if not about_instrument and asks_for_more(tracker):
        return "more"  # "noch mehr bitte" right after a result list: its next page
    other = None if about_instrument else asks_for_other_feature(tracker)
    if other is not None:
        return FORM_OF[other]  # "et des partenaires ?" after calls: the form takes the topic over
    if not about_instrument and _partners_on_calls_topic(tracker, text):
        return "partners"  # "welche Organisationen sind da aktiv?" right after a calls list
    if not carried and not about_instrument and placed_request(text, entities):
        return "partners"  # "redes de construção sustentável na Áustria" below NLU's threshold
    named = _named_search(tracker, text, own_topic)
    if named is not None and not carried and not about_instrument:
        # "clusters working on quantum technologies", "clster di robbotica in germnia": the
        # message names the request (a noun, maybe misspelt) and its topic, whatever NLU ranked.
        return named
    on_partners = carried and previous is not None and previous["kind"] == "partners"
    if on_partners and search in ("find_partners", "inform") and not own_topic:
        return "refine"  # "just those with a gold label": the last search, its filters kept
    if search == "find_calls" and (carried or own_topic):
        return "calls"
    if search == "find_partners" and (carried or own_topic or filters):
        return "partners"
    if search == "inform" and previous is None and (own_topic or filters):
        return "partners"  # a "refinement" with nothing to refine is a new partner search
    if about_instrument and not filters:
        return "instrument"
    if found_filter and _only_filters(tracker, text, entities, language):
        return "refine"  # a filter alone after a partner search, whatever NLU ranked first
    if wanted is not None and (filters or carried) and previous is not None:
        return "refine"  # "only in Austria", "and for that?": the last search, one filter changed
    if wanted in FORM_OF:
        return FORM_OF[wanted]  # "I'm after funding": the form asks what about
    if instrument_question(tracker) is not None:
        return "instrument"  # after an FAQ answer about an instrument ("chi può candidarsi?")
    return FORM_OF.get(bare_request(text, language) or "")


def unsure_kind(tracker: Tracker) -> str | None:
    """What to do with a message NLU read as ``out_of_scope`` or ``faq``, from the context.

    ``instrument`` for a short question about the conversation's instrument
    (:func:`~actions.dialogue.instrument_follow_up.instrument_question`); ``calls`` /
    ``partners`` for a search request that refers back to the last search's topic ("et qui
    pourrait être partenaire là-dessus ?"); ``ask_calls`` / ``ask_partners`` for a search
    request with nothing to search yet ("quero procurar parceiros"); else ``None`` (the FAQ or
    out-of-scope answer, after the fact routing).
    """
    # While a form asks, this message is one the form did not take (a new request: "actually,
    # who runs the cluster policy?"): it is read like any other, and wins over the form.
    if instrument_question(tracker) is not None:
        return "instrument"
    if named_by_name(tracker) is not None:
        return "select"  # "tell me more about HEGAN" right after a list: that result
    if continues_results(tracker):
        return "refine"  # "a dla rolnictwa?", "und in österreich?" right after a result list
    if asks_for_more(tracker):
        return "more"  # "show me a few more", "más por favor" right after a result list
    other = asks_for_other_feature(tracker)
    if other is not None:
        return FORM_OF[other]  # "and calls?" after partners: the form takes the topic over
    _, text, entities = message_parts(tracker)
    language = message_language(tracker)
    carried = referred_topic(tracker, text, language) or _partners_on_calls_topic(tracker, text)
    if carried:
        return _SEARCH_OF.get(requested_feature(text) or "")
    if asks_for_labelled_clusters(text, entities) and not _on_partner_list(last_search(tracker)):
        return "partners"  # "klastry ze złotym certyfikatem", not the label FAQ
    named = {e.get("entity") for e in entities} & FILTER_ENTITIES
    own = without_reference(partner_request(text, entities).query)
    own_topic = bool(own) and names_a_topic(own, language)
    misspelt = misspelt_feature(text) == "find_partners" and not is_question(text)
    if own_topic and misspelt and not _names_instrument(tracker, text):
        return "partners"  # "clustr de tecnolgia maritma": a misspelt partner search, no topic lost
    if named and _only_filters(tracker, text, entities, language):
        return "refine"  # "kun je alleen de goud-gelabelde tonen": the last search, one filter
    if placed_request(text, entities):
        return "partners"  # "empresas de máquina herramienta en el País Vasco"
    if not named and not refers_back(text) and not wants_any_place(text):
        return FORM_OF.get(bare_request(text, language) or "")
    return None


def _partners_on_calls_topic(tracker: Tracker, text: str) -> str | None:
    """The calls' topic for a partner request naming no topic right after a calls list ("welche
    Organisationen sind da aktiv?", "who could work on this with us?": no back-reference the
    context module knows, but partners asked right after calls are partners on their topic,
    :func:`~actions.dialogue.context.implicit_topic`), else None."""
    if requested_feature(text) != "find_partners":
        return None
    return implicit_topic(tracker, text, "find_partners")


def _form_asking(tracker: Tracker) -> bool:
    """Whether a search form is active (it rejected this message: a new request, not its answer,
    :func:`actions.dialogue.forms.new_request`)."""
    loop = tracker.active_loop if isinstance(tracker.active_loop, Mapping) else {}
    return bool(loop.get("name"))


#: Leaving the form that asked: the new request wins over it ("actually, what is the budget of
#: Euroclusters?" while the partner form asks for a topic).
_LEAVE_FORM = [ActiveLoop(None), SlotSet("requested_slot", None)]


def _on_partner_list(previous: Mapping[str, Any] | None) -> bool:
    """Whether the last search listed partners (a label alone then refines it)."""
    return previous is not None and previous.get("kind") == "partners"


def _named_search(tracker: Tracker, text: str, own_topic: bool) -> str | None:
    """``calls`` / ``partners`` for a request that names its feature (a noun, maybe misspelt, or
    a verb of working together) and a topic of its own, asks no question and names no
    instrument ("Cluster Excellence Programme budget" is about the programme)."""
    if not own_topic or is_question(text) or _names_instrument(tracker, text):
        return None
    feature = requested_feature(text) or misspelt_feature(text)
    return _SEARCH_OF.get(feature or "")


def _names_instrument(tracker: Tracker, text: str) -> bool:
    """Whether a message names a catalogue instrument (:func:`names_instrument`)."""
    return names_instrument(text, (tracker.latest_message or {}).get("entities") or [])


def _only_filters(
    tracker: Tracker, text: str, entities: list[Mapping[str, Any]], language: str | None
) -> bool:
    """Whether a message names filters and no topic of its own right after a partner search
    (a refinement NLU could not place: "only the gold-labelled ones", "just in Styria")."""
    previous = last_search(tracker)
    if (
        previous is None
        or previous["kind"] != "partners"
        or conversation_context(tracker) != "search"
    ):
        return False
    own = without_reference(without_swap_words(partner_request(text, entities).query))
    return not (own and names_a_topic(own, language))


def _conversation_instrument(tracker: Tracker) -> str | None:
    """The name of the instrument a follow-up is about, when the slot does not hold it yet."""
    if tracker.get_slot("instrument"):
        return None
    found = instrument_question(tracker)
    return found.name if found is not None else None


class ActionFollowUp(Action):
    """Answers an unplaced message from the conversation's context, else hands it on."""

    def name(self) -> str:
        return "action_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if is_guarded(tracker.latest_message):
            # an injection, an unknown command, a blob: the out-of-scope reply and nothing else
            return [SlotSet(FOLLOW_UP_SLOT, NOT_FACT)]
        intent, text, _ = message_parts(tracker)
        if intent in PERSON_INTENTS and asks_for_person(text):
            # "kan ik dit met een adviseur bespreken?" NLU was unsure of: the handoff asks
            # for consent next (data/rules/handoff.yml), not "did you mean".
            leave = _LEAVE_FORM if _form_asking(tracker) else []
            return [*leave, SlotSet(FOLLOW_UP_SLOT, "answered"), FollowupAction("handoff_form")]
        unsure = intent in UNSURE_INTENTS
        kind = unsure_kind(tracker) if unsure else follow_up_kind(tracker)
        leave = _LEAVE_FORM if kind is not None and _form_asking(tracker) else []
        return [*leave, *await self._answer(dispatcher, tracker, domain, kind, unsure)]

    async def _answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
        kind: str | None,
        unsure: bool,
    ) -> list[dict[str, Any]]:
        """Runs what ``kind`` names (see the module doc)."""
        if unsure and kind is None:
            # The fact cards answer what they can, else the FAQ / out-of-scope answer follows.
            return await ActionRouteFact().run(dispatcher, tracker, domain)
        if kind == "instrument":
            found = _conversation_instrument(tracker)
            if found is not None:
                tracker.slots["instrument"] = found  # after an FAQ answer: the one it named
            events = await ActionExplainInstrument().run(dispatcher, tracker, domain)
            before = [SlotSet("instrument", found)] if found is not None else []
            return [*before, *events, SlotSet(FOLLOW_UP_SLOT, "instrument")]
        if kind == "select":
            events = await ActionSelectResult().run(dispatcher, tracker, domain)
            return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]
        if kind == "more":
            events = await ActionShowMore().run(dispatcher, tracker, domain)
            return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]
        if kind == "calls":
            events = await ActionSearchCalls().run(dispatcher, tracker, domain)
            return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]
        if kind == "partners":
            _, text, _ = message_parts(tracker)
            carried = referred_topic(
                tracker, text, message_language(tracker)
            ) or _partners_on_calls_topic(tracker, text)
            # This message's topic (or the carried one) and filters, not an older search's;
            # right after calls, the place and sector of the partner list they followed.
            kept = kept_partner_filters(tracker, carried)
            for slot in ("partner_query", "country", "region", "sector", "label"):
                tracker.slots[slot] = kept.get(slot)
            tracker.slots["partner_query"] = carried
            events = await ActionSearchPartners().run(dispatcher, tracker, domain)
            return [*events, SlotSet(FOLLOW_UP_SLOT, "search")]
        if kind == "refine":
            events = await ActionRefineSearch().run(dispatcher, tracker, domain)
            if any(isinstance(e, Mapping) and e.get("name") == FOLLOW_UP_SLOT for e in events):
                return events  # answered from the fact cards: about an instrument now
            # "qualsiasi paese va bene" read as help: the rules end a help turn on "answered"
            # (on "search" the core fallback reverted the turn and its new list); the list just
            # shown stays the conversation's context (latest_context reads the search action)
            intent, _, _ = message_parts(tracker)
            done = "answered" if intent == "help" else "search"
            return [*events, SlotSet(FOLLOW_UP_SLOT, done)]
        if kind in _FORM_TOPIC:
            # A fact question NLU was unsure of is answered from the fact cards rather than by
            # a form asking for a topic ("welche Generaldirektion kümmert sich um Clusterpolitik");
            # a request that asks nothing ("notre PME voudrait des partenaires") gets the form.
            _, text, _ = message_parts(tracker)
            answered = answer_if_fact(dispatcher, tracker) if is_question(text) else None
            if answered is not None:
                return [*answered, SlotSet(FOLLOW_UP_SLOT, "instrument")]
            # data/rules/dialogue.yml opens the form on this value; the form asks for the topic.
            return [SlotSet(_FORM_TOPIC[kind], None), SlotSet(FOLLOW_UP_SLOT, kind)]
        intent, _, _ = message_parts(tracker)
        if intent == "help":
            dispatcher.utter_message(response="utter_help")
            return [SlotSet(FOLLOW_UP_SLOT, "answered")]
        # A fact question nothing earlier places ("is COSME the same as the Single Market
        # Programme?" below NLU's threshold): the fact routing answers it before "did you mean",
        # so the two-stage fallback does not start and the answer's instrument is kept.
        answered = answer_if_fact(dispatcher, tracker)
        if answered is not None:
            return [*answered, SlotSet(FOLLOW_UP_SLOT, "instrument")]
        return [SlotSet(FOLLOW_UP_SLOT, "unhandled")]
