"""Speed and scale of partner search: build, query latency, ANN recall, add latency, memory.

Usage::

    python -m bench.partners                                  # 381, 10k, 100k, 1M profiles
    python -m bench.partners --sizes 381,10000 --queries 50
    python -m bench.partners --quick                          # small sizes, fewer repeats
    python -m bench.partners --nprobe-sweep-at 1000000        # IVF nprobe vs HNSW only

Corpora. Size 381 is the shipped corpus. Larger corpora scale up real records: each synthetic
profile takes a real organisation name and country from the CORDIS FP7 organisations file
(``../shared/data/cordis/fp7_organisations.csv``, CC BY 4.0, read at bench time) and the real
sectors, technologies and description of a shipped profile. They are generated here
(deterministic seed), written to ``var/bench/partners/corpus-<n>.tsv`` (id, name, country, the
shipped profile it borrows from) and never committed.

Vectors. The build throughput is measured with the real packaged model on a sample of a few
thousand synthetic profiles (``--build-sample``). Corpora up to ``--real-embed-max`` profiles are
embedded with the real model (cached in ``var/bench/partners/``). Larger ones cannot be embedded
on 2 cores in reasonable time: their vectors are the real embedding of the shipped profile each
row borrows from, mixed with a share (0-40%) of another shipped profile's embedding plus Gaussian
noise (norm about 0.35), renormalised. Queries are the 92 real queries of the labelled set
``tests/eval/partner_queries.yml``, embedded with the real model.

Index types. Each size is measured with an exact scan (ground truth, and the baseline of the
latency ratios) and with the type ``index build`` picks for it (``choose_index_type``: exact below
``CLUSTER_ANN_THRESHOLD``, HNSW from it on, IVF from ``IVF_FROM`` = 500,000 on). HNSW is measured
at every size: below the threshold to show the crossover, at IVF sizes as the baseline the IVF
replaced (up to ``--hnsw-baseline-max``; the table says when it was skipped).
``--nprobe-sweep-at N`` measures IVF's one search parameter against that HNSW baseline.

Numbers are printed as Markdown tables and saved to ``var/bench/partners/results[-TAG].json``
(``--report FILE...`` prints the tables of saved runs, merged).
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import json
import os
import platform
import re
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import yaml

from knowledge.embedding import (
    Embedder,
    OnnxEmbedder,
    SentenceTransformerEmbedder,
    load_embedder,
)
from knowledge.partners.embed import embed_profiles
from knowledge.partners.index import PartnerIndex
from knowledge.partners.manifest import embedding_config
from knowledge.partners.query import PartnerFilters
from knowledge.partners.ranking import MIN_POOL
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile, load_profiles
from knowledge.settings import DEFAULT_PROFILES, REPO_ROOT, Settings
from knowledge.vectors import kinds as vector_kinds
from knowledge.vectors.faiss_store import limit_vector_threads, new_faiss_index, train_ivf
from knowledge.vectors.kinds import FLAT, HNSW, IVF

OUT_DIR = REPO_ROOT / "var" / "bench" / "partners"
CORDIS = REPO_ROOT.parent / "shared" / "data" / "cordis" / "fp7_organisations.csv"
EVAL_SET = REPO_ROOT / "tests" / "eval" / "partner_queries.yml"
DEFAULT_SIZES = (381, 10_000, 100_000, 1_000_000)
# CORDIS uses EU codes for two countries; profiles use ISO 3166-1.
CORDIS_COUNTRY = {"UK": "GB", "EL": "GR"}
FILTER_COUNTRY = "DE"  # the largest country: ~13% of the rows, the hard case for a graph walk
SEED = 20261121


# --- helpers ------------------------------------------------------------------------------


def rss_mb() -> float:
    """Current resident memory of this process (VmRSS) in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_ms(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Call ``fn(*args, **kwargs)``; return its result and the wall time in milliseconds."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter() - started) * 1000


def p50(values: Sequence[float]) -> float:
    return float(np.percentile(values, 50)) if len(values) else float("nan")


def p95(values: Sequence[float]) -> float:
    return float(np.percentile(values, 95)) if len(values) else float("nan")


def fmt(value: float, digits: int = 2) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value:.{digits}f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def say(text: str) -> None:
    print(text, flush=True)


# --- corpora ------------------------------------------------------------------------------


def load_organisations(path: Path) -> list[tuple[str, str]]:
    """Real organisation names and ISO country codes from the CORDIS FP7 organisations file."""
    if not path.is_file():
        raise SystemExit(
            f"error: CORDIS organisations file {path} not found; pass --cordis PATH "
            "(fp7_organisations.csv from the CORDIS FP7 open data, CC BY 4.0)"
        )
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = " ".join((row.get("name_mojibake_repaired") or row["name"]).split())
            country = CORDIS_COUNTRY.get(row["country"], row["country"])
            if not name or len(country) != 2 or name.casefold() in seen:
                continue
            seen.add(name.casefold())
            out.append((name, country))
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40].strip("-") or "org"


