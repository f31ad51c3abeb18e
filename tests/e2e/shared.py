"""The shared end-to-end stack's configuration and its "running" check (tests/e2e/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from scripts.stack import Stack

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Added to the shared stack's environment (Rasa's HTTP API is on as well). One client (this test
#: process, 127.0.0.1) sends every message: the per-address limit would throttle it.
SHARED_ENV = {"CLUSTER_RATE_LIMIT_ADDRESS": "off"}


def running(stack: Stack) -> Stack:
    """``stack``, started again if a test stopped it (``Stack.stop`` empties its servers)."""
    if not stack.servers:
        stack.start()
    return stack
