"""Staff report: ``python -m actions.analytics`` (``make analytics``).

Reads the conversation events Rasa's SQL event broker wrote (``CLUSTER_EVENT_BROKER_URL``, table
``events``: one JSON event per row) and the ticket and feedback tables (``CLUSTER_DATABASE_URL``,
or the SQLite files of ``make run``), and prints: conversations per day, top topics (intents),
countries searched, fallbacks, handoffs and how long they waited for an adviser, feedback.

The counting is in :func:`summarise` (pure, on plain rows), the reading in :func:`load_events`,
so the same report works on PostgreSQL and in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from actions.stores import feedback_store, ticket_store
from knowledge.config import database_url, event_broker_url

FALLBACK_ACTIONS = {"action_default_fallback", "action_two_stage_fallback"}
FALLBACK_INTENTS = {"nlu_fallback"}
COUNTRY_ENTITY = "country"


@dataclass
class Report:
    """What the report shows (counts are whole numbers, waits in minutes)."""

    conversations_per_day: dict[str, int] = field(default_factory=dict)
    user_turns: int = 0
    top_topics: list[tuple[str, int]] = field(default_factory=list)
    top_countries: list[tuple[str, int]] = field(default_factory=list)
    fallbacks: int = 0
    handoffs: int = 0
    handoffs_open: int = 0
    wait_minutes_median: float | None = None
    wait_minutes_max: float | None = None
    feedback: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return dict(self.__dict__)

    def text(self) -> str:
        """The report as plain text."""
        lines = ["Conversations per day (distinct senders with a user message):"]
        lines += [f"  {day}  {n}" for day, n in sorted(self.conversations_per_day.items())]
        lines.append(f"User turns: {self.user_turns}")
        lines.append("Top topics (intents): " + _pairs(self.top_topics))
        lines.append("Countries searched: " + _pairs(self.top_countries))
        share = f" ({self.fallbacks / self.user_turns:.1%} of turns)" if self.user_turns else ""
        lines.append(f"Fallbacks: {self.fallbacks}{share}")
        wait = "n/a"
        if self.wait_minutes_median is not None:
            wait = f"median {self.wait_minutes_median:.1f} min, max {self.wait_minutes_max:.1f} min"
        lines.append(
            f"Handoffs: {self.handoffs} ({self.handoffs_open} still open); "
            f"wait until released: {wait}"
        )
        lines.append("Feedback: " + (_pairs(sorted(self.feedback.items())) or "none"))
        return "\n".join(lines)


def _pairs(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {n}" for name, n in pairs)


def _day(timestamp: float | None) -> str | None:
    if not isinstance(timestamp, int | float):
        return None
    return datetime.fromtimestamp(timestamp, timezone.utc).date().isoformat()


def summarise(
    events: Iterable[tuple[str, dict[str, Any]]],
    tickets: Iterable[Any] = (),
    feedback: Iterable[dict[str, Any]] = (),
    top: int = 10,
) -> Report:
    """Counts the report from events, tickets and feedback rows.

    Args:
        events: ``(sender_id, event)`` pairs, the event as Rasa serialises it.
        tickets: :class:`actions.handoff.store.Ticket` objects.
        feedback: Feedback rows (``value``).
        top: How many topics and countries to list.
    """
    senders_by_day: dict[str, set[str]] = {}
    topics: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    report = Report()
    for sender, event in events:
        kind = event.get("event")
        if kind == "user":
            report.user_turns += 1
            day = _day(event.get("timestamp"))
            if day:
                senders_by_day.setdefault(day, set()).add(sender)
            parse = event.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name")
            if intent:
                topics[intent] += 1
                report.fallbacks += intent in FALLBACK_INTENTS
            for entity in parse.get("entities") or []:
                if entity.get("entity") == COUNTRY_ENTITY and entity.get("value"):
                    countries[str(entity["value"])] += 1
        elif kind == "action" and event.get("name") in FALLBACK_ACTIONS:
            report.fallbacks += 1
    report.conversations_per_day = {day: len(s) for day, s in senders_by_day.items()}
    report.top_topics = topics.most_common(top)
    report.top_countries = countries.most_common(top)
    waits = []
    for ticket in tickets:
        report.handoffs += 1
        report.handoffs_open += ticket.is_open
        if ticket.released_at:
            opened = datetime.fromisoformat(ticket.created_at)
            waits.append((datetime.fromisoformat(ticket.released_at) - opened).total_seconds() / 60)
    if waits:
        report.wait_minutes_median = statistics.median(waits)
        report.wait_minutes_max = max(waits)
    report.feedback = dict(Counter(row["value"] for row in feedback))
    return report


def load_events(url: str) -> list[tuple[str, dict[str, Any]]]:
    """Every ``(sender_id, event)`` of the event broker's ``events`` table at ``url``."""
    import psycopg

    pairs = []
    with psycopg.connect(url, connect_timeout=5) as conn:
        for sender, data in conn.execute("SELECT sender_id, data FROM events ORDER BY id"):
            try:
                pairs.append((sender, json.loads(data)))
            except (TypeError, ValueError):
                continue
    return pairs


def build_report(events_url: str | None, stores_url: str | None, top: int = 10) -> Report:
    """The report from the event broker database and the ticket and feedback stores."""
    events = load_events(events_url) if events_url else []
    tickets = ticket_store(url=stores_url).recent(limit=1_000_000)
    feedback = feedback_store(url=stores_url).rows()
    return summarise(events, tickets, feedback, top=top)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the report (``--json`` for machines)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events-url", default=event_broker_url(), help="event broker database")
    parser.add_argument("--stores-url", default=database_url(), help="tickets/feedback database")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = build_report(args.events_url, args.stores_url, args.top)
    if not args.events_url:
        print("(no CLUSTER_EVENT_BROKER_URL: conversation counts are empty)", file=sys.stderr)
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
