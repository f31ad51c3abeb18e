"""What a calls search may ask for and which calls it keeps: filter checks, SQL filters, status.

Owns the validation of search arguments (statuses, budgets, deadline window, page size), their
translation to SQL conditions, the status and deadline-window rule applied to candidates in
Python, and the order of hits and of the nearest forthcoming calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from knowledge.calls.errors import InvalidFilterError
from knowledge.calls.records import STATUSES, Call, Status
from knowledge.calls.results import CallHit
from knowledge.calls.text import resolve_action_type, resolve_programme

#: Largest page a search returns.
MAX_K = 100


def filters_sql(
    today: date,
    programme: str | None,
    action_type: str | None,
    budget_min: int | None,
    budget_max: int | None,
    deadline_from: date | None,
    deadline_to: date | None,
    statuses: tuple[Status, ...],
) -> tuple[list[str], list[Any]]:
    """Turn the exact filters into SQL conditions on ``calls c`` and their parameters.

    The status rule is only pre-filtered here (calls whose last deadline has passed);
    :meth:`Call.status <knowledge.calls.records.Call.status>` is the authority.

    Returns:
        ``(conditions, parameters)`` to join with ``AND``.

    Raises:
        UnknownProgrammeError: ``programme`` is not recognised.
        UnknownActionTypeError: ``action_type`` is not recognised.
    """
    where: list[str] = []
    params: list[Any] = []
    if programme is not None and str(programme).strip():
        where.append("c.programme_code = ?")
        params.append(resolve_programme(str(programme)).code)
    if action_type is not None and str(action_type).strip():
        where.append("c.action_type = ?")
        params.append(resolve_action_type(str(action_type)))
    if budget_min is not None:
        where.append("c.budget_max IS NOT NULL AND c.budget_max >= ?")
        params.append(budget_min)
    if budget_max is not None:
        where.append("c.budget_min IS NOT NULL AND c.budget_min <= ?")
        params.append(budget_max)
    if "closed" not in statuses:
        # Pre-filter only; Call.status() is the authority.
        where.append("(c.last_deadline IS NULL OR c.last_deadline >= ?)")
        params.append(today.isoformat())
    if deadline_from is not None:
        where.append("c.last_deadline >= ?")
        params.append(deadline_from.isoformat())
    if deadline_to is not None:
        where.append("c.first_deadline <= ?")
        params.append(deadline_to.isoformat())
    return where, params


def classify(
    scored: list[tuple[Call, float]],
    today: date,
    statuses: tuple[Status, ...],
    window: tuple[date | None, date | None],
) -> tuple[list[CallHit], list[CallHit]]:
    """Split candidates into hits (status and deadline window fit) and forthcoming ones."""
    hits: list[CallHit] = []
    forthcoming: list[CallHit] = []
    for call, score in scored:
        state = call.status(today)
        if not _in_window(call, today, window, include_past="closed" in statuses):
            continue
        hit = CallHit(call, state, call.next_deadline(today), score)
        if state == "forthcoming":
            forthcoming.append(hit)
        if state in statuses:
            hits.append(hit)
    return hits, forthcoming


def _in_window(
    call: Call, today: date, window: tuple[date | None, date | None], include_past: bool
) -> bool:
    start, end = window
    if start is None and end is None:
        return True
    deadlines = call.applicant_deadlines
    if not include_past:
        deadlines = tuple(d for d in deadlines if d >= today)
    return any((start is None or d >= start) and (end is None or d <= end) for d in deadlines)


def sort_key(hit: CallHit) -> tuple[float, bool, date, str]:
    """Order of hits: relevance, then nearest deadline, then id."""
    # Relevance first (to 6 significant digits, so float noise does not hide equal scores), then
    # nearest deadline; calls without a deadline ahead (closed) go after those with one.
    return (
        -float(f"{hit.score:.6g}"),
        hit.next_deadline is None,
        hit.next_deadline or date.max,
        hit.call.id,
    )


def nearest_key(hit: CallHit) -> tuple[date, date, str]:
    """Order of the nearest forthcoming calls: opening date, then next deadline, then id."""
    return (hit.call.opening_date or date.max, hit.next_deadline or date.max, hit.call.id)


def check_statuses(status: Sequence[Status] | Status) -> tuple[Status, ...]:
    """Return the asked statuses without repeats.

    Raises:
        InvalidFilterError: None given, or one that is not a status.
    """
    values = (status,) if isinstance(status, str) else tuple(status)
    bad = [s for s in values if s not in STATUSES]
    if not values or bad:
        raise InvalidFilterError(
            f"status must be some of {', '.join(STATUSES)}, got {', '.join(map(str, bad)) or 'none'}"
        )
    return tuple(dict.fromkeys(values))


def check_filters(
    today: date,
    budget_min: int | None,
    budget_max: int | None,
    deadline_from: date | None,
    deadline_to: date | None,
    k: int,
    offset: int,
) -> None:
    """Check the search arguments that are not resolved against the data.

    Raises:
        InvalidFilterError: A value is impossible (negative budget, reversed range, k out of
            1-MAX_K, negative offset, ``today`` not a date).
    """
    if not isinstance(today, date):
        raise InvalidFilterError(f"today must be a date, got {today!r}")
    for name, value in (("budget_min", budget_min), ("budget_max", budget_max)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise InvalidFilterError(f"{name} must be a non-negative number of euro, got {value!r}")
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise InvalidFilterError(
            f"budget_min {budget_min} is above budget_max {budget_max}; swap them"
        )
    if deadline_from and deadline_to and deadline_from > deadline_to:
        raise InvalidFilterError(
            f"the deadline window starts {deadline_from} after it ends {deadline_to}"
        )
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise InvalidFilterError(f"k must be between 1 and {MAX_K}, got {k!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidFilterError(f"offset must be 0 or more, got {offset!r}")
