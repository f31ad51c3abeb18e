"""Adviser notification for the human handoff: summary, Slack/Teams payloads, retrying POST.

Pure formatting (:func:`summary_text`, :func:`webhook_payload`) and one HTTP helper
(:func:`post_json`, bounded retries with jitter) that :class:`actions.handoff.service.HandoffService` uses
for the adviser webhook and for Rasa's HTTP API on release. No network at import time; the caller
passes its ``aiohttp.ClientSession``.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from actions.handoff.store import Ticket

logger = logging.getLogger(__name__)

WEBHOOK_KINDS = ("slack", "teams")
# Adviser summary: the last few messages, short.
SUMMARY_MESSAGES = 6
SUMMARY_MESSAGE_CHARS = 300


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with "…" at the end when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _context_line(context: dict[str, Any]) -> str:
    parts = []
    last = context.get("last_search")
    if isinstance(last, dict) and last.get("query"):
        parts.append(f'{last.get("kind", "search")} search "{last["query"]}"')
        for key, value in (last.get("filters") or {}).items():
            parts.append(f"{key} {value}")
    elif context.get("partner_query"):
        parts.append(f'partner search "{context["partner_query"]}"')
    for key in ("country", "region", "sector", "technology", "instrument", "selected_id"):
        if key in context and f"{key} {context[key]}" not in parts:
            parts.append(f"{key} {context[key]}")
    return " · ".join(parts) or "none"


def summary_text(ticket: Ticket) -> str:
    """The adviser-facing summary of a ticket (plain text with light Markdown)."""
    lines = [
        f"New handoff ticket #{ticket.id}, conversation `{ticket.conversation_id}` "
        f"({ticket.created_at})",
        f"Contact e-mail: {ticket.email or 'none given, answer in the chat'}",
        f"Context: {_context_line(ticket.context)}",
        "Last messages:",
    ]
    recent = [m for m in ticket.transcript if m["role"] in ("user", "bot")][-SUMMARY_MESSAGES:]
    for message in recent:
        text = clip(" ".join(message["text"].split()), SUMMARY_MESSAGE_CHARS)
        lines.append(f"> {message['role']}: {text}")
    lines.append(
        f"When done, release it: POST /handoff/{ticket.conversation_id}/release on the action "
        f"server, or `python -m actions.handoff release {ticket.conversation_id}`"
    )
    return "\n".join(lines)


def webhook_payload(kind: str, text: str) -> dict[str, Any]:
    """The JSON body for a Slack incoming webhook or a Teams workflow ("post to a channel").

    Args:
        kind: ``slack`` or ``teams``.
        text: The summary.

    Returns:
        Slack: ``{"text": ...}`` (``&``, ``<``, ``>`` escaped as Slack requires). Teams: a message
        with one Adaptive Card (version 1.4) holding the text.
    """
    if kind == "slack":
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return {"text": escaped}
    if kind == "teams":
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": None,
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [
                            {
                                "type": "TextBlock",
                                "text": line,
                                "wrap": True,
                                **({"weight": "Bolder"} if i == 0 else {}),
                            }
                            for i, line in enumerate(text.splitlines())
                        ],
                    },
                }
            ],
        }
    raise ValueError(f"webhook kind {kind!r} is not one of {', '.join(WEBHOOK_KINDS)}")


@dataclass
class PostResult:
    """Outcome of an HTTP post with retries."""

    ok: bool
    detail: str
    attempts: int


async def post_json(
    session: aiohttp.ClientSession,
    url: str,
    payload: Any,
    *,
    what: str,
    attempts: int = 3,
    timeout: float = 5.0,
    backoff: float = 0.5,
    max_backoff: float = 4.0,
    params: dict[str, str] | None = None,
) -> PostResult:
    """POSTs JSON, retrying on 429/5xx, connection errors and timeouts (bounded, with jitter).

    Other 4xx answers and invalid URLs are not retried. The URL is never logged in full (webhook
    URLs carry their secret); only its host is.

    Args:
        session: The action server's shared client session.
        url: Where to post.
        payload: JSON-serialisable body.
        what: Name used in log lines ("adviser webhook").
        attempts: Most attempts in total.
        timeout: Seconds per attempt (total).
        backoff: First wait between attempts in seconds; doubled each time, capped.
        max_backoff: Longest wait between attempts.
        params: Query parameters.

    Returns:
        Whether a 2xx answer came back, a short detail, and how many attempts were made.
    """
    host = urlsplit(url).hostname or "?"
    detail = "not tried"
    for attempt in range(1, attempts + 1):
        retryable = True
        try:
            async with session.post(
                url, json=payload, params=params, timeout=aiohttp.ClientTimeout(total=timeout)
            ) as resp:
                await resp.read()
                if 200 <= resp.status < 300:
                    return PostResult(True, f"HTTP {resp.status}", attempt)
                detail = f"HTTP {resp.status}"
                retryable = resp.status == 429 or resp.status >= 500
        except asyncio.TimeoutError:
            detail = f"no answer within {timeout:g} s"
        except aiohttp.ClientConnectionError as err:
            detail = f"connection failed ({type(err).__name__})"
        except (aiohttp.ClientError, ValueError) as err:
            detail = f"request failed ({type(err).__name__})"
            retryable = False
        logger.warning("%s to %s: attempt %d/%d failed: %s", what, host, attempt, attempts, detail)
        if not retryable or attempt == attempts:
            return PostResult(False, detail, attempt)
        delay = min(max_backoff, backoff * 2 ** (attempt - 1))
        await asyncio.sleep(delay * random.uniform(0.5, 1.0))
    return PostResult(False, detail, attempts)
