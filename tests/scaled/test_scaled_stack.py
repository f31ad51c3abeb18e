"""The scaled stack end to end: PostgreSQL, Redis, two Rasa servers, two action servers, nginx.

Checked: a conversation goes through nginx with its state in PostgreSQL and its events in the
event broker; a handed-off conversation is found paused by BOTH action servers (the ticket store
is shared) and released through the other one; a message emitted by one Rasa server reaches a
widget whose socket is held by the other (Socket.IO through Redis); "delete my data" erases the
event broker's copies too and the report still runs; the export of an unknown conversation
answers 404 and stores nothing; a Redis outage gets a quick "try again" and the service
recovers by itself; the staff report reads what the stack wrote.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest

from actions.analytics import build_report
from scripts.localsvc import available, free_port
from scripts.scaled import ScaledStack
from scripts.stack import http_get_json, post_message
from tests.scaled.sio_client import SocketIOClient

pytestmark = pytest.mark.integration

TOKEN = f"tok-{uuid.uuid4().hex}"
PRIVACY_TOKEN = f"priv-{uuid.uuid4().hex}"
TRY_AGAIN = "Please send it again"


@pytest.fixture(scope="module")
def stack():
    missing = [name for name, ok in available().items() if not ok]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed: run scripts/install_services.sh")
    directory = Path(tempfile.mkdtemp(prefix="cluster-scaled-"))
    directory.chmod(0o755)  # PostgreSQL may run as the postgres user
    stack = ScaledStack(
        directory,
        rasa_servers=2,
        action_servers=2,
        port=free_port(),
        durable=False,
        extra_env={
            "CLUSTER_HANDOFF_TOKEN": TOKEN,
            "CLUSTER_PRIVACY_TOKEN": PRIVACY_TOKEN,
            "CLUSTER_ADVISER_WEBHOOK_URL": "",
        },
    )
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(directory, ignore_errors=True)


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def post_json(url: str, body: object, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def tracker(stack: ScaledStack, sender: str) -> dict:
    body = http_get_json(f"{stack.url}/conversations/{sender}/tracker", timeout=20)
    assert isinstance(body, dict)
    return body


def run_action(port: int, action: str, sender: str, paused: bool) -> dict:
    """Calls one action server directly, as Rasa would, with a minimal tracker."""
    status, body = post_json(
        f"http://127.0.0.1:{port}/webhook",
        {
            "next_action": action,
            "sender_id": sender,
            "tracker": {
                "sender_id": sender,
                "slots": {},
                "latest_message": {},
                "events": [],
                "paused": paused,
                "latest_action_name": "action_listen",
            },
            "domain": {},
            "version": "3.6.21",
        },
    )
    assert status == 200, body
    return body


def test_a_conversation_is_kept_in_postgresql_and_streamed_to_the_event_broker(stack):
    sender = f"scaled-{uuid.uuid4().hex[:8]}"
    first = post_message(stack.url, sender, "hydrogen storage partners in Germany")
    assert [m["custom"]["type"] for m in first if m.get("custom")] == ["partner_results"]
    assert post_message(stack.url, sender, "show more")
    events = tracker(stack, sender)["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == [
        "hydrogen storage partners in Germany",
        "show more",
    ]
    with psycopg.connect(stack.database_url("tracker")) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM events WHERE sender_id = %s AND type_name = 'user'", (sender,)
        ).fetchone()[0]
    assert stored == 2  # the tracker lives in PostgreSQL, not in the Rasa process
    with psycopg.connect(stack.database_url("events")) as conn:
        streamed = conn.execute(
            "SELECT count(*) FROM events WHERE sender_id = %s", (sender,)
        ).fetchone()[0]
    assert streamed >= len(events) - 1  # every event went to the broker as well
    report = build_report(stack.database_url("events"), stack.database_url("stores"))
    assert report.user_turns >= 2 and report.top_countries  # Germany was searched


def test_a_paused_handoff_is_seen_by_both_action_servers_and_released_by_either(stack):
    sender = f"scaled-handoff-{uuid.uuid4().hex[:8]}"
    say = lambda text: post_message(stack.url, sender, text)  # noqa: E731
    assert "adviser" in texts(say("can I talk to a real person please?")).lower()
    assert "e-mail" in texts(say("/affirm")).lower()
    handed = texts(say("skip"))  # no adviser webhook here: "saved your request as ticket #n"
    assert "ticket #" in handed
    number = handed.split("ticket #", 1)[1].split()[0].rstrip(".,)")
    assert tracker(stack, sender)["paused"] is True

    for port in stack.action_ports:  # whichever server runs the next action finds the ticket
        notice = run_action(port, "action_validate_slot_mappings", sender, paused=True)
        assert f"ticket #{number}" in texts(notice["responses"])
        session = run_action(port, "action_session_start", sender, paused=True)
        assert "pause" in [e["event"] for e in session["events"]]

    # released through the second action server (the ticket may have been opened by the first)
    status, body = post_json(
        f"http://127.0.0.1:{stack.action_ports[1]}/handoff/{sender}/release", {}, TOKEN
    )
    assert (status, body.get("released")) == (200, [int(number)])
    assert tracker(stack, sender)["paused"] is False
    for port in stack.action_ports:
        session = run_action(port, "action_session_start", sender, paused=False)
        assert "pause" not in [e["event"] for e in session["events"]]
    assert "An adviser has your conversation" not in texts(say("hi"))


def rows(url: str, sender: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT count(*) FROM events WHERE sender_id = %s", (sender,)
        ).fetchone()[0]


def test_a_message_emitted_by_one_rasa_server_reaches_a_widget_held_by_the_other(stack):
    """The widget's socket is on server A; a message appended through server B's API with
    ``output_channel=latest`` (how adviser replies and the release note reach the widget) is
    delivered through Redis."""
    server_a, server_b = (f"http://127.0.0.1:{port}" for port in stack.rasa_ports)
    note = f"An adviser writes: hello ({uuid.uuid4().hex[:6]})"

    async def widget() -> tuple[dict, dict]:
        async with SocketIOClient(server_a) as sio:
            await sio.emit("session_request", {"session_id": None})
            session = await sio.receive("session_confirm")
            await sio.emit("user_uttered", {"message": "hello", "session_id": session})
            greeting = await sio.receive("bot_uttered")
            # Rasa OSS's RedisLockStore is not atomic across servers (RasaHQ/rasa#9213): a write
            # through B while A is closing the "hello" turn can find the lock gone and answer 500
            # ("Could not acquire lock"). The product's relay retries such a write after reading
            # the history (actions/handoff/sme_outlet.py); so does this test, a bounded few times.
            for _ in range(3):
                status, _ = await asyncio.to_thread(
                    post_json,
                    f"{server_b}/conversations/{session}/tracker/events"
                    "?output_channel=latest&execute_side_effects=true&include_events=NONE",
                    [{"event": "bot", "text": note, "timestamp": time.time()}],
                )
                if status != 500:
                    break
                await asyncio.sleep(1.0)
            assert status == 200
            return greeting, await sio.receive("bot_uttered", timeout=15)

    greeting, pushed = asyncio.run(widget())
    assert greeting.get("text")
    assert pushed["text"] == note


def test_delete_my_data_erases_the_event_brokers_copies_and_the_report_still_runs(stack):
    sender = f"scaled-erase-{uuid.uuid4().hex[:8]}"
    assert post_message(stack.url, sender, "hydrogen storage partners in Germany")
    assert rows(stack.database_url("events"), sender) > 0
    assert "delete" in texts(post_message(stack.url, sender, "/delete_my_data")).lower()
    assert post_message(stack.url, sender, "/affirm")
    assert rows(stack.database_url("tracker"), sender) == 0
    assert rows(stack.database_url("events"), sender) == 0  # the broker's copies are gone too
    report = build_report(stack.database_url("events"), stack.database_url("stores"))
    assert report.user_turns >= 1  # the other conversations are still counted


def test_delete_my_data_works_while_handed_off_to_an_adviser(stack):
    """Paused, the bot runs no rules; the request still works, the ticket is closed (deleted)
    and the next message starts a new conversation that is not paused."""
    sender = f"scaled-paused-{uuid.uuid4().hex[:8]}"
    say = lambda text: post_message(stack.url, sender, text)  # noqa: E731
    say("can I talk to a real person please?")
    say("/affirm")
    assert "ticket #" in texts(say("skip"))
    assert tracker(stack, sender)["paused"] is True
    asked = say("/delete_my_data")
    assert [b["payload"] for b in asked[-1].get("buttons", [])] == ["/affirm", "/deny"]
    assert "have been deleted" in texts(say("/affirm"))
    assert rows(stack.database_url("tracker"), sender) == 0
    assert rows(stack.database_url("events"), sender) == 0
    with psycopg.connect(stack.database_url("stores")) as conn:
        tickets = conn.execute(
            "SELECT count(*) FROM tickets WHERE conversation_id = %s", (sender,)
        ).fetchone()[0]
    assert tickets == 0
    say("hello")
    assert tracker(stack, sender)["paused"] is False


def test_the_export_of_an_unknown_conversation_is_404_and_stores_nothing(stack):
    sender = f"scaled-nobody-{uuid.uuid4().hex[:8]}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{stack.action_ports[0]}/privacy/{sender}/export",
        headers={"Authorization": f"Bearer {PRIVACY_TOKEN}"},
    )
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=30)
    assert answer.value.code == 404
    assert rows(stack.database_url("tracker"), sender) == 0
    assert rows(stack.database_url("events"), sender) == 0


def test_a_redis_outage_gets_a_quick_try_again_and_recovers(stack):
    sender = f"scaled-redis-{uuid.uuid4().hex[:8]}"
    assert post_message(stack.url, sender, "hello")
    stack.redis.stop()
    try:
        started = time.monotonic()
        reply = post_message(stack.url, sender, "hydrogen storage partners in Germany")
        assert TRY_AGAIN in texts(reply)
        assert time.monotonic() - started < 10
    finally:
        stack.redis.start()
    reply = post_message(stack.url, sender, "hydrogen storage partners in Germany")
    assert TRY_AGAIN not in texts(reply) and any(m.get("custom") for m in reply)
    users = [e["text"] for e in tracker(stack, sender)["events"] if e["event"] == "user"]
    assert users == ["hello", "hydrogen storage partners in Germany"]  # the failed turn: not kept
