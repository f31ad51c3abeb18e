"""End to end: human handoff with both real servers and a local recording adviser webhook.

request_human -> consent -> e-mail -> ticket + webhook post -> paused (a short notice, no answer)
-> release over HTTP with the token -> the bot answers again. Repeated fallbacks (the two-stage
fallback gives up) start the same consent question; a clarified fallback does not.

The paused-notice is ``action_validate_slot_mappings`` (see actions/handoff/actions.py for why).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from actions.dialogue.fallback import GIVE_UP_TEXT
from scripts.stack import Stack, free_port, http_get_json, post_message

pytestmark = pytest.mark.integration

TOKEN = f"tok-{uuid.uuid4().hex}"
SENDER = f"e2e-handoff-{uuid.uuid4().hex[:8]}"


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def webhook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Hook.received
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, webhook):
    run_dir: Path = tmp_path_factory.mktemp("handoff-stack")
    rasa_port = free_port()
    stack = Stack.isolated(
        run_dir,
        rasa_port=rasa_port,
        extra_env={
            "CLUSTER_ADVISER_WEBHOOK_URL": webhook[0],
            "CLUSTER_ADVISER_WEBHOOK_KIND": "slack",
            "CLUSTER_HANDOFF_TOKEN": TOKEN,
            "CLUSTER_HANDOFF_DB": str(run_dir / "handoff.db"),
            "CLUSTER_RASA_URL": f"http://127.0.0.1:{rasa_port}",
        },
    )
    stack.start()
    yield stack
    stack.stop()


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def release(stack: Stack, conversation: str, token: str | None) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"{stack.action_url}/handoff/{conversation}/release", data=b"", method="POST"
    )
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def tracker(stack: Stack) -> dict:
    body = http_get_json(stack.api_url(f"/conversations/{SENDER}/tracker"), timeout=10)
    assert isinstance(body, dict)
    return body


def test_handoff_pause_and_release(stack, webhook):
    _, received = webhook
    say = lambda text: post_message(stack.rasa_url, SENDER, text)  # noqa: E731

    assert "adviser" in texts(say("can I talk to a real person please?")).lower()
    assert "e-mail" in texts(say("/affirm")).lower()
    handed = texts(say("anna@cluster-bavaria.de"))
    assert "ticket #1" in handed and "passed your conversation to an adviser" in handed

    [post] = received
    assert "ticket #1" in post["text"] and "anna@cluster-bavaria.de" in post["text"]
    assert tracker(stack)["paused"] is True

    waiting = say("hello? anyone there?")
    assert texts(waiting).startswith("An adviser has your conversation (ticket #1)")
    assert say("still waiting") == []  # one notice, then quiet while the adviser answers

    assert release(stack, SENDER, None)[0] == 401
    assert release(stack, SENDER, "wrong")[0] == 403
    assert release(stack, "nobody-here", TOKEN)[0] == 404
    status, body = release(stack, SENDER, TOKEN)
    assert (status, body["released"]) == (200, [1])
    assert tracker(stack)["paused"] is False

    back = say("hi")
    assert back and "An adviser has your conversation" not in texts(back)
    events = tracker(stack)["events"]
    assert [e["event"] for e in events].count("resume") == 1


def buttons(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


# The failed turns are typed as `/nlu_fallback` (what the FallbackClassifier emits on low
# confidence): whether some free text falls below the threshold depends on the trained model, and
# the dialogue's answer to nlu_fallback is what these tests are about.
@pytest.mark.parametrize(
    "failed_turns",
    [
        ["/nlu_fallback", "/nlu_fallback"],  # the answer to "did you mean" fails too
        ["/nlu_fallback", "/out_of_scope", "/nlu_fallback", "/out_of_scope"],  # "Something else" x2
    ],
    ids=["twice-in-a-row", "something-else-twice"],
)
def test_repeated_fallbacks_start_the_handoff(stack, webhook, failed_turns):
    _, received = webhook
    sender = f"e2e-fallback-{uuid.uuid4().hex[:8]}"
    say = lambda text: post_message(stack.rasa_url, sender, text)  # noqa: E731

    *clarifying, last = failed_turns
    for turn in clarifying:
        reply = say(turn)
        assert reply and GIVE_UP_TEXT not in texts(reply)
        assert "/affirm" not in buttons(reply)  # no consent question yet
    handed = say(last)
    assert GIVE_UP_TEXT in texts(handed)
    assert "May I share the conversation" in texts(handed)
    assert buttons(handed) == ["/affirm", "/deny"]

    assert "e-mail" in texts(say("yes")).lower()
    before = len(received)
    done = texts(say("skip"))
    assert "passed your conversation to an adviser" in done
    assert tracker_of(stack, sender)["paused"] is True
    [post] = received[before:]
    assert sender in post["text"] and "none given" in post["text"]

    # While handed off, even a typed /restart does not take the conversation from the adviser:
    # the only answer is the notice, the conversation stays paused, the ticket's turns stay.
    restarted = texts(say("/restart"))
    assert restarted.startswith("An adviser has your conversation (ticket #")
    assert "cleared our conversation" not in restarted
    body = tracker_of(stack, sender)
    assert body["paused"] is True
    assert "action_handoff" in [e.get("name") for e in body["events"]]
    assert say("hi, is anyone there?") == []  # one notice, then quiet for the adviser


def test_a_clarified_fallback_does_not_hand_over(stack):
    sender = f"e2e-clarified-{uuid.uuid4().hex[:8]}"
    say = lambda text: post_message(stack.rasa_url, sender, text)  # noqa: E731
    assert "/out_of_scope" in buttons(say("/nlu_fallback"))
    reply = say("hydrogen storage partners in Germany")
    results = [m["custom"] for m in reply if m.get("custom")]
    assert results and results[0]["type"] == "partner_results", reply
    assert "May I share the conversation" not in texts(reply)
    assert tracker_of(stack, sender)["paused"] is False


def tracker_of(stack: Stack, sender: str) -> dict:
    body = http_get_json(stack.api_url(f"/conversations/{sender}/tracker"), timeout=10)
    assert isinstance(body, dict)
    return body
