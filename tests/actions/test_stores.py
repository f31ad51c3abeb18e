"""Which stores a process uses: PostgreSQL when CLUSTER_DATABASE_URL is set, else SQLite."""

from __future__ import annotations

from actions.dialogue.feedback_pg import PostgresFeedbackStore
from actions.dialogue.feedback_store import SQLiteFeedbackStore
from actions.handoff.pg_store import PostgresTicketStore
from actions.handoff.service import HandoffService
from actions.handoff.settings import HandoffSettings
from actions.handoff.store import SQLiteTicketStore
from actions.services import build_feedback
from actions.stores import feedback_store, ticket_store

URL = "postgresql://cluster:s3cret@db.internal:5433/cluster?sslmode=require"


def test_without_a_database_url_the_sqlite_files_are_used(monkeypatch, tmp_path):
    monkeypatch.delenv("CLUSTER_DATABASE_URL", raising=False)
    monkeypatch.setenv("CLUSTER_FEEDBACK_DB", str(tmp_path / "f.db"))
    assert isinstance(ticket_store(tmp_path / "h.db"), SQLiteTicketStore)
    assert isinstance(feedback_store(), SQLiteFeedbackStore)
    assert isinstance(build_feedback(), SQLiteFeedbackStore)


def test_a_database_url_switches_every_builder_to_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("CLUSTER_DATABASE_URL", URL)
    tickets = ticket_store(tmp_path / "h.db")
    assert isinstance(tickets, PostgresTicketStore)
    assert isinstance(build_feedback(), PostgresFeedbackStore)
    # the action server and the adviser CLI build the handoff service the same way
    service = HandoffService.from_settings(HandoffSettings.from_env())
    assert isinstance(service.store, PostgresTicketStore)
    assert tickets.path == "postgresql://db.internal:5433/cluster"  # no password in logs


def test_an_explicit_url_wins_over_the_environment(monkeypatch):
    monkeypatch.delenv("CLUSTER_DATABASE_URL", raising=False)
    assert isinstance(feedback_store(url=URL), PostgresFeedbackStore)
