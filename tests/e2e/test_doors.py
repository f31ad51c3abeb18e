"""Every door of a running assistant, tried from the outside (issue 15).

Two real stacks on loopback: one as ``make run`` starts it by default (Rasa's HTTP API off), one
with the API on (as for the handoff release: the session's shared stack, tests/e2e/conftest.py). Each test knocks on one door: the API without or
with a forged token, a CORS preflight and a Socket.IO handshake from a foreign origin, the action
server without its secret, 1,000 messages from one sender, many senders from one address, an
oversized body; and the metrics endpoints count what happened.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import uuid

import pytest

from bot.ops.replies import guard_reply
from scripts.stack import Stack, post_message

pytestmark = pytest.mark.integration

FOREIGN = "https://evil.example"
THROTTLED = guard_reply("rate_limited")


def request(
    url: str, *, method: str = "GET", body: bytes | None = None, headers: dict | None = None
) -> tuple[int, dict, bytes]:
    """Any HTTP request; returns status, headers (lower-case names) and body, errors included."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def send(stack: Stack, sender: str, text: str) -> list[dict]:
    return post_message(stack.rasa_url, sender, text)


@pytest.fixture(scope="module")
def locked(tmp_path_factory):
    """The default run: nothing configured but a smaller per-address limit (quicker to reach)."""
    limits = {"CLUSTER_RATE_LIMIT_ADDRESS": "40/60"}
    stack = Stack.isolated(tmp_path_factory.mktemp("doors-locked"), extra_env=limits)
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture
def api(session_stack) -> Stack:
    """A run with Rasa's HTTP API on (token generated into its secrets folder): the shared stack.

    The per-address limit is off there: every test client is 127.0.0.1, and the flood test wants
    to show that one sender's flood leaves other senders alone.
    """
    return session_stack


def test_by_default_rasa_api_is_not_served(locked):
    for path in ("/conversations/x/tracker", "/status", "/model"):
        status, _, _ = request(f"{locked.rasa_url}{path}")
        assert status == 404, path
    assert locked.api_token is None
    assert send(locked, f"d-{uuid.uuid4().hex[:8]}", "hello")  # the REST channel is on


def test_api_refuses_no_token_and_a_forged_token(api):
    sender = f"d-{uuid.uuid4().hex[:8]}"
    send(api, sender, "hello")
    tracker = f"{api.rasa_url}/conversations/{sender}/tracker"
    assert request(tracker)[0] == 401
    assert request(f"{tracker}?token=forged-{uuid.uuid4().hex}")[0] == 401
    forged_jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjp7InJvbGUiOiJhZG1pbiJ9fQ.c2lnbmF0dXJl"
    assert request(tracker, headers={"Authorization": f"Bearer {forged_jwt}"})[0] == 401
    events = f"{api.rasa_url}/conversations/{sender}/tracker/events"
    resume = json.dumps({"event": "resume"}).encode()
    assert request(events, method="POST", body=resume)[0] == 401  # no bypass of the handoff
    status, _, body = request(api.api_url(f"/conversations/{sender}/tracker"))
    assert status == 200 and json.loads(body)["sender_id"] == sender
    # The token is generated once, kept with mode 0600, and not on the command line.
    secret = api.secrets_dir / "rasa_api_token"
    assert secret.read_text().strip() == api.api_token and secret.stat().st_mode & 0o077 == 0
    rasa = next(s for s in api.servers if s.name == "rasa server")
    assert api.api_token not in " ".join(rasa.argv)


def test_cors_preflight_from_a_foreign_origin_is_refused(locked):
    url = f"{locked.rasa_url}/webhooks/rest/webhook"
    ask = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    _, headers, _ = request(url, method="OPTIONS", headers={"Origin": FOREIGN, **ask})
    assert headers.get("access-control-allow-origin") in (None, "")
    _, headers, _ = request(url, method="OPTIONS", headers={"Origin": locked.rasa_url, **ask})
    assert headers.get("access-control-allow-origin") == locked.rasa_url


def test_widget_socket_from_a_foreign_origin_is_refused(locked):
    handshake = f"{locked.rasa_url}/socket.io/?EIO=4&transport=polling"
    status, _, _ = request(handshake, headers={"Origin": FOREIGN})
    assert status == 400
    status, _, body = request(handshake, headers={"Origin": locked.rasa_url})
    assert status == 200 and b"sid" in body


