"""Per-size measurements: index builds, dense search latency and recall, end to end."""

from __future__ import annotations

import argparse
import gc
import time
from dataclasses import replace
from typing import Any

import faiss
import numpy as np

from bench.partners.common import FILTER_COUNTRY, p50, p95, peak_rss_mb, rss_mb, say, timed_ms
from knowledge.embedding import (
    Embedder,
)
from knowledge.partners.index import PartnerIndex
from knowledge.partners.manifest import embedding_config
from knowledge.partners.query import PartnerFilters
from knowledge.partners.ranking import MIN_POOL
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile
from knowledge.vectors import kinds as vector_kinds
from knowledge.vectors.kinds import FLAT, HNSW, IVF


def topk_exact(vectors: np.ndarray, allowed: np.ndarray | None, qvecs: np.ndarray, k: int):
    """Exact top-k rows per query (ground truth), batched with BLAS."""
    out = []
    step = 200_000
    for q in qvecs:
        best_s: list[np.ndarray] = []
        best_r: list[np.ndarray] = []
        rows_all = allowed if allowed is not None else None
        total = len(rows_all) if rows_all is not None else len(vectors)
        for start in range(0, total, step):
            rows = (
                rows_all[start : start + step]
                if rows_all is not None
                else np.arange(start, min(start + step, total))
            )
            sims = vectors[rows] @ q
            top = np.argpartition(-sims, min(k, len(sims) - 1))[:k]
            best_s.append(sims[top])
            best_r.append(rows[top])
        s, r = np.concatenate(best_s), np.concatenate(best_r)
        out.append(r[np.argsort(-s, kind="stable")[:k]])
    return out


def recall(found: list[np.ndarray], truth: list[np.ndarray], k: int = 10) -> float:
    return float(
        np.mean(
            [
                len(set(f[:k].tolist()) & set(t[:k].tolist())) / k
                for f, t in zip(found, truth, strict=True)
            ]
        )
    )


def dense_only(searcher: PartnerSearcher, qvecs: np.ndarray, allowed: np.ndarray, repeat: int):
    """Search-only latencies (ms) of the dense part of a search, and the rows found."""
    times, found = [], []
    for q in qvecs:
        qv = np.ascontiguousarray(q[None, :])
        best = float("inf")
        rows = None
        for _ in range(repeat):
            rows, ms = timed_ms(lambda qv=qv: searcher.index.dense_rows(qv, allowed, MIN_POOL))
            best = min(best, ms)
            times.append(ms)
        found.append(rows)
    return times, found


