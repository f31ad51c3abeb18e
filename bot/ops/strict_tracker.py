"""Rasa's SQL tracker store, failing loudly when its database is unreachable.

Rasa 3.6 wraps every tracker store in ``FailSafeTrackerStore`` (``Agent._create_tracker_store``),
which catches any ``Exception`` of the real store: a failed ``retrieve`` returns no tracker, so
the turn starts a blank conversation, and a failed ``save`` keeps the turn in that process's
memory. With several Rasa servers sharing PostgreSQL both are silent data loss: the other servers
never see those turns and the conversation forks. This store turns database errors into
:class:`TrackerStoreUnavailable`, a ``BaseException`` the wrapper does not catch, so the turn
fails as a whole and nothing is stored anywhere; the REST channel
(:mod:`bot.channels.rest_safe`) then answers "please try again", and the client's retry is
counted once.

Configured by ``bot.ops.scale_endpoints.tracker_store`` (``CLUSTER_TRACKER_URL``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy.exc
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

DATABASE_ERRORS = (sqlalchemy.exc.DBAPIError, sqlalchemy.exc.TimeoutError, OSError)


class TrackerStoreUnavailable(BaseException):
    """The tracker database could not be read or written; the turn must fail as a whole.

    A ``BaseException`` on purpose: Rasa's ``FailSafeTrackerStore`` catches ``Exception`` only.
    """


class StrictSQLTrackerStore(SQLTrackerStore):
    """:class:`SQLTrackerStore` that raises :class:`TrackerStoreUnavailable` on database errors.

    Connections are checked before use (``pool_pre_ping``), so after a database restart the
    first turn already gets a fresh connection instead of failing on a dead pooled one.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine.pool._pre_ping = True

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The stored tracker, or None for a new conversation."""
        try:
            return await super().retrieve(sender_id)
        except DATABASE_ERRORS as exc:
            raise TrackerStoreUnavailable(f"tracker store unavailable: {exc}") from exc

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        """The stored tracker with every session."""
        try:
            return await super().retrieve_full_tracker(conversation_id)
        except DATABASE_ERRORS as exc:
            raise TrackerStoreUnavailable(f"tracker store unavailable: {exc}") from exc

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Stores the tracker's new events (and streams them to the event broker)."""
        try:
            await super().save(tracker)
        except DATABASE_ERRORS as exc:
            raise TrackerStoreUnavailable(f"tracker store unavailable: {exc}") from exc
