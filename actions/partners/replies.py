"""Reply formatting: readable text plus the ``custom`` payloads channels render as cards.

Pure functions of knowledge-layer results; no tracker, no I/O. Every sentence is the message
catalogues' (``i18n/locales/*/LC_MESSAGES/partners.po``) in the conversation's language
(``lang``); the profiles' own data (names, descriptions, sectors) is shown as it is. The payload shapes are the
TypedDicts of :mod:`contracts.payloads` (docs/architecture.md, "Replies carry data, not only
prose"); the partner payloads are built here and only here.
"""

from __future__ import annotations

from typing import Any, cast

from actions.partners import cards
from contracts.payloads import (
    LANGUAGE_FIELD,
    MATCH_REASON,
    PARTNER_PROFILE,
    PARTNER_RESULTS,
    MatchReasonData,
    PartnerItem,
    PartnerProfile,
    PartnerResults,
    ProfileDetail,
)
from contracts.payloads import MatchReason as MatchReasonPayload
from i18n import country_label, plural, text
from knowledge.filters import normalise_country
from knowledge.partners.query import PartnerFilters
from knowledge.partners.results import MatchReason, PartnerMatch, PartnerSearchResult
from knowledge.partners.strength import match_strength
from knowledge.records import ClusterProfile


def partner_item(match: PartnerMatch, number: int = 1, language: str = "en") -> PartnerItem:
    """One result card: the fields every channel renders (the card numbered ``number``)."""
    profile = match.profile
    strength = match_strength(match)
    return {
        "id": profile.id,
        "name": profile.name,
        "acronym": profile.acronym,
        "country": profile.country,
        "city": profile.city,
        "region": profile.region,
        "place": cards.place_of(profile, language),
        "sectors": list(profile.sectors),
        "technologies": cards.matched_technologies(match),
        "score": round(float(match.score), 3),
        "similarity": None if match.similarity is None else round(match.similarity, 3),
        "keyword_score": None if match.keyword is None else round(match.keyword, 3),
        "strength": strength,
        "why": cards.reason_text(match.reason, language, profile.country),
        "reason": cast(MatchReasonData, match.reason.to_dict()),
        "website": profile.website,
        "source_url": profile.source_url,
        "link": profile.website or profile.source_url,
        "actions": cards.card_actions(number),
    }


def partner_payload(
    result: PartnerSearchResult, page: int = 1, language: str = "en", page_size: int = 5
) -> PartnerResults:
    """THE builder of the ``partner_results`` custom payload (one page of results).

    Args:
        result: The page of hits.
        page: The page number (1-based).
        language: The conversation language (labels, reasons, the request's chips).
        page_size: Results per page (cards are numbered from ``result.offset + 1``).
    """
    similar_to = next((m.reason.similar_to for m in result.matches if m.reason.similar_to), None)
    shown = result.offset + len(result.matches)
    return {
        "type": PARTNER_RESULTS,
        "query": result.query,
        "filters": result.filters.to_dict(),
        "page": page,
        "page_size": page_size,
        "offset": result.offset,
        "total": result.total,
        "items": [
            partner_item(match, number, language)
            for number, match in enumerate(result.matches, start=result.offset + 1)
        ],
        "request": cards.request_of(result.query, result.filters, language, similar_to),
        "more": dict(cards.SHOW_MORE) if result.matches and result.total > shown else None,  # type: ignore[typeddict-item]
        LANGUAGE_FIELD: language,  # type: ignore[misc]
    }


def filters_text(filters: PartnerFilters, lang: str = "en") -> str:
    """The filters in words ("country Germany, label 'gold'"), in the conversation's language."""
    parts = []
    for name, value in filters.to_dict().items():
        if name == "label" and value == "any":
            parts.append(text("partners.filter_any_label", lang))
        elif name in cards.EXCLUSIONS:  # "excluding Sweden", "ohne Bayern"
            parts.append(cards.filter_label(name, value, lang))
        elif name in ("country", "region"):  # named in the conversation's language
            shown = cards.filter_label(name, value, lang)
            parts.append(text(f"partners.filter_{name}", lang, value=shown))
        else:
            parts.append(text(f"partners.filter_{name}", lang, value=value))
    return ", ".join(parts)


