"""The Teams connector against a local identity provider and Bot Connector service.

The connector's Sanic blueprint is served on a free port in the test's event loop, as ``rasa run``
mounts it; ``on_new_message`` stands in for Rasa's message processor and answers through the
output channel it was given. Tokens are real RS256 JWTs signed with keys generated in the test.
"""

from __future__ import annotations

import asyncio
import base64
import json

import aiohttp
import jwt
import pytest
from channels_fakes import FakeBotFramework, SigningKey, async_wait_until, serve_channel

from bot.channels import teams_cards
from bot.channels.teams import TeamsInput, message_text
from bot.channels.teams_client import MULTI_TENANT, token_url_for


@pytest.fixture
def fake():
    with FakeBotFramework() as server:
        yield server


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_channel(fake: FakeBotFramework, **overrides) -> TeamsInput:
    settings = {
        "app_id": fake.app_id,
        "app_password": fake.password,
        "tenant_id": "tenant-1",
        "openid_metadata_url": fake.metadata_url,
        "token_url": fake.token_url,
        **overrides,
    }
    return TeamsInput.from_credentials(settings)


class Bot:
    """Stands in for Rasa: records user messages and answers with the given bot messages."""

    def __init__(self, *replies: dict) -> None:
        self.replies = replies
        self.messages = []

    async def __call__(self, message) -> None:
        self.messages.append(message)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))


async def post(url: str, activity: dict, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{url}/webhook", json=activity, headers=headers) as resp,
    ):
        return resp.status


def run(coro):
    return asyncio.run(coro)


def test_valid_token_message_is_answered_with_typing_then_reply(fake):
    async def scenario():
        channel = make_channel(fake)
        bot = Bot({"text": "Hello! I can find cluster partners."})
        async with serve_channel(channel, bot) as url:
            activity = fake.activity("<at>Cluster assistant</at> hello there")
            assert await post(url, activity, fake.mint()) == 200
            assert await async_wait_until(lambda: len(fake.activities) >= 2)
            # a second message reuses the cached bot token
            assert await post(url, fake.activity("thanks"), fake.mint()) == 200
            assert await async_wait_until(lambda: len(fake.activities) >= 4)
        return bot, activity

    bot, activity = run(scenario())
    message = bot.messages[0]
    assert message.text == "hello there"  # the @mention of the bot is removed
    assert message.sender_id == "29:user-1"
    assert message.input_channel == "teams"
    assert message.metadata["teams"]["tenant_id"] == "tenant-1"

    typing, reply = fake.activities[0], fake.activities[1]
    assert typing["activity"]["type"] == "typing"
    assert typing["reply_to"] is None
    assert reply["activity"]["type"] == "message"
    assert reply["activity"]["text"] == "Hello! I can find cluster partners."
    assert reply["reply_to"] == activity["id"]
    assert reply["conversation"] == "a:conv-1;messageid=42"  # URL-encoded on the way, intact
    assert reply["activity"]["recipient"]["id"] == "29:user-1"
    assert reply["activity"]["from"]["id"] == f"28:{fake.app_id}"
    assert reply["authorization"] == "Bearer bot-token-1"

    assert len(fake.token_requests) == 1  # cached for the second message
    request = fake.token_requests[0]
    assert request["tenant"] == "tenant-1"
    assert request["grant_type"] == "client_credentials"
    assert request["client_id"] == fake.app_id
    assert request["scope"] == "https://api.botframework.com/.default"
    assert all(a["authorization"] == "Bearer bot-token-1" for a in fake.activities)


def expect_rejected(fake: FakeBotFramework, token: str | None, activity: dict | None = None):
    async def scenario():
        channel = make_channel(fake)
        bot = Bot({"text": "should never be sent"})
        async with serve_channel(channel, bot) as url:
            status = await post(url, activity or fake.activity(), token)
            await asyncio.sleep(0.2)
        return status, bot

    status, bot = run(scenario())
    assert status == 401
    assert bot.messages == []
    assert fake.activities == []
    assert fake.token_requests == []


def test_wrong_audience_is_rejected(fake):
    expect_rejected(fake, fake.mint(audience="someone-elses-bot"))


def test_wrong_issuer_is_rejected(fake):
    expect_rejected(fake, fake.mint(issuer="https://sts.windows.net/evil/"))


def test_expired_token_is_rejected(fake):
    expect_rejected(fake, fake.mint(lifetime=-3600))


def test_token_not_yet_valid_is_rejected(fake):
    expect_rejected(fake, fake.mint(nbf=int(__import__("time").time()) + 3600))


def test_missing_and_malformed_tokens_are_rejected(fake):
    expect_rejected(fake, None)
    expect_rejected(fake, "not-a-jwt")


