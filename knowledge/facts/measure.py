"""What quantity a fact question asks for and what quantity a card states: the sibling re-ranking.

One instrument or event often has several cards whose texts are close: INNOSUP-1's total budget,
its cap per project and its vouchers; the projects, SMEs and budget of the Cluster Excellence
Programme; the clusters, countries and SMEs of cluster labelling; the place and the date of an
event. Retrieval finds the instrument; this module reads *which* of its figures is asked:

* :func:`read_question` returns a :class:`Measure`: the unit a count question counts ("how many
  SMEs" -> ``smes``), the scope of a money question (``total``, ``per_project``, ``voucher``) and
  whether it asks where;
* :func:`read_card` returns the same reading of a card's value ("11 projects, 57 cluster
  organisations, 83 cluster managers" -> units ``projects organisations managers``; "max €5
  million per project" -> scope ``per_project``; "Kiev, 27-28 March 2018" -> a place);
* :func:`measure_boost` compares them.

Questions are read in English words: a question in another reply language is read with the
English words of its cues in front (:meth:`knowledge.facts.lexicon.Lexicon.gloss`), so "wie viele
KMU" reads "how many smes". Country names in the question's language are glossed too
(:func:`country_gloss`, the CLDR names of babel): "Oekraïne", "Ucraina" -> "ukraine".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.facts.catalogue_cards import MONTHS
from taxonomy.text import fold

#: Added to a card that counts the unit a count question asks for ("how many SMEs").
UNIT_BOOST = 0.2
#: Added to a money card of the scope a money question asks for (total, per project, voucher).
SCOPE_BOOST = 0.2
#: Added to an event card that states a place when the question asks where.
PLACE_BOOST = 0.2

#: Units a count question may ask for, in English (folded), longest phrase first per unit.
UNITS: dict[str, tuple[str, ...]] = {
    "organisations": ("cluster organisations", "cluster organizations", "organisations"),
    "managers": ("cluster managers", "managers"),
    "smes": ("small and medium sized enterprises", "smes", "sme", "companies", "firms"),
    "projects": ("projects", "project"),
    "countries": ("countries", "country"),
    "jobs": ("jobs",),
    "staff": ("staff", "employees"),
    "partnerships": ("partnerships", "partnership"),
    "calls": ("calls",),
    "events": ("events",),
    "specialisations": ("specialisations", "specializations"),
    "clusters": ("clusters", "cluster"),
    "people": ("people", "persons", "workers"),
}
_UNIT_PHRASES = sorted(
    ((phrase.split(), unit) for unit, phrases in UNITS.items() for phrase in phrases),
    key=lambda pair: -len(pair[0]),
)
#: Words that ask to count ("how many", "number of"), as folded word sequences.
_COUNT_CUES = (("how", "many"), ("number", "of"))
#: How many words after a count cue the counted unit may come ("how many cluster managers").
_UNIT_WINDOW = 4
#: Words of a money question.
_MONEY_WORDS = frozenset(["budget", "money", "funding", "amount", "euro", "euros", "eur", "grant"])
#: Money words that no count question puts right after "how many" ("how many budget").
_MONEY_ASKED_WORDS = _MONEY_WORDS - {"funding", "grant"}
#: Words of a question about the whole amount.
_TOTAL_WORDS = frozenset(["total", "overall", "altogether", "whole", "entire", "global"])
_PER_PROJECT = re.compile(
    r" (per|each|one|a single|single|a) project | (maximum|max|at most|cap|capped|ceiling) "
)
_VOUCHER = re.compile(r" vouchers? ")
#: "where was / where is": a place; "where can I read", "where do I find": a pointer (contact).
_WHERE = re.compile(r" where (?!(can|could|do|does|should|to|may|might|would|shall|i|we) )")
#: Units that count the same things: a cluster is counted by its cluster organisation, people by
#: the jobs or staff they hold.
_SAME_UNITS: dict[str, frozenset[str]] = {
    "organisations": frozenset(["clusters"]),
    "clusters": frozenset(["organisations"]),
    # "how many people work in / are employed by ...": the jobs or the staff a card counts
    "people": frozenset(["jobs", "staff"]),
}
_MONTHS = frozenset(MONTHS)


@dataclass(frozen=True)
class Measure:
    """What a question asks for, or what a card states.

    Attributes:
        units: Counted units (a question: the one it counts; a card: every one its value counts).
        scope: For money: ``total``, ``per_project``, ``voucher`` or ``share``; else "".
        place: A question that asks where; a card whose value names a place.
    """

    units: frozenset[str] = frozenset()
    scope: str = ""
    place: bool = False


def _unit_at(tokens: list[str], start: int) -> tuple[str, int] | None:
    """The unit whose phrase starts at ``tokens[start]`` and the phrase's length, or None."""
    for words, unit in _UNIT_PHRASES:
        if tokens[start : start + len(words)] == words:
            return unit, len(words)
    return None


