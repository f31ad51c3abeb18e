"""Search results of the calls store, and their ``call_results`` payload (architecture.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.calls.query import MatchMode
from knowledge.calls.records import Call, Status


@dataclass(frozen=True)
class CallHit:
    """One call in a search result.

    Attributes:
        call: The record.
        status: Its status on the search's ``today``.
        next_deadline: The next applicant deadline on or after ``today`` (``None`` if closed).
        score: Relevance (higher is better; 0.0 without query text).
    """

    call: Call
    status: Status
    next_deadline: date | None
    score: float

    def to_payload_item(self) -> dict[str, Any]:
        """Return the ``call_results`` item: id, title, programme, status, deadline, url."""
        deadline = self.next_deadline or self.call.final_deadline
        return {
            "id": self.call.id,
            "title": self.call.title,
            "programme": self.call.programme,
            "status": self.status,
            "deadline": deadline.isoformat() if deadline else None,
            "url": self.call.url,
        }


@dataclass(frozen=True)
class CallSearchResult:
    """A page of search results, with what is needed for an honest reply.

    Attributes:
        items: The page, sorted by relevance then nearest deadline.
        total: Matching calls over all pages.
        as_of: Date of the data in the store (say it in the reply).
        nearest_forthcoming: When no matching call is open: the forthcoming matching calls with
            the nearest dates (up to 3), else empty.
        today: The date statuses were computed for.
        terms: The words searched (empty when the text had none, e.g. only emoji).
        match: ``all`` (every word matched), ``any`` (fallback: some words), or ``None``.
        counts: Matching calls per status.
    """

    items: tuple[CallHit, ...]
    total: int
    as_of: date
    nearest_forthcoming: tuple[CallHit, ...] = ()
    today: date | None = None
    terms: tuple[str, ...] = ()
    match: MatchMode | None = None
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def none_open(self) -> bool:
        """True when no matching call is open (the reply should say so plainly)."""
        return self.counts.get("open", 0) == 0

    def to_payload(self, query: str | None = None) -> dict[str, Any]:
        """Return the ``call_results`` custom payload of architecture.md.

        Args:
            query: The user's query text, echoed in the payload.

        Returns:
            ``{"type": "call_results", "query", "as_of", "items": [...]}`` plus
            ``nearest_forthcoming`` items and ``total``.
        """
        return {
            "type": "call_results",
            "query": query or "",
            "as_of": self.as_of.isoformat(),
            "total": self.total,
            "items": [hit.to_payload_item() for hit in self.items],
            "nearest_forthcoming": [hit.to_payload_item() for hit in self.nearest_forthcoming],
        }


@dataclass(frozen=True)
class StoreInfo:
    """What a store holds.

    Attributes:
        path: The database file.
        as_of: Date of the data.
        source: Where the data came from.
        count: Number of calls.
        today: The date ``by_status`` was computed for.
        by_status: Calls per status on ``today``.
    """

    path: Path
    as_of: date
    source: str
    count: int
    today: date
    by_status: Mapping[str, int]
