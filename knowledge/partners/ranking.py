"""Hybrid ranking of partner search: dense (cosine) and BM25F keyword scores, fused.

Two retrievers score the profiles that pass the filters:

* dense: cosine similarity of the query's sentence embedding with the profile's, from the
  index's vector store (:mod:`knowledge.vectors`);
* keyword: BM25F over tokenised profile fields with field weights
  (:mod:`knowledge.partners.keyword`), divided by the query's total idf so that it lies in
  ``[0, 1)`` and says how much of the query's rare-word mass the profile matches.

They are fused by a convex combination of the two normalised scores::

    score = DENSE_WEIGHT * cosine + KEYWORD_WEIGHT * bm25 / idf_total      (0.7 and 0.3)

chosen on the tuning half of the labelled set ``tests/eval/partner_queries.yml`` over reciprocal
rank fusion and other weights (``python -m bench.eval_partners``; knowledge/README.md has the
numbers). Candidates are the dense top hits among the allowed profiles plus every allowed profile
with a keyword hit; a profile outside both has no keyword score and a lower cosine than every
dense candidate, so it cannot outrank the page: pages are consistent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from contracts.limits import PARTNER_QUERY_CHARS
from knowledge.partners.query import PartnerFilters
from knowledge.partners.results import MatchReason, PartnerMatch
from taxonomy.text import fold

if TYPE_CHECKING:
    from knowledge.partners.index import PartnerIndex

DENSE_WEIGHT = 0.7
KEYWORD_WEIGHT = 0.3
RRF_K = 60
MIN_POOL = 50


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


def rank(
    index: PartnerIndex,
    query: str,
    terms: list[str],
    filters: PartnerFilters,
    allowed: np.ndarray,
    needed: int,
    mode: str,
    *,
    fusion: Fusion,
    filtered: bool,
    embed_query: Callable[[str], np.ndarray],
    explain: Callable[[int, list[str], PartnerFilters, float, float, str], str],
    reason: Callable[[int, list[str], PartnerFilters, np.ndarray | None], MatchReason]
    | None = None,
) -> list[PartnerMatch]:
    """Rank the allowed rows for a query and return the first ``needed`` matches.

    Args:
        index: The partner index.
        query: The query text (cut to ``PARTNER_QUERY_CHARS`` before embedding).
        terms: The query's keyword terms (none: the allowed rows by name).
        filters: The filters applied (for explanations).
        allowed: The rows that passed the filters, ascending.
        needed: How many matches to return (offset + page size).
        mode: ``"hybrid"``, ``"dense"`` or ``"keyword"``.
        fusion: How hybrid mode fuses the scores.
        filtered: Whether ``allowed`` leaves out some live rows.
        embed_query: Text -> ``(1, dim)`` query vector.
        explain: ``(row, terms, filters, similarity, keyword score, mode)`` -> the engine's
            reason (logs, CLI).
        reason: ``(row, terms, filters, query vector)`` -> what of the profile matched (for
            people).

    Returns:
        The matches, best first.
    """
    if not terms:
        why = f"matches filters {filters.describe()}"
        profiles = [index.profile_at(r) for r in allowed.tolist()]
        ordered = sorted(profiles, key=lambda p: (fold(p.name), p.id))  # type: ignore[union-attr]
        rows_by_id = {index.profile_at(r).id: r for r in allowed.tolist()}  # type: ignore[union-attr]
        return [
            PartnerMatch(
                p,  # type: ignore[arg-type]
                0.0,
                why,
                reason(rows_by_id[p.id], terms, filters, None) if reason else MatchReason(),  # type: ignore[union-attr]
            )
            for p in ordered[:needed]
        ]
        kw_rows = np.zeros(0, dtype=np.int64)
    kw_values = np.zeros(0, dtype=np.float64)
    idf_total = 0.0
    if mode != "dense":
        kw_rows, kw_values, idf_total = index.keywords.score_arrays(
            terms, allowed if filtered else None
        )
    qvec = None
    pool = np.zeros(0, dtype=np.int64)
    if mode != "keyword":
        qvec = embed_query(query[:PARTNER_QUERY_CHARS])
        pool = index.dense_rows(qvec, allowed, max(needed, MIN_POOL))
    if mode == "dense":
        rows = pool
    elif mode == "keyword":
        rows = kw_rows
    else:
        rows = np.union1d(pool, kw_rows)
    sims = (
        index.row_scores(rows, qvec[0])
        if qvec is not None and len(rows)
        else np.zeros(len(rows), dtype=np.float32)
    )
    norm = idf_total
    if fusion.keyword_norm == "max" and len(kw_values):
        norm = float(kw_values.max())
    kw_scores = np.zeros(len(rows), dtype=np.float64)
    if mode != "dense" and len(kw_rows) and norm > 0:
        # rows is sorted here (kw_rows, or a union1d); kw_rows is a subset of it
        kw_scores[np.searchsorted(rows, kw_rows)] = kw_values / norm
    if mode == "dense":
        scores = sims.astype(np.float64)
    elif mode == "keyword":
        scores = kw_scores
    elif fusion.method == "rrf":
        scores = rrf(sims, kw_scores, fusion.rrf_k)
    else:
        scores = fusion.dense_weight * sims + fusion.keyword_weight * kw_scores
    candidates: Iterable[int] = range(len(rows))
    if len(rows) > needed:
        # Only rows scoring at least the needed-th best score can make the page (ties kept,
        # so the tie-break below sees every tied row).
        cut = np.partition(scores, len(scores) - needed)[len(scores) - needed]
        candidates = np.flatnonzero(scores >= cut).tolist()
    order = sorted(
        candidates,
        key=lambda i: (-scores[i], -sims[i], index.profile_at(int(rows[i])).id),  # type: ignore[union-attr]
    )[:needed]
    matches = []
    for i in order:
        row = int(rows[i])
        profile = index.profile_at(row)
        assert profile is not None
        why = explain(row, terms, filters, float(sims[i]), float(kw_scores[i]), mode)
        matches.append(
            PartnerMatch(
                profile,
                float(scores[i]),
                why,
                reason(row, terms, filters, qvec) if reason else MatchReason(),
                similarity=None if mode == "keyword" else float(sims[i]),
                keyword=None if mode == "dense" else float(kw_scores[i]),
            )
        )
    if mode == "keyword" and len(matches) < needed:
        # Profiles without a keyword hit follow by name, so k results still come back.
        seen = {m.profile.id for m in matches}
        rest = [index.profile_at(r) for r in allowed.tolist()]
        rest = sorted((p for p in rest if p.id not in seen), key=lambda p: (fold(p.name), p.id))  # type: ignore[union-attr]
        matches += [PartnerMatch(p, 0.0, "no keyword match") for p in rest[: needed - len(matches)]]  # type: ignore[arg-type]
    return matches


def rrf(sims: np.ndarray, keyword: np.ndarray, k: int) -> np.ndarray:
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
