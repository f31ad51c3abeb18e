"""Whether a message is a question about something the cards name: the fact routing's override.

NLU sometimes files a fact question as a confident search ("where was the EU-Ukraine matchmaking
held?" reads like a partner search with a country; "on which day was the EREK session?" like a
calls search). :func:`names_subject` and :func:`is_question` let the routing
(:mod:`actions.funding.routing`) answer such a message from the cards before any search when it
is written as a question, asks for a figure, a date or a place, and names an instrument of the
catalogue or an event or body a card is about.

A card's name is named when the question has all of its *distinctive* words: the words of the
name that few other names of cards and instruments use, at least two of them ("First European
Cluster Policy Forum" -> ``first forum``), or the country it names ("EU-Ukraine Cluster Policy
Learning and Matchmaking Event" -> ``ukraine``), read
in English words (the question's cue gloss and country gloss in front,
:meth:`knowledge.facts.answer.FactAnswerer.cue_text`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from knowledge.facts.lexicon import Lexicon
from taxonomy.fillers import without_leading_fillers
from taxonomy.languages import REPLY_LANGUAGES
from taxonomy.questions import asks_indirectly
from taxonomy.text import fold

#: English question words (the other reply languages': ``questions`` in the lexicon).
ENGLISH_QUESTION_WORDS = frozenset(
    ["what", "whats", "when", "where", "which", "who", "whom", "whose", "how", "why"]
)
#: A name word used by at least this many names is no evidence of one name.
COMMON_NAME_WORD = 3
#: Words that never tell a name.
_FILLER = frozenset(["the", "of", "and", "for", "in", "on", "a", "an", "to", "de", "eu", "s"])
#: Names with fewer words than this are matched whole (by the ranking), not by distinctive words.
_MIN_NAME_WORDS = 3


def is_question(text: str, language: str | None, lexicon: Lexicon) -> bool:
    """Whether a message is written as a question: it ends with "?", starts with a question
    word of its language (within its first two words: "and when ...", "e dove ...", after the
    spoken fillers it may start with: :func:`taxonomy.fillers.without_leading_fillers`), or carries
    an indirect question ("she would like to know who ...", "mi chiede se ...":
    :func:`taxonomy.questions.asks_indirectly`).

    Args:
        text: The message.
        language: Its language (None: English).
        lexicon: The per-language words (``questions``).

    Returns:
        True for a question.
    """
    if text.rstrip().endswith("?"):
        return True
    # a dictated question starts with fillers ("um so like what ...", "no więc ile ...")
    words = without_leading_fillers(fold(text[:200]).split())[:2]
    table = lexicon.question_words(language) or ENGLISH_QUESTION_WORDS
    return any(w in table for w in words) or asks_indirectly(text)


@lru_cache(maxsize=1)
def _english_countries() -> frozenset[str]:
    """The folded one-word English names of the world's countries (CLDR, babel)."""
    from babel import Locale

    names = (fold(n) for code, n in Locale("en").territories.items() if len(code) == 2)
    return frozenset(n for n in names if n and " " not in n)


class SubjectNames:
    """The distinctive words of every card name and instrument name."""

    def __init__(self, names: Iterable[str]):
        """Find each name's distinctive words.

        Args:
            names: Card names (events, bodies, reports) and instrument names.
        """
        folded = [fold(n) for n in names if n]
        #: Every name, folded, longest first (blanked before a message's language is read).
        self.folded: tuple[str, ...] = tuple(sorted(set(folded), key=len, reverse=True))
        #: Every word of those names.
        self.words: frozenset[str] = frozenset(w for name in folded for w in name.split())
        counts: Counter[str] = Counter()
        for name in set(folded):
            counts.update(set(name.split()))
        self.distinctive: list[frozenset[str]] = []
        for name in set(folded):
            words = [w for w in name.split() if w not in _FILLER and not re.fullmatch(r"\d+", w)]
            if len(words) < _MIN_NAME_WORDS:
                continue
            rare = frozenset(w for w in words if counts[w] < COMMON_NAME_WORD and len(w) >= 3)
            countries = rare & _english_countries()
            if countries:  # "EU-Ukraine ... Event": the country tells the event
                self.distinctive.append(countries)
            elif len(rare) >= 2:  # one rare word alone is often a plain word ("week", "forum")
                self.distinctive.append(rare)

    def named_in(self, english: str) -> bool:
        """Whether a question (in English words: gloss and question) has all distinctive words
        of some name."""
        words = set(fold(english).split())
        return any(rare <= words for rare in self.distinctive)


