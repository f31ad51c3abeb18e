"""Handoff tickets in PostgreSQL: the :class:`~actions.handoff.store.TicketStore` every action
server of a deployment shares, so a handed-off conversation stays paused whichever server runs
its next action (``CLUSTER_DATABASE_URL``, see :mod:`actions.stores`).

Same rows as the SQLite store (:mod:`actions.handoff.store`, :mod:`actions.handoff.relay_store`):
``tickets`` with the claim and adviser-thread columns, and ``ticket_messages``, the human part of
a handoff, unique per (ticket, direction, ``source_key``) so a repeated delivery is a no-op, with
the delivery lease that lets one action server at a time deliver a message.
Transcript, context and thread reference are ``jsonb``, times ISO 8601 UTC text. A schema created
before the relay gains its columns and table on first use (``ADD COLUMN IF NOT EXISTS`` under the
schema advisory lock of :class:`actions.pg.PostgresDatabase`). The statements are
:class:`actions.handoff.sql_store.SQLTicketStore`'s, shared with the SQLite store; this module
has the schema, the connection and how a JSON value is stored. Passes
``tests/contracts/test_ticket_store.py``.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Any

from psycopg.types.json import Jsonb

from actions.handoff.sql_store import SQLTicketStore
from actions.pg import PostgresDatabase, redacted

SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id              BIGSERIAL PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'released')),
    email           TEXT,
    transcript      JSONB NOT NULL,
    context         JSONB NOT NULL,
    notified        TEXT,
    released_at     TEXT,
    released_by     TEXT
);
CREATE INDEX IF NOT EXISTS tickets_by_conversation ON tickets (conversation_id, status);
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS claimed_by TEXT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS claimed_name TEXT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS claimed_at TEXT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS thread_key TEXT;
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS thread JSONB;
CREATE INDEX IF NOT EXISTS tickets_by_thread ON tickets (thread_key);
CREATE TABLE IF NOT EXISTS ticket_messages (
    id           BIGSERIAL PRIMARY KEY,
    ticket_id    BIGINT NOT NULL REFERENCES tickets (id),
    direction    TEXT NOT NULL CHECK (direction IN ('to_sme', 'to_adviser')),
    author       TEXT NOT NULL,
    text         TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (ticket_id, direction, source_key)
);
CREATE INDEX IF NOT EXISTS ticket_messages_pending ON ticket_messages (direction, delivered_at);
ALTER TABLE ticket_messages ADD COLUMN IF NOT EXISTS in_history_at TEXT;
ALTER TABLE ticket_messages ADD COLUMN IF NOT EXISTS lease_owner TEXT;
ALTER TABLE ticket_messages ADD COLUMN IF NOT EXISTS lease_until DOUBLE PRECISION;
"""


class PostgresTicketStore(SQLTicketStore):
    """Handoff tickets in a PostgreSQL database (a :class:`TicketStore`).

    Args:
        url: libpq URL of the database (created tables: ``tickets``, ``ticket_messages``).
    """

    PARAM = "%s"

    def __init__(self, url: str) -> None:
        self.db = PostgresDatabase(url, SCHEMA)
        self.path = redacted(url)  # where the rows are, for logs (as the SQLite store's file)

    def _transaction(self) -> AbstractContextManager[Any]:
        return self.db.transaction()

    def _encode(self, value: Any, *, lenient: bool = False) -> Jsonb:
        # through the json module first: what JSON cannot hold raises TypeError before any write
        text = json.dumps(value, ensure_ascii=False, default=str if lenient else None)
        return Jsonb(json.loads(text))
