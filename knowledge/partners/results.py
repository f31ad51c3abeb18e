"""Partner search results: one hit (:class:`PartnerMatch`) and a page of hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knowledge.partners.query import PartnerFilters
from knowledge.records import ClusterProfile


@dataclass(frozen=True)
class MatchReason:
    """What of a profile matched a request: only fields, never free words of the query.

    Every list holds the profile's own values (its technologies, sectors, place names), so a
    reason can be shown to a person as it is; words of the user's sentence that matched no field
    (stop words, "join", "sme") never appear. Empty for a hit that only matched in meaning.

    Attributes:
        technologies: The profile's technologies that a query word matched (at most three).
        sectors: The profile's sectors that a query word or the sector filter matched.
        name: The query words found in the profile's name or acronym, as the profile spells them.
        places: The profile's city, region or country that a filter or a query word matched.
        label: The profile's excellence label, when a label filter matched it.
        similar_to: The name of the profile a "more like this" search started from.
        related: When no technology matched by its words: the profile's technologies closest
            in meaning to the query (cosine similarity at least
            :data:`knowledge.partners.explain.RELATED_FLOOR`).
    """

    technologies: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    name: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    label: str | None = None
    similar_to: str | None = None
    related: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        """Whether nothing but meaning matched."""
        return not (
            self.technologies
            or self.sectors
            or self.name
            or self.places
            or self.label
            or self.related
        )

    def to_dict(self) -> dict[str, Any]:
        """The reason as JSON (lists, and ``label``/``similar_to`` only when set)."""
        out: dict[str, Any] = {
            "technologies": list(self.technologies),
            "sectors": list(self.sectors),
            "name": list(self.name),
            "places": list(self.places),
            "related": list(self.related),
        }
        if self.label:
            out["label"] = self.label
        if self.similar_to:
            out["similar_to"] = self.similar_to
        return out


@dataclass(frozen=True)
class PartnerMatch:
    """One search hit.

    Attributes:
        profile: The cluster profile.
        score: Ranking score: in hybrid mode ``0.7 * similarity + 0.3 * keyword score``; the
            similarity (dense mode) or keyword score (keyword mode) alone; 0.0 without a query.
        why: The engine's reason for logs and the CLI, e.g. "matches technologies 'hydrogen
            storage'; sector Energy; similarity 0.62, keyword score 0.71" (people see
            ``reason``, worded by the replies).
        reason: What of the profile matched, field by field.
        similarity: Cosine similarity with the query (None when not computed).
        keyword: Normalised keyword score (None when not computed).
    """

    profile: ClusterProfile
    score: float
    why: str
    reason: MatchReason = field(default_factory=MatchReason)
    similarity: float | None = None
    keyword: float | None = None


@dataclass
class PartnerSearchResult:
    """A page of search hits.

    Attributes:
        query: The query as given.
        filters: The normalised filters applied.
        matches: This page of hits, best first.
        total: Number of profiles that passed the filters (and can be paged through).
        empty_because: Why ``matches`` is empty (``None`` when it is not).
        offset: Index of the first hit of this page in the full ranking.
        emptied_by: The name of the filter that left no profile ("region", "label"...), when
            one did; the conversation offers to search again without it.
    """

    query: str
    filters: PartnerFilters
    matches: list[PartnerMatch]
    total: int
    empty_because: str | None = None
    offset: int = 0
    emptied_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (query, filters, total, offset, empty_because, items)."""
        return {
            "query": self.query,
            "filters": self.filters.to_dict(),
            "total": self.total,
            "offset": self.offset,
            "empty_because": self.empty_because,
            "emptied_by": self.emptied_by,
            "items": [
                {
                    "id": m.profile.id,
                    "name": m.profile.name,
                    "country": m.profile.country,
                    "region": m.profile.region,
                    "city": m.profile.city,
                    "sectors": list(m.profile.sectors),
                    "score": round(m.score, 4),
                    "why": m.why,
                    "website": m.profile.website,
                    "source_url": m.profile.source_url,
                }
                for m in self.matches
            ],
        }
