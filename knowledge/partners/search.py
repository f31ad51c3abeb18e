"""Partner search: exact metadata filters, then hybrid (semantic + keyword) ranking, explained.

Ranking. For a query with searchable words, every profile that passes the filters gets

    score = 0.8 * cosine similarity + 0.2 * keyword coverage

where keyword coverage is the share of query words found in the profile's name, acronym,
technologies or sectors (a word found only in the description counts half). Candidates are the
FAISS top hits among the allowed profiles (an ``IDSelector`` restricts the search to them, so
filters never leak and ``k`` allowed profiles are always returned when they exist) plus every
allowed profile with a keyword hit. A profile outside both sets has no keyword hit and a lower
similarity than every candidate, so it cannot outrank them: pages are consistent.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import faiss
import numpy as np

from knowledge.embedding import Embedder
from knowledge.errors import FilterValueError
from knowledge.filters import (
    fold,
    normalise_country,
    normalise_sector,
    suggest_country,
    suggest_sector,
)
from knowledge.partners.index import PartnerIndex
from knowledge.records import ClusterProfile

logger = logging.getLogger("knowledge")

SEMANTIC_WEIGHT = 0.8
KEYWORD_WEIGHT = 0.2
DESCRIPTION_HIT = 0.5
MIN_POOL = 50
MAX_QUERY_CHARS = 2000
MAX_TERMS = 32
MAX_K = 100

_STOPWORD_TEXT = """
    a about above after again all also am an and any are as at be because been being below
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers him his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours
    cluster clusters partner partners company companies organisation organisations organization
    organizations network networks firm firms help find finding looking look search searching
    want wants need needs us please show list give get tell know anyone someone somebody who
    working work works hi hello thanks thank
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def query_terms(query: str) -> list[str]:
    """Return the searchable words of a query: folded, de-duplicated, stop words removed.

    Args:
        query: Free text from a user.

    Returns:
        Up to 32 words, in order of appearance.
    """
    terms: list[str] = []
    for word in fold(query[:MAX_QUERY_CHARS]).split():
        if len(word) < 2 or word in _STOPWORDS or word in terms:
            continue
        terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in fold(text).split()]


def _term_matches(term: str, words: Iterable[str]) -> bool:
    stem = _stem(term)
    return any(w == stem or (len(stem) >= 5 and w.startswith(stem)) for w in words)


