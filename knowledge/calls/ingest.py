"""Reading the shipped portal snapshot (JSON lines) into :class:`~knowledge.calls.records.Call`.

Every line must be a JSON object with at least ``topicId``; a malformed line stops the load with
an error naming the file, the line and the field. Nothing is dropped silently: repeated topic ids
are skipped (first one kept) and listed in the :class:`IngestReport`, blank lines are counted.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.calls.dates import parse_deadlines, parse_optional_date
from knowledge.calls.errors import CallsError, RecordError, SnapshotFormatError
from knowledge.calls.paths import SNAPSHOT_PATH
from knowledge.calls.records import STATUSES, Call, normalise_deadline_model
from knowledge.calls.text import (
    find_programme,
    normalise_action_type,
    normalise_programme,
    repair_text,
    split_keywords,
)

logger = logging.getLogger(__name__)

#: Date the shipped snapshot was taken; its ``callStatus`` values are as of this day.
SNAPSHOT_AS_OF = date(2026, 8, 10)
#: Where the shipped snapshot comes from (see knowledge/data/calls/README.md).
SNAPSHOT_SOURCE = (
    "EU Funding & Tenders portal topics snapshot ft_portal_topics_2026-08.jsonl "
    "(GitHub OscarSalgado/CordisData data/calls/open.jsonl.gz @307d0a20)"
)
PORTAL_TOPIC_URL = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    "topic-details/{}"
)


@dataclass(frozen=True)
class IngestReport:
    """What a snapshot load did.

    Attributes:
        path: The file read.
        lines: Lines in the file (blank ones included).
        loaded: Calls returned.
        blank_lines: Empty lines ignored.
        duplicates: ``(topic id, line)`` of each repeated topic that was skipped.
        forced_closed: Topic ids marked closed because a closed-ids list named them.
    """

    path: Path
    lines: int
    loaded: int
    blank_lines: int
    duplicates: tuple[tuple[str, int], ...]
    forced_closed: tuple[str, ...]

    def summary(self) -> str:
        """Return a one-line human summary, e.g. for the CLI."""
        return (
            f"{self.loaded} calls loaded from {self.path.name} ({self.lines} lines, "
            f"{len(self.duplicates)} duplicate ids skipped, {self.blank_lines} blank lines, "
            f"{len(self.forced_closed)} marked closed by the closed-ids list)"
        )


def _field(row: dict[str, Any], name: str, kind: type | tuple[type, ...], default: Any) -> Any:
    value = row.get(name, default)
    if value is None:
        return default
    if not isinstance(value, kind) or isinstance(value, bool):
        expected = (
            kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        )
        raise RecordError(name, f"must be {expected}, got {value!r:.80}")
    return value


def _text(row: dict[str, Any], name: str) -> str:
    return _field(row, name, str, "")


def _optional_int(row: dict[str, Any], name: str) -> int | None:
    value = row.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(name, f"must be a whole number of euro or null, got {value!r:.80}")
    if isinstance(value, float) and not value.is_integer():
        raise RecordError(name, f"must be a whole number, got {value!r}")
    if value < 0:
        raise RecordError(name, f"must not be negative, got {value!r}")
    return int(value)


def call_from_snapshot_row(row: dict[str, Any]) -> Call:
    """Turn one snapshot object into a clean :class:`Call` (pure; no I/O).

    Args:
        row: One parsed JSON line of ``ft_portal_topics_*.jsonl``.

    Returns:
        The call, text repaired, programme and type of action normalised.

    Raises:
        RecordError: A field is missing or invalid; ``error.field`` names the snapshot field.
    """
    topic_id = row.get("topicId")
    if not isinstance(topic_id, str) or not topic_id.strip():
        raise RecordError("topicId", f"must be a non-empty string, got {topic_id!r:.80}")
    topic_id = topic_id.strip()

    deadline_raw = _field(row, "deadline", (str, list), "")
    try:
        deadlines = parse_deadlines(deadline_raw)
    except ValueError as exc:
        raise RecordError("deadline", str(exc)) from None
    opening_raw = _field(row, "startDate", str, "") or _field(row, "openingDate", str, "")
    try:
        opening = parse_optional_date(opening_raw)
    except ValueError as exc:
        raise RecordError(
            "startDate" if row.get("startDate") else "openingDate", str(exc)
        ) from None

    status = _text(row, "callStatus").strip().casefold() or None
    if status is not None and status not in STATUSES:
        raise RecordError("callStatus", f"must be one of {', '.join(STATUSES)}, got {status!r}")

    model_raw = _text(row, "deadlineModel")
    if not model_raw:
        procedure = _field(row, "submissionProcedure", dict, {})
        model_raw = str(procedure.get("abbreviation") or "")

    budget_min = _optional_int(row, "budgetMin")
    budget_max = _optional_int(row, "budgetMax")
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise RecordError("budgetMin", f"{budget_min} is above budgetMax {budget_max}")

    programme_name = _text(row, "programme")
    programme_id = _field(row, "programmeId", (str, int), "")
    programme = find_programme(programme_name, str(programme_id))
    keywords = _field(row, "keywords", (str, list), "")
    url = _text(row, "portalUrl").strip() or PORTAL_TOPIC_URL.format(topic_id.lower())

    return Call(
        id=topic_id,
        title=repair_text(_text(row, "title")),
        url=url,
        programme=normalise_programme(programme_name, str(programme_id)),
        programme_code=programme.code if programme else None,
        action_type=normalise_action_type(_text(row, "actionType"), _text(row, "typesOfAction")),
        types_of_action=repair_text(_text(row, "typesOfAction")),
        call_id=repair_text(_text(row, "callIdentifier")),
        call_title=repair_text(_text(row, "callTitle")),
        deadlines=deadlines,
        deadline_model=normalise_deadline_model(model_raw),
        opening_date=opening,
        budget_min=budget_min,
        budget_max=budget_max,
        expected_grants=_optional_int(row, "expectedGrants"),
        keywords=split_keywords(keywords),
        description=repair_text(_text(row, "description")),
        conditions=repair_text(_text(row, "topicConditions")),
        source_status=status,  # type: ignore[arg-type]
    )


def read_snapshot(
    path: str | os.PathLike[str] = SNAPSHOT_PATH,
    *,
    closed_ids: Iterable[str] = (),
    convert: Callable[[dict[str, Any]], Call] = call_from_snapshot_row,
) -> tuple[list[Call], IngestReport]:
    """Read a snapshot file and report what was done.

    Args:
        path: The JSON-lines file.
        closed_ids: Topic ids known to be closed (e.g. from the portal's closed list); their
            ``source_status`` becomes ``closed``.
        convert: Row-to-call function (the snapshot format by default).

    Returns:
        The calls in file order (first occurrence of each id) and the report.

    Raises:
        SnapshotFormatError: A line is not a JSON object or has a bad field (file, line, field).
        CallsError: The file cannot be read.
    """
    path = Path(path)
    closed = frozenset(closed_ids)
    calls: list[Call] = []
    seen: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    forced: list[str] = []
    blank = 0
    line_no = 0
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise CallsError(f"cannot read snapshot {path}: {exc.strerror or exc}") from None
    with handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                blank += 1
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SnapshotFormatError(
                    path, line_no, None, f"not valid JSON ({exc.msg})"
                ) from None
            if not isinstance(row, dict):
                raise SnapshotFormatError(
                    path, line_no, None, f"expected a JSON object, got {type(row).__name__}"
                )
            try:
                call = convert(row)
            except RecordError as exc:
                raise SnapshotFormatError(path, line_no, exc.field, exc.problem) from None
            if call.id in seen:
                duplicates.append((call.id, line_no))
                continue
            seen[call.id] = line_no
            if call.id in closed and call.source_status != "closed":
                call = _replace_status(call)
                forced.append(call.id)
            calls.append(call)
    report = IngestReport(
        path=path,
        lines=line_no,
        loaded=len(calls),
        blank_lines=blank,
        duplicates=tuple(duplicates),
        forced_closed=tuple(forced),
    )
    if duplicates:
        logger.warning(
            "%s: skipped %d repeated topic ids (first kept): %s",
            path.name,
            len(duplicates),
            ", ".join(f"{i} (line {n})" for i, n in duplicates[:10]),
        )
    return calls, report


def _replace_status(call: Call) -> Call:
    data = call.to_dict()
    data["source_status"] = "closed"
    return Call.from_dict(data)


def load_snapshot(
    path: str | os.PathLike[str] = SNAPSHOT_PATH, *, closed_ids: Iterable[str] = ()
) -> list[Call]:
    """Load a snapshot file into calls (see :func:`read_snapshot` for the report).

    Args:
        path: The JSON-lines file; the shipped snapshot by default.
        closed_ids: Topic ids known to be closed.

    Returns:
        The calls, one per topic id, in file order. Skipped duplicates are logged.

    Raises:
        SnapshotFormatError: A line is malformed; the message names file, line and field.
    """
    return read_snapshot(path, closed_ids=closed_ids)[0]


def load_closed_ids(path: str | os.PathLike[str]) -> frozenset[str]:
    """Read a closed-topics changelog (``{"date", "summary", "events": [{"topicId"}...]}``).

    Args:
        path: The JSON file, e.g. ``ft_portal_closed_topic_ids_2026-08-10.json``.

    Returns:
        The topic ids it lists.

    Raises:
        SnapshotFormatError: The file is not in that shape (line 1, field named).
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CallsError(f"cannot read closed-ids file {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise SnapshotFormatError(path, exc.lineno, None, f"not valid JSON ({exc.msg})") from None
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list):
        raise SnapshotFormatError(path, 1, "events", "must be a list of {topicId} objects")
    ids: set[str] = set()
    for event in events:
        topic = event.get("topicId") if isinstance(event, dict) else None
        if not isinstance(topic, str) or not topic:
            raise SnapshotFormatError(path, 1, "events.topicId", f"bad event {event!r:.80}")
        ids.add(topic)
    return frozenset(ids)
