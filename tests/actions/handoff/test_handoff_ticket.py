"""action_handoff and the ticket store: transcript, context, honest messages, pause."""

from __future__ import annotations

import json
import sqlite3

import pytest

from actions.handoff.actions import (
    ActionHandoff,
    ActionHandoffNotice,
    ActionSessionStartKeepsHandoff,
)
from actions.handoff.store import SQLiteTicketStore
from actions.handoff.texts import NOTICE_INTERVAL_S, should_send_notice
from actions.handoff.transcript import build_transcript, search_context
from knowledge.config import handoff_db_path
from tests.actions.handoff.support import (
    Recorder,
    conversation_events,
    handoff_tracker,
    install_handoff,
    make_service,
)

LAST_SEARCH = {
    "kind": "partners", "query": "hydrogen storage", "filters": {"country": "DE"},
    "offset": 0, "ids": ["a", "b"], "page_size": 5,
}  # fmt: skip


@pytest.fixture
def service(tmp_path):
    service = make_service(tmp_path)
    install_handoff(service)
    yield service
    install_handoff(None)


def after_form(**slots):
    slots = {"handoff_consent": True, "contact_email": "anna@cluster-bavaria.de", **slots}
    return handoff_tracker(events=conversation_events(), **slots)


def test_transcript_keeps_user_and_bot_messages_with_times():
    transcript = build_transcript(conversation_events())
    assert [m["role"] for m in transcript] == ["user", "bot", "bot", "user", "bot", "user", "user"]
    assert transcript[0] == {
        "role": "user",
        "text": "hydrogen storage partners in Germany",
        "at": "2026-08-06T07:06:41+00:00",  # t0 + 1 s, UTC
    }
    assert transcript[2]["text"] == "[partner_results: 3 items]"  # a card-only message


def test_transcript_names_the_results_the_sme_was_shown():
    cards = {
        "type": "call_results",
        "items": [{"id": f"c{i}", "title": f"Call {i}"} for i in range(7)],
    }
    partners = {"type": "partner_results", "items": [{"id": "p", "name": "H2 Cluster Bavaria"}]}
    events = [{"event": "bot", "text": None, "data": {"custom": custom}, "timestamp": 1.0}
              for custom in (cards, partners)]  # fmt: skip
    shown = [m["text"] for m in build_transcript(events)]
    assert shown == [
        "[call_results: 7 items (Call 0; Call 1; Call 2; Call 3; Call 4; ...)]",
        "[partner_results: 1 item (H2 Cluster Bavaria)]",
    ]


def test_transcript_is_capped_newest_kept():
    events = [
        {"event": "user", "text": f"message {i} " + "x" * 50, "timestamp": i} for i in range(30)
    ]
    transcript = build_transcript(events, max_messages=10, max_message_chars=20)
    assert transcript[0] == {"role": "note", "text": "20 earlier messages omitted", "at": None}
    assert transcript[-1]["text"].startswith("message 29")
    assert all(len(m["text"]) <= 20 for m in transcript[1:])
    by_size = build_transcript(events, max_total_chars=200)
    assert sum(len(m["text"]) for m in by_size[1:]) <= 200
    assert by_size[-1]["text"].startswith("message 29")


def test_search_context_takes_only_filled_search_slots():
    slots = {"last_search": LAST_SEARCH, "country": "DE", "region": None, "contact_email": "x@y.de"}
    assert search_context(slots) == {"last_search": LAST_SEARCH, "country": "DE"}


def test_store_round_trip_and_release(tmp_path):
    store = SQLiteTicketStore(tmp_path / "deep" / "h.db")
    assert not (tmp_path / "deep").exists()  # nothing created before first use
    first = store.create("c1", email=None, transcript=[{"role": "user", "text": "hé"}], context={})
    second = store.create("c2", email="a@b.de", transcript=[], context={"country": "DE"})
    assert (first.id, first.status, first.is_open) == (1, "open", True)
    assert store.open_ticket("c2") == second
    assert [t.id for t in store.recent()] == [2, 1]
    [released] = store.release("c1", released_by="cli")
    assert (released.status, released.released_by) == ("released", "cli")
    assert released.released_at
    assert store.open_ticket("c1") is None
    assert store.release("c1", released_by="cli") == []
    assert [t.id for t in store.recent("open")] == [2]


def test_default_db_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLUSTER_HANDOFF_DB", str(tmp_path / "x.db"))
    assert handoff_db_path() == tmp_path / "x.db"
    monkeypatch.delenv("CLUSTER_HANDOFF_DB")
    assert handoff_db_path().parts[-2:] == ("var", "handoff.db")


