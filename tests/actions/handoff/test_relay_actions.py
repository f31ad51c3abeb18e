"""The handoff actions with the relay: thread opened, SME messages forwarded, bot quiet once
claimed, office-hours notice, reminders for unclaimed tickets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from actions.handoff.actions import ActionHandoff, ActionHandoffNotice
from actions.handoff.relay import Relay
from tests.actions.handoff.relay_fakes import FakeAdviserChannel, FakeOutlet, FakeRelease
from tests.actions.handoff.support import handoff_tracker, install_handoff, make_service


@pytest.fixture
def service(tmp_path, open_store):
    # open only on the day after tomorrow (UTC): closed now, whatever the day
    day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[
        (datetime.now(timezone.utc).weekday() + 2) % 7
    ]
    service = make_service(tmp_path, open_store(), office_hours=f"{day} 09:00-17:00 UTC")
    service.relay = Relay(
        service.store, FakeAdviserChannel(), FakeOutlet(), FakeRelease(service.store)
    )
    install_handoff(service)
    yield service
    install_handoff(None)


def paused_tracker(*texts: str):
    events = [{"event": "pause", "timestamp": 1.0}]
    events += [{"event": "user", "text": t, "timestamp": 2.0 + i} for i, t in enumerate(texts)]
    return handoff_tracker(texts[-1], events=events, paused=True)


async def test_handoff_opens_a_thread_and_tells_the_sme_about_office_hours(service, dispatcher):
    tracker = handoff_tracker(handoff_consent=True, contact_email=None, language="pl")
    await ActionHandoff().run(dispatcher, tracker, {})
    [ticket] = service.store.recent()
    assert service.relay.adviser.threads == [ticket.id] and ticket.notified == "sent"
    assert ticket.context["language"] == "pl"
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0].startswith("Gotowe: przekazałem rozmowę doradcy")  # the SME wrote Polish
    assert texts[1].startswith("Nasi doradcy są dostępni ") and "09:00–17:00 (UTC)" in texts[1]
    opening = (datetime.now(timezone.utc) + timedelta(days=2)).date()
    assert f"Doradca odpowie od {opening.day} " in texts[1]


async def test_sme_messages_reach_the_thread_and_the_bot_is_quiet_once_claimed(service, dispatcher):
    ticket = service.store.create("conv-1", email=None, transcript=[], context={})
    await service.relay.open(ticket)
    await ActionHandoffNotice().run(dispatcher, paused_tracker("hello?"), {})
    assert service.relay.adviser.posts == [(ticket.id, "sme", "hello?")]
    assert next(m["text"] for m in dispatcher.messages).startswith(
        "An adviser has your conversation"
    )
    await service.relay.claim(ticket.id, "slack:UANNA", "Anna")
    dispatcher.messages.clear()
    await ActionHandoffNotice().run(dispatcher, paused_tracker("hello?", "are you there?"), {})
    assert service.relay.adviser.posts[-1] == (ticket.id, "sme", "are you there?")
    assert len(service.relay.adviser.posts) == 2 and dispatcher.messages == []


async def test_an_email_left_outside_office_hours_is_saved_and_shown_to_advisers(
    service, dispatcher
):
    await ActionHandoff().run(dispatcher, handoff_tracker(handoff_consent=True), {})
    [ticket] = service.store.recent()
    assert ticket.email is None and "leave your e-mail" in dispatcher.messages[-1]["text"]
    dispatcher.messages.clear()
    said = "please write to anna.weber@cluster-bavaria.de."
    await ActionHandoffNotice().run(dispatcher, paused_tracker(said), {})
    assert service.store.get(ticket.id).email == "anna.weber@cluster-bavaria.de"  # saved
    posts = service.relay.adviser.posts
    assert posts[0] == (ticket.id, "sme", said)
    assert posts[1] == (
        ticket.id,
        "system",
        "The SME left an e-mail address for the answer: anna.weber@cluster-bavaria.de",
    )
    assert service.relay.adviser.refreshed == ["open"]  # the card shows the address
    [reply] = dispatcher.messages
    assert reply["text"] == "They will answer here or by e-mail at anna.weber@cluster-bavaria.de."
    # the same address again changes nothing; a broken one is not saved
    dispatcher.messages.clear()
    await ActionHandoffNotice().run(dispatcher, paused_tracker(said, "anna@nowhere"), {})
    assert service.store.get(ticket.id).email == "anna.weber@cluster-bavaria.de"
    assert len([p for p in posts if p[1] == "system"]) == 1


async def test_unclaimed_tickets_get_one_reminder_per_interval(service):
    ticket = service.store.create("conv-1", email=None, transcript=[], context={})
    await service.relay.open(ticket)
    created = datetime.fromisoformat(ticket.created_at).timestamp()
    assert await service.relay.remind(600, now=created + 599) == 0
    assert await service.relay.remind(600, now=created + 601) == 1
    assert await service.relay.remind(600, now=created + 900) == 0  # same interval
    await service.relay.flush()
    [(_, author, text)] = service.relay.adviser.posts
    assert author == "system" and text.startswith(
        f"Reminder: ticket #{ticket.id} has waited 10 min"
    )
    assert await service.relay.remind(600, now=created + 1201) == 1
    await service.relay.claim(ticket.id, "slack:UANNA", "Anna")
    assert await service.relay.remind(600, now=created + 99_999) == 0  # claimed: no reminder
    assert await service.relay.remind(0, now=created + 99_999) == 0  # off


def test_office_hours_setting_errors_turn_them_off(tmp_path):
    assert make_service(tmp_path, office_hours="whenever").settings.hours() is None
    hours = make_service(tmp_path, office_hours="Mon-Sun 00:00-23:59 UTC").settings.hours()
    assert hours is not None and hours.days == set(range(7))
