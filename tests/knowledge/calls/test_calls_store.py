"""The SQLite calls store: atomic build, open, info, search, honesty about what is open."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from calls_helpers import AS_OF, LATER, SMALL_CALLS, make_call

from knowledge.calls.errors import (
    InvalidFilterError,
    StoreBuildError,
    StoreCorruptError,
    StoreNotFoundError,
    UnknownActionTypeError,
    UnknownProgrammeError,
)
from knowledge.calls.paths import ENV_STORE_PATH, REPO_ROOT, default_store_path
from knowledge.calls.records import Call
from knowledge.calls.store import CallStore


def ids(result) -> list[str]:
    return [hit.call.id for hit in result.items]


# --- build / open ------------------------------------------------------------------------------


def test_build_open_and_info(small_store: CallStore) -> None:
    again = CallStore.open(small_store.path)
    try:
        assert again.as_of == AS_OF and again.count == 6 and again.source == "test data"
        info = again.info(LATER)
        assert info.as_of == AS_OF and info.count == 6 and info.today == LATER
        assert dict(info.by_status) == {"open": 2, "forthcoming": 3, "closed": 1}
        assert dict(again.info(AS_OF).by_status) == {"open": 3, "forthcoming": 3, "closed": 0}
    finally:
        again.close()


def test_get_is_case_insensitive(small_store: CallStore) -> None:
    call = small_store.get("batt-ia")
    assert call is not None and call.id == "BATT-IA"
    assert call == SMALL_CALLS[0]  # round trip through SQLite keeps every field
    assert small_store.get("NOPE") is None
    assert small_store.get("") is None


def test_failed_build_leaves_previous_store(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite"
    CallStore.build(path, SMALL_CALLS[:2], as_of=date(2026, 8, 10), source="first").close()

    duplicate = [*SMALL_CALLS, make_call("batt-ia")]  # same id, other case
    with pytest.raises(StoreBuildError, match=r"'batt-ia' appears twice.*previous store"):
        CallStore.build(path, duplicate, as_of=date(2026, 9, 1), source="second")

    def exploding() -> Iterator[Call]:
        yield SMALL_CALLS[0]
        raise RuntimeError("portal went away")

    with pytest.raises(StoreBuildError, match="portal went away"):
        CallStore.build(path, exploding(), as_of=date(2026, 9, 2), source="third")

    with CallStore.open(path) as store:
        assert store.as_of == date(2026, 8, 10)
        assert store.source == "first"
        assert store.count == 2
        assert store.get("BATT-RIA") is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls.sqlite"]  # no temp files left


def test_build_replaces_atomically_and_readers_notice(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite"
    old = CallStore.build(path, SMALL_CALLS[:1], as_of=date(2026, 8, 10), source="first")
    assert not old.replaced_on_disk()
    new = CallStore.build(path, SMALL_CALLS, as_of=date(2026, 9, 1), source="second")
    # the old reader still works on the file it opened, and knows it was replaced
    assert old.count == 1 and old.get("BATT-IA") is not None
    assert old.replaced_on_disk()
    assert new.as_of == date(2026, 9, 1) and new.count == 6
    old.close()
    new.close()


def test_build_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(StoreBuildError, match="as_of must be a date"):
        CallStore.build(tmp_path / "x.sqlite", SMALL_CALLS, as_of="2026-08-10", source="s")  # type: ignore[arg-type]
    with pytest.raises(StoreBuildError, match="source"):
        CallStore.build(tmp_path / "x.sqlite", SMALL_CALLS, as_of=AS_OF, source=" ")
    with pytest.raises(StoreBuildError, match="expected Call records"):
        CallStore.build(tmp_path / "x.sqlite", [{"id": "x"}], as_of=AS_OF, source="s")  # type: ignore[list-item]
    assert not (tmp_path / "x.sqlite").exists()


def test_open_missing_or_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError, match=r"no calls store at .*calls build"):
        CallStore.open(tmp_path / "missing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreCorruptError):
        CallStore.open(junk)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    with pytest.raises(StoreCorruptError, match="schema"):
        CallStore.open(other)


def test_store_is_opened_read_only(small_store: CallStore) -> None:
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        small_store._conn.execute("DELETE FROM calls")


def test_default_store_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_STORE_PATH, raising=False)
    assert default_store_path() == REPO_ROOT / "var" / "calls" / "calls.sqlite"
    monkeypatch.setenv(ENV_STORE_PATH, str(tmp_path / "env.sqlite"))
    assert default_store_path() == tmp_path / "env.sqlite"
    assert default_store_path(tmp_path / "explicit.sqlite") == tmp_path / "explicit.sqlite"


# --- search: text, filters, sorting ------------------------------------------------------------


def test_text_search_uses_stems_and_never_returns_passed_calls(small_store: CallStore) -> None:
    result = small_store.search("batteries recycling", today=LATER)
    assert result.match == "all" and result.terms == ("batteries", "recycling")
    assert set(ids(result)) == {"BATT-IA", "BATT-RIA", "LIFE-EBIKE"}
    assert result.as_of == AS_OF and result.today == LATER
    assert all(hit.score > 0 for hit in result.items)
    assert dict(result.counts) == {"open": 1, "forthcoming": 2}


def test_passed_call_is_never_open_or_forthcoming(small_store: CallStore) -> None:
    result = small_store.search("hydrogen storage", today=LATER)
    assert result.total == 0 and result.items == ()
    assert result.none_open and result.nearest_forthcoming == ()
    # it is there, as closed, when asked for
    closed = small_store.search("hydrogen storage", today=LATER, status=("closed",))
    assert [(h.call.id, h.status, h.next_deadline) for h in closed.items] == [
        ("H2-PAST", "closed", None)
    ]
    # and open before its deadline
    assert ids(small_store.search("hydrogen", today=AS_OF)) == ["H2-PAST"]


def test_none_open_names_nearest_forthcoming(small_store: CallStore) -> None:
    result = small_store.search("recycling", today=LATER, status=("open",), programme=None)
    assert ids(result) == ["BATT-IA"]  # one open: nothing extra offered
    assert result.nearest_forthcoming == ()

    textile = small_store.search("textile", today=LATER, status=("open",))
    assert textile.total == 0 and textile.none_open
    assert [h.call.id for h in textile.nearest_forthcoming] == ["SMP-TEXTILE"]
    assert textile.nearest_forthcoming[0].next_deadline == date(2027, 1, 15)

    forthcoming_only = small_store.search(
        "recycling", today=date(2026, 12, 2), status=("open", "forthcoming")
    )
    assert forthcoming_only.none_open
    nearest = [h.call.id for h in forthcoming_only.nearest_forthcoming]
    assert nearest == ["SMP-TEXTILE", "BATT-RIA", "LIFE-EBIKE"]  # by nearest deadline


def test_programme_and_action_type_filters(small_store: CallStore) -> None:
    assert set(ids(small_store.search(today=LATER, programme="horizon europe"))) == {
        "BATT-IA",
        "BATT-RIA",
    }
    assert ids(small_store.search(today=LATER, programme="Single Market")) == ["SMP-TEXTILE"]
    assert ids(small_store.search(today=LATER, action_type="innovation action")) == ["BATT-IA"]
    assert ids(small_store.search(today=LATER, action_type="RIA")) == ["BATT-RIA"]
    assert ids(small_store.search(today=LATER, programme="COSME")) == []
    with pytest.raises(UnknownProgrammeError, match="did you mean"):
        small_store.search(today=LATER, programme="Horizn Europe")
    with pytest.raises(UnknownActionTypeError):
        small_store.search(today=LATER, action_type="lottery")


def test_budget_filters(small_store: CallStore) -> None:
    # grants that can reach 3M: BATT-IA (2-5M), BATT-RIA (1-3M); H2-PAST is closed
    assert ids(small_store.search(today=LATER, budget_min=3_000_000)) == ["BATT-IA", "BATT-RIA"]
    # grants starting at or below 1M; SMP-TEXTILE has no figures and is left out
    assert set(ids(small_store.search(today=LATER, budget_max=1_000_000))) == {
        "BATT-RIA",
        "DIGITAL-SKILLS",
        "LIFE-EBIKE",
    }
    window = small_store.search(today=LATER, budget_min=1_200_000, budget_max=1_800_000)
    assert set(ids(window)) == {"BATT-RIA", "LIFE-EBIKE"}


def test_deadline_window(small_store: CallStore) -> None:
    result = small_store.search(
        today=LATER, deadline_from=date(2027, 1, 1), deadline_to=date(2027, 3, 31)
    )
    assert ids(result) == ["SMP-TEXTILE", "DIGITAL-SKILLS", "BATT-RIA"]  # nearest deadline first
    # DIGITAL-SKILLS had a cut-off on 2026-10-01: a passed cut-off does not match the window
    autumn = small_store.search(
        today=LATER, deadline_from=date(2026, 9, 1), deadline_to=date(2026, 10, 31)
    )
    assert autumn.total == 0
    # ... unless past calls are asked for
    with_past = small_store.search(
        today=LATER,
        deadline_from=date(2026, 9, 1),
        deadline_to=date(2026, 10, 31),
        status=("open", "forthcoming", "closed"),
    )
    assert set(ids(with_past)) == {"DIGITAL-SKILLS", "H2-PAST"}
    assert ids(small_store.search(today=LATER, deadline_to=date(2026, 12, 31))) == ["BATT-IA"]


def test_sort_relevance_then_nearest_deadline(build_store: Callable[..., CallStore]) -> None:
    twins = [
        make_call("LATE", title="Smart grids", deadlines=(date(2027, 5, 1),)),
        make_call("SOON", title="Smart grids", deadlines=(date(2027, 2, 1),)),
        make_call("MID", title="Smart grids", deadlines=(date(2027, 3, 1),)),
        make_call(
            "BEST",
            title="Smart grids",
            description="Smart grids operators test smart grids.",
            deadlines=(date(2027, 9, 1),),
        ),
        # unrelated topics, so that the words are rare enough to carry weight (bm25 idf)
        *(
            make_call(f"OTHER-{i}", title=f"Unrelated topic {i}", deadlines=(date(2027, 12, 1),))
            for i in range(6)
        ),
    ]
    store = build_store(twins)
    assert ids(store.search("smart grids", today=LATER)) == ["BEST", "SOON", "MID", "LATE"]
    # without text: nearest deadline first
    assert ids(store.search(today=LATER, k=5)) == ["SOON", "MID", "LATE", "BEST", "OTHER-0"]


def test_title_match_beats_description_match(build_store: Callable[..., CallStore]) -> None:
    calls = [
        make_call(
            "IN-DESCRIPTION",
            title="Circular economy in industry",
            description="Projects may also address battery recycling among many other things.",
            deadlines=(date(2027, 1, 1),),
        ),
        make_call(
            "IN-TITLE",
            title="Battery recycling",
            description="Recover materials from end-of-life cells at scale.",
            deadlines=(date(2027, 6, 1),),
        ),
        make_call(
            "EMPTY", title="Battery passports", description="", deadlines=(date(2027, 2, 1),)
        ),
        *(make_call(f"OTHER-{i}", title=f"Unrelated topic {i}") for i in range(8)),
    ]
    store = build_store(calls)
    result = store.search("battery recycling", today=LATER)
    assert ids(result) == ["IN-TITLE", "IN-DESCRIPTION"]
    assert result.items[0].score > result.items[1].score


def test_paging(small_store: CallStore) -> None:
    full = ids(small_store.search(today=LATER, k=10))
    assert len(full) == 5
    page2 = small_store.search(today=LATER, k=2, offset=2)
    assert ids(page2) == full[2:4] and page2.total == 5
    assert small_store.search(today=LATER, k=2, offset=10).items == ()


def test_any_word_fallback_when_no_call_has_all(small_store: CallStore) -> None:
    result = small_store.search("textile cybersecurity", today=LATER)
    assert result.match == "any"
    assert set(ids(result)) == {"SMP-TEXTILE", "DIGITAL-SKILLS"}


@pytest.mark.parametrize(
    "status,expected",
    [
        ("open", {"BATT-IA", "DIGITAL-SKILLS"}),
        (("forthcoming",), {"BATT-RIA", "SMP-TEXTILE", "LIFE-EBIKE"}),
        (("closed",), {"H2-PAST"}),
    ],
)
def test_status_filter(small_store: CallStore, status, expected: set[str]) -> None:
    assert set(ids(small_store.search(today=LATER, status=status))) == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"k": 0},
        {"k": 101},
        {"offset": -1},
        {"budget_min": -5},
        {"budget_min": 10, "budget_max": 5},
        {"deadline_from": date(2027, 2, 1), "deadline_to": date(2027, 1, 1)},
        {"status": ()},
        {"status": ("open", "maybe")},
        {"today": "2026-11-21"},
    ],
)
def test_impossible_filters_are_refused(small_store: CallStore, kwargs: dict) -> None:
    kwargs = {"today": LATER, **kwargs}
    with pytest.raises(InvalidFilterError):
        small_store.search(**kwargs)


NASTY_QUERIES = [
    '"',
    '""""',
    "'",
    "battery*",
    "*",
    "NEAR(battery recycling, 2)",
    "battery NEAR recycling",
    "battery AND OR NOT recycling",
    "title:battery",
    "{title description}: battery",
    "^battery",
    "battery + recycling - hydrogen",
    "(((",
    "'; DROP TABLE calls; --",
    "1=1 OR 'a'='a'",
    "SELECT * FROM calls WHERE 1",
    "\x00\x01\x02",
    "🔋♻️🚲",
    "recycling 🔋 batteries",
    "x" * 10_000,
    "battery " * 2_000,
    "Ünïcödé ŁÓDŹ 東京 العربية",
    " ",
    "",
]


