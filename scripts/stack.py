"""Starts the action server and the Rasa server, waits until both are healthy, stops them cleanly.

``make run`` calls ``python scripts/stack.py``; the end-to-end tests use :class:`Stack` directly with
free ports and a temporary tracker database. Standard library only.

Each server runs in its own process group, so stopping it also stops any worker it spawned:
SIGTERM first, SIGKILL after a grace period. Ctrl-C, SIGTERM, or either server dying stops both.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as a script (``python scripts/stack.py``): make the repository importable first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.ops.lockdown import Lockdown, read_lockdown
from bot.ops.runtime_config import build_run_config, write_run_config
from knowledge.config import (
    DEFAULT_TRACKER_DB,
    REPO_ROOT,
    child_environment,
    stack_env,
)

RASA_PYTHON = REPO_ROOT / ".venv" / "rasa" / "bin" / "python"
ACTIONS_PYTHON = REPO_ROOT / ".venv" / "actions" / "bin" / "python"
DEFAULT_MODEL = REPO_ROOT / "models" / "current.tar.gz"


class StackError(RuntimeError):
    """A server did not start or died."""


def free_port() -> int:
    """Returns a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(server: Server, done: Callable[[], bool], timeout: float, what: str) -> None:
    """Waits until ``done()`` is true while ``server`` runs.

    Args:
        server: The server being started.
        done: The readiness check, polled every 0.5 s.
        timeout: Seconds to wait.
        what: What the server should do, for the error ("answer http://...").

    Raises:
        StackError: the server exited, or ``done`` stayed false for ``timeout`` seconds; with
            the last lines of the server's log.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive():
            raise StackError(
                f"the {server.name} exited during start-up; last lines of "
                f"{server.log_path}:\n{server.log_tail()}"
            )
        if done():
            return
        time.sleep(0.5)
    raise StackError(
        f"the {server.name} did not {what} within {timeout:.0f} s; last lines of "
        f"{server.log_path}:\n{server.log_tail()}"
    )


def wait_for_answer(server: Server, url: str, timeout: float, ready) -> None:
    """Waits until ``url`` answers JSON that ``ready`` accepts (see :func:`wait_until`)."""

    def answered() -> bool:
        body = http_get_json(url)
        return body is not None and bool(ready(body))

    wait_until(server, answered, timeout, f"answer {url}")


def http_get_json(url: str, timeout: float = 2.0) -> dict | list | None:
    """GETs ``url`` and returns its JSON body, or None when nothing answered properly."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            if resp.status != 200:
                return None
            return json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def dies_with_parent(prefix: list[str], signame: str) -> list[str]:
    """``prefix`` extended so the server gets ``signame`` when the process that started it dies.

    :meth:`Server.stop` is the normal way out; this covers the starter being killed outright (SIGKILL of
    pytest, of ``make run`` or of a bench), which would otherwise leave the server running with its
    port and data directory. ``setpriv --pdeathsig`` (util-linux, the same tool that drops root)
    sets it after any change of user. The signal follows the starting *thread*: start services
    from the main thread.
    """
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return prefix
    if prefix[:1] == ["setpriv"]:  # already dropping root: one setpriv does both
        return [prefix[0], f"--pdeathsig={signame}", *prefix[1:]]
    return [setpriv, f"--pdeathsig={signame}", *prefix]