def test_action_server_answers_only_with_its_secret(locked):
    call = json.dumps(
        {"next_action": "action_search_partners", "sender_id": "x", "tracker": {}, "domain": {}}
    ).encode()
    json_type = {"Content-Type": "application/json"}
    assert (
        request(f"{locked.action_url}/webhook", method="POST", body=call, headers=json_type)[0]
        == 403
    )
    wrong = {**json_type, "X-Cluster-Action-Secret": "guessed"}
    assert (
        request(f"{locked.action_url}/webhook", method="POST", body=call, headers=wrong)[0] == 403
    )
    assert request(f"{locked.action_url}/actions")[0] == 403
    right = {"X-Cluster-Action-Secret": locked.lockdown.action_secret}
    status, _, body = request(f"{locked.action_url}/actions", headers=right)
    assert status == 200 and "action_search_partners" in body.decode()
    assert request(f"{locked.action_url}/health")[0] == 200
    # Rasa itself gets through (it sends the secret): a search is answered with results.
    reply = send(locked, f"d-{uuid.uuid4().hex[:8]}", "hydrogen storage partners in Germany")
    assert any((m.get("custom") or {}).get("type") == "partner_results" for m in reply)


def test_an_oversized_body_is_refused_with_413(locked):
    body = json.dumps({"sender": "big", "message": "x" * 70_000}).encode()
    status, _, _ = request(
        f"{locked.rasa_url}/webhooks/rest/webhook",
        method="POST",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    assert status == 413


def test_a_thousand_messages_from_one_sender_are_throttled_and_the_conversation_survives(api):
    sender = f"flood-{uuid.uuid4().hex[:8]}"
    answered, throttled, last = 0, 0, None
    for i in range(1000):
        text = f"hello {i}"
        reply = send(api, sender, text)
        if [m.get("text") for m in reply] == [THROTTLED]:
            throttled += 1
        else:
            answered, last = answered + 1, text
    # 30 per minute, plus the one token per 2 s that refilled while the flood ran.
    assert 30 <= answered <= 45 and throttled == 1000 - answered
    body = json.loads(request(api.api_url(f"/conversations/{sender}/tracker"))[2])
    user_turns = [e for e in body["events"] if e["event"] == "user"]
    assert len(user_turns) == answered  # throttled messages never reached the conversation
    assert user_turns[-1]["text"] == last
    time.sleep(2.5)  # one message per 2 s comes back
    reply = send(api, sender, "we need partners for hydrogen storage in Germany")
    assert any((m.get("custom") or {}).get("type") == "partner_results" for m in reply)
    # Other people are not affected by this sender's flood.
    assert send(api, f"other-{uuid.uuid4().hex[:8]}", "hello")[0]["text"] != THROTTLED


def test_metrics_count_turns_rate_limits_and_actions(api):
    send(api, f"m-{uuid.uuid4().hex[:8]}", "hydrogen storage partners in Germany")
    status, headers, body = request(f"{api.rasa_url}/metrics")
    text = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/plain")
    assert _value(text, r'cluster_turns_total\{channel="rest"\}') >= 1
    assert _value(text, r'cluster_turn_seconds_count\{intent="find_partners"\}') >= 1
    assert _value(text, r'cluster_rate_limited_total\{channel="rest"\}') >= 900
    status, _, body = request(f"{api.action_url}/metrics")
    text = body.decode()
    assert status == 200
    assert _value(text, r'cluster_action_seconds_count\{action="action_search_partners"\}') >= 1
    assert _value(text, r'cluster_search_seconds_count\{action="action_search_partners"\}') >= 1


def test_many_senders_from_one_address_are_throttled(locked):
    replies = [send(locked, f"addr-{i}-{uuid.uuid4().hex[:6]}", "/greet") for i in range(60)]
    throttled = sum(1 for reply in replies if [m.get("text") for m in reply] == [THROTTLED])
    assert 10 <= throttled <= 30  # 40 per minute per address in this run, each sender new


def _value(metrics: str, pattern: str) -> float:
    match = re.search(pattern + r" ([0-9.e+]+)", metrics)
    assert match, f"{pattern} not in the metrics"
    return float(match.group(1))
