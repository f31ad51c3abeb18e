"""Local PostgreSQL, Redis and nginx processes for ``make run-scaled``, the tests and the fault run.

Each service runs as a plain child process with its own data directory and a loopback port, never
as a system service: :meth:`start` creates what is missing (``initdb``, a password, the database),
:meth:`stop` stops it, and nothing outlives the run, not even a killed starter
(``scripts.stack.dies_with_parent``). The binaries come from the Debian packages
that ``scripts/install_services.sh`` installs. Standard library only.

PostgreSQL refuses to run as root; when this process is root, the server runs as the ``postgres``
user (created by the Debian package) and its directory is handed to that user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from knowledge.config import child_environment
from scripts.stack import dies_with_parent, free_port

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


class ServiceError(RuntimeError):
    """A local service is missing, did not start or did not stop."""


def wait_port(port: int, timeout: float, up: bool = True) -> bool:
    """Waits until 127.0.0.1:``port`` accepts connections (or, with ``up=False``, refuses them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            reachable = sock.connect_ex(("127.0.0.1", port)) == 0
        if reachable == up:
            return True
        time.sleep(0.1)
    return False


def pg_bin(name: str) -> Path | None:
    """The newest installed PostgreSQL server binary called ``name``, or None."""
    for directory in PG_BIN_DIRS:
        if (directory / name).exists():
            return directory / name
    found = shutil.which(name)
    return Path(found) if found else None


def available() -> dict[str, bool]:
    """Which of the three services' binaries are installed."""
    return {
        "postgresql": pg_bin("initdb") is not None and pg_bin("postgres") is not None,
        "redis": shutil.which("redis-server") is not None,
        "nginx": (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()) is not None,
    }


def _as_service_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that runs PostgreSQL as a non-root user, and that user."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError as exc:
        raise ServiceError("running as root but there is no 'postgres' user") from exc
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups"], user


@dataclass
class LocalPostgres:
    """One PostgreSQL cluster in ``directory`` on 127.0.0.1:``port``, password-protected.

    Attributes:
        directory: Holds ``data/`` (the cluster), ``password`` and ``postgres.log``.
        port: Loopback port.
        user: Database role created by ``initdb``.
        database: Database created on first start.
        durable: False turns ``fsync`` off (throw-away test clusters only).
    """

    directory: Path
    port: int = field(default_factory=free_port)
    user: str = "cluster"
    database: str = "cluster"
    durable: bool = True
    process: subprocess.Popen | None = None

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def password(self) -> str:
        return (self.directory / "password").read_text().strip()

    def url(self, database: str | None = None, scheme: str = "postgresql") -> str:
        """``postgresql://user:password@127.0.0.1:port/database``."""
        db = database or self.database
        return f"{scheme}://{self.user}:{quote(self.password, safe='')}@127.0.0.1:{self.port}/{db}"

    def _prepare(self) -> None:
        prefix, owner = _as_service_user()
        self.directory.mkdir(parents=True, exist_ok=True)
        if owner is not None:
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
            # the server must reach its directory: every parent needs the search bit for others
            for parent in self.directory.resolve().parents:
                mode = parent.stat().st_mode
                if not mode & 0o001:
                    raise ServiceError(f"{parent} is not searchable by the postgres user")
        if (self.data_dir / "PG_VERSION").exists():
            return
        pwfile = self.directory / "password"
        if not pwfile.exists():
            pwfile.write_text(secrets.token_urlsafe(18) + "\n")
        os.chmod(pwfile, 0o600)
        if owner is not None:
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        initdb = pg_bin("initdb")
        if initdb is None:
            raise ServiceError("PostgreSQL is not installed; run scripts/install_services.sh")
        subprocess.run(
            [
                *prefix,
                str(initdb),
                "-D",
                str(self.data_dir),
                "-U",
                self.user,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
            ],
            check=True,
            capture_output=True,
        )

    def start(self, timeout: float = 30.0) -> None:
        """Initialises the cluster if needed, starts the server, creates the database."""
        self._prepare()
        prefix, _ = _as_service_user()
        log = (self.directory / "postgres.log").open("ab")
        self.process = subprocess.Popen(
            [
                *dies_with_parent(prefix, "INT"),  # INT: fast shutdown
                str(pg_bin("postgres")),
                "-D",
                str(self.data_dir),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-k",
                "",  # no Unix socket: loopback TCP only
                "-c",
                "fsync=on" if self.durable else "fsync=off",
                "-c",
                "max_connections=200",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        if not wait_port(self.port, timeout):
            self.stop()
            raise ServiceError(f"PostgreSQL did not start; see {self.directory / 'postgres.log'}")
        self.create_database(self.database)

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Runs one SQL statement with ``psql`` and returns its unaligned output."""
        psql = pg_bin("psql") or Path("/usr/bin/psql")
        env = child_environment({"PGPASSWORD": self.password})
        deadline = time.monotonic() + 20
        while True:
            done = subprocess.run(
                [
                    str(psql),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    self.user,
                    "-d",
                    database,
                    "-Atqc",
                    sql,
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode == 0:
                return done.stdout
            if "starting up" not in done.stderr or time.monotonic() > deadline:
                raise ServiceError(f"psql failed: {done.stderr.strip()}")
            time.sleep(0.2)

    def create_database(self, name: str) -> None:
        """Creates database ``name`` unless it exists."""
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if not exists.strip():
            self.psql(f'CREATE DATABASE "{name}"')

    def stop(self, timeout: float = 20.0) -> None:
        """Fast shutdown (SIGINT), SIGKILL after ``timeout``."""
        stop_process(self.process, signal.SIGINT, timeout)
        self.process = None


@dataclass
class LocalRedis:
    """One Redis server in ``directory`` on 127.0.0.1:``port`` with a password, no persistence."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def password(self) -> str:
        path = self.directory / "password"
        if not path.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(18) + "\n")
            os.chmod(path, 0o600)
        return path.read_text().strip()

    def url(self, db: int = 1) -> str:
        """``redis://:password@127.0.0.1:port/db``."""
        return f"redis://:{quote(self.password, safe='')}@127.0.0.1:{self.port}/{db}"

    def start(self, timeout: float = 15.0) -> None:
        """Starts the server (``redis-server`` with its settings on the command line)."""
        server = shutil.which("redis-server")
        if server is None:
            raise ServiceError("Redis is not installed; run scripts/install_services.sh")
        self.directory.mkdir(parents=True, exist_ok=True)
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                *dies_with_parent([], "TERM"),
                server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--requirepass",
                self.password,
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        if not wait_port(self.port, timeout):
            self.stop()
            raise ServiceError(f"Redis did not start; see {self.directory / 'redis.log'}")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, SIGKILL after ``timeout``."""
        stop_process(self.process, signal.SIGTERM, timeout)
        self.process = None


def stop_process(process: subprocess.Popen | None, sig: int, timeout: float) -> None:
    """Sends ``sig`` to the process group of ``process``, SIGKILL after ``timeout`` seconds."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
