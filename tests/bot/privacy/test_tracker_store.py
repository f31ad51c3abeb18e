"""The privacy tracker store: loaded by Rasa from the run's endpoints, erasure on the marker,
retention of inactive conversations (a real SQLite database through SQLAlchemy)."""

from __future__ import annotations

import asyncio
import time
import uuid
from urllib.parse import quote

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.ops.runtime_config import build_run_config
from bot.privacy import cli
from bot.privacy.endpoint import PRIVACY_TRACKER_STORE, privacy_tracker_store
from bot.privacy.tracker_store import PrivacyTrackerStore, erase_requested
from contracts.privacy import ERASE_SLOT

DOMAIN = Domain.from_dict(
    {"slots": {ERASE_SLOT: {"type": "bool", "mappings": [{"type": "custom"}]}}}
)


def store_for(tmp_path, **env) -> PrivacyTrackerStore:
    env = {"CLUSTER_TRACKER_DB": str(tmp_path / "tracker.db"), **env}
    section = build_run_config(env).endpoints["tracker_store"]
    store = TrackerStore.create(EndpointConfig.from_dict(section), domain=DOMAIN)
    assert isinstance(store, PrivacyTrackerStore)  # Rasa loads our class from the endpoint
    return store


def conversation(sender: str, at: float, *extra) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen", timestamp=at),
        UserUttered("hydrogen partners in Bavaria", timestamp=at),
        BotUttered("Here are three clusters", timestamp=at),
        *extra,
    ]
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def seed(store, *trackers) -> None:
    """Saves trackers with the sweep off (a save inside a running loop starts the sweeper)."""
    days, store.retention_days = store.retention_days, 0
    for tracker in trackers:
        asyncio.run(store.save(tracker))
    store.retention_days = days


def stored(store, sender):
    tracker = asyncio.run(store.retrieve_full_tracker(sender))
    return [] if tracker is None else list(tracker.events)


def test_endpoint_section_keeps_the_database_settings():
    sqlite = {"type": "SQL", "dialect": "sqlite", "db": "/x/tracker.db"}
    assert privacy_tracker_store(sqlite, 30) == {
        "type": PRIVACY_TRACKER_STORE,
        "dialect": "sqlite",
        "db": "/x/tracker.db",
        "retention_days": 30,
    }
    postgres = {"type": "sql", "host": "postgresql://u:p@db/rasa", "port": 5432}
    assert privacy_tracker_store(postgres, 0)["url"] == "postgresql://u:p@db/rasa"
    redis = {"type": "redis", "url": "redis://r"}
    assert privacy_tracker_store(redis, 30) == redis  # only SQL stores are wrapped


def test_the_marker_erases_one_sender_and_keeps_the_others(tmp_path):
    store = store_for(tmp_path, CLUSTER_RETENTION_CONVERSATION_DAYS="30")
    assert store.retention_days == 30
    now = time.time()
    asyncio.run(store.save(conversation("anna", now)))
    asyncio.run(store.save(conversation("bert", now)))
    assert len(stored(store, "anna")) == 3
    anna = asyncio.run(store.retrieve("anna"))
    anna.update(UserUttered("delete my data", timestamp=now))
    anna.update(BotUttered("Done", timestamp=now))
    assert not erase_requested(anna)
    anna.update(SlotSet(ERASE_SLOT, True, timestamp=now))
    assert erase_requested(anna)
    asyncio.run(store.save(anna))
    assert stored(store, "anna") == []
    assert len(stored(store, "bert")) == 3
    # the sender's next message starts an empty conversation
    asyncio.run(store.save(conversation("anna", now + 1)))
    assert len(stored(store, "anna")) == 3


def test_a_false_marker_is_saved_like_any_slot(tmp_path):
    store = store_for(tmp_path)
    tracker = conversation("anna", time.time(), SlotSet(ERASE_SLOT, False))
    asyncio.run(store.save(tracker))
    assert len(stored(store, "anna")) == 4


