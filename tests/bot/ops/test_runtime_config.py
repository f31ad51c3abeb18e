"""The per-run credentials and endpoints files assembled from the environment."""

from __future__ import annotations

import json

import yaml

from bot.ops.runtime_config import build_run_config, write_run_config

SLACK = "bot.channels.slack.SlackInput"
TEAMS = "bot.channels.teams.TeamsInput"


def test_default_run_needs_no_secrets_and_uses_sqlite(tmp_path):
    config = build_run_config({"CLUSTER_TRACKER_DB": str(tmp_path / "db" / "t.db")})
    assert config.channels_on == ["rest", "web"]
    assert "SLACK_BOT_TOKEN" in config.channels_off["slack"]
    assert "TEAMS_APP_ID and TEAMS_APP_PASSWORD" in config.channels_off["teams"]
    credentials, endpoints = write_run_config(tmp_path / "run", config)
    creds = yaml.safe_load(credentials.read_text())
    ends = yaml.safe_load(endpoints.read_text())
    assert creds == {
        "bot.channels.rest_safe.SafeRestInput": None,
        "bot.channels.web.WebChatInput": {"session_persistence": True},
    }
    assert ends["tracker_store"] == {
        "type": "bot.privacy.tracker_store.PrivacyTrackerStore",  # SQL store + erasure/retention
        "dialect": "sqlite",
        "db": str((tmp_path / "db" / "t.db").resolve()),
        "retention_days": 90,
    }
    assert (tmp_path / "db").is_dir()  # SQLite does not create folders itself
    assert ends["action_endpoint"]["url"] == "http://127.0.0.1:5055/webhook"
    assert "${" not in credentials.read_text() + endpoints.read_text()


def test_slack_is_enabled_only_with_both_secrets():
    half = build_run_config({"SLACK_BOT_TOKEN": "xoxb-1"})
    assert SLACK not in half.credentials
    assert "SLACK_SIGNING_SECRET" in half.channels_off["slack"]
    full = build_run_config({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cret"})
    assert full.credentials[SLACK] == {"slack_token": "xoxb-1", "slack_signing_secret": "s3cret"}
    assert full.channels_on == ["rest", "web", "slack"]
    assert full.summary().startswith("channels on: rest, web, slack | off: teams")


def test_slack_options_are_passed_on_when_set():
    config = build_run_config(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s3cret",
            "SLACK_API_URL": "http://127.0.0.1:9999/api/",
        }
    )
    assert config.credentials[SLACK]["api_url"] == "http://127.0.0.1:9999/api/"
    assert "bot_user_id" not in config.credentials[SLACK]


def test_teams_is_enabled_with_app_id_and_password_and_takes_tenant_and_urls():
    half = build_run_config({"TEAMS_APP_ID": "app", "TEAMS_TENANT_ID": "tenant-1"})
    assert TEAMS not in half.credentials
    assert "TEAMS_APP_PASSWORD" in half.channels_off["teams"]

    multi = build_run_config({"TEAMS_APP_ID": "app", "TEAMS_APP_PASSWORD": "pw"})
    assert multi.credentials[TEAMS] == {"app_id": "app", "app_password": "pw"}
    assert multi.channels_on[-1] == "teams"
    assert "teams" in multi.summary()

    single = build_run_config(
        {
            "TEAMS_APP_ID": "app",
            "TEAMS_APP_PASSWORD": "pw",
            "TEAMS_TENANT_ID": "tenant-1",
            "TEAMS_OPENID_METADATA_URL": "http://127.0.0.1:1/openid",
            "TEAMS_TOKEN_URL": "http://127.0.0.1:1/token",
        }
    )
    assert single.credentials[TEAMS] == {
        "app_id": "app",
        "app_password": "pw",
        "tenant_id": "tenant-1",
        "openid_metadata_url": "http://127.0.0.1:1/openid",
        "token_url": "http://127.0.0.1:1/token",
    }


def test_channel_connectors_named_in_credentials_load_in_rasa():
    """Rasa finds each connector by its module path, as ``rasa run`` does."""
    from rasa.core.run import _create_single_channel

    config = build_run_config(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s3cret",
            "TEAMS_APP_ID": "app",
            "TEAMS_APP_PASSWORD": "pw",
        }
    )
    slack = _create_single_channel(SLACK, config.credentials[SLACK])
    teams = _create_single_channel(TEAMS, config.credentials[TEAMS])
    assert (slack.name(), teams.name()) == ("slack", "teams")
    assert slack.use_threads is True


def test_scale_out_settings_switch_to_external_stores(tmp_path):
    config = build_run_config(
        {
            "CLUSTER_TRACKER_URL": "postgres://rasa:pw@db.internal/rasa?sslmode=require",
            "CLUSTER_LOCK_STORE_URL": "rediss://:s%40cret@redis.internal:6380/2?ssl_ca_certs=/ca.pem",
            "CLUSTER_EVENT_BROKER_URL": "postgresql://rasa:pw@db.internal/rasa",
            "CLUSTER_ACTION_URL": "http://actions:5055/webhook",
        }
    )
    # Rasa passes an endpoint's "url" to the store as its host; a URL with :// is used whole.
    # The privacy store (erasure, retention) extends the strict store of a scaled deployment.
    assert config.endpoints["tracker_store"] == {
        "type": "bot.privacy.tracker_store.PrivacyTrackerStore",
        "url": "postgresql://rasa:pw@db.internal/rasa?sslmode=require",
        "retention_days": 90,
    }
    assert config.endpoints["event_broker"] == {
        "type": "SQL",
        "url": "postgresql://rasa:pw@db.internal/rasa",
    }
    lock = config.endpoints["lock_store"]
    assert (lock["url"], lock["port"], lock["db"], lock["password"]) == (
        "redis.internal",
        6380,
        2,
        "s@cret",
    )
    assert lock["use_ssl"] is True and lock["ssl_ca_certs"] == "/ca.pem"
    assert config.endpoints["action_endpoint"]["url"] == "http://actions:5055/webhook"
    credentials, _ = write_run_config(tmp_path, config)
    assert oct(credentials.stat().st_mode & 0o777) == "0o600"
    json.loads(credentials.read_text())  # JSON is valid YAML for Rasa's reader