def wait_armed(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Returns once ``process`` has left ``setpriv`` (its parent-death signal is set) or has ended.

    ``Popen`` returns as soon as ``setpriv`` is executed, before it has called ``prctl``: a starter
    killed in that window (a loaded machine, a test that kills right after the start) would leave
    the server without the signal, for good. Until ``setpriv`` executes the server its command line
    still carries ``--pdeathsig=``; the server's own never does. Read in the middle of an
    ``exec`` the command line is empty: that says nothing yet, so the wait goes on.
    """
    deadline = time.monotonic() + timeout
    cmdline = Path(f"/proc/{process.pid}/cmdline")
    while time.monotonic() < deadline and process.poll() is None:
        try:
            arguments = cmdline.read_bytes()
        except OSError:
            return
        if arguments and b"\0--pdeathsig=" not in arguments:
            return
        time.sleep(0.002)


@dataclass
class Server:
    """One child process and where its log goes."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [*dies_with_parent([], "TERM"), *self.argv],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        wait_armed(self.process)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, grace: float = 15.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        # Workers that outlived their parent in the same group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class Stack:
    """Both servers of the assistant, configured for one run."""

    rasa_port: int = 5005
    action_port: int = 5055
    host: str = "127.0.0.1"
    model: Path = DEFAULT_MODEL
    tracker_db: Path = DEFAULT_TRACKER_DB
    run_dir: Path = REPO_ROOT / "var" / "run"
    secrets_dir: Path = REPO_ROOT / "var" / "secrets"
    enable_api: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    servers: list[Server] = field(default_factory=list)
    channel_summary: str = ""
    lockdown: Lockdown | None = None

    @classmethod
    def isolated(cls, directory: Path, **overrides) -> Stack:
        """A stack on free ports whose tracker database and run files live in ``directory``.

        Tests use it so that runs never share ports or conversations; keyword arguments override
        any field (e.g. ``extra_env``).
        """
        fields = {
            "rasa_port": free_port(),
            "action_port": free_port(),
            "tracker_db": directory / "tracker.db",
            "run_dir": directory / "run",
            "secrets_dir": directory / "secrets",
        }
        return cls(**{**fields, **overrides})

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    @property
    def api_token(self) -> str | None:
        """The token of Rasa's HTTP API this run uses (None while the API is off)."""
        return self.lockdown.api_token if self.lockdown and self.lockdown.api_on else None

    def api_url(self, path: str) -> str:
        """The URL of ``path`` on Rasa's HTTP API with this run's token (tests, benchmarks)."""
        separator = "&" if "?" in path else "?"
        return f"{self.rasa_url}{path}{separator}token={self.api_token or ''}"

    def _env(self) -> dict[str, str]:
        env = child_environment(self.extra_env)
        env.update(
            HF_HUB_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
            TF_CPP_MIN_LOG_LEVEL="2",
            PYTHONUNBUFFERED="1",
            SANIC_HOST=self.host,
            CLUSTER_ACTION_URL=f"{self.action_url}/webhook",
            CLUSTER_RASA_URL=self.rasa_url,
            CLUSTER_TRACKER_DB=str(self.tracker_db),
        )
        if self.enable_api:
            env["CLUSTER_RASA_API"] = "on"
        # Closed by default (bot/ops/lockdown.py): secrets generated once into secrets_dir.
        self.lockdown = read_lockdown(env, demo_origin=self.rasa_url, secrets_dir=self.secrets_dir)
        env["CLUSTER_ACTION_SECRET"] = self.lockdown.action_secret or ""
        env["CLUSTER_WIDGET_ORIGINS"] = " ".join(self.lockdown.widget_origins)
        if self.lockdown.api_on:
            env["CLUSTER_RASA_TOKEN"] = self.lockdown.api_token or ""
        return env

    def start(self, timeout: float = 600.0) -> None:
        """Starts the action server and the Rasa server together and waits until both are healthy.

        Args:
            timeout: Seconds each server may take to become healthy (a start takes under a
                minute on an idle 2-core machine, several on a busy one).

        Raises:
            StackError: when a prerequisite is missing or a server fails to become healthy; both
                servers are stopped before it is raised.
        """
        for python in (RASA_PYTHON, ACTIONS_PYTHON):
            if not python.exists():
                raise StackError(f"{python} is missing; run `make setup` first.")
        if not self.model.exists():
            raise StackError(f"no trained model at {self.model}; run `make train` first.")
        env = self._env()
        config = build_run_config(env)
        credentials, endpoints = write_run_config(self.run_dir, config)
        self.channel_summary = config.summary()
        logs = self.run_dir / "logs"

        actions = Server(
            "action server",
            [str(ACTIONS_PYTHON), "-m", "actions.server", "--port", str(self.action_port)],
            env,
            logs / "actions.log",
        )
        rasa = Server(
            "rasa server",
            [
                str(RASA_PYTHON), "-m", "bot.ops.rasa_run", "run",
                *(["--enable-api"] if self.lockdown.api_on else []),
                "--cors", *self.lockdown.widget_origins,
                "--interface", self.host, "--port", str(self.rasa_port),
                "--model", str(self.model),
                "--credentials", str(credentials), "--endpoints", str(endpoints),
            ],
            env,
            logs / "rasa.log",
        )  # fmt: skip
        try:
            # Both load at once (the action server its indexes and models, Rasa its model); the
            # waits are joined, so start() returns once the action server AND Rasa are healthy.
            # Rasa calls the action server only for a user's message, never while it loads.
            self.servers.extend([actions, rasa])
            actions.start()
            rasa.start()
            wait_for_answer(actions, f"{self.action_url}/health", timeout, lambda body: bool(body))
            wait_for_answer(
                rasa,
                f"{self.rasa_url}/health",  # bot/ops/security.py
                timeout,
                lambda body: isinstance(body, dict) and bool(body.get("model_loaded")),
            )
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stops the Rasa server first (it calls the action server), then the action server."""
        for server in reversed(self.servers):
            server.stop()
        self.servers.clear()

    def dead_server(self) -> Server | None:
        """Returns a server that has exited, if any."""
        return next((s for s in self.servers if not s.alive()), None)

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def post_message(base_url: str, sender: str, text: str, timeout: float = 60.0) -> list[dict]:
    """Sends one message over the REST channel and returns the bot's messages."""
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))