@pytest.mark.parametrize("text", NASTY_QUERIES, ids=range(len(NASTY_QUERIES)))
def test_user_text_never_breaks_the_query(small_store: CallStore, text: str) -> None:
    result = small_store.search(text, today=LATER)
    assert result.total == len(result.items) <= 10
    assert small_store.count == 6
    assert small_store._conn.execute("SELECT count(*) FROM calls").fetchone()[0] == 6


def test_operators_are_read_as_words(small_store: CallStore) -> None:
    # "battery*" and "NEAR(...)" behave like the plain words
    plain = ids(small_store.search("battery recycling", today=LATER))
    assert ids(small_store.search("NEAR(battery* recycling, 2)", today=LATER)) == plain
    assert ids(small_store.search('"battery" AND "recycling"', today=LATER)) == plain
    # only symbols or stop words: no text filter, and the result says no words were searched
    emoji = small_store.search("🔋♻️", today=LATER)
    assert emoji.terms == () and emoji.match is None and emoji.total == 5


# --- semantic-search seam ----------------------------------------------------------------------


def test_rank_hook_reorders_drops_and_adds(small_store: CallStore) -> None:
    seen: dict[str, object] = {}

    def hook(text: str, candidates):
        seen["text"] = text
        seen["candidates"] = dict(candidates)
        # keep two keyword hits in reverse order, add a call with no keyword match,
        # and try to add a closed call (must stay out) and an unknown id (ignored)
        return {"LIFE-EBIKE": 0.9, "BATT-IA": 0.1, "SMP-TEXTILE": 0.5, "H2-PAST": 1.0, "X": 2.0}

    result = small_store.search("battery recycling", today=LATER, rank_hook=hook)
    assert seen["text"] == "battery recycling"
    assert set(seen["candidates"]) == {"BATT-IA", "BATT-RIA", "LIFE-EBIKE"}
    assert ids(result) == ["LIFE-EBIKE", "SMP-TEXTILE", "BATT-IA"]
    assert [h.score for h in result.items] == [0.9, 0.5, 0.1]


