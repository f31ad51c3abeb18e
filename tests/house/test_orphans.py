"""A server the project starts does not outlive a starter that is killed outright.

``Stack``/``Server.stop`` and ``LocalPostgres.stop`` are the normal way out; these tests kill the
STARTING process with SIGKILL (nothing of it runs any more: no ``finally``, no fixture teardown)
and check that its servers go too (``scripts.stack.dies_with_parent``). Before that, a pytest run
killed with -9 left its throw-away PostgreSQL listening until someone noticed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from knowledge.config import child_environment
from scripts.localsvc import available, wait_port
from scripts.stack import dies_with_parent

REPO = Path(__file__).resolve().parents[2]

SERVER_STARTER = """
import sys, time
from pathlib import Path
from scripts.stack import Server
server = Server("sleeper", [sys.executable, "-c", "import time; time.sleep(600)"], {}, Path(sys.argv[1]))
server.start()
print(server.process.pid, flush=True)
time.sleep(600)
"""

POSTGRES_STARTER = """
import sys, time
from pathlib import Path
from scripts.localsvc import LocalPostgres
server = LocalPostgres(Path(sys.argv[1]) / "pg", durable=False)
server.start()
print(server.port, flush=True)
time.sleep(600)
"""


def start_starter(
    code: str, argument: str, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Runs ``code`` in a child Python; returns it and the first line it prints."""
    starter = subprocess.Popen(
        [sys.executable, "-c", code, argument],
        cwd=REPO,
        env=child_environment({"PYTHONPATH": str(REPO), **(extra_env or {})}),
        stdout=subprocess.PIPE,
        text=True,
    )
    line = starter.stdout.readline().strip()
    if not line:
        starter.kill()
        starter.wait(timeout=10)
        pytest.fail("the starter printed nothing (it did not start its server)")
    return starter, line


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not running(pid):
            return True
        time.sleep(0.1)
    return False


def test_the_prefix_adds_the_parent_death_signal_once():
    plain = dies_with_parent([], "TERM")
    assert plain[0].endswith("setpriv") and plain[1:] == ["--pdeathsig=TERM"]
    as_postgres = dies_with_parent(
        ["setpriv", "--reuid=101", "--regid=104", "--init-groups"], "INT"
    )
    assert as_postgres == [
        "setpriv",
        "--pdeathsig=INT",
        "--reuid=101",
        "--regid=104",
        "--init-groups",
    ]


def test_a_server_goes_when_the_process_that_started_it_is_killed(tmp_path):
    starter, line = start_starter(SERVER_STARTER, str(tmp_path / "sleeper.log"))
    server_pid = int(line)
    try:
        assert running(server_pid)
        starter.send_signal(signal.SIGKILL)
        starter.wait(timeout=10)
        assert gone_within(server_pid, 10), "the server outlived its killed starter"
    finally:
        if running(server_pid):
            os.kill(server_pid, signal.SIGKILL)


def test_a_starter_killed_while_setpriv_is_still_starting_takes_the_server_along(tmp_path):
    """CI once killed a starter before ``setpriv`` had set the signal: the server stayed.

    A ``setpriv`` that takes a second to start (a wrapper on PATH) makes that window wide:
    ``Server.start`` must not return, and so the starter must not print, before it is closed.
    """
    real = shutil.which("setpriv")
    if real is None:
        pytest.skip("setpriv is not installed")
    slow = tmp_path / "bin"
    slow.mkdir()
    wrapper = slow / "setpriv"
    wrapper.write_text(f'#!/bin/sh\nsleep 1\nexec {real} "$@"\n')
    wrapper.chmod(0o755)
    path = f"{slow}{os.pathsep}{os.environ.get('PATH', '')}"
    began = time.monotonic()
    starter, line = start_starter(SERVER_STARTER, str(tmp_path / "sleeper.log"), {"PATH": path})
    printed_after = time.monotonic() - began
    server_pid = int(line)
    try:
        starter.send_signal(signal.SIGKILL)
        starter.wait(timeout=10)
        assert gone_within(server_pid, 10), "the server outlived a starter killed during setpriv"
        assert printed_after >= 0.9, "the starter printed before setpriv had run"
    finally:
        if starter.poll() is None:
            starter.kill()
            starter.wait(timeout=10)
        if running(server_pid):
            os.kill(server_pid, signal.SIGKILL)


def test_a_throw_away_postgresql_goes_when_its_starter_is_killed():
    if not available()["postgresql"]:
        pytest.skip("PostgreSQL is not installed (scripts/install_services.sh installs it)")
    # not under pytest's tmp dir: the server may run as the postgres user (see tests/conftest.py)
    directory = Path(tempfile.mkdtemp(prefix="cluster-pg-orphan-"))
    directory.chmod(0o755)
    starter, line = start_starter(POSTGRES_STARTER, str(directory))
    port = int(line)
    try:
        assert wait_port(port, 5)
        starter.send_signal(signal.SIGKILL)
        starter.wait(timeout=10)
        assert wait_port(port, 30, up=False), (
            "PostgreSQL still listens after its starter was killed"
        )
    finally:
        subprocess.run(["pkill", "-KILL", "-f", str(directory)], check=False)
        shutil.rmtree(directory, ignore_errors=True)
