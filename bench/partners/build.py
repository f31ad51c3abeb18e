"""Build throughput of the partner index with each embedding backend variant."""

from __future__ import annotations

import gc
import os
import time
from typing import Any

from bench.partners.common import say, timed_ms
from knowledge.config import Settings
from knowledge.embedding import (
    OnnxEmbedder,
    SentenceTransformerEmbedder,
)
from knowledge.partners.index import PartnerIndex
from knowledge.records import ClusterProfile


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
