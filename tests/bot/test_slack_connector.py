"""The Slack connector's webhook, served in-process, with requests signed by ``slack_sdk``.

``on_new_message`` stands in for Rasa's processor and answers through the output channel it was
given; Slack's Web API is a local fake that records ``chat.postMessage``. The same behaviour is
checked against the real Rasa server in ``test_slack_live.py``.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlencode

import aiohttp
import pytest
from channels_fakes import FakeSlackApi, async_wait_until, serve_channel
from slack_sdk.signature import SignatureVerifier

from bot.channels.slack import SlackInput

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SIGNER = SignatureVerifier(SECRET)


@pytest.fixture
def slack_api():
    with FakeSlackApi() as server:
        yield server


def signed_headers(body: bytes, secret: str = SECRET, age: float = 0) -> dict[str, str]:
    timestamp = str(int(time.time() - age))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def event_body(text: str = "hello", **event) -> dict:
    return {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": f"Ev{time.time_ns()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": "D123",
            "user": "U42",
            "text": text,
            "ts": f"{time.time():.6f}",
            **event,
        },
    }


class Bot:
    def __init__(self, *replies: dict) -> None:
        self.replies = replies
        self.messages = []

    async def __call__(self, message) -> None:
        self.messages.append(message)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))


async def send(url, body: bytes, headers: dict, content_type="application/json"):
    headers = {"Content-Type": content_type, **headers}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{url}/webhook", data=body, headers=headers) as resp,
    ):
        return resp.status, await resp.text(), dict(resp.headers)


def channel_for(slack_api: FakeSlackApi) -> SlackInput:
    return SlackInput.from_credentials(
        {"slack_token": "xoxb-test", "slack_signing_secret": SECRET, "api_url": slack_api.api_url}
    )


def test_signed_message_is_answered_in_its_thread_with_blocks(slack_api):
    help_reply = {
        "text": "Try one of these:",
        "buttons": [{"title": "Hydrogen", "payload": '/find_partners{"technology": "hydrogen"}'}],
    }

    async def scenario():
        bot = Bot(help_reply)
        async with serve_channel(channel_for(slack_api), bot) as url:
            body = json.dumps(event_body("what can you do?", ts="1700000000.000100")).encode()
            status, _, _ = await send(url, body, signed_headers(body))
            await async_wait_until(lambda: slack_api.posts)
        return status, bot

    status, bot = asyncio.run(scenario())
    assert status == 200
    assert bot.messages[0].text == "what can you do?"
    assert bot.messages[0].sender_id == "U42"
    [post] = slack_api.posts
    assert post["channel"] == "D123"
    assert post["thread_ts"] == "1700000000.000100"
    assert post["blocks"][1]["elements"][0]["value"] == '/find_partners{"technology": "hydrogen"}'
    assert slack_api.tokens == ["Bearer xoxb-test"]


def bad_signature(kind: str, body: bytes) -> dict[str, str]:
    if kind == "missing":
        return {}
    if kind == "wrong":
        return signed_headers(body, secret="wrong-secret")
    if kind == "stale":  # correctly signed, but more than 5 minutes old
        return signed_headers(body, age=5 * 60 + 30)
    if kind == "tampered":  # signed, then the body changed
        return signed_headers(body.replace(b"hello", b"HELLO"))
    return {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"}


@pytest.mark.parametrize("kind", ["missing", "wrong", "stale", "tampered", "junk"])
def test_unsigned_wrong_and_stale_requests_are_rejected(slack_api, kind):
    async def scenario():
        bot = Bot({"text": "never"})
        async with serve_channel(channel_for(slack_api), bot) as url:
            body = json.dumps(event_body("hello")).encode()
            result = await send(url, body, bad_signature(kind, body))
            await asyncio.sleep(0.2)
        return result, bot

    (status, _, _), bot = asyncio.run(scenario())
    assert status == 401
    assert bot.messages == []
    assert slack_api.posts == []


def test_retries_never_produce_a_second_answer(slack_api):
    async def scenario():
        bot = Bot({"text": "hi"})
        async with serve_channel(channel_for(slack_api), bot) as url:
            body = json.dumps(event_body("hello")).encode()
            first = await send(url, body, signed_headers(body))
            retries = []
            for number, reason in ((1, "http_timeout"), (2, "http_error")):
                headers = {
                    **signed_headers(body),
                    "X-Slack-Retry-Num": str(number),
                    "X-Slack-Retry-Reason": reason,
                }
                retries.append(await send(url, body, headers))
            # the same event delivered again without retry headers is not answered either
            again = await send(url, body, signed_headers(body))
            await asyncio.sleep(0.3)
        return first, retries, again, bot

    first, retries, again, bot = asyncio.run(scenario())
    assert first[0] == 200
    assert [r[0] for r in retries] == [200, 200]
    assert all(r[2].get("X-Slack-No-Retry") == "1" for r in retries)
    assert again[0] == 200
    assert len(bot.messages) == 1
    assert len(slack_api.posts) == 1


def test_a_retry_of_a_delivery_that_never_arrived_is_answered_once(slack_api):
    """``connection_failed``: the server was down for the first delivery (a restart), so the
    retry is the message's only delivery; a further retry of it is not answered again."""

    async def scenario():
        bot = Bot({"text": "hi"})
        async with serve_channel(channel_for(slack_api), bot) as url:
            body = json.dumps(event_body("written while the server was down")).encode()
            answers = []
            for number in (1, 2):
                headers = {
                    **signed_headers(body),
                    "X-Slack-Retry-Num": str(number),
                    "X-Slack-Retry-Reason": "connection_failed",
                }
                answers.append(await send(url, body, headers))
            await asyncio.sleep(0.3)
        return answers, bot

    answers, bot = asyncio.run(scenario())
    assert [a[0] for a in answers] == [200, 200]
    assert [m.text for m in bot.messages] == ["written while the server was down"]
    assert len(slack_api.posts) == 1


