"""End to end: an SME in the web widget (real browser) and advisers in a fake Slack channel.

Real Rasa and action servers; a local fake of Slack's Web API (tests/actions/handoff/fake_slack.py)
receives the ticket thread; signed Events API and interactivity requests play the advisers.
SME asks for a person -> thread in the channel -> Claim -> "Anna Adviser ... has joined" in the
browser -> reply in the thread -> in the browser within 2 s, with the adviser's name -> the SME
answers -> it appears in the thread, the bot stays quiet -> an outsider, a forged signature and a
release of an unknown ticket are refused -> the Rasa server restarts, a reply written meanwhile
is delivered once it is back, and so are an adviser reply to an SME in Slack (claimed with the
``claim`` command) and that SME's message that found no server (Slack's ``connection_failed``
retry), each once -> release -> handed back in the SME's language -> the bot answers
the next message; a reply after release is refused and never reaches the browser. The same with
the SME in Slack and a second SME in the widget, where the action server restarts while all three
write: each SME's message (kept by Rasa) reaches its thread and each adviser reply (Slack's
retries) reaches its SME, each once: in the DM, in the browser (live) and in the history; a
reply whose events Slack gave up on is read back from the thread at the action server's start.
"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from actions.handoff.slack_adviser import CLAIM, RELEASE
from scripts.stack import Stack
from tests.actions.handoff.fake_slack import (
    CHANNEL,
    SECRET,
    TOKEN,
    FakeSlack,
    button_press,
    message_event,
    signed_headers,
)
from tests.actions.handoff.served import ServedFake, wait_for
from tests.e2e.handoff_flow import (
    another_ticket,
    restart_actions_meanwhile,
    restart_rasa_meanwhile,
    say,
    tracker_texts,
    widget_handoff,
)
from tests.e2e.test_widget import ANSWER_MS

pytestmark = pytest.mark.integration

SME_SECRET = "sme-app-signing-secret"


@pytest.fixture(scope="module")
def slack():
    server = ServedFake(FakeSlack())
    yield server.fake
    server.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, slack):
    run_dir = tmp_path_factory.mktemp("handoff-slack")
    stack = Stack.isolated(
        run_dir,
        enable_api=True,  # advisers' messages reach the SME through Rasa's API (token-protected)
        extra_env={
            "CLUSTER_HANDOFF_DB": str(run_dir / "handoff.db"),
            "CLUSTER_ADVISER_SLACK_TOKEN": TOKEN,
            "CLUSTER_ADVISER_SLACK_SIGNING_SECRET": SECRET,
            "CLUSTER_ADVISER_SLACK_CHANNEL": CHANNEL,
            "CLUSTER_ADVISER_SLACK_API_URL": slack.api_url,
            # SMEs in Slack: the assistant's own Slack app, on the same fake workspace
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SME_SECRET,
            "SLACK_API_URL": slack.api_url + "/",
        },
    )
    stack.start()
    yield stack
    stack.stop()


def to_slack_route(stack: Stack, path: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        f"{stack.action_url}/handoff/slack/{path}", data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def adviser_says(stack: Stack, user: str, text: str, thread_ts: str) -> int:
    body = message_event(user, text, thread_ts)
    headers = {"Content-Type": "application/json", **signed_headers(body)}
    return to_slack_route(stack, "events", body, headers)


def adviser_event(stack: Stack, body: bytes, retry: int = 0) -> int:
    """Delivers an Events API body as Slack does (signed now; a retry carries its number)."""
    headers = {"Content-Type": "application/json", **signed_headers(body)}
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"})
    return to_slack_route(stack, "events", body, headers)


def press(stack: Stack, user: str, action: str, ticket_id: int) -> int:
    body = button_press(user, action, ticket_id)
    headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
    return to_slack_route(stack, "interactivity", body, headers)


def test_sme_in_the_widget_and_an_adviser_in_slack(stack, slack, browser):
    context, page, bubbles, errors = widget_handoff(browser, stack)
    expect(bubbles.last).to_contain_text("ticket #1")

    root = wait_for(lambda: [p for p in slack.posts() if p.get("blocks")])[0]
    assert root["channel"] == CHANNEL and "ticket #1" in root["text"]
    thread_ts = wait_for(lambda: _root_ts(stack))

    # Claim: the SME sees who joined.
    assert press(stack, "UANNA", CLAIM, 1) == 200
    expect(bubbles.last).to_have_text(
        "Anna Adviser from the Enterprise Europe Network has joined the conversation.",
        timeout=5000,
    )

    # A reply in the thread is in the browser within 2 s, with the adviser's name.
    started = time.monotonic()
    assert adviser_says(stack, "UANNA", "Hello, which region are you in?", thread_ts) == 200
    expect(page.locator(".caw-bubble--adviser").last).to_contain_text(
        "Hello, which region are you in?", timeout=2000
    )
    elapsed = time.monotonic() - started
    print(f"adviser reply -> SME browser: {elapsed:.2f} s")  # reported with -s
    assert elapsed < 2.0, elapsed
    assert page.locator(".caw-adviser-name").last.inner_text() == "Anna Adviser"

    # The SME answers: it appears in the thread, and the bot stays quiet.
    rows = page.locator(".caw-msg--bot").count()
    say(page, "Bavaria, we build hydrogen tanks")
    wait_for(lambda: "*SME:* Bavaria, we build hydrogen tanks" in slack.thread(thread_ts))
    page.wait_for_timeout(1500)
    assert page.locator(".caw-msg--bot").count() == rows

    # Refused: a user outside the adviser channel, a forged signature.
    assert adviser_says(stack, "UEVE", "I am not an adviser", thread_ts) == 200
    assert "Only members" in slack.posts("chat.postEphemeral")[-1]["text"]
    forged = message_event("UANNA", "forged", thread_ts)
    bad = {"Content-Type": "application/json", **signed_headers(forged, secret="guess")}
    assert to_slack_route(stack, "events", forged, bad) == 401
    assert press(stack, "UANNA", RELEASE, 9999) == 200  # a ticket that does not exist
    wait_for(lambda: "no ticket #9999" in slack.posts("chat.postEphemeral")[-1]["text"])

    # An SME in Slack is handed off and claimed too (one Rasa restart serves both SMEs).
    sme = f"USME{time.time_ns() % 100000}"
    sme_ticket, sme_ts = slack_handoff(stack, slack, sme)
    assert adviser_says(stack, "UANNA", "claim", sme_ts) == 200  # the command, not the button
    wait_for(lambda: any("Anna Adviser from the Enterprise" in t for t in to_sme(slack, sme)), 10)

    # The Rasa server restarts: the adviser's replies written meanwhile arrive once it is back;
    # the Slack SME's message that found no server arrives with Slack's retry (each once).
    down, to_dm = "Written while Rasa was down.", "For you in Slack, written while Rasa was down."
    sme_down = dm_body(sme, "My message while the assistant restarts")

    def meanwhile() -> bool:
        assert adviser_says(stack, "UANNA", down, thread_ts) == 200
        assert adviser_says(stack, "UANNA", to_dm, sme_ts) == 200
        with pytest.raises(urllib.error.URLError):  # refused: Slack will retry the event
            post_dm(stack, sme_down)
        return True

    restart_rasa_meanwhile(stack, meanwhile)
    assert post_dm(stack, sme_down, retry=1) == 200
    assert post_dm(stack, sme_down, retry=2) == 200  # a second retry: not handled again
    wait_for(lambda: "Written while Rasa was down." in _bot_texts(stack), 30, 0.5)
    wait_for(lambda: to_dm in to_sme(slack, sme), 30, 0.5)
    sme_line = "*SME:* My message while the assistant restarts"
    wait_for(lambda: sme_line in slack.thread(sme_ts), 30, 0.5)
    time.sleep(1.0)
    assert to_sme(slack, sme).count(to_dm) == 1 and tracker_texts(stack, sme).count(to_dm) == 1
    assert slack.thread(sme_ts).count(sme_line) == 1
    assert sme_ticket != 1

    page.reload()  # the widget reconnects to the restarted server; history shows the reply
    expect(page.locator(".caw")).to_have_attribute("data-caw-ready", "true", timeout=30_000)
    expect(page.locator(".caw-bubble--adviser").last).to_contain_text(
        "Written while Rasa was down.", timeout=10_000
    )
    assert _bot_texts(stack).count("Written while Rasa was down.") == 1
    say(page, "Still here after your restart")  # and the other direction, after the restart
    wait_for(lambda: "*SME:* Still here after your restart" in slack.thread(thread_ts), 30)

    # Release with the thread command: handed back, the bot answers again.
    assert adviser_says(stack, "UANNA", "release", thread_ts) == 200
    expect(bubbles.last).to_contain_text("handed you back to the assistant", timeout=10_000)
    say(page, "hydrogen storage partners in Germany")
    expect(page.locator(".caw-card--partner").first).to_be_visible(timeout=ANSWER_MS)

    # After release nothing an adviser writes reaches the SME.
    assert adviser_says(stack, "UANNA", "one more thing", thread_ts) == 200
    assert "not sent" in slack.posts("chat.postEphemeral")[-1]["text"]
    page.wait_for_timeout(1500)
    assert "one more thing" not in page.locator(".caw-log").inner_text()
    assert "one more thing" not in _bot_texts(stack)
    assert errors == []
    context.close()


def _ticket_column(stack: Stack, column: str) -> str | None:
    with sqlite3.connect(stack.extra_env["CLUSTER_HANDOFF_DB"]) as conn:
        row = conn.execute(f"SELECT {column} FROM tickets ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else None


def _root_ts(stack: Stack) -> str | None:
    thread = _ticket_column(stack, "thread")
    return json.loads(thread)["ts"] if thread else None


def dm_body(user: str, text: str) -> bytes:
    """The Events API body of a direct message from an SME to the assistant's Slack app."""
    event = {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user,
             "text": text, "ts": f"{time.time():.6f}"}  # fmt: skip
    return json.dumps({"type": "event_callback", "team_id": "T1", "event": event,
                       "event_id": f"Ev{time.time_ns()}", "event_time": int(time.time())}).encode()  # fmt: skip


