"""Rasa's SQL tracker store with erasure on request and a retention sweep.

:class:`PrivacyTrackerStore` is Rasa's ``SQLTrackerStore`` (SQLite for ``make run``, PostgreSQL
or any SQLAlchemy URL for several servers; same settings, same ``events`` table) with two
additions:

* **Erasure.** When a tracker being saved carries ``SlotSet(data_erased, True)``
  (:data:`contracts.privacy.ERASE_SLOT`, set by ``action_erase_my_data`` or appended through
  Rasa's API by the staff erase route), every stored event of that sender is deleted, in the
  tracker store and in the copy Rasa's SQL event broker keeps (``CLUSTER_EVENT_BROKER_URL``,
  table ``events``), and nothing of the turn is saved or sent to the event broker. The reply of that turn still reaches the user
  (channels send it before Rasa saves). The marker is never stored, so a sender's next message
  starts a new, empty conversation.
* **Retention.** :meth:`PrivacyTrackerStore.delete_inactive` deletes every conversation whose
  newest event is older than a cutoff. The store runs it every
  :data:`contracts.privacy.SWEEP_INTERVAL_SECONDS` once it is created inside Rasa's event loop
  (``rasa run`` creates it there), with ``retention_days`` from the endpoint configuration;
  ``python -m bot.privacy retention`` runs it from cron. The event broker's copies of a deleted
  conversation go with it.

Deletions go through SQLAlchemy queries on the store's own ``SQLEvent`` model, so they work on
every database the store works on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.strict_tracker import StrictSQLTrackerStore
from contracts.privacy import ERASE_SLOT, SWEEP_INTERVAL_SECONDS

logger = logging.getLogger(__name__)

DELETE_BATCH = 500
"""Senders deleted per statement by the retention sweep (keeps IN lists small)."""


def erase_requested(tracker: DialogueStateTracker) -> bool:
    """True when the tracker holds the erasure marker (``SlotSet(data_erased, True)``)."""
    return any(
        isinstance(event, SlotSet) and event.key == ERASE_SLOT and event.value is True
        for event in tracker.events
    )


class PrivacyTrackerStore(StrictSQLTrackerStore):
    """Rasa's ``SQLTrackerStore`` (strict: a database outage fails the turn, see
    :mod:`bot.ops.strict_tracker`) that erases a tracker on request and sweeps old conversations.

    Args:
        domain: The assistant's domain.
        host: Database host or a full SQLAlchemy URL (Rasa passes the endpoint's ``url`` here).
        retention_days: Days an inactive conversation is kept; 0 or None keeps it forever.
        sweep_interval: Seconds between retention sweeps inside a running server.
        **kwargs: Everything ``SQLTrackerStore`` takes (dialect, db, port, username, ...).
    """

    def __init__(
        self,
        domain: Any = None,
        host: str | None = None,
        retention_days: int | str | None = None,
        sweep_interval: float = SWEEP_INTERVAL_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain=domain, host=host, **kwargs)
        self.retention_days = int(retention_days or 0)
        self.sweep_interval = float(sweep_interval)
        self._sweeper: asyncio.Task | None = None
        self._start_sweeper()

    # ------------------------------------------------------------------ erasure
    async def save(self, tracker: DialogueStateTracker) -> None:
        """Saves the turn's new events, or erases the sender when the turn asks for it."""
        if erase_requested(tracker):
            deleted = await asyncio.to_thread(self.erase, tracker.sender_id)
            logger.info("conversation erased on request: %d event(s) deleted", deleted)
            return
        self._start_sweeper()
        await super().save(tracker)

    def erase(self, sender_id: str) -> int:
        """Deletes every stored event of one sender, and the event broker's copies; returns how
        many events the tracker store held."""
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        self.erase_broker([sender_id])
        return int(deleted)

    def sql_broker(self) -> Any:
        """Rasa's SQL event broker of this store (its ``events`` table), or None.

        Other brokers (Kafka, RabbitMQ) hand events on and keep nothing this store can delete.
        """
        from rasa.core.brokers.sql import SQLEventBroker

        broker = getattr(self, "event_broker", None)
        return broker if isinstance(broker, SQLEventBroker) else None

    def erase_broker(self, senders: list[str]) -> int:
        """Deletes the SQL event broker's copies of these senders' events; returns how many."""
        broker = self.sql_broker()
        if broker is None or not senders:
            return 0
        model = broker.SQLBrokerEvent
        deleted = 0
        for start in range(0, len(senders), DELETE_BATCH):
            batch = senders[start : start + DELETE_BATCH]
            with broker.session_scope() as session:
                deleted += (
                    session.query(model)
                    .filter(model.sender_id.in_(batch))
                    .delete(synchronize_session=False)
                )
                session.commit()
        return int(deleted)

    # ------------------------------------------------------------------ retention
    def inactive_senders(self, cutoff: float) -> list[str]:
        """Senders whose newest event is older than ``cutoff`` (a UNIX timestamp)."""
        import sqlalchemy as sa

        newest = sa.func.max(self.SQLEvent.timestamp)
        with self.session_scope() as session:
            rows = (
                session.query(self.SQLEvent.sender_id)
                .group_by(self.SQLEvent.sender_id)
                .having(newest < cutoff)
                .all()
            )
        return [sender for (sender,) in rows]

    def delete_inactive(self, cutoff: float) -> tuple[int, int]:
        """Deletes every conversation whose newest event is older than ``cutoff``.

        Returns:
            How many conversations and how many events were deleted.
        """
        senders = self.inactive_senders(cutoff)
        events = 0
        for start in range(0, len(senders), DELETE_BATCH):
            batch = senders[start : start + DELETE_BATCH]
            with self.session_scope() as session:
                events += (
                    session.query(self.SQLEvent)
                    .filter(self.SQLEvent.sender_id.in_(batch))
                    # a message arriving meanwhile makes the conversation active again
                    .filter(
                        ~self.SQLEvent.sender_id.in_(
                            session.query(self.SQLEvent.sender_id).filter(
                                self.SQLEvent.sender_id.in_(batch),
                                self.SQLEvent.timestamp >= cutoff,
                            )
                        )
                    )
                    .delete(synchronize_session=False)
                )
                session.commit()
                gone = set(batch) - {
                    sender
                    for (sender,) in session.query(self.SQLEvent.sender_id)
                    .filter(self.SQLEvent.sender_id.in_(batch))
                    .distinct()
                }
            self.erase_broker(sorted(gone))
        return len(senders), int(events)

    def sweep(self, now: float | None = None) -> tuple[int, int]:
        """Deletes conversations inactive for longer than ``retention_days`` (0: nothing)."""
        if self.retention_days <= 0:
            return 0, 0
        cutoff = (now if now is not None else time.time()) - self.retention_days * 86400
        conversations, events = self.delete_inactive(cutoff)
        if conversations:
            logger.info(
                "retention: deleted %d conversation(s) inactive for over %d days (%d events)",
                conversations,
                self.retention_days,
                events,
            )
        return conversations, events

    def _start_sweeper(self) -> None:
        """Starts the periodic sweep once, when created or used inside a running event loop."""
        if self.retention_days <= 0 or (self._sweeper is not None and not self._sweeper.done()):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # created outside a server (CLI, tests): no background job
            return
        self._sweeper = loop.create_task(self._sweep_forever())
        logger.info(
            "retention: conversations inactive for %d days are deleted, checked every %.0f min",
            self.retention_days,
            self.sweep_interval / 60,
        )

    async def _sweep_forever(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.sweep)
            except Exception:  # a database hiccup must not end the job
                logger.exception("retention sweep of conversations failed; retrying later")
            await asyncio.sleep(self.sweep_interval)
