"""Turning user text into a safe SQLite FTS5 query (pure functions).

User text is never passed to FTS5 as syntax. It is cut to a bounded length, split into words
(letters and digits only, so quotes, ``*``, ``:``, ``^``, parentheses, ``-`` and SQL punctuation
disappear), stop words and FTS5 operators (``AND``/``OR``/``NOT``/``NEAR``) are dropped, and each
remaining word becomes a double-quoted string, which FTS5 reads as a plain term.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from contracts.limits import CALL_QUERY_CHARS
from taxonomy.stopwords import CALL_SEARCH_STOPWORDS

#: Words kept after stop-word removal.
MAX_TERMS = 12
#: Longer "words" (pasted hashes, base64...) are cut to this length.
MAX_TERM_CHARS = 40

_WORD_RE = re.compile(r"[^\W_]+")


MatchMode = Literal["all", "any"]


@dataclass(frozen=True)
class FtsQuery:
    """The searchable words of a user query.

    Attributes:
        terms: Lower-case words, unique, in the user's order (may be empty).
    """

    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def match(self, mode: MatchMode = "all") -> str:
        """Return the FTS5 MATCH expression: every term (``all``) or any term (``any``).

        Args:
            mode: ``all`` joins the quoted terms with AND, ``any`` with OR.

        Returns:
            E.g. ``'"battery" AND "recycling"'``; ``""`` when there are no terms.
        """
        joiner = " AND " if mode == "all" else " OR "
        return joiner.join('"' + t.replace('"', '""') + '"' for t in self.terms)


def parse_query(text: str | None) -> FtsQuery:
    """Extract the searchable words of user text; never raises on any string.

    Args:
        text: Anything a user typed (quotes, operators, SQL, emoji, 10,000 characters...).

    Returns:
        The query; empty when nothing searchable is left (only stop words, symbols or emoji).
    """
    if not text or not isinstance(text, str):
        return FtsQuery(())
    seen: list[str] = []
    folded = unicodedata.normalize("NFKC", text[:CALL_QUERY_CHARS])
    for match in _WORD_RE.finditer(folded):
        word = match.group(0).casefold()[:MAX_TERM_CHARS]
        if len(word) < 2 or word in CALL_SEARCH_STOPWORDS or word in seen:
            continue
        seen.append(word)
        if len(seen) == MAX_TERMS:
            break
    return FtsQuery(tuple(seen))
