"""Contract of :class:`actions.handoff.store.TicketStore`, run against every implementation.

A new implementation joins by adding a factory to ``IMPLEMENTATIONS``:
the same assertions then hold for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from actions.handoff.pg_store import PostgresTicketStore
from actions.handoff.store import SQLiteTicketStore, Ticket, TicketStore

IMPLEMENTATIONS: dict[str, Callable[[pytest.FixtureRequest, Path], TicketStore]] = {
    "sqlite": lambda request, tmp: SQLiteTicketStore(tmp / "deep" / "tickets.db"),
    # a throw-away local server (tests/conftest.py), one empty schema per test
    "postgres": lambda request, tmp: PostgresTicketStore(request.getfixturevalue("postgres_url")),
}

TRANSCRIPT = [
    {
        "role": "user",
        "text": "can I talk to a person? ünïcode ✓",
        "at": "2026-08-10T09:30:00+00:00",
    },
    {"role": "bot", "text": "May I share the conversation?", "at": None},
]
CONTEXT = {"last_search": {"kind": "partners", "ids": ["a", "b"]}, "country": "DE"}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def store(request, tmp_path) -> TicketStore:
    return IMPLEMENTATIONS[request.param](request, tmp_path)


def open_one(store: TicketStore, conversation: str = "conv-1", **extra) -> Ticket:
    return store.create(
        conversation,
        email=extra.get("email", "anna@cluster-bavaria.de"),
        transcript=extra.get("transcript", TRANSCRIPT),
        context=extra.get("context", CONTEXT),
    )


def test_implements_the_protocol(store):
    assert isinstance(store, TicketStore)


def test_open_ticket_keeps_transcript_context_and_email(store):
    ticket = open_one(store)
    assert ticket.is_open and ticket.status == "open"
    assert ticket.conversation_id == "conv-1"
    assert ticket.email == "anna@cluster-bavaria.de"
    assert ticket.transcript == TRANSCRIPT
    assert ticket.context == CONTEXT
    assert ticket.created_at and ticket.notified is None and ticket.released_at is None
    assert store.get(ticket.id) == ticket
    assert store.get(ticket.id + 1000) is None


def test_ticket_without_email(store):
    ticket = open_one(store, email=None)
    assert store.get(ticket.id).email is None


def test_an_email_left_later_is_saved_on_the_open_ticket_only(store):
    ticket = open_one(store, email=None)
    other = open_one(store, "conv-2", email=None)
    saved = store.set_email(ticket.id, "later@example.org")
    assert saved is not None and saved.email == "later@example.org"
    assert store.get(ticket.id).email == "later@example.org"  # persisted
    assert store.open_ticket("conv-1").email == "later@example.org"
    assert store.get(other.id).email is None  # no other ticket touched
    assert store.set_email(ticket.id, "newer@example.org").email == "newer@example.org"
    store.release("conv-1", "cli")
    assert store.set_email(ticket.id, "late@example.org") is None  # handed back: unchanged
    assert store.get(ticket.id).email == "newer@example.org"
    assert store.set_email(ticket.id + 1000, "x@example.org") is None


def test_numbers_grow_and_lookup_by_conversation(store):
    first = open_one(store, "conv-1")
    other = open_one(store, "conv-2")
    second = open_one(store, "conv-1")
    assert first.id < other.id < second.id
    assert [t.id for t in store.for_conversation("conv-1")] == [first.id, second.id]
    assert store.open_ticket("conv-1").id == second.id  # the newest open one
    assert store.open_ticket("nobody") is None
    assert store.for_conversation("nobody") == []


def test_notification_outcome_is_recorded(store):
    ticket = open_one(store)
    store.mark_notified(ticket.id, "failed: HTTP 500")
    assert store.get(ticket.id).notified == "failed: HTTP 500"


def test_release_closes_every_open_ticket_of_the_conversation_once(store):
    a, b = open_one(store, "conv-1"), open_one(store, "conv-1")
    keep = open_one(store, "conv-2")
    released = store.release("conv-1", released_by="http")
    assert [t.id for t in released] == [a.id, b.id]
    assert all(not t.is_open and t.released_by == "http" and t.released_at for t in released)
    assert store.open_ticket("conv-1") is None
    assert store.release("conv-1", released_by="cli") == []  # nothing left to release
    assert store.open_ticket("conv-2").id == keep.id
    assert store.get(a.id).transcript == TRANSCRIPT  # the transcript is kept after release


def test_recent_filters_by_status_newest_first(store):
    ids = [open_one(store, f"conv-{n}").id for n in range(4)]
    store.release("conv-0", released_by="cli")
    assert [t.id for t in store.recent()] == ids[::-1]
    assert [t.id for t in store.recent("open")] == ids[:0:-1]
    assert [t.id for t in store.recent("released")] == [ids[0]]
    assert len(store.recent(limit=2)) == 2


def test_concurrent_writers_lose_nothing(store):
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(5):
                open_one(store, f"conv-{n}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    tickets = store.recent(limit=100)
    assert len(tickets) == 30
    assert len({t.id for t in tickets}) == 30


def test_malformed_input_is_refused_and_nothing_is_stored(store):
    with pytest.raises(TypeError):
        open_one(store, transcript=[{"role": "user", "text": object()}])
    assert store.recent() == []


# ---- the relay: claim, adviser thread, messages of the human part ----


def test_claim_moves_open_to_claimed_once(store):
    ticket = open_one(store)
    assert ticket.state == "open" and ticket.claimed_by is None
    claimed = store.claim(ticket.id, "slack:U1", "Anna Adviser")
    assert claimed is not None and claimed.state == "claimed" and claimed.is_open
    assert (claimed.claimed_by, claimed.claimed_name) == ("slack:U1", "Anna Adviser")
    assert claimed.claimed_at
    assert store.claim(ticket.id, "slack:U2", "Bob") is None  # held by Anna
    assert store.get(ticket.id).claimed_by == "slack:U1"
    assert store.claim(ticket.id + 1000, "slack:U2", "Bob") is None
    store.unclaim(ticket.id)
    assert store.get(ticket.id).state == "open"
    assert store.claim(ticket.id, "slack:U2", "Bob").claimed_name == "Bob"


def test_released_ticket_cannot_be_claimed(store):
    ticket = open_one(store)
    store.claim(ticket.id, "slack:U1", "Anna")
    [released] = store.release("conv-1", "slack:U1")
    assert released.state == "released"
    assert store.claim(ticket.id, "slack:U2", "Bob") is None


def test_thread_is_found_by_its_key(store):
    first, second = open_one(store, "conv-a"), open_one(store, "conv-b")
    store.set_thread(first.id, "slack:C1:1.0001", {"channel": "C1", "ts": "1.0001"})
    store.set_thread(second.id, "slack:C1:2.0002", {"channel": "C1", "ts": "2.0002"})
    found = store.by_thread("slack:C1:2.0002")
    assert found.id == second.id and found.thread == {"channel": "C1", "ts": "2.0002"}
    assert store.by_thread("slack:C1:9.9999") is None
    assert store.get(first.id).thread_key == "slack:C1:1.0001"


def test_messages_are_stored_once_in_order_and_delivered(store):
    ticket, other = open_one(store, "conv-a"), open_one(store, "conv-b")
    first = store.add_message(ticket.id, "to_adviser", "sme", "Hallo ✓", "evt-1")
    assert first is not None and first.delivered_at is None
    assert store.add_message(ticket.id, "to_adviser", "sme", "Hallo ✓", "evt-1") is None
    store.add_message(ticket.id, "to_sme", "Anna", "Guten Tag", "slack-1")
    store.add_message(other.id, "to_sme", "Bob", "not yours", "slack-1")  # other ticket: kept
    assert [m.text for m in store.messages(ticket.id)] == ["Hallo ✓", "Guten Tag"]
    assert [m.text for m in store.messages(ticket.id, after_id=first.id)] == ["Guten Tag"]
    pending = store.undelivered("to_sme")
    assert [(m.ticket_id, m.text) for m in pending] == [
        (ticket.id, "Guten Tag"),
        (other.id, "not yours"),
    ]
    store.mark_delivered(pending[0].id)
    assert [m.text for m in store.undelivered("to_sme")] == ["not yours"]
    assert store.messages(ticket.id)[1].delivered_at
    with pytest.raises(ValueError):
        store.add_message(ticket.id, "sideways", "x", "y", "z")


def test_the_history_step_of_a_message_is_recorded_apart_from_its_delivery(store):
    ticket = open_one(store)
    message = store.add_message(ticket.id, "to_sme", "Anna", "Welche Region?", "teams-1")
    assert message.in_history_at is None
    store.mark_in_history(message.id)
    [pending] = store.undelivered("to_sme")  # in the history, still to be pushed
    assert pending.id == message.id and pending.in_history_at and pending.delivered_at is None
    store.mark_delivered(message.id)
    assert store.undelivered("to_sme") == []
    [kept] = store.messages(ticket.id)
    assert kept.in_history_at == pending.in_history_at and kept.delivered_at


def test_an_old_database_gains_the_relay_columns(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE tickets (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL,"
        " created_at TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('open', 'released')),"
        " email TEXT, transcript TEXT NOT NULL, context TEXT NOT NULL, notified TEXT,"
        " released_at TEXT, released_by TEXT);"
        "INSERT INTO tickets (conversation_id, created_at, status, transcript, context)"
        " VALUES ('old', '2026-01-01T00:00:00+00:00', 'open', '[]', '{}');"
    )
    conn.commit()
    conn.close()
    store = SQLiteTicketStore(path)
    assert store.get(1).state == "open"
    assert store.claim(1, "slack:U1", "Anna").state == "claimed"


def test_an_old_messages_table_gains_the_history_column(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    SQLiteTicketStore(path).create("old", email=None, transcript=[], context={})
    with sqlite3.connect(path) as conn:  # the table as the relay first made it
        conn.execute("ALTER TABLE ticket_messages DROP COLUMN in_history_at")
        conn.execute(
            "INSERT INTO ticket_messages (ticket_id, direction, author, text, source_key,"
            " created_at) VALUES (1, 'to_sme', 'Anna', 'Hallo', 'k', '2026-01-01T00:00:00+00:00')"
        )
    store = SQLiteTicketStore(path)
    assert store.undelivered("to_sme")[0].in_history_at is None
    store.mark_in_history(1)
    assert store.messages(1)[0].in_history_at


def test_an_old_postgres_schema_gains_the_relay_columns(request):
    """A schema made by the store before the relay (no claim columns, no messages) is migrated."""
    import psycopg

    url = request.getfixturevalue("postgres_url")
    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE tickets (id BIGSERIAL PRIMARY KEY, conversation_id TEXT NOT NULL,"
            " created_at TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('open', 'released')),"
            " email TEXT, transcript JSONB NOT NULL, context JSONB NOT NULL, notified TEXT,"
            " released_at TEXT, released_by TEXT)"
        )
        conn.execute(
            "INSERT INTO tickets (conversation_id, created_at, status, transcript, context)"
            " VALUES ('old', '2026-01-01T00:00:00+00:00', 'open', '[]', '{}')"
        )
    store = PostgresTicketStore(url)
    old = store.get(1)
    assert (old.conversation_id, old.state, old.thread) == ("old", "open", {})
    assert store.claim(1, "slack:U1", "Anna").state == "claimed"
    store.set_thread(1, "slack:C1:1.0001", {"channel": "C1", "ts": "1.0001"})
    assert store.by_thread("slack:C1:1.0001").id == 1
    assert store.add_message(1, "to_sme", "Anna", "Hallo", "slack-1").ticket_id == 1
    assert PostgresTicketStore(url).messages(1)[0].text == "Hallo"  # a second process: no-op DDL
    with psycopg.connect(url) as conn:  # the messages table as the relay first made it
        conn.execute("ALTER TABLE ticket_messages DROP COLUMN in_history_at")
    again = PostgresTicketStore(url)
    assert again.messages(1)[0].in_history_at is None
    again.mark_in_history(1)
    assert again.messages(1)[0].in_history_at


def test_concurrent_claims_have_one_winner(store):
    ticket = open_one(store)
    winners: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def claim(n: int) -> None:
        try:
            start.wait()
            if store.claim(ticket.id, f"slack:U{n}", f"Adviser {n}") is not None:
                winners.append(f"slack:U{n}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(winners) == 1
    assert store.get(ticket.id).claimed_by == winners[0]


def test_names_where_its_tickets_are_without_secrets(store):
    """Logs and the CLI print ``store.path``; a database URL's password must not appear."""
    where = str(store.path)
    assert where and "@" not in where


