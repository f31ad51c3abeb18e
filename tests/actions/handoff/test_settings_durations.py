"""Handoff settings: the reminder delay and the Teams read interval are read by one rule."""

from __future__ import annotations

import logging

import pytest

from actions.handoff.settings import HandoffSettings

#: (variable, settings field, default, unit in the log line)
DURATIONS = [
    ("CLUSTER_HANDOFF_REMIND_AFTER_MIN", "remind_after_min", 15.0, "minutes"),
    ("CLUSTER_ADVISER_TEAMS_POLL_S", "teams_poll_s", 30.0, "seconds"),
]


@pytest.mark.parametrize(("variable", "field", "default", "unit"), DURATIONS)
@pytest.mark.parametrize(
    ("raw", "expected", "logged"),
    [
        (None, None, False),
        ("", None, False),
        ("  ", None, False),
        ("0", 0.0, False),
        (" 2.5 ", 2.5, False),
        ("45", 45.0, False),
        ("-3", None, True),
        ("soon", None, True),
    ],
)
def test_a_duration_is_a_non_negative_number_else_the_default(
    monkeypatch, caplog, variable, field, default, unit, raw, expected, logged
):
    if raw is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, raw)
    with caplog.at_level(logging.ERROR, logger="actions.handoff.settings"):
        value = getattr(HandoffSettings.from_env(), field)
    assert value == (default if expected is None else expected)
    lines = [r.getMessage() for r in caplog.records if r.name == "actions.handoff.settings"]
    assert lines == ([f"{variable}={raw.strip()!r} is not a number of {unit}"] if logged else [])