def test_unsigned_token_is_rejected(fake):
    claims = jwt.decode(fake.mint(), options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, algorithm="none")
    expect_rejected(fake, unsigned)


def test_token_with_tampered_claims_is_rejected(fake):
    header, payload, signature = fake.mint().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["serviceUrl"] = "https://attacker.example/"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    expect_rejected(fake, f"{header}.{forged}.{signature}")


def test_body_service_url_must_match_the_token(fake):
    # A valid token replayed with a tampered body: the bot must not send its token elsewhere.
    tampered = fake.activity(serviceUrl="http://127.0.0.1:9/attacker/")
    expect_rejected(fake, fake.mint(), tampered)


def test_key_not_endorsed_for_the_channel_is_rejected(fake):
    fake.published = [SigningKey.generate(endorsements=["skype"])]
    expect_rejected(fake, fake.mint())


def test_unknown_key_refetches_at_most_once_per_interval_then_rotation_works(fake):
    clock = Clock()
    rotated = SigningKey.generate()
    made_up = SigningKey.generate()

    async def scenario():
        channel = make_channel(fake, key_refresh_seconds=60)
        channel.keys.clock = clock
        bot = Bot()
        statuses = []
        async with serve_channel(channel, bot) as url:
            statuses.append(await post(url, fake.activity("one"), fake.mint()))
            # signed with a key Microsoft has not published (yet): refused, and no refetch
            # within the interval, so made-up key ids cannot hammer the identity provider
            statuses.append(await post(url, fake.activity("two"), fake.mint(rotated)))
            statuses.append(await post(url, fake.activity("three"), fake.mint(made_up)))
            jwks_before_rotation = fake.jwks_requests
            fake.published = [rotated]  # Microsoft rotates its keys
            clock.now += 61
            statuses.append(await post(url, fake.activity("four"), fake.mint(rotated)))
            statuses.append(await post(url, fake.activity("five"), fake.mint(rotated)))
            await async_wait_until(lambda: len(bot.messages) >= 3)
        return statuses, bot, jwks_before_rotation

    statuses, bot, jwks_before_rotation = run(scenario())
    assert statuses == [200, 401, 401, 200, 200]
    assert jwks_before_rotation == 1
    assert fake.jwks_requests == 2  # one refetch for the rotated key, then cached
    assert [m.text for m in bot.messages] == ["one", "four", "five"]


def test_single_and_multi_tenant_token_endpoints():
    assert token_url_for("contoso-tenant-id") == (
        "https://login.microsoftonline.com/contoso-tenant-id/oauth2/v2.0/token"
    )
    multi = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    assert token_url_for(None) == multi
    assert token_url_for(MULTI_TENANT) == multi
    channel = TeamsInput.from_credentials({"app_id": "a", "app_password": "p"})
    assert channel.token.token_url == multi
    with pytest.raises(Exception, match="credentials"):
        TeamsInput.from_credentials({"app_id": "a"})


def test_bad_secret_is_logged_and_nothing_is_sent(fake, caplog):
    async def scenario():
        channel = make_channel(fake, app_password="wrong")
        bot = Bot({"text": "hi"})
        async with serve_channel(channel, bot) as url:
            assert await post(url, fake.activity("hi"), fake.mint()) == 200
            await async_wait_until(lambda: bot.messages and len(fake.token_requests) >= 2)
            await asyncio.sleep(0.1)
        return bot

    bot = run(scenario())
    assert [m.text for m in bot.messages] == ["hi"]
    assert fake.activities == []
    assert "AADSTS7000215" in caplog.text


PARTNERS = {
    "type": "partner_results",
    "query": "hydrogen storage",
    "filters": {"country": "DE"},
    "page": 1,
    "total": 7,
    "language": "fr",
    "items": [
        {
            "id": "c1",
            "name": "Hydrogen Cluster Bavaria",
            "acronym": "H2B",
            "country": "DE",
            "place": "Munich, Bavaria, Germany",
            "sectors": ["Energy"],
            "score": 0.71,
            "strength": "strong",
            "technologies": ["hydrogen storage"],
            "why": "travaille sur hydrogen storage",
            "website": "https://h2.example",
        },
        {
            "id": "c2",
            "name": "North Energy",
            "country": "DE",
            "score": 0.5,
            "why": "hydrogen",
            "website": "javascript:alert(1)",
        },
    ],
}


