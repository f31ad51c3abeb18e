"""The Slack adviser app against a local fake Web API and a recording fake Rasa API.

Real HTTP on both sides: the ticket thread, Claim / Release buttons, thread replies relayed to
the SME's conversation through Rasa's API, the SME's messages posted into the thread, refusals
as ephemeral messages, and Slack's request signatures.
"""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs

import pytest

from actions.handoff.slack_adviser import CLAIM, RELEASE, ticket_blocks
from actions.handoff.slack_routes import SlackAdviserApp, verified
from actions.handoff.wiring import pending_for_sme
from tests.actions.handoff.fake_slack import (
    CHANNEL,
    SECRET,
    button_press,
    message_event,
    signed_headers,
)
from tests.actions.handoff.support import Recorder


@pytest.fixture
def app(slack_app):
    """The Slack adviser app of ``tests/actions/handoff/conftest.py``."""
    return slack_app


def bot_texts(rasa: Recorder, conversation: str) -> list[tuple[str, str | None]]:
    out = []
    for request in rasa.requests:
        if request["path"].endswith(f"/conversations/{conversation}/tracker/events"):
            for event in request["json"]:
                if event.get("event") == "bot":
                    adviser = (event.get("metadata") or {}).get("handoff_adviser")
                    out.append((event["text"], adviser))
    return out


async def handoff(app: SlackAdviserApp, conversation: str = "web-123", language: str = "fr"):
    store = app.relay.store
    ticket = store.create(conversation, email=None, transcript=[], context={"language": language})
    assert await app.relay.open(ticket) == "sent"
    return store.get(ticket.id)


def interaction(body: bytes) -> dict:
    return json.loads(parse_qs(body.decode())["payload"][0])


