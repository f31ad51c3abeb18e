"""Text analysis for the keyword index: folding, stop words, stemming, fields, query words.

Tokens are folded (lower case, no accents, punctuation as spaces), lightly stemmed (plural
``-s``/``-ies``) and stop words are dropped; acronyms and technical terms ("MRO", "IoT", "5G",
"CO2") are ordinary tokens, so they count as much as their rarity says. In technology phrases each
adjacent word pair is also indexed as one word ("cyber security" -> "cybersecurity").

Also owns :func:`rules_fingerprint`, the hash of the tokenising rules that are data, which a saved
index records.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from contracts.limits import PARTNER_QUERY_CHARS
from knowledge.filters import country_name
from knowledge.records import ClusterProfile
from taxonomy.stopwords import PARTNER_SEARCH_STOPWORDS
from taxonomy.text import fold

KEYWORD_FORMAT = 1  # version of the file written by KeywordIndex.save
MAX_TERMS = 32

#: The stop words this index drops (a module attribute, so a test can change it).
STOPWORDS = PARTNER_SEARCH_STOPWORDS


def rules_fingerprint() -> str:
    """Hash of the tokenising rules that are data (file format, fields, stop words).

    A saved index whose fingerprint differs was tokenised by other rules: its postings would not
    match what queries look up, so the partner index rebuilds it instead of loading it. Changes
    in code (stemming, folding) are caught by re-tokenising a sample (:meth:`mismatched_rows`).
    """
    text = "\n".join([str(KEYWORD_FORMAT), ",".join(FIELDS), *sorted(STOPWORDS)])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def query_terms(query: str) -> list[str]:
    """Return the searchable words of a query: folded, de-duplicated, stop words removed.

    Args:
        query: Free text from a user.

    Returns:
        Up to 32 words, in order of appearance (not stemmed).
    """
    terms: list[str] = []
    for word in fold(query[:PARTNER_QUERY_CHARS]).split():
        if len(word) < 2 or word in STOPWORDS or word in terms:
            continue
        terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def stem(word: str) -> str:
    """Return a light stem of a folded word (plural ``-ies`` -> ``-y``, ``-s`` dropped).

    Args:
        word: A folded word.

    Returns:
        The stem, e.g. ``"batteries"`` -> ``"battery"``, ``"cells"`` -> ``"cell"``.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Tokenise text for the keyword index: fold, split, drop stop words, stem.

    Args:
        text: Any text.

    Returns:
        The stemmed tokens, in order, repeats kept.
    """
    return [stem(w) for w in fold(text).split() if len(w) >= 2 and w not in STOPWORDS]


@dataclass(frozen=True)
class FieldWeights:
    """BM25F weights and length normalisation, per profile field.

    Attributes:
        name: Weight of the name and acronym.
        technologies: Weight of the technology phrases.
        sectors: Weight of the sector labels.
        description: Weight of the description.
        place: Weight of city, region and country name.
        b: Length normalisation (0 = none, 1 = full), the same for every field.
        k1: Term-frequency saturation.
    """

    name: float = 2.0
    technologies: float = 3.0
    sectors: float = 1.0
    description: float = 1.0
    place: float = 0.5
    b: float = 0.75
    k1: float = 1.2

    def vector(self) -> np.ndarray:
        """Return the field weights in :data:`FIELDS` order."""
        return np.array([getattr(self, f) for f in FIELDS], dtype=np.float64)


FIELDS: tuple[str, ...] = ("name", "technologies", "sectors", "description", "place")


def _with_joins(phrases: Iterable[str]) -> list[str]:
    """Tokens of each phrase plus each adjacent pair written as one word.

    "cyber security" also yields "cybersecurity", "e-health" yields "ehealth", so a query that
    writes a compound as one word still matches, and a two-word query matching a two-word
    phrase scores an extra, rarer term (a phrase bonus).
    """
    out: list[str] = []
    for phrase in phrases:
        words = [w for w in fold(phrase).split() if w not in STOPWORDS]
        out += [stem(w) for w in words if len(w) >= 2]
        out += [stem(a + b) for a, b in itertools.pairwise(words)]
    return out


def profile_fields(profile: ClusterProfile) -> dict[str, list[str]]:
    """Return the tokens of each indexed field of a profile.

    Args:
        profile: The profile.

    Returns:
        ``{field: tokens}`` for every field in :data:`FIELDS`.
    """
    place = " ".join(p for p in (profile.city, profile.region, country_name(profile.country)) if p)
    return {
        "name": tokens(" ".join(p for p in (profile.name, profile.acronym) if p)),
        "technologies": _with_joins(profile.technologies),
        "sectors": tokens(" , ".join(profile.sectors)),
        "description": tokens(profile.description),
        "place": tokens(place),
    }
