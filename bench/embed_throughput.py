"""Partner-index build throughput per embedding backend: the full model vs the distilled student.

Usage::

    python -m bench.embed_throughput                       # 381 shipped + 1,000 synthetic profiles
    python -m bench.embed_throughput --sizes 381 --repeat 1

For each backend (``onnx-int8``: the full all-MiniLM-L6-v2, int8; ``onnx-int8-distil``: the
student of :mod:`bench.distil_student`) and worker count (1, and one per core), times
``PartnerIndex.build`` (embedding + exact FAISS index) on the shipped profiles and on the
synthetic corpus of :mod:`bench.partners` (real CORDIS organisation names with shipped sectors,
technologies and descriptions; same seed as its build sample). Reports profiles per second of
wall time and per CPU-second (the load-robust figure: on a shared machine wall time also counts
waiting for a core), best of ``--repeat`` runs, with the load average, and the cosine of each
backend's vectors to the full float32 model's. Model loading is not timed (warmed up first).
Saves ``var/bench/embed-throughput.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.config import DEFAULT_PROFILES, REPO_ROOT, Settings
from knowledge.embedding import OnnxEmbedder
from knowledge.partners.index import PartnerIndex
from knowledge.records import ClusterProfile, load_profiles

OUT = REPO_ROOT / "var" / "bench" / "embed-throughput.json"


def corpus(n: int, shipped: list[ClusterProfile], cordis: Path) -> list[ClusterProfile]:
    """The shipped profiles for their own count, else the synthetic corpus of bench.partners."""
    if n == len(shipped):
        return shipped
    from bench.partners import SEED, load_organisations, make_corpus

    profiles, _ = make_corpus(n, shipped, load_organisations(cordis), seed=SEED + 99)
    return profiles


def embedder(settings: Settings, backend: str, workers: int) -> OnnxEmbedder:
    """A loaded ONNX embedder: the full model (``onnx``, ``onnx-int8``) or the student."""
    from knowledge.embedding.student import STUDENT_DIR

    e = OnnxEmbedder(
        settings.embed_model,
        quantized=backend != "onnx",
        cache_dir=settings.model_cache_dir,
        threads=workers,
        student=STUDENT_DIR if backend == "onnx-int8-distil" else None,
    )
    e.load()
    return e


def measure(e: OnnxEmbedder, profiles: list[ClusterProfile], repeat: int) -> dict[str, Any]:
    """Best wall and CPU rates of ``PartnerIndex.build`` over ``repeat`` runs."""
    e.embed_batch([p.search_text() for p in profiles[:8]])  # warm up
    best: dict[str, Any] = {"per_s": 0.0, "per_cpu_s": 0.0}
    loads = [os.getloadavg()[0]]
    for _ in range(repeat):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        PartnerIndex.build(profiles, e, progress=False)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        best["per_s"] = max(best["per_s"], len(profiles) / wall)
        best["per_cpu_s"] = max(best["per_cpu_s"], len(profiles) / cpu)
        loads.append(os.getloadavg()[0])
    best["load"] = [round(min(loads), 2), round(max(loads), 2)]
    return best


def main(argv: Sequence[str] | None = None) -> int:
    from bench.partners import CORDIS

    parser = argparse.ArgumentParser(prog="python -m bench.embed_throughput", description=__doc__)
    parser.add_argument("--sizes", default="381,1000", help="corpus sizes (381 = shipped)")
    parser.add_argument("--repeat", type=int, default=2, help="timed builds per row (best)")
    parser.add_argument(
        "--backends", default="onnx-int8,onnx-int8-distil", help="onnx, onnx-int8, onnx-int8-distil"
    )
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}", help="worker counts")
    parser.add_argument("--cordis", type=Path, default=CORDIS, help="CORDIS fp7_organisations.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    shipped = load_profiles(DEFAULT_PROFILES)
    reference = embedder(settings, "onnx", 1)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        profiles = corpus(n, shipped, args.cordis)
        ref = reference.embed_batch([p.search_text() for p in profiles[:381]])
        for backend in args.backends.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                e = embedder(settings, backend, workers)
                row = {"profiles": n, "backend": backend, "workers": workers}
                row.update(measure(e, profiles, args.repeat))
                cos = np.sum(e.embed_batch([p.search_text() for p in profiles[:381]]) * ref, 1)
                row["cos_to_float"] = [round(float(cos.min()), 4), round(float(cos.mean()), 4)]
                rows.append(row)
                print(json.dumps(row), flush=True)
    print(
        "\n| profiles | backend | workers | profiles/s (wall) | profiles / CPU-s "
        "| cosine to float32 full model min / mean | load avg |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['profiles']} | {r['backend']} | {r['workers']} | {r['per_s']:.0f} | "
            f"{r['per_cpu_s']:.0f} | {r['cos_to_float'][0]:.3f} / {r['cos_to_float'][1]:.3f} | "
            f"{r['load'][0]:.1f}-{r['load'][1]:.1f} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