async def test_thread_claim_reply_answer_release(app, slack, rasa):
    ticket = await handoff(app)
    root = slack.posts()[0]
    assert root["channel"] == CHANNEL and f"#{ticket.id}" in root["text"]
    actions = next(b for b in root["blocks"] if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [CLAIM, RELEASE]
    assert "SME language: fr" in root["blocks"][0]["text"]["text"]
    ts = ticket.thread["ts"]

    await app.interaction(interaction(button_press("UANNA", CLAIM, ticket.id)))
    joined = "Anna Adviser, du réseau Enterprise Europe Network, a rejoint la conversation."
    assert bot_texts(rasa, "web-123") == [(joined, None)]
    assert "Claimed by Anna Adviser" in json.dumps(slack.posts("chat.update")[-1]["blocks"])

    await app.event(json.loads(message_event("UANNA", "Bonjour, je regarde votre demande.", ts)))
    assert bot_texts(rasa, "web-123")[-1] == ("Bonjour, je regarde votre demande.", "Anna Adviser")
    query = rasa.requests[-1]["query"]
    assert query["output_channel"] == "latest" and query["execute_side_effects"] == "true"

    events = [{"event": "pause"}, {"event": "user", "text": "Merci <@U1> !", "timestamp": 5.0}]
    await app.relay.from_sme("web-123", events)
    assert slack.thread(ts) == ["*SME:* Merci &lt;@U1&gt; !"]  # escaped: no mention

    await app.event(json.loads(message_event("UANNA", "release", ts)))
    assert app.relay.store.get(ticket.id).state == "released"
    resume = [r for r in rasa.requests if any(e["event"] == "resume" for e in r["json"])]
    assert resume and "Anna Adviser vous a redirigé" in json.dumps(
        resume[0]["json"], ensure_ascii=False
    )
    assert not [b for b in slack.posts("chat.update")[-1]["blocks"] if b["type"] == "actions"]

    sent = len(rasa.requests)
    await app.event(json.loads(message_event("UANNA", "encore une chose", ts)))
    assert len(rasa.requests) == sent  # after release nothing reaches the SME
    assert "not sent" in slack.posts("chat.postEphemeral")[-1]["text"]
    assert [m["text"] for m in pending_for_sme(app.relay.sme.service, "web-123", 0)] == [
        joined,
        "Bonjour, je regarde votre demande.",
    ]


async def test_outsiders_and_other_channels_are_refused(app, slack, rasa):
    ticket = await handoff(app)
    ts = ticket.thread["ts"]
    await app.interaction(interaction(button_press("UEVE", CLAIM, ticket.id)))
    await app.event(json.loads(message_event("UEVE", "hello", ts)))
    await app.interaction(interaction(button_press("UANNA", CLAIM, ticket.id, channel="CELSE")))
    await app.event(json.loads(message_event("UANNA", "wrong channel", ts, channel="CELSE")))
    assert rasa.requests == []
    assert app.relay.store.get(ticket.id).state == "open"
    refusals = [p["text"] for p in slack.posts("chat.postEphemeral")]
    assert len(refusals) == 3 and all(p["user"] for p in slack.posts("chat.postEphemeral"))
    assert sum("Only members" in text for text in refusals) == 2
    await app.event(json.loads(message_event("UANNA", "release", "999.000")))
    assert "not a handoff ticket" in slack.posts("chat.postEphemeral")[-1]["text"]


async def test_unclaimed_thread_has_a_claim_button_and_replies_wait_for_it(app, slack, rasa):
    ticket = await handoff(app, language="en")
    assert any(a["action_id"] == CLAIM for a in ticket_blocks(ticket)[-1]["elements"])
    await app.event(json.loads(message_event("UBOB", "hi there", ticket.thread["ts"])))
    assert rasa.requests == []
    assert "Claim ticket" in slack.posts("chat.postEphemeral")[-1]["text"]


def test_signatures_are_checked():
    body = message_event("UANNA", "hi", "1.0")
    now = int(time.time())
    assert verified(SECRET, {k.lower(): v for k, v in signed_headers(body).items()}, body)
    forged = {k.lower(): v for k, v in signed_headers(body, secret="guess").items()}
    assert not verified(SECRET, forged, body)
    stale = {k.lower(): v for k, v in signed_headers(body, at=now - 3600).items()}
    assert not verified(SECRET, stale, body)
    good = {k.lower(): v for k, v in signed_headers(body).items()}
    assert not verified(SECRET, good, body + b" ")  # body changed after signing
    assert not verified(SECRET, {}, body)


async def test_claim_and_release_written_in_the_thread_once_each(app, slack, rasa):
    """The commands an adviser can write when a button press could not reach the server (Slack
    retries a message event, never a button press): a retry of the same event adds nothing."""
    ticket = await handoff(app, language="en")
    thread_ts = ticket.thread["ts"]
    assert slack.posts()  # the root post
    outsider = json.loads(message_event("UEVE", "claim", thread_ts))
    await app.event(outsider)
    assert app.relay.store.get(ticket.id).state == "open"
    assert "Only members" in slack.posts("chat.postEphemeral")[-1]["text"]

    claim = json.loads(message_event("UANNA", "Claim", thread_ts))
    await app.event(claim)
    await app.event(claim)  # Slack's retry of the same event
    assert app.relay.store.get(ticket.id).claimed_by == "slack:UANNA"
    joined = [t for t, _ in bot_texts(rasa, "web-123") if "has joined" in t]
    assert joined == [
        "Anna Adviser from the Enterprise Europe Network has joined the conversation."
    ]

    reply = json.loads(message_event("UANNA", "Which region?", thread_ts))
    await app.event(reply)
    release = json.loads(message_event("UANNA", "!release", thread_ts))
    await app.event(release)
    await app.event(release)  # retried: handed back once, the second one refused
    assert app.relay.store.get(ticket.id).state == "released"
    resumed = [r for r in rasa.requests if any(e["event"] == "resume" for e in r["json"])]
    assert len(resumed) == 1
    assert "already handed back" in slack.posts("chat.postEphemeral")[-1]["text"]
    assert [t for t, a in bot_texts(rasa, "web-123") if a] == ["Which region?"]
    await app.event(json.loads(message_event("UANNA", "claim", "1.000")))  # no ticket thread
    assert "not a handoff ticket" in slack.posts("chat.postEphemeral")[-1]["text"]
