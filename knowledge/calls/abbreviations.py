"""Abbreviations in calls requests, read with the long forms the calls' own texts define.

Owns the rule "a short form in a calls request ("h2", "uav", "EV", "AI", German "KI") is searched
with its long form too". Chat users write "h2 calls?", "uav funding", "ia convocatorias": the
keyword index finds no call under "h2" and the encoders read two letters as noise, while the calls
say "hydrogen (H2)", "unmanned aerial vehicles (UAVs)", "electric vehicle (EV)", "artificial
intelligence (AI)". The table is mined from the calls themselves (:func:`mine`: each
"long form (SHORT)" of a title or description whose short form's letters start the long form's
words in order -- the algorithm of Schwartz and Hearst, "A simple algorithm for identifying
abbreviation definitions in biomedical text", PSB 2003), so a refreshed snapshot brings its own.

A short form written in capitals as the calls write it always counts; written in lower case (as
chat users type) it counts only when at least :data:`MIN_CALLS` calls write it, the calls never use
it as an ordinary lower-case word ("era", "set", "just" are words; "h2", "uav", "ev", "ai" are
not) and it is not a function or
request word of the message's language (Italian "ai", Portuguese "os"). Short forms a request's
frame drops anyway ("EU") are left out. Other languages' own short forms of a term the calls
abbreviate (German "KI", French/Spanish/Italian/Portuguese "IA" for "AI") are those of IATE, the
EU's terminology database (:data:`LANGUAGE_FORMS`).

Measured with ``python -m bench.calls_chat``: docs/benchmarks.md, "Session 13: calls requests".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from knowledge.calls.records import Call
from knowledge.calls.request_frame import frame_words
from taxonomy.stopwords import CALL_SEARCH_STOPWORDS, function_words
from taxonomy.text import fold

#: A parenthesised short form: a capital, then 1-7 letters, digits or hyphens ("H2", "UAVs", "IoT").
_SHORT = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,7})\)")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
#: Most words before the parenthesis read as the long form's candidates.
_WINDOW = 10
#: Fewest calls writing a short form for it to count in lower case (an established abbreviation,
#: not one call's name for its project: "NEST", "CRAB", "PRISM" are one call's each).
MIN_CALLS = 2
#: Short forms of other languages for a short form the calls define (IATE: "künstliche
#: Intelligenz (KI)", "intelligence artificielle (IA)", "inteligencia artificial (IA)",
#: "intelligenza artificiale (IA)", "inteligência artificial (IA)").
LANGUAGE_FORMS: Mapping[str, Mapping[str, str]] = {
    "de": {"KI": "AI"},
    "fr": {"IA": "AI"},
    "es": {"IA": "AI"},
    "it": {"IA": "AI"},
    "pt": {"IA": "AI"},
}


def long_form(words: list[str], short: str) -> str | None:
    """The long form a short form abbreviates among the words before it, or None.

    Schwartz-Hearst: the short form's letters (digits and hyphens skipped, a plural "s" after
    capitals too) are found right to left in the words, the first letter at a word's start; the
    long form runs from that word to the parenthesis and has at most ``min(n + 5, 2n)`` words
    for ``n`` letters.

    Args:
        words: The words before the parenthesis, in order.
        short: The short form, e.g. ``"UAVs"``.

    Returns:
        The long form in lower case, e.g. ``"unmanned aerial vehicles"``.
    """
    letters = [c.lower() for c in short if c.isalpha()]
    if short.endswith("s") and short[:-1].isupper() and len(letters) > 2:
        letters = letters[:-1]
    if not letters or not words:
        return None
    text = " ".join(words).lower()
    i = len(text) - 1
    for n in range(len(letters) - 1, -1, -1):
        letter = letters[n]
        while i >= 0 and (text[i] != letter or (n == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
    start = text.rfind(" ", 0, i + 1) + 1
    found = text[start:]
    if len(found.split()) > min(len(letters) + 5, 2 * len(letters)) or fold(found) == fold(short):
        return None
    return found


@dataclass(frozen=True)
class Abbreviations:
    """Short form -> long form, as the calls define them.

    Attributes:
        table: Short form as written in the calls (``"UAVs"``) -> long form (lower case).
        lowercase: Lower-case short forms (also without a plural "s") that may be typed in lower
            case -> long form.
    """

    table: Mapping[str, str] = field(default_factory=dict)
    lowercase: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.table)

    def long_form_of(self, token: str, language: str | None) -> str | None:
        """The long form of one word of a message, or None when it is no known short form.

        Args:
            token: A word as written ("H2", "uav", "KI").
            language: The message's language (ISO 639-1; None: English rules).
        """
        code = (language or "en").lower()
        own = LANGUAGE_FORMS.get(code, {})
        key = next((v for k, v in own.items() if k.lower() == token.lower()), token)
        value = self.table.get(key)
        if value is None and fold(token) not in _skipped(code):
            value = self.lowercase.get(key.lower())
        return value

    def expand(self, text: str | None, language: str | None) -> str:
        """``text`` with each short form replaced by its long form.

        The keyword index then matches the long form's words ("h2 calls" searches "hydrogen"),
        and the encoders read words instead of two letters. A short form whose long form is
        in the text already stays as written.

        Args:
            text: A calls query (any case; may be empty or None).
            language: The message's language (ISO 639-1; None: English rules).

        Returns:
            The text with e.g. ``"h2"`` -> ``"hydrogen"``; ``""`` for a non-string.
        """
        if not isinstance(text, str):
            return ""
        if not self.table:
            return text
        said = f" {fold(text)} "

        def replace(match: re.Match[str]) -> str:
            long = self.long_form_of(match.group(0), language)
            if long is None or f" {fold(long)} " in said:
                return match.group(0)
            return long

        return _WORD.sub(replace, text)


@cache
def _skipped(language: str) -> frozenset[str]:
    """Words that are never a lower-case short form in ``language``: its function and frame words."""
    return function_words(language) | frame_words(language) | CALL_SEARCH_STOPWORDS


def mine(calls: Iterable[Call]) -> Abbreviations:
    """The short forms the calls' titles and descriptions define (see the module docstring).

    Args:
        calls: The store's calls.

    Returns:
        The table; a short form with two equally frequent long forms ("PV": photovoltaic,
        pharmacovigilance) is left out, as is one the request frame drops ("EU").
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    plain: set[str] = set()
    used: Counter[str] = Counter()  # calls whose title or description writes the word
    for call in calls:
        words = set()
        for text in (call.title, call.description):
            if not text:
                continue
            words.update(_WORD.findall(text))
            for match in _SHORT.finditer(text):
                before = re.split(r"[()\[\].;:]", text[: match.start()])[-1]
                found = long_form(_WORD.findall(before)[-_WINDOW:], match.group(1))
                if found:
                    counts[match.group(1)][found] += 1
        plain.update(w for w in words if w.islower())
        used.update(words)
    frame = frame_words(None) | CALL_SEARCH_STOPWORDS
    table: dict[str, str] = {}
    for short, forms in counts.items():
        ranked = forms.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue
        if fold(short) in frame:
            continue
        table[short] = ranked[0][0]
    lowercase: dict[str, str] = {}
    for short, long in table.items():
        if used[short] < MIN_CALLS:
            continue
        keys = {short.lower()}
        if short.endswith("s") and short[:-1].isupper():
            keys.add(short[:-1].lower())
        for key in keys:
            if key not in plain and len(key) > 1:
                lowercase.setdefault(key, long)
    return Abbreviations(table, lowercase)
