""" "Delete my data" while the conversation is paused for an adviser (SQLite and PostgreSQL
ticket stores): asked, confirmed, the adviser told, everything deleted; or refused, kept."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services as composition
from actions.dialogue.feedback_store import SQLiteFeedbackStore
from actions.handoff.actions import ActionHandoffNotice
from actions.handoff.store import SQLiteTicketStore
from actions.privacy.paused import ASK, just_asked_to_confirm
from actions.privacy.service import PrivacyService
from contracts.privacy import ERASE_SLOT, RetentionPolicy
from tests.actions.handoff.support import Recorder, handoff_tracker, make_service

PAUSE = {"event": "pause", "timestamp": 1000.0}
ASKED = {"event": "bot", "text": "Delete everything?", "timestamp": 1002.0,
         "metadata": {"utter_action": ASK}}  # fmt: skip
ASKING = {"event": "user", "text": "delete my data", "timestamp": 1001.0}


@pytest.fixture(params=["sqlite", "postgres"])
def tickets(request, tmp_path):
    if request.param == "postgres":
        from actions.handoff.pg_store import PostgresTicketStore

        return PostgresTicketStore(request.getfixturevalue("postgres_url"))
    return SQLiteTicketStore(tmp_path / "tickets.db")


@pytest.fixture
async def adviser_hook():
    recorder = await Recorder().start()
    yield recorder
    await recorder.close()


@pytest.fixture
def services(tmp_path, tickets, adviser_hook):
    handoff = make_service(tmp_path, tickets, webhook_url=adviser_hook.url())
    privacy = PrivacyService(
        tickets=tickets,
        feedback=SQLiteFeedbackStore(tmp_path / "feedback.db"),
        policy=RetentionPolicy(),
        handoff=handoff,
    )
    composition.install(
        composition.Services(None, None, None, handoff=handoff, privacy=privacy)  # type: ignore[arg-type]
    )
    yield handoff, privacy
    composition.install(None)


async def run(text: str, intent: str, events: list[dict]) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    said = {"event": "user", "text": text, "timestamp": 1003.0}  # the message being handled
    tracker = handoff_tracker(text, intent=intent, events=[*events, said], paused=True)
    return await ActionHandoffNotice().run(dispatcher, tracker, {}), dispatcher.messages


async def test_asked_and_confirmed_while_paused(services, adviser_hook):
    handoff, privacy = services
    ticket = handoff.store.create("conv-1", email="anna@example.org", transcript=[], context={})
    privacy.feedback.add("conv-1", "useful")

    events, messages = await run("delete my data", "delete_my_data", [PAUSE])
    assert events == [] and [m["response"] for m in messages] == [ASK]
    assert handoff.store.open_ticket("conv-1") is not None  # only asked so far

    events, messages = await run("/affirm", "affirm", [PAUSE, ASKING, ASKED])
    assert events == [{"event": "slot", "timestamp": None, "name": ERASE_SLOT, "value": True}]
    assert [m["response"] for m in messages] == ["utter_data_erased"]
    assert handoff.store.for_conversation("conv-1") == []  # the ticket is closed: deleted
    assert privacy.feedback.for_conversation("conv-1") == []
    [note] = adviser_hook.requests  # the adviser was told, before the ticket went
    assert f"Ticket #{ticket.id}: the user asked to delete their data" in str(note["json"])


async def test_refused_while_paused_keeps_everything_with_the_adviser(services, adviser_hook):
    handoff, _ = services
    handoff.store.create("conv-1", email=None, transcript=[], context={})
    events, messages = await run("/deny", "deny", [PAUSE, ASKING, ASKED])
    assert events == [] and [m["response"] for m in messages] == ["utter_erase_cancelled"]
    assert handoff.store.open_ticket("conv-1") is not None and adviser_hook.requests == []


async def test_a_yes_that_answers_something_else_is_left_to_the_handoff(services, adviser_hook):
    handoff, _ = services
    handoff.store.create("conv-1", email=None, transcript=[], context={})
    other = {"event": "bot", "text": "An adviser has your conversation", "timestamp": 1002.0}
    events, messages = await run("/affirm", "affirm", [PAUSE, ASKING, other])
    assert events == [] and "ticket #" in messages[0]["text"]  # the usual notice
    assert handoff.store.open_ticket("conv-1") is not None


def test_the_question_must_be_the_bots_last_message_before_the_answer():
    answer = {"event": "user", "text": "/affirm", "timestamp": 1003.0}
    assert just_asked_to_confirm([PAUSE, ASKING, ASKED, answer])
    later = {"event": "bot", "text": "ok", "timestamp": 1002.5}
    assert not just_asked_to_confirm([PAUSE, ASKING, ASKED, later, answer])
    assert not just_asked_to_confirm([ASKED, {**ASKING, "timestamp": 1004.0}, answer])
    assert not just_asked_to_confirm([])
