"""``make run-scaled``: PostgreSQL, Redis, several Rasa and action servers behind nginx, on this machine.

Topology (every port on 127.0.0.1; the same topology across machines is in docs/deployment.md)::

    clients ──► nginx :8088 ─┬─ /socket.io/  sticky (hash of client address + user agent) ─┐
                             └─ everything else  round robin ───────────────────────────────┤
                                                                         Rasa 1 … Rasa N ◄──┘
    Rasa servers ──► PostgreSQL "rasa" (tracker store), Redis (lock store),
                     PostgreSQL "analytics" (SQL event broker), nginx :action-port (round robin)
    nginx action port ──► action server 1 … M ──► PostgreSQL "cluster" (tickets, feedback)

PostgreSQL and Redis keep their data under ``var/scaled/`` between runs. Ctrl-C (or SIGTERM, or
any server dying) stops everything: nginx, Rasa, action servers, Redis, PostgreSQL.
:class:`ScaledStack` is also used by the scaled integration test and the fault run
(``bench/faults.py``). Standard library only.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Run as a script (``python scripts/scaled.py``): make the repository importable first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.ops.runtime_config import build_run_config, write_run_config
from bot.settings import no_rasa_telemetry
from knowledge.config import REPO_ROOT, child_environment
from scripts.localsvc import LocalPostgres, LocalRedis, free_port
from scripts.nginx_lb import LocalNginx
from scripts.stack import (
    ACTIONS_PYTHON,
    DEFAULT_MODEL,
    RASA_PYTHON,
    Server,
    StackError,
    Supervisor,
    wait_for_answer,
    wait_until,
)

LOCK_LIFETIME_S = 15
DATABASES = {"tracker": "rasa", "stores": "cluster", "events": "analytics"}


@dataclass
class ScaledStack:
    """Everything of one scaled run; :meth:`start` brings it up, :meth:`stop` takes it down.

    Attributes:
        directory: Data (``pg/``, ``redis/``), run files and logs.
        rasa_servers: How many Rasa servers.
        action_servers: How many action servers.
        port: nginx's public port (REST, Socket.IO widget, Rasa HTTP API).
        extra_env: Added to every server's environment (e.g. the handoff token, a webhook).
        durable: False turns PostgreSQL's fsync off (throw-away test runs).
    """

    directory: Path = REPO_ROOT / "var" / "scaled"
    rasa_servers: int = 2
    action_servers: int = 2
    port: int = 8088
    extra_env: dict[str, str] = field(default_factory=dict)
    durable: bool = True
    model: Path = DEFAULT_MODEL
    postgres: LocalPostgres | None = None
    redis: LocalRedis | None = None
    nginx: LocalNginx | None = None
    rasa: list[Server] = field(default_factory=list)
    actions: list[Server] = field(default_factory=list)
    rasa_ports: list[int] = field(default_factory=list)
    action_ports: list[int] = field(default_factory=list)
    action_lb_port: int = 0

    @property
    def url(self) -> str:
        """The public URL (nginx)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def logs(self) -> Path:
        return self.directory / "logs"

    def database_url(self, role: str) -> str:
        """The PostgreSQL URL of ``tracker``, ``stores`` or ``events``."""
        assert self.postgres is not None
        return self.postgres.url(DATABASES[role])

    def start(self, timeout: float = 300.0) -> None:
        """Starts PostgreSQL, Redis, the action servers, the Rasa servers (the others once the
        first created the tracker and broker tables) and nginx, each checked healthy.

        Raises:
            StackError: a prerequisite is missing or a part did not become healthy (everything
                started so far is stopped first).
        """
        if not self.model.exists():
            raise StackError(f"no trained model at {self.model}; run `make train` first.")
        try:
            self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> None:
        self.postgres = LocalPostgres(self.directory / "pg", port=free_port(), durable=self.durable)
        self.postgres.start()
        for name in DATABASES.values():
            self.postgres.create_database(name)
        self.redis = LocalRedis(self.directory / "redis", port=free_port())
        self.redis.start()
        self.rasa_ports = [free_port() for _ in range(self.rasa_servers)]
        self.action_ports = [free_port() for _ in range(self.action_servers)]
        self.action_lb_port = free_port()
        self.nginx = LocalNginx(
            self.directory / "nginx",
            port=self.port,
            rasa_ports=self.rasa_ports,
            action_port=self.action_lb_port,
            action_ports=self.action_ports,
        )
        env = child_environment(self.extra_env)
        env.update(
            HF_HUB_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
            TF_CPP_MIN_LOG_LEVEL="2",
            PYTHONUNBUFFERED="1",
            SANIC_HOST="127.0.0.1",
            CLUSTER_DATABASE_URL=self.database_url("stores"),
            CLUSTER_TRACKER_URL=self.database_url("tracker"),
            CLUSTER_EVENT_BROKER_URL=self.database_url("events"),
            CLUSTER_LOCK_STORE_URL=self.redis.url(),
            CLUSTER_ACTION_URL=f"http://127.0.0.1:{self.action_lb_port}/webhook",
            CLUSTER_RASA_URL=self.url,
        )
        # Rasa's own variable: a conversation lock left by a killed server blocks that
        # conversation until it expires (Rasa's default: 60 s); 15 s is longer than any turn here
        env.setdefault("TICKET_LOCK_LIFETIME", str(LOCK_LIFETIME_S))
        no_rasa_telemetry(env)  # Rasa would unpack the model a second time at each start
        config = build_run_config(env)
        credentials, endpoints = write_run_config(self.directory / "run", config)
        for n, port in enumerate(self.action_ports, 1):
            server = self.action_server(n, port, env)
            self.actions.append(server)
            server.start()
        self.nginx.start()  # Rasa calls actions through it
        # The first Rasa server creates the tracker and broker tables (two servers creating them
        # at once would collide); the others start once they exist and load their models
        # alongside it, all of them while the action servers load
        for n, port in enumerate(self.rasa_ports, 1):
            server = self.rasa_server(n, port, env, credentials, endpoints)
            self.rasa.append(server)
            server.start()
            if n == 1:
                self.wait_for_tables(server, timeout)
        for server, port in zip(self.rasa, self.rasa_ports, strict=True):
            wait_for_answer(server, f"http://127.0.0.1:{port}/status", timeout, _model_loaded)
        for server, port in zip(self.actions, self.action_ports, strict=True):
            wait_for_answer(server, f"http://127.0.0.1:{port}/health", timeout, bool)
        wait_for_answer(self.rasa[0], f"{self.url}/status", 30, _model_loaded)

    def wait_for_tables(self, server: Server, timeout: float) -> None:
        """Waits until ``server`` (the first Rasa server) has created the ``events`` tables of
        the tracker store and the event broker.

        Raises:
            StackError: the server exited, or the tables did not appear in time.
        """
        assert self.postgres is not None
        postgres = self.postgres
        check = "SELECT to_regclass('public.events') IS NOT NULL"

        def created() -> bool:
            return all(
                postgres.psql(check, database=DATABASES[role]).strip() == "t"
                for role in ("tracker", "events")
            )

        wait_until(server, created, timeout, "create the tables")

    def action_server(self, n: int, port: int, env: dict[str, str]) -> Server:
        """Action server ``n`` on ``port`` (not started)."""
        return Server(
            f"action server {n}",
            [str(ACTIONS_PYTHON), "-m", "actions.server", "--port", str(port)],
            env,
            self.logs / f"actions-{n}.log",
        )

    def rasa_server(
        self, n: int, port: int, env: dict[str, str], credentials: Path, endpoints: Path
    ) -> Server:
        """Rasa server ``n`` on ``port`` (not started)."""
        return Server(
            f"rasa server {n}",
            [
                str(RASA_PYTHON), "-m", "rasa", "run",
                "--enable-api", "--cors", "*",
                "--interface", "127.0.0.1", "--port", str(port),
                "--model", str(self.model),
                "--credentials", str(credentials), "--endpoints", str(endpoints),
            ],
            env,
            self.logs / f"rasa-{n}.log",
        )  # fmt: skip

    def restart(self, server: Server, timeout: float = 300.0) -> None:
        """Starts a stopped (or killed) server again on its port and waits until it is healthy."""
        server.start()
        port = server.argv[server.argv.index("--port") + 1]
        if server in self.rasa:
            wait_for_answer(server, f"http://127.0.0.1:{port}/status", timeout, _model_loaded)
        else:
            wait_for_answer(server, f"http://127.0.0.1:{port}/health", timeout, bool)

    def servers(self) -> list[Server]:
        return [*self.actions, *self.rasa]

    def dead_server(self) -> Server | None:
        """A Rasa or action server that has exited, if any."""
        return next((s for s in self.servers() if not s.alive()), None)

    def stop(self) -> None:
        """Stops nginx, the Rasa servers, the action servers, Redis and PostgreSQL."""
        if self.nginx is not None:
            self.nginx.stop()
        for server in reversed(self.servers()):
            server.stop()
        self.rasa.clear()
        self.actions.clear()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()


