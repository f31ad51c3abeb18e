"""Exactly once into the SME's conversation history, whatever point a delivery stops at.

A relayed message is written into Rasa's tracker (``POST .../tracker/events``), then recorded in
the ticket store (``mark_delivered``; for an SME in Teams ``mark_in_history`` then the push).
Each test stops the delivery at one point (Rasa refuses, Rasa stores but never answers, the
action server dies before recording, Teams refuses the push) and lets a retry or a restarted
action server (a new relay over the same store, nothing in memory) finish: the message is in the
history once and reaches the SME once. The fake Rasa keeps what it accepted and serves it back
as the tracker (tests/actions/handoff/support.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from actions.handoff.relay_store import TO_SME
from contracts.handoff import MESSAGE_KEY
from tests.actions.handoff.support import Recorder, teams_service
from tests.actions.handoff.test_teams_adviser import teams_sme_context

#: The dead server's delivery lease in the crash test.
LEASE_S = 2.0


class Crash(Exception):
    """The action server dies here."""


@pytest.fixture
def start(tmp_path, open_store, rasa, connector):
    """Starts an action server's relay over the test's store (again: a restart); its Teams app
    reaches SMEs in Teams, the advisers are elsewhere."""

    def started() -> Any:
        return teams_service(tmp_path, open_store(), rasa, connector, channel=False)

    return started  # each test closes what it started


def history(rasa: Recorder, conversation: str, text: str) -> int:
    """How often the message is in the conversation's history."""
    return sum(
        1 for e in rasa.stored(conversation) if e.get("event") == "bot" and e["text"] == text
    )


def pending(service: Any) -> list[str]:
    return [m.text for m in service.store.undelivered(TO_SME)]


async def widget_message(service: Any, text: str) -> int:
    ticket = service.store.create("web-sme", email=None, transcript=[], context={})
    message = service.store.add_message(ticket.id, TO_SME, "Anna Adviser", text, f"t:{text}")
    return message.id


async def test_rasa_refuses_then_accepts(start, rasa):
    service = start()
    await widget_message(service, "Which region?")
    rasa.script = [503]
    assert await service.relay.flush((TO_SME,)) == 0 and pending(service) == ["Which region?"]
    assert await service.relay.flush((TO_SME,)) == 1
    assert history(rasa, "web-sme", "Which region?") == 1 and pending(service) == []
    await service.close()


async def test_rasa_stores_but_the_answer_never_comes(start, rasa):
    """A timeout after Rasa's write: the retry finds the message in the tracker."""
    service = start()
    message_id = await widget_message(service, "Which region?")
    rasa.script, rasa.hang_s = ["hang"], 1.5  # longer than the client's 0.5 s
    assert await service.relay.flush((TO_SME,)) == 0
    assert history(rasa, "web-sme", "Which region?") == 1  # stored, not recorded
    writes = len(rasa.requests)
    assert await service.relay.flush((TO_SME,)) == 1
    assert len(rasa.requests) == writes  # nothing written again
    assert history(rasa, "web-sme", "Which region?") == 1 and pending(service) == []
    [event] = [e for e in rasa.stored("web-sme") if e.get("event") == "bot"]
    assert event["metadata"][MESSAGE_KEY] == message_id
    await service.close()


async def test_a_crash_between_the_write_and_its_record(start, rasa):
    """The action server dies after Rasa's answer, before ``mark_delivered``: once its
    delivery lease has run out, the restarted one delivers the message without writing it
    again."""
    first = start()
    # Long enough that a loaded machine (CI runs two suites at once) cannot let it run out between
    # the crash and the restarted server's first flush: 0.3 s did once.
    first.relay.lease_s = LEASE_S
    await widget_message(first, "Which region?")

    def crash(_message_id: int) -> None:
        raise Crash

    first.store.mark_delivered = crash
    with pytest.raises(Crash):
        await first.relay.flush((TO_SME,))
    await first.close()
    assert history(rasa, "web-sme", "Which region?") == 1

    second = start()
    assert pending(second) == ["Which region?"]
    assert await second.relay.flush((TO_SME,)) == 0  # the dead server's lease still runs
    await asyncio.sleep(LEASE_S + 0.05)
    assert await second.relay.flush((TO_SME,)) == 1
    assert history(rasa, "web-sme", "Which region?") == 1 and pending(second) == []
    await second.close()


async def test_teams_sme_a_crash_at_each_point(start, rasa, connector):
    """For an SME in Teams: a crash before ``mark_in_history``, then a refused push, then a
    restart: once in the history, once in the chat."""
    first = start()
    ticket = first.store.create(
        "29:sme", email=None, transcript=[], context=teams_sme_context(connector)
    )
    first.store.add_message(ticket.id, TO_SME, "Anna Adviser", "Welche Region?", "t:1")

    def crash(_message_id: int) -> None:
        raise Crash

    real_mark = first.store.mark_in_history
    first.store.mark_in_history = crash
    assert await first.relay.flush((TO_SME,)) == 0  # written, not recorded: stays pending
    assert history(rasa, "29:sme", "Welche Region?") == 1
    assert connector.replies("a:sme-chat") == []
    first.store.mark_in_history = real_mark
    connector.failing.add("a:sme-chat")  # recorded now, but Teams refuses the push
    assert await first.relay.flush((TO_SME,)) == 0
    [message] = first.store.undelivered(TO_SME)
    assert message.in_history_at is not None
    await first.close()

    connector.failing.clear()
    second = start()
    assert await second.relay.flush((TO_SME,)) == 1
    assert history(rasa, "29:sme", "Welche Region?") == 1
    assert connector.replies("a:sme-chat") == ["Anna Adviser: Welche Region?"]
    await second.close()


async def test_rasa_unreachable_for_the_check_writes_nothing(start, rasa):
    service = start()
    await widget_message(service, "Which region?")
    await rasa.close()  # the tracker cannot be read: nothing is written blindly
    assert await service.relay.flush((TO_SME,)) == 0 and pending(service) == ["Which region?"]
    await service.close()
