"""The Call record: status rule, deadlines, serialisation, validation; date parsing."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest
from calls_helpers import make_call

from knowledge.calls.dates import parse_date, parse_deadlines
from knowledge.calls.errors import RecordError
from knowledge.calls.paths import DATA_DIR
from knowledge.calls.records import Call, normalise_deadline_model
from knowledge.calls.results import CallHit


def test_passed_deadline_is_closed_whatever_the_source_said() -> None:
    call = make_call(deadlines=(date(2026, 9, 15),), source_status="open")
    assert call.status(date(2026, 9, 14)) == "open"
    assert call.status(date(2026, 9, 15)) == "open"  # the deadline day still counts
    assert call.status(date(2026, 9, 16)) == "closed"
    assert call.next_deadline(date(2026, 9, 16)) is None


def test_forthcoming_without_opening_date_stays_forthcoming_until_deadline() -> None:
    call = make_call(deadlines=(date(2027, 3, 31),), source_status="forthcoming")
    assert call.status(date(2026, 8, 10)) == "forthcoming"
    assert call.status(date(2027, 3, 31)) == "forthcoming"
    assert call.status(date(2027, 4, 1)) == "closed"


def test_opening_date_decides_between_forthcoming_and_open() -> None:
    call = make_call(
        deadlines=(date(2027, 3, 31),), opening_date=date(2027, 1, 10), source_status="forthcoming"
    )
    assert call.status(date(2027, 1, 9)) == "forthcoming"
    assert call.status(date(2027, 1, 10)) == "open"  # dates beat the stale source status
    assert call.status(date(2027, 4, 1)) == "closed"


def test_source_closed_stays_closed_even_with_deadline_ahead() -> None:
    call = make_call(deadlines=(date(2027, 3, 31),), source_status="closed")
    assert call.status(date(2026, 8, 10)) == "closed"


def test_no_deadline_follows_source_status() -> None:
    assert make_call(deadlines=(), source_status="open").status(date(2030, 1, 1)) == "open"
    assert make_call(deadlines=(), source_status="closed").status(date(2020, 1, 1)) == "closed"
    assert make_call(deadlines=(), source_status=None).next_deadline(date(2020, 1, 1)) is None


def test_multiple_cut_offs_open_while_any_cut_off_is_ahead() -> None:
    call = make_call(
        deadlines=(date(2027, 2, 1), date(2026, 10, 1), date(2027, 6, 1)),
        deadline_model="multiple cut-off",
        source_status="open",
    )
    assert call.deadlines == (date(2026, 10, 1), date(2027, 2, 1), date(2027, 6, 1))  # sorted
    assert call.next_deadline(date(2026, 9, 1)) == date(2026, 10, 1)
    assert call.status(date(2026, 11, 21)) == "open"
    assert call.next_deadline(date(2026, 11, 21)) == date(2027, 2, 1)
    assert call.next_deadline(date(2027, 2, 2)) == date(2027, 6, 1)
    assert call.status(date(2027, 6, 2)) == "closed"


def test_two_stage_only_first_stage_counts_for_new_applicants() -> None:
    call = make_call(
        deadlines=(date(2027, 4, 8), date(2027, 9, 14)),
        deadline_model="two-stage",
        source_status="open",
    )
    assert call.applicant_deadlines == (date(2027, 4, 8),)
    assert call.final_deadline == date(2027, 4, 8)
    assert call.next_deadline(date(2027, 1, 1)) == date(2027, 4, 8)
    assert call.status(date(2027, 4, 8)) == "open"
    assert call.status(date(2027, 5, 1)) == "closed"  # stage 2 is for invited proposals only
    # the second-stage date is kept on the record
    assert call.deadlines[-1] == date(2027, 9, 14)


def test_two_stage_topic_from_the_real_api_sample() -> None:
    sample = json.loads((DATA_DIR / "ft_portal_search_api_response_sample.json").read_text())
    meta = next(
        r["metadata"]
        for r in sample["results"]
        if r["metadata"]["identifier"] == ["HORIZON-MISS-2027-05-SOIL-01-two-stage"]
    )
    call = make_call(
        meta["identifier"][0],
        deadlines=parse_deadlines(meta["deadlineDate"]),
        deadline_model=normalise_deadline_model(meta["deadlineModel"][0]),
        opening_date=parse_date(meta["startDate"][0]),
        source_status="forthcoming",
    )
    assert call.deadlines == (date(2027, 4, 8), date(2027, 9, 14))
    assert call.status(date(2026, 11, 21)) == "forthcoming"  # opens 2027-02-04
    assert call.status(date(2027, 3, 1)) == "open"
    assert call.next_deadline(date(2027, 3, 1)) == date(2027, 4, 8)
    assert call.status(date(2027, 6, 1)) == "closed"


def test_dict_round_trip_and_stable_hash() -> None:
    call = make_call(
        keywords=("a", "b"),
        opening_date=date(2027, 1, 1),
        budget_min=0,
        budget_max=10,
        deadlines=(date(2027, 2, 1), date(2027, 1, 15)),
    )
    data = call.to_dict()
    assert json.loads(json.dumps(data)) == data  # JSON-ready
    assert data["deadlines"] == ["2027-01-15", "2027-02-01"]
    again = Call.from_dict(data)
    assert again == call
    assert again.content_hash == call.content_hash
    assert len(call.content_hash) == 64
    assert make_call(title="other").content_hash != call.content_hash
    # a known value: the hash must not depend on the process (no hash(), no set ordering)
    assert make_call().content_hash == make_call().content_hash


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": ""}, "id"),
        ({"budget_min": -1}, "budget_min"),
        ({"budget_min": 5, "budget_max": 4}, "budget_min"),
        ({"budget_max": 1.5}, "budget_max"),
        ({"source_status": "maybe"}, "source_status"),
        ({"deadline_model": "three-stage"}, "deadline_model"),
        ({"deadlines": ("2027-01-01",)}, "deadlines"),
    ],
)
def test_invalid_record_names_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(RecordError) as info:
        make_call(**change)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "t", "url": "u"}, "id"),
        ({"id": "X", "title": "t", "url": "u", "colour": "red"}, "colour"),
        ({"id": "X", "title": "t", "url": "u", "deadlines": ["2027-02-30"]}, "deadlines"),
        ({"id": "X", "title": "t", "url": "u", "keywords": "a,b"}, "keywords"),
    ],
)
def test_from_dict_rejects_bad_data(data: dict[str, object], field: str) -> None:
    with pytest.raises(RecordError) as info:
        Call.from_dict(data)
    assert info.value.field == field


def test_payload_item_matches_architecture() -> None:
    call = make_call(
        deadlines=(date(2026, 10, 1), date(2027, 2, 1)), deadline_model="multiple cut-off"
    )
    item = CallHit.of(call, date(2026, 11, 21)).to_dict()
    assert item == {
        "id": "TEST-01",
        "title": "A test topic",
        "programme": "Horizon Europe",
        "status": "open",
        "deadline": "2027-02-01",
        "url": "https://example.org/test-01",
    }
    assert CallHit.of(call, date(2027, 3, 1)).to_dict()["status"] == "closed"
    assert CallHit.of(call, date(2027, 3, 1)).to_dict()["deadline"] == "2027-02-01"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-09-15", (date(2026, 9, 15),)),
        ("2026-09-15T00:00:00.000+0000", (date(2026, 9, 15),)),
        (
            ["2027-04-08T00:00:00.000+0000", "2027-09-14T00:00:00.000+0000"],
            (date(2027, 4, 8), date(2027, 9, 14)),
        ),
        ("2027-09-14, 2027-04-08; 2027-04-08", (date(2027, 4, 8), date(2027, 9, 14))),
        ("2027-04-08 2027-09-14", (date(2027, 4, 8), date(2027, 9, 14))),
        ("", ()),
        (None, ()),
    ],
)
def test_parse_deadlines(raw: object, expected: tuple[date, ...]) -> None:
    assert parse_deadlines(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "raw", ["2026-02-30", "soon", "15/09/2026", "2026-09-15x", ["2026-09-15", 5]]
)
def test_parse_deadlines_rejects_bad_dates(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_deadlines(raw)  # type: ignore[arg-type]


def test_deadline_models() -> None:
    assert normalise_deadline_model("multiple cut-off") == "multiple cut-off"
    assert normalise_deadline_model("Two-Stage") == "two-stage"
    assert normalise_deadline_model("single_stage") == "single-stage"
    assert normalise_deadline_model("") is None
    assert normalise_deadline_model("weird") is None


def test_library_reads_no_clock() -> None:
    # The status rule must take today from the caller: no hidden date.today() in the library.
    package = Path(__file__).resolve().parents[3] / "knowledge" / "calls"
    clock_calls = []
    for module in package.glob("*.py"):
        if module.name == "cli.py":  # the CLI is the clock's edge (--today or the machine date)
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"today", "now", "utcnow", "time"}
            ):
                clock_calls.append(f"{module.name}:{node.lineno}")
    assert clock_calls == []
