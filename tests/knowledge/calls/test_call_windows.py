"""Deadline windows and budget bounds read from calls requests in the reply languages, and
the request without them (issue 13 part 2, session 21)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.calls.windows import CallWindow, read_window

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "rest", "deadline_to"),
    [
        (
            "calls closing before March on hydrogen storage",
            "calls on hydrogen storage",
            "2027-02-28",
        ),
        (
            "Ausschreibungen zu Wasserstoff bis Ende Juni",
            "Ausschreibungen zu Wasserstoff",
            "2027-05-31",
        ),
        (
            "appels à projets sur l'hydrogène avant mars",
            "appels à projets sur l'hydrogène",
            "2027-02-28",
        ),
        ("convocatorias de hidrógeno antes de marzo", "convocatorias de hidrógeno", "2027-02-28"),
        ("konkursy na wodór przed marcem", "konkursy na wodór", "2027-02-28"),
        ("calls over waterstof voor maart", "calls over waterstof", "2027-02-28"),
        ("chamadas sobre hidrogénio até março", "chamadas sobre hidrogénio", "2027-02-28"),
        ("bandi sull'idrogeno prima di marzo 2028", "bandi sull'idrogeno", "2028-02-29"),
    ],
)
def test_a_month_after_a_before_word_ends_the_window(text, rest, deadline_to):
    window = read_window(text, TODAY)
    assert window.text == rest
    assert window.deadline_to == date.fromisoformat(deadline_to)
    assert window.deadline_from is None


@pytest.mark.parametrize(
    ("text", "rest", "days"),
    [
        ("hydrogen calls with a deadline in the next 60 days", "hydrogen calls with a", 60),
        ("nabory na wodór w ciągu najbliższych 60 dni", "nabory na wodór", 60),
        ("oproepen voor waterstof in de komende 30 dagen", "oproepen voor waterstof", 30),
        ("Ausschreibungen Batterien in den nächsten 2 Wochen", "Ausschreibungen Batterien", 14),
        ("bandi idrogeno nei prossimi 30 giorni", "bandi idrogeno", 30),
    ],
)
def test_the_next_days_start_today(text, rest, days):
    window = read_window(text, TODAY)
    assert window.text == rest
    assert (window.deadline_from, (window.deadline_to - TODAY).days) == (TODAY, days)


@pytest.mark.parametrize(
    ("text", "rest", "minimum", "maximum"),
    [
        (
            "calls on textile recycling with budget over 1 million",
            "calls on textile recycling",
            1_000_000,
            None,
        ),
        ("bandi sull'idrogeno con budget oltre 2 milioni", "bandi sull'idrogeno", 2_000_000, None),
        ("calls up to 500,000 euro for AI", "calls for AI", None, 500_000),
        ("nabory powyżej 1,5 mln euro na AI", "nabory na AI", 1_500_000, None),
    ],
)
def test_budget_bounds(text, rest, minimum, maximum):
    window = read_window(text, TODAY)
    assert (window.text, window.budget_min, window.budget_max) == (rest, minimum, maximum)


@pytest.mark.parametrize(
    "text",
    [
        "chamadas sobre economia do mar",  # "mar" is the sea, never a month
        "calls for 3 partners",  # a number, no amount of euro
        "calls that may help SMEs",
        "calls on hydrogen",
        "",
    ],
)
def test_no_window_leaves_the_text(text):
    window = read_window(text, TODAY)
    assert window.empty and window.text == " ".join(text.split())


def test_bad_input_never_raises():
    assert read_window(None, TODAY).empty  # type: ignore[arg-type]
    assert read_window("before " * 10_000, TODAY).empty


def test_the_filters_round_trip():
    window = read_window("calls before March with budget over 2 million", TODAY)
    assert window.filters() == {"deadline_to": "2027-02-28", "budget_min": "2000000"}
    assert CallWindow.from_filters(window.filters()) == CallWindow(
        "", None, window.deadline_to, 2_000_000
    )
    assert CallWindow.from_filters({"deadline_to": "soon", "budget_min": "lots"}) is None
    assert CallWindow.from_filters({}) is None