def bench_size(
    n: int,
    profiles: list[ClusterProfile],
    vectors: np.ndarray,
    vector_source: str,
    embedder: Embedder,
    queries: list[tuple[str, PartnerFilters]],
    qvecs: np.ndarray,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """All measurements for one corpus size."""
    res: dict[str, Any] = {
        "n": n,
        "vectors": vector_source,
        "hnsw": {
            "M": vector_kinds.HNSW_M,
            "efConstruction": vector_kinds.HNSW_EF_CONSTRUCTION,
            "efSearch": vector_kinds.HNSW_EF_SEARCH,
        },
    }
    faiss.omp_set_num_threads(args.build_threads)  # searchers below set 1 for queries
    chosen = vector_kinds.choose_index_type(n, args.ann_threshold)
    res["index_type"] = chosen
    kinds = [("flat", FLAT)]
    if chosen != IVF or n <= args.hnsw_baseline_max:
        kinds.append(("hnsw", HNSW))
    else:
        res["hnsw_skipped"] = (
            f"not built: more than --hnsw-baseline-max={args.hnsw_baseline_max:,} profiles "
            "(the graph build took 687-908 s at 1M)"
        )
    if chosen == IVF:
        kinds.append(("ivf", IVF))
    say(f"\n== {n:,} profiles ({vector_source}); index build would use {chosen} ==")
    indexes: dict[str, PartnerIndex] = {}
    for label, kind in kinds:
        rss0 = rss_mb()
        indexes[label], ms = timed_ms(
            lambda kind=kind: PartnerIndex.from_vectors(
                profiles, vectors.copy(), embedder.name, kind, embedding_config(embedder)
            )
        )
        res[f"{label}_build_s"] = ms / 1000
        res[f"{label}_build_per_s"] = n / (ms / 1000)
        res[f"rss_{label}_mb"] = rss_mb() - rss0
        if label != "flat":
            say(f"  {kind} build {ms / 1000:.1f}s ({n / (ms / 1000):.0f} vectors/s)")
    if "ivf" in indexes:
        res["ivf"] = dict(indexes["ivf"].manifest["ivf"])
    flat = indexes["flat"]
    searchers = {label: PartnerSearcher(index, embedder) for label, index in indexes.items()}
    s_flat = searchers["flat"]
    filt = PartnerFilters(country=FILTER_COUNTRY)
    allowed_all = s_flat.live_rows()
    filter_t = []
    for _ in range(5):
        (allowed_de, _), ms = timed_ms(s_flat.allowed_rows, filt)
        filter_t.append(ms)
    res["filter_share"] = len(allowed_de) / n
    res["filter_ms"] = p50(filter_t)
    repeat = 1 if n >= 1_000_000 else 3
    flat_vectors = flat.vectors()  # a copy: the truth is computed outside the stores
    truth = topk_exact(flat_vectors, None, qvecs, 10)
    truth_de = topk_exact(flat_vectors, allowed_de, qvecs, 10)
    del flat_vectors
    for label, searcher in searchers.items():
        t, found = dense_only(searcher, qvecs, allowed_all, repeat)
        res[f"{label}_search_p50"], res[f"{label}_search_p95"] = p50(t), p95(t)
        res[f"{label}_recall"] = recall(found, truth)
        t, found = dense_only(searcher, qvecs, allowed_de, repeat)
        res[f"{label}_search_de_p50"], res[f"{label}_search_de_p95"] = p50(t), p95(t)
        res[f"{label}_recall_de"] = recall(found, truth_de)
        say(
            f"  {label}: search p50 {res[f'{label}_search_p50']:.2f} ms "
            f"(country {res[f'{label}_search_de_p50']:.2f} ms), recall@10 "
            f"{res[f'{label}_recall']:.3f} / {res[f'{label}_recall_de']:.3f}"
        )
    if args.ef_sweep and n >= 100_000 and "hnsw" in indexes:
        sweep = []
        faiss_index = indexes["hnsw"].store.faiss_index
        for ef in (16, 32, 50, 64, 96, 128, 192, 256):
            t, found = [], []
            for q in qvecs:
                params = faiss.SearchParametersHNSW(efSearch=ef)
                (_, ids), ms = timed_ms(
                    lambda q=q, p=params: faiss_index.search(q[None, :], 10, params=p)
                )
                t.append(ms)
                found.append(ids[0])
            sweep.append(
                {"efSearch": ef, "p50": p50(t), "p95": p95(t), "recall": recall(found, truth)}
            )
            say(
                f"    efSearch {ef}: p50 {sweep[-1]['p50']:.2f} ms, recall@10 {sweep[-1]['recall']:.3f}"
            )
        res["ef_sweep"] = sweep

    # Keyword side and end to end (real model embeds each query).
    if n <= args.keyword_max:
        rss2 = rss_mb()
        kw, ms = timed_ms(getattr, flat, "keywords")
        res["keyword_build_s"] = ms / 1000
        res["rss_keyword_mb"] = rss_mb() - rss2
        for index in indexes.values():  # same rows, same profiles: share the BM25F index
            index.use_keywords(kw)
        say(f"  BM25F build {res['keyword_build_s']:.1f}s, +{res['rss_keyword_mb']:.0f} MB")
        from knowledge.partners.keyword import query_terms

        kw_t, embed_t = [], []
        for text, _ in queries:
            terms = query_terms(text)
            _, ms = timed_ms(lambda terms=terms: kw.score_arrays(terms))
            kw_t.append(ms)
            _, ms = timed_ms(lambda text=text: embedder.embed_batch([text]))
            embed_t.append(ms)
        res["keyword_p50"], res["keyword_p95"] = p50(kw_t), p95(kw_t)
        res["embed_p50"], res["embed_p95"] = p50(embed_t), p95(embed_t)
        for label, searcher in searchers.items():
            for mode in ("hybrid", "dense"):
                t, cpu = [], []
                for text, filters in queries:
                    cpu0 = time.process_time()
                    _, ms = timed_ms(searcher.search, text, filters, k=10, mode=mode)
                    cpu.append((time.process_time() - cpu0) * 1000)
                    t.append(ms)
                res[f"{label}_e2e_{mode}_p50"], res[f"{label}_e2e_{mode}_p95"] = p50(t), p95(t)
                res[f"{label}_e2e_{mode}_cpu_p50"] = p50(cpu)
            t = [timed_ms(searcher.search, text, f, k=10, offset=10)[1] for text, f in queries]
            res[f"{label}_e2e_repeat_p50"] = p50(t)  # page 2: the query vector is cached
            say(
                f"  {label}: end to end hybrid p50 {res[f'{label}_e2e_hybrid_p50']:.1f} ms "
                f"p95 {res[f'{label}_e2e_hybrid_p95']:.1f}; dense-only "
                f"{res[f'{label}_e2e_dense_p50']:.1f} ms"
            )
    # One-profile add (real model embeds the new profile), then the next query.
    for label, index in indexes.items():
        searcher = searchers[label]
        t, after, cpu = [], [], []
        for i in range(args.adds):
            src = profiles[(i * 7919) % len(profiles)]
            new = replace(src, id=f"bench-added-{label}-{i}", name=f"{src.name} Added {i}")
            cpu0 = time.process_time()
            _, ms = timed_ms(index.add, [new], embedder)
            cpu.append((time.process_time() - cpu0) * 1000)
            t.append(ms)
            if n <= args.keyword_max:
                text = queries[i % len(queries)][0]
                _, ms = timed_ms(searcher.search, text, k=10)
                after.append(ms)
            # The indexes share one BM25F index (same rows): take the new row out again so
            # the others never see a keyword hit on a row they do not have.
            index.remove([new.id])
        res[f"{label}_add_p50"], res[f"{label}_add_max"] = p50(t), max(t)
        res[f"{label}_add_cpu_p50"] = p50(cpu)
        res[f"{label}_query_after_add_p50"] = p50(after)
        say(f"  {label}: add p50 {p50(t):.1f} ms; next query p50 {p50(after):.1f} ms")
    res["rss_total_mb"] = rss_mb()
    res["peak_rss_mb"] = peak_rss_mb()
    del s_flat, searchers, flat, indexes
    gc.collect()
    return res
