"""A new request after an unanswered "did you mean ...?" is answered, not handed off (session 21).

Twelfth held-out set, a HUMAN conversation (kinds only, issue 13): an unrecognised request for a
person got "did you mean ...?", and the calls request that followed, unsure too, made Rasa's
two-stage fallback give up, so the adviser handoff was offered instead of calls. When the
message after "did you mean" is a search the conversation places (as ``action_follow_up``
would outside the fallback), it is answered and the turn ends. Own examples, written from call
topics (hydrogen, batteries, tourism).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from actions import services as composition
from actions.dialogue.fallback import GIVE_UP_TEXT, ActionDefaultFallback
from knowledge.calls import (
    SNAPSHOT_AS_OF,
    SNAPSHOT_SOURCE,
    CallStore,
    load_closed_ids,
    load_snapshot,
)
from knowledge.calls.paths import CLOSED_IDS_PATH, SNAPSHOT_PATH
from tests.actions.support import conversation


@pytest.fixture(scope="module")
def call_store(tmp_path_factory):
    calls = load_snapshot(SNAPSHOT_PATH, closed_ids=load_closed_ids(CLOSED_IDS_PATH))
    path = tmp_path_factory.mktemp("after-did-you-mean") / "calls.sqlite"
    store = CallStore.build(path, calls, as_of=SNAPSHOT_AS_OF, source=SNAPSHOT_SOURCE)
    yield store
    store.close()


@pytest.fixture
def with_calls(fake_services, call_store):
    services = dataclasses.replace(
        fake_services, calls=call_store, today=lambda: date(2026, 11, 21)
    )
    composition.install(services)
    yield services
    composition.install(None)


def _after_did_you_mean(text: str, ranking, language: str | None, said_in: str | None):
    tracker = conversation(
        text,
        "nlu_fallback",
        ranking=[("nlu_fallback", 0.42), *ranking],
        language=language,
        said_in=said_in,
        history=["action_two_stage_fallback"],
    )
    tracker.active_loop = {"name": "action_two_stage_fallback"}
    return tracker


@pytest.mark.parametrize(
    ("text", "ranking", "language"),
    [
        ("zijn er open oproepen voor waterstof?", [("find_calls", 0.38)], "nl"),
        ("offene Ausschreibungen zu Batterien?", [("find_calls", 0.33), ("faq", 0.2)], "de"),
        ("any open calls on sustainable tourism", [("find_calls", 0.31)], None),
    ],
)
async def test_a_calls_request_after_did_you_mean_gets_calls(
    with_calls, dispatcher, text, ranking, language
):
    tracker = _after_did_you_mean(text, ranking, language, language)
    events = await ActionDefaultFallback().run(dispatcher, tracker, {})
    payloads = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert [p["type"] for p in payloads] == ["call_results"]
    assert {"event": "followup", "name": "action_listen", "timestamp": None} in events
    assert all(m.get("text") != GIVE_UP_TEXT for m in dispatcher.messages)


async def test_a_message_nothing_places_still_gives_up(dispatcher):
    tracker = _after_did_you_mean("qwertz blub", [("greet", 0.2)], None, None)
    events = await ActionDefaultFallback().run(dispatcher, tracker, {})
    assert events == []
    assert [m["text"] for m in dispatcher.messages] == [GIVE_UP_TEXT]
