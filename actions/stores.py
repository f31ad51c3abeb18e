"""Which ticket and feedback store a process uses: PostgreSQL when ``CLUSTER_DATABASE_URL`` is set
(several action servers share it), else the SQLite files of one machine (``make run``).

The composition root (:mod:`actions.services`) and the handoff CLI both build their stores here,
so the action servers and the adviser's command line always see the same tickets.
"""

from __future__ import annotations

from pathlib import Path

from actions.dialogue.feedback_store import FeedbackStore, SQLiteFeedbackStore
from actions.handoff.store import SQLiteTicketStore, TicketStore
from knowledge.config import database_url, feedback_db_path


def ticket_store(sqlite_path: Path | str | None = None, url: str | None = None) -> TicketStore:
    """The ticket store: PostgreSQL at ``url`` (default ``CLUSTER_DATABASE_URL``), else SQLite.

    Args:
        sqlite_path: The SQLite file when no database URL is set (default ``CLUSTER_HANDOFF_DB``).
        url: An explicit PostgreSQL URL (wins over the environment).
    """
    url = url or database_url()
    if url:
        from actions.handoff.pg_store import PostgresTicketStore

        return PostgresTicketStore(url)
    return SQLiteTicketStore(sqlite_path)


def feedback_store(url: str | None = None) -> FeedbackStore:
    """The feedback store: PostgreSQL at ``url`` (default ``CLUSTER_DATABASE_URL``), else SQLite."""
    url = url or database_url()
    if url:
        from actions.dialogue.feedback_pg import PostgresFeedbackStore

        return PostgresFeedbackStore(url)
    return SQLiteFeedbackStore(feedback_db_path())
