"""Follow-ups on the last result list: refine, show more, describe one, find similar.

They read the ``last_search`` slot (docs/conversation.md). Partner lists are handled here; for
call lists they hand over to ``actions.funding.calls`` (``show_calls_page``, ``describe_call``,
``action_search_calls``), imported lazily so this module works without it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import i18n
from actions.dialogue.context import (
    FOLLOW_UP_SLOT,
    latest_context,
    names_a_topic,
    partner_search_before_calls,
    without_reference,
)
from actions.dialogue.continuation import PARTNER_FILTERS, asks_for_new_topic
from actions.dialogue.handover import register
from actions.dialogue.labels import level_alone, with_text_label
from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import (
    contrast_cut,
    entity_values,
    has_topic,
    loosened_filters,
    partner_request,
    split_exclusions,
    wants_any_place,
)
from actions.dialogue.references import (
    last_search,
    made_current,
    meant_list,
    partner_filters,
    pointed,
    position_of,
    well_formed,
)
from actions.dialogue.shown_names import named_by_name
from actions.dialogue.texts import language_of
from actions.funding.calls import ActionSearchCalls, describe_call, show_calls_page
from actions.funding.instruments import ActionExplainInstrument
from actions.funding.routing import answer_if_fact
from actions.partners import replies
from actions.partners.search import DROPPABLE_FILTERS, PAGE_SIZE, search_partners, show_partner_page
from actions.services import get_services
from contracts.limits import CHAT_QUERY_CHARS
from knowledge.filters import check_country, normalise_label, normalise_sector
from knowledge.partners.query import PartnerFilters
from taxonomy.loosening import without_swap_words
from taxonomy.turns import names_more

logger = logging.getLogger(__name__)

MAX_SHOWN = 100
#: Entities that make a message a refinement of the last search, whatever came before.
_FILTER_ENTITIES = frozenset({"country", "region", "sector", "label", "drop_filter"})
#: Entities that name a topic (left out of a "not X but Y" message's search when they are X).
_TOPIC_ENTITIES = frozenset({"sector", "technology"})


def _position(
    dispatcher: CollectingDispatcher, tracker: Tracker, last: Mapping[str, Any]
) -> str | None:
    """The id the user points at ("the second one", "le deuxième", "the one in Bilbao":
    :func:`actions.dialogue.references.pointed`), or ``None`` after saying why not."""
    chosen, named = pointed(tracker, last)
    if chosen is not None:
        return chosen
    ids = last["ids"]
    if not named:
        selected = tracker.get_slot("selected_id")
        if isinstance(selected, str) and selected in ids:
            return selected
        if len(ids) == 1:
            return ids[0]
    dispatcher.utter_message(text=replies.bad_position_text(len(ids), language_of(tracker)))
    return None


@register
class ActionRefineSearch(Action):
    """ "and in Italy?", "any country", "only gold-labelled ones", "hydrogen storage": re-runs
    the last search with it; the ``drop_filter`` button re-runs it without one filter."""

    def name(self) -> str:
        return "action_refine_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        message = tracker.latest_message or {}
        entities = with_text_label(message.get("text"), message.get("entities") or [])
        if (
            latest_context(tracker) == "instrument"
            and tracker.get_slot("instrument")
            and not {e.get("entity") for e in entities} & _FILTER_ENTITIES
        ):
            # "how do we apply for it?" right after an instrument answer: about the instrument.
            return await ActionExplainInstrument().run(dispatcher, tracker, domain)
        if named_by_name(tracker) is not None:
            # "and Aerospace Valley?" read as a refinement: that shown result, not a new search
            return await ActionSelectResult().run(dispatcher, tracker, domain)
        # A question NLU read as a refinement ("which DG is in charge of clusters?" after a
        # search): the fact routing every search path asks (one owner, actions.funding.routing).
        filtered = {e.get("entity") for e in entities} & _FILTER_ENTITIES
        # "any country is fine", "vergiss das Label": filters let go (taxonomy.loosening)
        loose = loosened_filters(message.get("text"))
        routed = None
        if not filtered and not wants_any_place(message.get("text") or "") and not loose:
            routed = answer_if_fact(dispatcher, tracker, refining=True)
        if routed is not None:
            return [*routed, SlotSet(FOLLOW_UP_SLOT, "instrument")]  # as action_route_fact
        last = last_search(tracker)
        if last is not None and last["kind"] == "calls":
            # "any country is fine" after calls: the partner list they followed, loosened
            before = partner_search_before_calls(tracker) if loose & PARTNER_FILTERS else None
            if before is None:
                return await ActionSearchCalls().run(dispatcher, tracker, domain)
            last = well_formed(before)

        text = message.get("text") or ""
        # "not agri-food, rather maritime", "nicht Logistik, sondern Wasser": the topic left out
        # is neither searched nor kept as the sector; what follows the contrast is the new one.
        cut = contrast_cut(text) if not text.startswith("/") else None
        left_out = [e for e in entities if cut is not None and _before(e, cut)]
        entities = [e for e in entities if e not in left_out]
        request = (
            partner_request(text, entities)
            if cut is None
            else partner_request(text[cut:], _shifted(entities, cut))
        )
        # "et en Pologne ?", "hoe zit dat in Duitsland": the message's own function, request and
        # back-reference words name no topic.
        language = message_language(tracker)
        new_topic = (
            not loose
            and level_alone(text) is None  # "lieber Silber": the label level, no topic
            and has_topic(without_swap_words(request.query), language)
            and names_a_topic(without_reference(without_swap_words(request.query)), language)
        )
        similar = last.get("similar_to") if last is not None else None
        if isinstance(similar, str) and (loose or wants_any_place(text)) and not new_topic:
            # "any country is fine" after "similar to the second one": the same similar search
            # without that filter, its other filters kept (a new search lost the sector)
            return _similar_loosened(dispatcher, last, similar, loose, text, lang)
        previous = last if last is not None and not last.get("similar_to") else None
        if previous is None and not new_topic and not entities:
            dispatcher.utter_message(text=replies.ask_partner_need_text(lang))
            return []

        base = dict(previous["filters"]) if previous else {}
        kept = [e for e in entities if isinstance(e, Mapping)]
        # "and not in Germany?", "sauf la France": places to leave out, not to search in.
        places, excluded = (
            split_exclusions(text, kept) if not text.startswith("/") else (kept, None)
        )
        if excluded is not None and (excluded.countries or excluded.region):
            merged = {*(base.get("exclude_country") or "").split(","), *excluded.countries}
            base["exclude_country"] = ",".join(sorted(merged - {""})) or None
            if excluded.region:
                base["exclude_region"] = excluded.region
            if base.get("country") in merged:
                base.pop("country", None)
                base.pop("region", None)
        if excluded is not None and excluded.sectors:
            # "and no aerospace ones?", "sauf l'aéronautique": sectors to leave out
            left = {*(base.get("exclude_sector") or "").split(","), *excluded.sectors}
            base["exclude_sector"] = ",".join(sorted(left - {""}))
            if base.get("sector") in left:
                base.pop("sector", None)
        countries = entity_values(places, "country")
        regions = entity_values(places, "region")
        sectors = entity_values(places, "sector")
        labels = [x for x in map(normalise_label, entity_values(entities, "label")) if x]
        if "label" in loose:
            labels = []  # "without the gold requirement" names the level it lets go
        for name in [*entity_values(entities, "drop_filter"), *sorted(loose)]:
            if name in DROPPABLE_FILTERS:
                base.pop(name, None)
        if wants_any_place(text):
            base.pop("country", None)
            base.pop("region", None)
        if countries:
            check = check_country(countries[0][:CHAT_QUERY_CHARS])
            if check.code is None:
                dispatcher.utter_message(
                    text=replies.unknown_country_text(countries[0], check.suggestion, lang)
                )
                return []
            base["country"] = check.code
            if not regions:
                base.pop("region", None)
        if regions:
            base["region"] = regions[0][:100]
            if not countries:  # the region's own country ("Madrid": ES), or none
                base["country"] = request.filters.country
        if sectors and normalise_sector(sectors[0]):
            base["sector"] = normalise_sector(sectors[0])
        elif (
            new_topic
            and previous is not None
            and not (countries or regions or labels)
            and asks_for_new_topic(text)
        ):
            # "et pour le bois ?" after aerospace clusters: the new topic replaces the old one,
            # and the old topic's sector and technology go with it (a message that also names
            # a place or a label refines the list: "only the gold-labelled ones" keeps it)
            base.pop("sector", None)
            base.pop("technology", None)
        if cut is not None and not sectors and (left_out or new_topic):
            base.pop("sector", None)  # "pas le textile mais plutôt l'eau": the sector left out
            base.pop("technology", None)
        if labels:
            base["label"] = labels[0]
        if (
            previous is not None
            and not new_topic
            and (countries or regions)
            and base == dict(previous["filters"])
            and names_more(text)
        ):
            # "any more in Italy?" after Italian results: the next page, never the same again
            return await ActionShowMore().run(dispatcher, tracker, domain)
        query = request.query if new_topic or previous is None else previous["query"]
        language = search_language(language, previous, carried=not new_topic)
        if len(countries) > 1:
            # "sorry, I meant Spain or Portugal": the first country named that has results
            base["country"] = _first_with_results(countries, base, query, language)
        filters = partner_filters({"filters": base})
        return await search_partners(dispatcher, query, filters, lang, language, refining=True)


def _similar_loosened(
    dispatcher: CollectingDispatcher,
    last: Mapping[str, Any],
    similar: str,
    loose: set[str] | frozenset[str],
    text: str,
    lang: str,
) -> list[dict[str, Any]]:
    """The similar list ``last`` again from its first page, without the filters let go."""
    base = dict(last.get("filters") or {})
    for name in loose:
        if name in DROPPABLE_FILTERS:
            base.pop(name, None)
    if wants_any_place(text):
        base.pop("country", None)
        base.pop("region", None)
    try:
        result = get_services().partners.similar_to(
            similar, partner_filters({"filters": base}), k=PAGE_SIZE, offset=0
        )
    except Exception:
        logger.exception("loosened similar search failed for %r", similar)
        dispatcher.utter_message(text=replies.search_failed_text(lang))
        return []
    return list(show_partner_page(dispatcher, result, lang=lang, similar_to=similar))


def search_language(
    language: str | None, previous: Mapping[str, Any] | None, *, carried: bool
) -> str | None:
    """The language whose encoder searches a refinement.

    The query kept from the search being refined ("und in Österreich?" after "clusters for
    electric vehicles in France"; "and Belgium?" after a German search) is searched as it was
    first searched, in its own language (``None``: English), whatever language the refinement is
    written in: the English encoder reads German words badly, so a switch to English lost the
    topic. A first search whose language was not told (English, or undetected) is searched in
    the refinement's language when it has one: the multilingual encoders read English as well.
    A new topic is searched in the message's language, else the previous search's.
    """
    before = previous.get("language") if isinstance(previous, Mapping) else None
    before = before if isinstance(before, str) else None
    if carried and previous is not None and previous.get("query"):
        # the multilingual encoder reads English too: it wins whichever side names a language
        return before or language
    return language or before


def _first_with_results(
    countries: list[str], base: Mapping[str, Any], query: str, language: str | None
) -> str | None:
    """The first of the countries a refinement names ("Spain or Portugal") whose search with
    the other filters kept has results, else the first one (its empty list says so)."""
    codes = [c for c in (check_country(n[:CHAT_QUERY_CHARS]).code for n in countries) if c]
    for code in codes:
        try:
            found = (
                get_services()
                .partner_searcher(language)
                .search(
                    query, partner_filters({"filters": {**base, "country": code}}), k=1, offset=0
                )
            )
        except Exception:  # the search itself reports a failure
            break
        if found.total:
            return code
    return codes[0] if codes else base.get("country")


def _before(entity: Mapping[str, Any], cut: int) -> bool:
    """Whether a topic entity (a sector, a technology) ends before ``cut``: the part of a "not X
    but Y" message that is left out (:func:`~actions.dialogue.parsing.contrast_cut`)."""
    end = entity.get("end")
    return entity.get("entity") in _TOPIC_ENTITIES and isinstance(end, int) and end <= cut


def _shifted(entities: list[Mapping[str, Any]], cut: int) -> list[Mapping[str, Any]]:
    """The entities of ``text[cut:]``, their spans counted from ``cut``."""
    out: list[Mapping[str, Any]] = []
    for e in entities:
        start, end = e.get("start"), e.get("end")
        if isinstance(start, int) and isinstance(end, int) and start >= cut:
            out.append({**e, "start": start - cut, "end": end - cut})
    return out


class ActionShowMore(Action):
    """ "show me more": the next page of the last result list."""

    def name(self) -> str:
        return "action_show_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        last = last_search(tracker)
        if last is None:
            dispatcher.utter_message(text=replies.nothing_to_page_text(lang))
            return []
        offset = last["offset"] + last["page_size"]
        if last["kind"] == "calls":
            return await show_calls_page(dispatcher, tracker, last, offset)
        total = last.get("total")
        if (isinstance(total, int) and offset >= total) or offset >= MAX_SHOWN:
            dispatcher.utter_message(
                text=replies.no_more_results_text(min(offset, total or 0), lang)
            )
            return []
        language = last.get("language") if isinstance(last.get("language"), str) else None
        searcher = get_services().partner_searcher(language)  # the first page's encoder
        try:
            if isinstance(last.get("similar_to"), str):
                result = searcher.similar_to(
                    last["similar_to"], partner_filters(last), k=PAGE_SIZE, offset=offset
                )
            else:
                result = searcher.search(
                    last["query"], partner_filters(last), k=PAGE_SIZE, offset=offset
                )
        except Exception:
            logger.exception("show more failed for %r", last)
            dispatcher.utter_message(text=replies.search_failed_text(lang))
            return []
        if not result.matches:
            dispatcher.utter_message(text=replies.no_more_results_text(result.total, lang))
            return []
        extra: dict[str, Any] = {"similar_to": last["similar_to"]} if last.get("similar_to") else {}
        if language:
            extra["language"] = language
        reasons = last.get("reasons") if isinstance(last.get("reasons"), Mapping) else None
        return show_partner_page(
            dispatcher,
            result,
            previous_ids=last["ids"],
            lang=lang,
            previous_reasons=reasons,
            **extra,
        )


@register
class ActionSelectResult(Action):
    """ "tell me more about the second one": everything known about that result."""

    def name(self) -> str:
        return "action_select_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        last, returned = meant_list(tracker)  # "the first cluster" after a calls list
        if last is None:
            dispatcher.utter_message(text=replies.nothing_to_page_text(lang))
            return []
        chosen = _position(dispatcher, tracker, last)
        if chosen is None:
            return []
        current = made_current(last, returned)
        if last["kind"] == "calls":
            return [*current, *describe_call(dispatcher, chosen, lang)]  # sets selected_id
        profile = get_services().partners.index.profile(chosen)
        if profile is None:
            dispatcher.utter_message(text=i18n.text("dialogue.result_gone", lang))
            return []
        position = position_of(chosen, last)
        dispatcher.utter_message(text=replies.profile_text(profile, position, lang))
        dispatcher.utter_message(json_message=replies.profile_payload(profile))
        return [*current, SlotSet("selected_id", chosen)]


class ActionFindSimilar(Action):
    """ "more like number 2": partners similar to one shown result, within the same filters."""

    def name(self) -> str:
        return "action_find_similar"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        last = last_search(tracker)
        if last is None:
            dispatcher.utter_message(text=replies.nothing_to_page_text(lang))
            return []
        if last["kind"] != "partners":
            dispatcher.utter_message(text=i18n.text("dialogue.similar_needs_partners", lang))
            return []
        chosen = _position(dispatcher, tracker, last)
        if chosen is None:
            return []
        filters = partner_filters(last)
        message = tracker.latest_message or {}
        entities = message.get("entities") or []
        countries = entity_values(entities, "country")
        if wants_any_place(message.get("text")):
            filters = PartnerFilters(sector=filters.sector, label=filters.label)
        if countries:
            check = check_country(countries[0])
            if check.code is None:
                dispatcher.utter_message(
                    text=replies.unknown_country_text(countries[0], check.suggestion, lang)
                )
                return []
            filters = PartnerFilters(country=check.code, sector=filters.sector, label=filters.label)
        try:
            result = get_services().partners.similar_to(chosen, filters, k=PAGE_SIZE, offset=0)
        except Exception:
            logger.exception("similar search failed for %r", chosen)
            dispatcher.utter_message(text=replies.search_failed_text(lang))
            return []
        return [
            SlotSet("selected_id", chosen),
            *show_partner_page(dispatcher, result, lang=lang, similar_to=chosen),
        ]
