"""Command line of the partner benchmark (``python -m bench.partners``)."""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from bench.partners.build import build_variants, measure_build
from bench.partners.common import (
    CORDIS,
    DEFAULT_SIZES,
    OUT_DIR,
    SEED,
    peak_rss_mb,
    rss_mb,
    say,
    timed_ms,
)
from bench.partners.corpus import (
    cached_embed,
    embedding_id,
    load_organisations,
    load_queries,
    make_corpus,
    synthetic_vectors,
    token_lengths,
    write_corpus,
)
from bench.partners.dense import bench_size
from bench.partners.report import merge, report
from bench.partners.sweeps import crossover, ef_sweep, nprobe_sweep, nprobe_table, params_sweep
from knowledge.config import DEFAULT_PROFILES, Settings
from knowledge.embedding import (
    OnnxEmbedder,
    load_embedder,
)
from knowledge.partners.embed import embed_profiles
from knowledge.records import load_profiles
from knowledge.vectors import kinds as vector_kinds


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
