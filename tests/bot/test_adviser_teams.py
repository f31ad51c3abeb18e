"""The Teams connector hands the adviser channel's validated activities to the handoff relay.

Real RS256 tokens from the local identity provider (channels_fakes.FakeBotFramework); a local
recording server stands in for the action server's ``/handoff/teams/activity``.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web
from channels_fakes import FakeBotFramework, ThreadedServer, async_wait_until, serve_channel

from bot.channels.adviser_teams import COMMAND_ROUTE, ROUTE, action_server_base
from bot.channels.teams import TeamsInput
from bot.ops.runtime_config import build_run_config

CHANNEL = "19:advisers@thread.tacv2"
TOKEN = "handoff-token"


INBOX_CARD = {
    "contentType": "application/vnd.microsoft.card.adaptive",
    "content": {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "#1"}]},
}


class FakeRelay(ThreadedServer):
    """Records what reaches the action server's Teams route; ``fail`` first answers with 503s."""

    def __init__(self, fail: int = 0) -> None:
        super().__init__()
        self.received: list[tuple[str | None, dict]] = []
        self.fail = fail

    def routes(self, app: web.Application) -> None:
        app.router.add_post(ROUTE, self._activity)
        app.router.add_post(COMMAND_ROUTE, self._command)

    async def _command(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append((request.headers.get("Authorization"), body))
        if body["from"]["id"] != "29:anna":
            return web.json_response({"status": 403, "message": "Only members"})
        answer = {"status": 200, "message": f"answer to {body['text']}\nmore lines"}
        if body["text"] == "inbox":  # the inbox comes with its card
            answer["attachments"] = [INBOX_CARD, {"contentType": "text/html", "content": "<b>"}]
        return web.json_response(answer)

    async def _activity(self, request: web.Request) -> web.Response:
        if self.fail:
            self.fail -= 1
            return web.json_response({}, status=503)
        self.received.append((request.headers.get("Authorization"), await request.json()))
        return web.json_response({"status": 200})


@pytest.fixture
def fake():
    with FakeBotFramework() as server:
        yield server


def channel_for(fake: FakeBotFramework, relay: FakeRelay) -> TeamsInput:
    return TeamsInput.from_credentials(
        {
            "app_id": fake.app_id,
            "app_password": fake.password,
            "tenant_id": "tenant-1",
            "openid_metadata_url": fake.metadata_url,
            "token_url": fake.token_url,
            "adviser_channel": CHANNEL,
            "handoff_token": TOKEN,
            "action_url": f"{relay.url}/webhook",
        }
    )


async def post(url: str, activity: dict, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{url}/webhook", json=activity, headers=headers) as resp,
    ):
        return resp.status


def test_adviser_channel_activities_go_to_the_relay_not_to_the_bot(fake):
    relay = FakeRelay(fail=1).start()  # the action server is briefly unavailable: retried
    seen = []

    async def bot(message) -> None:
        seen.append(message.text)

    async def scenario():
        channel = channel_for(fake, relay)
        channel.adviser.backoff = 0.05
        async with serve_channel(channel, bot) as url:
            thread = {"id": f"{CHANNEL};messageid=100", "conversationType": "channel"}
            reply = fake.activity("Hola, ¿en qué puedo ayudar?", conversation=thread)
            assert await post(url, reply, fake.mint()) == 200
            button = fake.activity(
                "", conversation=thread, value={"handoff_action": "claim", "ticket": 3}
            )
            assert await post(url, button, fake.mint()) == 200
            assert await async_wait_until(lambda: len(relay.received) == 2)
            forged = fake.activity("forged", conversation=thread)
            assert await post(url, forged, "not-a-jwt") == 401
            personal = fake.activity("partners in Spain")
            assert await post(url, personal, fake.mint()) == 200
            assert await async_wait_until(lambda: seen == ["partners in Spain"])
            await asyncio.sleep(0.3)

    try:
        asyncio.run(scenario())
    finally:
        relay.stop()
    assert [auth for auth, _ in relay.received] == [f"Bearer {TOKEN}"] * 2
    # the first one was retried after a 503, so the button may have overtaken it
    texts = [body.get("text") for _, body in relay.received]
    assert "Hola, ¿en qué puedo ayudar?" in texts
    values = [body.get("value") for _, body in relay.received]
    assert {"handoff_action": "claim", "ticket": 3} in values
    assert "forged" not in texts and seen == ["partners in Spain"]


def test_without_the_settings_nothing_is_forwarded(fake):
    channel = TeamsInput.from_credentials({"app_id": "a", "app_password": "b"})
    assert channel.adviser is None
    assert action_server_base("http://127.0.0.1:5055/webhook") == "http://127.0.0.1:5055"


def test_an_adviser_channel_without_the_handoff_token_stops_the_start():
    with pytest.raises(ValueError, match="CLUSTER_HANDOFF_TOKEN"):
        TeamsInput.from_credentials(
            {"app_id": "a", "app_password": "b", "adviser_channel": CHANNEL}
        )


def test_run_config_passes_the_adviser_settings_to_the_teams_connector():
    config = build_run_config(
        {
            "TEAMS_APP_ID": "a",
            "TEAMS_APP_PASSWORD": "b",
            "CLUSTER_ADVISER_TEAMS_CHANNEL": CHANNEL,
            "CLUSTER_HANDOFF_TOKEN": TOKEN,
            "CLUSTER_ACTION_URL": "http://10.0.0.2:5055/webhook",
        }
    )
    teams = config.credentials["bot.channels.teams.TeamsInput"]
    assert (teams["adviser_channel"], teams["handoff_token"]) == (CHANNEL, TOKEN)
    assert teams["action_url"] == "http://10.0.0.2:5055/webhook"


def test_staff_commands_in_a_personal_chat_are_answered_by_the_relay_for_advisers_only(fake):
    relay = FakeRelay().start()
    seen = []

    async def bot(message) -> None:
        seen.append(message.text)

    async def scenario():
        async with serve_channel(channel_for(fake, relay), bot) as url:
            anna = {"id": "29:anna", "name": "Anna Adviser"}
            inbox = fake.activity("<at>Bot</at> inbox", **{"from": anna})
            assert await post(url, inbox, fake.mint()) == 200
            ask = fake.activity("ask what is a cluster?", **{"from": anna})
            assert await post(url, ask, fake.mint()) == 200
            sme = fake.activity("inbox")  # someone outside the team: an ordinary message
            assert await post(url, sme, fake.mint()) == 200
            plain = fake.activity("ask", **{"from": anna})  # no question: not a command
            assert await post(url, plain, fake.mint()) == 200
            assert await async_wait_until(lambda: sorted(seen) == ["ask", "inbox"])
            assert await async_wait_until(lambda: len(replies(fake)) == 2)

    try:
        asyncio.run(scenario())
    finally:
        relay.stop()
    # handled in the background: in any order
    assert sorted(body["text"] for _, body in relay.received) == [
        "ask what is a cluster?",
        "inbox",
        "inbox",
    ]
    answers = {(a.get("text") or a.get("summary")).split("\n")[0]: a for a in replies(fake)}
    assert sorted(answers) == ["answer to ask what is a cluster?", "answer to inbox"]
    assert answers["answer to ask what is a cluster?"]["text"].endswith("more lines")
    inbox_reply = answers["answer to inbox"]  # the card alone (no other attachment), no text
    assert inbox_reply["attachments"] == [INBOX_CARD] and "text" not in inbox_reply


def replies(fake: FakeBotFramework) -> list[dict]:
    return [
        a["activity"]
        for a in fake.activities
        if a["activity"].get("type") == "message" and "answer to" in str(a["activity"])
    ]


def test_in_the_teams_other_channels_only_messages_for_the_bot_are_answered(fake, caplog):
    """With ChannelMessage.Read.Group Teams sends every channel message of the advisers' team;
    the assistant answers only an @mention or a click on its card there, and logs what an
    adviser team needs when the app is added to a team."""
    relay = FakeRelay().start()
    seen = []

    async def bot(message) -> None:
        seen.append(message.text)

    other = {"id": "19:general@thread.tacv2;messageid=7", "conversationType": "channel"}
    mention = {"type": "mention", "mentioned": {"id": f"28:{fake.app_id}", "name": "Bot"},
               "text": "<at>Bot</at>"}  # fmt: skip
    installed = fake.activity(
        "", type="conversationUpdate",
        channelData={"tenant": {"id": "tenant-1"}, "eventType": "teamMemberAdded",
                     "team": {"id": "19:general@thread.tacv2", "name": "EEN advisers"}},
    )  # fmt: skip

    async def scenario():
        async with serve_channel(channel_for(fake, relay), bot) as url:
            people = fake.activity("lunch at one?", conversation=other)
            assert await post(url, people, fake.mint()) == 200
            asked = fake.activity("<at>Bot</at> partners in Spain", conversation=other,
                                  entities=[mention])  # fmt: skip
            assert await post(url, asked, fake.mint()) == 200
            click = fake.activity("", conversation=other, value={"payload": "/affirm"})
            assert await post(url, click, fake.mint()) == 200
            personal = fake.activity("hello")
            assert await post(url, personal, fake.mint()) == 200
            assert await post(url, installed, fake.mint()) == 200
            assert await async_wait_until(lambda: len(seen) == 3)

    with caplog.at_level("INFO", logger="bot.channels.teams"):
        try:
            asyncio.run(scenario())
        finally:
            relay.stop()
    assert sorted(seen) == ["/affirm", "hello", "partners in Spain"]
    assert relay.received == []  # none of them is the adviser channel's
    assert f"CLUSTER_ADVISER_TEAMS_SERVICE_URL={fake.service_url}" in caplog.text
    assert "'EEN advisers'" in caplog.text and "19:general@thread.tacv2" in caplog.text
