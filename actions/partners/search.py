"""Partner search actions: semantic search over cluster profiles with exact filters.

``action_search_partners`` runs after ``partner_search_form`` (which makes sure there is a topic);
it reads the topic and the filter slots (country, region, sector, excellence label), validates
them again (a user can type ``/find_partners{"country": "XX"}``), shows one page and remembers it
in ``last_search``. When a filter left nothing, a button offers the same search without it
(``/inform{"drop_filter": "<name>"}``, handled by ``action_refine_search``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.forms import declined, requested_feature
from actions.dialogue.guard import refuse_guarded
from actions.dialogue.handover import register, run_action
from actions.dialogue.instrument_follow_up import instrument_instead
from actions.dialogue.language import say_language_line
from actions.dialogue.message_language import message_language
from actions.dialogue.parsing import (
    has_topic,
    loosened_filters,
    partner_request,
    topic_query,
    visible_text,
)
from actions.dialogue.request_words import ORGANISATIONS_SOUGHT
from actions.dialogue.second_request import PARTNERS, answers_one_request
from actions.dialogue.texts import language_of
from actions.funding.instruments import ActionExplainInstrument
from actions.funding.routing import answer_if_fact
from actions.partners import replies
from actions.services import get_services
from contracts.limits import CHAT_QUERY_CHARS
from contracts.state import LastSearch
from i18n import text
from knowledge.filters import check_country, normalise_label, normalise_sector
from knowledge.multilingual import is_multilingual
from knowledge.partners.query import PartnerFilters
from knowledge.partners.results import PartnerSearchResult
from taxonomy.text import fold

logger = logging.getLogger(__name__)

PAGE_SIZE = 5
MAX_FILTER_CHARS = 100


def _text(value: Any, limit: int = MAX_FILTER_CHARS) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())[:limit]
    return value or None


def filters_from_slots(
    tracker: Tracker, dispatcher: CollectingDispatcher
) -> tuple[PartnerFilters, bool]:
    """Exact filters from the ``country``, ``region``, ``sector`` and ``label`` slots, validated.

    Returns:
        The filters and whether they are usable (False after telling the user that a country
        is not recognised, with the closest name when there is one).
    """
    country = _text(tracker.get_slot("country"))
    region = _text(tracker.get_slot("region"))
    sector = _text(tracker.get_slot("sector"))
    label = normalise_label(_text(tracker.get_slot("label")))
    loose = loosened_filters((tracker.latest_message or {}).get("text"))
    if "country" in loose:
        country = region = None  # "any country is fine", "obojętnie gdzie"
    if "label" in loose:
        label = None  # "forget the label", "egal welches Siegel"
    if "sector" in loose:
        sector = None  # "all sectors", "alle Branchen"
    if country is not None:
        check = check_country(country)
        if check.code is None:
            dispatcher.utter_message(
                text=replies.unknown_country_text(country, check.suggestion, language_of(tracker))
            )
            return PartnerFilters(), False
        country = check.code
    if sector is not None:
        sector = normalise_sector(sector)  # an unknown sector stays in the text, not a filter
    return PartnerFilters(country=country, region=region, sector=sector, label=label), True


def with_exclusions(filters: PartnerFilters, said: PartnerFilters) -> PartnerFilters:
    """``filters`` with the places and sectors the message names to leave out (``said``'s
    ``exclude_country`` / ``exclude_region`` / ``exclude_sector``): an excluded country, region
    or sector is never also the one searched in, even when a slot remembers it ("not in Germany"
    fills the ``country`` slot with DE through its entity, "except aerospace" the ``sector``
    slot)."""
    excluded = set((said.exclude_country or "").split(",")) - {""}
    country, region, sector = filters.country, filters.region, filters.sector
    if sector in set((said.exclude_sector or "").split(",")):
        sector = None
    if country in excluded:
        country = None
    if region and said.exclude_region and fold(region) == fold(said.exclude_region):
        region = None
    if country is None and region is not None and filters.country in excluded:
        region = None  # the slot's region lay in the excluded country
    return replace(
        filters,
        country=country,
        region=region,
        sector=sector,
        exclude_country=said.exclude_country,
        exclude_region=said.exclude_region,
        exclude_sector=said.exclude_sector,
    )


def last_search_of(result: PartnerSearchResult, **extra: Any) -> LastSearch:
    """The ``last_search`` slot value for a partner result page (docs/conversation.md)."""
    return {
        "kind": "partners",
        "query": result.query,
        "filters": result.filters.to_dict(),
        "offset": result.offset,
        "ids": [match.profile.id for match in result.matches],
        "page_size": PAGE_SIZE,
        "total": result.total,
        **extra,
    }


DROPPABLE_FILTERS = (
    "country",
    "region",
    "sector",
    "technology",
    "label",
    "exclude_country",
    "exclude_region",
    "exclude_sector",
)


def drop_filter_offer(name: str, lang: str = "en") -> dict[str, Any]:
    """The button that re-runs an empty search without the filter that emptied it."""
    said = text(f"partners.filter_name_{name}", lang)
    return {
        "text": text("partners.drop_filter_offer", lang, name=said),
        "buttons": [
            {
                "title": text("partners.drop_filter_button", lang, name=said),
                "payload": f'/inform{{"drop_filter": "{name}"}}',
            }
        ],
    }


def show_partner_page(
    dispatcher: CollectingDispatcher,
    result: PartnerSearchResult,
    previous_ids: list[str] | None = None,
    *,
    lang: str = "en",
    previous_reasons: Mapping[str, Any] | None = None,
    **extra: Any,
) -> list[dict[str, Any]]:
    """Sends one page (text, ``partner_results`` payload, feedback question); returns events.

    ``previous_ids`` are the ids shown on earlier pages of the same search, so "the seventh
    one" still works after "show more" (``previous_reasons`` their stored reasons, so "why the
    second?" still works); ``language`` is the conversation language the cards
    are labelled in (:func:`actions.dialogue.texts.language_of`).
    """
    page = result.offset // PAGE_SIZE + 1
    # Text and cards in one message: channels that render cards (web, Slack, Teams) show the
    # cards instead of the numbered list; REST clients still get both.
    dispatcher.utter_message(
        text=replies.partner_text(result, offset=result.offset, lang=lang),
        json_message=replies.partner_payload(result, page=page, language=lang, page_size=PAGE_SIZE),
    )
    if result.matches:
        dispatcher.utter_message(**replies.feedback_question(lang))
    elif (
        result.emptied_by in result.filters.to_dict()
        and result.emptied_by in DROPPABLE_FILTERS
        and not extra.get("similar_to")  # "more like number 2" has no query to re-run
    ):
        dispatcher.utter_message(**drop_filter_offer(result.emptied_by, lang))
    last = last_search_of(result, **extra)
    last["ids"] = list(previous_ids or []) + last["ids"]
    last["reasons"] = shown_reasons(result, last["ids"], previous_reasons)
    last["request"] = replies.request_text(result, lang)
    return [SlotSet("last_search", last)]


def shown_reasons(
    result: PartnerSearchResult, ids: list[str], previous: Mapping[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """What matched of each result shown (``MatchReasonData``), for the ids of ``ids`` only:
    the earlier pages' stored reasons and this page's."""
    reasons = {
        key: dict(value)
        for key, value in (previous or {}).items()
        if key in ids and isinstance(value, Mapping)
    }
    for match in result.matches:
        reasons[match.profile.id] = match.reason.to_dict()
    return reasons


#: Filters read from the words of a message that a search in a country may do without: a town
#: (often the sender's own, in a letter's signature) or a sector the country has no cluster of.
RELAXABLE_FILTERS = ("region", "sector")


def relaxed(
    searcher: Any, query: str, result: PartnerSearchResult, for_label: bool = True
) -> tuple[PartnerSearchResult, list[tuple[str, str]]]:
    """The search again without the region or sector filter that emptied it, while the country
    filter stays: "a cluster in Ireland" from someone "down in Galway" shows Ireland's closest
    clusters, not nothing (the town was the sender's, or has no cluster of its own). A label
    that empties a new search (``for_label``; not a refinement of a list to its labelled
    members, which keeps the list's topic) drops a region or sector first when that brings
    labelled clusters.

    Returns:
        The result (the same when nothing was dropped) and the ``(filter, value)`` pairs dropped,
        in order (each is said to the user).
    """
    dropped: list[tuple[str, str]] = []
    while not result.matches and result.offset == 0 and result.filters.country:
        name = result.emptied_by
        if name not in RELAXABLE_FILTERS:
            # a label that empties a sector's search: the sector goes first ("gold-labelled
            # health clusters in France" when no French health cluster has a gold label)
            name = next((f for f in RELAXABLE_FILTERS if getattr(result.filters, f)), None)
            if result.emptied_by != "label" or name is None or not for_label:
                break
        filters = replace(result.filters, **{name: None})
        relaxed_result = searcher.search(query, filters, k=PAGE_SIZE, offset=0)
        if result.emptied_by != name and not relaxed_result.matches:
            break  # dropping the sector does not help the label: the label's button stays
        dropped.append((name, getattr(result.filters, name)))
        result = relaxed_result
    return result, dropped


async def search_partners(
    dispatcher: CollectingDispatcher,
    query: str,
    filters: PartnerFilters,
    lang: str = "en",
    language: str | None = None,
    refining: bool = False,
) -> list[dict[str, Any]]:
    """Runs one partner search and shows its first page (worded in ``lang``, the conversation's
    reply language); returns the slot events.

    ``language`` (the message's, :func:`actions.dialogue.message_language.message_language`)
    picks the searcher: another language than English is searched with the multilingual
    encoder, and ``last_search`` remembers it for the next pages. A region or sector that
    empties the search in a country is dropped and said (:func:`relaxed`); ``refining`` (a
    list narrowed to its labelled members) keeps the sector when the label empties it.
    """
    query = visible_text((query or "")[:CHAT_QUERY_CHARS])
    try:
        searcher = get_services().partner_searcher(language)
        result = searcher.search(query, filters, k=PAGE_SIZE, offset=0)
        result, dropped = relaxed(searcher, query, result, for_label=not refining)
    except Exception:
        # Logged with its traceback for operators; the user gets a plain sentence.
        logger.exception("partner search failed for %r", query)
        dispatcher.utter_message(text=replies.search_failed_text(lang))
        return []
    for name, value in dropped:
        said = replies.filters_text(PartnerFilters(**{name: value}), lang)
        dispatcher.utter_message(text=text("partners.relaxed_filter", lang, filter=said))
    extra = {"language": language} if is_multilingual(language) else {}
    events = show_partner_page(dispatcher, result, lang=lang, **extra)
    shown = result.filters.to_dict()
    return [
        SlotSet("partner_query", query or None),
        SlotSet("country", shown.get("country")),
        SlotSet("region", shown.get("region")),
        SlotSet("sector", shown.get("sector")),
        SlotSet("label", shown.get("label")),
        *events,
    ]


def calls_instead(tracker: Tracker) -> bool:
    """Whether a message NLU read as a partner search asks for calls: it names calls (a call
    noun of any of the reply languages, :func:`actions.dialogue.forms.requested_feature`) and
    no partners, clusters or organisations but declined ones ("we are not looking for
    companies but for calls"), and is no button payload."""
    text = (tracker.latest_message or {}).get("text") or ""
    if not text.strip() or text.startswith("/"):
        return False
    return requested_feature(text) == "find_calls" and not any(
        not declined(text, m.start()) for m in ORGANISATIONS_SOUGHT.finditer(text)
    )


@register
class ActionSearchPartners(Action):
    """Finds cluster organisations for the topic and filters and shows them as text and cards."""

    def name(self) -> str:
        return "action_search_partners"

    @answers_one_request(PARTNERS)
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if refuse_guarded(dispatcher, tracker):
            return []
        instrument = instrument_instead(tracker)
        if instrument is not None:
            # "and who can take part in it?" right after an answer about a programme
            tracker.slots["instrument"] = instrument.name
            events = await ActionExplainInstrument().run(dispatcher, tracker, domain)
            return [SlotSet("instrument", instrument.name), *events]
        if calls_instead(tracker):
            # "editais abertos para energia das ondas", "oproepen waterstof" read by NLU as a
            # partner search: the message names calls and no partners
            events = await run_action("action_search_calls", dispatcher, tracker, domain)
            if events is not None:
                return events
        say_language_line(dispatcher, tracker)
        routed = answer_if_fact(dispatcher, tracker)
        if routed is not None:  # a fact question NLU took for a partner request
            return routed
        lang = language_of(tracker)
        message = tracker.latest_message or {}
        request = partner_request(message.get("text"), message.get("entities") or [])
        if request.unknown_country:
            dispatcher.utter_message(
                text=replies.unknown_country_text(
                    request.unknown_country, request.country_suggestion, lang
                )
            )
            return [SlotSet("country", None)]
        query = _text(tracker.get_slot("partner_query"), CHAT_QUERY_CHARS) or request.query
        language = message_language(tracker)
        if language and not _multilingual_search():
            # Another language and no multilingual encoder: search with what the gazetteers
            # recognised (its technologies and sectors), not with foreign stop words that match
            # names. With the encoder, the message's own words are searched (in its language).
            query = topic_query(message.get("entities") or []) or _text(
                tracker.get_slot("partner_query"), CHAT_QUERY_CHARS
            )
        if query and not has_topic(query, language or lang):
            query = ""  # "clusters with a gold label in Germany": the filters alone are searched
        slot_filters, usable = filters_from_slots(tracker, dispatcher)
        if not usable:
            return [SlotSet("country", None)]
        # What this message names wins over what the slots remember.
        said = request.filters
        filters = PartnerFilters(
            country=said.country or slot_filters.country,
            region=said.region or slot_filters.region,
            sector=said.sector or slot_filters.sector,
            label=said.label or slot_filters.label,
        )
        filters = with_exclusions(filters, said)
        if not query and filters.is_empty():
            dispatcher.utter_message(text=replies.ask_partner_need_text(lang))
            return []
        return await search_partners(dispatcher, query, filters, lang, language)


def _multilingual_search() -> bool:
    """Whether the multilingual searches are loaded (else other languages use the English)."""
    try:
        return get_services().multilingual is not None
    except Exception:  # the search itself reports missing services
        return False
