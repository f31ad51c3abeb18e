"""Where the embedding speed-up comes from: ONNX export variants of the model, one CPU thread.

Usage::

    python -m bench.embed_variants                 # 192 shipped profiles, every variant
    python -m bench.embed_variants --profiles 381 --repeat 3

Builds, in a temporary directory and from the packaged model's local files, the ONNX variants that
:mod:`knowledge.embedding.export` chose between (float32; int8 with per-tensor or per-channel weights;
with or without ONNX Runtime's Skip-LayerNorm fusion) and embeds the same shipped profile texts
with each, one forward pass per text or in padded batches, next to sentence-transformers on torch.
It reports profiles per CPU-second on one thread (the best guide on a shared machine: the build
uses one such pass per core) and the cosine of each variant's vectors to torch's. Takes a few
minutes; prints a Markdown table and saves ``var/bench/embed-variants.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.config import DEFAULT_PROFILES, REPO_ROOT, default_embed_model
from knowledge.embedding.bert import build_torch_encoder
from knowledge.embedding.export import read_model_spec
from knowledge.embedding.graph import optimize, quantize, torch_to_onnx
from knowledge.embedding.session import load_tokenizer, make_session
from knowledge.records import load_profiles

OUT = REPO_ROOT / "var" / "bench" / "embed-variants.json"


def _onnx_embed(session: Any, tokenizer: Any, texts: list[str], batch: int) -> np.ndarray:
    """Embed with an exported model: one pass per text, or length-sorted padded batches."""
    encodings = [e.ids for e in tokenizer.encode_batch(texts)]
    out = np.zeros((len(texts), 384), dtype=np.float32)
    order = np.argsort([-len(ids) for ids in encodings], kind="stable")
    for start in range(0, len(texts), batch):
        rows = order[start : start + batch]
        width = max(len(encodings[r]) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, r in enumerate(rows):
            ids[i, : len(encodings[r])] = encodings[r]
            mask[i, : len(encodings[r])] = 1
        out[rows] = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    return out


def _rate(fn: Any, n: int, repeat: int) -> tuple[float, np.ndarray]:
    """Best profiles per CPU-second over ``repeat`` runs, and the vectors."""
    fn()  # warm up
    best, vectors = 0.0, None
    for _ in range(repeat):
        cpu0 = time.process_time()
        vectors = fn()
        best = max(best, n / (time.process_time() - cpu0))
    assert vectors is not None
    return best, vectors


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.embed_variants", description=__doc__)
    parser.add_argument("--profiles", type=int, default=192, help="shipped profiles to embed")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per variant (best)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model_dir = Path(default_embed_model())
    spec = read_model_spec(model_dir)
    texts = [p.search_text() for p in load_profiles(DEFAULT_PROFILES)][: args.profiles]
    print(f"{len(texts)} profiles, 1 thread, load average {os.getloadavg()[0]:.2f}", flush=True)
    st = SentenceTransformer(str(model_dir), device="cpu")
    rows: list[dict[str, Any]] = []
    rate, reference = _rate(
        lambda: st.encode(texts, batch_size=64, normalize_embeddings=True), len(texts), args.repeat
    )
    rows.append({"variant": "torch (sentence-transformers), batch 64", "per_cpu_s": rate})

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        module = build_torch_encoder(model_dir, spec)
        torch_to_onnx(module, tmp / "raw.onnx")
        optimize(tmp / "raw.onnx", tmp / "fp32.onnx", spec["config"])
        optimize(tmp / "raw.onnx", tmp / "fp32-skipln.onnx", spec["config"], skip_layer_norm=True)
        quantize(tmp / "fp32.onnx", tmp / "int8-tensor.onnx", per_channel=False)
        quantize(tmp / "fp32-skipln.onnx", tmp / "int8-skipln.onnx")
        quantize(tmp / "fp32.onnx", tmp / "int8.onnx")
        variants = [
            ("ONNX float32", "fp32.onnx", 256, (8, 1), None),
            ("ONNX int8, per-tensor weights", "int8-tensor.onnx", 256, (8, 1), None),
            ("ONNX int8, per-channel, Skip-LayerNorm fused", "int8-skipln.onnx", 256, (8, 1), []),
            ("ONNX int8, per-channel (chosen)", "int8.onnx", 256, (8, 1), None),
            ("ONNX int8, per-channel, max 128 tokens", "int8.onnx", 128, (1,), None),
        ]
        for label, file, tokens, batches, disabled in variants:
            session = make_session(tmp / file, threads=1, disabled=disabled)
            tokenizer = load_tokenizer(model_dir, tokens)
            for batch in batches:
                rate, vectors = _rate(
                    lambda s=session, t=tokenizer, b=batch: _onnx_embed(s, t, texts, b),
                    len(texts),
                    args.repeat,
                )
                cos = np.sum(vectors * reference, axis=1)
                per = "one text per pass" if batch == 1 else f"padded batches of {batch}"
                rows.append(
                    {
                        "variant": f"{label}, {per}",
                        "per_cpu_s": rate,
                        "cos_min": float(cos.min()),
                        "cos_mean": float(cos.mean()),
                    }
                )
                print(f"  {rows[-1]}", flush=True)
    base = rows[0]["per_cpu_s"]
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}\n")
    print("| variant | profiles / CPU-s | vs torch | cosine to torch min / mean |")
    print("|---|---|---|---|")
    for r in rows:
        cos = f"{r['cos_min']:.4f} / {r['cos_mean']:.4f}" if "cos_min" in r else "1 (reference)"
        print(f"| {r['variant']} | {r['per_cpu_s']:.0f} | {r['per_cpu_s'] / base:.1f}x | {cos} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
