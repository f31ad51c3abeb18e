"""Connections to the shared PostgreSQL database of the action servers (psycopg 3).

Every store call opens a short connection (``connect_timeout`` bounded) and runs in one
transaction, as the SQLite stores do: no pool to go stale, so a restarted PostgreSQL is used again
from the next call on, and an outage fails fast with :class:`StoreUnavailable` instead of hanging.
Each store creates its tables once per process (``CREATE TABLE IF NOT EXISTS`` under an advisory
lock, so several servers starting together do not race).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

CONNECT_TIMEOUT_S = 3
STATEMENT_TIMEOUT_MS = 5000
_SCHEMA_LOCK_KEY = 16_0001  # pg_advisory_xact_lock key of schema creation


def redacted(url: str) -> str:
    """``url`` without its password, for logs and messages."""
    parts = conninfo_to_dict(url)
    host, port, db = parts.get("host", ""), parts.get("port", ""), parts.get("dbname", "")
    return f"postgresql://{host}{':' + str(port) if port else ''}/{db}"


class StoreUnavailable(RuntimeError):
    """The database could not be reached or did not answer in time (try again later)."""


class PostgresDatabase:
    """Where one store's tables live and how they are created.

    Args:
        url: libpq URL (``postgresql://user:pw@host:port/db?sslmode=...``).
        schema: SQL run once per process before the first statement (idempotent DDL).
    """

    def __init__(self, url: str, schema: str) -> None:
        self.url = url
        self.schema = schema
        # keep options the URL already has (e.g. -c search_path=...), add the statement timeout
        given = conninfo_to_dict(url).get("options") or ""
        self._options = f"{given} -c statement_timeout={STATEMENT_TIMEOUT_MS}".strip()
        self._ready = False
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """One connection and one transaction: committed on success, rolled back on error.

        Raises:
            StoreUnavailable: the server is down, unreachable or too slow.
        """
        try:
            conn = psycopg.connect(
                self.url,
                connect_timeout=CONNECT_TIMEOUT_S,
                row_factory=dict_row,
                options=self._options,
            )
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"PostgreSQL is unavailable: {exc}".strip()) from exc
        try:
            if not self._ready:
                with self._lock:
                    if not self._ready:
                        with conn.transaction():
                            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_KEY,))
                            conn.execute(self.schema)
                        self._ready = True
            with conn.transaction():
                yield conn
        except (psycopg.OperationalError, psycopg.errors.QueryCanceled) as exc:
            raise StoreUnavailable(f"PostgreSQL failed: {exc}".strip()) from exc
        finally:
            conn.close()
