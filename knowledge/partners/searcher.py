"""Partner search: exact metadata filters, then hybrid (dense + BM25F keyword) ranking, explained.

:class:`PartnerSearcher` ties the parts together: filters (:mod:`knowledge.partners.query`,
applied by :mod:`knowledge.partners.filtering`), ranking (:mod:`knowledge.partners.ranking`),
explanations (:mod:`knowledge.partners.explain`) and results (:mod:`knowledge.partners.results`).

Filters are exact and applied before ranking; the dense search is restricted to the allowed rows
by the index's vector store (:mod:`knowledge.vectors`), so filters never leak and ``k`` results
come back whenever ``k`` profiles pass the filters.
"""

from __future__ import annotations

import logging
import threading
from typing import Literal

import numpy as np

from knowledge.embedding import Embedder
from knowledge.errors import BUILD_HINT, FilterValueError, IndexMismatchError
from knowledge.partners.explain import Explainer
from knowledge.partners.filtering import RowFilter
from knowledge.partners.index import PartnerIndex
from knowledge.partners.keyword import query_terms
from knowledge.partners.manifest import embedder_space
from knowledge.partners.query import PartnerFilters
from knowledge.partners.ranking import Fusion, rank
from knowledge.partners.results import MatchReason, PartnerMatch, PartnerSearchResult
from knowledge.vectors import EmbeddingSpace, SpaceMismatchError, limit_vector_threads

logger = logging.getLogger("knowledge")

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[str, ...] = ("hybrid", "dense", "keyword")

MAX_K = 100
# Query vectors kept for repeated texts (paging, refining by filter): 256 x 1.5 KB.
QUERY_CACHE_SIZE = 256
# Threads for one query's vector scans (FAISS OpenMP, NumPy BLAS). One query is too small to
# share out: on the 2-core machine, busy with the model and other processes, 2 threads made an
# exact scan of 10,000 vectors take 16 ms instead of 0.6 ms (waiting for the second thread's
# turn); see docs/benchmarks.md, "Partner search: speed and scale".
SEARCH_THREADS = 1


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
        self._query_space: EmbeddingSpace | None = None
        self._sync()

    def _sync(self) -> None:
        """Reset per-row caches when the index changed (add, update, remove, compact)."""
        if self._synced == self.index.version:
            return
        self._synced = self.index.version
        self._filter = RowFilter(self.index)
        self._explainer = Explainer(self.index, self.embedder.embed_batch)

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
        if self._query_space is None:  # the embedder's settings are read once
            self._query_space = embedder_space(self.embedder, int(qvec.shape[1]))
        if not self.index.space.accepts(self._query_space):
            raise SpaceMismatchError(
                f"the partner index holds vectors of {self.index.space.describe()} but queries "
                f"are embedded in {self._query_space.describe()}; {BUILD_HINT} --force "
                "to rebuild it"
            )
        qvec.flags.writeable = False
        with self._cache_lock:
            self._query_cache[text] = qvec
            while len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.pop(next(iter(self._query_cache)))
        return qvec

    def allowed_rows(self, filters: PartnerFilters) -> tuple[np.ndarray, str | None]:
        """Return the rows that pass ``filters`` (ascending) and, if none, why.

        Args:
            filters: Filters (normalised here).

        Raises:
            FilterValueError: A country or sector is not recognised.
        """
        self._sync()
        allowed, reason, _ = self._filter.filter_all(filters.normalised())
        return allowed, reason

    def live_rows(self) -> np.ndarray:
        """The index's live rows, ascending (as of the last search)."""
        self._sync()
        return self._filter.live

    def _rank(
        self,
        query: str,
        terms: list[str],
        filters: PartnerFilters,
        allowed: np.ndarray,
        needed: int,
        mode: str,
    ) -> list[PartnerMatch]:
        return rank(
            self.index,
            query,
            terms,
            filters,
            allowed,
            needed,
            mode,
            fusion=self.fusion,
            filtered=len(allowed) < len(self._filter.live),
            embed_query=self._embed_query,
            explain=self._explainer.why,
            reason=self._explainer.reason,
        )

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
        allowed, reason, emptied_by = self._filter.filter_all(filters)
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
        allowed, reason, emptied_by = self._filter.filter_all(filters)
        allowed = allowed[allowed != row]
        if not len(allowed):
            reason = reason or f"no other profile passes {filters.describe()}"
            return PartnerSearchResult(label, filters, [], 0, reason, offset, emptied_by)
        rows, sims = self.index.nearest_to_row(row, allowed, offset + k)
        shared = set(source.technologies) | set(source.sectors)
        matches = []
        for r, sim in zip(rows.tolist(), sims.tolist(), strict=True):
            p = self.index.profile_at(r)
            assert p is not None
            common = [x for x in (*p.technologies, *p.sectors) if x in shared]
            why = f"shares {', '.join(repr(x) for x in common[:3])}; " if common else ""
            reason = MatchReason(
                technologies=tuple(t for t in p.technologies if t in shared)[:3],
                sectors=tuple(s for s in p.sectors if s in shared),
                places=(p.country,) if filters.country else (),
                similar_to=source.name,
            )
            matches.append(
                PartnerMatch(
                    p,
                    float(sim),
                    f"{why}similar to {source.name} {sim:.2f}",
                    reason,
                    similarity=float(sim),
                )
            )
        page = matches[offset : offset + k]
        reason = (
            None
            if page
            else f"no more results: all {len(allowed)} matches are before offset {offset}"
        )
        return PartnerSearchResult(label, filters, page, len(allowed), reason, offset)
