"""Slack and Teams refuse to start with empty secrets; the action endpoint carries its secret."""

from __future__ import annotations

import pytest

from bot.channels.slack import SlackInput
from bot.channels.teams import TeamsInput
from bot.ops.runtime_config import build_run_config


@pytest.mark.parametrize(
    "credentials",
    [
        {"slack_token": "xoxb-1", "slack_signing_secret": ""},
        {"slack_token": "xoxb-1"},
        {"slack_token": "", "slack_signing_secret": "s"},
        None,
    ],
)
def test_slack_refuses_to_start_without_token_and_signing_secret(credentials):
    with pytest.raises(Exception, match="credentials"):
        SlackInput.from_credentials(credentials)


@pytest.mark.parametrize(
    "credentials", [{"app_id": "a", "app_password": ""}, {"app_id": "", "app_password": "p"}]
)
def test_teams_refuses_to_start_with_an_empty_secret(credentials):
    with pytest.raises(Exception, match="credentials"):
        TeamsInput.from_credentials(credentials)


def test_with_both_slack_secrets_the_channel_starts():
    assert SlackInput.from_credentials({"slack_token": "x", "slack_signing_secret": "s"})


def test_the_action_endpoint_sends_the_shared_secret_when_one_is_set():
    config = build_run_config({"CLUSTER_ACTION_SECRET": "shh"})
    assert config.endpoints["action_endpoint"]["headers"] == {"X-Cluster-Action-Secret": "shh"}
    assert "headers" not in build_run_config({}).endpoints["action_endpoint"]
