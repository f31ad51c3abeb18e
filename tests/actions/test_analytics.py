"""The staff report counts conversations, topics, countries, fallbacks, handoffs and feedback."""

from __future__ import annotations

from actions.analytics import summarise
from actions.handoff.store import Ticket

DAY1 = 1_780_000_000.0  # 2026-05-28 UTC
DAY2 = DAY1 + 86_400


def user(text_intent: str, at: float, *countries: str) -> dict:
    return {
        "event": "user",
        "timestamp": at,
        "parse_data": {
            "intent": {"name": text_intent},
            "entities": [{"entity": "country", "value": c} for c in countries]
            + [{"entity": "sector", "value": "energy"}],
        },
    }


def ticket(n: int, created: str, released: str | None) -> Ticket:
    return Ticket(
        id=n,
        conversation_id=f"c{n}",
        created_at=created,
        status="released" if released else "open",
        email=None,
        released_at=released,
    )


def test_counts_each_part_of_the_report():
    events = [
        ("a", user("search_partners", DAY1, "DE")),
        ("a", {"event": "action", "name": "action_search_partners"}),
        ("a", user("search_partners", DAY1 + 60, "DE", "FR")),
        ("b", user("nlu_fallback", DAY1 + 120)),
        ("b", {"event": "action", "name": "action_default_fallback"}),
        ("a", user("greet", DAY2)),
        ("c", {"event": "bot", "text": "hi", "timestamp": DAY2}),  # no user turn: not counted
    ]
    tickets = [
        ticket(1, "2026-05-28T10:00:00+00:00", "2026-05-28T10:30:00+00:00"),
        ticket(2, "2026-05-28T11:00:00+00:00", "2026-05-28T11:10:00+00:00"),
        ticket(3, "2026-05-28T12:00:00+00:00", None),
    ]
    feedback = [{"value": "useful"}, {"value": "useful"}, {"value": "not_useful"}]
    report = summarise(events, tickets, feedback)
    assert report.conversations_per_day == {"2026-05-28": 2, "2026-05-29": 1}
    assert report.user_turns == 4
    assert report.top_topics[0] == ("search_partners", 2)
    assert report.top_countries == [("DE", 2), ("FR", 1)]
    assert report.fallbacks == 2  # the nlu_fallback turn and the fallback action
    assert (report.handoffs, report.handoffs_open) == (3, 1)
    assert report.wait_minutes_median == 20.0 and report.wait_minutes_max == 30.0
    assert report.feedback == {"useful": 2, "not_useful": 1}
    text = report.text()
    assert "Handoffs: 3 (1 still open)" in text and "median 20.0 min" in text


def test_an_empty_deployment_reports_zeros():
    report = summarise([], [], [])
    assert report.user_turns == 0 and report.wait_minutes_median is None
    assert "Handoffs: 0" in report.text() and "Feedback: none" in report.text()
