"""The channels stage's one stack (``make test-channels``: tests/bot/test_slack_live.py and
tests/bot/test_teams_live.py).

Both servers start once (:class:`scripts.stack.Stack`, what ``make run`` uses, on free ports) with
the Slack and the Teams channel on: ``SLACK_*`` variables point the Slack connector's Web API
client at :class:`channels_fakes.FakeSlackApi`, ``TEAMS_*`` variables make
``bot.channels.teams.TeamsInput`` a single-tenant bot whose identity provider, token endpoint and
Bot Connector service are :class:`channels_fakes.FakeBotFramework`. Each channel's tests talk to
their own fake and as users of their own, so the two modules do not see each other's traffic.
"""

from __future__ import annotations

import pytest
from channels_fakes import FakeBotFramework, FakeSlackApi, slack_env, teams_env

from scripts.stack import Stack


@pytest.fixture(scope="session")
def slack_api():
    with FakeSlackApi() as server:
        yield server


@pytest.fixture(scope="session")
def teams_fake():
    with FakeBotFramework() as server:
        yield server


@pytest.fixture(scope="session")
def channels_stack(slack_api, teams_fake, tmp_path_factory):
    stack = Stack.isolated(
        tmp_path_factory.mktemp("channels-stack"),
        extra_env={**slack_env(slack_api), **teams_env(teams_fake)},
    )
    stack.start()
    yield stack
    stack.stop()
