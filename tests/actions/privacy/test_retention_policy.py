"""The retention rule (contracts/privacy.py) and the settings that feed it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from contracts.privacy import RetentionError, RetentionPolicy, iso_utc, retention_policy


def test_defaults_are_documented_values():
    policy = retention_policy({})
    assert (policy.conversations, policy.tickets, policy.feedback) == (90, 180, 180)
    assert policy.describe() == "conversations 90 d, tickets 180 d, feedback 180 d"


def test_values_are_read_and_zero_keeps_forever():
    policy = retention_policy(
        {
            "CLUSTER_RETENTION_CONVERSATION_DAYS": " 30 ",
            "CLUSTER_RETENTION_TICKET_DAYS": "0",
            "CLUSTER_RETENTION_FEEDBACK_DAYS": "",
        }
    )
    assert policy == RetentionPolicy(conversations=30, tickets=0, feedback=180)
    now = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)
    assert iso_utc(policy.cutoff("conversations", now)) == "2026-11-05T12:00:00+00:00"
    assert policy.cutoff("tickets", now) is None
    assert "tickets forever" in policy.describe()


@pytest.mark.parametrize("raw", ["-1", "ninety", "1.5"])
def test_malformed_values_are_refused_with_the_variable_named(raw):
    with pytest.raises(RetentionError, match=f"CLUSTER_RETENTION_FEEDBACK_DAYS.*{raw!r}"):
        retention_policy({"CLUSTER_RETENTION_FEEDBACK_DAYS": raw})


def test_the_action_settings_read_the_environment(monkeypatch):
    from actions.privacy.settings import PrivacySettings

    monkeypatch.setenv("CLUSTER_RETENTION_TICKET_DAYS", "365")
    monkeypatch.setenv("CLUSTER_PRIVACY_TOKEN", "tok")
    settings = PrivacySettings.from_env()
    assert settings.policy.tickets == 365 and settings.token == "tok"
