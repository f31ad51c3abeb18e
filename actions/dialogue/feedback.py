"""Feedback on results ("Useful" / "Not useful"): a slot in the tracker and a row in SQLite.

The store is a small SQLite table at ``CLUSTER_FEEDBACK_DB`` (default ``<repo>/var/feedback.db``),
opened on first use, never at import time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dialogue.parsing import feedback_value

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "var" / "feedback.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    value TEXT NOT NULL CHECK (value IN ('useful', 'not_useful')),
    search_kind TEXT,
    query TEXT,
    context TEXT,
    created_at TEXT NOT NULL
)
"""


def feedback_db_path() -> Path:
    """Where feedback is stored: ``CLUSTER_FEEDBACK_DB`` or ``var/feedback.db``."""
    return Path(os.environ.get("CLUSTER_FEEDBACK_DB") or DEFAULT_DB)


class FeedbackStore:
    """Append-only feedback table."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path)
        conn.execute(_SCHEMA)
        return conn

    def add(
        self, conversation_id: str, value: str, last_search: dict[str, Any] | None = None
    ) -> int:
        """Stores one feedback row and returns its id.

        Raises:
            ValueError: ``value`` is not ``useful`` or ``not_useful``.
        """
        if value not in ("useful", "not_useful"):
            raise ValueError(f"feedback value must be 'useful' or 'not_useful', got {value!r}")
        last = last_search if isinstance(last_search, dict) else {}
        row = (
            str(conversation_id)[:200],
            value,
            str(last.get("kind"))[:20] if last.get("kind") else None,
            str(last.get("query"))[:500] if last.get("query") else None,
            json.dumps(last, ensure_ascii=False, default=str)[:5000] if last else None,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        with self._lock, self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO feedback (conversation_id, value, search_kind, query, context,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid)

    def rows(self) -> list[dict[str, Any]]:
        """All rows, oldest first (for reports and tests)."""
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM feedback ORDER BY id")]


_store: FeedbackStore | None = None


def get_store() -> FeedbackStore:
    """The process's feedback store, created on first use (re-created if the path changed)."""
    global _store
    path = feedback_db_path()
    if _store is None or _store.path != path:
        _store = FeedbackStore(path)
    return _store


class ActionStoreFeedback(Action):
    """Stores "Useful" / "Not useful" with the conversation and thanks the user."""

    def name(self) -> str:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        value = feedback_value(message.get("text"), message.get("entities") or [])
        try:
            get_store().add(tracker.sender_id, value, tracker.get_slot("last_search"))
        except (sqlite3.Error, OSError):
            import logging

            logging.getLogger(__name__).exception("could not store feedback")
        if value == "useful":
            dispatcher.utter_message(text="Thanks for the feedback! Anything else I can look up?")
        else:
            dispatcher.utter_message(
                text="Thanks for telling me. Try describing what you need in other words or "
                "with a wider area, or ask for an adviser if you'd like a person to help."
            )
        return [SlotSet("feedback", value)]
