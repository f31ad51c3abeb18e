"""Reading a result's ``metadata`` object, whose quirks are handled here (pure).

- every metadata field is an array, even single values (:func:`first`);
- ``actions`` and ``budgetOverview`` are JSON encoded as strings (parsed a second time), and may be
  cut short: the complete entries before the cut are salvaged and the problem is returned so the
  caller can log and report it (:func:`decode_embedded_json`);
- ``keywords`` is a list in new records and one JSON-encoded string in legacy ones;
- ``budgetOverview`` lists every topic of the call (:func:`topic_budget` picks the topic's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from knowledge.calls.dates import parse_date
from knowledge.calls.portal_parse.envelope import STATUS_BY_CODE
from knowledge.calls.records import Status


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


def read_keywords(metadata: Mapping[str, Any]) -> tuple[list[str], str | None]:
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


def topic_budget(
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


def budget_entries(overviews: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The per-topic budget entries of decoded ``budgetOverview`` objects (salvaged ones kept)."""
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


def read_status(metadata: Mapping[str, Any], actions: Sequence[Mapping[str, Any]]) -> Status | None:
    """The status from the ``status`` code, else from the first action that states one."""
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


def from_actions(actions: Sequence[Mapping[str, Any]], key: str) -> Any:
    """The first non-empty value of ``key`` among the decoded ``actions``, or ``None``."""
    for action in actions:
        value = action.get(key)
        if value:
            return value
    return None


def action_type_text(actions: Sequence[Mapping[str, Any]]) -> str:
    """The first ``typeOfAction`` text among the decoded ``actions``, or ``""``."""
    for action in actions:
        for kind in action.get("types") or ():
            if isinstance(kind, dict) and isinstance(kind.get("typeOfAction"), str):
                return kind["typeOfAction"]
    return ""


def date_key(metadata: Mapping[str, Any]) -> date:
    """The record's ``es_SortDate`` (else ``startDate``), for picking the newest duplicate."""
    for name in ("es_SortDate", "startDate"):
        try:
            return parse_date(first(metadata, name))
        except ValueError:
            continue
    return date.min
