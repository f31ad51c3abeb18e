"""How the ``calls`` commands print a search result and the age of the data, as text."""

from __future__ import annotations

from datetime import date

from knowledge.calls.results import CallHit, CallSearchResult
from knowledge.calls.text import action_type_label


def age(as_of: date, today: date) -> str:
    """Say how old data of ``as_of`` is on ``today`` (``"today"``, ``"12 days before ..."``)."""
    days = (today - as_of).days
    if days == 0:
        return "today"
    return f"{days} days before {today}" if days > 0 else f"{-days} days after {today}"


def format_hit(number: int, hit: CallHit) -> str:
    """One numbered hit as three lines: status and title, facts, link."""
    call = hit.call
    deadline = hit.next_deadline or call.final_deadline
    budget = ""
    if call.budget_max:
        if call.budget_min and call.budget_min != call.budget_max:
            budget = f", EUR {call.budget_min:,}-{call.budget_max:,} per grant"
        else:
            budget = f", up to EUR {call.budget_max:,} per grant"
    return (
        f"{number:>2}. [{hit.status}] {call.title}\n"
        f"    {call.id} | {call.programme or 'programme not given'} | "
        f"{action_type_label(call.action_type)} | deadline {deadline or 'none given'}{budget}\n"
        f"    {call.url}"
    )


def format_result(result: CallSearchResult, today: date) -> str:
    """A whole search result as text: data date, counts, hits, nearest forthcoming."""
    lines = [
        f"Data as of {result.as_of} ({age(result.as_of, today)}); status on {today}.",
        f"{result.total} matching calls ("
        + ", ".join(f"{n} {s}" for s, n in result.counts.items())
        + ")"
        + (f"; words searched: {' '.join(result.terms)}" if result.terms else "")
        + (" (no call had all of them; showing calls with some)" if result.match == "any" else "")
        + ".",
    ]
    if "open" in result.counts and result.none_open:
        lines.append(f"No matching call is open on {today}.")
    lines += [format_hit(i, hit) for i, hit in enumerate(result.items, start=1)]
    if result.nearest_forthcoming:
        lines.append("Nearest forthcoming matching calls:")
        lines += [format_hit(i, h) for i, h in enumerate(result.nearest_forthcoming, start=1)]
    return "\n".join(lines)
