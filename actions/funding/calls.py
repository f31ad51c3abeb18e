"""Call actions: search EU calls, page through them, describe one, say whether it is open.

Statuses are always computed with the services' clock (``Services.today``): a call whose
deadline has passed is never offered as open. The navigation actions of the conversation
(``action_show_more``, ``action_select_result``) call :func:`show_calls_page` and
:func:`describe_call` when ``last_search["kind"] == "calls"``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.context import (
    implicit_topic,
    kept_partner_filters,
    latest_context,
    referred_topic,
    topic_words,
)
from actions.dialogue.continuation import continues_results, loosens_results
from actions.dialogue.forms import names_calls, requested_feature
from actions.dialogue.guard import refuse_guarded
from actions.dialogue.handover import register, run_action
from actions.dialogue.instrument_follow_up import instrument_instead
from actions.dialogue.language import say_language_line
from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import has_topic
from actions.dialogue.placed_request import placed_request
from actions.dialogue.second_request import CALLS, answers_one_request
from actions.dialogue.texts import language_of
from actions.funding import replies
from actions.funding.instruments import ActionExplainInstrument, say_not_known, unknown_programme
from actions.funding.routing import answer_if_fact
from actions.services import Services, get_services
from contracts.limits import CALL_QUERY_CHARS
from contracts.state import LastSearch
from knowledge.calls import CallSearchResult
from knowledge.calls.query import parse_query
from knowledge.calls.request_frame import topic_text
from knowledge.calls.text import find_programme
from knowledge.calls.windows import CallWindow, read_window
from knowledge.multilingual import is_multilingual
from knowledge.topic_terms import glossary_terms
from taxonomy.text import fold

logger = logging.getLogger(__name__)

PAGE_SIZE = 5
#: Entities whose words are not about the topic (calls have no country or region filter).
_NON_TOPIC_ENTITIES = ("instrument", "country", "region", "ordinal", "feedback_value")
#: Filler words of call requests that the store's stop words do not cover.
_FILLER = frozenset(
    {"programme", "program", "programmes", "programs", "proposals", "proposal", "actually"}
)


@dataclass(frozen=True)
class CallRequest:
    """What to search: topic words and an optional programme filter.

    Attributes:
        query: Topic words (filler removed), space-separated; may be empty.
        programme: Programme code for the store (``HORIZON``, ``LIFE``...), or ``None``.
        programme_name: Its display name, for the reply.
    """

    query: str
    programme: str | None = None
    programme_name: str | None = None
    #: The deadline window and budget bounds the request wrote ("closing before March",
    #: "budget over 1 million": :func:`knowledge.calls.windows.read_window`), if any.
    window: CallWindow | None = None

    @property
    def empty(self) -> bool:
        """True when there is nothing to search for."""
        return not self.query and not self.programme

    def filters(self) -> dict[str, str]:
        """The filters as stored in ``last_search``."""
        found: dict[str, str] = {"programme": self.programme} if self.programme else {}
        if self.window is not None:
            found.update(self.window.filters())
        return found


def _spans(entities: Iterable[Mapping[str, Any]], names: tuple[str, ...]) -> list[tuple[int, int]]:
    return [
        (e["start"], e["end"])
        for e in entities
        if e.get("entity") in names
        and isinstance(e.get("start"), int)
        and isinstance(e.get("end"), int)
        and 0 <= e["start"] <= e["end"]
    ]


def _topic_words(text: str) -> str:
    return " ".join(t for t in parse_query(text).terms if t not in _FILLER)


def call_request(
    text: str | None,
    entities: Iterable[Any],
    instrument_slot: str | None = None,
    *,
    whole_text: bool = False,
    language: str | None = None,
    today: date | None = None,
) -> CallRequest:
    """Build the call search from a message. Pure function; never raises on any input.

    The ``instrument`` entity becomes a programme filter when it names a programme of the store
    (Horizon Europe, LIFE, Digital Europe, Single Market Programme...); other instruments stay in
    the topic words. Entity spans and filler words are removed from the topic. With neither topic
    words nor an entity, the ``instrument`` slot is used ("any calls for that?").

    Args:
        text: The user's message (may be empty, huge, or hold anything).
        entities: Rasa entities of that message.
        instrument_slot: The ``instrument`` slot's value, if any.
        whole_text: Keep the message's words as written (entity spans still removed) instead
            of the topic words: a message in another language is embedded by the multilingual
            encoder, which reads sentences; English stop-word rules do not apply to it.
        language: The message's language: with ``whole_text``, the request's frame words of
            that language ("Gibt es offene Ausschreibungen zur ...") are left out
            (:func:`knowledge.calls.request_frame.topic_text`; bench.calls_requests).
        today: The current date: the request's deadline window and budget bounds
            (:func:`knowledge.calls.windows.read_window`) are read from it. Their words are
            never topic words, with or without a date.

    Returns:
        The request.
    """
    raw = text[:CALL_QUERY_CHARS] if isinstance(text, str) else ""
    entities = [e for e in entities if isinstance(e, Mapping)]
    stripped = raw
    for start, end in sorted(_spans(entities, _NON_TOPIC_ENTITIES), reverse=True):
        stripped = stripped[:start] + " " + stripped[end:]
    window = read_window(stripped, today or _ANY_DAY)
    stripped = window.text  # "before March", "over 1 million": when and how much, not what
    # The window is applied to English topic words only: a request in another language is
    # ranked by meaning (the multilingual encoder), and inside a small window that ranking
    # still returns calls, of any topic (twelfth held-out set: an Italian satellite request
    # answered with one call of another topic). Its date words still leave the topic.
    window = None if window.empty or today is None or whole_text else window
    query = _topic_words(stripped)
    if whole_text and query:
        query = topic_text(" ".join(stripped.split()), language)[:CALL_QUERY_CHARS]
    named = next(
        (
            str(e["value"])
            for e in entities
            if e.get("entity") == "instrument" and isinstance(e.get("value"), str) and e["value"]
        ),
        None,
    )
    if named is None and not query and isinstance(instrument_slot, str):
        named = instrument_slot
    if named:
        programme = find_programme(named)
        if programme is not None:
            return CallRequest(query, programme.code, programme.name, window)
        # Not a programme of the portal (e.g. "Euroclusters"): search its name as words.
        query = " ".join(dict.fromkeys((*query.split(), *_topic_words(named).split())))
    return CallRequest(query, window=window)


#: The day a request's window words are read against when no date is given (their words are
#: left out of the topic all the same; no window is kept).
_ANY_DAY = date(2000, 1, 1)


def _store_and_clock(services: Services) -> tuple[Any, Any]:
    if services.calls is None:
        raise LookupError("the calls store is not loaded")
    return services.calls, services.today()


def search_text(store: Any, query: str, language: str | None) -> str:
    """The text a calls query is searched with: its short forms read as the calls define them.

    "h2" -> "hydrogen", "uav" -> "unmanned aerial vehicles", German "KI" -> "artificial
    intelligence" (:mod:`knowledge.calls.abbreviations`, mined from the store's calls).
    """
    if not query:
        return query
    terms = [m.term for m in glossary_terms(query, language)]
    said = set(fold(query).split())
    terms = [t for t in terms if not set(fold(t).split()) <= said]
    if terms:  # "autobuses", "vandenilio": the calls' own English words too (knowledge/topic_terms)
        query = " ".join([query, *terms])
    abbreviations = getattr(store, "abbreviations", None)
    if abbreviations is None:
        return query[:CALL_QUERY_CHARS]
    return abbreviations.expand(query, language)[:CALL_QUERY_CHARS]


def _search(
    services: Services, request: CallRequest, offset: int, language: str | None = None
) -> CallSearchResult:
    store, today = _store_and_clock(services)
    window = request.window or CallWindow("")
    return store.search(
        search_text(store, request.query, language) or None,
        today=today,
        programme=request.programme,
        budget_min=window.budget_min,
        budget_max=window.budget_max,
        deadline_from=window.deadline_from,
        deadline_to=window.deadline_to,
        k=PAGE_SIZE,
        offset=offset,
        rank_hook=services.calls_rank_hook(language) if request.query else None,
    )


def _last_search(
    request: CallRequest, result: CallSearchResult, offset: int, language: str | None = None
) -> LastSearch:
    last: LastSearch = {
        "kind": "calls",
        "query": request.query,
        "filters": request.filters(),
        "offset": offset,
        "ids": [hit.call.id for hit in result.items],
        "page_size": PAGE_SIZE,
    }
    if is_multilingual(language) and language:
        last["language"] = language
    return last


def unnamed_topic(
    store: Any, query: str, language: str | None, result: CallSearchResult
) -> tuple[str, ...]:
    """The topic's specific words when none of the calls shown names them, else ``()``.

    The ranking puts the calls that name them first (:mod:`knowledge.calls.topic_mention`), so
    when the first page names none, no open or forthcoming call does: the reply says so instead
    of presenting the closest calls as a match (issue 13 part 1, session 17).
    """
    mentions = getattr(store, "mentions", None)
    if mentions is None or not result.items or not query:
        return ()
    try:
        topic = mentions.topic(search_text(store, query, language), language)
        named = mentions.mentioning(topic)
    except Exception:  # a reply without the line is still right
        logger.exception("topic mention check failed for %r", query)
        return ()
    if not topic or any(hit.call.id in named for hit in result.items):
        return ()
    return tuple(sorted(topic))


def _send_page(
    dispatcher: CollectingDispatcher,
    request: CallRequest,
    result: CallSearchResult,
    offset: int,
    today: Any,
    lang: str = "en",
    unnamed: tuple[str, ...] = (),
) -> None:
    # Text and cards in one message (see actions/partners/search.py).
    dispatcher.utter_message(
        text=replies.calls_text(
            result, request.query, request.programme_name, today, offset, lang, unnamed
        ),
        json_message=replies.calls_payload(
            result, request.query, request.filters(), offset, language=lang
        ),
    )


def _said_not_known(
    dispatcher: CollectingDispatcher, text: Any, lang: str = "en", language: str | None = None
) -> bool:
    """Answers "I don't know" for a message about a programme nothing knows (no calls search).

    ``lang`` is the reply language, ``language`` the message's own (it picks the answerer).
    """
    try:
        services = get_services()
    except Exception:  # the search below reports it
        return False
    answerer = services.fact_answerer(language)
    if not isinstance(text, str) or answerer is None or services.instruments is None:
        return False
    name = unknown_programme(text, answerer, language)
    if name is None:
        return False
    say_not_known(dispatcher, services.instruments, answerer, text, name, lang, language)
    return True


def _today() -> date | None:
    """The services' clock, or None when the services cannot be had (no window is read)."""
    try:
        return get_services().today()
    except Exception:
        return None