def partner_text(result: PartnerSearchResult, offset: int = 0, lang: str = "en") -> str:
    """The readable version of a result page, numbered from ``offset + 1``.

    The frame, the places' countries and each result's reason (:func:`cards.reason_text`, as on
    the cards) are in the conversation's language; the subject is the understood request
    (:func:`cards.topic_of`); names and links are the profiles' own data.
    """
    if not result.matches:
        return no_partner_text(result, lang)
    described = filters_text(result.filters, lang) if result.filters else ""
    topic = cards.topic_of(result.query, lang)
    key = "partners.results_head_query" if topic else "partners.results_head"
    head = plural(key, len(result.matches), lang, query=topic, total=result.total)
    lines = [head.rstrip(":") + (f" ({described}):" if described else ":")]
    for number, match in enumerate(result.matches, start=offset + 1):
        profile = match.profile
        name = f"{profile.name} ({profile.acronym})" if profile.acronym else profile.name
        link = profile.website or profile.source_url
        line = f"{number}. {name} - {cards.place_of(profile, lang)}."
        reason = cards.reason_text(match.reason, lang, profile.country)
        if reason:
            line += f" {reason[0].upper()}{reason[1:]}."
        if link:
            line += f" {link}"
        lines.append(line)
    return "\n".join(lines)


def no_partner_text(result: PartnerSearchResult, lang: str = "en") -> str:
    """Says that nothing matched and which filter emptied the result."""
    query = cards.topic_of(result.query, lang)
    emptied = result.emptied_by
    value = result.filters.to_dict().get(emptied) if emptied else None
    if value:
        one = PartnerFilters(**{emptied: value})
        key = "partners.none_found_filter_query" if query else "partners.none_found_filter"
        return text(key, lang, query=query, filter=filters_text(one, lang))
    key = "partners.none_found_query" if query else "partners.none_found"
    return text(key, lang, query=query)


def ask_partner_need_text(lang: str = "en") -> str:
    """Asked when a partner request has neither a topic nor a filter."""
    return text("partners.ask_need", lang, examples=text("partners.examples", lang))


def unknown_country_text(value: str, suggestion: str | None, lang: str = "en") -> str:
    """Says a country was not recognised, with the closest name if there is one."""
    if suggestion:
        code = normalise_country(suggestion)  # the suggestion named in the conversation's language
        shown = country_label(code, lang) if code else suggestion
        return text("partners.unknown_country_suggest", lang, value=value, suggestion=shown)
    return text("partners.unknown_country", lang, value=value)


def search_failed_text(lang: str = "en") -> str:
    """Said when the search itself failed; the details go to the log, never to the user."""
    return text("partners.search_failed", lang)


FEEDBACK_VALUES = (
    ("dialogue.ask_feedback.button_1", "useful"),
    ("dialogue.ask_feedback.button_2", "not_useful"),
)


def feedback_question(lang: str = "en") -> dict[str, Any]:
    """The question asked after results, with its two buttons (the domain's words for them)."""
    return {
        "text": text("dialogue.ask_feedback", lang),
        "buttons": [
            {"title": text(key, lang), "payload": f'/feedback{{"feedback_value": "{value}"}}'}
            for key, value in FEEDBACK_VALUES
        ],
    }


def profile_text(profile: ClusterProfile, position: int | None = None, lang: str = "en") -> str:
    """Everything the shipped profile says about one organisation, with its source.

    The labels are in the conversation's language; the description and the lists are the
    profile's own (English) data, the description introduced as such in that language.
    """
    name = f"{profile.name} ({profile.acronym})" if profile.acronym else profile.name
    head = f"{position}. {name}" if position and position > 0 else name
    place = ", ".join(
        dict.fromkeys(
            p for p in (profile.city, profile.region, country_label(profile.country, lang)) if p
        )
    )
    lines = [f"{head} - {place}."]
    if profile.description:
        # the profile's own (English) words, introduced in the conversation's language
        lines.append(text("partners.profile_description", lang))
    if profile.description:
        lines.append(profile.description)
    if profile.sectors:
        lines.append(text("partners.profile_sectors", lang, values=", ".join(profile.sectors)))
    if profile.technologies:
        lines.append(
            text("partners.profile_technologies", lang, values=", ".join(profile.technologies))
        )
    facts = []
    if profile.members is not None:
        facts.append(text("partners.profile_members", lang, value=profile.members))
    if profile.founded is not None:
        facts.append(text("partners.profile_founded", lang, value=profile.founded))
    if profile.label:
        facts.append(text("partners.profile_label", lang, value=profile.label))
    if facts:
        joined = "; ".join(facts)
        lines.append(joined[:1].upper() + joined[1:] + ".")
    if profile.website:
        lines.append(text("partners.profile_website", lang, url=profile.website))
    if profile.source_url:
        lines.append(text("partners.profile_source", lang, url=profile.source_url))
    return "\n".join(lines)


