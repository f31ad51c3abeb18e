"""End to end: advisers in a Teams channel; the SME in the web widget (real browser) or in Teams.

Real Rasa and action servers, one stack for the module. One local fake plays Microsoft's side
(tests/actions/handoff/fake_teams.py): the token endpoint, the Bot Connector of the team (the
adviser channel's threads and the SMEs' personal chats) and the signing keys; every activity is
an RS256 token signed by a key made for the run (tests/actions/handoff/fake_identity.py) and
validated by the real Teams connector of the Rasa server (the SMEs' bot, which hands the adviser
channel's activities to the action server when advisers share it) or, for the advisers' own bot,
by the action server's endpoint (``/handoff/teams/messages``, same validation code).

1. Widget, advisers on their own bot (the action server's endpoint): SME asks for a person ->
   card in the adviser channel -> a non-member's Claim, a forged token, a token for another bot,
   a release of an unknown ticket are refused -> Claim -> "Anna Adviser ... has joined" in
   the browser -> a reply in the thread is in the browser within 2 s -> the SME answers -> it is
   in the thread, the bot stays quiet -> release -> handed back -> the bot answers -> a reply
   after release is refused and never reaches the browser.
2. Teams: the SME writes from a personal chat -> every adviser message arrives there as a
   proactive message -> a second SME in the widget is handed off and claimed too -> Teams
   refuses a push, then the action server restarts while the adviser and both SMEs write: each
   message arrives once, and is once in the history; a reply written in Teams meanwhile that
   no server took (only in the thread, as Graph shows it) reaches the widget once after the
   restart, an outsider's does not -> the Rasa server restarts while the
   adviser writes to both through the advisers' bot endpoint on the action server: each
   message reaches its SME once Rasa is back, once in the chat / the widget and once in the
   history -> the adviser's staff commands in their personal chat (inbox: a card with a deep
   link to the ticket's thread; ask) -> release -> handed back.
"""

from __future__ import annotations

import functools
import json
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from scripts.stack import Stack
from tests.actions.handoff.fake_identity import SigningKey
from tests.actions.handoff.fake_teams import (
    APP_ID,
    CHANNEL,
    PASSWORD,
    TEAM,
    TENANT,
    FakeConnector,
)
from tests.actions.handoff.served import ServedFake, wait_for
from tests.e2e.handoff_flow import (
    another_ticket,
    restart_actions_meanwhile,
    restart_rasa_meanwhile,
    say,
    ticket_row,
    tracker_texts,
    widget_handoff,
)
from tests.e2e.test_widget import ANSWER_MS

pytestmark = pytest.mark.integration

TOKEN = f"handoff-{uuid.uuid4().hex}"
ANNA = {"id": "29:anna", "name": "Anna Adviser"}
EVE = {"id": "29:eve", "name": "Eve Outsider"}


@functools.cache
def signing_key() -> SigningKey:
    """The key the fake Microsoft side publishes and signs this run's activities with."""
    return SigningKey.generate()


@pytest.fixture(scope="module")
def connector():
    server = ServedFake(FakeConnector(identity=signing_key()))
    yield server.fake
    server.close()


