"""Retrieval quality of partner search on the labelled set ``tests/eval/partner_queries.yml``.

Usage::

    python -m bench.eval_partners            # P@5, recall@10, nDCG@10 per mode and split
    python -m bench.eval_partners --tune     # also the fusion grid on the tuning half
    python -m bench.eval_partners --per-query --split test
    CLUSTER_EMBED_BACKEND=onnx-int8 python -m bench.eval_partners --index-dir var/bench/eval-int8

Runs the real packaged embedding model on the shipped corpus (the index is cached under
``var/bench/eval-index``, or ``--index-dir``: one per backend avoids rebuilding it when comparing
backends, or when two people compare them at once). The set is split by topic into a ``tune`` half, used to choose the
fusion and its weights, and a held-out ``test`` half that is only reported.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.config import REPO_ROOT, Settings
from knowledge.embedding import Embedder, load_embedder
from knowledge.partners.ensure import ensure_index
from knowledge.partners.query import PartnerFilters
from knowledge.partners.ranking import Fusion
from knowledge.partners.searcher import MODES, PartnerSearcher

EVAL_SET = REPO_ROOT / "tests" / "eval" / "partner_queries.yml"
CACHE_DIR = REPO_ROOT / "var" / "bench" / "eval-index"
SPLITS = ("tune", "test")


@dataclass(frozen=True)
class LabelledQuery:
    """One labelled query.

    Attributes:
        id: Stable identifier.
        query: The user text.
        filters: Exact filters (free text, as a user would give them).
        relevant: ``{profile id: grade}`` with grade 1 (relevant) or 2 (highly relevant).
        split: ``"tune"`` or ``"test"``.
        topic: Topic group (whole groups go to one split).
    """

    id: str
    query: str
    filters: dict[str, str]
    relevant: dict[str, int]
    split: str
    topic: str


@dataclass
class Scores:
    """Mean metrics over a set of queries.

    Attributes:
        p5: Mean precision at 5.
        r10: Mean recall at 10.
        ndcg10: Mean nDCG at 10 (graded gains ``2**grade - 1``).
        per_query: ``{query id: (p5, r10, ndcg10)}``.
    """

    p5: float = 0.0
    r10: float = 0.0
    ndcg10: float = 0.0
    per_query: dict[str, tuple[float, float, float]] = field(default_factory=dict)


def load_queries(
    path: Path = EVAL_SET, known_ids: Iterable[str] | None = None
) -> list[LabelledQuery]:
    """Load and check the labelled set.

    Args:
        path: The YAML file.
        known_ids: Profile ids of the corpus; every judged id must be one of them.

    Returns:
        The queries, in file order.

    Raises:
        ValueError: A malformed entry, an unknown profile id, a bad split or a duplicate id.
    """
    data = yaml.safe_load(path.read_text("utf-8"))
    known = set(known_ids) if known_ids is not None else None
    out: list[LabelledQuery] = []
    seen: set[str] = set()
    entries = data["queries"]
    by_id = {str(e["id"]): e for e in entries}
    for entry in entries:
        if "relevant_as" in entry:  # a rephrasing that shares another query's judgements
            if entry["relevant_as"] not in by_id or "relevant" not in by_id[entry["relevant_as"]]:
                raise ValueError(f"{path}: {entry['id']!r}: bad relevant_as")
            entry = {**entry, "relevant": by_id[entry["relevant_as"]]["relevant"]}
        q = LabelledQuery(
            id=str(entry["id"]),
            query=str(entry["query"]),
            filters={k: str(v) for k, v in (entry.get("filters") or {}).items()},
            relevant={str(k): int(v) for k, v in entry["relevant"].items()},
            split=str(entry["split"]),
            topic=str(entry["topic"]),
        )
        if q.id in seen:
            raise ValueError(f"{path}: query id {q.id!r} appears twice")
        seen.add(q.id)
        if q.split not in SPLITS:
            raise ValueError(f"{path}: query {q.id!r} has split {q.split!r}, not tune/test")
        if not q.relevant or any(g not in (1, 2) for g in q.relevant.values()):
            raise ValueError(f"{path}: query {q.id!r} needs grades 1 or 2")
        if known is not None:
            unknown = sorted(set(q.relevant) - known)
            if unknown:
                raise ValueError(f"{path}: query {q.id!r} judges unknown profiles {unknown}")
        out.append(q)
    topics: dict[str, str] = {}
    for q in out:
        if topics.setdefault(q.topic, q.split) != q.split:
            raise ValueError(f"{path}: topic {q.topic!r} is in both splits")
    return out


def precision_at(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float:
    """Share of the top ``k`` that is relevant (grade >= 1)."""
    return sum(1 for pid in ranked[:k] if pid in relevant) / k


def recall_at(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float:
    """Share of the relevant profiles found in the top ``k``."""
    return sum(1 for pid in ranked[:k] if pid in relevant) / len(relevant)


def ndcg_at(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float:
    """Normalised discounted cumulative gain at ``k`` with gains ``2**grade - 1``."""

    def dcg(grades: Iterable[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))

    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    return dcg(relevant.get(pid, 0) for pid in ranked[:k]) / ideal if ideal else 0.0


def evaluate(
    searcher: PartnerSearcher, queries: Sequence[LabelledQuery], mode: str = "hybrid"
) -> Scores:
    """Run every query and average P@5, recall@10 and nDCG@10.

    Args:
        searcher: The searcher to evaluate (its ``fusion`` is used in hybrid mode).
        queries: Labelled queries.
        mode: ``"hybrid"``, ``"dense"`` or ``"keyword"``.

    Returns:
        The mean scores and the per-query ones.
    """
    scores = Scores()
    for q in queries:
        result = searcher.search(q.query, PartnerFilters(**q.filters), k=10, mode=mode)
        ranked = [m.profile.id for m in result.matches]
        scores.per_query[q.id] = (
            precision_at(ranked, q.relevant, 5),
            recall_at(ranked, q.relevant, 10),
            ndcg_at(ranked, q.relevant, 10),
        )
    n = max(len(queries), 1)
    scores.p5 = sum(v[0] for v in scores.per_query.values()) / n
    scores.r10 = sum(v[1] for v in scores.per_query.values()) / n
    scores.ndcg10 = sum(v[2] for v in scores.per_query.values()) / n
    return scores


def real_searcher(settings: Settings | None = None) -> tuple[PartnerSearcher, Embedder]:
    """Return a searcher over the shipped corpus with the configured (real) model.

    Args:
        settings: Defaults to the environment with the index cached in ``var/bench``.

    Returns:
        The searcher and its embedder.
    """
    settings = settings or Settings.from_env(index_dir=CACHE_DIR)
    embedder = load_embedder(settings)
    index = ensure_index(settings, embedder, progress=False)
    return PartnerSearcher(index, embedder), embedder


FUSION_GRID: list[tuple[str, Fusion]] = [
    *(
        (f"weighted {w:.1f}/{1 - w:.1f} idf-norm", Fusion("weighted", w, round(1 - w, 2), "idf"))
        for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    ),
    *(
        (f"weighted {w:.1f}/{1 - w:.1f} max-norm", Fusion("weighted", w, round(1 - w, 2), "max"))
        for w in (0.4, 0.5, 0.6, 0.7)
    ),
    *((f"rrf k={k}", Fusion("rrf", rrf_k=k)) for k in (10, 30, 60)),
]


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*r) for r in rows]
    return "\n".join(lines)


def _row(label: str, tune: Scores, test: Scores) -> list[str]:
    return [
        label,
        *(f"{v:.3f}" for v in (tune.p5, tune.r10, tune.ndcg10)),
        *(f"{v:.3f}" for v in (test.p5, test.r10, test.ndcg10)),
    ]


HEADER = ["", "tune P@5", "R@10", "nDCG@10", "test P@5", "R@10", "nDCG@10"]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the evaluation tables.

    Args:
        argv: Command-line arguments (default ``sys.argv[1:]``).

    Returns:
        Exit code 0.
    """
    parser = argparse.ArgumentParser(prog="python -m bench.eval_partners", description=__doc__)
    parser.add_argument("--tune", action="store_true", help="also print the fusion grid")
    parser.add_argument("--per-query", action="store_true", help="print nDCG@10 per query and mode")
    parser.add_argument(
        "--split", choices=[*SPLITS, "all"], default="all", help="queries for --per-query"
    )
    parser.add_argument(
        "--index-dir", type=Path, default=CACHE_DIR, help=f"index cache (default {CACHE_DIR})"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    searcher, embedder = real_searcher(Settings.from_env(index_dir=args.index_dir))
    queries = load_queries(known_ids=(p.id for p in searcher.index.profiles))
    halves = {s: [q for q in queries if q.split == s] for s in SPLITS}
    print(
        f"Partner search quality: {len(queries)} labelled queries "
        f"({len(halves['tune'])} tune / {len(halves['test'])} test, split by topic), "
        f"{len(searcher.index)} profiles, model {embedder.name}, "
        f"embedding {getattr(embedder, 'config', None)}"
    )
    results: dict[str, dict[str, Scores]] = {}
    for mode in ("keyword", "dense", "hybrid"):
        results[mode] = {s: evaluate(searcher, halves[s], mode) for s in SPLITS}
    print()
    print(_table([_row(m, r["tune"], r["test"]) for m, r in results.items()], HEADER))
    for split in SPLITS:
        best_single = max(results["keyword"][split].ndcg10, results["dense"][split].ndcg10)
        gain = results["hybrid"][split].ndcg10 - best_single
        print(
            f"{split}: hybrid nDCG@10 {results['hybrid'][split].ndcg10:.3f} vs best single "
            f"{best_single:.3f} ({gain:+.3f}, {100 * gain / best_single:+.1f}%)"
        )
    print(f"hybrid fusion: {searcher.fusion}")

    if args.tune:
        default = searcher.fusion
        rows = []
        for label, fusion in FUSION_GRID:
            searcher.fusion = fusion
            rows.append(
                _row(
                    label,
                    evaluate(searcher, halves["tune"], "hybrid"),
                    evaluate(searcher, halves["test"], "hybrid"),
                )
            )
        searcher.fusion = default
        print("\nFusion grid (choose on the tune columns only):")
        print(_table(rows, HEADER))

    if args.per_query:
        chosen = queries if args.split == "all" else halves[args.split]
        per = {m: evaluate(searcher, chosen, m).per_query for m in ("keyword", "dense", "hybrid")}
        rows = [
            [q.id, q.split, *(f"{per[m][q.id][2]:.2f}" for m in ("keyword", "dense", "hybrid"))]
            for q in chosen
        ]
        print("\nnDCG@10 per query:")
        print(_table(rows, ["query", "split", "keyword", "dense", "hybrid"]))
    print(f"\n({time.perf_counter() - started:.1f}s)")
    return 0


def summary(searcher: PartnerSearcher, queries: Sequence[LabelledQuery]) -> dict[str, Any]:
    """Return ``{mode: Scores}`` for the given queries (used by the slow test).

    Args:
        searcher: The searcher.
        queries: Labelled queries.

    Returns:
        Scores per mode in :data:`~knowledge.partners.searcher.MODES`.
    """
    return {mode: evaluate(searcher, queries, mode) for mode in MODES}


if __name__ == "__main__":
    sys.exit(main())
