"""BM25F scoring of the keyword index: query-word expansion, idf, per-row scores.

Why BM25F and not plain BM25 over one text: a query word found in a profile's technologies or
name says much more than the same word in its description, and descriptions are long while
technology lists are short. BM25F (Robertson, Zaragoza & Taylor, 2004) keeps per-field term
frequencies, normalises each field by its own average length, weights the fields, and only then
applies the usual BM25 saturation::

    tf~(t, d) = sum_f  w_f * tf_f(t, d) / (1 - b_f + b_f * len_f(d) / avglen_f)
    bm25(q, d) = sum_{t in q}  idf(t) * tf~(t, d) / (k1 + tf~(t, d))
    idf(t)     = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

(The ``k1 + 1`` numerator factor of classic BM25 is left out: it does not change the ranking and
keeps each term's contribution below ``idf(t)``, so :meth:`Bm25fScoring.scores` can also return
the score as a share of the query's total idf, in ``[0, 1)``.)

Adjacent query words are joined into one word when the joined word is indexed (a phrase bonus). A
query word that is not in the vocabulary is expanded: words of at least five letters match
vocabulary words they prefix ("robot" -> "robotics", at 0.8 weight), and otherwise the closest
vocabulary spellings ("hydorgen" -> "hydrogen", at 0.7 weight) so typos still find exact matches.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import math
from typing import Any

import numpy as np

from knowledge.partners.keyword.analysis import FIELDS, FieldWeights, stem

MIN_PREFIX = 5
PREFIX_WEIGHT = 0.8
FUZZY_WEIGHT = 0.7
FUZZY_CUTOFF = 0.8
FUZZY_MATCHES = 2


class Bm25fScoring:
    """The query side of :class:`~knowledge.partners.keyword.KeywordIndex` (a mixin).

    Reads the index's vocabulary, postings and field lengths (kept by the index class); keeps
    two caches the index clears on every change (``_compiled``, ``_expanded``).
    """

    weights: FieldWeights
    _w: np.ndarray
    _term_id: dict[str, int]
    _terms: list[str]
    _df: np.ndarray
    _vocab: list[str]
    _ptr: np.ndarray
    _rows: np.ndarray
    _tf: np.ndarray
    _base_live: np.ndarray
    _delta: dict[int, dict[int, tuple[int, ...]]]
    _count: int
    _lengths: np.ndarray
    _length_sum: np.ndarray
    _compiled: dict[str, tuple[np.ndarray, np.ndarray]]
    _expanded: dict[str, list[tuple[str, float]]]

    def _row_term_ids(self, row: int) -> Any:  # pragma: no cover - the index defines it
        raise NotImplementedError

    def _live_df(self, term: str) -> int:
        tid = self._term_id.get(term)
        return 0 if tid is None or tid >= len(self._df) else int(self._df[tid])

    def idf(self, term: str) -> float:
        """Return the BM25 idf of an (already stemmed) vocabulary term (0.0 if unknown)."""
        df = self._live_df(term)
        if df == 0:
            return 0.0
        n = self._count
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def expand(self, term: str) -> list[tuple[str, float]]:
        """Map one query word onto vocabulary terms with weights.

        Args:
            term: A folded query word (not stemmed).

        Returns:
            ``[(vocabulary term, weight)]``: the stem itself (1.0) if indexed, else the
            vocabulary words it prefixes (0.8, words of 5+ letters), else up to two close
            spellings (0.7); empty when nothing fits.
        """
        cached = self._expanded.get(term)
        if cached is None:
            cached = self._expanded[term] = self._expand(term)
            if len(self._expanded) > 4096:  # bounded: drop the oldest entry
                self._expanded.pop(next(iter(self._expanded), term), None)
        return list(cached)

    def _expand(self, term: str) -> list[tuple[str, float]]:
        base = stem(term)
        if self._live_df(base):
            return [(base, 1.0)]
        if len(base) >= MIN_PREFIX:
            at = bisect.bisect_left(self._vocab, base)
            prefixed = []
            while at < len(self._vocab) and self._vocab[at].startswith(base):
                prefixed.append((self._vocab[at], PREFIX_WEIGHT))
                at += 1
            if prefixed:
                return prefixed
            first = base[0]
            lo = bisect.bisect_left(self._vocab, first)
            hi = bisect.bisect_left(self._vocab, chr(ord(first) + 1))
            pool = [w for w in self._vocab[lo:hi] if abs(len(w) - len(base)) <= 2]
            close = difflib.get_close_matches(base, pool, n=FUZZY_MATCHES, cutoff=FUZZY_CUTOFF)
            return [(w, FUZZY_WEIGHT) for w in close]
        return []

    def _term_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(rows, tf~)`` for a term, compiled once and cached until it changes."""
        cached = self._compiled.get(term)
        if cached is not None:
            return cached
        avg = self._length_sum / max(self._count, 1)
        avg[avg == 0] = 1.0
        tid = self._term_id[term]
        if tid + 1 < len(self._ptr):
            lo, hi = self._ptr[tid], self._ptr[tid + 1]
            rows = self._rows[lo:hi].astype(np.int64)
            tf = self._tf[lo:hi].astype(np.float64)
            live = self._base_live[rows]
            if not live.all():
                rows, tf = rows[live], tf[live]
        else:
            rows = np.zeros(0, dtype=np.int64)
            tf = np.zeros((0, len(FIELDS)), dtype=np.float64)
        delta = self._delta.get(tid)
        if delta:
            rows = np.concatenate((rows, np.fromiter(delta, dtype=np.int64, count=len(delta))))
            extra = np.array(list(delta.values()), dtype=np.float64).reshape(-1, len(FIELDS))
            tf = np.concatenate((tf, extra))
        b = self.weights.b
        norm = 1.0 - b + b * self._lengths[rows] / avg
        weighted = (tf * self._w / norm).sum(axis=1)
        self._compiled[term] = (rows, weighted)
        return rows, weighted

    def scores(
        self, terms: list[str], rows: np.ndarray | None = None
    ) -> tuple[dict[int, float], float]:
        """Score rows against query words.

        Args:
            terms: Folded query words (see :func:`query_terms`).
            rows: If given, only these rows are scored (the rows that passed the filters).

        Returns:
            ``({row: bm25}, idf_total)``: rows with a positive score, and the sum over the query
            words of their best expansion's weighted idf, an upper bound of any row's score
            (``0.0`` when no word is known).
        """
        hit_rows, values, idf_total = self.score_arrays(terms, rows)
        return dict(zip(hit_rows.tolist(), values.tolist(), strict=True)), idf_total

    def score_arrays(
        self, terms: list[str], rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """Like :meth:`scores`, as arrays: ``(rows ascending, bm25 per row, idf_total)``.

        Vectorised over the postings of each term (NumPy), so a common word in a large corpus
        costs array operations rather than a Python loop per posting.
        """
        k1 = self.weights.k1
        joined = [a + b for a, b in itertools.pairwise(terms)]
        terms = [*terms, *(j for j in joined if self._live_df(stem(j)) and j not in terms)]
        size = len(self._lengths)
        totals = np.zeros(size, dtype=np.float64)
        allowed = None
        if rows is not None:
            allowed = np.zeros(size, dtype=bool)
            rows = np.asarray(rows, dtype=np.int64)
            allowed[rows[rows < size]] = True
        idf_total = 0.0
        for term in terms:
            expansions = self.expand(term)
            if not expansions:
                continue
            # A word counts once: its best expansion per row.
            bound = 0.0
            parts_rows, parts_values = [], []
            for word, weight in expansions:
                idf = self.idf(word) * weight
                bound = max(bound, idf)
                hit_rows, tf = self._term_arrays(word)
                contrib = idf * tf / (k1 + tf)
                if allowed is not None:
                    keep = allowed[hit_rows]
                    hit_rows, contrib = hit_rows[keep], contrib[keep]
                parts_rows.append(hit_rows)
                parts_values.append(contrib)
            idf_total += bound
            if len(parts_rows) == 1:
                totals[parts_rows[0]] += parts_values[0]
            else:
                best = np.zeros(size, dtype=np.float64)
                for hit_rows, contrib in zip(parts_rows, parts_values, strict=True):
                    best[hit_rows] = np.maximum(best[hit_rows], contrib)
                totals += best
        hits = np.flatnonzero(totals > 0)
        return hits.astype(np.int64), totals[hits], idf_total

    def matched_terms(self, row: int, terms: list[str]) -> list[str]:
        """Return the query words that hit this row (through any expansion).

        Args:
            row: A vector row.
            terms: Folded query words.

        Returns:
            The words, in query order.
        """
        words = {self._terms[tid] for tid in self._row_term_ids(row)}
        return [t for t in terms if any(w in words for w, _ in self.expand(t))]
