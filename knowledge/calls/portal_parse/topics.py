"""One search result to one call: the parsed record, skipped results, duplicates (pure).

The search API (see ``knowledge/data/calls/API_NOTES.md``) answers with an envelope
``{"totalResults", "pageNumber", "pageSize", "results": [...]}``. Each result has a ``metadata``
object whose quirks are handled here:

- every metadata field is an array, even single values (:func:`first`);
- ``actions`` and ``budgetOverview`` are JSON encoded as strings (parsed a second time), and may be
  cut short: the complete entries before the cut are salvaged, the record is kept with what the
  other fields give, and the problem is returned so the caller can log and report it;
- ``descriptionByte`` is HTML (cleaned by :func:`~knowledge.calls.text.repair_text`);
- ``deadlineDate`` may hold several dates; timestamps look like ``2027-02-04T00:00:00.000+0000``;
- ``keywords`` is a list in new records and one JSON-encoded string in legacy ones;
- results can repeat an older or stub record of the same topic (:func:`dedupe`).

A result is turned into a snapshot-style row and converted by the snapshot's own converter
(:func:`~knowledge.calls.ingest.call_from_snapshot_row`), so text repair, programme and type of
action normalisation and validation are the same for both sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.calls.errors import RecordError
from knowledge.calls.ingest import call_from_snapshot_row
from knowledge.calls.portal_parse.envelope import FAQ_DATASOURCE, GRANT_TOPIC_TYPE
from knowledge.calls.portal_parse.metadata import (
    action_type_text,
    all_text,
    budget_entries,
    date_key,
    decode_embedded_json,
    first,
    from_actions,
    read_keywords,
    read_status,
    topic_budget,
)
from knowledge.calls.records import Call
from knowledge.calls.text import find_programme


@dataclass(frozen=True)
class PortalRecord:
    """A result converted to a call, with what is needed to pick among duplicates.

    Attributes:
        call: The clean call.
        reference: The result's ``reference`` (e.g. ``50138952TOPICSen``), for messages.
        freshness: Sort key; the greatest is the newest, richest record of a topic.
        problems: Non-fatal problems (e.g. a truncated ``budgetOverview``); the record was kept
            with the figures the other fields give.
    """

    call: Call
    reference: str
    freshness: tuple[bool, date, int]
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkippedResult:
    """A result that could not be used, and why.

    Attributes:
        identifier: The topic id when the result had one, else ``None``.
        reference: The result's ``reference`` when present, else ``""``.
        reason: One sentence naming the field and the value received.
    """

    identifier: str | None
    reference: str
    reason: str

    def __str__(self) -> str:
        return f"{self.identifier or self.reference or '<no id>'}: {self.reason}"


def result_identifier(result: Mapping[str, Any]) -> str | None:
    """Return the topic id of a raw result, or ``None`` when it has none."""
    metadata = result.get("metadata")
    if not isinstance(metadata, dict):
        return None
    return first(metadata, "identifier") or None


def parse_result(result: Mapping[str, Any]) -> PortalRecord:
    """Convert one search result to a :class:`PortalRecord` (pure).

    Args:
        result: One element of the envelope's ``results``.

    Returns:
        The record; malformed ``actions``/``budgetOverview``/``keywords`` are survived and listed
        in ``problems``.

    Raises:
        RecordError: The result is not a usable grant topic (FAQ document, another type, no
            identifier or title, a deadline that is not a date...); ``field`` names the API field.
    """
    metadata = result.get("metadata")
    if not isinstance(metadata, dict):
        raise RecordError("metadata", f"must be an object, got {metadata!r:.60}")
    source = first(metadata, "DATASOURCE") or str(result.get("database") or "")
    if source == FAQ_DATASOURCE:
        raise RecordError("DATASOURCE", f"is {FAQ_DATASOURCE}: a portal FAQ, not a funding topic")
    kind = first(metadata, "type")
    if kind and kind != GRANT_TOPIC_TYPE:
        raise RecordError("type", f"is {kind!r}, not {GRANT_TOPIC_TYPE!r} (grant topic)")
    topic_id = first(metadata, "identifier")
    if not topic_id:
        raise RecordError("identifier", "is missing or empty")
    title = first(metadata, "title") or str(result.get("summary") or "")
    if not title.strip():
        raise RecordError("title", "is missing or empty")

    problems: list[str] = []
    actions, problem = decode_embedded_json(metadata, "actions", '{"types"')
    if problem:
        problems.append(problem)
    overviews, problem = decode_embedded_json(metadata, "budgetOverview", '{"action"')
    if problem:
        problems.append(problem)
    keywords, problem = read_keywords(metadata)
    if problem:
        problems.append(problem)
    budget_min, budget_max, grants = topic_budget(budget_entries(overviews), topic_id)

    deadlines: Any = all_text(metadata, "deadlineDate") or from_actions(actions, "deadlineDates")
    procedure = from_actions(actions, "submissionProcedure")
    prefix = topic_id.split("-", 1)[0]
    row: dict[str, Any] = {
        "topicId": topic_id,
        "title": title,
        "programme": prefix if find_programme(prefix) else "",
        "programmeId": first(metadata, "frameworkProgramme"),
        "callIdentifier": first(metadata, "callIdentifier"),
        "callTitle": first(metadata, "callTitle"),
        "actionType": action_type_text(actions),
        "typesOfAction": "; ".join(all_text(metadata, "typesOfAction")),
        "deadline": deadlines if isinstance(deadlines, str | list) else "",
        "deadlineModel": first(metadata, "deadlineModel"),
        "submissionProcedure": procedure if isinstance(procedure, dict) else None,
        "startDate": first(metadata, "startDate") or from_actions(actions, "plannedOpeningDate"),
        "callStatus": read_status(metadata, actions),
        "budgetMin": budget_min,
        "budgetMax": budget_max,
        "expectedGrants": grants,
        "keywords": keywords,
        "portalUrl": first(metadata, "url") or str(result.get("url") or ""),
        "description": first(metadata, "descriptionByte"),
    }
    call = call_from_snapshot_row(row)
    has_content = bool(first(metadata, "status")) and bool(first(metadata, "descriptionByte"))
    ccm2 = first(metadata, "ccm2Id")
    freshness = (has_content, date_key(metadata), int(ccm2) if ccm2.isdigit() else -1)
    return PortalRecord(
        call=call,
        reference=str(result.get("reference") or first(metadata, "REFERENCE")),
        freshness=freshness,
        problems=tuple(problems),
    )


def dedupe(records: Iterable[PortalRecord]) -> tuple[list[PortalRecord], list[PortalRecord]]:
    """Keep one record per topic id: the newest (greatest ``freshness``; first seen on ties).

    ``freshness`` ranks a record with status and description above a stub, then the later
    ``es_SortDate``/``startDate``, then the higher ``ccm2Id`` (the portal's content id).

    Args:
        records: Parsed records in server order.

    Returns:
        ``(kept, dropped)``; ``kept`` in order of first appearance of each topic.
    """
    kept: dict[str, PortalRecord] = {}
    dropped: list[PortalRecord] = []
    for record in records:
        key = record.call.id.casefold()
        current = kept.get(key)
        if current is None:
            kept[key] = record
        elif record.freshness > current.freshness:
            kept[key] = record
            dropped.append(current)
        else:
            dropped.append(record)
    return list(kept.values()), dropped