@pytest.mark.parametrize(
    "event",
    [
        pytest.param({"bot_id": "BBOT", "user": "UBOT"}, id="bot_id"),
        pytest.param({"user": "UBOT"}, id="own-user-id"),
        pytest.param({"subtype": "message_changed"}, id="edit"),
        pytest.param({"subtype": "bot_message", "user": None}, id="bot_message"),
    ],
)
def test_the_bots_own_messages_are_ignored(slack_api, event):
    async def scenario():
        bot = Bot({"text": "echo"})
        async with serve_channel(channel_for(slack_api), bot) as url:
            body = json.dumps(event_body("I am the bot", **event)).encode()
            result = await send(url, body, signed_headers(body))
            await asyncio.sleep(0.2)
        return result, bot

    (status, _, _), bot = asyncio.run(scenario())
    assert status == 200
    assert bot.messages == []
    assert slack_api.posts == []


def test_button_click_is_a_user_message_answered_in_the_same_thread(slack_api):
    interaction = {
        "type": "block_actions",
        "user": {"id": "U42", "username": "ada"},
        "channel": {"id": "C777"},
        "message": {"ts": "1700000001.000200", "thread_ts": "1700000000.000100", "text": "x"},
        "actions": [
            {
                "type": "button",
                "action_id": "details-1",
                "value": '/select_result{"ordinal": "1"}',
                "action_ts": "1700000002.1",
            }
        ],
    }

    async def scenario():
        bot = Bot({"text": "Details follow"})
        async with serve_channel(channel_for(slack_api), bot) as url:
            body = urlencode({"payload": json.dumps(interaction)}).encode()
            result = await send(
                url, body, signed_headers(body), "application/x-www-form-urlencoded"
            )
            await async_wait_until(lambda: slack_api.posts)
            # a link button carries no value: acknowledged, not a message
            link = {**interaction, "actions": [{"type": "button", "action_id": "website-1"}]}
            body = urlencode({"payload": json.dumps(link)}).encode()
            await send(url, body, signed_headers(body), "application/x-www-form-urlencoded")
            await asyncio.sleep(0.2)
        return result, bot

    (status, _, _), bot = asyncio.run(scenario())
    assert status == 200
    assert [m.text for m in bot.messages] == ['/select_result{"ordinal": "1"}']
    assert bot.messages[0].sender_id == "U42"
    [post] = slack_api.posts
    assert (post["channel"], post["thread_ts"]) == ("C777", "1700000000.000100")


def test_url_verification_challenge_is_answered_only_when_signed(slack_api):
    async def scenario():
        async with serve_channel(channel_for(slack_api), Bot()) as url:
            body = json.dumps({"type": "url_verification", "challenge": "abc123"}).encode()
            signed = await send(url, body, signed_headers(body))
            unsigned = await send(url, body, {})
        return signed, unsigned

    signed, unsigned = asyncio.run(scenario())
    assert signed[0] == 200 and json.loads(signed[1]) == {"challenge": "abc123"}
    assert unsigned[0] == 401


def test_mention_in_a_channel_arriving_twice_is_answered_once(slack_api):
    async def scenario():
        bot = Bot({"text": "hi"})
        channel = SlackInput.from_credentials(
            {
                "slack_token": "xoxb-test",
                "slack_signing_secret": SECRET,
                "api_url": slack_api.api_url,
                "slack_channel": "C1",
            }
        )
        async with serve_channel(channel, bot) as url:
            ts = "1700000005.000001"
            common = {"channel": "C1", "channel_type": "channel", "ts": ts}
            for kind in ("message", "app_mention"):
                body = json.dumps(event_body("<@UBOT> hello", type=kind, **common)).encode()
                await send(url, body, signed_headers(body))
            await asyncio.sleep(0.3)
        return bot

    bot = asyncio.run(scenario())
    assert [m.text for m in bot.messages] == ["hello"]  # the bot's own mention is removed
    assert len(slack_api.posts) == 1
