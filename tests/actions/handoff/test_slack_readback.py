"""Slack thread replies the action server missed, read back through a local fake Web API.

The live path is the real one (:class:`SlackAdviserApp` over the fake Slack, both ticket stores,
a recording fake Rasa API); the fake keeps every thread as Slack does: the app's own posts, and
the people's replies whether or not the action server got their events.
"""

from __future__ import annotations

import time

import pytest

from actions.handoff.slack_readback import SlackThreadReader, is_person
from actions.handoff.slack_routes import SlackAdviserApp
from tests.actions.handoff.fake_slack import CHANNEL
from tests.actions.handoff.support import Recorder

JOINED = "Anna Adviser from the Enterprise Europe Network has joined the conversation."


@pytest.fixture
def app(slack_app):
    """The Slack adviser app of ``tests/actions/handoff/conftest.py``."""
    return slack_app


def adviser_texts(rasa: Recorder) -> list[str]:
    """What reached the SME's conversation from advisers and the relay, in order."""
    return [e["text"] for r in rasa.requests for e in r["json"] if e.get("event") == "bot"]


async def ticket_thread(app: SlackAdviserApp) -> tuple[int, str]:
    store = app.relay.store
    ticket = store.create("web-7", email=None, transcript=[], context={"language": "en"})
    assert await app.relay.open(ticket) == "sent"
    return ticket.id, store.get(ticket.id).thread["ts"]


def live_event(message: dict) -> dict:
    """The Events API envelope Slack posts for a message it keeps."""
    return {"type": "event_callback", "event": {**message, "channel": CHANNEL}}


async def test_a_claim_and_replies_written_during_an_outage_arrive_once_in_order(app, slack, rasa):
    ticket_id, root = await ticket_thread(app)
    start = time.time() - 60  # written a minute ago, while the action server was down
    slack.write("UANNA", "claim", root, at=start)
    slack.write("UANNA", "Which region are you in?", root, at=start + 1)
    slack.write("UANNA", "And which sector?", root, at=start + 2)
    reader = SlackThreadReader(app, grace_s=0.0)

    assert await reader.poll() == 3
    assert app.relay.store.get(ticket_id).claimed_by == "slack:UANNA"
    assert adviser_texts(rasa) == [JOINED, "Which region are you in?", "And which sector?"]
    assert await reader.poll() == 0  # handled: nothing twice
    restarted = SlackThreadReader(app, grace_s=0.0)  # a restart forgets; the store does not
    await restarted.poll()
    assert adviser_texts(rasa) == [JOINED, "Which region are you in?", "And which sector?"]
    assert not slack.posts("chat.postEphemeral")  # replays never answer in the thread


async def test_a_reply_the_live_path_took_is_not_relayed_again(app, slack, rasa):
    _, root = await ticket_thread(app)
    claim = slack.write("UANNA", "claim", root, at=time.time() - 30)
    await app.event(live_event(claim))
    reply = slack.write("UANNA", "Got it, looking now.", root, at=time.time() - 20)
    await app.event(live_event(reply))
    before = adviser_texts(rasa)
    assert before == [JOINED, "Got it, looking now."]

    await SlackThreadReader(app, grace_s=0.0).poll()
    assert adviser_texts(rasa) == before


async def test_refusals_stay_refused_and_silent(app, slack, rasa):
    ticket_id, root = await ticket_thread(app)
    start = time.time() - 60
    slack.write("UANNA", "written before anyone claimed", root, at=start)
    slack.write("UEVE", "claim", root, at=start + 1)  # not a member of the adviser channel
    slack.write("UBOB", "claim", root, at=start + 2)
    slack.write("UANNA", "not mine to answer", root, at=start + 3)  # Bob holds it
    reader = SlackThreadReader(app, grace_s=0.0)

    assert await reader.poll() == 1  # Bob's claim only
    ticket = app.relay.store.get(ticket_id)
    assert ticket.claimed_by == "slack:UBOB"
    assert [t for t in adviser_texts(rasa) if "joined" not in t] == []
    assert not slack.posts("chat.postEphemeral")
    assert await reader.poll() == 0  # refused for good, not tried every round


async def test_young_replies_are_left_to_the_live_path(app, slack, rasa):
    _, root = await ticket_thread(app)
    slack.write("UANNA", "claim", root)  # just now
    assert await SlackThreadReader(app, grace_s=30.0).poll() == 0
    assert adviser_texts(rasa) == []


async def test_a_thread_slack_will_not_show_is_read_again_next_round(app, slack, rasa):
    ticket_id, root = await ticket_thread(app)
    slack.write("UANNA", "claim", root, at=time.time() - 60)
    slack.failing_reads = 1
    reader = SlackThreadReader(app, grace_s=0.0)
    assert await reader.poll() == 0  # ratelimited: logged, nothing lost
    assert app.relay.store.get(ticket_id).claimed_by is None
    assert await reader.poll() == 1
    assert app.relay.store.get(ticket_id).claimed_by == "slack:UANNA"


async def test_long_threads_are_read_through_every_page(app, slack, rasa, monkeypatch):
    monkeypatch.setattr("actions.handoff.slack_readback.PAGE", 2)
    _, root = await ticket_thread(app)
    start = time.time() - 120
    slack.write("UANNA", "claim", root, at=start)
    for n in range(5):
        slack.write("UANNA", f"note {n}", root, at=start + 1 + n)
    assert await SlackThreadReader(app, grace_s=0.0).poll() == 6
    assert adviser_texts(rasa)[1:] == [f"note {n}" for n in range(5)]
    pages = [b for name, b in slack.calls if name == "conversations.replies"]
    assert len(pages) >= 3 and all(p["channel"] == CHANNEL and p["ts"] == root for p in pages)


async def test_released_tickets_are_not_read(app, slack, rasa):
    ticket_id, root = await ticket_thread(app)
    start = time.time() - 60
    slack.write("UANNA", "claim", root, at=start)
    slack.write("UANNA", "release", root, at=start + 1)
    reader = SlackThreadReader(app, grace_s=0.0)
    assert await reader.poll() == 2
    assert app.relay.store.get(ticket_id).state == "released"
    slack.write("UANNA", "after the release", root, at=start + 2)
    calls = len(slack.calls)
    assert await reader.poll() == 0
    assert not [c for c in slack.calls[calls:] if c[0] == "conversations.replies"]


def test_only_people_s_messages_are_replayed():
    assert is_person({"user": "UANNA", "text": "hi", "ts": "1.0"})
    assert not is_person({"bot_id": "BBOT", "text": "Handoff ticket #1", "ts": "1.0"})
    assert not is_person({"user": "UANNA", "subtype": "channel_join", "ts": "1.0"})
    assert not is_person({"text": "no author", "ts": "1.0"})