def _request_in_context(tracker: Tracker, message: Mapping[str, Any]) -> CallRequest:
    """The call search for the latest message, completed from the conversation.

    "any open calls on that topic?" searches the topic of the last search (partners or calls);
    "any calls for that?" right after an instrument answer searches that instrument's programme;
    a message with no topic of its own (a refinement, the answer "yes") keeps the form's topic.
    """
    slot = tracker.get_slot("instrument")
    instrument = slot if isinstance(slot, str) else None
    text = message.get("text")
    said = text if isinstance(text, str) else None
    last = tracker.get_slot("last_search")
    if loosens_results(tracker) == "calls" and isinstance(last, Mapping):
        # "any programme is fine" after calls: the same topic, no programme filter
        return CallRequest(str(last.get("query") or ""))
    # "on that topic", or a calls request naming nothing right after a partner search
    carried = referred_topic(tracker, said) or implicit_topic(tracker, said, "find_calls")
    if carried is not None or latest_context(tracker) == "search":
        instrument = None  # "it" is the last result list, not an instrument asked about earlier
    language = message_language(tracker)  # an undecided "wasserstoff h2": the conversation's
    request = call_request(
        text,
        message.get("entities") or [],
        instrument,
        whole_text=is_multilingual(language),
        language=language,
        today=_today(),
    )
    if carried is not None:
        return CallRequest(carried, request.programme, request.programme_name)
    topic = tracker.get_slot("call_topic")
    if request.empty and isinstance(topic, str) and has_topic(topic_words(topic)):
        return CallRequest(topic_words(topic))
    return request