def counted_unit(text: str, native: list[list[str]] | None = None) -> str | None:
    """The unit a count question counts: the first unit within a few words after "how many" or
    "number of" ("In how many countries ..." -> ``countries``), else the first unit among the
    words after the question's own count words (``native``: "quantos clusters ..." ->
    ``clusters``, when the gloss lost the order), or None.

    Args:
        text: The question in English words (with the gloss of its cues in front).
        native: The folded words after each count cue of the question's own language
            (:meth:`knowledge.facts.lexicon.Lexicon.words_after`).

    Returns:
        A key of :data:`UNITS`, or None.
    """
    tokens = fold(text).split()
    windows = [
        tokens[i + 2 : i + 2 + _UNIT_WINDOW]
        for i in range(len(tokens) - 1)
        if (tokens[i], tokens[i + 1]) in _COUNT_CUES
    ]
    if any(window[:1] and window[0] in _MONEY_ASKED_WORDS for window in windows):
        # "how many budget ...": the gloss of one word asking how many or how much ("kemm",
        # "ile", "колко") before the money it asks for; what follows ("clusters", glossed from
        # the programme's own name) is counted by nothing
        return None
    if not windows:
        return None
    for window in native or []:
        # a unit right after the question's own count word ("quanti cluster erano ... nei
        # progetti"): the gloss lists its cues in the lexicon's order, the question does not
        found = _unit_at(window, 0) if window else None
        if found is not None:
            return found[0]
    windows += [w[:_UNIT_WINDOW] for w in native or []]
    for window in windows:
        for j in range(len(window)):
            found = _unit_at(window, j)
            if found is not None:
                return found[0]
    return None


#: Words between a number and what it counts in a figure to confirm ("over 50 million people",
#: "3,000 strong clusters", "5.000 PMI").
_BETWEEN = frozenset(
    [
        "million",
        "millions",
        "thousand",
        "thousands",
        "more",
        "than",
        "over",
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "strong",
        "new",
        "labelled",
        "different",
    ]
)
#: How many words after a number the counted unit of a figure to confirm may come.
_STATED_WINDOW = 3


def stated_unit(windows: list[list[str]]) -> str | None:
    """The unit a figure to confirm counts: "is it true that 5,000 SMEs took part?" states a count
    of SMEs, as "how many SMEs took part?" asks one.

    Args:
        windows: For each number of the question (not a year), the English words of the few
            words after it, each word as a list (its own folded form and its lexicon gloss:
            ``[["clusteres", "clusters"], ["fuertes", "strong"]]``).

    Returns:
        A key of :data:`UNITS`, or None when no number is followed by a counted unit.
    """
    for window in windows:
        for readings in window[:_STATED_WINDOW]:
            found = next((u for w in readings if (u := _unit_at([w], 0)) is not None), None)
            if found is not None:
                return found[0]
            if not set(readings) & _BETWEEN:
                break
    return None


_SIZE = re.compile(r" (how much|how large|how big|how high|worth|value|amount|amounts) ")


def asks_money(text: str, kind: str | None, native: list[list[str]] | None = None) -> bool:
    """Whether a question asks for money, given the kind the cues read (``wanted_kind``).

    Money when the cues read money; when they read nothing, a question about a size with a money
    word ("how large was the grant"); when they read a count, a "how many" without a counted
    unit and with a money word ("ile wynosił budżet" glosses "how many budget"), or a count of
    projects or nothing about one project or a voucher ("combien un projet peut-il recevoir au
    maximum" glosses "how many projects maximum").

    Args:
        text: The question in English words (gloss in front), names of instruments blanked.
        kind: The kind of value the cues ask for.
        native: The words after the question's own count words (see :func:`counted_unit`).

    Returns:
        True for a money question.
    """
    if kind == "money":
        return True
    words = set(fold(text).split())
    if kind is None:
        return bool(words & _MONEY_WORDS) and bool(_SIZE.search(f" {fold(text)} "))
    if kind != "count":
        return False
    unit = counted_unit(text, native)
    if unit is None and words & _MONEY_WORDS:
        return True
    return unit in (None, "projects") and money_scope(text) in ("per_project", "voucher")


