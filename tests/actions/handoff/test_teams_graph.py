"""Adviser replies the action server missed, read back through a local fake Microsoft Graph.

The live path is the real one (:class:`TeamsAdviserApp` over the fake Bot Connector, both ticket
stores, a recording fake Rasa API); the fake's Graph shows every thread as Teams keeps it: the
bot's own posts, and the people's replies whether or not the action server got them.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from actions.handoff.settings import HandoffSettings
from actions.handoff.teams_bot import TeamsBot
from actions.handoff.teams_graph import GRAPH_SCOPE, GraphClient, GraphError, ThreadReader
from actions.handoff.teams_routes import TeamsAdviserApp
from tests.actions.handoff.fake_teams import (
    APP_ID,
    CHANNEL,
    PASSWORD,
    TEAM,
    TENANT,
    FakeConnector,
)
from tests.actions.handoff.support import Recorder, teams_service

ANNA, BOB, EVE = "29:anna", "29:bob", "29:eve"


@pytest.fixture
def app(teams_app):
    """The Teams adviser app of ``tests/actions/handoff/conftest.py``."""
    return teams_app


def reader_of(app: TeamsAdviserApp, connector: FakeConnector, grace_s: float = 0.0) -> ThreadReader:
    """A reader as a (re)started action server makes it: nothing handled in memory yet."""
    session = app.relay.adviser.bot._session
    bot = TeamsBot(APP_ID, PASSWORD, TENANT, session, f"{connector.url}/token", GRAPH_SCOPE)
    graph = GraphClient(bot, session, f"{connector.url}/graph", backoff_s=0.01)
    return ThreadReader(app, graph, TEAM, grace_s=grace_s)


def live(user: str, thread: str, text: str = "", value: dict | None = None, **kw) -> dict:
    """An activity as Teams posts it to the live endpoint."""
    body = {"type": "message", "id": kw.get("id", f"live-{user}-{text}"), "text": text,
            "from": {"id": user, "name": {ANNA: "Anna Adviser", BOB: "Bob"}.get(user, "Eve")},
            "conversation": {"id": thread, "conversationType": "channel"}}  # fmt: skip
    if value is not None:
        body["value"] = value
    return body


async def until(predicate, timeout: float = 10.0) -> None:
    """Waits until ``predicate()`` is true (fails after ``timeout`` seconds)."""
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("not reached in time")


def sme_texts(rasa: Recorder) -> list[str]:
    """The adviser messages (and notices) written into the SME's conversation, in order."""
    return [e["text"] for r in rasa.requests for e in r["json"] if e.get("event") == "bot"]


async def claimed_ticket(app: TeamsAdviserApp, user: str = ANNA) -> tuple[int, str]:
    """A ticket with a thread in the adviser channel, claimed live by ``user``."""
    store = app.relay.store
    ticket = store.create("teams-sme", email=None, transcript=[], context={"language": "en"})
    assert await app.relay.open(ticket) == "sent"
    thread = store.get(ticket.id).thread["conversation"]
    claim = {"handoff_action": "claim", "ticket": ticket.id}
    assert (await app.activity(live(user, thread, value=claim))).ok
    return ticket.id, thread


async def test_a_missed_member_reply_is_relayed_once(app, connector, rasa):
    tid, thread = await claimed_ticket(app)
    # live: Teams posted this one to the action server, and Graph shows it with the same id
    assert (await app.activity(live(ANNA, thread, "Which region?", id="m-live"))).ok
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Which region?", message_id="m-live")
    await app.relay.from_sme(
        "teams-sme", [{"event": "pause"}, {"event": "user", "text": "Styria", "timestamp": 2.0}]
    )
    assert connector.replies(thread)[-1] == "SME: Styria"  # the bot's post: in Graph too
    # missed: written while the action server was down (more than a Graph page: paged)
    connector.thread_reply(thread, ANNA, "Anna Adviser", "<at>Cluster assistant</at> Graz & Linz?")
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Both are fine.")
    assert len(connector.graph[thread.partition(";messageid=")[2]]) > connector.graph_page_size

    reader = reader_of(app, connector)
    assert await reader.poll() == 3  # the live one is accepted again, but stored once
    texts = sme_texts(rasa)
    assert texts[-3:] == ["Which region?", "Graz & Linz?", "Both are fine."]
    assert texts.count("Which region?") == 1 and "SME: Styria" not in texts
    # again, and after a restart (nothing in memory): nothing twice
    assert await reader.poll() == 0
    assert await reader_of(app, connector).poll() == 3
    assert sme_texts(rasa) == texts
    stored = [m.text for m in app.relay.store.messages(tid) if m.author == "Anna Adviser"]
    assert stored == ["Which region?", "Graz & Linz?", "Both are fine."]