def post_dm(stack: Stack, body: bytes, retry: int = 0) -> int:
    """Delivers an SME's direct message to the Rasa server as Slack does (signed now); a retry
    carries its number and the reason of a first delivery that found no server."""
    headers = {"Content-Type": "application/json", **signed_headers(body, secret=SME_SECRET)}
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "connection_failed"})  # fmt: skip
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/slack/webhook", data=body, headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        return resp.status


def sme_dm(stack: Stack, user: str, text: str) -> int:
    """A signed Events API direct message from an SME to the assistant's Slack app."""
    return post_dm(stack, dm_body(user, text))


def slack_handoff(stack: Stack, slack: FakeSlack, sme: str) -> tuple[int, str]:
    """An SME in Slack asks for a person (consent yes, no e-mail) until the ticket's thread.

    Returns:
        The ticket's number and its thread's ``ts`` in the adviser channel.
    """
    assert sme_dm(stack, sme, "I would like to talk to a person") == 200
    wait_for(lambda: any("share" in t for t in to_sme(slack, sme)), ANSWER_MS / 1000)
    assert sme_dm(stack, sme, "yes") == 200
    wait_for(lambda: any("e-mail" in t for t in to_sme(slack, sme)), ANSWER_MS / 1000)
    roots_before = len([p for p in slack.posts() if p.get("blocks") and p["channel"] == CHANNEL])
    assert sme_dm(stack, sme, "skip") == 200
    wait_for(
        lambda: any("passed your conversation" in t for t in to_sme(slack, sme)), ANSWER_MS / 1000
    )
    roots = wait_for(
        lambda: [p for p in slack.posts() if p.get("blocks") and p["channel"] == CHANNEL][
            roots_before:
        ]
    )
    ticket_id = int(roots[0]["text"].rsplit("#", 1)[1])
    thread = wait_for(lambda: _ticket_thread(stack, ticket_id))
    return ticket_id, json.loads(thread)["ts"]


