"""Helpers for action tests: fake trackers and entities."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def make_tracker(
    text: str,
    entities: list[dict[str, Any]] | None = None,
    said_in: str | None = None,
    intent: str = "find_partners",
    confidence: float | None = None,
    **slots,
) -> Tracker:
    """A tracker whose latest user message is ``text`` with ``entities``, as Rasa sends it: the
    message is also the last ``user`` event, whose parse data carries the language the
    detector found (``said_in``; the conversation's language, ``i18n.conversation``), and the
    intent NLU picked (``intent``, with its ``confidence`` when given)."""
    picked: dict[str, Any] = {"name": intent}
    if confidence is not None:
        picked["confidence"] = confidence
    latest = {"text": text, "entities": entities or [], "intent": picked}
    if said_in:
        latest["language"] = {"detected": said_in, "requested": None}
    return Tracker(
        sender_id="unit-test",
        slots=slots,
        latest_message=latest,
        events=[{"event": "user", "text": text, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def entity(text: str, name: str, value: str) -> dict[str, Any]:
    """A Rasa entity for the first occurrence of ``value`` in ``text``."""
    start = text.index(value)
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}
