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

from contracts.payloads import CallResults, PartnerResults

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


def partner_results_title(payload: PartnerResults) -> str:
    """The heading of a partner card list, e.g. ``5 cluster organisations for "x" (of 23)``."""
    items = payload.get("items") or []
    query = payload.get("query") or ""
    title = (
        f'{len(items)} cluster organisations for "{query}"'
        if query
        else f"{len(items)} cluster organisations"
    )
    if payload.get("total"):
        title += f" (of {payload['total']})"
    return title


def has_more(payload: ResultPayload) -> bool:
    """Whether more results exist after this page (a "Show more" button is offered)."""
    total = payload.get("total")
    return bool(total) and total > ordinal_base(payload) + len(payload.get("items") or [])
