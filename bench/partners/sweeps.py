"""Parameter sweeps: exact/HNSW crossover, HNSW M/efConstruction/efSearch, IVF nprobe."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import faiss
import numpy as np

from bench.partners.common import SEED, fmt, p50, p95, say, table, timed_ms
from bench.partners.corpus import synthetic_vectors
from bench.partners.dense import recall, topk_exact
from knowledge.partners.ranking import MIN_POOL
from knowledge.vectors import kinds as vector_kinds
from knowledge.vectors import limit_vector_threads
from knowledge.vectors.faiss_store import new_faiss_index, train_ivf
from knowledge.vectors.kinds import FLAT, HNSW


def crossover(base_vectors: np.ndarray, qvecs: np.ndarray, sizes: Sequence[int], shipped_n: int):
    """Flat vs HNSW search-only latency and recall on synthetic vectors, per size."""
    rows = []
    for n in sizes:
        rng = np.random.default_rng(SEED + n)
        vecs = synthetic_vectors(base_vectors, rng.integers(0, shipped_n, size=n), seed=SEED + n)
        flat = new_faiss_index(FLAT, vecs.shape[1])
        flat.add(vecs)
        hnsw = new_faiss_index(HNSW, vecs.shape[1])
        faiss.omp_set_num_threads(2)
        _, build_ms = timed_ms(lambda h=hnsw, v=vecs: h.add(v))
        limit_vector_threads(1)  # as a PartnerSearcher does for queries
        ef = max(vector_kinds.HNSW_EF_SEARCH, MIN_POOL)
        ft, ht, fr, hr = [], [], [], []
        for q in qvecs:
            (_, ids), ms = timed_ms(lambda q=q, f=flat: f.search(q[None, :], MIN_POOL))
            ft.append(ms)
            fr.append(ids[0])
            params = faiss.SearchParametersHNSW(efSearch=ef)
            (_, ids), ms = timed_ms(
                lambda q=q, h=hnsw, p=params: h.search(q[None, :], MIN_POOL, params=p)
            )
            ht.append(ms)
            hr.append(ids[0])
        row = {
            "n": n,
            "flat_p50": p50(ft),
            "flat_p95": p95(ft),
            "hnsw_p50": p50(ht),
            "hnsw_p95": p95(ht),
            "recall": recall(hr, fr),
            "hnsw_build_s": build_ms / 1000,
        }
        rows.append(row)
        say(
            f"  crossover n={n:,}: flat p50 {row['flat_p50']:.2f} ms, HNSW p50 "
            f"{row['hnsw_p50']:.2f} ms, recall@10 {row['recall']:.3f}, build {row['hnsw_build_s']:.1f}s"
        )
    return rows


def params_sweep(
    base_vectors: np.ndarray, qvecs: np.ndarray, n: int, shipped_n: int, combos, efs=(50, 96)
):
    """HNSW M / efConstruction: build time, memory, latency and recall at one size."""
    rng = np.random.default_rng(SEED + 7)
    vecs = synthetic_vectors(base_vectors, rng.integers(0, shipped_n, size=n), seed=SEED + 7)
    flat = faiss.IndexFlatIP(vecs.shape[1])
    flat.add(vecs)
    _, truth = flat.search(qvecs, 10)
    out = []
    for m, efc in combos:
        index = faiss.IndexHNSWFlat(vecs.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = efc
        faiss.omp_set_num_threads(2)
        _, build_ms = timed_ms(lambda i=index: i.add(vecs))
        limit_vector_threads(1)
        for ef in efs:
            t, found = [], []
            for q in qvecs:
                params = faiss.SearchParametersHNSW(efSearch=ef)
                (_, ids), ms = timed_ms(
                    lambda q=q, p=params, i=index: i.search(q[None, :], 10, params=p)
                )
                t.append(ms)
                found.append(ids[0])
            out.append(
                {
                    "M": m,
                    "efConstruction": efc,
                    "efSearch": ef,
                    "build_s": build_ms / 1000,
                    "p50": p50(t),
                    "recall": recall(found, list(truth)),
                }
            )
            say(
                f"  M={m} efC={efc} ef={ef}: build {build_ms / 1000:.1f}s, p50 {p50(t):.2f} ms, recall {out[-1]['recall']:.3f}"
            )
        del index
    return out


def ef_sweep(base_vectors: np.ndarray, qvecs: np.ndarray, n: int, shipped_n: int, efs):
    """Recall and latency of HNSW (default M, efConstruction) over a wide efSearch range.

    Besides recall@10 it reports how close the misses are: the share of returned top-10 rows
    whose exact similarity is within 0.01 of the true 10th best ("recall@10, 0.01 tolerance"),
    and the mean similarity gap between the true 1st and 10th hits (near-ties make exact
    recall hard and matter little for ranking).
    """
    rng = np.random.default_rng(SEED + 11)
    vecs = synthetic_vectors(base_vectors, rng.integers(0, shipped_n, size=n), seed=SEED + 11)
    flat = faiss.IndexFlatIP(vecs.shape[1])
    flat.add(vecs)
    sims_true, truth = flat.search(qvecs, 10)
    index = new_faiss_index(HNSW, vecs.shape[1])
    faiss.omp_set_num_threads(2)
    _, build_ms = timed_ms(index.add, vecs)
    limit_vector_threads(1)
    out = []
    for ef in efs:
        t, found = [], []
        for q in qvecs:
            params = faiss.SearchParametersHNSW(efSearch=ef)
            (_, ids), ms = timed_ms(index.search, q[None, :], 10, params=params)
            t.append(ms)
            found.append(ids[0])
        tolerant = np.mean(
            [
                np.mean(vecs[f[f >= 0]] @ q >= s_true[9] - 0.01)
                for f, q, s_true in zip(found, qvecs, sims_true, strict=True)
            ]
        )
        out.append(
            {
                "efSearch": ef,
                "p50": p50(t),
                "p95": p95(t),
                "recall": recall(found, list(truth)),
                "recall_tol": float(tolerant),
            }
        )
        say(
            f"  n={n:,} ef={ef}: p50 {p50(t):.2f} ms, recall@10 {out[-1]['recall']:.3f}, "
            f"within 0.01: {tolerant:.3f}"
        )
    gap = float(np.mean(sims_true[:, 0] - sims_true[:, 9]))
    return {"n": n, "build_s": build_ms / 1000, "gap_1_10": gap, "rows": out}


def search_sweep(
    index: faiss.Index,
    vecs: np.ndarray,
    qvecs: np.ndarray,
    truth: list[np.ndarray],
    make_params: Callable[[int], Any],
    values: Sequence[int],
    k: int = 10,
) -> list[dict[str, Any]]:
    """Latency, recall@k and near-tie share of ``index.search`` per parameter value.

    One query at a time, as a search runs (the caller sets the threads: one for queries).
    ``make_params(value)`` gives the FAISS search parameters (with a selector for a filter).
    "within 0.01" is the share of the ``k`` returned slots holding a row whose exact similarity
    is at most 0.01 below the exact k-th best: how close the misses are (near-ties matter little
    for ranking). A slot left empty (-1, too few rows found) counts as a miss in both.
    """
    out = []
    for value in values:
        t, found = [], []
        for q in qvecs:
            params = make_params(value)
            (_, ids), ms = timed_ms(index.search, q[None, :], k, params=params)
            t.append(ms)
            found.append(ids[0])
        within = [
            float(np.sum(vecs[f[f >= 0]] @ q >= float(vecs[tr[k - 1]] @ q) - 0.01)) / k
            for f, q, tr in zip(found, qvecs, truth, strict=True)
        ]
        out.append(
            {
                "value": value,
                "p50": p50(t),
                "p95": p95(t),
                "recall": recall(found, truth, k),
                "recall_tol": float(np.mean(within)),
            }
        )
    return out


def nprobe_sweep(
    base_vectors: np.ndarray,
    qvecs: np.ndarray,
    n: int,
    shipped_n: int,
    nprobes: Sequence[int],
    hnsw: bool = True,
    filter_share: float = 0.13,
) -> dict[str, Any]:
    """IVF (the index type from :data:`knowledge.vectors.kinds.IVF_FROM` profiles) over nprobe, with HNSW.

    The vectors are those of :func:`ef_sweep` (same generator and seed), the IVF is made as
    ``index build`` makes it (:func:`knowledge.vectors.faiss_store.train_ivf`: ~sqrt(n) lists, k-means on an even
    spread), and each nprobe is measured without a filter and with a random ``filter_share`` of
    the rows allowed (``IDSelectorBitmap``, as the searcher passes a filter; 13% is the share of
    the largest country, DE, in the scaled-up corpora). The HNSW row (default M, efConstruction,
    efSearch) is the baseline: the type below ``IVF_FROM`` and the one IVF replaced at 1M.
    """
    rng = np.random.default_rng(SEED + 11)
    vecs = synthetic_vectors(base_vectors, rng.integers(0, shipped_n, size=n), seed=SEED + 11)
    qvecs = np.ascontiguousarray(qvecs, dtype=np.float32)
    allowed = np.flatnonzero(np.random.default_rng(SEED + 12).random(n) < filter_share)
    mask = np.zeros(n, dtype=bool)
    mask[allowed] = True
    bitmap = np.packbits(mask, bitorder="little")
    selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bitmap))
    limit_vector_threads(2)
    truth = topk_exact(vecs, None, qvecs, 10)
    truth_f = topk_exact(vecs, allowed, qvecs, 10)
    result: dict[str, Any] = {"n": n, "filter_rows": len(allowed), "hnsw": None}
    if hnsw:
        graph = new_faiss_index(HNSW, vecs.shape[1])
        _, build_ms = timed_ms(graph.add, vecs)
        limit_vector_threads(1)
        ef = [vector_kinds.HNSW_EF_SEARCH]
        result["hnsw"] = {
            "M": vector_kinds.HNSW_M,
            "efConstruction": vector_kinds.HNSW_EF_CONSTRUCTION,
            "efSearch": ef[0],
            "build_s": build_ms / 1000,
            "all": search_sweep(
                graph, vecs, qvecs, truth, lambda v: faiss.SearchParametersHNSW(efSearch=v), ef
            )[0],
            "filtered": search_sweep(
                graph,
                vecs,
                qvecs,
                truth_f,
                lambda v: faiss.SearchParametersHNSW(efSearch=v, sel=selector),
                ef,
            )[0],
        }
        say(f"  HNSW build {build_ms / 1000:.1f}s")
        del graph
        limit_vector_threads(2)
    ivf, train_ms = timed_ms(train_ivf, vecs)
    _, add_ms = timed_ms(ivf.add, vecs)
    sizes = np.array([ivf.invlists.list_size(i) for i in range(ivf.nlist)])
    result.update(
        nlist=int(ivf.nlist),
        default_nprobe=vector_kinds.IVF_NPROBE,
        train_s=train_ms / 1000,
        add_s=add_ms / 1000,
        list_p50=float(np.median(sizes)),
        list_max=int(sizes.max()),
    )
    say(
        f"  IVF {ivf.nlist:,} lists: train {train_ms / 1000:.1f}s, add {add_ms / 1000:.1f}s; "
        f"list sizes median {np.median(sizes):.0f}, max {sizes.max()}"
    )
    limit_vector_threads(1)
    values = [min(int(v), int(ivf.nlist)) for v in nprobes]
    rows = search_sweep(
        ivf, vecs, qvecs, truth, lambda v: faiss.SearchParametersIVF(nprobe=v), values
    )
    rows_f = search_sweep(
        ivf,
        vecs,
        qvecs,
        truth_f,
        lambda v: faiss.SearchParametersIVF(nprobe=v, sel=selector),
        values,
    )
    result["ivf"] = [
        {"nprobe": r["value"], "all": r, "filtered": f} for r, f in zip(rows, rows_f, strict=True)
    ]
    return result


def nprobe_table(result: dict[str, Any]) -> str:
    """The sweep as a Markdown table, HNSW (baseline of the p50 ratio) in the first row."""

    def cells(label: str, row: dict[str, Any], base: float) -> list[str]:
        a, f = row["all"], row["filtered"]
        return [
            label,
            fmt(a["p50"]),
            fmt(a["p95"]),
            fmt(a["p50"] / base) if base == base else "-",
            f"{a['recall']:.3f}",
            f"{a['recall_tol']:.3f}",
            f"{fmt(f['p50'])} / {fmt(f['p95'])}",
            f"{f['recall']:.3f}",
            f"{f['recall_tol']:.3f}",
        ]

    h = result.get("hnsw")
    base = h["all"]["p50"] if h else float("nan")
    rows = []
    if h:
        rows.append(
            cells(
                f"HNSW M{h['M']}/efC{h['efConstruction']}, efSearch {h['efSearch']} (baseline)",
                h,
                base,
            )
        )
    for r in result["ivf"]:
        default = " (default)" if r["nprobe"] == result["default_nprobe"] else ""
        rows.append(cells(f"IVF nprobe {r['nprobe']}{default}", r, base))
    share = result["filter_rows"] / result["n"]
    return (
        f"IVF nprobe at {result['n']:,} vectors ({result['nlist']:,} lists: train "
        f"{fmt(result['train_s'], 1)} s, add {fmt(result['add_s'], 1)} s; list sizes median "
        f"{result['list_p50']:.0f}, max {result['list_max']:,}"
        + (f"; HNSW build {fmt(h['build_s'], 1)} s" if h else "; HNSW baseline not measured")
        + f"), top 10, one thread, ms; filter = a random {share:.1%} of the rows:\n\n"
        + table(
            [
                "index",
                "p50",
                "p95",
                "p50 / HNSW",
                "recall@10",
                "within 0.01 of exact 10th",
                "filter p50 / p95",
                "filter recall@10",
                "filter within 0.01",
            ],
            rows,
        )
    )


# --- report -------------------------------------------------------------------------------
