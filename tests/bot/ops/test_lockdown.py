"""Closed-by-default settings and generated secrets of the Rasa server run."""

from __future__ import annotations

import os
import stat

import pytest

from bot.ops.lockdown import ensure_secret, is_loopback, read_lockdown
from bot.ops.ratelimit import Rate
from bot.ops.replies import guard_reply


def test_a_secret_is_generated_once_with_mode_0600(tmp_path):
    path = tmp_path / "secrets" / "token"
    first = ensure_secret(path)
    assert len(first) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert ensure_secret(path) == first
    assert ensure_secret(tmp_path / "secrets" / "other") != first


def test_a_secret_readable_by_others_is_refused(tmp_path):
    path = tmp_path / "token"
    ensure_secret(path)
    os.chmod(path, 0o644)
    with pytest.raises(PermissionError, match="chmod 600"):
        ensure_secret(path)


def test_by_default_the_api_is_off_and_only_the_demo_origin_may_embed_the_widget(tmp_path):
    settings = read_lockdown({}, demo_origin="http://127.0.0.1:5005", secrets_dir=tmp_path)
    assert not settings.api_on and settings.api_token is None
    assert settings.widget_origins == ("http://127.0.0.1:5005", "http://localhost:5005")
    assert settings.action_secret == (tmp_path / "action_secret").read_text().strip()
    assert not (tmp_path / "rasa_api_token").exists()
    assert settings.per_sender == Rate(30, 60.0) and settings.per_address == Rate(300, 60.0)
    assert settings.max_body_bytes == 65536 and settings.speedups and not settings.log_json


def test_the_api_is_on_when_asked_or_for_the_handoff_release_and_then_has_a_token(tmp_path):
    asked = read_lockdown({"CLUSTER_RASA_API": "on"}, secrets_dir=tmp_path)
    assert asked.api_on and asked.api_token == (tmp_path / "rasa_api_token").read_text().strip()
    handoff = read_lockdown({"CLUSTER_HANDOFF_TOKEN": "t"}, secrets_dir=tmp_path)
    assert handoff.api_on and handoff.api_token == asked.api_token
    given = read_lockdown({"CLUSTER_RASA_API": "on", "CLUSTER_RASA_TOKEN": "mine"})
    assert given.api_token == "mine"


def test_settings_are_read_from_the_environment():
    settings = read_lockdown(
        {
            "CLUSTER_WIDGET_ORIGINS": "https://a.example, https://b.example",
            "CLUSTER_RATE_LIMIT_SENDER": "off",
            "CLUSTER_RATE_LIMIT_ADDRESS": "10/1",
            "CLUSTER_MAX_BODY_BYTES": "1000",
            "CLUSTER_LOG_JSON": "1",
            "CLUSTER_RASA_SPEEDUPS": "off",
            "CLUSTER_ACTION_SECRET": "s",
        },
        demo_origin="http://127.0.0.1:5005",
    )
    assert settings.widget_origins == ("https://a.example", "https://b.example")
    assert settings.per_sender is None and settings.per_address == Rate(10, 1.0)
    assert settings.max_body_bytes == 1000 and settings.log_json and not settings.speedups
    assert settings.action_secret == "s"


def test_loopback_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("127.1.2.3") and is_loopback("::1")
    assert is_loopback("::ffff:127.0.0.1")
    assert not is_loopback("10.0.0.1") and not is_loopback("") and not is_loopback(None)
    assert not is_loopback("not an address")


def test_guard_replies_are_friendly_texts():
    assert "wait" in guard_reply("rate_limited") and "kept" in guard_reply("rate_limited")
    assert "shorter" in guard_reply("too_long")


def test_guard_replies_follow_the_language_the_message_metadata_names():
    from bot.ops.security import rate_limited_reply

    assert "Sekunden" in guard_reply("rate_limited", "de")
    assert rate_limited_reply({"language": "pl"}) == guard_reply("rate_limited", "pl")
    # No language, an unknown one or metadata that is not an object: English.
    for metadata in (None, {}, {"language": "fi"}, "not json"):
        assert rate_limited_reply(metadata) == guard_reply("rate_limited")