async def test_non_members_colleagues_and_replies_before_the_claim_are_not_relayed(
    app, connector, rasa
):
    early = datetime.now(timezone.utc) - timedelta(minutes=5)
    store = app.relay.store
    ticket = store.create("teams-sme", email=None, transcript=[], context={})
    await app.relay.open(ticket)
    thread = store.get(ticket.id).thread["conversation"]
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Before my claim", at=early)
    claim = {"handoff_action": "claim", "ticket": ticket.id}
    assert (await app.activity(live(ANNA, thread, value=claim))).ok
    connector.thread_reply(thread, EVE, "Eve Outsider", "I am not in the team")
    connector.thread_reply(thread, BOB, "Bob", "Not my ticket")
    connector.thread_reply(thread, ANNA, "Anna Adviser", "After my claim")
    answers = len(connector.replies(thread))

    assert await reader_of(app, connector).poll() == 1
    texts = sme_texts(rasa)
    assert texts[-1] == "After my claim"
    assert not {"Before my claim", "I am not in the team", "Not my ticket"} & set(texts)
    assert len(connector.replies(thread)) == answers  # refusals not answered in the thread


async def test_release_written_while_down_hands_back_and_later_replies_are_refused(
    app, connector, rasa
):
    tid, thread = await claimed_ticket(app)
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Last answer.")
    connector.thread_reply(thread, ANNA, "Anna Adviser", "release")
    connector.thread_reply(thread, ANNA, "Anna Adviser", "After the release")

    assert await reader_of(app, connector).poll() == 2
    assert app.relay.store.get(tid).state == "released"
    texts = sme_texts(rasa)
    assert "Last answer." in texts and "After the release" not in texts
    assert "release" not in texts
    resumed = [r for r in rasa.requests if any(e["event"] == "resume" for e in r["json"])]
    assert len(resumed) == 1
    # a released ticket's thread is not read any more
    before = connector.graph_requests
    assert await reader_of(app, connector).poll() == 0
    assert connector.graph_requests == before


async def test_graph_down_is_retried_boundedly_and_read_at_the_next_round(app, connector, rasa):
    _, thread = await claimed_ticket(app)
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Written during the outage")
    reader = reader_of(app, connector)
    connector.graph_failing = 10
    assert await reader.poll() == 0  # no exception, nothing relayed
    assert connector.graph_requests == 3  # bounded tries
    assert "Written during the outage" not in sme_texts(rasa)
    connector.graph_failing = 0
    assert await reader.poll() == 1
    assert sme_texts(rasa).count("Written during the outage") == 1


async def test_young_replies_are_left_to_the_live_path_and_junk_is_skipped(app, connector, rasa):
    _, thread = await claimed_ticket(app)
    root = thread.partition(";messageid=")[2]
    connector.graph[root] = [
        {"id": "x1"},
        {"id": "x2", "createdDateTime": "yesterday", "from": {"user": {"id": "e-anna"}}},
        {"id": "x3", "createdDateTime": "2026-01-01T00:00:00Z", "from": None},
        {"id": "x4", "createdDateTime": "2026-01-01T00:00:00Z", "messageType": "systemEventMessage",
         "from": {"user": {"id": "e-anna"}}},
        {"createdDateTime": "2026-01-01T00:00:00Z", "from": {"user": {"id": "e-anna"}}},
        "not a message",
    ]  # fmt: skip
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Just written")
    reader = reader_of(app, connector, grace_s=60)
    assert await reader.poll() == 0
    reader.grace_s = 0
    assert await reader.poll() == 1 and sme_texts(rasa)[-1] == "Just written"


async def test_the_token_goes_to_graph_only_and_refusals_are_not_retried(app, connector):
    session = app.relay.adviser.bot._session
    bot = TeamsBot(APP_ID, PASSWORD, TENANT, session, f"{connector.url}/token", GRAPH_SCOPE)
    graph = GraphClient(bot, session, f"{connector.url}/graph", backoff_s=0.01)
    with pytest.raises(GraphError, match="not a Graph URL"):
        await graph.get("http://127.0.0.1:1/elsewhere")
    with pytest.raises(GraphError, match="refused"):
        await graph.replies("another-team", CHANNEL, "1")
    assert connector.graph_requests == 1
    wrong = TeamsBot(APP_ID, "wrong", TENANT, session, f"{connector.url}/token", GRAPH_SCOPE)
    with pytest.raises(GraphError, match="after 3 tries"):
        await GraphClient(wrong, session, f"{connector.url}/graph", 0.01).get(
            f"{connector.url}/graph/teams/{TEAM}/channels/c/messages/1/replies"
        )


def test_poll_interval_setting(monkeypatch):
    monkeypatch.setenv("CLUSTER_ADVISER_TEAMS_POLL_S", "5")
    assert HandoffSettings.from_env().teams_poll_s == 5.0
    monkeypatch.setenv("CLUSTER_ADVISER_TEAMS_POLL_S", "soon")
    assert HandoffSettings.from_env().teams_poll_s == 30.0
    monkeypatch.delenv("CLUSTER_ADVISER_TEAMS_POLL_S")
    assert HandoffSettings.from_env().teams_poll_s == 30.0


