"""Shared fixtures of the end-to-end tests: one stack per configuration for the whole session.

A real stack start (both servers, the trained model, the indexes) is the slowest step of this
stage, so modules whose tests need the same configuration share one stack:

``session_stack`` (both real servers, ``scripts.stack.Stack.isolated``: free loopback ports, a
temporary tracker database, the trained model) runs with Rasa's HTTP API on (token in the run's
own secrets folder), the per-address rate limit off (every test client is 127.0.0.1; the
understanding gate sends a few hundred messages through it) and the per-sender limit at its
default (the flood test of tests/e2e/test_doors.py needs it; every other test talks as senders of
its own, a handful of messages each). It serves the conversation, widget, widget-card, long-message,
door (API) and understanding-gate tests. It starts when the first test asks for it and stops at
the end of the session.

Modules that need a configuration of their own (the locked default run, handoff webhooks and
adviser channels, seeded privacy data) keep their module stacks. ``browser`` (headless Chromium)
is launched once for the widget, card and handoff modules.

Tests that stop the shared stack (``@pytest.mark.restarts_stack``: the widget history across a
restart, then ``make run``'s restart and Ctrl-C, which leaves it stopped) run after the others
(:func:`pytest_collection_modifyitems`) so the stack is not started again for nothing; they do not depend on it: a test that finds the
shared stack stopped starts it again first (:func:`tests.e2e.shared.running`).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from scripts.stack import Stack
from tests.e2e.shared import CHROMIUM, CHROMIUM_ARGS, SHARED_ENV, running


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Moves the tests that stop the shared stack to the end (stable otherwise): those that start
    it again in place first, the one that leaves it stopped (``leaves_it_stopped=True``) last."""

    def order(item: pytest.Item) -> tuple[bool, bool]:
        marker = item.get_closest_marker("restarts_stack")
        return marker is not None, bool(marker and marker.kwargs.get("leaves_it_stopped"))

    items.sort(key=order)


@pytest.fixture(scope="session")
def shared_stack(tmp_path_factory):
    """The session's shared stack (may be stopped by a restart test; use :func:`running`)."""
    stack = Stack.isolated(
        tmp_path_factory.mktemp("session-stack"), enable_api=True, extra_env=dict(SHARED_ENV)
    )
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture
def session_stack(shared_stack) -> Stack:
    """The shared stack, running."""
    return running(shared_stack)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium, launched once: every test opens contexts of its own in it."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; run scripts/install_browser.sh (as root) first")
    with sync_playwright() as playwright:
        # A fresh temporary profile per launch; Playwright never downloads a browser here.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
