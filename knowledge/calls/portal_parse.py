"""Pure parsing of EU Funding & Tenders portal search API responses (no I/O, no network).

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

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.calls.dates import parse_date
from knowledge.calls.errors import PortalResponseError, RecordError
from knowledge.calls.ingest import call_from_snapshot_row
from knowledge.calls.records import Call, Status
from knowledge.calls.text import find_programme

#: The portal's status codes (facet API labels).
STATUS_BY_CODE: dict[str, Status] = {
    "31094501": "forthcoming",
    "31094502": "open",
    "31094503": "closed",
}
#: ``type`` code of grant topics (0 tenders, 2 other grants, 8 cascade funding).
GRANT_TOPIC_TYPE = "1"
#: Data source of portal FAQ documents: what the server returns when it ignores the filter.
FAQ_DATASOURCE = "SEDIA_FAQ"


@dataclass(frozen=True)
class SearchPage:
    """One parsed page of the search API.

    Attributes:
        total_results: ``totalResults`` announced by the server (duplicates included).
        results: The raw result objects, in server order.
    """

    total_results: int
    results: tuple[dict[str, Any], ...]


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


def parse_search_page(body: bytes | str) -> SearchPage:
    """Parse the body of one search response.

    Args:
        body: The raw HTTP body.

    Returns:
        The page.

    Raises:
        PortalResponseError: The body is not JSON, or not an object with an integer
            ``totalResults`` and a ``results`` list of objects.
    """
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        snippet = body[:80] if isinstance(body, str) else body[:80].decode("utf-8", "replace")
        raise PortalResponseError(
            f"the portal's answer is not valid JSON ({exc}); it began with {snippet!r}"
        ) from None
    if not isinstance(data, dict):
        raise PortalResponseError(
            f"the portal's answer is a JSON {type(data).__name__}, not a search envelope object"
        )
    total = data.get("totalResults")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise PortalResponseError(
            f"the portal's answer has no valid 'totalResults' (got {total!r:.40}); "
            "is the base URL the search endpoint?"
        )
    results = data.get("results")
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise PortalResponseError(
            f"the portal's answer has no 'results' list of objects (got {results!r:.60})"
        )
    return SearchPage(total_results=total, results=tuple(results))


# --- metadata helpers -------------------------------------------------------------------------


def first(metadata: Mapping[str, Any], name: str) -> str:
    """Return the first non-empty value of a metadata field as text.

    Args:
        metadata: The result's ``metadata`` object.
        name: Field name.

    Returns:
        The value (fields are arrays, but a bare string or number is accepted), or ``""``.
    """
    value = metadata.get(name)
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, int | float) and not isinstance(item, bool):
            return str(item)
    return ""


def all_text(metadata: Mapping[str, Any], name: str) -> list[str]:
    """Return every non-empty string of a metadata field (a bare string counts as one)."""
    value = metadata.get(name)
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def decode_embedded_json(
    metadata: Mapping[str, Any], name: str, entry_marker: str
) -> tuple[list[dict[str, Any]], str | None]:
    """Decode a metadata field that holds JSON encoded as a string (``actions``, ``budgetOverview``).

    When the string is malformed (typically cut short), every complete JSON object that starts
    with ``entry_marker`` before the damage is salvaged.

    Args:
        metadata: The result's ``metadata`` object.
        name: Field name.
        entry_marker: Text that starts each entry object, e.g. ``'{"action"'``.

    Returns:
        ``(objects, problem)``: the decoded top-level objects (dicts; a top-level list is
        flattened) or the salvaged entries, and a sentence describing the damage, or ``None``.
    """
    decoded: list[dict[str, Any]] = []
    problems: list[str] = []
    value = metadata.get(name)
    items = value if isinstance(value, list) else [value]
    for item in items:
        if item is None or item == "":
            continue
        if isinstance(item, dict | list):
            parsed: Any = item
        elif isinstance(item, str):
            try:
                parsed = json.loads(item)
            except json.JSONDecodeError as exc:
                salvaged = salvage_objects(item, entry_marker)
                problems.append(
                    f"'{name}' is malformed JSON ({exc.msg}; character {exc.pos} of "
                    f"{len(item)}); {len(salvaged)} complete entries salvaged"
                )
                decoded.extend(salvaged)
                continue
        else:
            problems.append(f"'{name}' holds a {type(item).__name__}, not JSON text; ignored")
            continue
        parts = parsed if isinstance(parsed, list) else [parsed]
        decoded.extend(p for p in parts if isinstance(p, dict))
    return decoded, "; ".join(problems) or None


def salvage_objects(text: str, marker: str) -> list[dict[str, Any]]:
    """Return every complete JSON object of ``text`` that starts with ``marker``.

    Args:
        text: Possibly truncated JSON text.
        marker: The start of the wanted objects, e.g. ``'{"action"'``.

    Returns:
        The objects that decode whole, in order; nested matches inside a decoded object are not
        returned twice.
    """
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    position = text.find(marker)
    while position != -1:
        try:
            obj, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            position = text.find(marker, position + 1)
            continue
        if isinstance(obj, dict):
            found.append(obj)
        position = text.find(marker, end)
    return found


def _keywords(metadata: Mapping[str, Any]) -> tuple[list[str], str | None]:
    """Keywords then tags; a legacy JSON-encoded keyword string is decoded."""
    out: list[str] = []
    problem = None
    for item in all_text(metadata, "keywords"):
        if item.startswith("[") or (item.startswith('"') and item.endswith('"')):
            try:
                decoded = json.loads(item)
            except json.JSONDecodeError as exc:
                problem = f"'keywords' is malformed JSON ({exc.msg}); read as comma-separated text"
                out.extend(item.strip('[]"').replace('"', "").split(","))
                continue
            if isinstance(decoded, list):
                out.extend(str(k) for k in decoded if isinstance(k, str | int | float))
            elif isinstance(decoded, str):
                out.extend(decoded.split(","))
        elif isinstance(metadata.get("keywords"), str):
            out.extend(item.split(","))  # a bare comma-separated string
        else:
            out.append(item)  # a list item: commas belong to the keyword
    out.extend(all_text(metadata, "tags"))
    return out, problem


def _budget(
    entries: Sequence[Mapping[str, Any]], topic_id: str
) -> tuple[int | None, int | None, int | None]:
    """Per-grant minimum, maximum and expected grants of ``topic_id`` from budgetOverview.

    ``budgetTopicActionMap`` lists every topic of the call; an entry belongs to the topic when its
    ``action`` is ``"<topic id> - <type of action>"``.
    """
    mins: list[int] = []
    maxs: list[int] = []
    grants: list[int] = []
    for entry in entries:
        action = entry.get("action")
        if not isinstance(action, str) or action.split(" - ", 1)[0].strip() != topic_id:
            continue
        for key, bucket in (
            ("minContribution", mins),
            ("maxContribution", maxs),
            ("expectedGrants", grants),
        ):
            number = _whole_number(entry.get(key))
            if number is not None:
                bucket.append(number)
    low = min(mins) if mins else None
    high = max(maxs) if maxs else None
    if low is not None and high is not None and low > high:
        low, high = None, None  # contradictory figures: better none than wrong ones
    return low, high, sum(grants) if grants else None


def _budget_entries(overviews: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    entries: list[Mapping[str, Any]] = []
    for overview in overviews:
        if "action" in overview:  # a salvaged entry
            entries.append(overview)
            continue
        actions_map = overview.get("budgetTopicActionMap")
        if isinstance(actions_map, dict):
            for items in actions_map.values():
                if isinstance(items, list):
                    entries.extend(i for i in items if isinstance(i, dict))
    return entries


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int | float) and value >= 0 and float(value).is_integer():
        return int(value)
    return None


def _status(metadata: Mapping[str, Any], actions: Sequence[Mapping[str, Any]]) -> Status | None:
    code = first(metadata, "status")
    if code in STATUS_BY_CODE:
        return STATUS_BY_CODE[code]
    for action in actions:
        status = action.get("status")
        if isinstance(status, dict):
            by_id = STATUS_BY_CODE.get(str(status.get("id", "")))
            label = str(status.get("abbreviation") or "").strip().casefold()
            if by_id or label in STATUS_BY_CODE.values():
                return by_id or label  # type: ignore[return-value]
    return None


def _from_actions(actions: Sequence[Mapping[str, Any]], key: str) -> Any:
    for action in actions:
        value = action.get(key)
        if value:
            return value
    return None


def _action_type(actions: Sequence[Mapping[str, Any]]) -> str:
    for action in actions:
        for kind in action.get("types") or ():
            if isinstance(kind, dict) and isinstance(kind.get("typeOfAction"), str):
                return kind["typeOfAction"]
    return ""


def _date_key(metadata: Mapping[str, Any]) -> date:
    for name in ("es_SortDate", "startDate"):
        try:
            return parse_date(first(metadata, name))
        except ValueError:
            continue
    return date.min


# --- results ----------------------------------------------------------------------------------


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
    keywords, problem = _keywords(metadata)
    if problem:
        problems.append(problem)
    budget_min, budget_max, grants = _budget(_budget_entries(overviews), topic_id)

    deadlines: Any = all_text(metadata, "deadlineDate") or _from_actions(actions, "deadlineDates")
    procedure = _from_actions(actions, "submissionProcedure")
    prefix = topic_id.split("-", 1)[0]
    row: dict[str, Any] = {
        "topicId": topic_id,
        "title": title,
        "programme": prefix if find_programme(prefix) else "",
        "programmeId": first(metadata, "frameworkProgramme"),
        "callIdentifier": first(metadata, "callIdentifier"),
        "callTitle": first(metadata, "callTitle"),
        "actionType": _action_type(actions),
        "typesOfAction": "; ".join(all_text(metadata, "typesOfAction")),
        "deadline": deadlines if isinstance(deadlines, str | list) else "",
        "deadlineModel": first(metadata, "deadlineModel"),
        "submissionProcedure": procedure if isinstance(procedure, dict) else None,
        "startDate": first(metadata, "startDate") or _from_actions(actions, "plannedOpeningDate"),
        "callStatus": _status(metadata, actions),
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
    freshness = (has_content, _date_key(metadata), int(ccm2) if ccm2.isdigit() else -1)
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
