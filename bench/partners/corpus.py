"""Scaled-up corpora, synthetic vectors and the labelled queries of the partner benchmark."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import numpy as np
import yaml

from bench.partners.common import CORDIS_COUNTRY, EVAL_SET, SEED
from knowledge.embedding import (
    Embedder,
)
from knowledge.partners.query import PartnerFilters
from knowledge.records import ClusterProfile


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


def token_lengths(embedder: Embedder, profiles: list[ClusterProfile]) -> dict[str, float]:
    """Word-piece lengths of the embedded texts, uncut (share over 128 and 256 tokens)."""
    from knowledge.embedding.export import resolve_model_dir
    from knowledge.embedding.session import load_tokenizer

    model_dir = resolve_model_dir(getattr(embedder, "model", ""))
    tokenizer = load_tokenizer(model_dir, 100_000)
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
