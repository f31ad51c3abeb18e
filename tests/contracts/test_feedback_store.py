"""Contract of :class:`actions.dialogue.feedback_store.FeedbackStore`, for every implementation.

A new implementation joins by adding a factory to ``IMPLEMENTATIONS``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from actions.dialogue.feedback_pg import PostgresFeedbackStore
from actions.dialogue.feedback_store import FeedbackStore, SQLiteFeedbackStore
from actions.dialogue.parsing import FEEDBACK_VALUES

IMPLEMENTATIONS: dict[str, Callable[[pytest.FixtureRequest, Path], FeedbackStore]] = {
    "sqlite": lambda request, tmp: SQLiteFeedbackStore(tmp / "deep" / "feedback.db"),
    # a throw-away local server (tests/conftest.py), one empty schema per test
    "postgres": lambda request, tmp: PostgresFeedbackStore(request.getfixturevalue("postgres_url")),
}
LAST = {"kind": "partners", "query": "hydrogen storage", "filters": {"country": "DE"}}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def store(request, tmp_path) -> FeedbackStore:
    return IMPLEMENTATIONS[request.param](request, tmp_path)


def test_implements_the_protocol(store):
    assert isinstance(store, FeedbackStore)


def test_feedback_is_recorded_with_the_search(store):
    first = store.add("conv-1", "useful", LAST)
    second = store.add("conv-2", "not_useful")
    assert second > first
    rows = store.rows()
    assert [(r["id"], r["conversation_id"], r["value"]) for r in rows] == [
        (first, "conv-1", "useful"),
        (second, "conv-2", "not_useful"),
    ]
    assert (rows[0]["search_kind"], rows[0]["query"]) == ("partners", "hydrogen storage")
    assert json.loads(rows[0]["context"]) == LAST
    assert rows[1]["search_kind"] is None and rows[1]["context"] is None
    assert all(r["created_at"] for r in rows)


def test_feedback_is_counted_per_value(store):
    for value in ("useful", "useful", "not_useful"):
        store.add("conv", value)
    counts = {v: sum(r["value"] == v for r in store.rows()) for v in FEEDBACK_VALUES}
    assert counts == {"useful": 2, "not_useful": 1}


def test_a_last_search_that_is_not_a_dict_is_ignored(store):
    store.add("conv", "useful", "not a dict")  # type: ignore[arg-type]
    assert store.rows()[0]["context"] is None


@pytest.mark.parametrize("value", ["meh", "", "USEFUL", "'; DROP TABLE feedback;--"])
def test_unknown_values_are_refused_with_a_clear_error(store, value):
    with pytest.raises(ValueError, match="'useful' or 'not_useful'"):
        store.add("conv", value)
    assert store.rows() == []


def test_concurrent_writers_lose_nothing(store):
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(5):
                store.add(f"conv-{n}", "useful")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({r["id"] for r in store.rows()}) == 30


def test_rows_of_one_conversation_and_their_erasure(store):
    a = store.add("conv-a", "useful", LAST)
    store.add("conv-b", "not_useful")
    c = store.add("conv-a", "not_useful")
    assert [r["id"] for r in store.for_conversation("conv-a")] == [a, c]
    assert store.for_conversation("conv-a")[0]["query"] == "hydrogen storage"
    assert store.delete_conversation("conv-a") == 2
    assert store.for_conversation("conv-a") == []
    assert [r["conversation_id"] for r in store.rows()] == ["conv-b"]


def test_retention_deletes_rows_created_before_the_cutoff(store):
    store.add("conv-a", "useful")
    created = store.rows()[0]["created_at"]
    assert store.delete_before(created) == 0  # strictly before the cutoff
    assert store.delete_before("1970-01-01T00:00:00+00:00") == 0
    assert store.delete_before("9999-12-31T00:00:00+00:00") == 1
    assert store.rows() == []
