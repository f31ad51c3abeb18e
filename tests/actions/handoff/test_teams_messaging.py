"""The Teams adviser bot's own messaging endpoint on the action server (``/handoff/teams/messages``).

Tokens are minted by a key made for the test (tests/actions/handoff/fake_identity.py) and
published by the fake Bot Connector's OpenID metadata; the validation is the Rasa connector's
own (bot/channels/teams_auth.py).
"""

from __future__ import annotations

import functools
import json

import pytest

from actions.handoff.teams_messaging import NOT_A_COMMAND, TeamsMessaging, token_validator
from tests.actions.handoff.fake_identity import SigningKey
from tests.actions.handoff.fake_teams import APP_ID, FakeConnector


@functools.cache
def key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
async def connector():
    """The fake Bot Connector publishing the test's signing key (overrides conftest's)."""
    fake = await FakeConnector(identity=key()).start()
    yield fake
    await fake.close()


@pytest.fixture
def endpoint(teams_app, connector):
    bot = teams_app.relay.adviser.bot
    validator = token_validator(APP_ID, bot._session, f"{connector.url}/openid")
    return TeamsMessaging(teams_app, validator, bot)


def post(connector, user: str, conversation: str, text: str = "", kind: str = "channel", **kw):
    """An activity as Teams posts it: its body bytes and a valid Authorization header."""
    body = {"type": "message", "id": f"a-{user}-{text}", "text": text, "channelId": "msteams",
            "serviceUrl": connector.url, "from": {"id": user, "name": "Anna Adviser"},
            "conversation": {"id": conversation, "conversationType": kind}, **kw}  # fmt: skip
    return f"Bearer {key().mint(APP_ID, connector.url)}", json.dumps(body).encode()


async def test_adviser_channel_activities_reach_the_relay_only_with_a_valid_token(
    endpoint, connector, rasa
):
    store = endpoint.teams.relay.store
    ticket = store.create("web-sme", email=None, transcript=[], context={"language": "en"})
    await endpoint.teams.relay.open(ticket)
    thread = store.get(ticket.id).thread["conversation"]
    claim = {"handoff_action": "claim", "ticket": ticket.id}

    # forged: a key Microsoft never published, the wrong audience, a serviceUrl elsewhere
    auth, body = post(connector, "29:anna", thread, value=claim)
    forged = f"Bearer {SigningKey.generate().mint(APP_ID, connector.url)}"
    assert await endpoint.handle(forged, body) == 401
    assert await endpoint.handle(f"Bearer {key().mint('other-app', connector.url)}", body) == 401
    assert await endpoint.handle(f"Bearer {key().mint(APP_ID, 'http://evil')}", body) == 401
    assert await endpoint.handle(None, body) == 401
    assert store.get(ticket.id).state == "open" and rasa.requests == []

    assert await endpoint.handle(auth, body) == 200
    assert store.get(ticket.id).state == "claimed"
    assert await endpoint.handle(*post(connector, "29:anna", thread, "Hello from Teams")) == 200
    texts = [e.get("text") for r in rasa.requests for e in r["json"] if e.get("event") == "bot"]
    assert texts[-1] == "Hello from Teams"
    # a Teams retry of the same activity is not a second message
    assert await endpoint.handle(*post(connector, "29:anna", thread, "Hello from Teams")) == 200
    texts = [e.get("text") for r in rasa.requests for e in r["json"] if e.get("event") == "bot"]
    assert texts.count("Hello from Teams") == 1
    # a non-member is refused in the thread
    assert await endpoint.handle(*post(connector, "29:eve", thread, "let me in")) == 200
    assert "Only members" in connector.replies(thread)[-1]


async def test_staff_commands_are_answered_in_the_personal_chat(endpoint, connector):
    assert await endpoint.handle(*post(connector, "29:anna", "a:anna", "inbox", "personal")) == 200
    [(_, _, reply)] = [c for c in connector.calls if c[1] == "a:anna"]
    assert reply["attachments"][0]["content"]["body"][0]["text"] == "Handoff tickets"
    assert reply["replyToId"] == "a-29:anna-inbox"
    assert await endpoint.handle(*post(connector, "29:anna", "a:anna", "hello", "personal")) == 200
    assert connector.replies("a:anna")[-1] == NOT_A_COMMAND
    assert await endpoint.handle(*post(connector, "29:eve", "a:eve", "inbox", "personal")) == 200
    assert "Only members" in connector.replies("a:eve")[-1]
    # other conversations (a group chat, another channel) are acknowledged and ignored
    before = len(connector.calls)
    assert (
        await endpoint.handle(*post(connector, "29:anna", "19:x@thread.v2", "hi", "group")) == 200
    )
    assert len(connector.calls) == before
