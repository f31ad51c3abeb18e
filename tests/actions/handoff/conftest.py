"""The ticket store of a handoff test: SQLite, and PostgreSQL on a throw-away local server."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from actions.handoff.store import SQLiteTicketStore, TicketStore


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request, tmp_path) -> Callable[[], TicketStore]:
    """Opens this test's ticket store (again, as a restarted process would).

    The ``postgres`` case gets its own empty schema (``postgres_url`` in ``tests/conftest.py``).
    """
    if request.param == "postgres":
        from actions.handoff.pg_store import PostgresTicketStore

        url = request.getfixturevalue("postgres_url")
        return lambda: PostgresTicketStore(url)
    return lambda: SQLiteTicketStore(tmp_path / "tickets.db")


@pytest.fixture
async def rasa():
    """A fake Rasa HTTP API that records the appended events (tests.actions.handoff.support)."""
    from tests.actions.handoff.support import Recorder

    recorder = await Recorder().start()
    yield recorder
    await recorder.close()
