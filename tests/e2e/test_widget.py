"""The website widget in a real browser against the real assistant.

Both servers run on free ports with a temporary SQLite tracker store (the session's shared stack,
tests/e2e/conftest.py).
Headless Debian Chromium (``/usr/bin/chromium``, installed by ``scripts/install_browser.sh``), driven
by Playwright, opens the demo page the Rasa server serves, asks for partners and sees result cards,
answers a quick reply with the keyboard, sends HTML that must stay inert, reloads the page and finds
the whole conversation again, and fits a 375 px wide phone screen. Screenshots go to docs/.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import uuid

import pytest
from playwright.sync_api import Page, expect

import i18n
from knowledge.config import DEFAULT_PROFILES
from knowledge.records import load_profiles
from scripts.stack import REPO_ROOT, Stack, http_get_json

pytestmark = pytest.mark.integration

# Screenshots go to var/screenshots; with CLUSTER_UPDATE_SCREENSHOTS=1 they replace the ones the
# README shows (docs/widget.png, docs/widget-375.png).
DOCS = REPO_ROOT / ("docs" if os.environ.get("CLUSTER_UPDATE_SCREENSHOTS") else "var/screenshots")
DOCS.mkdir(parents=True, exist_ok=True)
ANSWER_MS = 90_000  # the first search on a busy 2-core machine can be slow
PROFILES = {p.name: p for p in load_profiles(DEFAULT_PROFILES)}
XSS = "<img src=x onerror=alert(1)>"
# What the first test leaves for the restart test: the session id and the user's messages.
FIRST_VISIT: dict[str, object] = {}


@pytest.fixture
def stack(session_stack) -> Stack:
    """The session's shared stack (tests/e2e/conftest.py): each browser visit is its own sender."""
    return session_stack