async def test_handoff_stores_ticket_with_transcript_and_context(service, dispatcher):
    tracker = after_form(last_search=LAST_SEARCH, partner_query="hydrogen storage", country="DE")
    events = await ActionHandoff().run(dispatcher, tracker, {})

    [ticket] = service.store.recent()
    assert ticket.conversation_id == "conv-1"
    assert ticket.email == "anna@cluster-bavaria.de"
    assert ticket.status == "open"
    assert ticket.transcript == build_transcript(conversation_events())
    assert ticket.context == {
        "last_search": LAST_SEARCH, "partner_query": "hydrogen storage", "country": "DE",
        "language": "en",  # the SME's reply language, for the relay's texts
    }  # fmt: skip
    assert ticket.notified == "not configured"
    # Raw row: JSON columns are real JSON.
    with sqlite3.connect(service.store.path) as conn:
        transcript, context = conn.execute("SELECT transcript, context FROM tickets").fetchone()
    assert json.loads(context)["last_search"]["filters"] == {"country": "DE"}
    assert json.loads(transcript)[0]["role"] == "user"

    # Paused, the form's slots reset for a later handoff, the ticket number remembered.
    assert events[-1] == {"event": "pause", "timestamp": None}
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {
        "handoff_consent": None,
        "contact_email": None,
        "handoff_ticket": str(ticket.id),
    }


async def test_without_webhook_the_user_is_told_honestly(service, dispatcher):
    await ActionHandoff().run(dispatcher, after_form(), {})
    [message] = dispatcher.messages
    text = message["text"]
    assert "ticket #1" in text
    assert "could not alert an adviser" in text
    assert "anna@cluster-bavaria.de" in text


async def test_with_webhook_the_user_learns_what_happens_next(tmp_path, dispatcher):
    recorder = await Recorder().start()
    service = make_service(tmp_path, webhook_url=recorder.url(), webhook_kind="slack")
    install_handoff(service)
    try:
        await ActionHandoff().run(dispatcher, after_form(contact_email=None), {})
    finally:
        install_handoff(None)
        await service.close()
        await recorder.close()
    [message] = dispatcher.messages
    assert message["text"].startswith("Done: I have passed your conversation to an adviser")
    assert "ticket #1" in message["text"]
    assert "answer here." in message["text"] and "e-mail" not in message["text"]
    assert len(recorder.requests) == 1
    assert service.store.get(1).notified == "sent"


async def test_consent_denied_creates_no_ticket_and_stays_quiet(service, dispatcher):
    events = await ActionHandoff().run(dispatcher, after_form(handoff_consent=False), {})
    assert service.store.recent() == []
    assert dispatcher.messages == []  # validate_handoff_form already said nothing is shared
    assert all(e["event"] != "pause" for e in events)


async def test_without_consent_slot_it_says_nothing_was_shared(service, dispatcher):
    await ActionHandoff().run(dispatcher, after_form(handoff_consent=None), {})
    assert service.store.recent() == []
    assert "not shared anything" in dispatcher.messages[0]["text"]


async def test_store_failure_is_told_without_traceback(tmp_path, dispatcher):
    (tmp_path / "handoff.db").mkdir()  # a directory where the database file should be
    service = make_service(tmp_path)
    install_handoff(service)
    try:
        events = await ActionHandoff().run(dispatcher, after_form(), {})
    finally:
        install_handoff(None)
    assert "could not create a request" in dispatcher.messages[0]["text"]
    assert "Traceback" not in dispatcher.messages[0]["text"]
    assert all(e["event"] != "pause" for e in events)


async def test_notice_while_paused_names_the_ticket(service, dispatcher):
    ticket = service.store.create("conv-1", email=None, transcript=[], context={})
    events = [{"event": "pause", "timestamp": 1000.0}]
    tracker = handoff_tracker("hello?", events=events, paused=True)
    assert await ActionHandoffNotice().run(dispatcher, tracker, {}) == []
    [message] = dispatcher.messages
    assert f"ticket #{ticket.id}" in message["text"]
    assert message["handoff_notice"] is True


async def test_no_notice_when_not_paused(service, dispatcher):
    service.store.create("conv-1", email=None, transcript=[], context={})
    tracker = handoff_tracker("hello", paused=False)
    assert await ActionHandoffNotice().run(dispatcher, tracker, {}) == []
    assert dispatcher.messages == []


def test_notice_is_rate_limited():
    notice = {"event": "bot", "text": "An adviser has your conversation (ticket #1).",
              "timestamp": 5000.0}  # fmt: skip
    events = [{"event": "pause", "timestamp": 1000.0}]
    assert should_send_notice(events, now=1001.0)
    assert not should_send_notice([*events, notice], now=5001.0)
    assert should_send_notice([*events, notice], now=5000.0 + NOTICE_INTERVAL_S)
    # A notice from an earlier handoff does not silence a new one.
    assert should_send_notice([notice, {"event": "pause", "timestamp": 6000.0}], now=6001.0)


async def test_session_start_keeps_an_open_handoff_paused(service, dispatcher):
    domain = {"session_config": {"carry_over_slots_to_new_session": True}}
    tracker = handoff_tracker("hi", country="DE", handoff_consent=None)
    events = await ActionSessionStartKeepsHandoff().run(dispatcher, tracker, domain)
    assert [e["event"] for e in events] == ["session_started", "slot", "action"]
    assert events[1]["name"] == "country"

    service.store.create("conv-1", email=None, transcript=[], context={})
    events = await ActionSessionStartKeepsHandoff().run(dispatcher, tracker, domain)
    assert [e["event"] for e in events] == ["session_started", "slot", "pause", "action"]
    assert events[-1]["name"] == "action_listen"