def unnamed_words(text: str, subjects: SubjectNames) -> list[str]:
    """The folded words of a message without the names of instruments and cards ("ł" as "l")."""
    folded = f" {fold(text[:300])} "
    for name in subjects.folded:
        if f" {name} " in folded:
            folded = folded.replace(f" {name} ", " ")
    return folded.replace("ł", "l").split()


def question_language(text: str, lexicon: Lexicon, subjects: SubjectNames) -> str | None:
    """The reply language of a short question the language detector could not decide.

    "¿Qué es el Cluster Excellence Programme?": the programme's English name outvotes the three
    Spanish words. Here the names of instruments and cards are left out, and the question is in
    the language whose question word starts it (within its first two words) and whose question
    and function words it uses most, strictly more than any other language's; an English
    question word at the start decides nothing.

    Args:
        text: The message.
        lexicon: The per-language words (``questions`` and ``function``).
        subjects: The known names (:class:`SubjectNames`).

    Only the reply languages vote (the lexicon's other languages share question words with
    them: Slovak and Polish "kto", Croatian and Slovene "kako").

    Returns:
        A language code of the lexicon among the reply languages, or None.
    """
    words = unnamed_words(text, subjects)
    if not words or words[0] in ENGLISH_QUESTION_WORDS:
        return None
    scores = []
    for code, entry in lexicon.languages.items():
        if code not in REPLY_LANGUAGES or not set(words[:2]) & entry.questions:
            continue
        scores.append((sum(w in entry.function or w in entry.questions for w in words), code))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


#: The most words a telegraphic request has once the names are left out ("Budżet ESCP-4i",
#: "Presupuesto total, gracias").
TELEGRAPHIC_WORDS = 4
#: English words of a request that tell no language ("pls", "thx").
_ENGLISH_FILLER = frozenset(["pls", "plz", "please", "thx", "thanks", "info", "asap", "total"])


def telegraphic_language(
    text: str,
    lexicon: Lexicon,
    subjects: SubjectNames,
    english: frozenset[str],
    decided: str | None = None,
) -> tuple[str, bool] | None:
    """The language to read a telegraphic request in: "<aspect> <programme>" without a question
    word ("Presupuesto Euroclusters.", "Budżet ESCP-4i", "Éligibilité INNOSUP-1 svp").

    The programme's name outvotes the one word of the user's language, so the language detector
    leaves such a request undecided (read as English, the aspect word then looks like part of an
    unknown programme's name). Here the names of instruments and cards are left out; the request
    has at most :data:`TELEGRAPHIC_WORDS` words left, no question word of a language (see
    :func:`question_language`), and at least one cue word of the lexicon that is no English cue
    word (``english``: "Budget Euroclusters", "Eligibility INNOSUP pls" stay English). The
    languages whose cue and function words it uses most are its candidates: several share a cue
    ("budzet*" is Polish and Latvian, "eligib*" French and Romanian) and read it the same way.

    Args:
        text: The message.
        lexicon: The per-language cues and function words.
        subjects: The known names (:class:`SubjectNames`).
        english: The English cue words (:func:`knowledge.facts.question.english_cue_words`).
        decided: The language the detector decided, if any: it wins among the candidates.

    Returns:
        ``(language, sure)``: the language to read the request in and whether it is the only
        candidate (then it is the reply language too); None for no telegraphic request in
        another language.
    """
    words = [w for w in unnamed_words(text, subjects) if not re.fullmatch(r"\d+\w?", w)]
    if not words or len(words) > TELEGRAPHIC_WORDS:
        return None
    if any(w in entry.questions for w in words[:2] for entry in lexicon.languages.values()):
        return None  # a question: question_language reads it
    # the words of the English names ("cluster", "programme") tell no language either
    named = subjects.words
    foreign = [w for w in words if w not in english and w not in _ENGLISH_FILLER and w not in named]
    scores: list[tuple[int, str]] = []
    for code, entry in lexicon.languages.items():
        cues = [w for w in foreign if lexicon.is_cue_word(w, code)]
        if cues:
            scores.append((len(cues) + sum(w in entry.function for w in foreign), code))
    if not scores:
        return None
    best = max(score for score, _ in scores)
    candidates = sorted(code for score, code in scores if score == best)
    if decided in candidates:
        return str(decided), len(candidates) == 1
    if decided is not None and decided != "en":
        return None  # the detector read another language its words do not contradict
    replies = [c for c in candidates if c in REPLY_LANGUAGES]
    return (replies or candidates)[0], len(candidates) == 1