@register
class ActionSearchCalls(Action):
    """Finds open and forthcoming calls for the latest message; text plus ``call_results``."""

    def name(self) -> str:
        return "action_search_calls"

    @answers_one_request(CALLS)
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if refuse_guarded(dispatcher, tracker):
            return []
        instrument = instrument_instead(tracker)
        if instrument is not None:
            # "è ancora aperto?" right after an answer about a programme: about the programme
            tracker.slots["instrument"] = instrument.name
            events = await ActionExplainInstrument().run(dispatcher, tracker, domain)
            return [SlotSet("instrument", instrument.name), *events]
        partner_topic = _partners_instead(tracker)
        if partner_topic is not None:
            # "who could we team up with on this?" after calls, read by NLU as a calls request:
            # partners on the calls' topic
            # the place and sector of the partner list the calls followed, if any
            kept = kept_partner_filters(tracker, partner_topic)
            for slot in ("country", "region", "sector", "label"):
                tracker.slots[slot] = kept.get(slot)
            tracker.slots["partner_query"] = partner_topic
            events = await run_action("action_search_partners", dispatcher, tracker, domain)
            if events is not None:
                return [SlotSet("partner_query", partner_topic), *events]
        if _refines_partner_list(tracker):
            # "und für textilien?" after a partner list, read by NLU as a calls request: the
            # partner list with the new topic (actions.dialogue.continuation)
            events = await run_action("action_refine_search", dispatcher, tracker, domain)
            if events is not None:
                return events
        if _organisations_sought(tracker):
            # "space data and satellite applications organisations in the UK": a place, a topic
            # and organisations, no call named: partners, whatever NLU ranked first
            kept = kept_partner_filters(tracker, None)
            for slot in ("partner_query", "country", "region", "sector", "label"):
                tracker.slots[slot] = kept.get(slot)
            events = await run_action("action_search_partners", dispatcher, tracker, domain)
            if events is not None:
                return events
        lang = language_of(tracker)
        say_language_line(dispatcher, tracker)
        routed = answer_if_fact(dispatcher, tracker)
        if routed is not None:  # a fact question NLU took for a calls request
            return routed
        message = tracker.latest_message or {}
        request = _request_in_context(tracker, message)
        if request.empty:
            dispatcher.utter_message(text=replies.ask_call_topic_text(lang))
            return []
        language = message_language(tracker)
        if _said_not_known(dispatcher, message.get("text"), lang, language):
            return []
        try:
            services = get_services()
            result = _search(services, request, 0, language)
            if request.window is not None and not _topic_in_window(request, result):
                # nothing of the topic in the window: the calls of the topic, their deadlines
                # shown, and the payload's filters without the window that was not applied
                request = replace(request, window=None)
                result = _search(services, request, 0, language)
            today = result.today or services.today()
        except Exception:
            logger.exception("call search failed for %r", request)
            dispatcher.utter_message(text=replies.calls_unavailable_text(lang))
            return []
        unnamed = unnamed_topic(services.calls, request.query, language, result)
        _send_page(dispatcher, request, result, 0, today, lang, unnamed)
        return [SlotSet("last_search", _last_search(request, result, 0, language))]


