"""Hybrid search (keywords + dense, as the product ranks) with any bench encoder.

Owns running the cross-lingual queries through the product's searches with an encoder of
:mod:`bench.crosslingual_encoders`: partner queries through
:class:`~knowledge.partners.searcher.PartnerSearcher` (its index built with the encoder's document
embedding, cached per encoder under ``var/bench/crosslingual``), calls queries through
:class:`~knowledge.calls.store.CallStore` with :func:`~knowledge.calls.semantic.hybrid_rank_hook`
(the bench's cached call vectors, every status kept). Queries go through the encoder's query
embedding (``embed_queries`` when it has one, e.g. e5's ``query: `` prefix).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from bench.crosslingual_encoders import query_embedder
from bench.eval_partners import ndcg_at
from knowledge.calls.ingest import load_snapshot
from knowledge.calls.semantic import CallVectors, content_key, hybrid_rank_hook, model_key
from knowledge.calls.store import CallStore
from knowledge.config import Settings
from knowledge.partners.ensure import ensure_index
from knowledge.partners.query import PartnerFilters
from knowledge.partners.searcher import PartnerSearcher


class QuerySide:
    """An embedder seen from the query side: ``embed_batch`` embeds queries.

    Same ``name``, ``dim``, ``space`` and ``config`` as the wrapped embedder, so the index built
    with the wrapped one accepts it.
    """

    def __init__(self, embedder: Any) -> None:
        """Wrap ``embedder``.

        Args:
            embedder: A bench encoder.
        """
        self._embedder = embedder
        self._embed: Callable[[Sequence[str]], np.ndarray] = query_embedder(embedder)
        self.name = embedder.name
        if hasattr(embedder, "config"):
            self.config = embedder.config

    @property
    def dim(self) -> int:
        """Vector dimension of the wrapped embedder."""
        return int(self._embedder.dim)

    @property
    def space(self) -> str:
        """Embedding space of the wrapped embedder."""
        return str(self._embedder.space)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries.

        Args:
            texts: The queries.

        Returns:
            L2-normalised float32 rows.
        """
        return self._embed(texts)


def hybrid_partner_scores(
    queries: Sequence[Any], embedder: Any, index_dir: Path, langs: Sequence[str], k: int = 10
) -> dict[str, float]:
    """Mean nDCG@k per language of hybrid partner search with ``embedder``.

    Args:
        queries: Cross-lingual queries (only ``corpus == "partners"`` ones are run).
        embedder: The encoder (documents through ``embed_batch``).
        index_dir: Where this encoder's partner index is cached.
        langs: The languages to run.
        k: Cut-off.

    Returns:
        ``{language: mean nDCG@k}``.
    """
    index = ensure_index(Settings.from_env(index_dir=index_dir), embedder, progress=False)
    searcher = PartnerSearcher(index, QuerySide(embedder))
    per: dict[str, list[float]] = {lang: [] for lang in langs}
    for query in (q for q in queries if q.corpus == "partners"):
        for lang in langs:
            result = searcher.search(query.texts[lang], PartnerFilters(), k=k, mode="hybrid")
            per[lang].append(ndcg_at([m.profile.id for m in result.matches], query.relevant, k))
    return {lang: sum(v) / len(v) if v else 0.0 for lang, v in per.items()}


def hybrid_call_scores(
    queries: Sequence[Any],
    embedder: Any,
    matrix: np.ndarray,
    store_dir: Path,
    langs: Sequence[str],
    k: int = 10,
) -> dict[str, float]:
    """Mean nDCG@k per language of hybrid calls search with ``embedder``.

    Args:
        queries: Cross-lingual queries (only ``corpus == "calls"`` ones are run).
        embedder: The encoder the call vectors were made with.
        matrix: Its vectors of the snapshot's calls, in :func:`load_snapshot` order.
        store_dir: Where the bench's calls store is written.
        langs: The languages to run.
        k: Cut-off.

    Returns:
        ``{language: mean nDCG@k}``.
    """
    calls = load_snapshot()
    store = CallStore.build(store_dir / "calls.db", calls, as_of=date(2026, 8, 31), source="bench")
    model = model_key(embedder)
    vectors = CallVectors(tuple(c.id for c in calls), matrix, model, content_key(calls, model))
    hook = hybrid_rank_hook(vectors, QuerySide(embedder))
    statuses = ("open", "forthcoming", "closed")
    per: dict[str, list[float]] = {lang: [] for lang in langs}
    for query in (q for q in queries if q.corpus == "calls"):
        for lang in langs:
            result = store.search(
                query.texts[lang], today=store.as_of, status=statuses, k=k, rank_hook=hook
            )
            per[lang].append(ndcg_at([h.call.id for h in result.items], query.relevant, k))
    return {lang: sum(v) / len(v) if v else 0.0 for lang, v in per.items()}