def _model_loaded(body: object) -> bool:
    return isinstance(body, dict) and bool(body.get("model_file"))


def main(argv: list[str] | None = None) -> int:
    """``make run-scaled``: start everything, print where it listens, stop on Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8088, help="nginx's public port")
    parser.add_argument("--rasa", type=int, default=2, help="how many Rasa servers")
    parser.add_argument("--actions", type=int, default=2, help="how many action servers")
    parser.add_argument("--dir", type=Path, default=REPO_ROOT / "var" / "scaled")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    stack = ScaledStack(args.dir, args.rasa, args.actions, args.port)
    supervisor = Supervisor("run-scaled")
    print(
        f"run-scaled: starting PostgreSQL, Redis, {args.actions} action servers, {args.rasa} Rasa "
        f"servers and nginx (logs in {stack.logs}) ..."
    )
    try:
        stack.start()
    except StackError as err:
        print(f"run-scaled: {err}", file=sys.stderr)
        return 1
    assert stack.postgres is not None and stack.redis is not None
    print(
        f"""
run-scaled: up.
  Public (nginx)   {stack.url}   REST: POST {stack.url}/webhooks/rest/webhook  widget: {stack.url}/webhooks/web/demo
  Rasa servers     {", ".join(str(p) for p in stack.rasa_ports)}   action servers {", ".join(str(p) for p in stack.action_ports)} (via nginx :{stack.action_lb_port})
  PostgreSQL       127.0.0.1:{stack.postgres.port} (databases rasa, cluster, analytics; data in {stack.postgres.directory})
  Redis            127.0.0.1:{stack.redis.port} (lock store)
  Report:          CLUSTER_DATABASE_URL=... CLUSTER_EVENT_BROKER_URL=... make analytics (URLs in {stack.directory}/run/endpoints.yml)
  Press Ctrl-C to stop everything.
"""
    )
    code = supervisor.watch(stack)
    print("run-scaled: stopping ...")
    stack.stop()
    print("run-scaled: stopped.")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