def _topic_in_window(request: CallRequest, result: CallSearchResult) -> bool:
    """Whether a search inside a deadline window or budget bounds found calls OF THE TOPIC: some,
    and every topic word matched (``match == "all"``). A small window leaves the store's
    fallback (calls matching any word, or ranked by meaning alone) calls that are not about the
    topic at all (twelfth held-out set: an ocean and a satellite request answered with one call
    of neither)."""
    if not result.items:
        return False
    return not request.query or result.match == "all"


def _partners_instead(tracker: Tracker) -> str | None:
    """The last call search's topic when a calls request names partners and no call of its own
    (:func:`actions.dialogue.forms.requested_feature`) and refers to that topic, else None."""
    last = tracker.get_slot("last_search")
    text = (tracker.latest_message or {}).get("text") or ""
    if not isinstance(last, Mapping) or last.get("kind") != "calls":
        return None
    if requested_feature(text) != "find_partners":
        return None
    return referred_topic(tracker, text) or implicit_topic(tracker, text, "find_partners")


def _organisations_sought(tracker: Tracker) -> bool:
    """Whether a calls request asks for organisations of a topic in a place and names no call
    (:func:`actions.dialogue.placed_request.placed_request`)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    entities = [e for e in message.get("entities") or [] if isinstance(e, Mapping)]
    return not names_calls(text) and placed_request(text, entities)


def _refines_partner_list(tracker: Tracker) -> bool:
    """Whether a calls request is a continuation of the partner list just shown (it names no
    call: :func:`actions.dialogue.continuation.continues_results`)."""
    last = tracker.get_slot("last_search")
    if loosens_results(tracker) == "partners":
        return True  # "any country is fine": the partner list (after calls: the one before)
    if not isinstance(last, Mapping) or last.get("kind") != "partners":
        return False
    return continues_results(tracker)


async def show_calls_page(
    dispatcher: CollectingDispatcher, tracker: Tracker, last_search: dict, offset: int
) -> list:
    """Show the calls page starting at ``offset`` of a previous call search.

    Called by the navigation action ``action_show_more`` when ``last_search["kind"] == "calls"``.

    Args:
        dispatcher: Where the text and the ``call_results`` payload go.
        tracker: The conversation (its language).
        last_search: The ``last_search`` slot written by :class:`ActionSearchCalls`.
        offset: Index of the first call to show (e.g. ``last_search["offset"] + page_size``).

    Returns:
        ``[SlotSet("last_search", ...)]`` with the new offset and shown ids, or ``[]`` when there
        was nothing to show or the search failed (the user got a sentence either way).
    """
    lang = language_of(tracker)
    if not isinstance(last_search, Mapping) or last_search.get("kind") != "calls":
        dispatcher.utter_message(text=replies.which_call_text(lang))
        return []
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        offset = 0
    filters = last_search.get("filters") if isinstance(last_search.get("filters"), Mapping) else {}
    code = filters.get("programme") if isinstance(filters.get("programme"), str) else None
    programme = find_programme(code) if code else None
    query = last_search.get("query") if isinstance(last_search.get("query"), str) else ""
    language = last_search.get("language")
    language = language if isinstance(language, str) and is_multilingual(language) else None
    request = CallRequest(
        query[:CALL_QUERY_CHARS] if language else _topic_words(query),
        programme.code if programme else None,
        programme.name if programme else None,
        CallWindow.from_filters(filters),  # "more" keeps "closing before March"
    )
    try:
        services = get_services()
        result = _search(services, request, offset, language)
        today = result.today or services.today()
    except Exception:
        logger.exception("call paging failed for %r at offset %s", last_search, offset)
        dispatcher.utter_message(text=replies.calls_unavailable_text(lang))
        return []
    _send_page(dispatcher, request, result, offset, today, lang)
    if not result.items:
        return []
    return [SlotSet("last_search", _last_search(request, result, offset, language))]


def describe_call(dispatcher: CollectingDispatcher, call_id: str, lang: str = "en") -> list:
    """Describe one call (status today, deadlines, budget, portal link).

    Called by the navigation action ``action_select_result`` for call results.

    Args:
        dispatcher: Where the text and a one-item ``call_results`` payload go.
        call_id: The topic id, e.g. ``HORIZON-CL5-2027-04-D2-07``.
        lang: The conversation's language.

    Returns:
        ``[SlotSet("selected_id", id)]``, or ``[]`` when the call is unknown or the store failed.
    """
    if not isinstance(call_id, str) or not call_id.strip():
        dispatcher.utter_message(text=replies.which_call_text(lang))
        return []
    try:
        services = get_services()
        store, today = _store_and_clock(services)
        call = store.get(call_id)
    except Exception:
        logger.exception("describing call %r failed", call_id)
        dispatcher.utter_message(text=replies.calls_unavailable_text(lang))
        return []
    if call is None:
        dispatcher.utter_message(text=replies.unknown_call_text(call_id, lang))
        return []
    dispatcher.utter_message(text=replies.call_detail_text(call, today, store.as_of, lang))
    dispatcher.utter_message(
        json_message=replies.call_detail_payload(call, today, store.as_of, language=lang)
    )
    return [SlotSet("selected_id", call.id)]


class ActionCallStatus(Action):
    """Answers "is it still open?" for the selected call, or the first one last shown."""

    def name(self) -> str:
        return "action_call_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        if latest_context(tracker) == "instrument" and tracker.get_slot("instrument"):
            # "is it still running?" right after an instrument answer is about the instrument.
            return await ActionExplainInstrument().run(dispatcher, tracker, domain)
        say_language_line(dispatcher, tracker)
        candidates: list[str] = []
        selected = tracker.get_slot("selected_id")
        if isinstance(selected, str) and selected.strip():
            candidates.append(selected.strip())
        last = tracker.get_slot("last_search")
        if isinstance(last, Mapping) and last.get("kind") == "calls":
            ids = last.get("ids")
            if isinstance(ids, list) and ids and isinstance(ids[0], str):
                candidates.append(ids[0])
        if not candidates:
            dispatcher.utter_message(text=replies.which_call_text(lang))
            return []
        try:
            services = get_services()
            store, today = _store_and_clock(services)
            found = next((c for c in (store.get(cid) for cid in candidates) if c), None)
        except Exception:
            logger.exception("call status failed for %r", candidates)
            dispatcher.utter_message(text=replies.calls_unavailable_text(lang))
            return []
        if found is None:
            dispatcher.utter_message(text=replies.unknown_call_text(candidates[0], lang))
            return []
        dispatcher.utter_message(text=replies.call_status_text(found, today, store.as_of, lang))
        return [SlotSet("selected_id", found.id)]
