"""Partner search: exact metadata filters, then hybrid (dense + BM25F keyword) ranking, explained.

Ranking (``mode="hybrid"``, the default). Two retrievers score the profiles that pass the filters:

* dense: cosine similarity of the query's sentence embedding with the profile's, from FAISS
  (exact ``IndexFlatIP``, HNSW or IVF, see :mod:`knowledge.partners.index`);
* keyword: BM25F over tokenised profile fields with field weights
  (:mod:`knowledge.partners.keyword`), divided by the query's total idf so that it lies in
  ``[0, 1)`` and says how much of the query's rare-word mass the profile matches.

They are fused by a convex combination of the two normalised scores::

    score = DENSE_WEIGHT * cosine + KEYWORD_WEIGHT * bm25 / idf_total      (0.7 and 0.3)

chosen on the tuning half of the labelled set ``tests/eval/partner_queries.yml`` over reciprocal
rank fusion and other weights (``python -m bench.eval_partners``; knowledge/README.md has the
numbers). Candidates are the FAISS top hits among the allowed profiles plus every allowed profile
with a keyword hit; a profile outside both has no keyword score and a lower cosine than every
dense candidate, so it cannot outrank the page: pages are consistent.

Filters are exact and applied before ranking; the dense search is restricted to the allowed rows
(an ``IDSelector`` for the exact index; for HNSW the same with a growing ``efSearch``, for IVF with
more lists scanned until enough rows pass, and an exact scan of the allowed rows when they are
few), so filters never leak and ``k`` results come back whenever ``k`` profiles pass the filters.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

import faiss
import numpy as np

from contracts.limits import PARTNER_QUERY_CHARS
from knowledge.embedding import Embedder
from knowledge.errors import BUILD_HINT, FilterValueError, IndexMismatchError
from knowledge.filters import (
    normalise_label,
    normalise_sector,
    resolve_country,
    resolve_sector,
)
from knowledge.partners.index import PartnerIndex
from knowledge.partners.keyword import query_terms, stem, tokens
from knowledge.records import ClusterProfile
from knowledge.regions import region_table
from taxonomy.text import fold

logger = logging.getLogger("knowledge")

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[str, ...] = ("hybrid", "dense", "keyword")

DENSE_WEIGHT = 0.7
KEYWORD_WEIGHT = 0.3
RRF_K = 60
MIN_POOL = 50
MAX_K = 100
# Below this many allowed rows, the dense part is an exact scan of them (cheap, never misses).
EXACT_SCAN_ROWS = 20_000
MAX_EF_SEARCH = 4096
# Query vectors kept for repeated texts (paging, refining by filter): 256 x 1.5 KB.
QUERY_CACHE_SIZE = 256
# Threads for one query's vector scans (FAISS OpenMP, NumPy BLAS). One query is too small to
# share out: on the 2-core machine, busy with the model and other processes, 2 threads made an
# exact scan of 10,000 vectors take 16 ms instead of 0.6 ms (waiting for the second thread's
# turn); see docs/benchmarks.md, "Partner search: speed and scale".
SEARCH_THREADS = 1

__all__ = [
    "MODES",
    "Fusion",
    "PartnerFilters",
    "PartnerMatch",
    "PartnerSearchResult",
    "PartnerSearcher",
    "query_terms",
]


@dataclass(frozen=True)
class Fusion:
    """How dense and keyword scores are combined in ``hybrid`` mode.

    Attributes:
        method: ``"weighted"`` (convex combination of normalised scores) or ``"rrf"``
            (reciprocal rank fusion, ``1/(rrf_k + rank)`` summed over both rankings).
        dense_weight: Weight of the cosine similarity (``weighted``).
        keyword_weight: Weight of the normalised BM25F score (``weighted``).
        keyword_norm: ``"idf"`` divides BM25F by the query's total idf; ``"max"`` by the best
            allowed profile's BM25F.
        rrf_k: The constant of reciprocal rank fusion.
    """

    method: Literal["weighted", "rrf"] = "weighted"
    dense_weight: float = DENSE_WEIGHT
    keyword_weight: float = KEYWORD_WEIGHT
    keyword_norm: Literal["idf", "max"] = "idf"
    rrf_k: int = RRF_K


# The sector a query word names, if any ("food" -> "Agri-food"); asked for every hit's
# explanation, so remembered.
_sector_of = functools.lru_cache(maxsize=4096)(normalise_sector)


def _term_matches(term: str, words: Iterable[str]) -> bool:
    base = stem(term)
    return any(w == base or (len(base) >= 5 and w.startswith(base)) for w in words)


@dataclass(frozen=True)
class PartnerFilters:
    """Exact filters on partner search.

    Attributes:
        country: ISO 3166-1 alpha-2 code (names like "Germany" are normalised by the searcher).
        region: A NUTS 2021 code of any level ("DE2", "DE21"), a NUTS name in its own language
            ("Bayern", "País Vasco") or an English region name ("Bavaria", "Basque Country"):
            profiles whose region or city lies in that unit pass (:mod:`knowledge.regions`).
            Any other text must stand as whole words in the profile's region or city
            ("Brainport", "Rhine-Neckar"); case and accents never matter.
        sector: One of the fixed sector labels (free text like "ICT" is normalised).
        technology: Case/accent-insensitive substring of a technology or the description.
        label: Cluster-management excellence label: a level ("gold", "silver", "bronze") or other
            words of the label the profile states, any case, or ``"any"`` for every labelled
            profile; user wording ("gold-labelled", "ECEI gold label") is normalised by
            :func:`knowledge.filters.normalise_label`.
    """

    country: str | None = None
    region: str | None = None
    sector: str | None = None
    technology: str | None = None
    label: str | None = None

    @classmethod
    def parse(
        cls,
        country: str | None = None,
        region: str | None = None,
        sector: str | None = None,
        technology: str | None = None,
        label: str | None = None,
    ) -> PartnerFilters:
        """Build filters from user text, normalising country and sector.

        Args:
            country: Code, name, adjective or native name ("de", "German", "Deutschland").
            region: Region or city text.
            sector: Sector label or free text ("ICT", "food").
            technology: Technology text.
            label: Label text ("gold", "gold label", "ECEI gold") or "any".

        Returns:
            Normalised filters (blank values become ``None``).

        Raises:
            FilterValueError: The country or sector is not recognised (message has a suggestion).
        """
        return cls(
            country=country, region=region, sector=sector, technology=technology, label=label
        ).normalised()

    def normalised(self) -> PartnerFilters:
        """Return a copy with canonical values (ISO code, sector label, label level, trimmed text).

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
            country = resolve_country(country)
        if sector is not None:
            sector = resolve_sector(sector)
        return replace(
            self,
            country=country,
            region=clean(self.region),
            sector=sector,
            technology=clean(self.technology),
            label=normalise_label(clean(self.label)),
        )

    def is_empty(self) -> bool:
        """Whether no filter is set."""
        return not any((self.country, self.region, self.sector, self.technology, self.label))

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
        if self.label:
            text = "any excellence label" if self.label == "any" else f"label '{self.label}'"
            out.append(("label", text))
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
        score: Ranking score: in hybrid mode ``0.7 * similarity + 0.3 * keyword score``; the
            similarity (dense mode) or keyword score (keyword mode) alone; 0.0 without a query.
        why: Human-readable reason, e.g. "matches technologies 'hydrogen storage'; sector
            Energy; similarity 0.62, keyword score 0.71".
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
        emptied_by: The name of the filter that left no profile ("region", "label"...), when
            one did; the conversation offers to search again without it.
    """

    query: str
    filters: PartnerFilters
    matches: list[PartnerMatch]
    total: int
    empty_because: str | None = None
    offset: int = 0
    emptied_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (query, filters, total, offset, empty_because, items)."""
        return {
            "query": self.query,
            "filters": self.filters.to_dict(),
            "total": self.total,
            "offset": self.offset,
            "empty_because": self.empty_because,
            "emptied_by": self.emptied_by,
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
    """Folded, stemmed words of one profile, by field (for explanations)."""

    technologies: list[tuple[str, list[str]]]
    sectors: list[tuple[str, list[str]]]
    name: list[str]
    description: set[str]


class PartnerSearcher:
    """Filtered, explained partner search over a :class:`PartnerIndex`."""

    def __init__(
        self,
        index: PartnerIndex,
        embedder: Embedder,
        fusion: Fusion | None = None,
        threads: int | None = SEARCH_THREADS,
    ):
        """Prepare the searcher (cheap; no model call, tables are built on first use).

        Args:
            index: The loaded index.
            embedder: The embedder the index was built with (used for queries).
            fusion: How hybrid mode fuses the two scores (default: :class:`Fusion`).
            threads: Threads FAISS and NumPy's BLAS use in this process (a process-wide
                setting; ``None`` leaves it alone). One is fastest for single queries.
        """
        if threads is not None:
            limit_vector_threads(threads)
        self.index = index
        self.embedder = embedder
        self.fusion = fusion or Fusion()
        self._synced = -1
        self._query_cache: dict[str, np.ndarray] = {}
        self._cache_lock = threading.Lock()
        self._sync()

    def _sync(self) -> None:
        """Reset per-row caches when the index changed (add, update, remove, compact)."""
        if self._synced == self.index.version:
            return
        self._synced = self.index.version
        self._kw_cache: dict[int, _Keywords] = {}
        self._place_cache: dict[int, tuple[str, ...]] = {}
        self._region_cache: dict[int, frozenset[str]] = {}
        self._tech_cache: dict[int, str] = {}
        self._live = self.index.live_rows()
        self._countries = np.array(  # fixed-width strings: the comparison is vectorised
            [self.index.profile_at(r).country for r in self._live.tolist()],  # type: ignore[union-attr]
            dtype=str,
        )

    def _keywords(self, row: int) -> _Keywords:
        kw = self._kw_cache.get(row)
        if kw is None:
            profile = self.index.profile_at(row)
            assert profile is not None
            kw = _Keywords(
                technologies=[(t, tokens(t)) for t in profile.technologies],
                sectors=[(s, tokens(s)) for s in profile.sectors],
                name=tokens(" ".join(filter(None, (profile.name, profile.acronym)))),
                description=set(tokens(profile.description)),
            )
            self._kw_cache[row] = kw
        return kw

    def _embed_query(self, text: str) -> np.ndarray:
        """Return the ``(1, dim)`` query vector, from a small LRU cache when the text repeats.

        Paging ("show more") and refinements by filter search the same text again; the model
        call is most of a query's time, so repeats skip it.
        """
        with self._cache_lock:
            cached = self._query_cache.pop(text, None)
            if cached is not None:
                self._query_cache[text] = cached  # most recently used last
                return cached
        qvec = np.ascontiguousarray(self.embedder.embed_batch([text]), dtype=np.float32)
        if qvec.shape[1] != self.index.dim:  # a lazily loaded model: first chance to compare
            raise IndexMismatchError(
                f"the partner index has {self.index.dim}-d vectors but model "
                f"{self.embedder.name!r} gives {qvec.shape[1]}-d; {BUILD_HINT} --force "
                "to rebuild it"
            )
        qvec.flags.writeable = False
        with self._cache_lock:
            self._query_cache[text] = qvec
            while len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.pop(next(iter(self._query_cache)))
        return qvec

    # --- filtering ------------------------------------------------------------------------

    def _place(self, row: int) -> tuple[str, ...]:
        """The folded region and city texts of a row."""
        places = self._place_cache.get(row)
        if places is None:
            p = self.index.profile_at(row)
            assert p is not None
            places = tuple(fold(t) for t in (p.region, p.city) if t)
            self._place_cache[row] = places
        return places

    def _region_codes(self, row: int) -> frozenset[str]:
        """NUTS codes of a row's profile (its country and the regions its place names)."""
        codes = self._region_cache.get(row)
        if codes is None:
            p = self.index.profile_at(row)
            assert p is not None
            codes = region_table().profile_codes(p.country, (p.region, p.city))
            self._region_cache[row] = codes
        return codes

    def _region_rows(self, rows: np.ndarray, value: str) -> list[int]:
        table = region_table()
        query = table.resolve(value)
        if query.codes:
            return [
                r
                for r in rows.tolist()
                if any(c.startswith(q) for c in self._region_codes(r) for q in query.codes)
            ]
        return [
            r
            for r in rows.tolist()
            if any(table.text_matches(query, place) for place in self._place(r))
        ]

    def _unknown_region(self, value: str) -> bool:
        """True when ``value`` is no known region and no indexed profile's place names it."""
        if region_table().resolve(value).codes:
            return False
        return not self._region_rows(self._live, value)

    def _tech_text(self, row: int) -> str:
        text = self._tech_cache.get(row)
        if text is None:
            p = self.index.profile_at(row)
            assert p is not None
            text = self._tech_cache[row] = fold(" | ".join((*p.technologies, p.description)))
        return text

    def _filter_rows(self, rows: np.ndarray, name: str, value: str) -> np.ndarray:
        if name == "country":
            mask = self._countries == value
            return (
                rows[mask]
                if len(rows) == len(self._live)
                else rows[np.isin(rows, self._live[mask])]
            )
        if name == "sector":
            keep = [r for r in rows.tolist() if value in self.index.profile_at(r).sectors]  # type: ignore[union-attr]
        elif name == "region":
            keep = self._region_rows(rows, value)
        elif name == "label":
            needle = f" {fold(value)} "
            labels = ((r, fold(self.index.profile_at(r).label or "")) for r in rows.tolist())  # type: ignore[union-attr]
            keep = [
                r for r, label in labels if label and (needle == " any " or needle in f" {label} ")
            ]
        else:
            needle = fold(value)
            keep = [r for r in rows.tolist() if needle in self._tech_text(r)]
        return np.asarray(keep, dtype=np.int64)

    def _apply_filters(self, filters: PartnerFilters) -> tuple[np.ndarray, str | None]:
        """Return the allowed rows (ascending) and, if none, why (used by bench/partners.py)."""
        allowed, reason, _ = self._filter_all(filters)
        return allowed, reason

    def _filter_all(self, filters: PartnerFilters) -> tuple[np.ndarray, str | None, str | None]:
        """Return the allowed rows (ascending) and, if none, why and which filter emptied them."""
        allowed = self._live
        applied: list[str] = []
        for name, text in filters.parts():
            value = getattr(filters, name)
            remaining = self._filter_rows(allowed, name, value)
            if not len(remaining):
                if not len(allowed):
                    return remaining, "no cluster profiles are indexed", None
                if name == "region" and self._unknown_region(value):
                    return (
                        remaining,
                        f"region '{value}' is not a NUTS code or region name I know, and no "
                        "profile's region or city names it",
                        name,
                    )
                if applied:
                    return remaining, f"{', '.join(applied)} has no profile with {text}", name
                return remaining, f"no profile matches {text}", name
            allowed = remaining
            applied.append(text)
        return allowed, None, None

    # --- retrieval ------------------------------------------------------------------------

    def _dense_pool(self, qvec: np.ndarray, allowed: np.ndarray, size: int) -> np.ndarray:
        """Return up to ``size`` allowed rows with the highest inner product, best first."""
        size = min(size, len(allowed))
        if size == 0:
            return np.zeros(0, dtype=np.int64)
        faiss_index = self.index.index
        is_hnsw = isinstance(faiss_index, faiss.IndexHNSW)
        if isinstance(faiss_index, faiss.IndexIVF):
            return self._ivf_pool(faiss_index, qvec, allowed, size)
        if len(allowed) == self.index.row_count:  # no filter, no tombstone
            params = (
                faiss.SearchParametersHNSW(efSearch=max(faiss_index.hnsw.efSearch, size))
                if is_hnsw
                else None
            )
            _, ids = faiss_index.search(qvec, size, params=params)
            return ids[0][ids[0] >= 0].astype(np.int64)
        if len(allowed) <= EXACT_SCAN_ROWS:
            return _exact_top(self.index.vectors(), allowed, qvec[0], size)
        selector, _bitmap = _row_selector(self.index.row_count, allowed)
        if not is_hnsw:
            _, ids = faiss_index.search(qvec, size, params=faiss.SearchParameters(sel=selector))
            return ids[0][ids[0] >= 0].astype(np.int64)
        ef = max(int(faiss_index.hnsw.efSearch), size)
        while True:
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=ef)
            _, ids = faiss_index.search(qvec, size, params=params)
            found = ids[0][ids[0] >= 0]
            if len(found) >= size:
                return found.astype(np.int64)
            if ef >= MAX_EF_SEARCH:  # a very selective filter starves the graph walk
                return _exact_top(self.index.vectors(), allowed, qvec[0], size)
            ef *= 2

    def _ivf_pool(
        self, ivf: faiss.IndexIVF, qvec: np.ndarray, allowed: np.ndarray, size: int
    ) -> np.ndarray:
        """Dense pool from an IVF index: scan more lists until ``size`` allowed rows are found.

        The lists scanned hold exact vectors, so what comes back is exact among them; a filter
        that leaves few rows in the nearest lists doubles ``nprobe`` (at worst every list: an
        exact scan of the allowed rows). Few allowed rows are scanned exactly at once.
        """
        selector = None
        if len(allowed) < self.index.row_count:  # a filter or tombstones
            if len(allowed) <= EXACT_SCAN_ROWS:
                return _exact_top(self.index.vectors(), allowed, qvec[0], size)
            selector, _bitmap = _row_selector(self.index.row_count, allowed)
        nprobe = max(1, int(ivf.nprobe))
        while True:
            params = (
                faiss.SearchParametersIVF(nprobe=nprobe, sel=selector)
                if selector is not None
                else faiss.SearchParametersIVF(nprobe=nprobe)
            )
            _, ids = ivf.search(qvec, size, params=params)
            found = ids[0][ids[0] >= 0]
            if len(found) >= size or nprobe >= ivf.nlist:
                return found.astype(np.int64)
            nprobe = min(2 * nprobe, int(ivf.nlist))

    def _rank(
        self,
        query: str,
        terms: list[str],
        filters: PartnerFilters,
        allowed: np.ndarray,
        needed: int,
        mode: str,
    ) -> list[PartnerMatch]:
        if not terms:
            why = f"matches filters {filters.describe()}"
            profiles = [self.index.profile_at(r) for r in allowed.tolist()]
            ordered = sorted(profiles, key=lambda p: (fold(p.name), p.id))  # type: ignore[union-attr]
            return [PartnerMatch(p, 0.0, why) for p in ordered[:needed]]  # type: ignore[arg-type]
        filtered = len(allowed) < len(self._live)
        kw_rows = np.zeros(0, dtype=np.int64)
        kw_values = np.zeros(0, dtype=np.float64)
        idf_total = 0.0
        if mode != "dense":
            kw_rows, kw_values, idf_total = self.index.keywords.score_arrays(
                terms, allowed if filtered else None
            )
        qvec = None
        pool = np.zeros(0, dtype=np.int64)
        if mode != "keyword":
            qvec = self._embed_query(query[:PARTNER_QUERY_CHARS])
            pool = self._dense_pool(qvec, allowed, max(needed, MIN_POOL))
        if mode == "dense":
            rows = pool
        elif mode == "keyword":
            rows = kw_rows
        else:
            rows = np.union1d(pool, kw_rows)
        sims = (
            self.index.vectors()[rows] @ qvec[0]
            if qvec is not None and len(rows)
            else np.zeros(len(rows), dtype=np.float32)
        )
        norm = idf_total
        if self.fusion.keyword_norm == "max" and len(kw_values):
            norm = float(kw_values.max())
        kw_scores = np.zeros(len(rows), dtype=np.float64)
        if mode != "dense" and len(kw_rows) and norm > 0:
            # rows is sorted here (kw_rows, or a union1d); kw_rows is a subset of it
            kw_scores[np.searchsorted(rows, kw_rows)] = kw_values / norm
        if mode == "dense":
            scores = sims.astype(np.float64)
        elif mode == "keyword":
            scores = kw_scores
        elif self.fusion.method == "rrf":
            scores = _rrf(sims, kw_scores, self.fusion.rrf_k)
        else:
            scores = self.fusion.dense_weight * sims + self.fusion.keyword_weight * kw_scores
        candidates: Iterable[int] = range(len(rows))
        if len(rows) > needed:
            # Only rows scoring at least the needed-th best score can make the page (ties kept,
            # so the tie-break below sees every tied row).
            cut = np.partition(scores, len(scores) - needed)[len(scores) - needed]
            candidates = np.flatnonzero(scores >= cut).tolist()
        order = sorted(
            candidates,
            key=lambda i: (-scores[i], -sims[i], self.index.profile_at(int(rows[i])).id),  # type: ignore[union-attr]
        )[:needed]
        matches = []
        for i in order:
            row = int(rows[i])
            profile = self.index.profile_at(row)
            assert profile is not None
            why = self._why(row, terms, filters, float(sims[i]), float(kw_scores[i]), mode)
            matches.append(PartnerMatch(profile, float(scores[i]), why))
        if mode == "keyword" and len(matches) < needed:
            # Profiles without a keyword hit follow by name, so k results still come back.
            seen = {m.profile.id for m in matches}
            rest = [self.index.profile_at(r) for r in allowed.tolist()]
            rest = sorted((p for p in rest if p.id not in seen), key=lambda p: (fold(p.name), p.id))  # type: ignore[union-attr]
            matches += [
                PartnerMatch(p, 0.0, "no keyword match") for p in rest[: needed - len(matches)]
            ]  # type: ignore[arg-type]
        return matches

    def _why(
        self,
        row: int,
        terms: list[str],
        filters: PartnerFilters,
        similarity: float,
        keyword: float,
        mode: str,
    ) -> str:
        kw = self._keywords(row)
        profile = self.index.profile_at(row)
        assert profile is not None
        keyword_index = self.index.keywords
        # Each query word with the vocabulary words it stands for (typos, prefixes).
        expanded = {t: {w for w, _ in keyword_index.expand(t)} or {stem(t)} for t in terms}

        def hit(term: str, words: Iterable[str]) -> bool:
            words = list(words)
            return bool(expanded[term] & set(words)) or _term_matches(term, words)

        def shown(term: str) -> str:
            known = expanded[term]
            return term if stem(term) in known or len(known) != 1 else next(iter(known))

        parts: list[str] = []
        techs = [t for t, words in kw.technologies if any(hit(x, words) for x in terms)]
        if techs:
            parts.append("matches technologies " + ", ".join(f"'{t}'" for t in techs[:3]))
        name_terms = [t for t in terms if hit(t, kw.name)]
        if name_terms:
            parts.append("name matches " + ", ".join(f"'{shown(t)}'" for t in name_terms[:3]))
        sectors = [s for s, words in kw.sectors if any(hit(x, words) for x in terms)]
        sectors += [
            s
            for s in profile.sectors
            if s not in sectors and (s == filters.sector or any(_sector_of(t) == s for t in terms))
        ]
        if sectors:
            parts.append("sector " + ", ".join(sectors))
        covered = set(name_terms) | {
            t for t in terms for _, w in (*kw.technologies, *kw.sectors) if hit(t, w)
        }
        described = [t for t in terms if t not in covered and hit(t, kw.description)]
        if described:
            parts.append(
                "description mentions " + ", ".join(f"'{shown(t)}'" for t in described[:3])
            )
        if not parts:
            parts.append("similar in meaning")
        if mode == "keyword":
            parts.append(f"keyword score {keyword:.2f}")
        elif mode == "dense":
            parts.append(f"similarity {similarity:.2f}")
        else:
            parts.append(f"similarity {similarity:.2f}, keyword score {keyword:.2f}")
        return "; ".join(parts)

    # --- public ---------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: PartnerFilters | None = None,
        k: int = 5,
        offset: int = 0,
        *,
        mode: Mode = "hybrid",
    ) -> PartnerSearchResult:
        """Find cluster profiles for a query, within exact filters.

        Never raises on odd query text (empty, very long, emoji, markup, other languages).
        Unrecognised filter values give an empty result whose ``empty_because`` says why.

        Args:
            query: Free text, e.g. "hydrogen storage".
            filters: Exact filters; free-text country/sector values are normalised.
            k: Page size (1-100).
            offset: Number of ranked hits to skip (for paging).
            mode: ``"hybrid"`` (default), ``"dense"`` (embeddings only) or ``"keyword"``
                (BM25F only); the single modes exist for evaluation and debugging.

        Returns:
            The page of matches, the total, and ``empty_because`` when the page is empty.

        Raises:
            ValueError: ``k``, ``offset`` or ``mode`` out of range (a programming error).
        """
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}, got {k}")
        if offset < 0:
            raise ValueError(f"offset must not be negative, got {offset}")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        self._sync()
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
        allowed, reason, emptied_by = self._filter_all(filters)
        if not len(allowed):
            return PartnerSearchResult(query, filters, [], 0, reason, offset, emptied_by)
        ranked = self._rank(query, terms, filters, allowed, offset + k, mode)
        page = ranked[offset : offset + k]
        empty_because = None
        if not page:
            empty_because = (
                f"no more results: all {len(allowed)} matches are before offset {offset}"
            )
        return PartnerSearchResult(query, filters, page, len(allowed), empty_because, offset)

    def similar_to(
        self,
        profile_id: str,
        filters: PartnerFilters | None = None,
        k: int = 5,
        offset: int = 0,
    ) -> PartnerSearchResult:
        """Find profiles like a given one ("more like number 2"), within exact filters.

        Ranks by cosine similarity to the profile's own vector; the profile itself is left out.

        Args:
            profile_id: Id of an indexed profile.
            filters: Exact filters.
            k: Page size (1-100).
            offset: Number of ranked hits to skip.

        Returns:
            The page; ``empty_because`` says so when the id is not indexed.
        """
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}, got {k}")
        if offset < 0:
            raise ValueError(f"offset must not be negative, got {offset}")
        self._sync()
        filters = filters or PartnerFilters()
        label = f"like {profile_id}"
        try:
            filters = filters.normalised()
        except FilterValueError as exc:
            return PartnerSearchResult(label, filters, [], 0, str(exc), offset)
        row = self.index.row_of(profile_id)
        if row is None:
            return PartnerSearchResult(
                label, filters, [], 0, f"no profile with id {profile_id!r} is indexed", offset
            )
        source = self.index.profile_at(row)
        assert source is not None
        allowed, reason, emptied_by = self._filter_all(filters)
        allowed = allowed[allowed != row]
        if not len(allowed):
            reason = reason or f"no other profile passes {filters.describe()}"
            return PartnerSearchResult(label, filters, [], 0, reason, offset, emptied_by)
        qvec = np.ascontiguousarray(self.index.vectors()[row : row + 1])
        rows = self._dense_pool(qvec, allowed, offset + k)
        sims = self.index.vectors()[rows] @ qvec[0]
        shared = set(source.technologies) | set(source.sectors)
        matches = []
        for r, sim in zip(rows.tolist(), sims.tolist(), strict=True):
            p = self.index.profile_at(r)
            assert p is not None
            common = [x for x in (*p.technologies, *p.sectors) if x in shared]
            why = f"shares {', '.join(repr(x) for x in common[:3])}; " if common else ""
            matches.append(PartnerMatch(p, float(sim), f"{why}similar to {source.name} {sim:.2f}"))
        page = matches[offset : offset + k]
        reason = (
            None
            if page
            else f"no more results: all {len(allowed)} matches are before offset {offset}"
        )
        return PartnerSearchResult(label, filters, page, len(allowed), reason, offset)


