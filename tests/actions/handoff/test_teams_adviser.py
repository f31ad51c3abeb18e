"""The Teams adviser channel against a local fake Bot Connector and a recording fake Rasa API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from actions.handoff.relay_store import SME_CHANNEL_KEY
from actions.handoff.sme_outlet import teams_reference
from actions.handoff.teams_routes import TeamsAdviserApp
from actions.handoff.wiring import build_relay
from contracts.handoff import staff_command
from tests.actions.handoff.fake_teams import CHANNEL, TENANT, FakeConnector
from tests.actions.handoff.support import Recorder, make_service, teams_service


@pytest.fixture
def app(teams_app):
    """The Teams adviser app of ``tests/actions/handoff/conftest.py``."""
    return teams_app


def activity(user: str, conversation: str, text: str = "", value: dict | None = None) -> dict:
    body = {"type": "message", "id": f"a-{user}-{text}", "text": text,
            "from": {"id": user, "name": {"29:anna": "Anna Adviser"}.get(user, "Someone")},
            "conversation": {"id": conversation, "conversationType": "channel"}}  # fmt: skip
    if value is not None:
        body["value"] = value
    return body


def sme_texts(rasa: Recorder) -> list[tuple[str, str | None]]:
    return [
        (e["text"], (e.get("metadata") or {}).get("handoff_adviser"))
        for r in rasa.requests
        for e in r["json"]
        if e.get("event") == "bot"
    ]


async def test_thread_claim_reply_release_in_a_team_channel(app, connector, rasa):
    store = app.relay.store
    ticket = store.create("teams-sme", email=None, transcript=[], context={"language": "es"})
    assert await app.relay.open(ticket) == "sent"
    ticket = store.get(ticket.id)
    [(_, _, created)] = [c for c in connector.calls if c[0] == "create"]
    assert created["channelData"] == {"channel": {"id": CHANNEL}, "tenant": {"id": TENANT}}
    card = created["activity"]["attachments"][0]["content"]
    assert [a["title"] for a in card["actions"]] == ["Claim", "Release"]
    assert "SME language: es" in card["body"][0]["text"]
    thread = ticket.thread["conversation"]
    assert thread.startswith(f"{CHANNEL};messageid=") and connector.tokens_issued == 1

    claim = await app.activity(
        activity("29:anna", thread, value={"handoff_action": "claim", "ticket": ticket.id})
    )
    assert claim.ok
    assert sme_texts(rasa) == [
        ("Anna Adviser, de la Enterprise Europe Network, se ha unido a la conversación.", None)
    ]
    updated = [body for kind, _, body in connector.calls if kind == "update"][-1]
    assert "Claimed by Anna Adviser" in json.dumps(updated)

    reply = await app.activity(activity("29:anna", thread, "<at>Bot</at> ¿En qué región está?"))
    assert reply.ok and sme_texts(rasa)[-1] == ("¿En qué región está?", "Anna Adviser")

    await app.relay.from_sme(
        "teams-sme", [{"event": "pause"}, {"event": "user", "text": "Galicia", "timestamp": 3.0}]
    )
    assert connector.replies(thread)[-1] == "SME: Galicia"

    released = await app.activity(activity("29:anna", thread, "release"))
    assert released.ok and store.get(ticket.id).state == "released"
    resume = [r for r in rasa.requests if any(e["event"] == "resume" for e in r["json"])]
    assert "Anna Adviser le ha devuelto al asistente" in json.dumps(
        resume[0]["json"], ensure_ascii=False
    )
    late = await app.activity(activity("29:anna", thread, "una cosa más"))
    assert late.status == 409 and "not sent" in connector.replies(thread)[-1]
    assert all(text != "una cosa más" for text, _ in sme_texts(rasa))
    assert connector.tokens_issued == 1  # the token is cached


async def test_outsiders_other_channels_and_unknown_threads_are_refused(app, connector, rasa):
    store = app.relay.store
    ticket = store.create("teams-sme", email=None, transcript=[], context={})
    await app.relay.open(ticket)
    thread = store.get(ticket.id).thread["conversation"]
    eve = await app.activity(
        activity("29:eve", thread, value={"handoff_action": "claim", "ticket": ticket.id})
    )
    assert eve.status == 403 and "Only members" in connector.replies(thread)[-1]
    elsewhere = await app.activity(activity("29:anna", "19:other@thread.tacv2;messageid=1", "hi"))
    assert elsewhere.status == 403
    unknown = await app.activity(activity("29:anna", f"{CHANNEL};messageid=999", "release"))
    assert unknown.status == 404
    top_level = await app.activity(activity("29:anna", CHANNEL, "hello team"))
    assert top_level.ok and top_level.message == "not a ticket thread"
    assert rasa.requests == [] and store.get(ticket.id).state == "open"


def teams_sme_context(connector: FakeConnector, language: str = "de") -> dict:
    """A ticket context as ActionHandoff stores it for an SME who wrote from Teams."""
    events = [
        {"event": "user", "text": "Hallo", "input_channel": "teams",
         "metadata": {"teams": {"service_url": connector.url, "conversation_id": "a:sme-chat",
                                "tenant_id": TENANT, "user_id": "29:sme"}}},
    ]  # fmt: skip
    return {"language": language, SME_CHANNEL_KEY: teams_reference(events)}


async def test_an_sme_in_teams_gets_adviser_messages_proactively(app, connector, rasa):
    store = app.relay.store
    context = teams_sme_context(connector)
    ticket = store.create("29:sme", email=None, transcript=[], context=context)
    await app.relay.open(ticket)
    thread = store.get(ticket.id).thread["conversation"]

    claim = {"handoff_action": "claim", "ticket": ticket.id}
    assert (await app.activity(activity("29:anna", thread, value=claim))).ok
    joined = "Anna Adviser vom Enterprise Europe Network ist dem Gespräch beigetreten."
    assert connector.replies("a:sme-chat") == [joined]
    assert (await app.activity(activity("29:anna", thread, "Welche Region?"))).ok
    assert connector.replies("a:sme-chat")[-1] == "Anna Adviser: Welche Region?"
    # the tracker keeps both, stored without an output channel (no double delivery)
    assert [t for t, _ in sme_texts(rasa)] == [joined, "Welche Region?"]
    assert all("output_channel" not in r["query"] for r in rasa.requests)

    assert (await app.activity(activity("29:anna", thread, "release"))).ok
    back = connector.replies("a:sme-chat")[-1]
    assert back.startswith("Anna Adviser hat Sie wieder an den Assistenten übergeben"), back
    bot_events = [e for r in rasa.requests for e in r["json"] if e.get("event") == "bot"]
    assert [e["text"] for e in bot_events].count(back) == 1  # the resume's, not pushed twice
    sent = [body for kind, conv, body in connector.calls if conv == "a:sme-chat"]
    assert all(body["channelData"] == {"tenant": {"id": TENANT}} for body in sent)


async def test_a_teams_push_that_fails_is_retried_without_a_second_tracker_event(
    app, connector, rasa
):
    store = app.relay.store
    ticket = store.create("29:sme", email=None, transcript=[], context=teams_sme_context(connector))
    await app.relay.open(ticket)
    thread = store.get(ticket.id).thread["conversation"]
    connector.failing.add("a:sme-chat")
    claim = {"handoff_action": "claim", "ticket": ticket.id}
    assert (await app.activity(activity("29:anna", thread, value=claim))).ok
    assert connector.replies("a:sme-chat") == [] and len(sme_texts(rasa)) == 1
    assert await app.relay.flush() == 0  # still down: stays pending
    connector.failing.clear()
    assert await app.relay.flush() == 1
    assert len(connector.replies("a:sme-chat")) == 1 and len(sme_texts(rasa)) == 1


async def test_a_failed_push_then_a_restart_adds_the_message_to_the_history_once(
    tmp_path, open_store, connector, rasa
):
    """The tracker step is recorded on the stored message: a restarted action server (a new
    relay over the same store, nothing in memory) only retries the push."""

    def started() -> Any:
        return teams_service(tmp_path, open_store(), rasa, connector)

    first = started()
    app = TeamsAdviserApp(first.relay, first.relay.adviser)
    store = first.store
    ticket = store.create("29:sme", email=None, transcript=[], context=teams_sme_context(connector))
    await app.relay.open(ticket)
    thread = store.get(ticket.id).thread["conversation"]
    claim = {"handoff_action": "claim", "ticket": ticket.id}
    assert (await app.activity(activity("29:anna", thread, value=claim))).ok
    connector.failing.add("a:sme-chat")
    assert (await app.activity(activity("29:anna", thread, "Welche Region?"))).ok
    [pending] = store.undelivered("to_sme")
    assert pending.text == "Welche Region?" and pending.in_history_at is not None
    assert [t for t, _ in sme_texts(rasa)].count("Welche Region?") == 1
    await first.close()  # the action server stops; Teams is back meanwhile

    connector.failing.clear()
    second = started()
    assert await second.relay.flush() == 1
    assert connector.replies("a:sme-chat").count("Anna Adviser: Welche Region?") == 1
    assert [t for t, _ in sme_texts(rasa)].count("Welche Region?") == 1  # not added again
    assert second.store.undelivered("to_sme") == []
    await second.close()


def test_only_a_message_that_came_through_the_teams_connector_gives_a_reference():
    teams = {"teams": {"service_url": "https://smba.trafficmanager.net/emea/",
                       "conversation_id": "a:1", "tenant_id": "t"}}  # fmt: skip
    from_teams = {"event": "user", "input_channel": "teams", "metadata": teams}
    assert teams_reference([from_teams])["service_url"].startswith("https://smba")
    forged = {"event": "user", "input_channel": "rest", "metadata": teams}
    assert teams_reference([from_teams, forged]) is None  # the latest channel is REST
    bad_url = {**from_teams, "metadata": {"teams": {**teams["teams"], "service_url": "file:///"}}}
    assert teams_reference([bad_url]) is None
    assert teams_reference([{"event": "bot", "text": "hi"}]) is None


async def test_staff_commands_inbox_and_ask_for_team_members_only(app, connector):
    store = app.relay.store
    waiting = store.create("sme-1", email=None, transcript=[], context={"language": "fr"})
    claimed = store.create("sme-2", email=None, transcript=[], context={"language": "pl"})
    store.set_email(waiting.id, "jean@exemple.fr")
    root = f"{CHANNEL};messageid=1700000000123"
    store.set_thread(
        waiting.id, f"teams:{root}", {"conversation": root, "activity": "1700000000123"}
    )
    store.claim(claimed.id, "teams:29:bob", "Bob")
    gone = store.create("sme-3", email=None, transcript=[], context={})
    store.release("sme-3", "cli")
    asked = []

    async def ask(adviser_id: str, question: str) -> str:
        asked.append((adviser_id, question))
        return "Clusters are groups of firms (source: EC, 2024)."

    app.ask = ask
    personal = {"id": "a:anna-chat", "conversationType": "personal"}
    inbox = await app.command(
        {"text": "inbox", "from": {"id": "29:anna"}, "conversation": personal}
    )
    assert inbox.ok
    lines = inbox.message.splitlines()
    assert lines[1] == "Waiting for an adviser (1):"
    assert lines[2].startswith(f"- #{waiting.id} · fr · waiting 0 min · e-mail jean@exemple.fr")
    assert lines[3] == "Claimed (1):" and lines[4].endswith("with Bob")
    assert f"#{gone.id}" not in inbox.message  # handed back: not in the inbox
    # the same as a card, with a deep link to the waiting ticket's thread (the claimed one has
    # no thread stored: no button)
    body = inbox.card["content"]["body"]
    assert inbox.card["contentType"] == "application/vnd.microsoft.card.adaptive"
    [button] = [a for block in body if block["type"] == "ActionSet" for a in block["actions"]]
    assert button["type"] == "Action.OpenUrl" and button["title"] == f"Open thread #{waiting.id}"
    assert button["url"] == (
        "https://teams.microsoft.com/l/message/19%3Aadvisers%40thread.tacv2/1700000000123"
        f"?tenantId={TENANT}&parentMessageId=1700000000123"
    )
    texts = [block.get("text", "") for block in body]
    assert texts.index("Waiting for an adviser (1)") < texts.index("Claimed (1)")
    assert any(t.endswith("with Bob") for t in texts) and f"#{gone.id} " not in json.dumps(body)
    answer = await app.command(
        {"text": "/ask what is a cluster?", "from": {"id": "29:anna"}, "conversation": personal}
    )
    assert answer.ok and answer.message.startswith("Clusters are groups")
    assert asked == [("teams:29:anna", "what is a cluster?")]
    outsider = await app.command({"text": "inbox", "from": {"id": "29:eve"}})
    assert outsider.status == 403 and "sme-1" not in outsider.message
    assert (await app.command({"text": "hello", "from": {"id": "29:anna"}})).status == 400


def test_staff_command_words():
    assert staff_command("inbox") == ("inbox", "")
    assert staff_command(" /Inbox ") == ("inbox", "")
    assert staff_command("ask how do I apply to COSME?") == ("ask", "how do I apply to COSME?")
    assert staff_command("ask") is None and staff_command("inbox please") is None
    assert staff_command("asking for a friend") is None and staff_command("") is None


async def test_without_a_teams_app_the_hand_back_is_not_appended_twice(tmp_path, open_store, rasa):
    service = make_service(tmp_path, open_store(), rasa_url=rasa.url(""))
    service.relay = build_relay(service)  # no Teams app configured on this action server
    events = [{"event": "user", "input_channel": "teams", "metadata": {"teams": {
        "service_url": "https://smba.example/", "conversation_id": "a:1"}}}]  # fmt: skip
    context = {SME_CHANNEL_KEY: teams_reference(events)}
    ticket = service.store.create("29:sme", email=None, transcript=[], context=context)
    assert (await service.release("29:sme", "cli")).status == 200
    assert await service.relay.flush() == 1  # the stored notice counts as delivered
    assert len(sme_texts(rasa)) == 1 and service.store.undelivered("to_sme") == []
    assert service.store.messages(ticket.id)[0].text == sme_texts(rasa)[0][0]
    await service.close()


async def test_without_a_teams_app_the_advisers_are_told_a_teams_sme_cannot_be_reached(
    tmp_path, open_store, rasa, caplog
):
    from actions.handoff.relay import Relay
    from actions.handoff.sme_outlet import RasaOutlet
    from tests.actions.handoff.relay_fakes import FakeAdviserChannel, FakeRelease

    service = make_service(tmp_path, open_store(), rasa_url=rasa.url(""))
    advisers = FakeAdviserChannel()
    relay = Relay(service.store, advisers, RasaOutlet(service), FakeRelease(service.store))
    events = [{"event": "user", "input_channel": "teams", "metadata": {"teams": {
        "service_url": "https://smba.example/", "conversation_id": "a:1"}}}]  # fmt: skip
    teams_sme = service.store.create(
        "29:sme", email=None, transcript=[], context={SME_CHANNEL_KEY: teams_reference(events)}
    )
    web_sme = service.store.create("web-sme", email=None, transcript=[], context={})
    assert await relay.open(teams_sme) == "sent" and await relay.open(web_sme) == "sent"
    [(ticket_id, author, note)] = advisers.posts
    assert ticket_id == teams_sme.id and author == "system"
    assert "Microsoft Teams" in note and "CLUSTER_ADVISER_TEAMS_APP_PASSWORD" in note
    assert (await relay.claim(teams_sme.id, "slack:UANNA", "Anna")).ok
    assert "has no Teams app" in caplog.text  # and in the log, once per ticket
    await service.close()


def test_a_deep_link_needs_a_stored_thread():
    from actions.handoff.store import Ticket
    from actions.handoff.teams_inbox import thread_link

    def ticket(thread: dict) -> Ticket:
        return Ticket(1, "c", "2026-01-01T00:00:00+00:00", "open", None, [], {}, thread=thread)

    assert thread_link(ticket({})) is None
    assert thread_link(ticket({"conversation": CHANNEL})) is None  # no message id
    by_activity = thread_link(ticket({"conversation": CHANNEL, "activity": "42"}))
    assert by_activity.endswith("/l/message/19%3Aadvisers%40thread.tacv2/42?parentMessageId=42")
