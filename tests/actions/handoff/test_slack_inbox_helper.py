"""The advisers' inbox (App Home) and the staff helper (/ask and DMs) against the fake Slack."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from actions.handoff.slack_inbox import inbox_view, waited
from actions.handoff.slack_routes import SlackAdviserApp
from actions.handoff.staff_helper import answer_text, ask_assistant, staff_sender
from actions.handoff.wiring import build_relay
from tests.actions.handoff.fake_slack import CHANNEL, SECRET, TOKEN, WORKSPACE_URL
from tests.actions.handoff.support import make_service


@pytest.fixture
async def app(tmp_path, slack):
    service = make_service(
        tmp_path, slack_token=TOKEN, slack_signing_secret=SECRET, slack_channel=CHANNEL,
        slack_api_url=slack.api_url,
    )  # fmt: skip
    service.relay = build_relay(service)
    asked: list[tuple[str, str]] = []

    async def ask(adviser: str, question: str) -> str:
        asked.append((adviser, question))
        return f"Answer to {question} (source: EC, 2026-05-01)"

    app = SlackAdviserApp(service.relay, service.relay.adviser, ask)
    app.asked = asked
    yield app
    await service.close()


def test_waiting_time_is_written_for_people():
    from actions.handoff.store import Ticket

    now = datetime.fromisoformat("2026-12-05T12:00:00+00:00")
    ticket = lambda ago: Ticket(1, "c", (now - ago).isoformat(), "open", None)  # noqa: E731
    assert waited(ticket(timedelta(minutes=12)), now) == "12 min"
    assert waited(ticket(timedelta(hours=3, minutes=5)), now) == "3 h 05 min"
    assert waited(ticket(timedelta(days=2, hours=4)), now) == "2 d 4 h"


async def test_inbox_lists_waiting_then_claimed_tickets_for_advisers_only(app, slack):
    store = app.relay.store
    first = store.create("c1", email=None, transcript=[], context={"language": "de"})
    second = store.create("c2", email=None, transcript=[], context={})
    done = store.create("c3", email=None, transcript=[], context={})
    store.claim(second.id, "slack:UBOB", "Bob")
    store.release("c3", "slack:UBOB")
    store.set_thread(first.id, f"slack:{CHANNEL}:1800000001.000100",
                     {"channel": CHANNEL, "ts": "1800000001.000100"})  # fmt: skip
    await app.event(
        {"type": "event_callback", "event": {"type": "app_home_opened", "user": "UANNA"}}
    )
    [call] = slack.posts("views.publish")
    assert call["user_id"] == "UANNA"
    text = json.dumps(call["view"], ensure_ascii=False)
    link = f"<{WORKSPACE_URL}/archives/{CHANNEL}/p1800000001000100|#{first.id}>"
    assert f"{link} · de · waiting 0 min" in text and "with Bob" in text
    assert f"#{second.id} · en" in text  # no thread stored: no link
    assert f"#{done.id} " not in text
    assert text.index("Waiting for an adviser") < text.index(f"#{first.id}") < text.index("Claimed")
    await app.event(
        {"type": "event_callback", "event": {"type": "app_home_opened", "user": "UEVE"}}
    )
    outsider = json.dumps(slack.posts("views.publish")[-1]["view"], ensure_ascii=False)
    assert "#" not in outsider and "members of the adviser channel only" in outsider
    view = inbox_view([])
    assert json.dumps(view).count("none") == 2


async def test_slash_command_answers_privately_and_only_staff(app, slack):
    form = {"command": "/ask", "text": "What is the EIC Accelerator budget?", "user_id": "UANNA",
            "response_url": slack.response_url}  # fmt: skip
    now, follow_up = await app.command(form)
    assert now["response_type"] == "ephemeral" and "Asking the assistant" in now["text"]
    await follow_up
    [(_, body)] = [c for c in slack.calls if c[0] == "response_url"]
    assert body["response_type"] == "ephemeral"
    assert body["text"].startswith("Answer to What is the EIC Accelerator budget?")
    assert app.asked == [("slack:UANNA", "What is the EIC Accelerator budget?")]
    refused, nothing = await app.command({**form, "user_id": "UEVE"})
    assert nothing is None and "adviser channel only" in refused["text"]
    usage, nothing = await app.command({**form, "text": " "})
    assert nothing is None and "/ask <question>" in usage["text"]
    assert len(app.asked) == 1


async def test_direct_message_is_answered_in_the_dm(app, slack):
    dm = {"type": "message", "channel": "DANNA", "channel_type": "im", "user": "UANNA",
          "text": "Who can apply to Eurostars?", "ts": "1.0"}  # fmt: skip
    await app.event({"type": "event_callback", "event": dm})
    assert slack.posts()[-1] == {
        "channel": "DANNA", "text": "Answer to Who can apply to Eurostars? (source: EC, 2026-05-01)"
    }  # fmt: skip
    await app.event({"type": "event_callback", "event": {**dm, "user": "UEVE", "channel": "DEVE"}})
    assert "adviser channel only" in slack.posts()[-1]["text"]
    assert len(app.asked) == 1


def test_rest_answer_becomes_one_text():
    messages = [{"text": "EIC Accelerator: up to EUR 2.5 million. Source: EC (2026)."},
                {"text": "Anything else?", "buttons": [{"title": "Partners"}, {"title": "Calls"}]}]  # fmt: skip
    assert answer_text(messages) == (
        "EIC Accelerator: up to EUR 2.5 million. Source: EC (2026).\n\nAnything else?\n\n"
        "Options: Partners · Calls"
    )
    assert "no answer" in answer_text([])
    assert staff_sender("slack:U1") == "staff-slack-U1"


async def test_ask_assistant_over_rest_and_when_rasa_is_down(tmp_path):
    import aiohttp
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    seen = []

    async def rest(request):
        seen.append(await request.json())
        return web.json_response([{"text": "Eurostars is for R&D-performing SMEs."}])

    server_app = web.Application()
    server_app.router.add_post("/webhooks/rest/webhook", rest)
    server = TestServer(server_app, host="127.0.0.1", port=0)
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{server.port}"
        assert await ask_assistant(session, url, "slack:U1", "Eurostars?") == (
            "Eurostars is for R&D-performing SMEs."
        )
        assert seen == [{"sender": "staff-slack-U1", "message": "Eurostars?"}]
        await server.close()
        assert "cannot be reached" in await ask_assistant(session, url, "slack:U1", "again?")