def limit_vector_threads(threads: int) -> None:
    """Set the threads of FAISS (OpenMP) and of NumPy's BLAS for this process.

    Args:
        threads: Number of threads (at least 1).
    """
    threads = max(1, int(threads))
    faiss.omp_set_num_threads(threads)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it NumPy keeps its BLAS default
        return
    threadpool_limits(limits=threads, user_api="blas")


def _row_selector(row_count: int, allowed: np.ndarray) -> tuple[faiss.IDSelector, np.ndarray]:
    """A FAISS selector of the ``allowed`` rows, and the bitmap it reads.

    The selector only points into the bitmap (``swig_ptr``): the caller keeps the returned bitmap
    alive for as long as the selector is used.
    """
    mask = np.zeros(row_count, dtype=bool)
    mask[allowed] = True
    bitmap = np.packbits(mask, bitorder="little")
    return faiss.IDSelectorBitmap(row_count, faiss.swig_ptr(bitmap)), bitmap


def _exact_top(vectors: np.ndarray, rows: np.ndarray, qvec: np.ndarray, size: int) -> np.ndarray:
    """Return the ``size`` rows with the highest inner product with ``qvec``, best first."""
    sims = vectors[rows] @ qvec
    if size < len(sims):
        top = np.argpartition(-sims, size - 1)[:size]
        return rows[top[np.argsort(-sims[top], kind="stable")]]
    return rows[np.argsort(-sims, kind="stable")]


def _rrf(sims: np.ndarray, keyword: np.ndarray, k: int) -> np.ndarray:
    """Reciprocal rank fusion of two score arrays over the same candidates (0 = no keyword)."""
    dense_rank = np.empty(len(sims), dtype=np.float64)
    dense_rank[np.argsort(-sims, kind="stable")] = np.arange(1, len(sims) + 1)
    fused = 1.0 / (k + dense_rank)
    hits = keyword > 0
    if hits.any():
        kw_rank = np.empty(len(keyword), dtype=np.float64)
        kw_rank[np.argsort(-keyword, kind="stable")] = np.arange(1, len(keyword) + 1)
        fused = fused + np.where(hits, 1.0 / (k + kw_rank), 0.0)
    return fused
