"""The relay's rules: claim, reply, release, who may act, where messages go, nothing lost.

Every test runs over both ticket stores (``open_store`` in this folder's conftest).
"""

from __future__ import annotations

import pytest

from actions.handoff.relay import Relay
from tests.actions.handoff.relay_fakes import FakeAdviserChannel, FakeOutlet, FakeRelease

ANNA, BOB, EVE = "slack:UANNA", "slack:UBOB", "slack:UEVE"


def user(text: str, at: float) -> dict:
    return {"event": "user", "text": text, "timestamp": at}


def make_relay(open_store, adviser=None, outlet=None) -> Relay:
    store = open_store()
    return Relay(store, adviser or FakeAdviserChannel(), outlet or FakeOutlet(), FakeRelease(store))


@pytest.fixture
def relay(open_store) -> Relay:
    return make_relay(open_store)


async def opened(relay: Relay, conversation: str = "conv-de", language: str = "de"):
    ticket = relay.store.create(
        conversation, email=None, transcript=[], context={"language": language}
    )
    assert await relay.open(ticket) == "sent"
    return relay.store.get(ticket.id)


async def test_full_loop_claim_reply_answer_release(relay):
    ticket = await opened(relay)
    assert ticket.thread_key == f"fake:{ticket.id}" and ticket.notified == "sent"
    claimed = await relay.claim(ticket.id, ANNA, "Anna Adviser")
    assert claimed.ok and claimed.ticket.state == "claimed"
    got = relay.sme.received["conv-de"]
    assert got == [
        ("system", "Anna Adviser vom Enterprise Europe Network ist dem Gespräch beigetreten.")
    ]
    sent = await relay.from_adviser(
        ticket.thread_key, ANNA, "Anna Adviser", "Wie kann ich helfen?", "m1"
    )
    assert sent.ok and got[-1] == ("Anna Adviser", "Wie kann ich helfen?")
    events = [user("hi", 1.0), {"event": "pause"}, user("Ich suche Partner", 2.0)]
    assert await relay.from_sme("conv-de", events) == 1
    assert await relay.from_sme("conv-de", events) == 0  # the same tracker read again
    assert relay.adviser.posts == [(ticket.id, "sme", "Ich suche Partner")]
    released = await relay.release(ticket.id, ANNA)
    assert released.ok and released.ticket.state == "released"
    assert relay.release_conversation.texts[-1][1].startswith("Anna Adviser hat Sie wieder")
    assert relay.adviser.refreshed == ["claimed", "released"]
    kinds = [(m.direction, m.author) for m in relay.store.messages(ticket.id)]
    assert kinds == [("to_sme", "system"), ("to_sme", "Anna Adviser"), ("to_adviser", "sme")]


async def test_non_members_are_refused_and_nothing_leaks(relay):
    ticket = await opened(relay)
    for outcome in (
        await relay.claim(ticket.id, EVE, "Eve"),
        await relay.from_adviser(ticket.thread_key, EVE, "Eve", "hello", "e1"),
        await relay.release(ticket.id, EVE),
    ):
        assert outcome.status == 403
    assert relay.sme.received == {} and relay.store.messages(ticket.id) == []
    assert relay.store.get(ticket.id).state == "open"


async def test_replies_need_the_claim_and_stop_after_release(relay):
    ticket = await opened(relay)
    unclaimed = await relay.from_adviser(ticket.thread_key, ANNA, "Anna", "too early", "a1")
    assert unclaimed.status == 409 and "Claim" in unclaimed.message
    await relay.claim(ticket.id, ANNA, "Anna")
    other = await relay.from_adviser(ticket.thread_key, BOB, "Bob", "me too", "b1")
    assert other.status == 403 and "held by Anna" in other.message
    assert (await relay.claim(ticket.id, BOB, "Bob")).status == 409
    await relay.release(ticket.id, ANNA)
    late = await relay.from_adviser(ticket.thread_key, ANNA, "Anna", "one more thing", "a2")
    assert late.status == 409 and "not sent" in late.message
    assert (await relay.release(ticket.id, ANNA)).status == 409
    assert (await relay.release(ticket.id + 99, ANNA)).status == 404
    texts = [text for _, text in relay.sme.received["conv-de"]]
    assert "too early" not in texts and "me too" not in texts and "one more thing" not in texts


