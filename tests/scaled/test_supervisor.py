"""The launchers' one foreground loop (``make run`` and ``make run-scaled``): a signal stops it
with 0, a server that exits by itself with 1 and its name."""

from __future__ import annotations

import os
import signal
import threading
from types import SimpleNamespace

import pytest

from scripts.stack import Supervisor

pytestmark = pytest.mark.integration


@pytest.fixture
def handlers():
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


class FakeStack:
    def __init__(self, dies_after: int | None) -> None:
        self.checks, self.dies_after = 0, dies_after

    def dead_server(self):
        self.checks += 1
        if self.dies_after is not None and self.checks > self.dies_after:
            return SimpleNamespace(name="rasa server 2", log_tail=lambda: "killed")
        return None


def test_sigterm_stops_the_loop(handlers):
    supervisor = Supervisor("run-scaled")
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    assert supervisor.watch(FakeStack(dies_after=None)) == 0
    timer.join()


def test_a_dead_server_ends_the_loop_with_its_name(handlers, capsys):
    assert Supervisor("run").watch(FakeStack(dies_after=2)) == 1
    assert "run: the rasa server 2 stopped unexpectedly:\nkilled" in capsys.readouterr().err
