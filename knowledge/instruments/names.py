"""How names of instruments and user text are folded before they are compared.

Owns the folding used by the catalogue's lookups (:mod:`knowledge.instruments.catalogue`) and by
aspect selection (:mod:`knowledge.instruments.aspects`), and the longest text they examine.
"""

from __future__ import annotations

import re
import unicodedata

#: Longest user text examined for names (a chat message, not a document).
MAX_TEXT_CHARS = 500


def fold(text: str) -> str:
    """Fold a name for comparison: no accents, lower case, '&' as 'and', punctuation as spaces.

    Args:
        text: Any text.

    Returns:
        E.g. ``"escp 4i"`` for ``"ESCP-4i"``, ``"enterprise europe network"`` for
        ``"Entreprise-Europe Network!"`` (spelling is not corrected here).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+|_", " ", plain).split())


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
