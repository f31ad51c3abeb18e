"""Teams against the real Rasa server: Bot Framework activities in, Bot Connector calls out.

Both servers run with :class:`scripts.stack.Stack` on free ports; ``TEAMS_*`` variables enable
``bot.channels.teams.TeamsInput`` as a single-tenant bot whose identity provider, token endpoint
and Bot Connector service are :class:`channels_fakes.FakeBotFramework` (the channels stage's one
stack, tests/bot/conftest.py, which has the Slack channel on as well).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

import pytest
from channels_fakes import FakeBotFramework, wait_until

from scripts.stack import Stack

pytestmark = pytest.mark.integration


@pytest.fixture
def fake(teams_fake) -> FakeBotFramework:
    return teams_fake


@pytest.fixture
def stack(channels_stack) -> Stack:
    """The channels stage's stack (tests/bot/conftest.py): Teams on, Slack on as well."""
    return channels_stack


def send(stack: Stack, activity: dict, token: str) -> int:
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/teams/webhook",
        data=json.dumps(activity).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def replies_to(fake: FakeBotFramework, conversation: str) -> list[dict]:
    with fake.lock:
        return [a["activity"] for a in fake.activities if a["conversation"] == conversation]


def conversation() -> dict:
    return {"id": f"a:{uuid.uuid4().hex}", "conversationType": "personal"}


def user() -> dict:
    return {"id": f"29:{uuid.uuid4().hex[:10]}", "name": "Ada Adviser"}


def cards(activities: list[dict]) -> list[dict]:
    return [
        attachment["content"]
        for activity in activities
        for attachment in activity.get("attachments") or []
    ]


def test_the_run_log_says_teams_is_on(stack):
    assert "teams" in stack.channel_summary.split("|")[0]


def test_wrong_audience_gets_401_and_no_reply(stack, fake):
    conv = conversation()
    activity = fake.activity("hello", conversation=conv, **{"from": user()})
    assert send(stack, activity, fake.mint(audience="another-bot")) == 401
    time.sleep(3)
    assert replies_to(fake, conv["id"]) == []


def test_help_card_button_round_trip_ends_in_a_partner_results_card(stack, fake):
    conv, sender = conversation(), user()
    ask = fake.activity("what can you do?", conversation=conv, **{"from": sender})
    assert send(stack, ask, fake.mint()) == 200
    assert wait_until(lambda: cards(replies_to(fake, conv["id"])), 60)
    activities = replies_to(fake, conv["id"])
    assert activities[0]["type"] == "typing"
    help_card = cards(activities)[0]
    submits = [a for a in help_card["actions"] if a["type"] == "Action.Submit"]
    assert submits and all(a["data"]["payload"].startswith("/find_partners") for a in submits)
    assert fake.token_requests[-1]["tenant"] == "tenant-1"

    # Teams posts a click on an Action.Submit button as a message whose value is the data.
    click = fake.activity(conversation=conv, value=submits[0]["data"], **{"from": sender})
    del click["text"]
    assert send(stack, click, fake.mint()) == 200

    def result_card():
        found = [c for c in cards(replies_to(fake, conv["id"])) if len(c["body"]) > 1]
        return found[0] if found else None

    assert wait_until(result_card, 90), replies_to(fake, conv["id"])
    card = result_card()
    # the request as understood ("... · Bavaria"), then the count; the region filter is a chip
    assert "Bavaria" in card["body"][0]["text"]
    assert "cluster organisations" in card["body"][1]["text"]
    first = next(block for block in card["body"] if block["type"] == "Container")["items"]
    assert first[0]["text"].startswith("1. ")
    buttons = first[-1]["actions"]
    assert buttons[0]["data"]["payload"] == '/select_result{"ordinal": "1"}'
    replies = [a for a in replies_to(fake, conv["id"]) if a["type"] == "message"]
    assert all(a["replyToId"] in (ask["id"], click["id"]) for a in replies)
