"""action_store_feedback: slot event plus a row in the SQLite feedback table."""

from __future__ import annotations

import dataclasses

import pytest

from actions import services as composition
from actions.dialogue.feedback import ActionStoreFeedback
from actions.dialogue.feedback_store import SQLiteFeedbackStore as FeedbackStore
from actions.dialogue.parsing import feedback_value
from tests.actions.support import make_tracker


@pytest.fixture
def db(tmp_path, monkeypatch, fake_services):
    path = tmp_path / "fb" / "feedback.db"
    monkeypatch.setenv("CLUSTER_FEEDBACK_DB", str(path))
    # the composition root builds the store from CLUSTER_FEEDBACK_DB, as at server start
    composition.install(dataclasses.replace(fake_services, feedback=composition.build_feedback()))
    yield path
    composition.install(None)


async def test_button_feedback_is_stored_with_the_search(db, dispatcher):
    last = {"kind": "partners", "query": "hydrogen storage", "filters": {"country": "DE"}}
    tracker = make_tracker(
        "/feedback", [{"entity": "feedback_value", "value": "not_useful"}], last_search=last
    )
    events = await ActionStoreFeedback().run(dispatcher, tracker, {})
    assert events == [
        {"event": "slot", "timestamp": None, "name": "feedback", "value": "not_useful"}
    ]
    [row] = FeedbackStore(db).rows()
    assert row["conversation_id"] == "unit-test"
    assert (row["value"], row["search_kind"], row["query"]) == (
        "not_useful",
        "partners",
        "hydrogen storage",
    )
    assert "adviser" in dispatcher.messages[0]["text"]


async def test_typed_feedback_and_bad_entity_values(db, dispatcher):
    tracker = make_tracker(
        "that was really helpful",
        [{"entity": "feedback_value", "value": "'; DROP TABLE feedback;--"}],
    )
    await ActionStoreFeedback().run(dispatcher, tracker, {})
    assert [r["value"] for r in FeedbackStore(db).rows()] == ["useful"]


def test_feedback_value_from_text():
    assert feedback_value("not useful", []) == "not_useful"
    assert feedback_value("useless results", []) == "not_useful"
    assert feedback_value("great, spot on", []) == "useful"
    assert feedback_value("x", [{"entity": "feedback_value", "value": "useful"}]) == "useful"


def test_store_refuses_unknown_values(tmp_path):
    with pytest.raises(ValueError, match="got 'meh'"):
        FeedbackStore(tmp_path / "f.db").add("c", "meh")