def make_corpus(
    n: int, shipped: list[ClusterProfile], orgs: list[tuple[str, str]], seed: int = SEED
) -> tuple[list[ClusterProfile], np.ndarray]:
    """Return ``n`` profiles and, per profile, the index of the shipped profile it borrows from.

    The shipped corpus itself for ``n == len(shipped)``; otherwise a real CORDIS organisation
    (name, country) with the sectors, technologies and description of a shipped profile.
    """
    if n == len(shipped):
        return list(shipped), np.arange(n)
    rng = np.random.default_rng(seed)
    base = rng.integers(0, len(shipped), size=n)
    org_at = rng.permutation(np.resize(np.arange(len(orgs)), n))
    profiles = []
    for i, (b, o) in enumerate(zip(base.tolist(), org_at.tolist(), strict=True)):
        name, country = orgs[o]
        src = shipped[b]
        profiles.append(
            ClusterProfile(
                id=f"{_slug(name)}-{i}",
                name=name,
                country=country,
                sectors=src.sectors,
                technologies=src.technologies,
                description=src.description,
            )
        )
    return profiles, base


def write_corpus(path: Path, profiles: list[ClusterProfile], base: np.ndarray, shipped) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id\tname\tcountry\tborrows_from\n")
        for p, b in zip(profiles, base.tolist(), strict=True):
            fh.write(f"{p.id}\t{p.name}\t{p.country}\t{shipped[b].id}\n")


def synthetic_vectors(
    base_vectors: np.ndarray, base: np.ndarray, seed: int = SEED, noise: float = 0.35
) -> np.ndarray:
    """Vectors near the real embeddings: own base + 0-40% of another + noise, renormalised."""
    rng = np.random.default_rng(seed + 1)
    n, dim = len(base), base_vectors.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    step = 100_000
    for start in range(0, n, step):
        rows = base[start : start + step]
        m = len(rows)
        other = rng.integers(0, len(base_vectors), size=m)
        share = rng.uniform(0.0, 0.4, size=(m, 1)).astype(np.float32)
        chunk = base_vectors[rows] + share * base_vectors[other]
        chunk += rng.standard_normal((m, dim), dtype=np.float32) * (noise / np.sqrt(dim))
        chunk /= np.linalg.norm(chunk, axis=1, keepdims=True)
        out[start : start + m] = chunk
    return out


