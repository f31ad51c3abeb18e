"""Helpers for action tests: fake trackers and entities.

:func:`conversation` is THE builder of a test tracker (a latest message after earlier events);
:func:`make_tracker` is its short form for a message on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rasa_sdk import Tracker


def conversation(
    text: str,
    intent: str = "find_partners",
    *,
    confidence: float | None = None,
    ranking: Iterable[tuple[str, float]] | None = None,
    entities: list[dict[str, Any]] | None = None,
    language: str | None = None,
    said_in: str | None = None,
    history: Iterable[str | Mapping[str, Any]] | None = None,
    sender: str = "unit-test",
    parse: Mapping[str, Any] | None = None,
    **slots: Any,
) -> Tracker:
    """A tracker whose latest user message is ``text``, as Rasa sends it to the action server.

    Args:
        text: The latest message; it is also the last ``user`` event.
        intent: The intent NLU picked (with its ``confidence`` when given).
        ranking: NLU's intent ranking, ``(name, confidence)`` pairs (none: no ranking).
        entities: The message's entities.
        language: A ``language`` entity (the language the user asked for).
        said_in: The language the detector found (the parse data's ``language``,
            ``i18n.conversation``).
        history: The events before the message: an action name, or an event as a mapping.
        sender: The conversation's id.
        parse: More keys of the message's parse data (e.g. the input guard's reason).
        **slots: The slots.
    """
    picked: dict[str, Any] = {"name": intent}
    if confidence is not None:
        picked["confidence"] = confidence
    found = list(entities or [])
    if language:
        found.append({"entity": "language", "value": language})
    latest: dict[str, Any] = {"text": text, "entities": found, "intent": picked}
    if ranking is not None:
        latest["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    if said_in:
        latest["language"] = {"detected": said_in, "requested": None}
    latest.update(parse or {})
    events = [
        {"event": "action", "name": item} if isinstance(item, str) else dict(item)
        for item in history or []
    ]
    events.append({"event": "user", "text": text, "parse_data": latest})
    return Tracker(
        sender_id=sender,
        slots=dict(slots),
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def make_tracker(
    text: str,
    entities: list[dict[str, Any]] | None = None,
    said_in: str | None = None,
    intent: str = "find_partners",
    confidence: float | None = None,
    **slots,
) -> Tracker:
    """A tracker whose latest user message is ``text`` with ``entities``, said in ``said_in``,
    read by NLU as ``intent`` (with its ``confidence`` when given): :func:`conversation`."""
    return conversation(
        text, intent, confidence=confidence, entities=entities, said_in=said_in, **slots
    )


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots a list of events sets, by name."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def entity(text: str, name: str, value: str) -> dict[str, Any]:
    """A Rasa entity for the first occurrence of ``value`` in ``text``."""
    start = text.index(value)
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}
