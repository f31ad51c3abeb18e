"""Fixtures for the calls tests: the real snapshot (loaded once), small hand-made calls, stores."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from calls_helpers import AS_OF, SMALL_CALLS
from calls_portal_fake import FakePortal

from knowledge.calls.ingest import SNAPSHOT_AS_OF, SNAPSHOT_SOURCE, IngestReport, read_snapshot
from knowledge.calls.paths import SNAPSHOT_PATH
from knowledge.calls.records import Call
from knowledge.calls.store import CallStore


@pytest.fixture(scope="session")
def snapshot_rows() -> dict[str, dict[str, Any]]:
    """Raw rows of the shipped snapshot by topic id."""
    with SNAPSHOT_PATH.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return {row["topicId"]: row for row in rows}


@pytest.fixture(scope="session")
def snapshot_load() -> tuple[list[Call], IngestReport]:
    """The shipped snapshot and its ingest report, read once per test session."""
    return read_snapshot(SNAPSHOT_PATH)


@pytest.fixture(scope="session")
def snapshot_calls(snapshot_load: tuple[list[Call], IngestReport]) -> list[Call]:
    """The calls of the shipped snapshot."""
    return snapshot_load[0]


@pytest.fixture(scope="session")
def snapshot_by_id(snapshot_calls: list[Call]) -> dict[str, Call]:
    return {call.id: call for call in snapshot_calls}


@pytest.fixture(scope="session")
def real_store(snapshot_calls: list[Call], tmp_path_factory: pytest.TempPathFactory) -> CallStore:
    """A store built from the shipped snapshot (read-only, shared by tests)."""
    path = tmp_path_factory.mktemp("real-store") / "calls.sqlite"
    store = CallStore.build(path, snapshot_calls, as_of=SNAPSHOT_AS_OF, source=SNAPSHOT_SOURCE)
    yield store
    store.close()


@pytest.fixture
def small_store(tmp_path: Path) -> CallStore:
    """A store of the six hand-made calls above, as of 2026-08-10."""
    store = CallStore.build(tmp_path / "small.sqlite", SMALL_CALLS, as_of=AS_OF, source="test data")
    yield store
    store.close()


@pytest.fixture
def build_store(tmp_path: Path) -> Callable[..., CallStore]:
    """Build a store of given calls in tmp_path."""
    opened: list[CallStore] = []

    def build(calls: list[Call], name: str = "calls.sqlite", as_of: date = AS_OF) -> CallStore:
        store = CallStore.build(tmp_path / name, calls, as_of=as_of, source="test data")
        opened.append(store)
        return store

    yield build
    for store in opened:
        store.close()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[FakePortal], Awaitable[str]]]:
    """Start a fake portal on 127.0.0.1 (aiohttp TestServer); returns its search URL."""
    running: list[tuple[FakePortal, TestServer]] = []

    async def start(fake: FakePortal) -> str:
        server = TestServer(fake.app, host="127.0.0.1")
        await server.start_server()
        running.append((fake, server))
        return str(server.make_url("/search"))

    yield start
    for fake, server in running:
        fake.release.set()  # let handlers that simulate a slow server finish now
        await server.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """One client session per test, as a refresh uses one per run."""
    async with aiohttp.ClientSession() as session:
        yield session
