"""The strict tracker store fails a turn instead of letting Rasa start a blank conversation."""

from __future__ import annotations

import asyncio
import socket

import pytest
import sqlalchemy
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.strict_tracker import StrictSQLTrackerStore, TrackerStoreUnavailable


def _unreachable_engine() -> sqlalchemy.engine.Engine:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return sqlalchemy.create_engine(
        f"postgresql://u:p@127.0.0.1:{port}/db", connect_args={"connect_timeout": 2}
    )


def _cut_off(store: SQLTrackerStore) -> None:
    store.engine = _unreachable_engine()
    store.sessionmaker = sqlalchemy.orm.session.sessionmaker(bind=store.engine)


def _store(cls, tmp_path):
    return cls(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))


def test_a_working_database_behaves_like_rasas_store(tmp_path):
    store = FailSafeTrackerStore(_store(StrictSQLTrackerStore, tmp_path))
    tracker = DialogueStateTracker("s-1", [])
    tracker.update(UserUttered("hello"))
    asyncio.run(store.save(tracker))
    found = asyncio.run(store.retrieve("s-1"))
    assert [e.text for e in found.events if isinstance(e, UserUttered)] == ["hello"]


def test_rasas_store_silently_forgets_the_conversation_when_the_database_is_down(tmp_path):
    """Why the strict store exists: Rasa's fail-safe wrapper answers 'no tracker'."""
    store = _store(SQLTrackerStore, tmp_path)
    _cut_off(store)
    assert asyncio.run(FailSafeTrackerStore(store).retrieve("s-1")) is None


@pytest.mark.parametrize("operation", ["retrieve", "save"])
def test_the_strict_store_fails_the_turn_through_rasas_wrapper(tmp_path, operation):
    store = _store(StrictSQLTrackerStore, tmp_path)
    _cut_off(store)
    wrapped = FailSafeTrackerStore(store)
    call = (
        wrapped.retrieve("s-1")
        if operation == "retrieve"
        else wrapped.save(DialogueStateTracker("s-1", []))
    )
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(call)