def render(message: dict) -> str:
    """A terminal rendering of one bot message (text, buttons, result cards)."""
    lines = []
    if message.get("text"):
        lines.append(message["text"])
    for button in message.get("buttons") or []:
        lines.append(f"  [{button.get('title')}]")
    custom = message.get("custom") or {}
    if custom.get("type") in ("partner_results", "call_results"):
        lines.append(f"  ({custom['type']}: {len(custom.get('items', []))} cards)")
    return "\n".join(lines)


def chat(base_url: str) -> None:
    """A minimal terminal chat; an empty line or Ctrl-D ends it."""
    sender = f"terminal-{os.getpid()}"
    print("Type a message (empty line or Ctrl-D to quit).")
    while True:
        try:
            text = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not text:
            break
        try:
            for message in post_message(base_url, sender, text):
                print("bot> " + render(message).replace("\n", "\n     "))
        except (urllib.error.URLError, OSError, ValueError) as err:
            print(f"bot> (no answer: {err})")


def api_line(stack: Stack) -> str:
    """What the run summary says about Rasa's HTTP API."""
    if not stack.api_token:
        return "off (CLUSTER_RASA_API=on opens it, token-protected)"
    return f"on for loopback clients with ?token= (CLUSTER_RASA_TOKEN or {stack.secrets_dir}/rasa_api_token)"


class Supervisor:
    """The foreground loop of a launcher (``make run``, ``make run-scaled``): SIGINT and SIGTERM
    ask it to stop, and it stops waiting when a server exits on its own.

    Args:
        name: The prefix of its messages (``run``, ``run-scaled``).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.stopping = False
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)

    def _on_signal(self, _signum: int, _frame: object) -> None:
        self.stopping = True

    def watch(self, stack: Any) -> int:
        """Waits for a signal (returns 0) or a dead server of ``stack`` (says which, returns 1);
        the caller then stops the stack."""
        while not self.stopping:
            dead = stack.dead_server()
            if dead is not None:
                print(
                    f"{self.name}: the {dead.name} stopped unexpectedly:\n{dead.log_tail()}",
                    file=sys.stderr,
                )
                return 1
            time.sleep(0.5)
        return 0


def main(argv: list[str] | None = None) -> int:
    """``make run``: start both servers, print where to talk to them, stop on Ctrl-C."""
    defaults = stack_env()
    parser = argparse.ArgumentParser(description="Run the cluster support assistant.")
    parser.add_argument("--rasa-port", type=int, default=defaults["rasa_port"])
    parser.add_argument("--action-port", type=int, default=defaults["action_port"])
    parser.add_argument("--host", default=defaults["host"])
    parser.add_argument(
        "--tracker-db",
        type=Path,
        default=defaults["tracker_db"],
        help="SQLite file that keeps the conversations",
    )
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=REPO_ROOT / "var" / "run",
        help="folder for this run's credentials, endpoints and logs",
    )
    parser.add_argument(
        "--chat", action="store_true", help="talk to the assistant in this terminal once it is up"
    )
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)

    stack = Stack(
        rasa_port=args.rasa_port,
        action_port=args.action_port,
        host=args.host,
        tracker_db=args.tracker_db,
        run_dir=args.run_dir,
    )
    supervisor = Supervisor("run")
    print(f"run: starting the action server and the Rasa server (logs in {args.run_dir}/logs) ...")
    try:
        stack.start()
    except StackError as err:
        print(f"run: {err}", file=sys.stderr)
        return 1
    print(
        f"""
run: the assistant is up. {stack.channel_summary}
  Rasa server     {stack.rasa_url}   (REST: POST {stack.rasa_url}/webhooks/rest/webhook)
  Action server   {stack.action_url}   (health: {stack.action_url}/health)
  Web widget      {stack.rasa_url}/webhooks/web/demo   (embed: {stack.rasa_url}/webhooks/web/widget.js)
  Try it:  curl -s {stack.rasa_url}/webhooks/rest/webhook \\
             -d '{{"sender": "me", "message": "hydrogen storage partners in Germany"}}'
  Rasa HTTP API   {api_line(stack)}
  Metrics         {stack.rasa_url}/metrics and {stack.action_url}/metrics (loopback clients only)
  Conversations are kept in {stack.tracker_db}. Press Ctrl-C to stop both servers.
"""
    )
    if args.chat:
        chat(stack.rasa_url)
        supervisor.stopping = True
    code = supervisor.watch(stack)
    print("run: stopping both servers ...")
    stack.stop()
    print("run: stopped.")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