def test_retention_deletes_only_conversations_inactive_past_the_period(tmp_path):
    store = store_for(tmp_path, CLUSTER_RETENTION_CONVERSATION_DAYS="30")
    now = time.time()
    day = 86400
    # began 60 days ago but active yesterday: kept whole
    active = conversation("active", now - 60 * day)
    active.update(UserUttered("and in Austria?", timestamp=now - day))
    seed(store, conversation("old", now - 40 * day), conversation("recent", now - 10 * day), active)
    assert store.sweep(now) == (1, 3)
    assert stored(store, "old") == []
    assert len(stored(store, "recent")) == 3
    assert len(stored(store, "active")) == 4
    assert store.sweep(now) == (0, 0)
    store.retention_days = 0
    assert store.sweep(now + 1000 * day) == (0, 0)  # 0: kept forever


def test_the_sweeper_runs_inside_a_running_event_loop(tmp_path):
    section = build_run_config({"CLUSTER_TRACKER_DB": str(tmp_path / "t.db")}).endpoints[
        "tracker_store"
    ]
    outside = cli.open_store(section)
    assert outside._sweeper is None  # created outside a loop: no background job
    seed(outside, conversation("old", time.time() - 200 * 86400))
    assert len(stored(outside, "old")) == 3

    async def server_start():
        store = cli.open_store({**section, "sweep_interval": 0.05})
        await asyncio.sleep(0.3)
        assert store._sweeper is not None and not store._sweeper.done()
        store._sweeper.cancel()
        return store

    asyncio.run(server_start())
    assert stored(outside, "old") == []


def test_cli_retention_and_erase(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLUSTER_TRACKER_DB", str(tmp_path / "tracker.db"))
    store = store_for(tmp_path)
    seed(store, conversation("old", time.time() - 100 * 86400), conversation("anna", time.time()))
    assert cli.main(["retention", "--days", "120"]) == 0
    assert "deleted 0 conversation(s)" in capsys.readouterr().out
    assert cli.main(["retention"]) == 0  # the default 90 days
    assert "deleted 1 conversation(s), 3 event(s)" in capsys.readouterr().out
    assert cli.main(["erase", "anna"]) == 0
    assert "erased 3 event(s) of anna" in capsys.readouterr().out
    assert stored(store, "anna") == []


# ---------------------------------------------------------------- the event broker's copies


def broker_rows(broker, sender: str) -> int:
    model = broker.SQLBrokerEvent
    with broker.session_scope() as session:
        return session.query(model).filter(model.sender_id == sender).count()


def databases(kind: str, tmp_path, request) -> tuple[dict, dict]:
    """Tracker-store and event-broker sections on SQLite files or two PostgreSQL schemas (the
    two tables are both called ``events``, so they never share a schema)."""
    if kind == "sqlite":
        return (
            {"type": "SQL", "dialect": "sqlite", "db": str(tmp_path / "tracker.db")},
            {"type": "SQL", "dialect": "sqlite", "db": str(tmp_path / "analytics.db")},
        )
    server = request.getfixturevalue("postgres_server")
    urls = []
    for _ in range(2):
        schema = f"t_{uuid.uuid4().hex[:12]}"
        server.psql(f"CREATE SCHEMA {schema}", database=server.database)
        urls.append(f"{server.url()}?options={quote(f'-c search_path={schema}')}")
    return {"type": "SQL", "url": urls[0]}, {"type": "SQL", "url": urls[1]}


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_erasure_and_retention_also_delete_the_event_brokers_copies(kind, tmp_path, request):
    tracker_section, broker_section = databases(kind, tmp_path, request)
    store = cli.open_store({**tracker_section, "retention_days": 30}, broker_section)
    broker = store.sql_broker()
    assert broker is not None  # the event broker Rasa streams every saved event to
    now, day = time.time(), 86400
    seed(store, conversation("anna", now), conversation("bert", now))
    seed(store, conversation("old", now - 40 * day))
    assert [broker_rows(broker, s) for s in ("anna", "bert", "old")] == [3, 3, 3]

    anna = asyncio.run(store.retrieve("anna"))
    anna.update(SlotSet(ERASE_SLOT, True, timestamp=now))
    asyncio.run(store.save(anna))  # "delete my data"
    assert stored(store, "anna") == [] and broker_rows(broker, "anna") == 0
    assert broker_rows(broker, "bert") == 3  # the other sender is untouched

    assert store.sweep(now) == (1, 3)  # retention: the old conversation, and its copies
    assert broker_rows(broker, "old") == 0 and broker_rows(broker, "bert") == 3

    assert store.erase("bert") == 3
    assert broker_rows(broker, "bert") == 0
