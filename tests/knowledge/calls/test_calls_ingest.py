"""Ingest of the real portal snapshot and of malformed files."""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from calls_helpers import AS_OF, LATER

from knowledge.calls.errors import SnapshotFormatError
from knowledge.calls.ingest import (
    call_from_snapshot_row,
    load_closed_ids,
    load_snapshot,
    read_snapshot,
)
from knowledge.calls.paths import CLOSED_IDS_PATH, SNAPSHOT_PATH
from knowledge.calls.records import Call

MOJIBAKE_MARKERS = ("â€", "Ã©", "Â", "â‚", "ï·")


def test_real_snapshot_loads_all_629_topics(snapshot_load: tuple[list[Call], Any]) -> None:
    snapshot_calls, report = snapshot_load
    assert len(snapshot_calls) == 629
    assert len({c.id for c in snapshot_calls}) == 629
    assert report.path == SNAPSHOT_PATH
    assert report.loaded == report.lines == 629
    assert report.duplicates == () and report.blank_lines == 0


def test_no_mojibake_left_in_any_text(snapshot_calls: list[Call], snapshot_rows: dict) -> None:
    # the defect is real: 601 topics have it in description or conditions
    damaged = [
        r
        for r in snapshot_rows.values()
        if any("â€" in r[f] for f in ("description", "topicConditions"))
    ]
    assert len(damaged) >= 590
    for call in snapshot_calls:
        for field in ("title", "description", "conditions", "call_title", "types_of_action"):
            text = getattr(call, field)
            assert not any(m in text for m in MOJIBAKE_MARKERS), (call.id, field, text[:120])
        assert not any("â€" in k for k in call.keywords), call.id
        assert not call.conditions.startswith('">'), call.id


def test_fields_are_mapped(snapshot_by_id: dict[str, Call]) -> None:
    call = snapshot_by_id["ERC-2026-POC"]
    assert call.title == "ERC PROOF OF CONCEPT GRANTS"
    assert call.programme == "Horizon Europe" and call.programme_code == "HORIZON"
    assert call.action_type == "GRANT"
    assert call.types_of_action == "HORIZON ERC Proof of Concept Grants"
    assert call.call_id == "ERC-2026-POC"
    assert call.call_title == "Call for proposals for ERC Proof of Concept"
    assert call.deadlines == (date(2026, 3, 17),)
    assert call.deadline_model == "multiple cut-off"
    assert (call.budget_min, call.budget_max, call.expected_grants) == (150_000, 150_000, 400)
    assert call.keywords == ("ERC-2026-POC",)
    assert call.url.endswith("/topic-details/erc-2026-poc")
    assert call.source_status == "closed"

    europeaid = snapshot_by_id["EuropeAid/186661/DD/ACT/JM"]
    assert europeaid.programme == "EU External Action (PROSPECT)"
    assert europeaid.action_type is None and europeaid.budget_max is None
    assert europeaid.deadline_model is None
    assert europeaid.url.startswith("https://ec.europa.eu/info/funding-tenders/")


def test_every_topic_keeps_its_portal_url(snapshot_calls: list[Call]) -> None:
    prefix = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    assert all(c.url.startswith(prefix) for c in snapshot_calls)


def test_status_counts_with_a_fixed_clock(snapshot_calls: list[Call]) -> None:
    # On the snapshot date the computed status agrees with the source.
    on_snapshot_day = Counter(c.status(AS_OF) for c in snapshot_calls)
    assert on_snapshot_day == {"open": 363, "forthcoming": 262, "closed": 4}
    assert all(c.status(AS_OF) == c.source_status for c in snapshot_calls)
    # 103 days later, 345 topics have passed their deadline.
    later = Counter(c.status(LATER) for c in snapshot_calls)
    assert later == {"open": 23, "forthcoming": 261, "closed": 345}
    for call in snapshot_calls:
        if call.status(LATER) != "closed":
            assert call.final_deadline is not None and call.final_deadline >= LATER, call.id


def test_source_open_but_deadline_passed_is_closed(
    snapshot_by_id: dict[str, Call], snapshot_rows: dict[str, Any]
) -> None:
    row = snapshot_rows["HORIZON-CID-2026-01-02"]
    assert row["callStatus"] == "open" and row["deadline"] == "2026-09-15"
    call = snapshot_by_id["HORIZON-CID-2026-01-02"]
    assert call.status(AS_OF) == "open"
    assert call.status(date(2026, 9, 15)) == "open"
    assert call.status(date(2026, 9, 16)) == "closed"
    assert call.status(LATER) == "closed"
    assert call.next_deadline(LATER) is None


def test_real_multi_cut_off_and_two_stage_topics(snapshot_by_id: dict[str, Call]) -> None:
    multi = snapshot_by_id["EDF-EDIP-P-2026-2027-FNLC-SA-SEAP"]
    assert multi.deadline_model == "multiple cut-off"
    assert multi.status(AS_OF) == "forthcoming"
    assert multi.next_deadline(AS_OF) == date(2026, 10, 13)
    assert multi.status(LATER) == "closed"

    two_stage = snapshot_by_id["HORIZON-MISS-2027-05-SOIL-01-two-stage"]
    assert two_stage.deadline_model == "two-stage"
    assert two_stage.deadlines == (date(2027, 4, 8),)  # the snapshot keeps stage 1 only
    assert two_stage.status(LATER) == "forthcoming"
    assert two_stage.next_deadline(LATER) == date(2027, 4, 8)
    assert two_stage.status(date(2027, 4, 9)) == "closed"


