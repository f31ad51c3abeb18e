"""Shared helpers of the handoff end-to-end tests: a fake served from a background thread, polling.

The fakes of Slack and of Microsoft's side (``fake_slack.FakeSlack``, ``fake_teams.FakeConnector``)
are aiohttp servers with async ``start()``/``close()``; a synchronous test (a browser, a real
stack) serves one from its own event loop in a thread with :class:`ServedFake`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

Fake = TypeVar("Fake")


class ServedFake(Generic[Fake]):
    """Starts ``fake`` in a background event loop; :attr:`fake` is the started fake."""

    def __init__(self, fake: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.fake: Fake = self.run(fake.start())

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        """Runs a coroutine in the fake's loop and returns its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    def close(self) -> None:
        """Closes the fake and stops its loop."""
        self.run(self.fake.close())  # type: ignore[attr-defined]
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0, step: float = 0.1) -> Any:
    """Polls ``predicate`` until it returns something true, and returns that.

    Raises:
        AssertionError: when it is still false after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"condition not met in {timeout:.0f} s")
