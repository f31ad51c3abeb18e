"""Shared fixtures of the end-to-end tests: one stack for the whole test session.

``session_stack`` starts both real servers once (``scripts.stack.Stack.isolated``: free loopback
ports, a temporary tracker database, the trained model), with Rasa's HTTP API on (token in the
run's own secrets folder) and the per-sender and per-address rate limits off: one loopback client
sends a few hundred messages through it (tests/e2e/test_understanding_gate.py). It starts when the
first test asks for it and stops at the end of the session. Modules that need a configuration of
their own (rate limits, handoff webhooks, seeded privacy data, a restart) keep their module stacks;
a module whose tests need only the default configuration can use this one instead of starting
another.
"""

from __future__ import annotations

import pytest

from scripts.stack import Stack

#: One client (this test process) sends every message: the per-address and per-sender limits
#: would throttle it.
NO_RATE_LIMITS = {"CLUSTER_RATE_LIMIT_SENDER": "off", "CLUSTER_RATE_LIMIT_ADDRESS": "off"}


@pytest.fixture(scope="session")
def session_stack(tmp_path_factory):
    stack = Stack.isolated(
        tmp_path_factory.mktemp("session-stack"), enable_api=True, extra_env=NO_RATE_LIMITS
    )
    stack.start()
    yield stack
    stack.stop()
