"""What the user is told around a handoff, and how often the paused-notice may repeat.

The words are the message catalogues' (``i18n/locales/*/LC_MESSAGES/handoff.po``), in the
conversation's language (``lang``).
"""

from __future__ import annotations

from typing import Any

from actions.handoff.store import Ticket
from i18n import REPLY_LANGUAGES, text

NOTICE_INTERVAL_S = 600.0

#: How the paused-notice begins, in every reply language (an earlier notice is recognised by it).
NOTICE_PREFIXES = tuple(text("handoff.notice_prefix", code) for code in REPLY_LANGUAGES)
NOTICE_PREFIX = NOTICE_PREFIXES[0]
RESUMED_TEXT = text("handoff.resumed")


def resumed_text(lang: str = "en") -> str:
    """Said when an adviser hands the conversation back to the assistant."""
    return text("handoff.resumed", lang)


def handed_over_text(ticket: Ticket, notified: bool, lang: str = "en") -> str:
    """What the user is told after the handoff, honest about whether an adviser was notified."""
    email = (
        text("handoff.answer_here_or_email", lang, email=ticket.email)
        if ticket.email
        else text("handoff.answer_here", lang)
    )
    key = "handoff.handed_over" if notified else "handoff.saved_not_alerted"
    return text(key, lang, ticket=ticket.id, email=email)


def notice_text(ticket: Ticket | None, lang: str = "en") -> str:
    """The short reply to a message sent while the conversation waits for an adviser."""
    prefix = text("handoff.notice_prefix", lang)
    number = text("handoff.notice_ticket", lang, ticket=ticket.id) if ticket else ""
    return text("handoff.notice", lang, prefix=prefix, ticket=number)


def should_send_notice(events: list[dict[str, Any]], now: float) -> bool:
    """True unless a handoff notice was sent after the latest pause, less than
    :data:`NOTICE_INTERVAL_S` seconds ago."""
    for event in reversed(events):
        kind = event.get("event")
        if kind == "pause":
            return True
        if kind == "bot" and (
            (event.get("metadata") or {}).get("handoff_notice")
            or str(event.get("text") or "").startswith(NOTICE_PREFIXES)
        ):
            return now - float(event.get("timestamp") or 0) >= NOTICE_INTERVAL_S
    return True
