"""Result cards in the website widget, in a real browser against the real assistant.

Headless Debian Chromium driven by Playwright (as in test_widget.py). A partner search shows the
request as understood with its filter as a removable chip, cards with place, match strength, a
plain reason and a link; then Show more, Details and More like this are clicked; removing the
country chip re-runs the search without it; the language picker relabels the widget and sends
the switch to the bot; an axe-core audit (the pinned npm package from bot/web/node_modules,
injected from disk: nothing is fetched from a CDN) finds no WCAG 2.1 A/AA violation; at 320 px
nothing scrolls sideways. Screenshots go to var/screenshots (docs/ with
CLUSTER_UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from scripts.stack import REPO_ROOT
from tests.e2e.test_widget import (
    ANSWER_MS,
    DOCS,
    PROFILES,
    card_name,
    open_demo,
    session_id,
    tracker_user_texts,
)

pytestmark = pytest.mark.integration

AXE = REPO_ROOT / "bot" / "web" / "node_modules" / "axe-core" / "axe.min.js"
STRENGTHS = {"Strong match", "Good match", "Partial match"}
ENGINE_WORDS = re.compile(r"similarity|keyword score|similar in meaning|description mentions")


@pytest.fixture
def stack(session_stack):
    """The session's stack (tests/e2e/conftest.py): the cards need only the default configuration."""
    return session_stack


def latest_list(page):
    """The newest partner list, pinned by position (``.last`` would follow newer lists)."""
    return page.locator(".caw-results--partners").nth(lists(page) - 1)


def wait_for_new_list(page, before: int):
    page.wait_for_function(
        f"() => document.querySelectorAll('.caw-results--partners').length > {before}",
        timeout=ANSWER_MS,
    )
    return latest_list(page)


def lists(page) -> int:
    return page.locator(".caw-results--partners").count()


