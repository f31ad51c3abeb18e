"""The relay's HTTP routes on a real Sanic app (as the action server mounts them): Slack
signatures, the url_verification challenge, interactivity, commands, the REST messages route."""

from __future__ import annotations

import contextlib
import json
import uuid

import aiohttp
from sanic import Sanic

from actions.handoff.wiring import build_relay, install_relay
from scripts.stack import free_port
from tests.actions.handoff.fake_slack import (
    CHANNEL,
    SECRET,
    TOKEN,
    button_press,
    message_event,
    signed_headers,
)
from tests.actions.handoff.support import make_service, teams_service

BEARER = "relay-token"


@contextlib.asynccontextmanager
async def serve(service):
    Sanic.test_mode = True
    app = Sanic(f"relay_test_{uuid.uuid4().hex[:8]}", configure_logging=False)
    install_relay(app, service)
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()


async def post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as r,
    ):
        return r.status, await r.text()


async def test_signed_routes_and_the_rest_messages_route(tmp_path, open_store, slack, rasa):
    service = make_service(
        tmp_path, open_store(), rasa_url=rasa.url(""), token=BEARER, slack_token=TOKEN,
        slack_signing_secret=SECRET, slack_channel=CHANNEL, slack_api_url=slack.api_url,
    )  # fmt: skip
    service.relay = build_relay(service)
    ticket = service.store.create("web-9", email=None, transcript=[], context={"language": "it"})
    await service.relay.open(ticket)
    ts = service.store.get(ticket.id).thread["ts"]
    async with serve(service) as base:
        challenge = json.dumps({"type": "url_verification", "challenge": "abc"}).encode()
        status, text = await post(
            f"{base}/handoff/slack/events", challenge, signed_headers(challenge)
        )
        assert (status, json.loads(text)) == (200, {"challenge": "abc"})
        forged = signed_headers(challenge, secret="guess")
        assert (await post(f"{base}/handoff/slack/events", challenge, forged))[0] == 401
        assert (await post(f"{base}/handoff/slack/events", challenge, {}))[0] == 401

        press = button_press("UANNA", "handoff_claim", ticket.id)
        bad = signed_headers(press, secret="guess")
        assert (await post(f"{base}/handoff/slack/interactivity", press, bad))[0] == 401
        assert service.store.get(ticket.id).state == "open"
        assert (await post(f"{base}/handoff/slack/interactivity", press, signed_headers(press)))[
            0
        ] == 200
        assert service.store.get(ticket.id).state == "claimed"

        reply = message_event("UANNA", "Buongiorno!", ts)
        assert (await post(f"{base}/handoff/slack/events", reply, signed_headers(reply)))[0] == 200
        command = b"command=%2Fask&text=&user_id=UEVE"
        status, text = await post(
            f"{base}/handoff/slack/commands", command, signed_headers(command)
        )
        assert status == 200 and "adviser channel only" in json.loads(text)["text"]

        async with aiohttp.ClientSession() as session:
            url = f"{base}/handoff/web-9/messages"
            async with session.get(url) as r:
                assert r.status == 401
            auth = {"Authorization": f"Bearer {BEARER}"}
            async with session.get(url, headers=auth) as r:
                messages = (await r.json())["messages"]
            async with session.get(f"{url}?after={messages[0]['id']}", headers=auth) as r:
                later = (await r.json())["messages"]
            async with session.get(f"{base}/handoff/someone-else/messages", headers=auth) as r:
                assert (await r.json())["messages"] == []
    assert [m["author"] for m in messages] == ["system", "Anna Adviser"]
    assert messages[0]["text"].startswith("Anna Adviser della Enterprise Europe Network")
    assert [m["text"] for m in later] == ["Buongiorno!"]
    await service.close()


async def test_the_teams_routes_need_the_bearer_token_and_answer_the_inbox_with_its_card(
    tmp_path, open_store, rasa, connector
):
    service = teams_service(tmp_path, open_store(), rasa, connector, token=BEARER)
    ticket = service.store.create("conv-t", email=None, transcript=[], context={})
    await service.relay.open(ticket)
    thread = service.store.get(ticket.id).thread["conversation"]
    anna = {"id": "29:anna", "name": "Anna Adviser"}
    claim = {"type": "message", "id": "a1", "from": anna, "value": {"handoff_action": "claim",
             "ticket": ticket.id}, "conversation": {"id": thread}}  # fmt: skip
    inbox = {"type": "message", "text": "inbox", "from": anna,
             "conversation": {"id": "a:anna", "conversationType": "personal"}}  # fmt: skip
    good = {"Authorization": f"Bearer {BEARER}", "Content-Type": "application/json"}
    try:
        async with serve(service) as base:
            for route, body in (("activity", claim), ("command", inbox)):
                url = f"{base}/handoff/teams/{route}"
                for wrong in ({}, {"Authorization": "Bearer guess"}):
                    status, _ = await post(url, json.dumps(body).encode(), wrong)
                    assert status == 401
            assert service.store.get(ticket.id).state == "open"  # nothing was done
            status, text = await post(
                f"{base}/handoff/teams/activity", json.dumps(claim).encode(), good
            )
            assert status == 200 and json.loads(text)["status"] == 200
            assert service.store.get(ticket.id).claimed_name == "Anna Adviser"
            status, text = await post(
                f"{base}/handoff/teams/command", json.dumps(inbox).encode(), good
            )
            answer = json.loads(text)
            assert (
                answer["message"].startswith("Handoff tickets")
                and "with Anna Adviser" in answer["message"]
            )
            [card] = answer["attachments"]
            assert "Open thread" in json.dumps(card)
    finally:
        await service.close()