def _ticket_thread(stack: Stack, ticket_id: int) -> str | None:
    with sqlite3.connect(stack.extra_env["CLUSTER_HANDOFF_DB"]) as conn:
        row = conn.execute("SELECT thread FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
    return row[0] if row else None


def to_sme(slack, user: str) -> list[str]:
    return [p.get("text") or "" for p in slack.posts() if p.get("channel") in (user, f"D{user}")]


def test_sme_in_slack_and_an_adviser_in_the_adviser_channel(stack, slack, browser):
    sme = f"USME{time.time_ns() % 100000}"
    ticket_id, thread_ts = slack_handoff(stack, slack, sme)

    assert press(stack, "UBOB", CLAIM, ticket_id) == 200
    wait_for(lambda: any("Bob from the Enterprise Europe Network" in t for t in to_sme(slack, sme)))
    assert adviser_says(stack, "UBOB", "Hi, Bob here. What do you need?", thread_ts) == 200
    wait_for(lambda: "Hi, Bob here. What do you need?" in to_sme(slack, sme), 5)
    assert sme_dm(stack, sme, "A partner for a hydrogen project") == 200
    wait_for(lambda: "*SME:* A partner for a hydrogen project" in slack.thread(thread_ts), 30)

    # A second SME, in the widget, is handed off and claimed too (one restart serves both).
    context, page, bubbles, errors = widget_handoff(browser, stack)
    web = another_ticket(stack, ticket_id)
    web_ts, web_sme = json.loads(web["thread"])["ts"], web["conversation_id"]
    assert press(stack, "UBOB", CLAIM, web["id"]) == 200
    expect(bubbles.last).to_contain_text("has joined", timeout=10_000)

    # The action server restarts: what each SME writes meanwhile (Rasa keeps it) reaches its
    # thread once it is back; the adviser's replies Slack could not deliver arrive with Slack's
    # retries: each once.
    reply = message_event("UBOB", "Yes, one moment please.", thread_ts)
    web_reply = message_event("UBOB", "Yes, Bob is still here for you.", web_ts)

    def meanwhile() -> bool:
        assert sme_dm(stack, sme, "Are you still there?") == 200
        say(page, "Is anyone reading this?")
        for body in (reply, web_reply):
            with pytest.raises(urllib.error.URLError):  # refused: Slack will retry the event
                adviser_event(stack, body)
        # ...and one whose retries Slack gave up on: only in the thread, read back at start
        slack.write("UBOB", "Found two clusters for you.", thread_ts)
        wait_for(lambda: "Is anyone reading this?" in tracker_texts(stack, web_sme, "user"), 30)
        return True

    restart_actions_meanwhile(stack, meanwhile)
    for body in (reply, web_reply):
        assert adviser_event(stack, body, retry=1) == 200
        assert adviser_event(stack, body, retry=2) == 200
    wait_for(lambda: "Yes, one moment please." in to_sme(slack, sme), 30)
    adviser_bubbles = page.locator(".caw-bubble--adviser")
    expect(adviser_bubbles.last).to_contain_text("Yes, Bob is still here for you.", timeout=30_000)
    wait_for(lambda: "*SME:* Are you still there?" in slack.thread(thread_ts), 60)
    wait_for(lambda: "*SME:* Is anyone reading this?" in slack.thread(web_ts), 60)
    wait_for(lambda: "Found two clusters for you." in to_sme(slack, sme), 60)
    assert to_sme(slack, sme).count("Yes, one moment please.") == 1
    assert to_sme(slack, sme).count("Found two clusters for you.") == 1
    assert tracker_texts(stack, sme).count("Found two clusters for you.") == 1
    assert slack.thread(thread_ts).count("*SME:* Are you still there?") == 1
    assert slack.thread(web_ts).count("*SME:* Is anyone reading this?") == 1
    page.wait_for_timeout(1000)
    assert adviser_bubbles.filter(has_text="Yes, Bob is still here for you.").count() == 1
    assert tracker_texts(stack, web_sme).count("Yes, Bob is still here for you.") == 1
    assert tracker_texts(stack, sme).count("Yes, one moment please.") == 1
    assert errors == []
    context.close()

    assert adviser_says(stack, "UBOB", "release", thread_ts) == 200
    wait_for(lambda: any("handed you back" in t for t in to_sme(slack, sme)), 10)
    before = len(to_sme(slack, sme))  # the bot answers the SME's next message again
    assert sme_dm(stack, sme, "hydrogen storage partners in Germany") == 200
    wait_for(lambda: len(to_sme(slack, sme)) > before, ANSWER_MS / 1000)


def _bot_texts(stack: Stack) -> list[str]:
    return tracker_texts(stack, _ticket_column(stack, "conversation_id"))