@dataclass(frozen=True)
class PartnerFilters:
    """Exact filters on partner search.

    Attributes:
        country: ISO 3166-1 alpha-2 code (names like "Germany" are normalised by the searcher).
        region: Case/accent-insensitive substring of the profile's region or city.
        sector: One of the fixed sector labels (free text like "ICT" is normalised).
        technology: Case/accent-insensitive substring of a technology or the description.
    """

    country: str | None = None
    region: str | None = None
    sector: str | None = None
    technology: str | None = None

    @classmethod
    def parse(
        cls,
        country: str | None = None,
        region: str | None = None,
        sector: str | None = None,
        technology: str | None = None,
    ) -> PartnerFilters:
        """Build filters from user text, normalising country and sector.

        Args:
            country: Code, name, adjective or native name ("de", "German", "Deutschland").
            region: Region or city text.
            sector: Sector label or free text ("ICT", "food").
            technology: Technology text.

        Returns:
            Normalised filters (blank values become ``None``).

        Raises:
            FilterValueError: The country or sector is not recognised (message has a suggestion).
        """
        return cls(
            country=country, region=region, sector=sector, technology=technology
        ).normalised()

    def normalised(self) -> PartnerFilters:
        """Return a copy with canonical values (ISO code, sector label, stripped text).

        Raises:
            FilterValueError: The country or sector is not recognised.
        """

        def clean(value: str | None) -> str | None:
            if value is None:
                return None
            value = " ".join(str(value).split())
            return value or None

        country, sector = clean(self.country), clean(self.sector)
        if country is not None:
            code = normalise_country(country)
            if code is None:
                guess = suggest_country(country)
                hint = f"; did you mean {guess}?" if guess else ""
                raise FilterValueError(f"country {country!r} not recognised{hint}")
            country = code
        if sector is not None:
            label = normalise_sector(sector)
            if label is None:
                guess = suggest_sector(sector)
                hint = f"; did you mean {guess}?" if guess else ""
                raise FilterValueError(f"sector {sector!r} not recognised{hint}")
            sector = label
        return replace(
            self,
            country=country,
            region=clean(self.region),
            sector=sector,
            technology=clean(self.technology),
        )

    def is_empty(self) -> bool:
        """Whether no filter is set."""
        return not any((self.country, self.region, self.sector, self.technology))

    def parts(self) -> list[tuple[str, str]]:
        """Return ``(name, description)`` for each filter that is set, in application order."""
        out: list[tuple[str, str]] = []
        if self.country:
            out.append(("country", f"country {self.country}"))
        if self.region:
            out.append(("region", f"region '{self.region}'"))
        if self.sector:
            out.append(("sector", f"sector {self.sector}"))
        if self.technology:
            out.append(("technology", f"technology '{self.technology}'"))
        return out

    def describe(self) -> str:
        """Describe the filters, e.g. ``"country DE, sector Energy"`` (``""`` if none)."""
        return ", ".join(text for _, text in self.parts())

    def to_dict(self) -> dict[str, str]:
        """Return the filters that are set, e.g. ``{"country": "DE"}``."""
        return {k: v for k, v in vars(self).items() if v}


@dataclass(frozen=True)
class PartnerMatch:
    """One search hit.

    Attributes:
        profile: The cluster profile.
        score: Ranking score (0.8 * similarity + 0.2 * keyword coverage; 0.0 without a query).
        why: Human-readable reason, e.g. "matches technologies 'hydrogen storage'; sector
            Energy; similarity 0.62".
    """

    profile: ClusterProfile
    score: float
    why: str