@pytest.fixture(scope="module")
def stack(connector, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("handoff-teams")
    stack = Stack.isolated(
        run_dir,
        extra_env={
            # the assistant's Teams app (SMEs, advisers' personal chats, the adviser channel)
            "TEAMS_APP_ID": APP_ID,
            "TEAMS_APP_PASSWORD": PASSWORD,
            "TEAMS_TENANT_ID": TENANT,
            "TEAMS_OPENID_METADATA_URL": f"{connector.url}/openid",
            "TEAMS_TOKEN_URL": f"{connector.url}/token",
            "SLACK_BOT_TOKEN": "",
            "CLUSTER_HANDOFF_TOKEN": TOKEN,
            "CLUSTER_HANDOFF_DB": str(run_dir / "handoff.db"),
            "CLUSTER_ADVISER_TEAMS_APP_ID": APP_ID,
            "CLUSTER_ADVISER_TEAMS_APP_PASSWORD": PASSWORD,
            "CLUSTER_ADVISER_TEAMS_TENANT": TENANT,
            "CLUSTER_ADVISER_TEAMS_SERVICE_URL": connector.url,
            "CLUSTER_ADVISER_TEAMS_CHANNEL": CHANNEL,
            "CLUSTER_ADVISER_TEAMS_TOKEN_URL": f"{connector.url}/token",
            "CLUSTER_ADVISER_TEAMS_OPENID_METADATA_URL": f"{connector.url}/openid",
            # thread replies read back through (the fake's) Microsoft Graph
            "CLUSTER_ADVISER_TEAMS_TEAM_ID": TEAM,
            "CLUSTER_ADVISER_TEAMS_GRAPH_URL": f"{connector.url}/graph",
            "CLUSTER_ADVISER_TEAMS_POLL_S": "3",
        },
    )
    stack.start()
    yield stack
    stack.stop()


#: Where an activity is posted: the Rasa server's Teams connector (the SMEs' bot, which hands
#: the adviser channel's activities over when advisers share it) or the action server's adviser
#: bot endpoint (the advisers' own registration: works while Rasa is down).
RASA, ACTIONS = "/webhooks/teams/webhook", "/handoff/teams/messages"


def to_bot(
    stack: Stack, connector, activity: dict, token: str | None = None, endpoint: str = RASA
) -> int:
    """Posts an activity to a bot's messaging endpoint as Teams does (signed token)."""
    body = {"type": "message", "id": f"act-{uuid.uuid4().hex[:8]}", "channelId": "msteams",
            "serviceUrl": connector.url, "recipient": {"id": f"28:{APP_ID}"},
            "channelData": {"tenant": {"id": TENANT}}, **activity}  # fmt: skip
    base = stack.action_url if endpoint == ACTIONS else stack.rasa_url
    request = urllib.request.Request(
        f"{base}{endpoint}",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token or signing_key().mint(APP_ID, connector.url)}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def in_thread(stack, connector, user: dict, thread: str, text: str = "", value=None, **kw) -> int:
    """An adviser's activity in a thread, posted to a bot endpoint; a genuine reply (Teams'
    token, text) is also in the thread as Graph shows it, under the same message id."""
    message_id = f"act-{uuid.uuid4().hex[:8]}"
    activity = {"from": user, "text": text, "id": message_id,
                "conversation": {"id": thread, "conversationType": "channel"}}  # fmt: skip
    if value is not None:
        activity["value"] = value
    status = to_bot(stack, connector, activity, **kw)
    if text and value is None and kw.get("token") is None and ";messageid=" in thread:
        connector.thread_reply(thread, user["id"], user["name"], text, message_id=message_id)
    return status


def in_chat(stack, connector, user: dict, chat: str, text: str, **kw) -> int:
    activity = {"from": user, "text": text,
                "conversation": {"id": chat, "conversationType": "personal"}}  # fmt: skip
    return to_bot(stack, connector, activity, **kw)


def chat_cards(connector, chat: str) -> list[dict]:
    """The Adaptive Cards the bot sent into a chat."""
    return [
        attachment
        for kind, conv, body in connector.calls
        if conv == chat and kind == "reply"
        for attachment in body.get("attachments") or []
    ]


def chat_texts(connector, chat: str) -> str:
    """Everything the bot sent into a chat (texts and cards), as one string."""
    return json.dumps(
        [body for kind, conv, body in connector.calls if conv == chat and kind == "reply"],
        ensure_ascii=False,
    )


def thread_of(ticket: dict) -> str:
    return json.loads(ticket["thread"])["conversation"]


def test_sme_in_the_widget_and_an_adviser_in_teams(stack, connector, browser):
    """The advisers' own bot: every adviser activity goes to the action server's endpoint."""

    def adviser(*args, **kw) -> int:
        return in_thread(stack, connector, *args, endpoint=ACTIONS, **kw)

    context, page, bubbles, errors = widget_handoff(browser, stack)
    ticket = wait_for(lambda: ticket_row(stack))
    tid, thread, sme = ticket["id"], thread_of(ticket), ticket["conversation_id"]
    card = [b for k, _, b in connector.calls if k == "create"][-1]["activity"]["attachments"][0]
    assert [a["title"] for a in card["content"]["actions"]] == ["Claim", "Release"]

    # Refused: a non-member's Claim, a forged token, an unknown ticket, a thread without one.
    claim = {"handoff_action": "claim", "ticket": tid}
    assert adviser(EVE, thread, value=claim) == 200
    wait_for(lambda: any("Only members" in (t or "") for t in connector.replies(thread)))
    forged = SigningKey.generate().mint(APP_ID, connector.url)  # a key Microsoft never published
    assert adviser(ANNA, thread, value=claim, token=forged) == 401
    assert adviser(ANNA, thread, "forged", token="x.y.z") == 401
    assert in_thread(stack, connector, ANNA, thread, value=claim, token=forged) == 401  # Rasa's
    audience = signing_key().mint("another-bot", connector.url)
    assert adviser(ANNA, thread, value=claim, token=audience) == 401
    unknown = {"handoff_action": "release", "ticket": 9999}
    assert adviser(ANNA, thread, value=unknown) == 200
    wait_for(lambda: "There is no ticket #9999." in connector.replies(thread))
    stray = f"{CHANNEL};messageid=1"
    assert adviser(ANNA, stray, "release") == 200
    wait_for(lambda: "This thread is not a handoff ticket." in connector.replies(stray))
    assert ticket_row(stack, sme)["claimed_by"] is None

    # Claim: the SME sees who joined; a reply is in the browser within 2 s, with the name.
    assert adviser(ANNA, thread, value=claim) == 200
    expect(bubbles.last).to_have_text(
        "Anna Adviser from the Enterprise Europe Network has joined the conversation.",
        timeout=5000,
    )
    started = time.monotonic()
    reply = "<at>Cluster assistant</at> Hello, which region are you in?"
    assert adviser(ANNA, thread, reply) == 200
    expect(page.locator(".caw-bubble--adviser").last).to_contain_text(
        "Hello, which region are you in?", timeout=2000
    )
    elapsed = time.monotonic() - started
    print(f"Teams adviser reply -> SME browser: {elapsed:.2f} s")  # reported with -s
    assert elapsed < 2.0, elapsed
    assert page.locator(".caw-adviser-name").last.inner_text() == "Anna Adviser"

    # The SME answers: it is in the thread, the bot stays quiet.
    rows = page.locator(".caw-msg--bot").count()
    say(page, "Upper Austria, we recycle batteries")
    wait_for(lambda: "SME: Upper Austria, we recycle batteries" in connector.replies(thread), 30)
    page.wait_for_timeout(1000)
    assert page.locator(".caw-msg--bot").count() == rows
    # REST clients read the same messages from the action server
    request = urllib.request.Request(
        f"{stack.action_url}/handoff/{sme}/messages", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        rest = [m["text"] for m in json.loads(resp.read())["messages"]]
    assert "Hello, which region are you in?" in rest

    # Release with the Release button: handed back, the bot answers again.
    release = {"handoff_action": "release", "ticket": tid}
    assert adviser(ANNA, thread, value=release) == 200
    expect(bubbles.last).to_contain_text("handed you back to the assistant", timeout=10_000)
    say(page, "hydrogen storage partners in Germany")
    expect(page.locator(".caw-card--partner").first).to_be_visible(timeout=ANSWER_MS)

    # After release nothing an adviser writes reaches the SME.
    assert adviser(ANNA, thread, "one more thing") == 200
    wait_for(lambda: any("not sent" in (t or "") for t in connector.replies(thread)))
    page.wait_for_timeout(1000)
    assert "one more thing" not in page.locator(".caw-log").inner_text()
    assert "one more thing" not in tracker_texts(stack, sme)
    assert errors == []
    context.close()

    # A staff command in the adviser's personal chat with the advisers' bot: answered there.
    assert in_chat(stack, connector, ANNA, "a:anna-own-bot", "inbox", endpoint=ACTIONS) == 200
    assert "Handoff tickets" in json.dumps(chat_cards(connector, "a:anna-own-bot"))


def test_sme_in_teams_and_an_adviser_in_the_adviser_channel(stack, connector, browser):
    sme = {"id": f"29:sme-{uuid.uuid4().hex[:6]}", "name": "Sam SME"}
    chat = f"a:chat-{uuid.uuid4().hex[:6]}"
    assert in_chat(stack, connector, sme, chat, "I would like to talk to a person") == 200
    wait_for(lambda: "share" in chat_texts(connector, chat), ANSWER_MS / 1000)
    assert in_chat(stack, connector, sme, chat, "yes") == 200
    wait_for(lambda: "e-mail" in chat_texts(connector, chat), ANSWER_MS / 1000)
    assert in_chat(stack, connector, sme, chat, "skip") == 200
    wait_for(lambda: "passed your conversation" in chat_texts(connector, chat), ANSWER_MS / 1000)
    ticket = wait_for(lambda: ticket_row(stack, sme["id"]))
    thread, tid = thread_of(ticket), ticket["id"]
    assert json.loads(ticket["context"])["sme_channel"]["conversation_id"] == chat

    claim = {"handoff_action": "claim", "ticket": tid}
    assert in_thread(stack, connector, ANNA, thread, value=claim) == 200
    joined = "Anna Adviser from the Enterprise Europe Network has joined the conversation."
    wait_for(lambda: joined in connector.replies(chat), 10)
    started = time.monotonic()
    assert in_thread(stack, connector, ANNA, thread, "Which programme interests you?") == 200
    wait_for(lambda: "Anna Adviser: Which programme interests you?" in connector.replies(chat), 5)
    print(f"Teams adviser reply -> SME in Teams: {time.monotonic() - started:.2f} s")
    assert in_chat(stack, connector, sme, chat, "Horizon Europe, cluster 5") == 200
    wait_for(lambda: "SME: Horizon Europe, cluster 5" in connector.replies(thread), 30)

    # A second SME, in the widget, is handed off and claimed too: each restart below serves both.
    context, page, _, errors = widget_handoff(browser, stack)
    web = another_ticket(stack, tid)
    web_thread, web_sme = thread_of(web), web["conversation_id"]
    web_claim = {"handoff_action": "claim", "ticket": web["id"]}
    assert in_thread(stack, connector, ANNA, web_thread, value=web_claim) == 200
    expect(page.locator(".caw-msg--bot .caw-bubble").last).to_contain_text(
        "has joined", timeout=10_000
    )

    # Teams refuses a push (an outage); then the action server restarts while the adviser
    # and both SMEs write: every message arrives once it is back, each once in the chat / the
    # browser / the thread and once in the history.
    connector.failing.add(chat)
    refused = "Pushed after the restart."
    assert in_thread(stack, connector, ANNA, thread, refused) == 200
    wait_for(lambda: refused in tracker_texts(stack, sme["id"]), 15)  # in the history, not pushed
    started = time.monotonic()
    to_web = "To the widget during the restart."
    # written in Teams while the action server is down: Teams never posts them to it again
    # (advisers' own bot); they are only in the thread, read back through Graph at its start
    missed, outsider = "Written in Teams while no server took it.", "An outsider's reply."

    def meanwhile() -> bool:
        connector.thread_reply(web_thread, ANNA["id"], ANNA["name"], missed)
        connector.thread_reply(web_thread, EVE["id"], EVE["name"], outsider)
        assert in_thread(stack, connector, ANNA, thread, "Written during the restart.") == 200
        assert in_thread(stack, connector, ANNA, web_thread, to_web) == 200
        # the SMEs write meanwhile: Rasa keeps it, no action sees it; the relay reads it later
        assert in_chat(stack, connector, sme, chat, "Sent while your server restarts") == 200
        say(page, "Typed in the widget during the restart")
        for who, text in ((sme["id"], "Sent while your server restarts"),
                          (web_sme, "Typed in the widget during the restart")):  # fmt: skip
            wait_for(lambda: text in tracker_texts(stack, who, "user"), 30)  # noqa: B023
        connector.failing.clear()
        return True

    restart_actions_meanwhile(stack, meanwhile)
    wait_for(lambda: "Anna Adviser: Written during the restart." in connector.replies(chat), 60)
    wait_for(lambda: "SME: Sent while your server restarts" in connector.replies(thread), 30)
    expect(page.locator(".caw-bubble--adviser").filter(has_text=to_web)).to_have_count(
        1, timeout=60_000
    )
    expect(page.locator(".caw-bubble--adviser").filter(has_text=missed)).to_have_count(
        1, timeout=30_000
    )
    wait_for(
        lambda: "SME: Typed in the widget during the restart" in connector.replies(web_thread), 30
    )
    assert connector.replies(thread).count("SME: Sent while your server restarts") == 1
    assert connector.replies(web_thread).count("SME: Typed in the widget during the restart") == 1
    print(f"action-server restart, all delivered: {time.monotonic() - started:.1f} s")
    for text in (refused, "Written during the restart."):
        assert connector.replies(chat).count(f"Anna Adviser: {text}") == 1
        assert tracker_texts(stack, sme["id"]).count(text) == 1
    replies = connector.replies(chat)
    assert replies.index(f"Anna Adviser: {refused}") < replies.index(
        "Anna Adviser: Written during the restart."
    )
    page.wait_for_timeout(1000)
    assert page.locator(".caw-bubble--adviser").filter(has_text=to_web).count() == 1
    assert tracker_texts(stack, web_sme).count(to_web) == 1
    page.wait_for_timeout(3500)  # one more read of the threads: nothing twice, no outsider
    assert page.locator(".caw-bubble--adviser").filter(has_text=missed).count() == 1
    assert tracker_texts(stack, web_sme).count(missed) == 1
    assert outsider not in page.locator(".caw-log").inner_text()
    assert outsider not in tracker_texts(stack, web_sme)

    # The Rasa server restarts (once for both SMEs): a reply the relay takes meanwhile (through
    # the advisers' bot endpoint) reaches each SME once Rasa is back, once in the chat / the
    # reloaded widget and once in the history; their next messages reach the threads.
    down = "Written while Rasa was down."
    restart_rasa_meanwhile(
        stack,
        lambda: (
            in_thread(stack, connector, ANNA, thread, down, endpoint=ACTIONS) == 200
            and in_thread(stack, connector, ANNA, web_thread, down, endpoint=ACTIONS) == 200
        ),
    )
    wait_for(lambda: f"Anna Adviser: {down}" in connector.replies(chat), 30)
    assert connector.replies(chat).count(f"Anna Adviser: {down}") == 1
    assert tracker_texts(stack, sme["id"]).count(down) == 1
    assert in_chat(stack, connector, sme, chat, "Still here after your restart") == 200
    wait_for(lambda: "SME: Still here after your restart" in connector.replies(thread), 30)
    wait_for(lambda: down in tracker_texts(stack, web_sme), 30, 0.5)
    page.reload()
    expect(page.locator(".caw")).to_have_attribute("data-caw-ready", "true", timeout=30_000)
    expect(page.locator(".caw-bubble--adviser").last).to_contain_text(down, timeout=10_000)
    assert tracker_texts(stack, web_sme).count(down) == 1
    say(page, "Linz, after your restart")
    wait_for(lambda: "SME: Linz, after your restart" in connector.replies(web_thread), 30)
    assert errors == []
    context.close()

    # Staff commands in the adviser's personal chat: seen by her only.
    anna_chat = "a:anna-personal"
    assert in_chat(stack, connector, ANNA, anna_chat, "inbox") == 200
    cards = wait_for(lambda: chat_cards(connector, anna_chat))
    inbox = json.dumps(cards[0], ensure_ascii=False)
    assert f"#{tid} · en · waiting" in inbox and "with Anna Adviser" in inbox
    [link] = [
        a["url"]
        for block in cards[0]["content"]["body"]
        if block["type"] == "ActionSet"
        for a in block["actions"]
        if a["title"] == f"Open thread #{tid}"
    ]
    channel, message = thread.split(";messageid=")
    assert link.startswith(f"https://teams.microsoft.com/l/message/{quote(channel, safe='')}/")
    assert link.endswith(f"/{message}?tenantId={TENANT}&parentMessageId={message}")
    assert (
        in_chat(stack, connector, ANNA, anna_chat, "ask how do I apply for Horizon Europe?") == 200
    )
    answers = wait_for(lambda: [t for t in connector.replies(anna_chat) if t], ANSWER_MS / 1000)
    assert "cannot be reached" not in answers[-1]
    assert in_chat(stack, connector, EVE, "a:eve-personal", "inbox") == 200  # not a member
    wait_for(lambda: connector.replies("a:eve-personal"), ANSWER_MS / 1000)
    assert "Handoff tickets" not in chat_texts(connector, "a:eve-personal")

    # Release written in the thread: the SME in Teams is told, the bot answers again.
    assert in_thread(stack, connector, ANNA, thread, "release") == 200
    wait_for(lambda: any("handed you back" in (t or "") for t in connector.replies(chat)), 15)
    before = len(connector.replies(chat))
    assert in_chat(stack, connector, sme, chat, "hydrogen storage partners in Germany") == 200
    wait_for(lambda: len(connector.replies(chat)) > before, ANSWER_MS / 1000)
