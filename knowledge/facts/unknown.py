"""Names a fact question uses that the cards cannot answer for, beyond programme-like phrases.

:func:`~knowledge.facts.question.programme_names` finds capitalised names and lower-case names
ending in a programme word. Two kinds of names escape it and used to get an unrelated card:

- EU programmes the calls portal knows but the instrument catalogue does not ("Horizon Europe",
  "erasmus", "the european social fund"): :func:`portal_programme_in` finds them, so the answer
  is "not in my catalogue" and the action can offer that programme's open calls.
- A single unknown word where a name is expected ("what is eurostars", "who can apply to
  investeu"): :func:`subject_word` returns the word after such a cue, and the answerer calls it
  unknown when neither the cards nor the catalogue know it or anything close to it.
"""

from __future__ import annotations

import re

from knowledge.calls.text import find_programme
from knowledge.calls.text.programmes import Programme
from taxonomy.text import fold

#: Words a programme name may add to a known name without naming another programme.
GENERIC = frozenset(
    [
        "the",
        "eu",
        "european",
        "europe",
        "europes",
        "programme",
        "program",
        "scheme",
        "initiative",
        "for",
        "of",
        "and",
        "sme",
        "smes",
        "new",
        "s",
        "a",
        "an",
        "on",
        "in",
    ]
)

#: The longest portal programme name looked for, in words.
_MAX_WORDS = 5
_TOKEN = re.compile(r"[\w+&'-]+")
#: Cues after which a question names what it asks about ("what is X", "apply to X").
_SUBJECT = re.compile(
    r"\b(?:what\s+is|what\s+are|whats|what\s+s|tell\s+me\s+about|explain|apply\s+to|apply\s+for"
    r"|join|budget\s+of|part\s+of)\s+(?:the\s+|a\s+|an\s+)?([a-z][\w+-]*)\s*\??$"
)


#: Words left at either end of a name once its places are taken out ("SME in", "from").
_PLACE_LINKS = frozenset(["in", "from", "of", "based", "the", "and", "-"])
#: The longest place name looked for inside a name, in words ("Provence-Alpes-Côte d'Azur").
_PLACE_WORDS = 4


def _is_place(phrase: str) -> bool:
    """Whether capitalised words are a country, its nationality word or a NUTS region's name."""
    from knowledge.filters import normalise_country
    from knowledge.regions import region_table

    if len(phrase) < 4 or not phrase[:1].isupper():
        return False  # "in" is India's code, "IT" Italy's: no place inside a name
    return normalise_country(phrase) is not None or fold(phrase) in region_table().names


def place_free(name: str) -> str:
    """A programme-like name without its places, or "" when nothing of a name is left.

    A run of capitalised words is often who asks, not a programme: "an SME in Croatia", "our
    Slovenian Cluster", "a Polish SME in Lower Silesia" (the message's country or region is a
    filter or context). Countries, their nationality words and NUTS region names are taken out;
    what remains is a name if it has two or more words or an acronym with digits. A name ending
    in a programme word keeps its places ("Croatian Innovation Fund", "Bavarian Voucher Scheme":
    a programme of a place).

    Args:
        name: A name from :func:`knowledge.facts.question.programme_names`.

    Returns:
        The name without its places, the name itself, or "".
    """
    from knowledge.facts.question import ends_in_programme_word

    if ends_in_programme_word(name):
        return name
    words = name.split()
    keep = [True] * len(words)
    at = 0
    while at < len(words):
        for size in range(min(_PLACE_WORDS, len(words) - at), 0, -1):
            if _is_place(" ".join(words[at : at + size])):
                keep[at : at + size] = [False] * size
                at += size
                break
        else:
            at += 1
    if all(keep):
        return name
    rest = [w for w, kept in zip(words, keep, strict=True) if kept]
    while rest and fold(rest[-1]) in _PLACE_LINKS:
        rest.pop()
    while rest and fold(rest[0]) in _PLACE_LINKS:
        rest.pop(0)
    if len(rest) >= 2 or (rest and re.search(r"\d", rest[0])):
        return " ".join(rest)
    return ""


def portal_programme_in(question: str, min_single_length: int = 3) -> tuple[str, Programme] | None:
    """Return the first portal programme a question names, as written, with the programme.

    Single words count only when written in capitals (``LIFE``, ``CEF``) or when the caller
    checks them against its vocabulary (:func:`single_word_candidates`): a plain "digital" or
    "justice" is an English word, not a programme name.

    Args:
        question: The user's question.
        min_single_length: Shortest capitalised acronym that counts on its own.

    Returns:
        ``(name as written, programme)``, longest name first, or None.
    """
    words = _TOKEN.findall(question[:500])
    for size in range(min(_MAX_WORDS, len(words)), 1, -1):
        for start in range(len(words) - size + 1):
            span = " ".join(words[start : start + size])
            found = find_programme(span)
            if found is not None:
                return span, found
    for word in words:
        if len(word) >= min_single_length and word.isupper():
            found = find_programme(word)
            if found is not None:
                return word, found
    return None


def single_word_candidates(question: str) -> list[tuple[str, Programme]]:
    """Return the single words of a question that name a portal programme (any case).

    Args:
        question: The user's question.

    Returns:
        ``(word as written, programme)`` pairs; the caller keeps those its vocabulary lacks.
    """
    found = []
    for word in _TOKEN.findall(question[:500]):
        programme = find_programme(word)
        if programme is not None:
            found.append((word, programme))
    return found


def subject_word(question: str) -> str | None:
    """Return the single word a question asks about ("what is eurostars" -> "eurostars").

    Only a question that ends with the word after a cue ("what is", "tell me about", "apply
    to", "budget of") has one, so longer questions are left to the other checks.

    Args:
        question: The user's question.

    Returns:
        The folded word, or None.
    """
    match = _SUBJECT.search(fold(question[:200]))
    return match.group(1) if match else None


def within_edits(a: str, b: str, limit: int) -> bool:
    """True when the edit distance of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