def test_partner_results_card_and_button_round_trip(fake):
    """The card's Details button, clicked in Teams, arrives as the payload it carries."""

    async def scenario():
        channel = make_channel(fake)
        bot = Bot({"custom": PARTNERS})
        async with serve_channel(channel, bot) as url:
            assert await post(url, fake.activity("hydrogen storage in Germany"), fake.mint()) == 200
            await async_wait_until(lambda: len(fake.activities) >= 2)
            card = fake.activities[1]["activity"]["attachments"][0]
            details = card["content"]["body"][3]["items"][-1]["actions"][0]
            click = fake.activity(text=None, value=details["data"])
            del click["text"]
            assert await post(url, click, fake.mint()) == 200
            await async_wait_until(lambda: len(bot.messages) >= 2)
        return bot, card

    bot, card = run(scenario())
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = card["content"]
    assert content["type"] == "AdaptiveCard" and content["version"] == "1.4"
    title, count, chips = content["body"][:3]
    assert (
        title["text"] == "hydrogen storage · DE"
        and count["text"] == "7 organisations de cluster · 1–2 sur 7"
    )
    assert chips["actions"][0]["title"] == "✕ Pays : DE"
    assert chips["actions"][0]["data"]["payload"] == '/inform{"drop_filter": "country"}'
    first = content["body"][3]["items"]
    assert first[0]["text"] == "1. Hydrogen Cluster Bavaria (H2B)"
    texts = [block.get("text") for block in first]
    assert "Très pertinent" in texts and "travaille sur hydrogen storage" in texts
    assert "Correspondances: hydrogen storage" in texts
    actions = first[-1]["actions"]
    assert [a["type"] for a in actions] == ["Action.Submit", "Action.Submit", "Action.OpenUrl"]
    assert [a["title"] for a in actions] == ["Détails", "Similaires", "Site web"]
    assert actions[2]["url"] == "https://h2.example"
    second_actions = content["body"][4]["items"][-1]["actions"]
    assert all(a["type"] == "Action.Submit" for a in second_actions)  # no javascript: link
    assert content["actions"][0]["data"]["payload"] == "/show_more"  # 2 of 7 shown
    assert content["actions"][0]["title"] == "Afficher plus"
    assert bot.messages[1].text == '/select_result{"ordinal": "1"}'
    assert bot.messages[1].metadata["teams"]["value"]["title"] == "Détails"


def test_rasa_buttons_become_a_card_with_submit_actions():
    fields = teams_cards.buttons_message(
        "Try one of these:",
        [
            {"title": "Hydrogen in Bavaria", "payload": '/find_partners{"region": "Bavaria"}'},
            {"title": "Docs", "url": "https://example.org/docs"},
        ],
    )
    content = fields["attachments"][0]["content"]
    assert content["body"] == [{"type": "TextBlock", "text": "Try one of these:", "wrap": True}]
    submit, link = content["actions"]
    assert submit == {
        "type": "Action.Submit",
        "title": "Hydrogen in Bavaria",
        "data": {"payload": '/find_partners{"region": "Bavaria"}', "title": "Hydrogen in Bavaria"},
    }
    assert link == {"type": "Action.OpenUrl", "title": "Docs", "url": "https://example.org/docs"}


def test_call_results_card_lists_status_deadline_and_portal_link():
    fields = teams_cards.custom_message(
        {
            "type": "call_results",
            "query": "battery recycling",
            "as_of": "2026-08-10",
            "items": [
                {
                    "id": "HORIZON-CL5-2027-01",
                    "title": "Battery recycling",
                    "programme": "Horizon Europe",
                    "status": "open",
                    "deadline": "2027-03-31",
                    "days_left": 3,
                    "budget_max": 1500000,
                    "action_type": "CSA",
                    "url": "https://ec.europa.eu/x",
                }
            ],
            "language": "de",
        }
    )
    body = fields["attachments"][0]["content"]["body"]
    lines = [block["text"] for block in body[1]["items"][1:-1]]
    assert lines == [
        "HORIZON-CL5-2027-01",
        "Programm: Horizon Europe",
        "Offen · noch 3 Tage",
        "Frist: 31. März 2027",
        "Budget je Förderung: bis zu 1.500.000\xa0€",
        "Maßnahmentyp: CSA",
    ]
    assert body[1]["items"][-1]["actions"][1]["url"] == "https://ec.europa.eu/x"
    assert body[1]["items"][-1]["actions"][1]["title"] == "Seite der Ausschreibung"
    assert body[-1]["text"] == "Stand der Ausschreibungsdaten: 10. August 2026"
    assert teams_cards.custom_message({"type": "something_else"}) is None


def test_message_text_prefers_a_submitted_payload():
    assert message_text({"text": "<at>Bot</at>  hi", "value": None}) == "hi"
    assert message_text({"text": "", "value": {"payload": "/greet"}}) == "/greet"
    assert message_text({"value": {"other": 1}}) is None
    assert message_text({"text": "<at>Bot</at>"}) is None