def test_the_install_line_names_the_team_id():
    from bot.channels.adviser_teams import installation_line

    update = {"type": "conversationUpdate", "serviceUrl": "https://smba.example/emea/",
              "channelData": {"tenant": {"id": TENANT}, "team": {
                  "id": CHANNEL, "name": "EEN advisers", "aadGroupId": TEAM}}}  # fmt: skip
    line = installation_line(update) or ""
    assert f"CLUSTER_ADVISER_TEAMS_TEAM_ID={TEAM} " in line and CHANNEL in line


@pytest.mark.parametrize("team", [TEAM, None])
async def test_the_action_server_reads_the_threads_at_start_and_then_every_n_seconds(
    tmp_path, open_store, connector, rasa, monkeypatch, team
):
    from actions.handoff import teams_graph
    from tests.actions.handoff.test_relay_routes import serve

    monkeypatch.setattr(teams_graph, "GRACE_S", 0.0)
    service = teams_service(
        tmp_path, open_store(), rasa, connector, token="t", teams_team_id=team,
        teams_graph_url=f"{connector.url}/graph", teams_poll_s=0.2,
    )  # fmt: skip
    app = TeamsAdviserApp(service.relay, service.relay.adviser)
    _, thread = await claimed_ticket(app)
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Written while the server was down")
    try:
        async with serve(service):
            if team is None:  # not configured: never asked
                await asyncio.sleep(0.5)
                assert connector.graph_requests == 0
                return
            await until(lambda: "Written while the server was down" in sme_texts(rasa))  # start
            connector.thread_reply(thread, ANNA, "Anna Adviser", "And one more")
            await until(lambda: "And one more" in sme_texts(rasa))  # a later round
            await asyncio.sleep(0.5)  # more rounds: nothing twice
            texts = sme_texts(rasa)
            assert (
                texts.count("Written while the server was down") == texts.count("And one more") == 1
            )
    finally:
        await service.close()


async def test_claim_written_while_down_is_applied_once_in_order_with_the_replies(
    app, connector, rasa
):
    """A card button pressed while the action server is down is lost; ``claim`` written in the
    thread is read back: the claim holds from when it was written, so the replies after it
    are relayed in order; a non-member's and a colleague's later claim are not applied."""
    written = datetime.now(timezone.utc) - timedelta(minutes=3)
    store = app.relay.store
    ticket = store.create("teams-sme", email=None, transcript=[], context={"language": "de"})
    await app.relay.open(ticket)
    thread = store.get(ticket.id).thread["conversation"]
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Too early", at=written)
    connector.thread_reply(thread, EVE, "Eve", "claim", at=written + timedelta(seconds=20))
    connector.thread_reply(
        thread, ANNA, "Anna Adviser", "claim", at=written + timedelta(seconds=60)
    )
    connector.thread_reply(thread, BOB, "Bob", "claim", at=written + timedelta(seconds=70))
    connector.thread_reply(thread, ANNA, "Anna Adviser", "Welche Region?", at=written + timedelta(seconds=90))  # fmt: skip
    connector.thread_reply(thread, ANNA, "Anna Adviser", "release", at=written + timedelta(seconds=120))  # fmt: skip

    assert await reader_of(app, connector).poll() == 3  # claim, reply, release
    ticket = store.get(ticket.id)
    assert ticket.state == "released" and ticket.claimed_by == f"teams:{ANNA}"
    assert ticket.claimed_at == (written + timedelta(seconds=60)).isoformat(timespec="seconds")
    texts = sme_texts(rasa)
    joined = [t for t in texts if "Anna Adviser" in t and "Enterprise Europe Network" in t]
    assert len(joined) == 1 and texts.index(joined[0]) < texts.index("Welche Region?")
    assert "Too early" not in texts and "claim" not in texts
    # read again after a restart: nothing applied twice
    assert await reader_of(app, connector).poll() == 0
    assert sme_texts(rasa) == texts


async def test_claim_written_live_in_the_thread(app, connector, rasa):
    store = app.relay.store
    ticket = store.create("teams-sme", email=None, transcript=[], context={"language": "en"})
    await app.relay.open(ticket)
    thread = store.get(ticket.id).thread["conversation"]
    assert (await app.activity(live(ANNA, thread, "<at>Cluster assistant</at> claim"))).ok
    assert store.get(ticket.id).claimed_by == f"teams:{ANNA}"
    refused = await app.activity(live(BOB, thread, "/claim"))
    assert (
        refused.status == 409 and "already claimed by Anna Adviser" in connector.replies(thread)[-1]
    )