# --- malformed files ---------------------------------------------------------------------------


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "topics.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(**changes: Any) -> str:
    row: dict[str, Any] = {
        "topicId": "T-1",
        "title": "Caf\u00c3\u00a9 culture",
        "programme": "Horizon Europe",
        "programmeId": "43108390",
        "actionType": "RIA",
        "deadline": "2027-01-15",
        "callStatus": "open",
        "budgetMin": 1000,
        "budgetMax": 2000,
        "keywords": "a, b",
        "portalUrl": "https://example.org/t-1",
    }
    for key, value in changes.items():
        if value is ...:
            row.pop(key, None)
        else:
            row[key] = value
    return json.dumps(row)


@pytest.mark.parametrize(
    ("bad_line", "field", "problem"),
    [
        ('{"topicId": "T-2", "title": ', None, "not valid JSON"),
        ("[1, 2, 3]", None, "expected a JSON object"),
        (_row(topicId=...), "topicId", "non-empty string"),
        (_row(topicId="  "), "topicId", "non-empty string"),
        (_row(deadline="2027-02-30"), "deadline", "not a real date"),
        (_row(deadline="next spring"), "deadline", "not a date"),
        (_row(budgetMin="a lot"), "budgetMin", "whole number"),
        (_row(budgetMax=-5), "budgetMax", "negative"),
        (_row(budgetMin=5000, budgetMax=10), "budgetMin", "above budgetMax"),
        (_row(callStatus="maybe"), "callStatus", "must be one of"),
        (_row(title=42), "title", "must be str"),
        (_row(startDate="2027-13-01"), "startDate", "not a real date"),
    ],
)
def test_malformed_line_names_file_line_and_field(
    tmp_path: Path, bad_line: str, field: str | None, problem: str
) -> None:
    path = _write(tmp_path, [_row(), "", bad_line, _row(topicId="T-3")])
    with pytest.raises(SnapshotFormatError) as info:
        load_snapshot(path)
    error = info.value
    assert error.path == path and error.line == 3 and error.field == field
    assert problem in str(error)
    assert str(error).startswith(f"{path}, line 3")
    if field:
        assert f"field '{field}'" in str(error)


def test_duplicates_and_blank_lines_are_counted_not_silent(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, [_row(), "", _row(topicId="T-2"), _row(title="second copy"), "   "])
    with caplog.at_level(logging.WARNING, logger="knowledge.calls.ingest"):
        calls, report = read_snapshot(path)
    assert [c.id for c in calls] == ["T-1", "T-2"]
    assert calls[0].title == "Café culture"  # first occurrence kept, text repaired
    assert report.duplicates == (("T-1", 4),)
    assert report.blank_lines == 2 and report.lines == 5 and report.loaded == 2
    assert "1 duplicate ids skipped" in report.summary()
    assert "T-1 (line 4)" in caplog.text


def test_closed_ids_mark_topics_closed(tmp_path: Path) -> None:
    path = _write(tmp_path, [_row(), _row(topicId="T-2")])
    calls, report = read_snapshot(path, closed_ids={"T-2"})
    by_id = {c.id: c for c in calls}
    assert by_id["T-2"].source_status == "closed"
    assert by_id["T-2"].status(date(2026, 1, 1)) == "closed"
    assert by_id["T-1"].status(date(2026, 1, 1)) == "open"
    assert report.forced_closed == ("T-2",)


def test_real_closed_ids_file() -> None:
    ids = load_closed_ids(CLOSED_IDS_PATH)
    assert len(ids) == 6222  # 6,305 events; some topics appear more than once
    assert "HORIZON-EIC-2026-PRIZE-ICAPITAL-01" in ids


def test_bad_closed_ids_file(tmp_path: Path) -> None:
    path = tmp_path / "closed.json"
    path.write_text('{"events": "nope"}', encoding="utf-8")
    with pytest.raises(SnapshotFormatError, match="field 'events'"):
        load_closed_ids(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="cannot read snapshot"):
        load_snapshot(tmp_path / "nope.jsonl")


def test_row_conversion_accepts_api_style_values() -> None:
    row = json.loads(
        _row(
            deadline=["2027-04-08T00:00:00.000+0000", "2027-09-14T00:00:00.000+0000"],
            deadlineModel="",
            submissionProcedure={"abbreviation": "two-stage"},
            keywords=["Soil", "Soil", "Agriculture"],
            startDate="2027-02-04T00:00:00.000+0000",
            description="<p>Expected Outcome:</p><p>Living labs &amp; soil</p>",
            portalUrl="",
            budgetMin=None,
            budgetMax=None,
        )
    )
    call = call_from_snapshot_row(row)
    assert call.deadlines == (date(2027, 4, 8), date(2027, 9, 14))
    assert call.deadline_model == "two-stage"
    assert call.opening_date == date(2027, 2, 4)
    assert call.keywords == ("Soil", "Agriculture")
    assert call.description == "Expected Outcome: Living labs & soil"
    assert call.url.endswith("/topic-details/t-1")
    assert call.budget_min is None
