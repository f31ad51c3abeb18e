"""End to end: an SME over REST, advisers in a Teams channel, with the real Rasa and action servers.

Local fakes: the identity provider that signs inbound activities (channels_fakes.FakeBotFramework)
and the Bot Connector of the advisers' team (tests/actions/handoff/fake_teams.py). SME asks for a
person -> a thread (Adaptive Card) in the adviser channel -> Claim (card button) -> the SME reads
"... has joined" and the reply through the REST messages route -> the SME answers -> it is in the
thread, the bot stays quiet -> a non-member and a forged token are refused -> the action server
restarts, a reply written meanwhile arrives -> ``release`` in the thread -> the bot answers again.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest
from channels_fakes import FakeBotFramework

from scripts.stack import Stack, http_get_json, post_message
from tests.actions.handoff.fake_teams import APP_ID, CHANNEL, PASSWORD, TENANT, FakeConnector

pytestmark = pytest.mark.integration

TOKEN = f"handoff-{uuid.uuid4().hex}"
SENDER = f"rest-sme-{uuid.uuid4().hex[:8]}"


class ConnectorThread:
    """The advisers' fake Bot Connector, served from its own loop in a background thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.fake = self.run(FakeConnector().start())

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    def close(self) -> None:
        self.run(self.fake.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def identity():
    with FakeBotFramework() as server:
        yield server


@pytest.fixture(scope="module")
def connector():
    server = ConnectorThread()
    yield server.fake
    server.close()


@pytest.fixture(scope="module")
def stack(identity, connector, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("handoff-teams")
    stack = Stack.isolated(
        run_dir,
        extra_env={
            "TEAMS_APP_ID": identity.app_id,
            "TEAMS_APP_PASSWORD": identity.password,
            "TEAMS_TENANT_ID": "tenant-1",
            "TEAMS_OPENID_METADATA_URL": identity.metadata_url,
            "TEAMS_TOKEN_URL": identity.token_url,
            "SLACK_BOT_TOKEN": "",
            "CLUSTER_HANDOFF_TOKEN": TOKEN,
            "CLUSTER_HANDOFF_DB": str(run_dir / "handoff.db"),
            "CLUSTER_ADVISER_TEAMS_APP_ID": APP_ID,
            "CLUSTER_ADVISER_TEAMS_APP_PASSWORD": PASSWORD,
            "CLUSTER_ADVISER_TEAMS_TENANT": TENANT,
            "CLUSTER_ADVISER_TEAMS_SERVICE_URL": connector.url,
            "CLUSTER_ADVISER_TEAMS_CHANNEL": CHANNEL,
            "CLUSTER_ADVISER_TEAMS_TOKEN_URL": f"{connector.url}/token",
        },
    )
    stack.start()
    yield stack
    stack.stop()


def wait_for(predicate, timeout: float = 15.0, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


def from_adviser(stack, identity, user: str, thread: str, text: str = "", value=None, token=None):
    activity = identity.activity(
        text,
        conversation={"id": thread, "conversationType": "channel"},
        **{"from": {"id": user, "name": {"29:anna": "Anna Adviser"}.get(user, "Eve Outsider")}},
    )
    if value is not None:
        activity["value"] = value
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/teams/webhook",
        data=json.dumps(activity).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token or identity.mint()}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def sme_inbox(stack: Stack) -> list[str]:
    request = urllib.request.Request(
        f"{stack.action_url}/handoff/{SENDER}/messages",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        return [m["text"] for m in json.loads(resp.read())["messages"]]


def test_sme_over_rest_and_an_adviser_in_teams(stack, identity, connector):
    say = lambda text: post_message(stack.rasa_url, SENDER, text)  # noqa: E731
    texts = lambda messages: " ".join(m.get("text") or "" for m in messages)  # noqa: E731
    say("I would like to talk to a person")
    say("yes")
    assert "ticket #1" in texts(say("skip"))
    created = wait_for(lambda: [c for c in connector.calls if c[0] == "create"])
    card = created[0][2]["activity"]["attachments"][0]["content"]
    assert [a["title"] for a in card["actions"]] == ["Claim", "Release"]
    thread = wait_for(lambda: _thread(stack))
    assert thread.startswith(f"{CHANNEL};messageid=")

    claim = {"handoff_action": "claim", "ticket": 1}
    assert from_adviser(stack, identity, "29:anna", thread, value=claim) == 200
    joined = "Anna Adviser from the Enterprise Europe Network has joined the conversation."
    wait_for(lambda: joined in sme_inbox(stack))
    assert from_adviser(stack, identity, "29:anna", thread, "<at>Bot</at> Which country?") == 200
    wait_for(lambda: "Which country?" in sme_inbox(stack))
    tracker = http_get_json(stack.api_url(f"/conversations/{SENDER}/tracker"), 10)
    assert "Which country?" in [e.get("text") for e in tracker["events"] if e["event"] == "bot"]

    assert say("Spain, we make solar panels") == []  # the bot stays quiet
    wait_for(lambda: "SME: Spain, we make solar panels" in connector.replies(thread))

    assert from_adviser(stack, identity, "29:eve", thread, "let me in") == 200
    wait_for(lambda: any("Only members" in t for t in connector.replies(thread)))
    assert from_adviser(stack, identity, "29:anna", thread, "forged", token="x.y.z") == 401
    time.sleep(1.0)
    assert "let me in" not in sme_inbox(stack) and "forged" not in sme_inbox(stack)

    actions = stack.servers[0]  # the action server restarts; a reply written meanwhile arrives
    actions.stop()
    assert from_adviser(stack, identity, "29:anna", thread, "Written during the restart.") == 200
    actions.start()
    wait_for(lambda: http_get_json(f"{stack.action_url}/health"), 240, 1)
    wait_for(lambda: "Written during the restart." in sme_inbox(stack), 60)

    assert from_adviser(stack, identity, "29:anna", thread, "release") == 200
    wait_for(lambda: any("handed you back" in (t or "") for t in _bot_texts(stack)), 30)
    answer = say("hydrogen storage partners in Germany")
    assert any(m.get("custom") for m in answer), answer  # the bot answers again
    assert from_adviser(stack, identity, "29:anna", thread, "one more thing") == 200
    wait_for(lambda: any("not sent" in (t or "") for t in connector.replies(thread)))
    assert "one more thing" not in sme_inbox(stack)


def _thread(stack: Stack) -> str | None:
    import sqlite3

    with sqlite3.connect(stack.extra_env["CLUSTER_HANDOFF_DB"]) as conn:
        row = conn.execute("SELECT thread FROM tickets ORDER BY id LIMIT 1").fetchone()
    return json.loads(row[0])["conversation"] if row and row[0] else None


def _bot_texts(stack: Stack) -> list[str]:
    body = http_get_json(stack.api_url(f"/conversations/{SENDER}/tracker"), 10)
    return [e.get("text") for e in (body or {}).get("events", []) if e.get("event") == "bot"]
