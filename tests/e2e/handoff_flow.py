"""What the handoff end-to-end tests (advisers in Slack, advisers in Teams) share.

The SME's way into a handoff in the widget, the conversation read back through Rasa's API, a
restart of either server in the middle, and the ticket rows of the run's SQLite ticket store.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from scripts.stack import Stack, http_get_json
from tests.actions.handoff.served import wait_for
from tests.e2e.test_widget import ANSWER_MS, open_demo


def say(page: Any, text: str) -> None:
    """The SME writes a message in the widget."""
    page.get_by_label("Your message").fill(text)
    page.keyboard.press("Enter")


def widget_handoff(browser: Any, stack: Stack) -> tuple[Any, Any, Any, list[str]]:
    """Opens the demo page and asks for a person (consent yes, no e-mail) until the ticket.

    Returns:
        The browser context, the page, the bot bubbles and the page's script errors.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    open_demo(page, stack.rasa_url)
    bubbles = page.locator(".caw-msg--bot .caw-bubble")
    say(page, "I would like to talk to a person")
    expect(bubbles.last).to_contain_text("share", timeout=ANSWER_MS)
    say(page, "yes")
    expect(bubbles.last).to_contain_text("e-mail", timeout=ANSWER_MS)
    say(page, "skip")
    expect(bubbles.last).to_contain_text("ticket #", timeout=ANSWER_MS)
    return context, page, bubbles, errors


def tracker_texts(stack: Stack, sender: str | None, kind: str = "bot") -> list[str]:
    """The texts of one kind of event (``bot``, ``user``) of a conversation, from Rasa's API."""
    if not sender:
        return []
    body = http_get_json(stack.api_url(f"/conversations/{sender}/tracker"), 10)
    events = body.get("events", []) if isinstance(body, dict) else []
    return [e.get("text") for e in events if e.get("event") == kind]


def restart_rasa_meanwhile(stack: Stack, during: Callable[[], Any]) -> None:
    """Stops the Rasa server, runs ``during()`` (which must succeed: return something true),
    starts it again and waits for its model."""
    started = time.monotonic()
    rasa = stack.servers[1]
    rasa.stop()
    try:
        assert during(), "what was done while Rasa was down failed"
    finally:
        rasa.start()
    wait_for(lambda: (http_get_json(stack.api_url("/status")) or {}).get("model_file"), 240, 1)
    print(f"Rasa-server restart: {time.monotonic() - started:.1f} s")  # reported with -s


def restart_actions_meanwhile(stack: Stack, during: Callable[[], Any]) -> None:
    """Stops the action server, runs ``during()`` (which must return something true), starts
    it again and waits for its health route."""
    started = time.monotonic()
    actions = stack.servers[0]
    actions.stop()
    try:
        assert during(), "what was done while the action server was down failed"
    finally:
        actions.start()
    wait_for(lambda: http_get_json(f"{stack.action_url}/health"), 240, 1)
    print(f"action-server restart: {time.monotonic() - started:.1f} s")  # reported with -s


def ticket_row(
    stack: Stack, conversation_id: str | None = None, first: bool = False
) -> dict | None:
    """A ticket row with its thread stored: the newest (or ``first``), of a conversation or any."""
    where, params = (
        ("WHERE conversation_id = ?", (conversation_id,)) if conversation_id else ("", ())
    )
    order = "ASC" if first else "DESC"
    with sqlite3.connect(stack.extra_env["CLUSTER_HANDOFF_DB"]) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute(
            f"SELECT * FROM tickets {where} ORDER BY id {order} LIMIT 1", params
        ).fetchone()
    return dict(row) if row and row["thread"] else None


def another_ticket(stack: Stack, ticket_id: int) -> dict:
    """Waits for the newest ticket with its thread stored that is not ``ticket_id``."""
    return wait_for(
        lambda: next((r for r in [ticket_row(stack)] if r and r["id"] != ticket_id), None)
    )
