"""Adviser webhook against a local HTTP server: Slack and Teams bodies, retries, failures."""

from __future__ import annotations

import time

import pytest

from actions.handoff.actions import ActionHandoff
from actions.handoff.webhook import summary_text, webhook_payload
from tests.actions.handoff.support import (
    Recorder,
    conversation_events,
    handoff_tracker,
    install_handoff,
    make_service,
    unused_port,
)


@pytest.fixture
async def recorder():
    recorder = await Recorder().start()
    yield recorder
    await recorder.close()


async def hand_off(tmp_path, dispatcher, url, kind="slack"):
    """Runs action_handoff with the webhook at ``url``; returns the stored ticket and the time."""
    service = make_service(tmp_path, webhook_url=url, webhook_kind=kind)
    install_handoff(service)
    tracker = handoff_tracker(
        events=conversation_events(),
        handoff_consent=True,
        contact_email="anna@cluster-bavaria.de",
        country="DE",
        partner_query="hydrogen storage",
    )
    started = time.monotonic()
    try:
        events = await ActionHandoff().run(dispatcher, tracker, {})
    finally:
        install_handoff(None)
        await service.close()
    assert events[-1]["event"] == "pause"
    [ticket] = service.store.recent()
    return ticket, time.monotonic() - started


async def test_slack_gets_text_with_ticket_context_and_release_hint(tmp_path, dispatcher, recorder):
    ticket, _ = await hand_off(tmp_path, dispatcher, recorder.url("/services/T/B/x"))
    [request] = recorder.requests
    assert request["path"] == "/services/T/B/x"
    assert request["headers"]["Content-Type"] == "application/json"
    assert set(request["json"]) == {"text"}
    text = request["json"]["text"]
    assert "ticket #1" in text and "`conv-1`" in text
    assert "anna@cluster-bavaria.de" in text
    assert 'partner search "hydrogen storage"' in text and "country DE" in text
    assert "&gt; user: anna@cluster-bavaria.de" in text  # Slack escaping of ">"
    assert "release conv-1" in text
    assert ticket.notified == "sent"
    assert "passed your conversation to an adviser" in dispatcher.messages[0]["text"]


async def test_teams_gets_a_minimal_adaptive_card(tmp_path, dispatcher, recorder):
    ticket, _ = await hand_off(tmp_path, dispatcher, recorder.url("/workflows/abc"), kind="teams")
    [request] = recorder.requests
    body = request["json"]
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    lines = [block["text"] for block in card["body"]]
    assert all(block["type"] == "TextBlock" and block["wrap"] for block in card["body"])
    assert lines == summary_text(ticket).splitlines()
    assert lines[0].startswith("New handoff ticket #1")


async def test_500_then_success_is_retried(tmp_path, dispatcher, recorder):
    recorder.script = [500, 503]
    ticket, _ = await hand_off(tmp_path, dispatcher, recorder.url())
    assert len(recorder.requests) == 3
    assert ticket.notified == "sent"
    assert "passed your conversation to an adviser" in dispatcher.messages[0]["text"]


async def test_persistent_500_stops_after_three_attempts(tmp_path, dispatcher, recorder):
    recorder.script = [500, 500, 500, 500, 500]
    ticket, _ = await hand_off(tmp_path, dispatcher, recorder.url())
    assert len(recorder.requests) == 3  # bounded
    assert ticket.notified == "failed: HTTP 500"
    assert ticket.status == "open"
    text = dispatcher.messages[0]["text"]
    assert "ticket #1" in text and "could not alert an adviser" in text


async def test_client_error_is_not_retried(tmp_path, dispatcher, recorder):
    recorder.script = [404]
    ticket, _ = await hand_off(tmp_path, dispatcher, recorder.url())
    assert len(recorder.requests) == 1
    assert ticket.notified == "failed: HTTP 404"
    assert "could not alert an adviser" in dispatcher.messages[0]["text"]


async def test_timeout_is_bounded_and_reported(tmp_path, dispatcher, recorder):
    recorder.script = ["hang", "hang", "hang"]
    recorder.hang_s = 2.0
    ticket, elapsed = await hand_off(tmp_path, dispatcher, recorder.url())
    assert len(recorder.requests) == 3
    assert ticket.notified == "failed: no answer within 0.5 s"
    assert elapsed < 3.0  # 3 attempts x 0.5 s, not 3 x 2 s
    assert "could not alert an adviser" in dispatcher.messages[0]["text"]


async def test_unreachable_webhook_still_stores_the_ticket(tmp_path, dispatcher):
    url = f"http://127.0.0.1:{unused_port()}/hook"
    ticket, _ = await hand_off(tmp_path, dispatcher, url)
    assert ticket.notified.startswith("failed: connection failed")
    assert ticket.email == "anna@cluster-bavaria.de"
    assert ticket.transcript
    assert "ticket #1" in dispatcher.messages[0]["text"]
    assert "could not alert an adviser" in dispatcher.messages[0]["text"]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="slack, teams"):
        webhook_payload("discord", "x")


def test_settings_disable_the_webhook_for_an_unknown_kind(monkeypatch, caplog):
    from actions.handoff.settings import HandoffSettings

    monkeypatch.setenv("CLUSTER_ADVISER_WEBHOOK_URL", "https://hooks.example.org/x")
    monkeypatch.setenv("CLUSTER_ADVISER_WEBHOOK_KIND", "Teams")
    assert HandoffSettings.from_env().webhook_kind == "teams"
    monkeypatch.setenv("CLUSTER_ADVISER_WEBHOOK_KIND", "discord")
    settings = HandoffSettings.from_env()
    assert settings.webhook_url is None
    assert "notifications are off" in caplog.text
