"""Partner search results: one hit (:class:`PartnerMatch`) and a page of hits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge.partners.query import PartnerFilters
from knowledge.records import ClusterProfile


@dataclass(frozen=True)
class PartnerMatch:
    """One search hit.

    Attributes:
        profile: The cluster profile.
        score: Ranking score: in hybrid mode ``0.7 * similarity + 0.3 * keyword score``; the
            similarity (dense mode) or keyword score (keyword mode) alone; 0.0 without a query.
        why: Human-readable reason, e.g. "matches technologies 'hydrogen storage'; sector
            Energy; similarity 0.62, keyword score 0.71".
    """

    profile: ClusterProfile
    score: float
    why: str


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