# --- the real snapshot ---------------------------------------------------------------------------


def test_real_store_info(real_store: CallStore) -> None:
    assert real_store.as_of == date(2026, 8, 10) and real_store.count == 629
    assert "OscarSalgado/CordisData" in real_store.source
    assert dict(real_store.info(LATER).by_status) == {"open": 23, "forthcoming": 261, "closed": 345}
    assert real_store.search(today=LATER, status="open", k=100).total == 23


@pytest.mark.parametrize("today", [AS_OF, date(2026, 9, 20), LATER, date(2027, 4, 10)])
@pytest.mark.parametrize("text", [None, "battery recycling", "soil health", "hydrogen", "AI"])
def test_real_search_never_offers_a_passed_call(
    real_store: CallStore, today: date, text: str | None
) -> None:
    result = real_store.search(text, today=today, k=100)
    for hit in (*result.items, *result.nearest_forthcoming):
        assert hit.status in ("open", "forthcoming")
        assert hit.next_deadline is not None and hit.next_deadline >= today
        assert hit.call.final_deadline >= today


def test_real_battery_recycling_is_honest_in_november(real_store: CallStore) -> None:
    result = real_store.search("battery recycling", today=LATER, status=("open",))
    assert result.total == 0 and result.none_open
    nearest = result.nearest_forthcoming
    assert 1 <= len(nearest) <= 3
    assert all(h.status == "forthcoming" for h in nearest)
    deadlines = [h.next_deadline for h in nearest]
    assert deadlines == sorted(deadlines)
    # in August the same question finds open calls
    august = real_store.search("battery recycling", today=AS_OF, status=("open",))
    assert august.total > 0 and august.nearest_forthcoming == ()
    payload = result.to_dict("battery recycling")
    assert payload["query"] == "battery recycling" and payload["as_of"] == "2026-08-10"
    assert payload["items"] == []
    assert set(payload["nearest_forthcoming"][0]) == {
        "id",
        "title",
        "programme",
        "status",
        "deadline",
        "url",
    }


def test_real_filters_combined(real_store: CallStore) -> None:
    result = real_store.search(
        "soil",
        today=LATER,
        programme="Horizon Europe",
        action_type="RIA",
        budget_min=3_000_000,
        deadline_to=date(2027, 9, 30),
        k=50,
    )
    assert result.total > 0
    for hit in result.items:
        call = hit.call
        assert call.programme_code == "HORIZON" and call.action_type == "RIA"
        assert call.budget_max is not None and call.budget_max >= 3_000_000
        assert LATER <= hit.next_deadline <= date(2027, 9, 30)


def test_build_file_is_a_single_sqlite_file(real_store: CallStore) -> None:
    assert real_store.path.is_file()
    leftovers = [p for p in os.listdir(real_store.path.parent) if p != real_store.path.name]
    assert leftovers == []