def money_scope(text: str) -> str:
    """The scope of a money question: ``voucher``, ``per_project``, ``total`` or "" (unsaid).

    Args:
        text: The question in English words, names of instruments blanked ("one INNOSUP-1
            project" -> "one project").
    """
    folded = f" {fold(text)} "
    if _VOUCHER.search(folded):
        return "voucher"
    if _PER_PROJECT.search(folded):
        return "per_project"
    if set(folded.split()) & _TOTAL_WORDS:
        return "total"
    return ""


def read_question(text: str, native: list[list[str]] | None = None) -> Measure:
    """Read what a question asks for (see the module docstring).

    Args:
        text: The question in English words (gloss in front), names of instruments blanked.
        native: The words after the question's own count words (see :func:`counted_unit`).

    Returns:
        Its :class:`Measure`.
    """
    unit = counted_unit(text, native)
    return Measure(
        units=frozenset([unit]) if unit else frozenset(),
        scope=money_scope(text),
        place=bool(_WHERE.search(f" {fold(text)} ")),
    )


def _card_units(value: str) -> frozenset[str]:
    """The units a card's value counts: the first unit within three words after each number."""
    tokens = fold(value).split()
    units = set()
    for i, token in enumerate(tokens):
        if not token.isdigit():
            continue
        for j in range(i + 1, min(i + 4, len(tokens))):
            if tokens[j].isdigit():
                continue
            found = _unit_at(tokens, j)
            if found is not None:
                units.add(found[0])
                break
    return frozenset(units)


def _names_place(value: str) -> bool:
    """Whether a value names a place: one comma-separated part of capitalised words without
    digits or months ("Kiev, 27-28 March 2018", "22 February 2018, Brussels")."""
    for part in value.split(","):
        words = part.split()
        if (
            words
            and all(w[:1].isupper() for w in words)
            and not re.search(r"\d", part)
            and not {fold(w) for w in words} & _MONTHS
        ):
            return True
    return False


def read_card(value: str, aspect: str, per_unit: bool) -> Measure:
    """Read what a card's value states.

    Args:
        value: The card's value.
        aspect: Its aspect (a place counts only on event cards).
        per_unit: Whether the value is per project or a maximum
            (:func:`knowledge.facts.question.is_per_unit`).

    Returns:
        Its :class:`Measure` (``scope`` only for values with a euro amount or a share).
    """
    folded = f" {fold(value)} "
    scope = ""
    if "%" in value:
        scope = "share"
    elif "€" in value or " eur " in folded or " euro " in folded:
        if _VOUCHER.search(folded):
            scope = "voucher"
        elif per_unit:
            scope = "per_project"
        else:
            scope = "total"
    return Measure(
        units=_card_units(value),
        scope=scope,
        place=aspect == "events" and _names_place(value),
    )


def measure_boost(question: Measure, card: Measure, money: bool) -> float:
    """The boost of a card for a question: its unit, its money scope, its place.

    Args:
        question: What the question asks (:func:`read_question`).
        card: What the card states (:func:`read_card`).
        money: Whether the question asks for money (scopes compare only then).

    Returns:
        The sum of :data:`UNIT_BOOST`, :data:`SCOPE_BOOST` and :data:`PLACE_BOOST` that apply.
    """
    boost = 0.0
    wanted = question.units.union(*(_SAME_UNITS.get(u, frozenset()) for u in question.units))
    if wanted & card.units:
        boost += UNIT_BOOST
    if money and question.scope and question.scope == card.scope:
        boost += SCOPE_BOOST
    if question.place and card.place:
        boost += PLACE_BOOST
    return boost


@lru_cache(maxsize=16)
def _country_names(language: str) -> tuple[tuple[str, str], ...]:
    """``(folded name in the language, English name)`` of every country (CLDR, babel), longest
    first; empty for a language babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        local = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return ()
    english = Locale("en").territories
    pairs = {
        (fold(name), english[code])
        for code, name in local.items()
        if len(code) == 2
        and code.isalpha()
        and code in english
        and fold(name) != fold(english[code])
    }
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def country_gloss(question: str, language: str | None) -> str:
    """The English names of the countries a question names in its own language ("" if none).

    "EU-Oekraïne" (nl) -> "Ukraine"; a name written as in English adds nothing.

    Args:
        question: The user's question.
        language: Its language (ISO 639-1); English or None gives "".

    Returns:
        Space-separated English country names.
    """
    if not language or str(language).lower() == "en":
        return ""
    folded = f" {fold(question[:500])} "
    found = []
    for name, english in _country_names(str(language).lower()):
        if f" {name} " in folded and english not in found:
            found.append(english)
    return " ".join(found)