def load_queries(path: Path = EVAL_SET) -> list[tuple[str, PartnerFilters]]:
    """The labelled set's query texts and filters (relevance labels are not used here)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    out = []
    for q in data["queries"]:
        filters = PartnerFilters(**(q.get("filters") or {}))
        out.append((q["query"], filters))
    return out


# --- measurements -------------------------------------------------------------------------


def build_variants(quick: bool) -> list[tuple[str, str, int, int | None]]:
    """Build-throughput variants: ``(label, backend, threads, max tokens or None)``.

    The first row is the configuration before the ONNX backend (what ``python -m knowledge index
    build`` ran: sentence-transformers on torch with one thread per core), the second the current
    default; the others show where the gain comes from.
    """
    cores = os.cpu_count() or 1
    variants = [
        (f"before: torch, {cores} threads, batch 64", "torch", cores, None),
        (f"now: onnx-int8, {cores} workers", "onnx-int8", cores, None),
    ]
    if not quick:
        variants += [
            ("torch, 1 thread, batch 64", "torch", 1, None),
            (f"onnx float32, {cores} workers", "onnx", cores, None),
            ("onnx-int8, 1 worker", "onnx-int8", 1, None),
            (f"onnx-int8, {cores} workers, max 128 tokens", "onnx-int8", cores, 128),
        ]
    return variants


def make_embedder(settings: Settings, backend: str, threads: int, max_tokens: int | None):
    """A real embedder of the given backend, loaded, with ``threads`` threads or workers."""
    if backend == "torch":
        embedder: Any = SentenceTransformerEmbedder(settings.embed_model, max_seq_length=max_tokens)
        embedder.load()
        import torch

        torch.set_num_threads(threads)  # load() set CLUSTER_TORCH_THREADS's value
    else:
        embedder = OnnxEmbedder(
            settings.embed_model,
            quantized=backend == "onnx-int8",
            max_seq_length=max_tokens,
            cache_dir=settings.model_cache_dir,
            threads=threads,
        )
        embedder.load()
    return embedder


def measure_build(settings: Settings, profiles: list[ClusterProfile], variants) -> list[dict]:
    """Embed + flat index build throughput (``PartnerIndex.build``): wall and CPU time per variant.

    ``variants`` are ``(label, backend, threads, max tokens or None)``; every variant embeds the
    same profiles. Model loading is not timed (each embedder is warmed up first).
    """
    import torch

    torch_threads_before = torch.get_num_threads()
    results = []
    for label, backend, threads, max_tokens in variants:
        embedder = make_embedder(settings, backend, threads, max_tokens)
        embedder.embed_batch([p.search_text() for p in profiles[:8]])  # warm up
        load_before = os.getloadavg()[0]
        cpu0 = time.process_time()
        _, ms = timed_ms(lambda e=embedder: PartnerIndex.build(profiles, e, progress=False))
        cpu = time.process_time() - cpu0
        results.append(
            {
                "label": label,
                "backend": backend,
                "threads": threads,
                "max_seq_length": embedder.config["max_seq_length"],
                "profiles": len(profiles),
                "seconds": ms / 1000,
                "per_s": len(profiles) / (ms / 1000),
                "cpu_s": cpu,
                "per_cpu_s": len(profiles) / cpu if cpu else float("nan"),
                "load": [load_before, os.getloadavg()[0]],
            }
        )
        say(
            f"  build {label}: {results[-1]['per_s']:.0f} profiles/s wall, "
            f"{results[-1]['per_cpu_s']:.0f} per CPU-second (load {load_before:.2f})"
        )
        del embedder
        gc.collect()
    torch.set_num_threads(torch_threads_before)
    return results


def token_lengths(embedder: Embedder, profiles: list[ClusterProfile]) -> dict[str, float]:
    """Word-piece lengths of the embedded texts, uncut (share over 128 and 256 tokens)."""
    from knowledge import onnx_export

    model_dir = onnx_export.resolve_model_dir(getattr(embedder, "model", ""))
    tokenizer = onnx_export.load_tokenizer(model_dir, 100_000)
    lengths = np.array(
        [len(e.ids) for e in tokenizer.encode_batch([p.search_text() for p in profiles])],
        dtype=np.float64,
    )
    return {
        "mean": float(lengths.mean()),
        "p95": float(np.percentile(lengths, 95)),
        "over_128": float((lengths > 128).mean()),
        "over_256": float((lengths > 256).mean()),
    }


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
    truth = topk_exact(flat.vectors(), None, qvecs, 10)
    truth_de = topk_exact(flat.vectors(), allowed_de, qvecs, 10)
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


def embedding_id(embedder: Embedder) -> str:
    """Model name plus embedding settings (backend, quantisation, tokens), for cache keys."""
    config = getattr(embedder, "config", None)
    if not config or config == {"backend": "torch", "quantization": "none", "max_seq_length": 256}:
        return embedder.name  # what older caches were keyed by (torch, the model's limit)
    return f"{embedder.name} {json.dumps(config, sort_keys=True)}"


def cached_embed(path: Path, embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Embed texts, reusing ``path`` when it holds the vectors of exactly these texts."""
    key = path.with_suffix(".key")
    digest = hashlib.sha256(("\n".join([embedding_id(embedder), *texts])).encode()).hexdigest()
    if path.is_file() and key.is_file() and key.read_text() == digest:
        return np.load(path)
    vectors = embedder.embed_batch(texts)
    np.save(path, vectors)
    key.write_text(digest)
    return vectors


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.partners", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated corpus sizes (381 = the shipped corpus)",
    )
    parser.add_argument("--queries", type=int, default=92, help="number of labelled queries to run")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="sizes 381,10000, small build sample, no sweeps (a smoke run)",
    )
    parser.add_argument(
        "--build-sample",
        type=int,
        default=1000,
        help="synthetic profiles embedded with the real model to time the build (each variant)",
    )
    parser.add_argument(
        "--build-variants",
        default="",
        metavar="I,J",
        help="only these build variants (0 = before: torch, 1 = now: onnx-int8, 2-5 others)",
    )
    parser.add_argument(
        "--torch-threads",
        type=int,
        default=1,
        help="torch intra-op threads for queries with CLUSTER_EMBED_BACKEND=torch (the action "
        "server's 1); the ONNX backend runs each query on one thread",
    )
    parser.add_argument(
        "--real-embed-max",
        type=int,
        default=10_000,
        help="embed corpora up to this size with the real model (cached)",
    )
    parser.add_argument(
        "--keyword-max",
        type=int,
        default=100_000,
        help="build the BM25F index and time end-to-end search up to this size",
    )
    parser.add_argument("--adds", type=int, default=5, help="one-profile adds to time per index")
    parser.add_argument(
        "--no-build",
        dest="build",
        action="store_false",
        help="skip the build-throughput measurement with the real model",
    )
    parser.add_argument(
        "--build-threads", type=int, default=2, help="FAISS threads for HNSW graph builds"
    )
    parser.add_argument(
        "--report",
        type=Path,
        nargs="+",
        metavar="RESULTS_JSON",
        help="only print the tables of saved results files (merged, later files win)",
    )
    parser.add_argument(
        "--ef-sweep-at",
        type=int,
        default=0,
        metavar="N",
        help="only sweep HNSW efSearch widely on N synthetic vectors (needs a previous run's "
        "cached query and shipped vectors)",
    )
    parser.add_argument(
        "--ef-values",
        default="96,128,256,384,512,768,1024,1536",
        help="efSearch values of --ef-sweep-at (comma-separated)",
    )
    parser.add_argument(
        "--nprobe-sweep-at",
        type=int,
        default=0,
        metavar="N",
        help="only sweep IVF nprobe (--nprobe-values) on the N synthetic vectors of "
        "--ef-sweep-at, unfiltered and with a 13%% row filter, the default HNSW as the baseline "
        "row (needs a previous run's cached query and shipped vectors)",
    )
    parser.add_argument(
        "--nprobe-values",
        default="4,8,16,32,64",
        help="IVF nprobe values of --nprobe-sweep-at (comma-separated)",
    )
    parser.add_argument(
        "--hnsw-baseline-max",
        type=int,
        default=1_000_000,
        metavar="N",
        help="where index build picks IVF, still build the HNSW index as a baseline up to N "
        "profiles (the graph build took 687-908 s at 1M); 0 = never. --nprobe-sweep-at builds "
        "it up to N too",
    )
    parser.add_argument(
        "--params-at",
        type=int,
        default=0,
        metavar="N",
        help="only compare HNSW M/efConstruction (--params) at efSearch --params-ef on N "
        "synthetic vectors",
    )
    parser.add_argument(
        "--params",
        default="32:80,32:200,48:120",
        metavar="M:EFC,...",
        help="HNSW M:efConstruction pairs of --params-at",
    )
    parser.add_argument(
        "--params-ef", default="512,1024", help="efSearch values of --params-at (comma-separated)"
    )
    parser.add_argument("--tag", default="", help="suffix of the results files (results-TAG.json)")
    parser.add_argument(
        "--no-sweeps",
        dest="sweeps",
        action="store_false",
        help="skip the crossover and HNSW parameter sweeps",
    )
    parser.add_argument(
        "--no-ef-sweep",
        dest="ef_sweep",
        action="store_false",
        help="skip the efSearch sweep at 100k+ profiles",
    )
    parser.add_argument("--cordis", type=Path, default=CORDIS, help="CORDIS fp7_organisations.csv")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where corpora and results go")
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.report:
        say(report(merge(args.report)))
        return 0
    if args.params_at:
        shipped = load_profiles(DEFAULT_PROFILES)
        qvecs = np.load(args.out / "query-vectors.npy")[: args.queries]
        shipped_vectors = np.load(args.out / "shipped-vectors.npy")
        combos = [tuple(int(x) for x in c.split(":")) for c in args.params.split(",") if c]
        rows = params_sweep(
            shipped_vectors,
            qvecs,
            args.params_at,
            len(shipped),
            combos,
            efs=[int(v) for v in args.params_ef.split(",") if v.strip()],
        )
        path = args.out / f"params-{args.params_at}.json"
        path.write_text(json.dumps(rows, indent=1), "utf-8")
        return 0
    if args.nprobe_sweep_at:
        shipped = load_profiles(DEFAULT_PROFILES)
        qvecs = np.load(args.out / "query-vectors.npy")[: args.queries]
        shipped_vectors = np.load(args.out / "shipped-vectors.npy")
        say(f"load average {os.getloadavg()[0]:.2f}")
        result = nprobe_sweep(
            shipped_vectors,
            qvecs,
            args.nprobe_sweep_at,
            len(shipped),
            [int(v) for v in args.nprobe_values.split(",") if v.strip()],
            hnsw=args.nprobe_sweep_at <= args.hnsw_baseline_max,
        )
        result["load_average"] = os.getloadavg()
        path = args.out / f"nprobe-sweep-{args.nprobe_sweep_at}.json"
        path.write_text(json.dumps(result, indent=1), "utf-8")
        say("\n" + nprobe_table(result))
        say(f"\nload average {os.getloadavg()[0]:.2f}; saved {path}")
        return 0
    if args.ef_sweep_at:
        shipped = load_profiles(DEFAULT_PROFILES)
        qvecs = np.load(args.out / "query-vectors.npy")[: args.queries]
        shipped_vectors = np.load(args.out / "shipped-vectors.npy")
        result = ef_sweep(
            shipped_vectors,
            qvecs,
            args.ef_sweep_at,
            len(shipped),
            [int(v) for v in args.ef_values.split(",") if v.strip()],
        )
        say(
            f"  HNSW build {result['build_s']:.1f}s; mean sim gap 1st-10th {result['gap_1_10']:.3f}"
        )
        path = args.out / f"ef-sweep-{args.ef_sweep_at}.json"
        path.write_text(json.dumps(result, indent=1), "utf-8")
        return 0
    if args.quick:
        args.sizes, args.build_sample, args.sweeps, args.ef_sweep = "381,10000", 300, False, False
        args.queries = min(args.queries, 30)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    say(
        f"python {platform.python_version()}, faiss {faiss.__version__}, "
        f"{faiss.omp_get_max_threads()} threads; RSS at start {rss_mb():.0f} MB"
    )

    shipped = load_profiles(DEFAULT_PROFILES)
    orgs = load_organisations(args.cordis)
    say(f"{len(shipped)} shipped profiles, {len(orgs):,} CORDIS organisations")
    all_queries = load_queries()
    queries = [all_queries[i % len(all_queries)] for i in range(args.queries)]
    import torch

    torch.set_num_threads(args.torch_threads)
    settings = Settings.from_env()
    args.ann_threshold = settings.ann_threshold  # the index type of each size, as `index build`
    embedder = load_embedder(settings)
    _, load_ms = timed_ms(lambda: embedder.embed_batch(["warm up"]))
    say(
        f"model {embedder.name} ({getattr(embedder, 'config', {})}) loaded in "
        f"{load_ms / 1000:.1f}s; load average {os.getloadavg()[0]:.2f}"
    )
    results: dict[str, Any] = {
        "model": embedder.name,
        "embedding": getattr(embedder, "config", None),
        "load_average_start": os.getloadavg(),
        "torch_threads": args.torch_threads,
        "query_texts": [q for q, _ in queries],
        "hnsw": {
            "M": vector_kinds.HNSW_M,
            "efConstruction": vector_kinds.HNSW_EF_CONSTRUCTION,
            "efSearch": vector_kinds.HNSW_EF_SEARCH,
        },
        "sizes": [],
    }
    qvecs = cached_embed(args.out / "query-vectors.npy", embedder, [q for q, _ in queries])
    shipped_vectors = cached_embed(
        args.out / "shipped-vectors.npy", embedder, [p.search_text() for p in shipped]
    )

    sample, _ = make_corpus(max(args.build_sample, 1), shipped, orgs, seed=SEED + 99)
    results["tokens"] = token_lengths(embedder, sample)
    say(f"build throughput on {len(sample)} synthetic profiles: {results['tokens']}")
    if args.build:
        variants = build_variants(args.quick)
        if args.build_variants:
            wanted = {v.strip() for v in args.build_variants.split(",")}
            variants = [v for i, v in enumerate(variants) if str(i) in wanted]
        results["build"] = measure_build(settings, sample, variants)
    else:
        results["build"] = []

    for n in sizes:
        profiles, base = make_corpus(n, shipped, orgs)
        write_corpus(args.out / f"corpus-{n}.tsv", profiles, base, shipped)
        if n == len(shipped):
            vectors, source = shipped_vectors.copy(), "real (model)"
        elif n <= args.real_embed_max:
            cache = args.out / f"vectors-{n}-{SEED}.npy"  # torch, as before the ONNX backend
            if embedding_id(embedder) != embedder.name:
                tag = hashlib.sha256(embedding_id(embedder).encode()).hexdigest()[:8]
                cache = args.out / f"vectors-{n}-{SEED}-{tag}.npy"
            if cache.is_file():
                vectors = np.load(cache)
            else:
                say(f"embedding {n:,} profiles with the real model ...")
                bulk = embedder
                if isinstance(embedder, OnnxEmbedder):  # same settings, every core
                    bulk = OnnxEmbedder(
                        embedder.model,
                        embedder.quantized,
                        embedder.max_seq_length,
                        embedder.cache_dir,
                        threads=os.cpu_count() or 1,
                    )
                else:  # torch: every core for the bulk embedding, then back to the query setting
                    import torch

                    torch.set_num_threads(os.cpu_count() or 1)
                vectors, ms = timed_ms(lambda p=profiles, b=bulk: embed_profiles(p, b, True, 64))
                if not isinstance(embedder, OnnxEmbedder):
                    torch.set_num_threads(args.torch_threads)
                np.save(cache, vectors)
                say(f"  {n / (ms / 1000):.0f} profiles/s")
            source = "real (model)"
        else:
            vectors, source = synthetic_vectors(shipped_vectors, base), "real + noise"
        results["sizes"].append(
            bench_size(n, profiles, vectors, source, embedder, queries, qvecs, args)
        )
        del profiles, vectors
        gc.collect()
        (args.out / f"results{'-' + args.tag if args.tag else ''}.json").write_text(
            json.dumps(results, indent=1), "utf-8"
        )

    if args.sweeps:
        say("\ncrossover sweep:")
        results["crossover"] = crossover(
            shipped_vectors,
            qvecs,
            [5_000, 10_000, 20_000, 50_000],
            len(shipped),
        )
        results["params_n"] = 50_000
        say("\nHNSW parameter sweep:")
        results["params"] = params_sweep(
            shipped_vectors, qvecs, 50_000, len(shipped), [(16, 80), (32, 40), (32, 80)]
        )
    results["seconds"] = time.perf_counter() - started
    (args.out / f"results{'-' + args.tag if args.tag else ''}.json").write_text(
        json.dumps(results, indent=1), "utf-8"
    )
    text = report(results)
    (args.out / f"results{'-' + args.tag if args.tag else ''}.md").write_text(text + "\n", "utf-8")
    say("\n" + text)
    say(f"\ntotal {results['seconds'] / 60:.1f} min, peak RSS {peak_rss_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
