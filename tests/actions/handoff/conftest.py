"""What handoff tests share: the ticket store (SQLite, and PostgreSQL on a throw-away local
server), the fake Rasa API, the fake Bot Connector and a Teams adviser app over them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from actions.handoff.store import SQLiteTicketStore, TicketStore


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request, tmp_path) -> Callable[[], TicketStore]:
    """Opens this test's ticket store (again, as a restarted process would).

    The ``postgres`` case gets its own empty schema (``postgres_url`` in ``tests/conftest.py``).
    """
    if request.param == "postgres":
        from actions.handoff.pg_store import PostgresTicketStore

        url = request.getfixturevalue("postgres_url")
        return lambda: PostgresTicketStore(url)
    return lambda: SQLiteTicketStore(tmp_path / "tickets.db")


@pytest.fixture
async def rasa():
    """A fake Rasa HTTP API that records the appended events (tests.actions.handoff.support)."""
    from tests.actions.handoff.support import Recorder

    recorder = await Recorder().start()
    yield recorder
    await recorder.close()


@pytest.fixture
async def connector():
    """A fake Bot Connector (with Microsoft's token endpoint and Graph, tests.actions.handoff.fake_teams)."""
    from tests.actions.handoff.fake_teams import FakeConnector

    fake = await FakeConnector().start()
    yield fake
    await fake.close()


@pytest.fixture
async def teams_app(tmp_path, open_store, connector, rasa):
    """The Teams adviser channel's app over the test's store, the fake Rasa and Bot Connector."""
    from actions.handoff.teams_routes import TeamsAdviserApp
    from tests.actions.handoff.support import teams_service

    service = teams_service(tmp_path, open_store(), rasa, connector)
    yield TeamsAdviserApp(service.relay, service.relay.adviser)
    await service.close()


@pytest.fixture
async def slack():
    """A fake Slack Web API (tests.actions.handoff.fake_slack)."""
    from tests.actions.handoff.fake_slack import FakeSlack

    fake = await FakeSlack().start()
    yield fake
    await fake.close()


@pytest.fixture
async def slack_app(tmp_path, open_store, slack, rasa):
    """The Slack adviser channel's app over the test's store, the fake Rasa and Slack."""
    from actions.handoff.slack_routes import SlackAdviserApp
    from actions.handoff.wiring import build_relay
    from tests.actions.handoff.fake_slack import CHANNEL, SECRET, TOKEN
    from tests.actions.handoff.support import make_service

    service = make_service(
        tmp_path,
        open_store(),
        rasa_url=rasa.url(""),
        slack_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_channel=CHANNEL,
        slack_api_url=slack.api_url,
    )
    service.relay = build_relay(service)
    yield SlackAdviserApp(service.relay, service.relay.adviser)
    await service.close()
