"""Channel-neutral reading of the result payloads; each channel's renderer builds on these.

Slack (``slack_blocks.py``) and Teams (``teams_cards.py``) draw the same cards in their own
formats; what a card says, how it is numbered and what its buttons send is decided here once.
The payload shapes are :mod:`contracts.payloads`; a payload arrives as plain JSON from the action
server, so every field is read tolerantly (``.get`` with a fallback) and an older or partial
payload still renders.
"""

from __future__ import annotations

import json
from typing import Any

from contracts.payloads import (
    CallResults,
    FactAnswer,
    PartnerResults,
    fact_source_text,
    payload_language,
)
from i18n import text

#: A result payload as the channels receive it (the contract, or a partial one).
ResultPayload = PartnerResults | CallResults


def intent_payload(name: str, **entities: str) -> str:
    """A Rasa intent payload such as ``/select_result{"ordinal": "2"}``."""
    return f"/{name}{json.dumps(entities)}" if entities else f"/{name}"


def is_web_url(url: Any) -> bool:
    """Whether ``url`` is an http(s) link (anything else is never rendered as a link)."""
    return isinstance(url, str) and url.startswith(("https://", "http://"))


def ordinal_base(payload: ResultPayload) -> int:
    """Number of results shown before this page (cards are numbered like the text reply)."""
    page = int(payload.get("page") or 1)
    size = int(payload.get("page_size") or len(payload.get("items") or []) or 0)
    return max(page - 1, 0) * size


def has_more(payload: ResultPayload) -> bool:
    """Whether more results exist after this page (a "Show more" button is offered)."""
    total = payload.get("total")
    return bool(total) and total > ordinal_base(payload) + len(payload.get("items") or [])


def fact_title(payload: FactAnswer) -> str:
    """The heading of a fact card: the instrument or topic answered about, or "Not known".

    Labels are in the payload's language (:func:`contracts.payloads.payload_language`).
    """
    language = payload_language(payload)
    if payload.get("verdict") == "answered":
        return str(payload.get("instrument_name") or text("cards.fact.answer", language))
    name = payload.get("unknown_name")
    if name:
        return text("cards.fact.not_known_name", language, name=name)
    return text("cards.fact.not_known", language)


def fact_lines(payload: FactAnswer) -> list[str]:
    """The lines of a fact card: the statement and the value, or the honest "I don't know".

    The statement is the fact card's own (English) data; the labels and the "I don't know"
    sentence (the text reply's, ``funding.unknown_*``) are in the payload's language.
    """
    language = payload_language(payload)
    if payload.get("verdict") == "answered" and payload.get("statement"):
        lines = [str(payload["statement"])]
        value = payload.get("value")
        if value and str(value) not in lines[0]:
            lines.append(text("cards.fact.value", language, value=value))
        return lines
    name = payload.get("unknown_name")
    if name:
        return [text("funding.unknown_name", language, name=name)]
    return [text("funding.unknown_question", language)]


def fact_source(payload: FactAnswer) -> str | None:
    """The source line of an answered fact card (:func:`contracts.payloads.fact_source_text`)."""
    source = payload.get("source")
    if not isinstance(source, dict):
        return None
    return fact_source_text(source, payload.get("source_checked"), payload.get("refers_to"))


def fact_buttons(payload: FactAnswer) -> list[tuple[str, str]]:
    """``(title, message)`` buttons: the closest known instruments, offered when not known."""
    if payload.get("verdict") == "answered":
        return []
    names = [n for n in payload.get("closest_instruments") or [] if isinstance(n, str) and n]
    return [(name, f"What is {name}?") for name in names[:3]]


def fact_display(payload: FactAnswer) -> dict[str, Any]:
    """What the web widget draws for a ``fact_answer`` (it formats nothing itself).

    Returns:
        ``{"title", "lines", "source", "buttons": [{"title", "payload"}]}``; ``source`` is None
        for a fact not known.
    """
    return {
        "title": fact_title(payload),
        "lines": fact_lines(payload),
        "source": fact_source(payload),
        "buttons": [{"title": t, "payload": m} for t, m in fact_buttons(payload)],
    }
