"""How much user text the catalogue examines, folded (with :func:`taxonomy.text.fold`).

Owns the folding used by the catalogue's lookups (:mod:`knowledge.instruments.catalogue`) and by
aspect selection (:mod:`knowledge.instruments.aspects`), and the longest text they examine.
"""

from __future__ import annotations

from taxonomy.text import fold

#: Longest user text examined for names (a chat message, not a document).
MAX_TEXT_CHARS = 500


def fold_user_text(text: str) -> str:
    """Fold what a user typed, examining at most :data:`MAX_TEXT_CHARS` characters.

    Args:
        text: A name or a chat message.

    Returns:
        The folded text (see :func:`fold`).
    """
    return fold(text[:MAX_TEXT_CHARS])


def compact(key: str) -> str:
    """Return a folded name without spaces (``"escp 4i"`` -> ``"escp4i"``)."""
    return key.replace(" ", "")
