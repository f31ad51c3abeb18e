"""Hybrid search (keywords + dense, as the product ranks) with any bench encoder.

Owns running the cross-lingual queries through the product's searches with an encoder of
:mod:`bench.crosslingual_encoders`: partner queries through
:class:`~knowledge.partners.searcher.PartnerSearcher` (its index built with the encoder's document
embedding, cached per encoder under ``var/bench/crosslingual``), calls queries through
:class:`~knowledge.calls.store.CallStore` with :func:`~knowledge.calls.semantic.hybrid_rank_hook`
(the bench's cached call vectors, every status kept). Queries go through the encoder's query
embedding (:class:`~knowledge.embedding.packaged.QuerySide`: ``embed_queries`` when it has one,
e.g. e5's ``query: `` prefix); scoring is :mod:`bench.crosslingual_search`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.crosslingual_search import build_store, call_scores, partner_scores
from knowledge.calls.ingest import load_snapshot
from knowledge.calls.semantic import CallVectors, content_key, hybrid_rank_hook, model_key
from knowledge.config import Settings
from knowledge.embedding.packaged import QuerySide
from knowledge.partners.ensure import ensure_index
from knowledge.partners.searcher import PartnerSearcher

__all__ = ["QuerySide", "hybrid_call_scores", "hybrid_partner_scores"]


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
    return partner_scores(queries, lambda _: searcher, langs, k)


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
    store = build_store(store_dir / "calls.db", calls)
    model = model_key(embedder)
    vectors = CallVectors(tuple(c.id for c in calls), matrix, model, content_key(calls, model))
    hook = hybrid_rank_hook(vectors, QuerySide(embedder))
    return call_scores(queries, store, lambda _: hook, langs, k)
