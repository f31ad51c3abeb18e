"""Calls requests in chat style: the product's calls path, per set, with the first call's topic.

Usage::

    python -m bench.calls_chat                 # dev set + calls_requests.yml, product path
    python -m bench.calls_chat --misses        # also the dev texts whose first call is off topic
    python -m bench.calls_chat --sets dev      # only the dev set
    python -m bench.calls_chat --term-vectors  # the title signal both ways, interleaved

Sets: ``tests/eval/calls_chat_dev.yml`` (session 13's DEV set: lowercase keyword requests,
abbreviations and misspellings in fourteen languages, written from the call titles; the fixes of
session 13 were measured on it, so it is not a held-out number) and ``tests/eval/calls_requests.yml``
(session 12: requests with their frame, ten languages; must not drop).

Each text goes the product's way: :func:`actions.funding.calls.call_request` (no entities; the
labelled language, ``whole_text`` for another language), then the calls store with the product's
hook of that language (:class:`bench.calls_topic.CallsSearches` with e5 for the sixteen e5
languages and the title signal for the others), every status kept, as of the snapshot's date.

Measures: nDCG@10, hit@5 (a call of the topic among the first five), ``first`` (the first call
shown names the topic in its title or keywords: the verdict "the shown calls mention none of the
topic's words" is its failure), and the milliseconds of one calls search (request building +
search, p50/p95).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence

from bench.calls_topic import CallsSearches, K
from bench.eval_partners import ndcg_at
from bench.topic_terms import Searches, _pct, load_topics, topic_items
from knowledge.calls import topic_signal
from knowledge.calls.topic_signal import TITLE_WEIGHT
from knowledge.config import REPO_ROOT
from knowledge.multilingual import is_multilingual

SETS = {
    "dev": REPO_ROOT / "tests" / "eval" / "calls_chat_dev.yml",
    "requests": REPO_ROOT / "tests" / "eval" / "calls_requests.yml",
}


def product_query(store: object, text: str, lang: str) -> str:
    """The text the product searches for ``text`` in ``lang`` (no NLU entities).

    A request that names no topic is searched as written (the product asks for a topic).
    """
    from actions.funding.calls import call_request, search_text

    request = call_request(text, [], whole_text=is_multilingual(lang), language=lang)
    return search_text(store, request.query, lang) or text


def run(
    calls: CallsSearches, items: Sequence, ways: Sequence[bool], misses: bool = False
) -> dict[bool, tuple[dict, list[float]]]:
    """Per way (the title signal's term vectors off / on): ``{language: [(ndcg, hit5, first)]}``
    and the per-text milliseconds; the ways run text by text, alternating which goes first."""
    out: dict[bool, tuple[dict, list[float]]] = {way: ({}, []) for way in ways}
    for n, (lang, _corpus, text, relevant) in enumerate(items):
        for way in ways if n % 2 == 0 else ways[::-1]:
            topic_signal.TERM_VECTORS = way
            per, timings = out[way]
            started = time.perf_counter()
            query = product_query(calls.base.store, text, lang)
            ids = calls.ranked("titles", lang, query, TITLE_WEIGHT)
            timings.append((time.perf_counter() - started) * 1000)
            first = 1.0 if ids and ids[0] in relevant else 0.0
            hit = 1.0 if any(i in relevant for i in ids[:5]) else 0.0
            per.setdefault(lang, []).append((ndcg_at(ids, relevant, K), hit, first))
            if misses and not first and way == ways[0]:
                shown = calls.base.store.get(ids[0]).title[:60] if ids else "-"
                print(f"  miss [{lang}] {text!r} -> query {query!r} -> {shown!r}")
    topic_signal.TERM_VECTORS = False
    return out


def report(name: str, per: dict, timings: list[float]) -> str:
    """Markdown rows: per language and all texts."""
    lines = [f"| {name} | texts | nDCG@10 | hit@5 | first call on topic |", "|---|---|---|---|---|"]
    everything = [v for values in per.values() for v in values]
    rows = [*sorted(per.items(), key=lambda kv: (-len(kv[1]), kv[0])), ("all", everything)]
    for lang, values in rows:
        n = len(values)
        means = [sum(v[i] for v in values) / n for i in range(3)]
        lines.append(f"| {lang} | {n} | {means[0]:.3f} | {means[1]:.2f} | {means[2]:.2f} |")
    lines.append(
        f"calls search per message: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {_pct(timings, 0.95):.1f} ms"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS), default=sorted(SETS))
    parser.add_argument("--misses", action="store_true", help="print the off-topic first calls")
    parser.add_argument(
        "--term-vectors",
        action="store_true",
        help="also the title signal with precomputed term vectors (interleaved)",
    )
    args = parser.parse_args(argv)
    calls = CallsSearches(Searches(), e5=True)
    calls.product = True
    ways = [False, True] if args.term_vectors else [topic_signal.TERM_VECTORS]
    for name in args.sets:
        items = [i for i in topic_items(load_topics(SETS[name])) if i[1] == "calls"]
        for way, (per, timings) in run(calls, items, ways, misses=args.misses).items():
            label = "term vectors" if way else "expanded text embedded"
            print(report(f"{SETS[name].name}, title signal: {label}", per, timings))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
