"""Turns a user message and its entities into a partner-search request. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from knowledge.filters import normalise_country, normalise_sector, suggest_country
from knowledge.partners.search import PartnerFilters

# Entities that become exact filters and are cut out of the free-text query.
FILTER_ENTITIES = ("country", "region")
MAX_QUERY_CHARS = 500


@dataclass
class PartnerRequest:
    """What the user asked for: free text for ranking and exact filters."""

    query: str
    filters: PartnerFilters
    unknown_country: str | None = None
    country_suggestion: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is nothing to search for."""
        return not self.query and not any(
            (self.filters.country, self.filters.region, self.filters.sector)
        )


def _first(entities: Iterable[Mapping[str, Any]], name: str) -> Mapping[str, Any] | None:
    return next((e for e in entities if e.get("entity") == name and e.get("value")), None)


def _strip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return " ".join(text.split())


def partner_request(text: str | None, entities: Iterable[Mapping[str, Any]]) -> PartnerRequest:
    """Builds the search request from the latest message.

    Country and region entities become filters and are removed from the ranking text (they would
    only add noise to it); sector entities become a sector filter when they name one of the fixed
    sectors, and stay in the text either way. A country the user named that cannot be recognised
    is reported, never silently dropped.

    Args:
        text: The user's message (may be empty or huge).
        entities: Rasa entities of that message.

    Returns:
        The request.
    """
    text = (text or "").strip()
    entities = [e for e in entities if isinstance(e, Mapping)]
    spans = [
        (int(e["start"]), int(e["end"]))
        for e in entities
        if e.get("entity") in FILTER_ENTITIES
        and isinstance(e.get("start"), int)
        and isinstance(e.get("end"), int)
    ]
    query = _strip_spans(text, spans)[:MAX_QUERY_CHARS]

    country = region = sector = None
    unknown = suggestion = None
    if (entity := _first(entities, "country")) is not None:
        value = str(entity["value"])
        country = normalise_country(value)
        if country is None:
            unknown = value
            suggestion = suggest_country(value)
    if (entity := _first(entities, "region")) is not None:
        region = str(entity["value"])
    if (entity := _first(entities, "sector")) is not None:
        sector = normalise_sector(str(entity["value"]))
    technology = None
    filters = PartnerFilters(country=country, region=region, sector=sector, technology=technology)
    return PartnerRequest(query, filters, unknown, suggestion)
