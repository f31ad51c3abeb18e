"""Scoring cross-lingual queries through the product's searches: what the cross-lingual benches share.

Owns running :class:`~bench.crosslingual.CrossQuery` sets through the product's partner search
(:class:`~knowledge.partners.searcher.PartnerSearcher`, hybrid) and calls search
(:meth:`~knowledge.calls.store.CallStore.search` with a rank hook, every status kept, so the
judgements of closed calls count), scoring nDCG@k per language; the markdown tables the benches
print; and the tuning grid (partner fusion weights, calls keyword weight / similarity threshold)
from which the settings of :mod:`knowledge.multilingual` were chosen. Used by
:mod:`bench.crosslingual_hybrid`, :mod:`bench.crosslingual_product` and
:mod:`bench.crosslingual_eu`, which decide which searcher and hook each language gets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bench.eval_partners import ndcg_at
from knowledge.calls.ingest import load_snapshot
from knowledge.calls.records import Call
from knowledge.calls.store import CallStore, RankHook
from knowledge.partners.query import PartnerFilters
from knowledge.partners.searcher import PartnerSearcher

#: The cut-off of nDCG.
K = 10
#: Call statuses searched: all of them.
STATUSES = ("open", "forthcoming", "closed")
#: The day the benches' calls stores are built for (fixed, so that runs compare).
AS_OF = date(2026, 8, 31)


def build_store(path: Path, calls: Sequence[Call] | None = None) -> CallStore:
    """A fresh calls store at ``path`` (replacing any) of ``calls`` (default: the snapshot).

    Args:
        path: The store file.
        calls: The calls (default :func:`~knowledge.calls.ingest.load_snapshot`).

    Returns:
        The store, as of :data:`AS_OF`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    calls = load_snapshot() if calls is None else calls
    return CallStore.build(path, calls, as_of=AS_OF, source="bench")


def _mean(per: dict[str, list[float]]) -> dict[str, float]:
    return {lang: sum(v) / len(v) if v else 0.0 for lang, v in per.items()}


def partner_scores(
    queries: Sequence[Any],
    searcher_for: Callable[[str], PartnerSearcher],
    langs: Sequence[str],
    k: int = K,
) -> dict[str, float]:
    """Mean nDCG@k per language of hybrid partner search.

    Args:
        queries: Cross-lingual queries (only ``corpus == "partners"`` ones are run).
        searcher_for: The searcher a message in a language gets.
        langs: The languages to run.
        k: Cut-off.

    Returns:
        ``{language: mean nDCG@k}`` (0.0 without partner queries).
    """
    per: dict[str, list[float]] = {lang: [] for lang in langs}
    for query in (q for q in queries if q.corpus == "partners"):
        for lang in langs:
            result = searcher_for(lang).search(query.texts[lang], PartnerFilters(), k=k)
            per[lang].append(ndcg_at([m.profile.id for m in result.matches], query.relevant, k))
    return _mean(per)


def call_scores(
    queries: Sequence[Any],
    store: CallStore,
    hook_for: Callable[[str], RankHook | None],
    langs: Sequence[str],
    k: int = K,
) -> dict[str, float]:
    """Mean nDCG@k per language of calls search (every status kept).

    Args:
        queries: Cross-lingual queries (only ``corpus == "calls"`` ones are run).
        store: The bench's calls store.
        hook_for: The rank hook a message in a language gets.
        langs: The languages to run.
        k: Cut-off.

    Returns:
        ``{language: mean nDCG@k}`` (0.0 without calls queries).
    """
    per: dict[str, list[float]] = {lang: [] for lang in langs}
    for query in (q for q in queries if q.corpus == "calls"):
        for lang in langs:
            result = store.search(
                query.texts[lang], today=store.as_of, status=STATUSES, k=k, rank_hook=hook_for(lang)
            )
            per[lang].append(ndcg_at([h.call.id for h in result.items], query.relevant, k))
    return _mean(per)


def header(first: str, langs: Sequence[str]) -> str:
    """The markdown header of :func:`row`."""
    return f"| {first} | {' | '.join(langs)} | xx mean |\n|---|{'---|' * len(langs)}---|"


def row(label: str, per: dict[str, float], langs: Sequence[str], others: Sequence[str]) -> str:
    """One markdown row: the languages, then the mean of ``others``."""
    mean = sum(per[lang] for lang in others) / len(others)
    return f"| {label} | {' | '.join(f'{per[lang]:.3f}' for lang in langs)} | {mean:.3f} |"


def print_grid(
    name: str,
    queries: Sequence[Any],
    store: CallStore,
    langs: Sequence[str],
    searcher_with: Callable[[float], PartnerSearcher],
    hook_with: Callable[[float, float], RankHook],
    dense_weights: Sequence[float],
    keyword_weights: Sequence[float],
    thresholds: Sequence[float],
    others: Sequence[str] | None = None,
    partners_title: str = "",
) -> None:
    """Print the tuning grid of an encoder's settings for other languages.

    Args:
        name: The encoder (in the table titles).
        queries: The queries the settings are chosen on.
        store: The bench's calls store.
        langs: The languages (the columns).
        searcher_with: A partner searcher with this dense weight (keyword weight the rest).
        hook_with: A calls rank hook with this keyword weight and minimum cosine.
        dense_weights: Partner dense weights to try.
        keyword_weights: Calls keyword weights to try.
        thresholds: Calls minimum cosines to try (for each keyword weight).
        others: The languages of the mean column (default: all of ``langs``).
        partners_title: Appended to the partner table's title.
    """
    others = langs if others is None else others
    print("\n" + header(f"partners {name}: dense / keyword weight{partners_title}", langs))
    for dense in dense_weights:
        searcher = searcher_with(dense)
        per = partner_scores(queries, lambda _, s=searcher: s, langs)
        print(row(f"{dense:.1f} / {1 - dense:.1f}", per, langs, others), flush=True)
    print("\n" + header(f"calls {name}: keyword weight, min cosine", langs))
    for weight in keyword_weights:
        for threshold in thresholds:
            hook = hook_with(weight, threshold)
            per = call_scores(queries, store, lambda _, h=hook: h, langs)
            print(row(f"{weight:.1f}, {threshold:.2f}", per, langs, others), flush=True)
