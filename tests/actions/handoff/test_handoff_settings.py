"""Handoff settings: a partly configured adviser channel or Teams app stops the action server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from actions.handoff.settings import HandoffConfigError, HandoffSettings

ROOT = Path(__file__).resolve().parents[3]
TEAMS = {
    "CLUSTER_ADVISER_TEAMS_APP_ID": "app",
    "CLUSTER_ADVISER_TEAMS_APP_PASSWORD": "secret",
    "CLUSTER_ADVISER_TEAMS_TENANT": "tenant",
    "CLUSTER_ADVISER_TEAMS_SERVICE_URL": "https://smba.trafficmanager.net/emea/",
    "CLUSTER_ADVISER_TEAMS_CHANNEL": "19:advisers@thread.tacv2",
    "CLUSTER_HANDOFF_TOKEN": "t" * 32,
}
SLACK = {
    "CLUSTER_ADVISER_SLACK_TOKEN": "xoxb-1",
    "CLUSTER_ADVISER_SLACK_SIGNING_SECRET": "s",
    "CLUSTER_ADVISER_SLACK_CHANNEL": "C1",
}


SME_BOT = {"CLUSTER_SME_TEAMS_APP_ID": "sme-app", "CLUSTER_SME_TEAMS_APP_PASSWORD": "sme-secret"}


@pytest.fixture
def env(monkeypatch):
    for name in {**TEAMS, **SLACK, **SME_BOT}:
        monkeypatch.delenv(name, raising=False)

    def set_env(values: dict[str, str]) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_complete_or_absent_configurations_start(env):
    assert HandoffSettings.from_env().missing() == []
    env({**TEAMS, **SLACK})
    settings = HandoffSettings.from_env()
    assert settings.teams_enabled and settings.slack_enabled


def test_only_the_teams_app_is_enough_for_pushes_to_teams_smes(env):
    env({k: v for k, v in TEAMS.items() if "APP" in k or "TENANT" in k})
    settings = HandoffSettings.from_env()
    assert not settings.teams_enabled  # no adviser channel in Teams: Slack or the webhook
    assert (settings.teams_app_id, settings.teams_tenant) == ("app", "tenant")


def test_the_smes_own_bot_sends_to_smes_and_the_advisers_bot_posts_threads(env, tmp_path):
    """Two registrations: proactive messages to SMEs in Teams use the SMEs' bot."""
    from actions.handoff.wiring import build_relay
    from tests.actions.handoff.support import make_service

    env(TEAMS)
    assert HandoffSettings.from_env().sme_teams_credentials() == ("app", "secret")  # one bot
    env(SME_BOT)
    settings = HandoffSettings.from_env()
    assert settings.sme_teams_credentials() == ("sme-app", "sme-secret")
    fields = {k: v for k, v in vars(settings).items() if k != "db_path"}
    relay = build_relay(make_service(tmp_path, **fields))
    assert relay.sme.teams.app_id == "sme-app" and relay.adviser.bot.app_id == "app"


def test_half_of_the_smes_bot_names_what_is_missing(env):
    env({**TEAMS, "CLUSTER_SME_TEAMS_APP_ID": "sme-app"})
    with pytest.raises(HandoffConfigError, match="CLUSTER_SME_TEAMS_APP_PASSWORD"):
        HandoffSettings.from_env()


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        (["CLUSTER_ADVISER_TEAMS_APP_PASSWORD"], ["CLUSTER_ADVISER_TEAMS_APP_PASSWORD"]),
        (["CLUSTER_ADVISER_TEAMS_TENANT"], ["CLUSTER_ADVISER_TEAMS_TENANT"]),
        (["CLUSTER_ADVISER_TEAMS_SERVICE_URL"], ["CLUSTER_ADVISER_TEAMS_SERVICE_URL"]),
        (["CLUSTER_HANDOFF_TOKEN"], ["CLUSTER_HANDOFF_TOKEN"]),
        (
            ["CLUSTER_ADVISER_TEAMS_APP_ID", "CLUSTER_ADVISER_TEAMS_APP_PASSWORD"],
            ["CLUSTER_ADVISER_TEAMS_APP_ID", "CLUSTER_ADVISER_TEAMS_APP_PASSWORD"],
        ),
    ],
)
def test_a_partial_teams_configuration_names_what_is_missing(env, unset, named):
    env({k: v for k, v in TEAMS.items() if k not in unset})
    with pytest.raises(HandoffConfigError) as caught:
        HandoffSettings.from_env()
    message = str(caught.value)
    assert all(name in message for name in named), message
    assert all(name not in message for name in set(TEAMS) - set(unset)), message


def test_a_partial_slack_configuration_names_what_is_missing(env):
    env({"CLUSTER_ADVISER_SLACK_TOKEN": "xoxb-1"})
    with pytest.raises(HandoffConfigError, match="SIGNING_SECRET, CLUSTER_ADVISER_SLACK_CHANNEL"):
        HandoffSettings.from_env()


def test_the_action_server_does_not_start_with_a_missing_teams_credential(tmp_path):
    """Loud at start (exit status and the variable's name), before any model is loaded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTER_ADVISER_")}
    env.update({k: v for k, v in TEAMS.items() if k != "CLUSTER_ADVISER_TEAMS_APP_PASSWORD"})
    env["CLUSTER_HANDOFF_DB"] = str(tmp_path / "handoff.db")
    done = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", "1", "--host", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "CLUSTER_ADVISER_TEAMS_APP_PASSWORD" in done.stderr
    assert "configured only in part" in done.stderr