def open_demo(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/webhooks/web/demo")
    expect(page.locator(".caw")).to_have_attribute("data-caw-ready", "true", timeout=30_000)


def bot_rows(page: Page):
    return page.locator(".caw-msg--bot")


def card_name(card) -> str:
    """The organisation's name on a card ("3. Hydrogen Cluster (H2C)" -> "Hydrogen Cluster")."""
    title = card.locator(".caw-card-title").inner_text().split(". ", 1)[1]
    return title.rsplit(" (", 1)[0] if title not in PROFILES else title


def session_id(page: Page) -> str:
    return page.evaluate(
        "() => Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]"
    )


def tracker_user_texts(stack: Stack, sender: str) -> list[str]:
    body = http_get_json(stack.api_url(f"/conversations/{urllib.parse.quote(sender)}/tracker"), 10)
    assert isinstance(body, dict), "tracker not available"
    return [e.get("text") for e in body["events"] if e["event"] == "user"]


def test_widget_conversation_in_a_real_browser(stack, browser):
    base = stack.rasa_url
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    open_demo(page, base)
    # The privacy notice: what is kept, how long (the server's configured periods), how to delete.
    notice = page.locator(".caw-privacy").inner_text()
    assert "deleted 90 days after your last message" in notice and "delete my data" in notice

    # Accessible structure: a live log, a labelled input, the panel open on the demo page.
    log = page.locator(".caw-log")
    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.get_by_label("Your message")).to_be_visible()
    sid = session_id(page)
    assert len(sid) == 32

    # 1. Ask for partners with the keyboard only: type, Enter. The typing indicator must show while
    # the answer is on its way; an observer records it (a fast answer may hide it again before a
    # check after the send could look).
    page.evaluate(
        """() => {
            const typing = document.querySelector('.caw-typing');
            window.__typingSeen = false;
            new MutationObserver(() => { if (!typing.hidden) window.__typingSeen = true; })
                .observe(typing, {attributes: true});
        }"""
    )
    page.get_by_label("Your message").focus()
    page.keyboard.type("hydrogen storage partners in Germany")
    page.keyboard.press("Enter")
    expect(page.locator(".caw-msg--user .caw-bubble").last).to_have_text(
        "hydrogen storage partners in Germany"
    )
    cards = page.locator(".caw-card--partner")
    expect(cards.first).to_be_visible(timeout=ANSWER_MS)
    assert page.evaluate("() => window.__typingSeen"), "no typing indicator while waiting"
    expect(page.locator(".caw-typing")).to_be_hidden()
    assert 1 <= cards.count() <= 5
    for i in range(cards.count()):
        card = cards.nth(i)
        name = card_name(card)
        assert name in PROFILES, f"card {name!r} is not a shipped profile"
        assert PROFILES[name].country == "DE"
        assert card.locator(".caw-card-place").inner_text().endswith("Germany")
        assert card.locator(".caw-card-why").inner_text().strip()
        for href in card.locator("a").evaluate_all("links => links.map(a => a.href)"):
            assert href.startswith(("https://", "http://"))
    top = PROFILES[card_name(cards.first)]
    assert "hydrogen" in " ".join((top.description, *top.technologies)).lower()
    partner_cards = cards.count()
    page.wait_for_timeout(500)  # let the follow-up messages of the same turn arrive
    page.locator(".caw-msg--user").last.evaluate("row => row.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(DOCS / "widget.png"))

    # 2. Quick replies: reach one with Tab and press it with Enter; its payload goes to Rasa.
    page.get_by_label("Your message").fill("what can you do?")
    page.keyboard.press("Enter")
    replies = page.locator(".caw-reply")
    expect(replies.first).to_be_visible(timeout=ANSWER_MS)
    titles = replies.all_inner_texts()
    log.focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('caw-reply')"):
            break
    else:
        pytest.fail("no quick-reply button is reachable with Tab")
    chosen = page.evaluate("() => document.activeElement.textContent")
    assert chosen in titles
    rows_before = bot_rows(page).count()
    page.keyboard.press("Enter")
    expect(page.locator(".caw-msg--user .caw-bubble").last).to_have_text(chosen)
    expect(page.locator(".caw-reply")).to_have_count(0)  # answered suggestions go away
    page.wait_for_function(
        f"() => document.querySelectorAll('.caw-msg--bot').length > {rows_before}",
        timeout=ANSWER_MS,
    )
    sent = tracker_user_texts(stack, sid)
    assert sent[-1].startswith("/"), f"the button did not send its payload: {sent[-1]!r}"

    # 3. HTML typed by the user is shown literally and never runs.
    page.get_by_label("Your message").fill(XSS)
    page.keyboard.press("Enter")
    expect(page.locator(".caw-msg--user .caw-bubble").last).to_have_text(XSS)
    page.wait_for_function("() => document.querySelector('.caw-typing').hidden", timeout=ANSWER_MS)
    page.wait_for_timeout(1000)  # give an onerror handler every chance to fire
    assert page.locator("img").count() == 0
    assert dialogs == []
    assert XSS in tracker_user_texts(stack, sid)

    # 4. Reload: same session, the whole conversation is back (from the tracker store).
    user_texts = page.locator(".caw-msg--user .caw-bubble").all_inner_texts()
    page.reload()
    expect(page.locator(".caw")).to_have_attribute("data-caw-ready", "true", timeout=30_000)
    assert session_id(page) == sid
    assert page.locator(".caw-msg--user .caw-bubble").all_inner_texts() == user_texts
    assert user_texts[-2] == chosen and user_texts[0] == "hydrogen storage partners in Germany"
    assert page.locator(".caw-card--partner").count() >= partner_cards
    FIRST_VISIT.update(sid=sid, user_texts=user_texts)
    assert page.locator("img").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []
    assert errors == []
    context.close()

    # 5. A 375 px wide phone: the same conversation, no horizontal scrolling.
    phone = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    key = f"cluster-assistant:{base}:session"
    phone.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(sid)})")
    page = phone.new_page()
    open_demo(page, base)
    expect(page.locator(".caw-card--partner").first).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    box = page.locator(".caw-panel").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    card = page.locator(".caw-card--partner").first.bounding_box()
    assert card is not None and card["x"] >= 0 and card["x"] + card["width"] <= 375
    page.locator(".caw-results-title").first.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(DOCS / "widget-375.png"))
    phone.close()