def audit(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations inside the widget."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document.querySelector('.caw'), {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            });
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.html + ' :: ' + n.failureSummary)}));
        }"""
    )


def test_cards_chips_buttons_language_and_accessibility(stack, browser):
    assert AXE.is_file(), "axe-core missing: run bot/web/setup.sh (npm ci)"
    base = stack.rasa_url
    # bypass_csp: the demo page allows only its own scripts; the audit injects axe-core.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_demo(page, base)
    sid = session_id(page)

    # 1. A search: the request as understood, its filter as a chip, cards that explain themselves.
    page.get_by_label("Your message").fill("hydrogen storage partners in Germany")
    page.keyboard.press("Enter")
    box = wait_for_new_list(page, 0)
    expect(box.locator(".caw-results-title")).to_contain_text("hydrogen storage · Germany")
    chip = box.locator(".caw-chip")
    expect(chip).to_have_count(1)
    expect(chip.locator(".caw-chip-text")).to_have_text("Country: Germany")
    cards = box.locator(".caw-card--partner")
    assert 1 <= cards.count() <= 5
    for i in range(cards.count()):
        card = cards.nth(i)
        assert card.locator(".caw-card-title").inner_text().startswith(f"{i + 1}. ")
        assert PROFILES[card_name(card)].country == "DE"
        assert card.locator(".caw-strength").inner_text() in STRENGTHS
        why = card.locator(".caw-card-why").inner_text()
        assert why.strip() and not ENGINE_WORDS.search(why), why
        assert card.locator(".caw-tag").count() >= 1  # the technologies that matched
        assert card.locator("a.caw-card-link").count() == 1  # website, else the source page
        expect(card.get_by_role("button", name=re.compile("^Details of "))).to_be_visible()
        expect(card.get_by_role("button", name=re.compile("^More like "))).to_be_visible()
    first_name = card_name(cards.first)
    page.wait_for_timeout(500)
    box.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(DOCS / "widget-cards.png"))

    # 2. Show more: the next page, numbered on; the older list's buttons stop working.
    more = box.locator(".caw-more")
    expect(more).to_have_text("Show more")
    before = lists(page)
    more.click()
    page2 = wait_for_new_list(page, before)
    expect(page2.locator(".caw-card-title").first).to_have_text(re.compile(r"^6\. "))
    expect(box.locator(".caw-action").first).to_be_disabled()

    # 3. Details of the first card of the newest list: the full profile.
    second_page_name = card_name(page2.locator(".caw-card--partner").first)
    rows = page.locator(".caw-msg--bot").count()
    page2.locator(".caw-action--details").first.click()
    expect(page.locator(".caw-msg--user .caw-bubble").last).to_have_text(
        f"Details of {page2.locator('.caw-card-title').first.inner_text().split('. ', 1)[1]}"
    )
    page.wait_for_function(
        f"() => document.querySelectorAll('.caw-msg--bot').length > {rows}", timeout=ANSWER_MS
    )
    expect(page.locator(".caw-msg--bot").last).to_contain_text(second_page_name, timeout=ANSWER_MS)
    assert tracker_user_texts(stack, sid)[-1] == '/select_result{"ordinal": "6"}'

    # 4. More like this: a list of organisations like that one.
    before = lists(page)
    page2.locator(".caw-action--more_like_this").first.click()
    similar = wait_for_new_list(page, before)
    expect(similar.locator(".caw-results-title")).to_contain_text(f"like {second_page_name}")
    assert second_page_name not in [
        card_name(c) for c in similar.locator(".caw-card--partner").all()
    ]

    # 5. Removing the country chip re-runs the search without that filter.
    before = lists(page)
    page.get_by_label("Your message").fill("hydrogen storage partners in Germany")
    page.keyboard.press("Enter")
    box = wait_for_new_list(page, before)
    before = lists(page)
    remove = box.get_by_role("button", name="Remove filter: Germany")
    remove.focus()
    page.keyboard.press("Enter")  # with the keyboard
    wider = wait_for_new_list(page, before)
    expect(wider.locator(".caw-chip")).to_have_count(0)
    expect(wider.locator(".caw-results-title")).to_contain_text("hydrogen storage")
    assert tracker_user_texts(stack, sid)[-1] == '/inform{"drop_filter": "country"}'
    countries = {PROFILES[card_name(c)].country for c in wider.locator(".caw-card--partner").all()}
    assert countries and countries != {"DE"}, countries
    assert first_name  # the first search had a top card

    # 6. The accessibility audit, on the widget with every kind of card on it.
    violations = audit(page)
    assert violations == [], json.dumps(violations, indent=1)

    # 7. The language picker: the widget speaks German and tells the bot.
    expect(page.get_by_label("Conversation language")).to_have_value("en")
    picker = page.locator(".caw-lang-select")  # its label changes with the language
    picker.select_option("de")
    expect(page.get_by_label("Sprache der Unterhaltung")).to_have_value("de")
    expect(page.locator(".caw-send")).to_have_text("Senden")
    expect(page.get_by_label("Ihre Nachricht")).to_be_visible()
    expect(page.locator(".caw-panel")).to_have_attribute("lang", "de")
    expect(page.locator(".caw-msg--user .caw-bubble").last).to_have_text("Deutsch")
    page.wait_for_function("() => document.querySelector('.caw-typing').hidden", timeout=ANSWER_MS)
    assert tracker_user_texts(stack, sid)[-1] == '/switch_language{"language": "de"}'
    page.screenshot(path=str(DOCS / "widget-de.png"))
    picker.select_option("en")
    expect(page.locator(".caw-send")).to_have_text("Send")

    # Nothing but the page's own server was asked for anything.
    origins = {
        re.sub(r"^ws", "http", re.match(r"^[a-z]+://[^/]+", url).group(0))
        for url in requests
        if re.match(r"^(https?|wss?)://", url)
    }
    assert origins == {base}, origins
    assert errors == []
    context.close()

    # 8. 320 px wide: the same conversation, chips and buttons wrap, nothing scrolls sideways.
    narrow = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True)
    key = f"cluster-assistant:{base}:session"
    narrow.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(sid)})")
    page = narrow.new_page()
    open_demo(page, base)
    expect(page.locator(".caw-card--partner").first).to_be_visible()
    # after a reload only the newest list's buttons work (older numbers are stale)
    expect(latest_list(page).locator(".caw-action").first).to_be_enabled()
    expect(
        page.locator(".caw-results--partners").first.locator(".caw-action").first
    ).to_be_disabled()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    for selector in (".caw-panel", ".caw-card--partner", ".caw-card-actions", ".caw-chip"):
        for element in page.locator(selector).all()[-5:]:
            rect = element.bounding_box()
            assert rect is not None and rect["x"] >= 0 and rect["x"] + rect["width"] <= 320.5, (
                selector,
                rect,
            )
    latest_list(page).evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(DOCS / "widget-320.png"))
    narrow.close()


def test_call_cards_in_german(stack, browser):
    """Call cards: title, status with the days left, deadline, programme, portal link and
    Details, worded in the conversation language; the list passes the accessibility audit."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    open_demo(page, stack.rasa_url)
    page.locator(".caw-lang-select").select_option("de")
    page.wait_for_function("() => document.querySelector('.caw-typing').hidden", timeout=ANSWER_MS)
    page.get_by_label("Ihre Nachricht").fill("Gibt es offene Ausschreibungen zu Batterien?")
    page.keyboard.press("Enter")
    box = page.locator(".caw-results--calls").last
    expect(box).to_be_visible(timeout=ANSWER_MS)
    # the topic as the user would say it, not the whole sentence
    expect(box.locator(".caw-results-title")).to_contain_text("Batterien")
    assert "Ausschreibungen" not in box.locator(".caw-results-title").inner_text()
    cards = box.locator(".caw-card--call")
    assert cards.count() >= 1
    for i in range(cards.count()):
        card = cards.nth(i)
        assert card.locator(".caw-card-title").inner_text().startswith(f"{i + 1}. ")
        badge = card.locator(".caw-badge").inner_text()
        assert badge.split(" · ")[0] in {"Offen", "Demnächst"}, badge  # never closed, in German
        meta = " ".join(card.locator(".caw-card-meta").all_inner_texts())
        assert "Frist" in meta or "Programm" in meta, meta
        # the labels are German; the programme's name is the portal's (English) data
        assert not re.search(r"Open|days left|Deadline:|Programme:|Budget per", badge + meta)
        link = card.locator("a.caw-card-link")
        assert link.count() == 1 and link.get_attribute("href").startswith("https://")
        expect(card.locator(".caw-action--details")).to_be_visible()
    assert audit(page) == []
    box.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(DOCS / "widget-calls-de.png"))
    assert errors == []
    context.close()
