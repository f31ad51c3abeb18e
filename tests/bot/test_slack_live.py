"""Slack against the real Rasa server: signed requests in, Web API calls out to a local fake.

Both servers run with :class:`scripts.stack.Stack` (what ``make run`` uses) on free ports, with
``SLACK_*`` variables that enable the project's Slack connector and point its Web API client at
:class:`channels_fakes.FakeSlackApi` (the channels stage's one stack, tests/bot/conftest.py, which
has the Teams channel on as well). Requests are signed with ``slack_sdk``'s signature tooling.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlencode

import pytest
from channels_fakes import SLACK_SECRET, FakeSlackApi, slack_env, wait_until
from slack_sdk.signature import SignatureVerifier

from bot.ops.runtime_config import build_run_config
from scripts.stack import Stack

pytestmark = pytest.mark.integration

SECRET = SLACK_SECRET
QUIET_SECONDS = 3.0  # how long "nothing was posted" is watched for


@pytest.fixture
def stack(channels_stack) -> Stack:
    """The channels stage's stack (tests/bot/conftest.py): Slack on, Teams on as well."""
    return channels_stack


def signed(body: bytes, secret: str = SECRET, age: float = 0) -> dict[str, str]:
    timestamp = str(int(time.time() - age))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def post(stack: Stack, body: bytes, headers: dict, content_type="application/json"):
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/slack/webhook",
        data=body,
        headers={"Content-Type": content_type, **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers)


def dm(text: str, user: str, **event) -> tuple[bytes, str]:
    ts = f"{time.time():.6f}"
    body = {
        "type": "event_callback",
        "team_id": "T1",
        "api_app_id": "A1",
        "event_id": f"Ev{uuid.uuid4().hex}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": f"D{user}",
            "user": user,
            "text": text,
            "ts": ts,
            **event,
        },
    }
    return json.dumps(body).encode(), ts


def in_thread(slack_api: FakeSlackApi, ts: str) -> list[dict]:
    with slack_api.lock:
        return [p for p in slack_api.posts if p.get("thread_ts") == ts]


def user() -> str:
    return f"U{uuid.uuid4().hex[:8].upper()}"


def test_the_run_log_says_slack_is_on(stack, slack_api):
    assert "slack" in stack.channel_summary.split("|")[0]
    # A run with Slack configured alone says Teams is off (the summary the stack prints).
    alone = build_run_config({**slack_env(slack_api), "TEAMS_APP_ID": ""}).summary()
    assert "slack" in alone.split("|")[0]
    assert "teams" in alone.split("|")[1]


def test_signed_message_is_answered_in_its_thread_with_buttons(stack, slack_api):
    body, ts = dm("what can you do?", user())
    status, _ = post(stack, body, signed(body))
    assert status == 200
    assert wait_until(lambda: any("blocks" in p for p in in_thread(slack_api, ts)), 60)
    replies = in_thread(slack_api, ts)
    assert {p["channel"] for p in replies} == {json.loads(body)["event"]["channel"]}
    with_buttons = next(p for p in replies if "blocks" in p)
    assert with_buttons["blocks"][0]["type"] == "section"
    values = [e.get("value", "") for b in with_buttons["blocks"][1:] for e in b["elements"]]
    assert values and all(v.startswith("/find_partners") for v in values)
    assert slack_api.tokens[-1] == "Bearer xoxb-live-test"


@pytest.mark.parametrize("kind", ["missing", "wrong", "stale"])
def test_bad_signatures_are_rejected_and_never_answered(stack, slack_api, kind):
    body, ts = dm("hello", user())
    headers = {
        "missing": {},
        "wrong": signed(body, secret="not-the-secret"),
        "stale": signed(body, age=6 * 60),
    }[kind]
    status, _ = post(stack, body, headers)
    assert status == 401
    time.sleep(QUIET_SECONDS)
    assert in_thread(slack_api, ts) == []


def test_retries_do_not_produce_a_second_answer(stack, slack_api):
    body, ts = dm("hello", user())
    assert post(stack, body, signed(body))[0] == 200
    assert wait_until(lambda: in_thread(slack_api, ts), 60)
    time.sleep(1.0)  # let the whole first answer arrive
    answered = len(in_thread(slack_api, ts))
    for number, reason in ((1, "http_timeout"), (2, "http_error"), (3, "unknown_error")):
        retry = {**signed(body), "X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": reason}
        status, headers = post(stack, body, retry)
        assert status == 200 and headers.get("X-Slack-No-Retry") == "1"
    time.sleep(QUIET_SECONDS)
    assert len(in_thread(slack_api, ts)) == answered


def test_the_bots_own_message_is_ignored(stack, slack_api):
    body, ts = dm("Here is what I found", "UBOT", bot_id="BBOT")
    assert post(stack, body, signed(body))[0] == 200
    time.sleep(QUIET_SECONDS)
    assert in_thread(slack_api, ts) == []


def test_button_click_runs_a_search_and_posts_result_blocks(stack, slack_api):
    thread = f"{time.time():.6f}"
    interaction = {
        "type": "block_actions",
        "user": {"id": user(), "username": "ada"},
        "channel": {"id": "C0ADVISERS"},
        "message": {"ts": f"{time.time():.6f}", "thread_ts": thread, "text": "Try one of these"},
        "actions": [
            {
                "type": "button",
                "action_id": "reply-0",
                "action_ts": f"{time.time():.6f}",
                "value": '/find_partners{"technology": "hydrogen storage", "region": "Bavaria"}',
            }
        ],
    }
    body = urlencode({"payload": json.dumps(interaction)}).encode()
    status, _ = post(stack, body, signed(body), "application/x-www-form-urlencoded")
    assert status == 200

    def result_card():
        return next((p for p in in_thread(slack_api, thread) if len(p.get("blocks", [])) > 2), None)

    assert wait_until(result_card, 90), in_thread(slack_api, thread)
    card = result_card()
    assert card["channel"] == "C0ADVISERS"
    assert "cluster organisations" in card["text"]
    sections = [b for b in card["blocks"] if b["type"] == "section"]
    assert sections[1]["text"]["text"].startswith("*1. ")
    values = [
        e.get("value") for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert '/select_result{"ordinal": "1"}' in values