@dataclass
class PartnerSearchResult:
    """A page of search hits.

    Attributes:
        query: The query as given.
        filters: The normalised filters applied.
        matches: This page of hits, best first.
        total: Number of profiles that passed the filters (and can be paged through).
        empty_because: Why ``matches`` is empty (``None`` when it is not).
        offset: Index of the first hit of this page in the full ranking.
    """

    query: str
    filters: PartnerFilters
    matches: list[PartnerMatch]
    total: int
    empty_because: str | None = None
    offset: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (query, filters, total, offset, empty_because, items)."""
        return {
            "query": self.query,
            "filters": self.filters.to_dict(),
            "total": self.total,
            "offset": self.offset,
            "empty_because": self.empty_because,
            "items": [
                {
                    "id": m.profile.id,
                    "name": m.profile.name,
                    "country": m.profile.country,
                    "region": m.profile.region,
                    "city": m.profile.city,
                    "sectors": list(m.profile.sectors),
                    "score": round(m.score, 4),
                    "why": m.why,
                    "website": m.profile.website,
                    "source_url": m.profile.source_url,
                }
                for m in self.matches
            ],
        }


@dataclass
class _Keywords:
    """Folded, stemmed words of one profile, by field."""

    strong: set[str] = field(default_factory=set)  # name, acronym, technologies, sectors
    description: set[str] = field(default_factory=set)
    technologies: list[tuple[str, list[str]]] = field(default_factory=list)
    sectors: list[tuple[str, list[str]]] = field(default_factory=list)
    name: list[str] = field(default_factory=list)


class PartnerSearcher:
    """Filtered, explained partner search over a :class:`PartnerIndex`."""

    def __init__(self, index: PartnerIndex, embedder: Embedder):
        """Prepare metadata and keyword tables (cheap; no model call).

        Args:
            index: The loaded index.
            embedder: The embedder the index was built with (used for queries).
        """
        self.index = index
        self.embedder = embedder
        self._vectors = index.vectors()
        profiles = index.profiles
        self._place = [fold(" ".join(filter(None, (p.region, p.city)))) for p in profiles]
        self._tech_text = [fold(" | ".join((*p.technologies, p.description))) for p in profiles]
        self._keywords = [self._profile_keywords(p) for p in profiles]
        self._postings: dict[str, set[int]] = defaultdict(set)
        for i, kw in enumerate(self._keywords):
            for word in kw.strong | kw.description:
                self._postings[word].add(i)

    @staticmethod
    def _profile_keywords(profile: ClusterProfile) -> _Keywords:
        kw = _Keywords()
        kw.name = _words(" ".join(filter(None, (profile.name, profile.acronym))))
        kw.technologies = [(t, _words(t)) for t in profile.technologies]
        kw.sectors = [(s, _words(s)) for s in profile.sectors]
        kw.strong.update(kw.name)
        for _, words in (*kw.technologies, *kw.sectors):
            kw.strong.update(words)
        kw.description.update(_words(profile.description))
        return kw

    # --- filtering ------------------------------------------------------------------------

    def _passes(self, i: int, name: str, value: str) -> bool:
        profile = self.index.profiles[i]
        if name == "country":
            return profile.country == value
        if name == "region":
            return fold(value) in self._place[i]
        if name == "sector":
            return value in profile.sectors
        return fold(value) in self._tech_text[i]

    def _apply_filters(self, filters: PartnerFilters) -> tuple[list[int], str | None]:
        """Return the allowed rows and, if none, which filter emptied the set."""
        allowed = list(range(len(self.index.profiles)))
        applied: list[str] = []
        for name, text in filters.parts():
            value = getattr(filters, name)
            remaining = [i for i in allowed if self._passes(i, name, value)]
            if not remaining:
                if not allowed:
                    return [], "no cluster profiles are indexed"
                if applied:
                    return [], f"{', '.join(applied)} has no profile with {text}"
                return [], f"no profile matches {text}"
            allowed = remaining
            applied.append(text)
        return allowed, None

    # --- ranking --------------------------------------------------------------------------

    def _keyword_coverage(self, i: int, terms: list[str]) -> float:
        kw = self._keywords[i]
        total = 0.0
        for term in terms:
            if _term_matches(term, kw.strong):
                total += 1.0
            elif _term_matches(term, kw.description):
                total += DESCRIPTION_HIT
        return total / len(terms)

    def _keyword_hits(self, terms: list[str]) -> set[int]:
        hits: set[int] = set()
        for term in terms:
            stem = _stem(term)
            if len(stem) >= 5:
                for word, rows in self._postings.items():
                    if word.startswith(stem):
                        hits |= rows
            else:
                hits |= self._postings.get(stem, set())
        return hits

    def _semantic_pool(self, qvec: np.ndarray, allowed: list[int], size: int) -> set[int]:
        size = min(size, len(allowed))
        if size == 0:
            return set()
        params = None
        if len(allowed) < len(self.index.profiles):
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = faiss.SearchParameters(sel=selector)
        _, ids = self.index.index.search(qvec, size, params=params)
        return {int(i) for i in ids[0] if i >= 0}

    def _why(self, i: int, terms: list[str], filters: PartnerFilters, similarity: float) -> str:
        kw = self._keywords[i]
        parts: list[str] = []
        techs = [t for t, words in kw.technologies if any(_term_matches(x, words) for x in terms)]
        if techs:
            parts.append("matches technologies " + ", ".join(f"'{t}'" for t in techs[:3]))
        name_terms = [t for t in terms if _term_matches(t, kw.name)]
        if name_terms:
            parts.append("name matches " + ", ".join(f"'{t}'" for t in name_terms[:3]))
        sectors = [s for s, words in kw.sectors if any(_term_matches(x, words) for x in terms)]
        sectors += [
            s
            for s in self.index.profiles[i].sectors
            if s not in sectors
            and (s == filters.sector or any(normalise_sector(t) == s for t in terms))
        ]
        if sectors:
            parts.append("sector " + ", ".join(sectors))
        covered = set(name_terms) | {
            t for t in terms for _, w in (*kw.technologies, *kw.sectors) if _term_matches(t, w)
        }
        described = [t for t in terms if t not in covered and _term_matches(t, kw.description)]
        if described:
            parts.append("description mentions " + ", ".join(f"'{t}'" for t in described[:3]))
        if not parts:
            parts.append("similar in meaning")
        parts.append(f"similarity {similarity:.2f}")
        return "; ".join(parts)

    # --- public ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: PartnerFilters | None = None,
        k: int = 5,
        offset: int = 0,
    ) -> PartnerSearchResult:
        """Find cluster profiles for a query, within exact filters.

        Never raises on odd query text (empty, very long, emoji, markup, other languages).
        Unrecognised filter values give an empty result whose ``empty_because`` says why.

        Args:
            query: Free text, e.g. "hydrogen storage".
            filters: Exact filters; free-text country/sector values are normalised.
            k: Page size (1-100).
            offset: Number of ranked hits to skip (for paging).

        Returns:
            The page of matches, the total, and ``empty_because`` when the page is empty.

        Raises:
            ValueError: ``k`` or ``offset`` out of range (a programming error).
        """
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}, got {k}")
        if offset < 0:
            raise ValueError(f"offset must not be negative, got {offset}")
        query = query if isinstance(query, str) else ""
        filters = filters or PartnerFilters()
        try:
            filters = filters.normalised()
        except FilterValueError as exc:
            return PartnerSearchResult(query, filters, [], 0, str(exc), offset)
        terms = query_terms(query)
        if not terms and filters.is_empty():
            return PartnerSearchResult(
                query,
                filters,
                [],
                0,
                "the query has no searchable words and no filter is set; "
                "name a technology, sector or place",
                offset,
            )
        allowed, emptied_by = self._apply_filters(filters)
        if not allowed:
            return PartnerSearchResult(query, filters, [], 0, emptied_by, offset)
        ranked = self._rank(query, terms, filters, allowed, offset + k)
        page = ranked[offset : offset + k]
        empty_because = None
        if not page:
            empty_because = (
                f"no more results: all {len(allowed)} matches are before offset {offset}"
            )
        return PartnerSearchResult(query, filters, page, len(allowed), empty_because, offset)

    def _rank(
        self,
        query: str,
        terms: list[str],
        filters: PartnerFilters,
        allowed: list[int],
        needed: int,
    ) -> list[PartnerMatch]:
        profiles = self.index.profiles
        if not terms:
            why = f"matches filters {filters.describe()}"
            rows = sorted(allowed, key=lambda i: (fold(profiles[i].name), profiles[i].id))
            return [PartnerMatch(profiles[i], 0.0, why) for i in rows[:needed]]
        qvec = np.ascontiguousarray(
            self.embedder.embed_batch([query[:MAX_QUERY_CHARS]]), dtype=np.float32
        )
        allowed_set = set(allowed)
        candidates = self._semantic_pool(qvec, allowed, max(needed, MIN_POOL))
        candidates |= self._keyword_hits(terms) & allowed_set
        rows = sorted(candidates)
        sims = self._vectors[rows] @ qvec[0]
        scored = []
        for row, sim in zip(rows, sims, strict=True):
            coverage = self._keyword_coverage(row, terms)
            score = SEMANTIC_WEIGHT * float(sim) + KEYWORD_WEIGHT * coverage
            scored.append((score, float(sim), row))
        scored.sort(key=lambda s: (-s[0], fold(profiles[s[2]].name), profiles[s[2]].id))
        return [
            PartnerMatch(profiles[row], score, self._why(row, terms, filters, sim))
            for score, sim, row in scored[:needed]
        ]
