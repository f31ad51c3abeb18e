"""The per-run credentials and endpoints files assembled from the environment."""

from __future__ import annotations

import json

import yaml

from bot.runtime_config import build_run_config, write_run_config


def test_default_run_needs_no_secrets_and_uses_sqlite(tmp_path):
    config = build_run_config({"CLUSTER_TRACKER_DB": str(tmp_path / "db" / "t.db")})
    assert config.channels_on == ["rest"]
    assert "SLACK_BOT_TOKEN" in config.channels_off["slack"]
    credentials, endpoints = write_run_config(tmp_path / "run", config)
    creds = yaml.safe_load(credentials.read_text())
    ends = yaml.safe_load(endpoints.read_text())
    assert creds == {"rest": None}
    assert ends["tracker_store"] == {
        "type": "SQL",
        "dialect": "sqlite",
        "db": str((tmp_path / "db" / "t.db").resolve()),
    }
    assert (tmp_path / "db").is_dir()  # SQLite does not create folders itself
    assert ends["action_endpoint"]["url"] == "http://127.0.0.1:5055/webhook"
    assert "${" not in credentials.read_text() + endpoints.read_text()


def test_slack_is_enabled_only_with_both_secrets():
    half = build_run_config({"SLACK_BOT_TOKEN": "xoxb-1"})
    assert "slack" not in half.credentials
    assert "SLACK_SIGNING_SECRET" in half.channels_off["slack"]
    full = build_run_config({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"})
    assert full.credentials["slack"] == {"slack_token": "xoxb-1", "slack_signing_secret": "s3cret"}
    assert full.channels_on == ["rest", "slack"]
    assert "slack" in full.summary() and "off" not in full.summary()


def test_scale_out_settings_switch_to_external_stores(tmp_path):
    config = build_run_config(
        {
            "CLUSTER_TRACKER_URL": "postgresql://rasa:pw@db.internal/rasa",
            "CLUSTER_LOCK_STORE_URL": "redis.internal",
            "CLUSTER_ACTION_URL": "http://actions:5055/webhook",
        }
    )
    assert config.endpoints["tracker_store"] == {
        "type": "SQL",
        "host": "postgresql://rasa:pw@db.internal/rasa",
    }
    assert config.endpoints["lock_store"] == {"type": "redis", "url": "redis.internal"}
    assert config.endpoints["action_endpoint"]["url"] == "http://actions:5055/webhook"
    credentials, _ = write_run_config(tmp_path, config)
    assert oct(credentials.stat().st_mode & 0o777) == "0o600"
    json.loads(credentials.read_text())  # JSON is valid YAML for Rasa's reader
