"""Text folding: the one rule for comparing names and words (case, accents, punctuation)."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")


def unaccented(text: str) -> str:
    """``text`` case-folded without its accents (combining marks), nothing else changed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Fold text for matching: lower case, no accents, ``&`` as ``and``, single spaces.

    Punctuation and ``_`` become spaces; spelling is not corrected.

    Args:
        text: Any text.

    Returns:
        The folded text, e.g. ``"Agri-Food & Drink"`` -> ``"agri food and drink"``,
        ``"ESCP-4i"`` -> ``"escp 4i"``.
    """
    stripped = unaccented(text).replace("&", " and ").replace("_", " ")
    return _NON_WORD.sub(" ", stripped).strip()
