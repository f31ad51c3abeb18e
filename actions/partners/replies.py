"""Reply formatting: readable text plus the ``custom`` payloads channels render as cards.

Pure functions of knowledge-layer results; no tracker, no I/O. The payload shapes are the
TypedDicts of :mod:`contracts.payloads` (docs/architecture.md, "Replies carry data, not only
prose"); the partner payloads are built here and only here.
"""

from __future__ import annotations

from typing import Any, cast

from actions.partners import cards
from contracts.payloads import (
    LANGUAGE_FIELD,
    PARTNER_PROFILE,
    PARTNER_RESULTS,
    MatchReasonData,
    PartnerItem,
    PartnerProfile,
    PartnerResults,
    ProfileDetail,
)
from knowledge.filters import country_name, unknown_country_message
from knowledge.partners.results import PartnerMatch, PartnerSearchResult
from knowledge.partners.strength import match_strength
from knowledge.records import ClusterProfile

PARTNER_EXAMPLES = (
    '"hydrogen storage clusters in Bavaria", "precision farming sensors in Spain or Portugal", '
    'or "who works on textile recycling?"'
)


def _place(match: PartnerMatch) -> str:
    profile = match.profile
    where = [part for part in (profile.city, profile.region) if part]
    # Keep "Graz, Styria" but avoid "Styria, Styria".
    where = list(dict.fromkeys(where))
    where.append(country_name(profile.country))
    return ", ".join(where)


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


def partner_text(result: PartnerSearchResult, offset: int = 0) -> str:
    """The readable version of a result page, numbered from ``offset + 1``."""
    if not result.matches:
        return no_partner_text(result)
    described = result.filters.describe() if result.filters else ""
    scope = f" ({described})" if described else ""
    subject = f' for "{result.query}"' if result.query else ""
    lines = [
        f"Here are the {len(result.matches)} closest matches{subject} among "
        f"{result.total} cluster organisations{scope}:"
    ]
    for number, match in enumerate(result.matches, start=offset + 1):
        profile = match.profile
        name = f"{profile.name} ({profile.acronym})" if profile.acronym else profile.name
        link = profile.website or profile.source_url
        line = f"{number}. {name} - {_place(match)}. Why: {match.why}."
        if link:
            line += f" {link}"
        lines.append(line)
    return "\n".join(lines)


def no_partner_text(result: PartnerSearchResult) -> str:
    """Says that nothing matched and which filter emptied the result."""
    text = "I found no cluster organisation"
    if result.query:
        text += f' for "{result.query}"'
    if result.empty_because:
        text += f": {result.empty_because}."
        text += " Shall I search again without that filter?"
    else:
        text += ". Try other words, or a wider area."
    return text


def ask_partner_need_text() -> str:
    """Asked when a partner request has neither a topic nor a filter."""
    return (
        "Happy to find cluster partners. What should they work on, and where? "
        f"For example {PARTNER_EXAMPLES}."
    )


def unknown_country_text(value: str, suggestion: str | None) -> str:
    """Says a country was not recognised, with the closest name if there is one.

    The wording is the knowledge layer's (:func:`knowledge.filters.unknown_country_message`).
    """
    message = unknown_country_message(value, suggestion)
    return f"Sorry, {message}" + ("" if message.endswith("?") else ".")


def search_failed_text() -> str:
    """Said when the search itself failed; the details go to the log, never to the user."""
    return (
        "Sorry, the partner search is not working right now. Please try again in a moment, "
        "or ask for an adviser."
    )


FEEDBACK_BUTTONS = [
    {"title": "Useful", "payload": '/feedback{"feedback_value": "useful"}'},
    {"title": "Not useful", "payload": '/feedback{"feedback_value": "not_useful"}'},
]


def feedback_question() -> dict[str, Any]:
    """The question asked after results, with its two buttons."""
    return {"text": "Were these results useful?", "buttons": list(FEEDBACK_BUTTONS)}


def profile_text(profile: ClusterProfile, position: int | None = None) -> str:
    """Everything the shipped profile says about one organisation, with its source."""
    name = f"{profile.name} ({profile.acronym})" if profile.acronym else profile.name
    head = f"{position}. {name}" if position and position > 0 else name
    place = ", ".join(
        dict.fromkeys(p for p in (profile.city, profile.region, country_name(profile.country)) if p)
    )
    lines = [f"{head} - {place}."]
    if profile.description:
        lines.append(profile.description)
    if profile.sectors:
        lines.append("Sectors: " + ", ".join(profile.sectors) + ".")
    if profile.technologies:
        lines.append("Technologies: " + ", ".join(profile.technologies) + ".")
    facts = []
    if profile.members is not None:
        facts.append(f"members: {profile.members}")
    if profile.founded is not None:
        facts.append(f"founded: {profile.founded}")
    if profile.label:
        facts.append(f"label: {profile.label}")
    if facts:
        lines.append("; ".join(facts).capitalize() + ".")
    if profile.website:
        lines.append(f"Website: {profile.website}")
    if profile.source_url:
        lines.append(f"Source: {profile.source_url}")
    return "\n".join(lines)


def profile_payload(profile: ClusterProfile) -> PartnerProfile:
    """THE builder of the ``partner_profile`` custom payload: the profile's fields as stored."""
    item = cast(ProfileDetail, profile.to_dict())
    return {"type": PARTNER_PROFILE, "item": item}


def nothing_to_page_text() -> str:
    """Said for "show more" / "the second one" before any search."""
    return (
        "I haven't shown you any results yet. Tell me what you are looking for, for example "
        f"{PARTNER_EXAMPLES}."
    )


def no_more_results_text(total: int) -> str:
    """Said when the user pages past the end."""
    return f"That's all: I have shown all {total} results. Try other words or a wider area."


def bad_position_text(shown: int) -> str:
    """Said when an ordinal points outside what was shown."""
    if not shown:
        return nothing_to_page_text()
    return (
        f"I have shown {shown} result{'s' if shown != 1 else ''} so far. Which one do you "
        f'mean? Say for example "the second one" or "number {min(shown, 3)}".'
    )