async def test_a_reply_reaches_only_the_conversation_of_its_thread(relay):
    first = await opened(relay, "conv-a", "en")
    second = await opened(relay, "conv-b", "fr")
    await relay.claim(first.id, ANNA, "Anna")
    await relay.claim(second.id, BOB, "Bob")
    await relay.from_adviser(first.thread_key, ANNA, "Anna", "for A", "x")
    await relay.from_adviser(second.thread_key, BOB, "Bob", "pour B", "x")
    assert ("Anna", "for A") in relay.sme.received["conv-a"]
    assert all(text != "for A" for _, text in relay.sme.received["conv-b"])
    assert relay.sme.received["conv-b"][0][1].startswith("Bob, du réseau")
    unknown = await relay.from_adviser("fake:999", ANNA, "Anna", "lost?", "y")
    assert unknown.status == 404


async def test_pending_messages_survive_a_restart_in_both_directions(open_store):
    adviser, outlet = FakeAdviserChannel(down=True), FakeOutlet(down=True)
    relay = make_relay(open_store, adviser, outlet)
    ticket = await opened(relay)
    await relay.claim(ticket.id, ANNA, "Anna")
    await relay.from_adviser(ticket.thread_key, ANNA, "Anna", "eins", "1")
    await relay.from_adviser(ticket.thread_key, ANNA, "Anna", "zwei", "2")
    await relay.from_sme("conv-de", [{"event": "pause"}, user("drei", 3.0)])
    assert outlet.received == {} and adviser.posts == []
    # a new process over the same database, with both sides back
    restarted = make_relay(open_store, FakeAdviserChannel(), FakeOutlet())
    assert await restarted.flush() == 4
    assert [t for _, t in restarted.sme.received["conv-de"]][1:] == ["eins", "zwei"]
    assert restarted.adviser.posts == [(ticket.id, "sme", "drei")]
    assert await restarted.flush() == 0


async def test_an_sme_message_never_waits_for_delivery_to_the_sme(open_store):
    """from_sme runs inside Rasa's handling of the SME's message, which holds the conversation's
    lock: delivering to the SME from there (Rasa's API) would wait for that lock forever."""
    outlet = FakeOutlet(down=True)
    relay = make_relay(open_store, outlet=outlet)
    ticket = await opened(relay)
    await relay.claim(ticket.id, ANNA, "Anna")
    await relay.from_adviser(ticket.thread_key, ANNA, "Anna", "pending", "p1")
    outlet.down = False
    await relay.from_sme("conv-de", [{"event": "pause"}, user("hi", 9.0)])
    assert outlet.received == {}  # left to the delivery loop
    assert relay.adviser.posts[-1] == (ticket.id, "sme", "hi")
    assert await relay.flush() == 2 and len(outlet.received["conv-de"]) == 2


async def test_sme_messages_no_action_saw_are_caught_up_from_the_tracker_once(relay):
    """Rasa keeps an SME's message while the action server is down; the relay reads it from
    the tracker when it is back (released tickets and other conversations are left alone)."""
    ticket = await opened(relay)
    other = await opened(relay, "conv-fr", "fr")
    await relay.release(other.id, "slack:UANNA")
    trackers = {
        "conv-de": [{"event": "pause"}, user("Sind Sie noch da?", 5.0), user("Hallo?", 6.0)],
        "conv-fr": [{"event": "pause"}, user("Allô ?", 7.0)],
    }
    asked: list[str] = []

    async def events_of(conversation_id: str):
        asked.append(conversation_id)
        return trackers.get(conversation_id)

    assert await relay.catch_up(events_of) == 2
    assert await relay.catch_up(events_of) == 0  # read again: nothing twice
    texts = [text for tid, _, text in relay.adviser.posts if tid == ticket.id]
    assert texts[-2:] == ["Sind Sie noch da?", "Hallo?"]
    assert asked == ["conv-de", "conv-de"]  # the handed-back conversation is not read
