"""The texts the server's guards send back to a person instead of an answer.

One function, one module: the message catalogues (``i18n/``) will own these texts once they land;
until then they live here and every guard asks :func:`guard_reply` for them.
"""

from __future__ import annotations

_TEXTS = {
    "rate_limited": (
        "You are sending messages faster than I can answer them. Please wait a few seconds and "
        "send your message again; our conversation so far is kept."
    ),
    "too_long": (
        "That message is too long for me. Please send a shorter one (a few sentences at most)."
    ),
}


def guard_reply(reason: str) -> str:
    """The friendly text for a message a guard refused.

    Args:
        reason: ``rate_limited`` or ``too_long``.

    Returns:
        The text to show the person.
    """
    return _TEXTS[reason]
