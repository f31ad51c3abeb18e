"""The contact e-mail of a handoff: finding, validating and declining it.

The words are the message catalogues': the reasons an address is refused
(``handoff.email_reason.*``) and the words that decline an address (``handoff.skip_words``, one
``|``-separated list per language; the e-mail question tells the user one of them).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from i18n import REPLY_LANGUAGES, reply_language, text

#: Separates the words of ``handoff.skip_words`` in the catalogues.
SKIP_SEPARATOR = "|"


def skip_words(language: Any) -> frozenset[str]:
    """The words that decline an e-mail address in one reply language (lower case)."""
    words = text("handoff.skip_words", language).split(SKIP_SEPARATOR)
    return frozenset(w.strip().lower() for w in words if w.strip())


@lru_cache(maxsize=1)
def all_skip_words() -> frozenset[str]:
    """The skip words of every reply language: "nein" declines in an English conversation too."""
    return frozenset().union(*(skip_words(code) for code in REPLY_LANGUAGES))


_EMAIL_TOKEN = re.compile(r"[^\s<>()\[\],;:\"']*@[^\s<>()\[\],;:\"']*")
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_skip(message: str | None) -> bool:
    """True when the user declines to give an e-mail ("no", "skip", "nein danke", ...)."""
    if not message:
        return False
    normalised = re.sub(r"[\s.!]+$", "", message.strip().lower())
    return normalised in all_skip_words()


def _reason(code: str, language: Any, **fields: str) -> str:
    return text(f"handoff.email_reason.{code}", language, **fields)


def _regex_reason(address: str, language: Any = "en") -> str | None:
    """Why ``address`` is not an e-mail address (regex fallback), or None when it is one."""
    if len(address) > 254:
        return _reason("too_long", language)
    local, _, domain = address.rpartition("@")
    if not local:
        return _reason("nothing_before", language)
    if not domain:
        return _reason("nothing_after", language)
    if len(local) > 64:
        return _reason("local_too_long", language)
    if "." not in domain:
        return _reason("no_dot", language, domain=domain)
    if ".." in address:
        return _reason("double_dot", language)
    if not _EMAIL_RE.match(address):
        return _reason("bad_chars", language)
    return None


def validate_email_address(message: str, language: Any = "en") -> tuple[str | None, str | None]:
    """Finds and validates the e-mail address in a message ("it's anna@example.org").

    Uses ``email-validator`` (syntax only, no DNS) when installed, else a strict regex.

    Args:
        message: The user's message.
        language: The conversation's language: the reason is written in it. email-validator's
            own (English, more precise) reason is kept in English conversations; in the others
            the regex's reason in the language, else a general one.

    Returns:
        ``(normalised_address, None)`` when valid, else ``(None, reason)`` with a readable reason.
    """
    message = CONTROL.sub(" ", message or "").strip()
    tokens = _EMAIL_TOKEN.findall(message)
    if not tokens:
        return None, _reason("no_at", language)
    address = tokens[0].rstrip(".!?")
    try:
        from email_validator import EmailNotValidError, validate_email
    except ImportError:  # optional dependency: fall back to the regex
        reason = _regex_reason(address, language)
        return (None, reason) if reason else (address, None)
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as err:
        if reply_language(language) == "en":
            return None, str(err)
        return None, _regex_reason(address, language) or _reason("invalid", language)
    return result.normalized, None
