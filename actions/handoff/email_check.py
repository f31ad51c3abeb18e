"""The contact e-mail of a handoff: finding, validating and declining it."""

from __future__ import annotations

import re

SKIP_WORDS = frozenset(
    {
        "no", "skip", "nope", "none", "no thanks", "no thank you", "no email", "no e-mail",
        "no mail", "rather not", "i'd rather not", "n/a", "na", "-", "not now", "nah",
    }
)  # fmt: skip

_EMAIL_TOKEN = re.compile(r"[^\s<>()\[\],;:\"']*@[^\s<>()\[\],;:\"']*")
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_skip(text: str | None) -> bool:
    """True when the user declines to give an e-mail ("no", "skip", "no thanks", ...)."""
    if not text:
        return False
    normalised = re.sub(r"[\s.!]+$", "", text.strip().lower())
    return normalised in SKIP_WORDS


def _regex_reason(address: str) -> str | None:
    """Why ``address`` is not an e-mail address (regex fallback), or None when it is one."""
    if len(address) > 254:
        return "it is longer than 254 characters."
    local, _, domain = address.rpartition("@")
    if not local:
        return "there is nothing before the @."
    if not domain:
        return "there is nothing after the @."
    if len(local) > 64:
        return "the part before the @ is longer than 64 characters."
    if "." not in domain:
        return f"'{domain}' after the @ has no dot (like example.org)."
    if ".." in address:
        return "it has two dots in a row."
    if not _EMAIL_RE.match(address):
        return "it contains characters an e-mail address cannot have."
    return None


def validate_email_address(text: str) -> tuple[str | None, str | None]:
    """Finds and validates the e-mail address in a message ("it's anna@example.org").

    Uses ``email-validator`` (syntax only, no DNS) when installed, else a strict regex.

    Args:
        text: The user's message.

    Returns:
        ``(normalised_address, None)`` when valid, else ``(None, reason)`` with a readable reason.
    """
    text = CONTROL.sub(" ", text or "").strip()
    tokens = _EMAIL_TOKEN.findall(text)
    if not tokens:
        return None, "there is no @ in it."
    address = tokens[0].rstrip(".!?")
    try:
        from email_validator import EmailNotValidError, validate_email
    except ImportError:  # optional dependency: fall back to the regex
        reason = _regex_reason(address)
        return (None, reason) if reason else (address, None)
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as err:
        return None, str(err)
    return result.normalized, None
