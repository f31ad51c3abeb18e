"""Markdown tables of benchmark results, and merging saved runs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.partners.common import FILTER_COUNTRY, fmt, table
from knowledge.vectors.kinds import FLAT, HNSW, IVF


def hnsw_of(row: dict[str, Any], results: dict[str, Any]) -> dict[str, int]:
    """The HNSW parameters a size was measured with (older results files kept them per run)."""
    return row.get("hnsw") or results.get("hnsw") or {}


ANN_LABELS = {"flat": ("exact", FLAT), "hnsw": ("HNSW", HNSW), "ivf": ("IVF", IVF)}


def _get(row: dict[str, Any], key: str) -> float:
    """A measured number of a size, NaN (printed "-") when that index was not measured."""
    value = row.get(key)
    return float("nan") if value is None else float(value)


def index_label(row: dict[str, Any], label: str, results: dict[str, Any]) -> str:
    """Name and parameters of one index of a size, e.g. ``IVF 1,024 lists, nprobe 8``."""
    name = ANN_LABELS[label][0]
    if label == "hnsw":
        h = hnsw_of(row, results)
        name += f" M{h.get('M', '?')}/efC{h.get('efConstruction', '?')}/efS{h.get('efSearch', '?')}"
    elif label == "ivf" and row.get("ivf"):
        name += f" {row['ivf']['nlist']:,} lists, nprobe {row['ivf']['nprobe']}"
    if row.get("index_type") == ANN_LABELS[label][1]:
        name += " *"
    return name


def dense_table(sizes: list[dict[str, Any]], results: dict[str, Any] | None = None) -> str:
    """One row per size and measured index (exact first, as the baseline of the ratio)."""
    rows = []
    for r in sizes:
        for label in ANN_LABELS:
            if label == "hnsw" and r.get("hnsw_skipped"):
                rows.append([f"{r['n']:,}", r["vectors"], "HNSW", r["hnsw_skipped"]] + ["-"] * 4)
                continue
            if f"{label}_search_p50" not in r:
                continue
            build = (
                "-"
                if label == "flat"
                else f"{fmt(r[f'{label}_build_s'], 1)} s ({r[f'{label}_build_per_s']:,.0f}/s)"
            )
            rows.append(
                [
                    f"{r['n']:,}",
                    r["vectors"],
                    index_label(r, label, results or {}),
                    f"{fmt(r[f'{label}_search_p50'])} / {fmt(r[f'{label}_search_p95'])}",
                    fmt(r[f"{label}_search_p50"] / r["flat_search_p50"])
                    if r["flat_search_p50"]
                    else "-",
                    f"{fmt(r[f'{label}_search_de_p50'])} / {fmt(r[f'{label}_search_de_p95'])} "
                    f"(+{fmt(r['filter_ms'])} filter, {r['filter_share']:.0%} rows)",
                    f"{r[f'{label}_recall']:.3f} / {r[f'{label}_recall_de']:.3f}",
                    build,
                ]
            )
    return table(
        [
            "profiles",
            "vectors",
            "index",
            "p50 / p95",
            "p50 / exact p50",
            f"country {FILTER_COUNTRY} p50 / p95",
            "recall@10 all / country",
            "build",
        ],
        rows,
    )


def report(results: dict[str, Any]) -> str:
    parts = []
    b = results.get("build", [])
    if b:
        tl = results.get("tokens", {})
        parts.append(
            f"Build throughput, real model ({results['model']}), synthetic profiles "
            "(`PartnerIndex.build`: embedding + flat index, model load not timed; wall time "
            "depends on what else runs, see the load average; the CPU-time rate is per core):"
            "\n\n"
            + table(
                [
                    "variant",
                    "profiles",
                    "wall s",
                    "profiles/s (wall)",
                    "profiles / CPU-s",
                    "load avg",
                ],
                [
                    [
                        r["label"],
                        str(r["profiles"]),
                        fmt(r["seconds"], 1),
                        fmt(r["per_s"], 0),
                        fmt(r["per_cpu_s"], 0),
                        fmt(r["load"][0], 2) if "load" in r else "-",
                    ]
                    for r in b
                ],
            )
            + (
                f"\n\nEmbedded text length: mean {tl['mean']:.0f} word pieces, p95 {tl['p95']:.0f}; "
                f"{tl['over_128']:.0%} longer than 128, {tl['over_256']:.0%} longer than 256 (the "
                "model's limit)."
                if tl
                else ""
            )
        )
    sizes = results["sizes"]
    parts.append(
        "Dense search only (query vector given; FAISS + filter selector, top 50 pool as in a "
        f"search), ms, {len(results['query_texts'])} queries; country filter = {FILTER_COUNTRY}; "
        "recall@10 against an exact scan; * = the type `index build` picks at that size "
        "(`choose_index_type`), the other rows are baselines:\n\n" + dense_table(sizes, results)
    )
    rows = []
    ivf_e2e = any("ivf_e2e_hybrid_p50" in r for r in sizes)
    for r in sizes:
        if "flat_e2e_hybrid_p50" not in r:
            rows.append(
                [f"{r['n']:,}", "not measured (BM25F index not built at this size)"]
                + ["-"] * (8 + ivf_e2e)
            )
            continue
        row = [
            f"{r['n']:,}",
            f"{fmt(r['embed_p50'], 1)} / {fmt(r['embed_p95'], 1)}",
            f"{fmt(r['keyword_p50'], 1)} / {fmt(r['keyword_p95'], 1)}",
            f"{fmt(r['flat_e2e_hybrid_p50'], 1)} / {fmt(r['flat_e2e_hybrid_p95'], 1)}",
            f"{fmt(_get(r, 'hnsw_e2e_hybrid_p50'), 1)} / {fmt(_get(r, 'hnsw_e2e_hybrid_p95'), 1)}",
            fmt(_get(r, "hnsw_e2e_hybrid_p50") / r["flat_e2e_hybrid_p50"]),
        ]
        if ivf_e2e:
            row.append(
                f"{fmt(_get(r, 'ivf_e2e_hybrid_p50'), 1)} / {fmt(_get(r, 'ivf_e2e_hybrid_p95'), 1)}"
            )
        row += [
            f"{fmt(r['flat_e2e_dense_p50'], 1)} / {fmt(_get(r, 'hnsw_e2e_dense_p50'), 1)}",
            fmt(r["flat_e2e_hybrid_cpu_p50"], 1),
            f"{fmt(_get(r, 'flat_e2e_repeat_p50'), 1)} / {fmt(_get(r, 'hnsw_e2e_repeat_p50'), 1)}",
            f"{fmt(r['keyword_build_s'], 1)} s, {r['rss_keyword_mb']:,.0f} MB",
        ]
        rows.append(row)
    parts.append(
        "End to end (`PartnerSearcher.search`, k=10, hybrid: the real model embeds each query "
        "(first time), BM25F, dense, fusion, explanations; the labelled set's own filters; "
        "'cached vector': the same query again, the model not called), ms:\n\n"
        + table(
            [
                "profiles",
                "embed p50 / p95",
                "BM25F p50 / p95",
                "hybrid exact p50 / p95",
                "hybrid HNSW p50 / p95",
                "HNSW/exact",
                *(["hybrid IVF p50 / p95"] if ivf_e2e else []),
                "dense mode, cached vector p50 exact / HNSW",
                "hybrid exact CPU ms p50",
                "page 2, cached vector p50 exact / HNSW",
                "BM25F build, memory",
            ],
            rows,
        )
    )
    rows = []
    with_ivf = any("ivf_add_p50" in r for r in sizes)
    for r in sizes:
        row = [
            f"{r['n']:,}",
            f"{fmt(r['flat_add_p50'], 1)} / {fmt(r['flat_add_max'], 1)} (CPU {fmt(_get(r, 'flat_add_cpu_p50'), 1)})",
            f"{fmt(_get(r, 'hnsw_add_p50'), 1)} / {fmt(_get(r, 'hnsw_add_max'), 1)}",
            *(
                [f"{fmt(_get(r, 'ivf_add_p50'), 1)} / {fmt(_get(r, 'ivf_add_max'), 1)}"]
                if with_ivf
                else []
            ),
            f"{fmt(r['flat_query_after_add_p50'], 1)} / {fmt(_get(r, 'hnsw_query_after_add_p50'), 1)}",
            f"{r['rss_flat_mb']:,.0f}",
            fmt(_get(r, "rss_hnsw_mb"), 0),
            *([fmt(_get(r, "rss_ivf_mb"), 0)] if with_ivf else []),
            f"{r['rss_total_mb']:,.0f} ({r['peak_rss_mb']:,.0f})",
        ]
        rows.append(row)
    parts.append(
        "One-profile add (real model embeds it, FAISS add, BM25F postings) and memory, "
        "ms and MB:\n\n"
        + table(
            [
                "profiles",
                "add exact p50 / max",
                "add HNSW p50 / max",
                *(["add IVF p50 / max"] if with_ivf else []),
                "next query p50 exact / HNSW",
                "RSS + exact index",
                "RSS + HNSW index",
                *(["RSS + IVF index"] if with_ivf else []),
                "process RSS after (peak)",
            ],
            rows,
        )
    )
    if results.get("crossover"):
        parts.append(
            "Flat vs HNSW crossover (synthetic vectors, top 50, no filter), ms:\n\n"
            + table(
                [
                    "profiles",
                    "exact p50 / p95",
                    "HNSW p50 / p95",
                    "HNSW/exact",
                    "recall@10",
                    "HNSW build s",
                ],
                [
                    [
                        f"{r['n']:,}",
                        f"{fmt(r['flat_p50'])} / {fmt(r['flat_p95'])}",
                        f"{fmt(r['hnsw_p50'])} / {fmt(r['hnsw_p95'])}",
                        fmt(r["hnsw_p50"] / r["flat_p50"]),
                        f"{r['recall']:.3f}",
                        fmt(r["hnsw_build_s"], 1),
                    ]
                    for r in results["crossover"]
                ],
            )
        )
    if results.get("params"):
        parts.append(
            f"HNSW parameters at {results['params_n']:,} vectors (top 10):\n\n"
            + table(
                ["M", "efConstruction", "efSearch", "build s", "p50 ms", "recall@10"],
                [
                    [
                        str(r["M"]),
                        str(r["efConstruction"]),
                        str(r["efSearch"]),
                        fmt(r["build_s"], 1),
                        fmt(r["p50"]),
                        f"{r['recall']:.3f}",
                    ]
                    for r in results["params"]
                ],
            )
        )
    for r in sizes:
        if r.get("ef_sweep"):
            parts.append(
                f"efSearch at {r['n']:,} (HNSW M={hnsw_of(r, results)['M']}, "
                f"efConstruction={hnsw_of(r, results)['efConstruction']}, top 10, no filter):\n\n"
                + table(
                    ["efSearch", "p50 ms", "p95 ms", "recall@10"],
                    [
                        [str(e["efSearch"]), fmt(e["p50"]), fmt(e["p95"]), f"{e['recall']:.3f}"]
                        for e in r["ef_sweep"]
                    ],
                )
            )
    return "\n\n".join(parts)


# --- main ---------------------------------------------------------------------------------


def merge(paths: Sequence[Path]) -> dict[str, Any]:
    """Merge saved results files (sizes, build, sweeps) into one, later files winning."""
    merged: dict[str, Any] = {"sizes": []}
    by_n: dict[int, dict] = {}
    for path in paths:
        data = json.loads(path.read_text("utf-8"))
        for key, value in data.items():
            if key == "sizes":
                for row in value:
                    by_n[row["n"]] = row
            elif value or key not in merged:
                merged[key] = value
    merged["sizes"] = [by_n[n] for n in sorted(by_n)]
    return merged