def test_erasure_deletes_every_ticket_of_one_conversation_only(store):
    first = open_one(store, "conv-erase")
    store.release("conv-erase", "cli")
    second = open_one(store, "conv-erase")
    kept = open_one(store, "conv-keep")
    assert store.delete_conversation("conv-erase") == 2
    assert store.for_conversation("conv-erase") == []
    assert store.get(first.id) is None and store.get(second.id) is None
    assert store.get(kept.id) == kept
    assert store.delete_conversation("conv-erase") == 0


def test_retention_deletes_released_tickets_released_before_the_cutoff(store):
    old = open_one(store, "conv-old")
    store.release("conv-old", "http")
    still_open = open_one(store, "conv-waiting")
    released_at = store.get(old.id).released_at
    # a cutoff at the release moment keeps it (strictly before), one second later deletes it
    assert store.delete_released_before(released_at) == 0
    assert store.delete_released_before("9999-12-31T00:00:00+00:00") == 1
    assert store.get(old.id) is None
    assert (
        store.get(still_open.id) == still_open
    )  # open tickets are kept: an adviser owes an answer


def test_erasure_and_retention_take_the_human_part_with_the_ticket(store):
    erased, kept = open_one(store, "conv-erase"), open_one(store, "conv-keep")
    store.add_message(erased.id, "to_sme", "Anna", "Guten Tag", "slack-1")
    store.add_message(kept.id, "to_sme", "Bob", "Hello", "slack-2")
    assert store.delete_conversation("conv-erase") == 1
    assert store.messages(erased.id) == []
    assert [m.text for m in store.messages(kept.id)] == ["Hello"]
    store.release("conv-keep", "cli")
    assert store.delete_released_before("9999-12-31T00:00:00+00:00") == 1
    assert store.messages(kept.id) == [] and store.undelivered("to_sme") == []
