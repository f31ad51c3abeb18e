"""``action_erase_my_data``: deletes tickets and feedback, confirms, marks the tracker."""

from __future__ import annotations

import sqlite3

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services as composition
from actions.pg import StoreUnavailable
from actions.privacy.actions import ActionEraseMyData
from contracts.privacy import ERASE_SLOT
from tests.actions.privacy.support import add_data, make_privacy


def tracker(sender: str) -> Tracker:
    return Tracker(
        sender, {}, {"intent": {"name": "affirm"}, "text": "yes"}, [], False, None, {}, ""
    )


def install(service) -> None:
    composition.install(composition.Services(None, None, None, privacy=service))  # type: ignore[arg-type]


async def test_confirmed_erasure_deletes_confirms_and_marks(tmp_path):
    service = make_privacy(tmp_path)
    add_data(service, "anna")
    add_data(service, "bert")
    install(service)
    dispatcher = CollectingDispatcher()
    try:
        events = await ActionEraseMyData().run(dispatcher, tracker("anna"), {})
    finally:
        composition.install(None)
    assert events == [{"event": "slot", "timestamp": None, "name": ERASE_SLOT, "value": True}]
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_erased"]
    assert service.tickets.for_conversation("anna") == []
    assert service.feedback.for_conversation("anna") == []
    assert len(service.tickets.for_conversation("bert")) == 2


@pytest.mark.parametrize(
    "failure",
    [sqlite3.OperationalError("database is locked"), StoreUnavailable("PostgreSQL is down")],
)
async def test_a_store_failure_is_told_and_nothing_is_marked(tmp_path, failure):
    service = make_privacy(tmp_path)

    def broken(_conversation):
        raise failure

    service.tickets.delete_conversation = broken  # type: ignore[method-assign]
    install(service)
    dispatcher = CollectingDispatcher()
    try:
        events = await ActionEraseMyData().run(dispatcher, tracker("anna"), {})
    finally:
        composition.install(None)
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_erase_failed"]


async def test_without_services_the_user_is_told(tmp_path):
    composition.install(None)
    dispatcher = CollectingDispatcher()
    events = await ActionEraseMyData().run(dispatcher, tracker("anna"), {})
    assert events == [] and dispatcher.messages[0]["response"] == "utter_data_erase_failed"