def test_a_new_visitor_gets_a_new_session(stack, browser):
    context = browser.new_context()
    page = context.new_page()
    open_demo(page, stack.rasa_url)
    assert page.locator(".caw-msg").count() == 0  # nothing from another visitor
    assert len(session_id(page)) == 32
    context.close()


def test_a_made_up_session_id_is_not_accepted(stack, browser):
    context = browser.new_context()
    foreign = f"rest-user-{uuid.uuid4().hex[:6]}"
    key = f"cluster-assistant:{stack.rasa_url}:session"
    context.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(foreign)})")
    page = context.new_page()
    open_demo(page, stack.rasa_url)
    assert session_id(page) != foreign
    assert len(session_id(page)) == 32
    context.close()


def test_a_german_conversation_in_the_widget_is_answered_in_german(stack, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    open_demo(page, stack.rasa_url)
    box = page.locator(".caw-input, textarea, input[type=text]").first
    box.fill("Ich suche einen Cluster für Wasserstoff in Bayern")
    page.keyboard.press("Enter")
    cards = page.locator(".caw-card--partner")
    expect(cards.first).to_be_visible(timeout=ANSWER_MS)
    # the feedback question and its quick replies, in German, from the message catalogues
    expect(page.get_by_text(i18n.text("dialogue.ask_feedback", "de"))).to_be_visible(
        timeout=ANSWER_MS
    )
    titles = page.locator(".caw-reply").all_inner_texts()
    assert i18n.text("dialogue.ask_feedback.button_1", "de") in titles
    assert all(PROFILES[card_name(cards.nth(i))].country == "DE" for i in range(cards.count()))
    # the request without German function words, the country the region lies in (a region sets
    # its country: knowledge.regions.country_of) and the region, both by their German names
    expect(page.locator(".caw-results-title").last).to_contain_text(
        "Wasserstoff · Deutschland · Bayern"
    )
    # a domain response (rendered by the catalogue NLG) is German too, "ok" does not switch
    rows_before = bot_rows(page).count()
    box.fill("danke")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.querySelectorAll('.caw-msg--bot').length > {rows_before}",
        timeout=ANSWER_MS,
    )
    last = bot_rows(page).last.inner_text()
    german = {
        i18n.text(k, "de") for k in ("dialogue.you_are_welcome", "dialogue.you_are_welcome.2")
    }
    english = {
        i18n.text(k, "en") for k in ("dialogue.you_are_welcome", "dialogue.you_are_welcome.2")
    }
    assert not any(text in last for text in english), last
    assert any(text in last for text in german) or "Gern" in last or "Danke" in last, last
    # asking for English switches the widget conversation to English
    rows_before = bot_rows(page).count()
    box.fill("in English please")
    page.keyboard.press("Enter")
    expect(page.get_by_text(i18n.text("language.switched", "en"))).to_be_visible(timeout=ANSWER_MS)
    assert errors == []
    context.close()


# Restarts the shared stack (same ports, same tracker store): runs after the other tests
# (tests/e2e/conftest.py).
@pytest.mark.restarts_stack
def test_history_survives_a_server_restart(stack, browser):
    sid, user_texts = FIRST_VISIT.get("sid"), FIRST_VISIT.get("user_texts")
    assert sid and user_texts, "the first widget test did not get far enough"
    stack.stop()
    stack.start()  # same ports, same SQLite tracker store

    context = browser.new_context()
    key = f"cluster-assistant:{stack.rasa_url}:session"
    context.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(sid)})")
    page = context.new_page()
    open_demo(page, stack.rasa_url)
    assert session_id(page) == sid
    assert page.locator(".caw-msg--user .caw-bubble").all_inner_texts() == user_texts
    expect(page.locator(".caw-card--partner").first).to_be_visible()
    # ... and the conversation goes on with the restarted servers.
    rows_before = bot_rows(page).count()
    page.get_by_label("Your message").fill("thanks, bye")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.querySelectorAll('.caw-msg--bot').length > {rows_before}",
        timeout=ANSWER_MS,
    )
    assert tracker_user_texts(stack, sid)[-1] == "thanks, bye"
    context.close()
