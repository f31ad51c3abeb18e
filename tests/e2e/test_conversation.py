"""End to end: both real servers, the real trained model, packaged embedder and FAISS index.

The servers start on free ports with a temporary SQLite tracker store. A conversation goes over the
REST channel: greeting, a partner search answered from the real index, goodbye. Then the stack is
stopped and started again through `scripts/stack.py` (what `make run` uses): the conversation is
still there, and Ctrl-C stops both servers without leaving processes behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from knowledge.records import load_profiles
from knowledge.settings import DEFAULT_PROFILES
from scripts.stack import REPO_ROOT, Stack, free_port, http_get_json, post_message

pytestmark = pytest.mark.integration

PROFILES = {p.id: p for p in load_profiles(DEFAULT_PROFILES)}


def say(base_url: str, sender: str, text: str) -> list[dict]:
    """Sends one message over the REST channel and returns the bot's messages."""
    return post_message(base_url, sender, text)


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def customs(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if "custom" in m]


def tracker_events(base_url: str, sender: str) -> list[dict]:
    body = http_get_json(f"{base_url}/conversations/{sender}/tracker", timeout=10)
    assert isinstance(body, dict), "tracker not available"
    return body["events"]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("stack")


@pytest.fixture(scope="module")
def stack(run_dir):
    stack = Stack.isolated(run_dir, run_dir=run_dir / "first")
    stack.start()
    yield stack
    stack.stop()


SENDER = f"e2e-{uuid.uuid4().hex[:8]}"


def test_greeting_search_goodbye(stack):
    greeting = say(stack.rasa_url, SENDER, "Hello there!")
    assert greeting, "no reply to a greeting"
    assert "partner" in texts(greeting).lower()  # says what it can do

    reply = say(stack.rasa_url, SENDER, "we need partners for hydrogen storage in Germany")
    payloads = customs(reply)
    assert len(payloads) == 1, reply
    payload = payloads[0]
    assert payload["type"] == "partner_results"
    assert payload["filters"] == {"country": "DE"}
    items = payload["items"]
    assert 1 <= len(items) <= 5
    # The exact filter never leaks, and every item is a real profile of the shipped corpus.
    for item in items:
        assert item["country"] == "DE"
        assert item["id"] in PROFILES
        assert PROFILES[item["id"]].country == "DE"
        assert item["why"]
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    top = PROFILES[items[0]["id"]]
    top_text = " ".join((top.description, *top.technologies)).lower()
    assert "hydrogen" in top_text, f"top result {top.name} is not about hydrogen"
    # The readable text names the same organisations.
    assert items[0]["name"] in texts(reply)

    goodbye = say(stack.rasa_url, SENDER, "thanks, bye")
    assert goodbye and not customs(goodbye)

    events = tracker_events(stack.rasa_url, SENDER)
    actions = [e.get("name") for e in events if e["event"] == "action"]
    assert "action_search_partners" in actions
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots.get("country") == "DE"


ROBUSTNESS_INPUTS = {
    "empty": "",
    "whitespace": "   \t\n  ",
    "huge": "hydrogen " * 2_500,  # 22,500 characters
    "control characters": "\x00\x07\x1b[31mpartners\x1b[0m\x7f",
    "emoji only": "🚀🌍🤝",
    "html script": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "sql": "'; DROP TABLE events; -- partners in France",
    "template": "{{ 7*7 }} ${jndi:ldap://x} {% raw %}",
    "intent syntax": '/find_partners{"country": "XX", "region": "<b>"}',
    "unknown intent syntax": "/does_not_exist",
    "broken intent syntax": '/find_partners{"country": ',
}


@pytest.mark.parametrize("name", list(ROBUSTNESS_INPUTS))
def test_bad_input_gets_a_reply_and_the_conversation_goes_on(stack, name):
    sender = f"robust-{name.replace(' ', '-')}-{uuid.uuid4().hex[:6]}"
    reply = say(stack.rasa_url, sender, ROBUSTNESS_INPUTS[name])
    assert isinstance(reply, list)
    assert reply, f"no reply to {name} input"
    for message in reply:
        assert "Traceback" not in (message.get("text") or "")
    # The conversation continues normally afterwards.
    greeting = say(stack.rasa_url, sender, "hello")
    assert "partner" in texts(greeting).lower()


def test_restart_command_resets_the_conversation(stack):
    sender = f"restart-{uuid.uuid4().hex[:6]}"
    say(stack.rasa_url, sender, "hydrogen partners in Germany")
    say(stack.rasa_url, sender, "/restart")
    body = http_get_json(
        f"{stack.rasa_url}/conversations/{sender}/tracker?include_events=ALL", timeout=10
    )
    assert any(e["event"] == "restart" for e in body["events"])
    slots = tracker_slots(stack.rasa_url, sender)
    assert slots.get("country") is None
    assert "partner" in texts(say(stack.rasa_url, sender, "hi")).lower()


def tracker_slots(base_url: str, sender: str) -> dict:
    body = http_get_json(f"{base_url}/conversations/{sender}/tracker", timeout=10)
    assert isinstance(body, dict)
    return body["slots"]


# Runs last: it stops the module's stack.
def test_restart_keeps_conversation_and_ctrl_c_stops_everything(stack, run_dir):
    before = len(tracker_events(stack.rasa_url, SENDER))
    assert before > 0
    stack.stop()

    rasa_port, action_port = free_port(), free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable, str(REPO_ROOT / "scripts" / "stack.py"),
            "--rasa-port", str(rasa_port), "--action-port", str(action_port),
            "--tracker-db", str(run_dir / "tracker.db"), "--run-dir", str(run_dir / "second"),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    output: list[str] = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output.append(line)
            if "the assistant is up" in line:
                break
        assert any("the assistant is up" in line for line in output), "".join(output)

        base = f"http://127.0.0.1:{rasa_port}"
        events = tracker_events(base, SENDER)
        assert len(events) >= before, "the conversation did not survive the restart"
        assert "action_search_partners" in [e.get("name") for e in events]
        # ... and it goes on.
        assert say(base, SENDER, "hi again")
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
        output.append(rest)

    assert process.returncode == 0, "".join(output)
    assert "stopped." in "".join(output)
    for port in (rasa_port, action_port):
        assert http_get_json(f"http://127.0.0.1:{port}/", timeout=1) is None
        assert not _listeners(port), f"something still listens on port {port}"


def _listeners(port: int) -> bool:
    """True when a socket on this machine still listens on ``port`` (reads /proc/net/tcp*)."""
    wanted = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[1].endswith(wanted) and fields[3] == "0A":  # 0A = LISTEN
                return True
    return False
