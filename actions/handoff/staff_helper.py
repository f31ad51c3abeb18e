"""Staff helper: an adviser asks the assistant privately and gets the sourced answer to paste.

In Slack, through the adviser app: the slash command ``/ask <question>`` (answer shown only to
the adviser, posted to the command's ``response_url``) or a direct message to the app. The
question goes to the assistant itself, over Rasa's REST channel, as a conversation of its own
(``staff-<user>``), so the adviser gets exactly what a client would get: FAQ answers, funding
facts with their source and date, partner results as text.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

NO_ANSWER = "The assistant gave no answer to that; try asking it another way."
UNREACHABLE = "The assistant cannot be reached right now; try again in a minute."


def staff_sender(adviser_id: str) -> str:
    """The Rasa conversation of one staff member's private questions."""
    return "staff-" + adviser_id.replace(":", "-")


def answer_text(messages: list[dict[str, Any]]) -> str:
    """The assistant's REST answer as one text (buttons listed by title)."""
    parts = []
    for message in messages:
        if message.get("text"):
            parts.append(str(message["text"]))
        titles = [b.get("title") for b in message.get("buttons") or [] if b.get("title")]
        if titles:
            parts.append("Options: " + " · ".join(titles))
    return "\n\n".join(parts) or NO_ANSWER


async def ask_assistant(
    session: aiohttp.ClientSession, rasa_url: str, adviser_id: str, question: str
) -> str:
    """Asks the assistant over Rasa's REST channel; the answer's text, or why there is none."""
    url = f"{rasa_url.rstrip('/')}/webhooks/rest/webhook"
    payload = {"sender": staff_sender(adviser_id), "message": question}
    try:
        async with session.post(url, json=payload, timeout=aiohttp.ClientTimeout(total=60)) as r:
            if r.status != 200:
                logger.warning("staff helper: Rasa answered %d", r.status)
                return UNREACHABLE
            messages = await r.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        logger.warning("staff helper: Rasa unreachable (%s)", type(exc).__name__)
        return UNREACHABLE
    return answer_text(messages if isinstance(messages, list) else [])
