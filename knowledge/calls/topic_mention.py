"""Calls that name the asked topic come first (issue 13 part 1, session 17).

Owns the rule "a calls search shows first the calls whose text names the topic's specific
words". The hybrid ranking (keywords + the encoders' similarity + the title signal) ranks by
closeness of meaning, and for a narrow topic the nearest calls in meaning are often broad ones
that never name it: "Windenergie" (searched as "... wind energy") had five energy calls first
and none of the seven calls that mention wind; "tidal and wave energy", drones, aquaculture,
fusion, air quality, cybersecurity, wastewater went the same way on the held-out sets (the
verdict "no shown calls record mentions any of [...]").

The topic's specific words are the search text's words (the message with its glossary terms and
abbreviations read: :func:`actions.funding.calls.search_text`) that the calls' texts use, but
rarely (and that say what, not who: :data:`APPLICANT_WORDS`): at most :data:`SPECIFIC_SHARE` of
the calls write them ("wind" 7 of 629 calls, "tidal"
1; "energy" 185 and "quality" 181 are no topic of their own). Two adjacent words that are not
specific alone are one when the calls write them together ("air quality"). Function words of
every EU language never count (Italian "per" is an English word too). A call *mentions* the topic
when its title, keywords or description has one of those words or pairs (singular and plural
alike: "drones" names "drone"); :func:`mention_rank_hook` puts such calls before every call that
mentions none, keeping the hybrid ranking's order within each group, adds the mentioning calls
the hook left out, and puts those that name the topic in their title or keywords first among
equals. A search whose words are all general ("energy", "digital") is ranked as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from taxonomy.text import fold

if TYPE_CHECKING:
    from knowledge.calls.records import Call
    from knowledge.calls.store import RankHook

#: Largest share of the calls whose text may use a word for it to name a topic.
SPECIFIC_SHARE = 0.065
#: Added to the relevance of a call that mentions the topic (above any hybrid relevance).
MENTION_BONUS = 10.0
#: Added for a mention in the title or keywords (a call *about* the topic, not one aside).
TITLE_BONUS = 0.5
#: Most words of the search text read.
MAX_WORDS = 24

#: Words about who applies or asks, not about the topic (the SME expansion of "SME" among them:
#: "small and medium-sized enterprises"), in their singular folded form.
_APPLICANT_TEXT = """sme enterprise company business firm startup start-up medium sized small micro
    smaller organisation organization consortium partner cluster university we our us making make
    working work based located"""
APPLICANT_WORDS = frozenset(_APPLICANT_TEXT.split())

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def singular(word: str) -> str:
    """A folded English word without its plural ending ("batteries" -> "battery", "drones" ->
    "drone"; "glass", "gas" stay)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(text: str) -> list[str]:
    """The folded, singular words of a text, in order."""
    return [singular(w) for w in _WORD.findall(fold(text))]


@cache
def _function_words() -> frozenset[str]:
    """Function words of every EU language and the calls' request stop words (folded)."""
    from taxonomy.languages import EU_LANGUAGES
    from taxonomy.stopwords import CALL_SEARCH_STOPWORDS, function_words

    words: set[str] = {fold(w) for w in CALL_SEARCH_STOPWORDS} | APPLICANT_WORDS
    for language in EU_LANGUAGES:
        words |= {fold(w) for w in function_words(language)}
    return frozenset(words)