def profile_payload(profile: ClusterProfile) -> PartnerProfile:
    """THE builder of the ``partner_profile`` custom payload: the profile's fields as stored."""
    item = cast(ProfileDetail, profile.to_dict())
    return {"type": PARTNER_PROFILE, "item": item}


def nothing_to_page_text(lang: str = "en") -> str:
    """Said for "show more" / "the second one" before any search."""
    return text("partners.nothing_to_page", lang, examples=text("partners.examples", lang))


def no_more_results_text(total: int, lang: str = "en") -> str:
    """Said when the user pages past the end."""
    return plural("partners.no_more_results", total, lang)


def bad_position_text(shown: int, lang: str = "en") -> str:
    """Said when an ordinal points outside what was shown."""
    if not shown:
        return nothing_to_page_text(lang)
    return plural("partners.bad_position", shown, lang, example=min(shown, 3))


def request_text(result: PartnerSearchResult, lang: str = "en") -> str:
    """The request of a result page as the user would say it (the payload's request text)."""
    similar_to = next((m.reason.similar_to for m in result.matches if m.reason.similar_to), None)
    return cards.request_of(result.query, result.filters, lang, similar_to)["text"]


def reason_from(data: Any) -> MatchReason:
    """A stored ``MatchReasonData`` (the ``last_search`` slot's, plain JSON) as a
    :class:`~knowledge.partners.results.MatchReason`; anything malformed is left out."""
    data = data if isinstance(data, dict) else {}

    def words(key: str) -> tuple[str, ...]:
        value = data.get(key)
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    label, similar = data.get("label"), data.get("similar_to")
    return MatchReason(
        technologies=words("technologies"),
        sectors=words("sectors"),
        name=words("name"),
        places=words("places"),
        related=words("related"),
        label=label if isinstance(label, str) else None,
        similar_to=similar if isinstance(similar, str) else None,
    )


def partner_why(
    profile: ClusterProfile, reason: MatchReason, filters: PartnerFilters, lang: str = "en"
) -> str:
    """Why a partner was suggested, from what matched (the card's own reason) and the filters
    it meets; a meaning-only match says so. Nothing is added that the match did not record."""
    parts = [cards.reason_text(reason, lang, profile.country)]
    if filters.to_dict():
        parts.append(
            text("partners.match_reason_filters", lang, filters=filters_text(filters, lang))
        )
    parts = [p for p in parts if p]
    if not parts:
        parts.append(text("partners.match_reason_closest", lang))
    return "; ".join(parts)


def match_reason_text(name: str, position: int | None, why: str, request: str, lang: str) -> str:
    """The text reply to "why this one?": the result, why, and the request it came from."""
    head = f"{position}. {name}" if position and position > 0 else name
    key = "partners.match_reason" if request else "partners.match_reason_no_request"
    return text(key, lang, name=head, why=why, request=request)


def match_reason_payload(
    result_kind: str,
    result_id: str,
    name: str,
    position: int | None,
    why: str,
    *,
    reason: MatchReasonData | dict[str, Any] | None = None,
    request: str = "",
    language: str = "en",
) -> MatchReasonPayload:
    """THE builder of the ``match_reason`` custom payload (contracts.payloads.MatchReason)."""
    return {
        "type": MATCH_REASON,
        "result_kind": "call" if result_kind == "call" else "partner",
        "id": result_id,
        "name": name,
        "position": position if isinstance(position, int) and position > 0 else None,
        "why": why,
        "reason": cast(MatchReasonData, dict(reason or {})),
        "request": request,
        "language": language,
    }
