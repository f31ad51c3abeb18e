"""Two action servers flushing the same pending message at once: one delivery (the lease).

Each "server" is a relay of its own over its own connection to the same ticket store (both
stores; with PostgreSQL, as a scaled deployment shares it) and the same recording fake Rasa API,
which keeps what it accepted and serves it back as the tracker, slowly (so both servers would
read the tracker before either writes: the window the tracker check alone leaves open).
"""

from __future__ import annotations

import asyncio
from typing import Any

from actions.handoff.relay import Relay
from actions.handoff.relay_store import TO_ADVISER, TO_SME
from actions.handoff.wiring import build_relay
from tests.actions.handoff.relay_fakes import FakeAdviserChannel, FakeOutlet, FakeRelease
from tests.actions.handoff.support import Recorder, make_service


def server(tmp_path: Any, open_store: Any, rasa: Recorder) -> Any:
    """One action server's handoff service and relay over the shared store."""
    service = make_service(tmp_path, open_store(), rasa_url=rasa.url(""))
    service.relay = build_relay(service)
    return service


def in_history(rasa: Recorder, text: str) -> int:
    return sum(1 for e in rasa.stored("web-sme") if e.get("event") == "bot" and e["text"] == text)


async def pending_reply(service: Any, text: str) -> int:
    store = service.store
    ticket = store.create("web-sme", email=None, transcript=[], context={})
    return store.add_message(ticket.id, TO_SME, "Anna Adviser", text, f"slack:{text}").id


class NoLease:
    """A store without the cross-process guard (every lease granted): the control case."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def lease(self, message_id: int, owner: str, seconds: float) -> bool:
        return True


async def test_two_servers_flushing_at_once_write_the_message_once(tmp_path, open_store, rasa):
    one, two = server(tmp_path, open_store, rasa), server(tmp_path, open_store, rasa)
    rasa.tracker_delay_s = 0.3
    await pending_reply(one, "Which region are you in?")

    counts = await asyncio.gather(one.relay.flush((TO_SME,)), two.relay.flush((TO_SME,)))

    assert sorted(counts) == [0, 1]  # one server delivered, the other left it alone
    assert in_history(rasa, "Which region are you in?") == 1
    assert one.store.undelivered(TO_SME) == [] and two.store.undelivered(TO_SME) == []
    # the control: without the lease the same race writes it twice (the test can fail)
    late = await pending_reply(one, "Still there?")
    one.relay.store, two.relay.store = NoLease(one.store), NoLease(two.store)
    await asyncio.gather(one.relay.flush((TO_SME,)), two.relay.flush((TO_SME,)))
    assert late and in_history(rasa, "Still there?") == 2
    await one.close()
    await two.close()


async def test_order_is_kept_behind_a_message_another_server_delivers(tmp_path, open_store, rasa):
    one, two = server(tmp_path, open_store, rasa), server(tmp_path, open_store, rasa)
    first = await pending_reply(one, "First")
    ticket = one.store.open_ticket("web-sme")
    one.store.add_message(ticket.id, TO_SME, "Anna Adviser", "Second", "slack:2")
    assert one.store.lease(first, one.relay.owner, 60)  # server one is delivering "First"

    assert await two.relay.flush((TO_SME,)) == 0  # "Second" waits behind it
    assert [m.text for m in two.store.undelivered(TO_SME)] == ["First", "Second"]
    assert await one.relay.flush((TO_SME,)) == 2  # its holder goes on
    texts = [e["text"] for e in rasa.stored("web-sme") if e.get("event") == "bot"]
    assert texts == ["First", "Second"]
    await one.close()
    await two.close()


async def test_a_dead_servers_lease_runs_out_and_a_failed_delivery_is_given_back(
    tmp_path, open_store, rasa
):
    one, two = server(tmp_path, open_store, rasa), server(tmp_path, open_store, rasa)
    message = await pending_reply(one, "Which region?")
    # 2 s, not less: the two checks below must fall inside it on a loaded CI machine
    assert one.store.lease(message, "a-server-that-died", 2.0)
    assert not two.store.lease(message, two.relay.owner, 60)
    assert await two.relay.flush((TO_SME,)) == 0
    await asyncio.sleep(2.05)
    rasa.script = [503]  # the first try after it ran out fails: the lease is given back at once
    assert await two.relay.flush((TO_SME,)) == 0
    assert one.store.lease(message, one.relay.owner, 60)
    one.store.unlease(message, one.relay.owner)
    assert await two.relay.flush((TO_SME,)) == 1 and in_history(rasa, "Which region?") == 1
    assert not one.store.lease(message, one.relay.owner, 60)  # delivered: nobody's any more
    await one.close()
    await two.close()


async def test_a_thread_post_is_made_by_one_server(tmp_path, open_store):
    """The other direction: an SME message reaches the adviser thread once."""
    store_one, store_two = open_store(), open_store()
    channel = FakeAdviserChannel()

    class SlowChannel(FakeAdviserChannel):
        async def post(self, ticket, author, text):
            await asyncio.sleep(0.2)
            return await channel.post(ticket, author, text)

    relays = [
        Relay(store, SlowChannel(), FakeOutlet(), FakeRelease(store))
        for store in (store_one, store_two)
    ]
    ticket = store_one.create("web-sme", email=None, transcript=[], context={})
    store_one.set_thread(ticket.id, "fake:1", {})
    store_one.add_message(ticket.id, TO_ADVISER, "sme", "Bavaria", "user:1.0")
    await asyncio.gather(*(relay.flush((TO_ADVISER,)) for relay in relays))
    assert channel.posts == [(ticket.id, "sme", "Bavaria")]
