"""What a handoff ticket keeps of the conversation: a capped transcript and the search context."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from actions.handoff.webhook import clip as _clip

CONTEXT_SLOTS = (
    "partner_query",
    "last_search",
    "country",
    "region",
    "sector",
    "technology",
    "instrument",
    "selected_id",
)


#: How many result names a bot message's cards contribute to the transcript.
SHOWN_NAMES = 5
# Transcript caps: the newest messages are kept.
MAX_MESSAGES = 100
MAX_MESSAGE_CHARS = 1000
MAX_TRANSCRIPT_CHARS = 20_000


def _iso(timestamp: Any) -> str | None:
    try:
        return datetime.fromtimestamp(float(timestamp), timezone.utc).isoformat(timespec="seconds")
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _bot_text(event: dict[str, Any]) -> str | None:
    text = event.get("text")
    if text:
        return text
    custom = (event.get("data") or {}).get("custom")
    if isinstance(custom, dict) and custom.get("type"):
        items = custom.get("items")
        if not isinstance(items, list):
            return f"[{custom['type']}]"
        names = [
            str(item.get("name") or item.get("title"))
            for item in items
            if isinstance(item, dict) and (item.get("name") or item.get("title"))
        ]  # what the SME was shown, for the adviser
        shown = f" ({'; '.join(names[:SHOWN_NAMES])}{'; ...' if len(names) > SHOWN_NAMES else ''})"
        count = f"{len(items)} item{'' if len(items) == 1 else 's'}"
        return f"[{custom['type']}: {count}{shown if names else ''}]"
    return None


def build_transcript(
    events: list[dict[str, Any]],
    *,
    max_messages: int = MAX_MESSAGES,
    max_message_chars: int = MAX_MESSAGE_CHARS,
    max_total_chars: int = MAX_TRANSCRIPT_CHARS,
) -> list[dict[str, Any]]:
    """Builds the ticket transcript from tracker events: user and bot messages with timestamps.

    The newest messages are kept within the caps; when older ones are dropped, a first entry with
    role ``note`` says how many.

    Args:
        events: The tracker's events (dictionaries, as rasa-sdk receives them).
        max_messages: Most messages kept.
        max_message_chars: Each message is clipped to this many characters.
        max_total_chars: Most characters of message text kept in total.

    Returns:
        ``[{"role": "user"|"bot", "text": str, "at": iso-time|None}, ...]``, oldest first.
    """
    messages: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = event.get("text")
        elif kind == "bot":
            text = _bot_text(event)
        else:
            continue
        if not text or not str(text).strip():
            continue
        messages.append(
            {
                "role": kind,
                "text": _clip(str(text), max_message_chars),
                "at": _iso(event.get("timestamp")),
            }
        )
    kept: list[dict[str, Any]] = []
    total = 0
    for message in reversed(messages):
        if len(kept) >= max_messages or total + len(message["text"]) > max_total_chars:
            break
        kept.append(message)
        total += len(message["text"])
    kept.reverse()
    omitted = len(messages) - len(kept)
    if omitted:
        kept.insert(0, {"role": "note", "text": f"{omitted} earlier messages omitted", "at": None})
    return kept


def search_context(slots: dict[str, Any]) -> dict[str, Any]:
    """The search context worth handing to an adviser: the filled :data:`CONTEXT_SLOTS`."""
    return {name: slots[name] for name in CONTEXT_SLOTS if slots.get(name) not in (None, "", [])}