@dataclass(frozen=True)
class Mentions:
    """Which calls write which words and adjacent word pairs (folded, singular).

    Attributes:
        words: Call id -> the words of its title, keywords and description.
        pairs: Call id -> its adjacent word pairs (``"air quality"``).
        title_words: Call id -> the words and pairs of its title and keywords.
        frequency: Word or pair -> how many calls write it.
        count: How many calls.
    """

    words: Mapping[str, frozenset[str]]
    pairs: Mapping[str, frozenset[str]]
    title_words: Mapping[str, frozenset[str]]
    frequency: Mapping[str, int]
    count: int

    @classmethod
    def build(cls, calls: Iterable[Call]) -> Mentions:
        """Index the calls' texts (a few hundred calls: well under a second)."""
        words: dict[str, frozenset[str]] = {}
        pairs: dict[str, frozenset[str]] = {}
        titles: dict[str, frozenset[str]] = {}
        frequency: Counter[str] = Counter()
        for call in calls:
            head = words_of(" . ".join([call.title, *call.keywords]))
            body = words_of(call.description)
            own = frozenset(head) | frozenset(body)
            joined = frozenset(_pairs(head)) | frozenset(_pairs(body))
            words[call.id] = own
            pairs[call.id] = joined
            titles[call.id] = frozenset(head) | frozenset(_pairs(head))
            frequency.update(own | joined)
        return cls(words, pairs, titles, dict(frequency), len(words))

    def topic(self, text: str | None, language: str | None = None) -> frozenset[str]:
        """The specific words and pairs of a search text (see the module docstring); for a
        message in another language than English only those of the glossary's English terms
        (:func:`glossary_words`, see :func:`mention_rank_hook`)."""
        if not isinstance(text, str) or not self.count:
            return frozenset()
        limit = SPECIFIC_SHARE * self.count
        skip = _function_words()
        said = [w for w in words_of(text)[:MAX_WORDS] if w not in skip and len(w) > 2]
        found: set[str] = set()
        for word in said:
            if 0 < self.frequency.get(word, 0) <= limit:
                found.add(word)
        for pair in _pairs(said):
            first, second = pair.split(" ")
            if first in found or second in found:
                continue
            if 0 < self.frequency.get(pair, 0) <= limit:
                found.add(pair)
        if language and language != "en":
            allowed = glossary_words()
            found = {unit for unit in found if all(w in allowed for w in unit.split(" "))}
        return frozenset(found)

    def mentioning(self, topic: frozenset[str]) -> dict[str, bool]:
        """Call id -> whether the title or keywords name the topic, for every call naming it."""
        out: dict[str, bool] = {}
        if not topic:
            return out
        for call_id, own in self.words.items():
            named = (own | self.pairs[call_id]) & topic
            if named:
                out[call_id] = bool(self.title_words[call_id] & topic)
        return out


def _pairs(words: Sequence[str]) -> list[str]:
    return [f"{a} {b}" for a, b in pairwise(words)]


@cache
def glossary_words() -> frozenset[str]:
    """The words of the glossary's English terms (:func:`knowledge.topic_terms.glossary`):
    the topics a message in another language names in a way the product reads for sure."""
    from knowledge.topic_terms import glossary

    return frozenset(word for _, term in glossary() for word in words_of(term))


def mention_rank_hook(hook: RankHook, mentions: Mentions, language: str | None = None) -> RankHook:
    """Wrap a calls ``rank_hook`` so that calls naming the topic come first.

    A message in another language than English names its topic in its own words: only the
    words of the glossary's English terms count there (:func:`glossary_words`: the terms the
    search text gained, "Windenergie" -> "wind energy", and the words written alike in English,
    French "drones"); another word that English calls happen to write (Italian "filiere") is no
    topic (three calls requests in French and Italian lost their topic when it was one).

    Args:
        hook: The language's hook (keywords, encoders, title signal).
        mentions: The store's :class:`Mentions`.
        language: The message's language (``None`` or ``"en"``: every specific word counts).

    Returns:
        The wrapped hook: the hook's relevance plus :data:`MENTION_BONUS` for a call that names
        the search text's topic (plus :data:`TITLE_BONUS` in its title or keywords); calls naming
        it that the hook left out are added with the bonus alone.
    """

    def ranked(text: str, candidates: Sequence[tuple[str, float]]) -> Mapping[str, float]:
        ranking = dict(hook(text, candidates))
        named = mentions.mentioning(mentions.topic(text, language))
        for call_id, in_title in named.items():
            bonus = MENTION_BONUS + (TITLE_BONUS if in_title else 0.0)
            ranking[call_id] = ranking.get(call_id, 0.0) + bonus
        return ranking

    ranked.__wrapped__ = hook  # type: ignore[attr-defined]  # the hook it wraps
    return ranked
