"""Search results of the calls store, as records (the chat payload is built in ``actions/``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from contracts.payloads import CallItem
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

    @classmethod
    def of(cls, call: Call, today: date) -> CallHit:
        """The hit for one call on ``today`` (status and next deadline computed, no score)."""
        return cls(call, call.status(today), call.next_deadline(today), 0.0)

    def to_dict(self) -> CallItem:
        """Return the call as a result item: id, title, programme, status, deadline, url.

        ``deadline`` is the next applicant deadline, else the last one, as ``YYYY-MM-DD``
        (``None`` if there is none).
        """
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

    def to_dict(self, query: str | None = None) -> dict[str, Any]:
        """Return the result as JSON-ready records (the CLI's ``--json``).

        Args:
            query: The user's query text, echoed.

        Returns:
            ``{"query", "as_of", "total", "items": [...], "nearest_forthcoming": [...]}`` with
            items as :meth:`CallHit.to_dict`.
        """
        return {
            "query": query or "",
            "as_of": self.as_of.isoformat(),
            "total": self.total,
            "items": [hit.to_dict() for hit in self.items],
            "nearest_forthcoming": [hit.to_dict() for hit in self.nearest_forthcoming],
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
