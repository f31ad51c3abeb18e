"""Erasure, export and retention of tickets and feedback (real SQLite stores, a fake Rasa API)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from actions.privacy.service import PrivacyError, UnknownConversation
from contracts.privacy import ERASE_SLOT
from tests.actions.privacy.support import FakeRasa, add_data, make_privacy


@pytest.fixture
async def rasa():
    fake = await FakeRasa().start()
    yield fake
    await fake.close()


def counts(service, conversation):
    return (
        len(service.tickets.for_conversation(conversation)),
        len(service.feedback.for_conversation(conversation)),
    )


def test_local_erasure_removes_one_sender_and_keeps_the_others(tmp_path):
    service = make_privacy(tmp_path)
    add_data(service, "anna")
    add_data(service, "bert")
    erasure = service.erase_local("anna")
    assert (erasure.tickets, erasure.feedback) == (2, 2)
    assert counts(service, "anna") == (0, 0)
    assert counts(service, "bert") == (2, 2)


async def test_erase_deletes_local_data_and_sends_the_marker_to_rasa(tmp_path, rasa):
    service = make_privacy(tmp_path, rasa.url)
    add_data(service, "conv/with space")
    add_data(service, "other")
    try:
        erasure = await service.erase("conv/with space")
    finally:
        await service.close()
    assert erasure.ok and erasure.tracker == "erased"
    assert erasure.to_dict()["tickets_deleted"] == 2
    assert counts(service, "conv/with space") == (0, 0)
    assert counts(service, "other") == (2, 2)
    [call] = rasa.appended
    assert call["conversation"] == "conv/with space"  # quoted in the URL, decoded by the server
    assert call["query"] == {"include_events": "NONE", "token": "rasa-secret"}
    [event] = call["events"]
    assert (event["event"], event["name"], event["value"]) == ("slot", ERASE_SLOT, True)


async def test_erase_reports_a_failed_tracker_erasure(tmp_path, rasa):
    rasa.status = 400  # not retried
    service = make_privacy(tmp_path, rasa.url)
    add_data(service, "anna")
    try:
        erasure = await service.erase("anna")
    finally:
        await service.close()
    assert not erasure.ok and erasure.tracker.startswith("failed")
    assert counts(service, "anna") == (0, 0)  # the local part is done; erasing again is safe


async def test_export_joins_tracker_tickets_and_feedback(tmp_path, rasa):
    service = make_privacy(tmp_path, rasa.url, conversations=30)
    add_data(service, "anna")
    add_data(service, "bert")
    events = [{"event": "user", "text": "hydrogen partners"}, {"event": "bot", "text": "Here"}]
    rasa.trackers["anna"] = {"sender_id": "anna", "events": events, "slots": {"country": "DE"}}
    try:
        document = await service.export("anna")
        with pytest.raises(UnknownConversation, match="nothing is kept"):
            await service.export("nobody")
    finally:
        await service.close()
    assert document["conversation_id"] == "anna"
    assert document["events"] == events and document["slots"] == {"country": "DE"}
    assert {t["conversation_id"] for t in document["tickets"]} == {"anna"}
    assert len(document["tickets"]) == 2 and document["tickets"][0]["email"] == "anna@example.org"
    assert [f["value"] for f in document["feedback"]] == ["useful", "not_useful"]
    assert document["retention_days"] == {"conversations": 30, "tickets": 180, "feedback": 180}


async def test_export_without_rasa_is_an_error(tmp_path):
    service = make_privacy(tmp_path, "http://127.0.0.1:9")
    try:
        with pytest.raises(PrivacyError, match="not reached"):
            await service.export("anna")
    finally:
        await service.close()


def test_sweep_deletes_only_what_is_older_than_the_period(tmp_path):
    service = make_privacy(tmp_path, tickets=180, feedback=30)
    add_data(service, "anna")
    now = datetime.now(timezone.utc)
    assert service.sweep(now + timedelta(days=29)) == {"tickets": 0, "feedback": 0}
    assert service.sweep(now + timedelta(days=31)) == {"tickets": 0, "feedback": 2}
    assert counts(service, "anna") == (2, 0)
    assert service.sweep(now + timedelta(days=181)) == {"tickets": 1, "feedback": 0}
    [kept] = service.tickets.for_conversation("anna")
    assert kept.is_open  # open tickets wait for their adviser


def test_sweep_keeps_forever_with_zero_days(tmp_path):
    service = make_privacy(tmp_path, tickets=0, feedback=0)
    add_data(service, "anna")
    far = datetime.now(timezone.utc) + timedelta(days=10_000)
    assert service.sweep(far) == {"tickets": 0, "feedback": 0}
    assert counts(service, "anna") == (2, 2)
