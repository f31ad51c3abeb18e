"""``scripts.stack.Stack.start`` (``make run``, the end-to-end tests): both servers load at once,
and ``start`` returns only when both answer their health checks.

Two small fake servers stand in for the action server and Rasa: each writes when it was started,
loads for a set time, then answers ``/health``. Standard library only, a few seconds.
"""

from __future__ import annotations

import json
import stat
import sys
import time
from pathlib import Path

import pytest

from scripts import stack as stack_module
from scripts.stack import Stack, StackError

LOAD_S = 1.5

FAKE = """
import http.server, json, os, sys, time
args = sys.argv[1:]
port = int(args[args.index("--port") + 1])
name = "rasa" if "bot.ops.rasa_run" in args else "actions"
with open(os.environ["FAKE_DIR"] + "/" + name + ".started", "w") as f:
    f.write(str(time.time()))
if os.environ.get("FAKE_DIE") == name:
    sys.exit(3)
time.sleep(float(os.environ["FAKE_LOAD_S"]))

class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"status": "ok", "model_loaded": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

with open(os.environ["FAKE_DIR"] + "/" + name + ".ready", "w") as f:
    f.write(str(time.time()))
http.server.HTTPServer(("127.0.0.1", port), Health).serve_forever()
"""


@pytest.fixture
def fake_stack(tmp_path, monkeypatch) -> Stack:
    script = tmp_path / "fake_server.py"
    script.write_text(FAKE)
    python = tmp_path / "python"  # stands in for both environments' interpreters
    python.write_text(f'#!/bin/sh\nexec {sys.executable} {script} "$@"\n')
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(stack_module, "RASA_PYTHON", python)
    monkeypatch.setattr(stack_module, "ACTIONS_PYTHON", python)
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"")
    monkeypatch.setenv("FAKE_DIR", str(tmp_path))
    monkeypatch.setenv("FAKE_LOAD_S", str(LOAD_S))
    monkeypatch.delenv("FAKE_DIE", raising=False)
    return Stack.isolated(tmp_path / "run", model=model)


def stamp(directory: Path, name: str) -> float:
    return float((directory / name).read_text())


def test_both_servers_load_at_once_and_start_returns_when_both_answer(fake_stack, tmp_path):
    started = time.monotonic()
    fake_stack.start()
    took = time.monotonic() - started
    try:
        assert [s.name for s in fake_stack.servers] == ["action server", "rasa server"]
        # Rasa did not wait for the action server to be healthy: it started while it loaded ...
        assert stamp(tmp_path, "rasa.started") < stamp(tmp_path, "actions.ready")
        # ... and start() returned once both were healthy, in about one load time, not two.
        for url in (fake_stack.action_url, fake_stack.rasa_url):
            assert json.loads(stack_module.urllib.request.urlopen(f"{url}/health").read())
        assert LOAD_S <= took < 2 * LOAD_S + 1.0, took
    finally:
        fake_stack.stop()
    assert fake_stack.servers == [] and fake_stack.dead_server() is None


@pytest.mark.parametrize("dies", ["actions", "rasa"])
def test_a_server_that_dies_while_loading_stops_both(fake_stack, monkeypatch, dies):
    monkeypatch.setenv("FAKE_DIE", dies)
    with pytest.raises(StackError, match="exited during start-up"):
        fake_stack.start(timeout=20)
    assert fake_stack.servers == []  # the other one was stopped as well
