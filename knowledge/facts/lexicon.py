"""What a fact question in another reply language asks, in English words: THE per-language lexicon.

The answerer's cues (aspects, value kinds, the cards' keyword index) are English. A question in
DE FR ES IT PL NL PT is read through ``knowledge/data/facts/lexicon.yml``: :meth:`Lexicon.gloss`
returns the English words of every cue it contains ("Wie viele KMU ..." -> "how many smes"), and
:meth:`Lexicon.name_text` lower-cases the words that cannot start or carry a programme's name
(question words, articles, prepositions), so that "Hoeveel MKB-bedrijven" is no capitalised name.
:meth:`Lexicon.has_programme_word` tells a programme's, scheme's or fund's name ("Bałtycki
Fundusz ...", "Waddenfonds") from other capitalised words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.errors import DataFileError
from taxonomy.text import fold

#: The shipped lexicon.
DEFAULT_LEXICON = Path(__file__).resolve().parents[1] / "data" / "facts" / "lexicon.yml"
#: Longest question examined (a chat message).
_MAX_CHARS = 500
#: Shortest programme word recognised with an ending the lexicon does not list, and the longest
#: such ending (Hungarian "program|janak", Finnish "ohjelma|sta", German "programm|s").
MIN_INFLECTED = 5
MAX_ENDING = 5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
#: Starts of the words for "fund" among the programme words of the 24 languages (fonds, fondo,
#: fundusz, fundo, rahasto, alap, sklad, the Danish pool "pulje", фонд, ταμειο): no instrument
#: of the catalogue is a fund.
FUND_STARTS = ("fond", "fund", "rahast", "alap", "sklad", "pulj", "фонд", "ταμει")
#: Words for "of" that join a word for fund to its name in the Romance languages and Dutch
#: ("el fondo de clusters del duero", "o fundo do cluster atlantico", "le fonds des grappes
#: du jura", "il fondo di cluster"): inside a fund's dictated name they join, they do not end it.
NAME_JOINERS = frozenset(
    ["de", "del", "do", "da", "dos", "das", "des", "du", "di", "della", "dei", "degli", "van"]
)


def _tokens(text: str) -> list[str]:
    """The folded words of a text as cues match them: Polish "ł" read as "l" (the folding keeps
    it; the lexicon's keys are written without it: "całkowity" matches ``calkowit*``)."""
    return fold(text[:_MAX_CHARS]).replace("ł", "l").split()


#: Irish eclipsis: the letters written before a word's first consonant after "ar an", "i",
#: "cé mhéad"... ("mbraislí", "gcláir", "bhfiontar", "dtionscadal"), and the consonant it hides.
_ECLIPSIS = (("bhf", "f"), ("mb", "b"), ("gc", "c"), ("nd", "d"), ("bp", "p"), ("dt", "t"))
#: Irish lenition: an "h" after a word's first consonant ("bhuiséad", "thionscadal", "phost").
_LENITED = frozenset("bcdfgmpst")


def irish_radical(token: str) -> str:
    """A folded Irish word without its initial mutation ("mbraisli" -> "braisli", "phost" ->
    "post", "bhfiontar" -> "fiontar"); other words unchanged. The lexicon's Irish cues are written
    in the radical form (some mutated forms too); a question writes whichever its grammar wants.
    """
    for prefix, radical in _ECLIPSIS:
        if token.startswith(prefix) and len(token) > len(prefix) + 1:
            return radical + token[len(prefix) :]
    if len(token) > 3 and token[0] in _LENITED and token[1] == "h":
        return token[0] + token[2:]
    return token


@dataclass(frozen=True)
class Cue:
    """A folded phrase (its words; a word ending in ``*`` is a prefix) and its English words."""

    words: tuple[str, ...]
    english: str

    def matches_at(self, tokens: list[str], start: int) -> bool:
        """True when the phrase's words match ``tokens`` from ``start`` on."""
        if start + len(self.words) > len(tokens):
            return False
        for word, token in zip(self.words, tokens[start:], strict=False):
            if word.endswith("*"):
                if not token.startswith(word[:-1]):
                    return False
            elif token != word:
                return False
        return True


@dataclass(frozen=True)
class Language:
    """One language's part of the lexicon."""

    function: frozenset[str]
    programme_words: tuple[str, ...]
    cues: tuple[Cue, ...] = field(default_factory=tuple)
    questions: frozenset[str] = frozenset()


class Lexicon:
    """The per-language cues of fact questions."""

    def __init__(self, languages: dict[str, Language]):
        """Keep the languages (use :func:`load_lexicon`)."""
        self.languages = languages

    def covers(self, language: str | None) -> bool:
        """Whether the lexicon has the language (EN never: the cues are English)."""
        return bool(language) and str(language).lower() in self.languages

    def _matches(self, question: str, language: str) -> list[tuple[int, int, Cue]]:
        """Non-overlapping cue matches ``(start, end, cue)``, longest phrase first at each word.

        An Irish word also matches in its radical form (:func:`irish_radical`: "mbraislí" as
        "braislí", "bhfiontar" as "fiontar") where it matches no cue as written."""
        entry = self.languages[language.lower()]
        tokens = _tokens(question)
        radicals = [irish_radical(t) for t in tokens] if language.lower() == "ga" else None
        found, start = [], 0
        while start < len(tokens):
            for cue in entry.cues:
                if cue.matches_at(tokens, start) or (
                    radicals is not None and cue.matches_at(radicals, start)
                ):
                    found.append((start, start + len(cue.words), cue))
                    start += len(cue.words)
                    break
            else:
                start += 1
        return found

    def gloss(self, question: str, language: str | None) -> str:
        """The English words of the cues a question contains, in its order ("" if none).

        Args:
            question: The user's question.
            language: Its language (ISO 639-1); a language the lexicon lacks gives "".

        Returns:
            Space-separated English words, without repeats.
        """
        if not self.covers(language):
            return ""
        words: list[str] = []
        for _, _, cue in self._matches(question, str(language)):
            for word in cue.english.split():
                if word not in words:
                    words.append(word)
        return " ".join(words)

    def words_after(
        self, question: str, language: str | None, english: tuple[str, ...], count: int = 4
    ) -> list[list[str]]:
        """The folded words that follow each cue whose English starts with one of ``english``.

        "Quantos clusters receberam ..." with ``("how many",)`` -> ``[["clusters", "receberam",
        ...]]``: what a count question counts, in the question's own words.

        Args:
            question: The user's question.
            language: Its language (a language the lexicon lacks gives nothing).
            english: English beginnings of the cues wanted ("how many", "number of").
            count: How many words to return after each cue.

        Returns:
            One list of words per matching cue, in the question's order.
        """
        if not self.covers(language):
            return []
        tokens = _tokens(question)
        return [
            tokens[end : end + count]
            for _, end, cue in self._matches(question, str(language))
            if cue.english.startswith(english)
        ]

    def name_text(self, question: str, language: str | None) -> str:
        """The question with its function words lower-cased (for finding capitalised names).

        Only function words (question words, articles, prepositions): a cue word may be part of
        a name ("Chèque Innovation ...", "Programa Europeu de Vales ...").

        Args:
            question: The user's question.
            language: Its language.

        Returns:
            The question, same words, only their case changed.
        """
        if not self.covers(language):
            return question
        entry = self.languages[str(language).lower()]
        # a question word starts no name either, listed among the function words or not
        # ("Kuri programa ...?", "Ποιες ...": session 21)
        lowered = entry.function | entry.questions

        def lower(match: re.Match[str]) -> str:
            word = match.group(0)
            parts = fold(word).replace("ł", "l").split()
            return word.lower() if parts and all(p in lowered for p in parts) else word

        return _WORD.sub(lower, question[:_MAX_CHARS])

    def question_words(self, language: str | None) -> frozenset[str]:
        """The folded question words of a language ("wann", "combien", "ile"); empty for English
        and languages the lexicon lacks."""
        if not self.covers(language):
            return frozenset()
        return self.languages[str(language).lower()].questions

    def is_cue_word(self, word: str, language: str | None) -> bool:
        """Whether a folded word is a one-word cue of the language ("geld", "kmu", "projekt*")."""
        if not self.covers(language):
            return False
        for cue in self.languages[str(language).lower()].cues:
            if len(cue.words) == 1 and cue.matches_at([word.replace("ł", "l")], 0):
                return True
        return False

    def programme_word_in(self, word: str, language: str | None) -> str | None:
        """The programme word a folded word is or ends in ("waddenfonds" -> "fonds"), or None."""
        if not self.covers(language):
            return None
        words = self.languages[str(language).lower()].programme_words
        for p in words:
            # a compound's last part ("waddenfonds", "klusterfond"): a long enough word
            if word == p or (len(p) >= 4 and len(word) >= len(p) + 4 and word.endswith(p)):
                return p
        for p in sorted(words, key=len, reverse=True):
            # an inflected form the list does not spell ("programnak", "ohjelmasta",
            # "wasserstoffprogramms"): the word, or a compound's last part, and a short ending
            at = word.find(p) if len(p) >= MIN_INFLECTED else -1
            if at >= 0 and (at == 0 or at >= 4) and len(word) - at - len(p) <= MAX_ENDING:
                return p
        return None

    def programme_word_before(self, text: str, name: str, language: str | None) -> bool:
        """Whether a programme word of the language stands just before ``name`` in ``text``
        (one "europ..." adjective may come between, or one "of" (:data:`NAME_JOINERS`) after a word for fund): "o programa Atlântico Digital", "il
        programma europeo Adriatico", "X'inhu l-Programm Mediterran", where the name found is
        what follows the programme word.

        Args:
            text: The question.
            name: A name found in it, as written.
            language: Its language.
        """
        at = text.find(name)
        if at <= 0 or not self.covers(language):
            return False
        before = fold(text[:at]).replace("ł", "l").split()[-2:]
        if len(before) == 2 and (
            before[1].startswith("europ")
            or (before[1] in NAME_JOINERS and before[0].startswith(FUND_STARTS))
        ):
            before = before[:1]  # "il programma europeo X", "el fondo de X"
        return bool(before) and self.programme_word_in(before[-1], language) is not None

    def has_programme_word(self, name: str, language: str | None) -> bool:
        """Whether a name contains a programme word of the language (or ends a word with one).

        Args:
            name: A capitalised name from the question.
            language: Its language.

        Returns:
            True for "Fundusz Klastrów", "Waddenfonds voor Clusters", "Programa Atlântico".
        """
        return any(self.programme_word_in(word, language) for word in fold(name).split())


def _language(path: Path, code: str, raw: object) -> Language:
    if not isinstance(raw, dict) or not isinstance(raw.get("cues"), dict):
        raise DataFileError(path, 0, code, "needs function, programme_words and cues")
    cues = []
    for phrase, english in raw["cues"].items():
        # read as the question's tokens are (:func:`_tokens`: "ł" as "l"), so "pułap" matches
        words = tuple(str(phrase).replace("ł", "l").split())
        if (
            not words
            or not str(english).strip()
            or fold(" ".join(words).replace("*", "")) != (" ".join(words).replace("*", ""))
        ):
            raise DataFileError(path, 0, code, f"cue {phrase!r} is not folded or has no words")
        cues.append(Cue(words, str(english).strip()))
    cues.sort(key=lambda c: -len(c.words))  # the longest phrase wins where several start
    return Language(
        frozenset(fold(str(w)) for w in raw.get("function") or []),
        tuple(fold(str(w)) for w in raw.get("programme_words") or []),
        tuple(cues),
        frozenset(fold(str(w)).replace("ł", "l") for w in raw.get("questions") or []),
    )


@lru_cache(maxsize=4)
def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Read and check the lexicon (once per path).

    Args:
        path: The lexicon file.

    Returns:
        The lexicon.

    Raises:
        DataFileError: A language or cue is malformed.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise DataFileError(Path(path), 0, "lexicon", "must map language codes to entries")
    return Lexicon({str(code): _language(Path(path), str(code), raw) for code, raw in data.items()})
