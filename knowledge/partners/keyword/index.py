"""The keyword index: an incremental BM25F index over profile fields, keyed by vector row.

Owns the index's state and its maintenance: :meth:`KeywordIndex.build`, :meth:`~KeywordIndex.add`
and :meth:`~KeywordIndex.remove` touch only the postings of one profile, so scores always equal
those of a fresh build. Rows are the partner index's vector rows and are never reused. Storage is
columnar, so that a million profiles fit in about a gigabyte rather than the tens of gigabytes of
Python dictionaries. Scoring is :mod:`~knowledge.partners.keyword.scoring`, the file format
:mod:`~knowledge.partners.keyword.persistence`, tokenising :mod:`~knowledge.partners.keyword.analysis`.
"""

from __future__ import annotations

import bisect
import os
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from knowledge.errors import KnowledgeError
from knowledge.partners.keyword import persistence
from knowledge.partners.keyword.analysis import FIELDS, FieldWeights, profile_fields, query_terms
from knowledge.partners.keyword.protocol import KeywordHit
from knowledge.partners.keyword.scoring import Bm25fScoring
from knowledge.records import ClusterProfile


class KeywordIndex(Bm25fScoring):
    """An incremental BM25F index over profile fields, keyed by vector row.

    :meth:`build` packs every posting into NumPy arrays, the "base" segment: per term, its rows
    (``int32``) and the five per-field term frequencies (``uint8``, capped at 255, far beyond
    where BM25 saturates), plus each row's term ids for :meth:`matched_terms`; about 13 bytes a
    posting. Later :meth:`add` calls go to a small dictionary "delta" segment and :meth:`remove`
    marks a base row dead instead of rewriting arrays. Document frequencies, field lengths and the
    vocabulary stay exact through both, so scores equal those of a fresh build.
    """

    def __init__(
        self,
        weights: FieldWeights | None = None,
        fields: Callable[[Any], dict[str, list[str]]] = profile_fields,
    ):
        """Create an empty index.

        Args:
            weights: Field weights and BM25 parameters (defaults: :class:`FieldWeights`).
            fields: Turns a record into its tokens per field of :data:`FIELDS`; profiles by
                default (:func:`profile_fields`). Other records (the fact cards of
                ``knowledge.facts``) pass their own extraction and reuse the same scoring.
        """
        self.fields_of = fields
        self.weights = weights or FieldWeights()
        self._w = self.weights.vector()
        nf = len(FIELDS)
        # Vocabulary: term <-> id. Ids are never reused; a term is live while its df is > 0.
        self._term_id: dict[str, int] = {}
        self._terms: list[str] = []
        self._df = np.zeros(0, dtype=np.int64)
        self._vocab: list[str] = []  # live terms, sorted, for prefix lookups
        # Base segment: the postings of term id t are [_ptr[t], _ptr[t + 1]) of _rows/_tf.
        self._ptr = np.zeros(1, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int32)
        self._tf = np.zeros((0, nf), dtype=np.uint8)
        # Base rows: live flag; row r's term ids are _fwd[_fwd_start[r]:][:_fwd_len[r]].
        self._base_live = np.zeros(0, dtype=bool)
        self._fwd_start = np.zeros(0, dtype=np.int64)
        self._fwd_len = np.zeros(0, dtype=np.int32)
        self._fwd = np.zeros(0, dtype=np.int32)
        # Delta segment: term id -> {row: per-field tf}; row -> its term ids.
        self._delta: dict[int, dict[int, tuple[int, ...]]] = defaultdict(dict)
        self._delta_terms: dict[int, tuple[int, ...]] = {}
        self._count = 0
        self._lengths = np.zeros((0, nf), dtype=np.float64)  # row -> field lengths
        self._length_sum = np.zeros(nf, dtype=np.float64)
        # term -> (rows, tf~); cleared on any change, since average lengths move with it.
        self._compiled: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # query word -> expansions; cleared when the vocabulary changes (add, remove).
        self._expanded: dict[str, list[tuple[str, float]]] = {}

    @classmethod
    def build(
        cls,
        profiles: Iterable[tuple[int, ClusterProfile]],
        weights: FieldWeights | None = None,
        fields: Callable[[Any], dict[str, list[str]]] = profile_fields,
    ) -> KeywordIndex:
        """Build an index from ``(row, profile)`` pairs (the last profile given for a row wins).

        Args:
            profiles: Rows and their profiles (or other records, with ``fields``).
            weights: Field weights (defaults: :class:`FieldWeights`).
            fields: The record's tokens per field (see :meth:`__init__`).

        Returns:
            The index.
        """
        index = cls(weights, fields)
        nf = len(FIELDS)
        by_row = dict(profiles)
        term_id, terms = index._term_id, index._terms
        post_term = array("i")  # one entry per (row, term), grouped by row
        post_row = array("i")
        post_tf = array("B")  # nf entries per posting
        lengths = array("d")
        for row, profile in by_row.items():
            fields = index.fields_of(profile)
            counts = [Counter(fields[f]) for f in FIELDS]
            lengths.extend(len(fields[f]) for f in FIELDS)
            for term in sorted(set().union(*counts)):
                tid = term_id.get(term)
                if tid is None:
                    tid = term_id[term] = len(terms)
                    terms.append(term)
                post_term.append(tid)
                post_row.append(row)
                post_tf.extend(min(c.get(term, 0), 255) for c in counts)
        tids = np.array(post_term, dtype=np.int32)
        rows = np.array(post_row, dtype=np.int32)
        order = np.argsort(tids, kind="stable")
        index._rows = rows[order]
        index._tf = np.array(post_tf, dtype=np.uint8).reshape(-1, nf)[order]
        index._df = np.bincount(tids, minlength=len(terms)).astype(np.int64)
        index._ptr = np.concatenate(([0], np.cumsum(index._df)))
        index._fwd = tids
        row_ids = np.fromiter(by_row, dtype=np.int64, count=len(by_row))
        size = int(row_ids.max()) + 1 if len(row_ids) else 0
        index._base_live = np.zeros(size, dtype=bool)
        index._base_live[row_ids] = True
        index._fwd_len = np.zeros(size, dtype=np.int32)
        index._fwd_start = np.zeros(size, dtype=np.int64)
        if len(row_ids):
            # Postings were appended row after row, so each row's run starts where the
            # previous row's run ended.
            changes = np.flatnonzero(np.diff(rows)) + 1 if len(rows) else np.zeros(0, np.int64)
            starts = np.concatenate(([0], changes)) if len(rows) else changes
            run_rows = rows[starts]
            index._fwd_start[run_rows] = starts
            index._fwd_len[run_rows] = np.diff(np.append(starts, len(rows)))
        index._lengths = np.zeros((size, nf), dtype=np.float64)
        index._lengths[row_ids] = np.array(lengths, dtype=np.float64).reshape(-1, nf)
        index._length_sum = index._lengths.sum(axis=0)
        index._count = len(by_row)
        index._vocab = sorted(terms)
        return index

    def __len__(self) -> int:
        return self._count

    def __contains__(self, row: object) -> bool:
        if not isinstance(row, int | np.integer):
            return False
        if row in self._delta_terms:
            return True
        return 0 <= row < len(self._base_live) and bool(self._base_live[row])

    def _row_term_ids(self, row: int) -> tuple[int, ...] | np.ndarray:
        """Return the term ids of a live row (empty if the row is not indexed)."""
        terms = self._delta_terms.get(row)
        if terms is not None:
            return terms
        if 0 <= row < len(self._base_live) and self._base_live[row]:
            start = self._fwd_start[row]
            return self._fwd[start : start + self._fwd_len[row]]
        return ()

    # --- maintenance ----------------------------------------------------------------------

    def _changed(self) -> None:
        self._compiled.clear()
        self._expanded.clear()

    def add(self, row: int, profile: ClusterProfile) -> None:
        """Index a profile under ``row`` (replacing what the row held before).

        Args:
            row: The profile's vector row.
            profile: The profile.
        """
        if row in self:
            self.remove(row)
        fields = self.fields_of(profile)
        counts = [Counter(fields[f]) for f in FIELDS]
        ids = []
        for term in sorted(set().union(*counts)):
            tid = self._term_id.get(term)
            if tid is None:
                tid = self._term_id[term] = len(self._terms)
                self._terms.append(term)
            if tid >= len(self._df):
                grown_df = np.zeros(max(tid + 1, 2 * len(self._df)), dtype=np.int64)
                grown_df[: len(self._df)] = self._df
                self._df = grown_df
            if self._df[tid] == 0:
                bisect.insort(self._vocab, term)
            self._df[tid] += 1
            self._delta[tid][row] = tuple(min(c.get(term, 0), 255) for c in counts)
            ids.append(tid)
        if row >= len(self._lengths):
            grown = np.zeros((max(row + 1, 2 * len(self._lengths)), len(FIELDS)))
            grown[: len(self._lengths)] = self._lengths
            self._lengths = grown
        self._lengths[row] = [len(fields[f]) for f in FIELDS]
        self._length_sum += self._lengths[row]
        self._delta_terms[row] = tuple(ids)
        self._count += 1
        self._changed()

    def remove(self, row: int) -> None:
        """Drop a row from the index (no-op if it is not indexed).

        Args:
            row: The vector row.
        """
        if row not in self:
            return
        ids = self._delta_terms.pop(row, None)
        if ids is None:  # a base row: mark it dead, its postings are skipped from now on
            ids = self._row_term_ids(row).tolist()
            self._base_live[row] = False
        else:
            for tid in ids:
                postings = self._delta[tid]
                postings.pop(row, None)
                if not postings:
                    del self._delta[tid]
        for tid in ids:
            self._df[tid] -= 1
            if self._df[tid] == 0:
                term = self._terms[tid]
                at = bisect.bisect_left(self._vocab, term)
                if at < len(self._vocab) and self._vocab[at] == term:
                    del self._vocab[at]
        self._length_sum -= self._lengths[row]
        self._lengths[row] = 0.0
        self._count -= 1
        self._changed()

    # --- persistence ----------------------------------------------------------------------

    def live_rows(self) -> np.ndarray:
        """Return the indexed rows, ascending, as an int64 array."""
        base = np.flatnonzero(self._base_live)
        if not self._delta_terms:
            return base.astype(np.int64)
        delta = np.fromiter(self._delta_terms, dtype=np.int64, count=len(self._delta_terms))
        return np.union1d(base, delta).astype(np.int64)

    def mismatched_rows(self, profiles: Iterable[tuple[int, ClusterProfile]]) -> list[int]:
        """Return the rows whose stored terms or field lengths differ from tokenising again.

        Why: a saved index is only valid for the tokeniser that wrote it. Stop words are in
        :func:`rules_fingerprint`, but a change in code (stemming, folding, compounds, the place
        field) is not; re-tokenising a sample of profiles and comparing catches it.

        Args:
            profiles: ``(row, profile)`` pairs to check (e.g. a sample of the partner index).

        Returns:
            The rows that do not match (also rows that are not indexed at all).
        """
        bad = []
        for row, profile in profiles:
            fields = self.fields_of(profile)
            expected_terms = set().union(*(fields[f] for f in FIELDS))
            stored = {self._terms[tid] for tid in np.asarray(self._row_term_ids(row)).tolist()}
            lengths = [float(len(fields[f])) for f in FIELDS]
            if (
                row not in self
                or stored != expected_terms
                or self._lengths[row].tolist() != lengths
            ):
                bad.append(row)
        return bad

    def compacted(self, rows: np.ndarray) -> KeywordIndex:
        """Return a copy with ``rows`` renumbered ``0 .. len(rows) - 1`` (as the partner index's
        compaction renumbers its vector rows), with no re-tokenising.

        Why: rebuilding from the profiles costs minutes at a million profiles (Python
        tokenising); renumbering is array work. Compaction keeps the order of the live rows, so
        the postings stay sorted by term and row and only their row numbers change.

        Args:
            rows: Exactly the live rows of this index, ascending.

        Returns:
            The renumbered index (this one is left as it was).

        Raises:
            KnowledgeError: ``rows`` are not this index's live rows.
        """
        rows = np.asarray(rows, dtype=np.int64)
        if not np.array_equal(rows, self.live_rows()):
            raise KnowledgeError("keyword index: compaction rows differ from the indexed rows")
        arrays = self._packed()
        new_of = np.full(len(self._lengths), -1, dtype=np.int64)
        new_of[rows] = np.arange(len(rows), dtype=np.int64)
        arrays["rows"] = new_of[arrays["rows"]].astype(np.int32)
        arrays["lengths"] = self._lengths[rows]
        arrays["fwd_start"] = arrays["fwd_start"][rows]
        arrays["fwd_len"] = arrays["fwd_len"][rows]
        arrays["base_live"] = np.ones(len(rows), dtype=bool)
        return self._from_arrays(arrays, self.weights)

    def _packed(self) -> dict[str, np.ndarray]:
        """Return the index as packed arrays (see :func:`persistence.pack`)."""
        return persistence.pack(self)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to one ``.npz`` file (rows that were never added stay empty).

        Args:
            path: Target file; the caller makes the write atomic (the partner index writes it
                inside the directory it swaps in).
        """
        persistence.save(self, path)

    @classmethod
    def load(
        cls, path: str | os.PathLike[str], weights: FieldWeights | None = None
    ) -> KeywordIndex:
        """Read an index written by :meth:`save`.

        Args:
            path: The ``.npz`` file.
            weights: The weights the caller expects; a file written with others is refused.

        Returns:
            The index.

        Raises:
            KnowledgeError: The file is missing, unreadable, from another format version or
                written with other weights.
        """
        arrays, terms = persistence.read_arrays(path, (weights or FieldWeights()).vector())
        return persistence.from_arrays(cls, arrays, weights, terms)

    @classmethod
    def _from_arrays(
        cls,
        arrays: dict[str, np.ndarray],
        weights: FieldWeights | None,
        terms: list[str] | None = None,
    ) -> KeywordIndex:
        """An index over packed arrays (see :func:`persistence.from_arrays`)."""
        return persistence.from_arrays(cls, arrays, weights, terms)

    # --- the KeywordRetriever seam -------------------------------------------------------

    def search(
        self, query: str, k: int, allowed: Iterable[int] | np.ndarray | None = None
    ) -> list[KeywordHit]:
        """Return the ``k`` best rows for a free-text query, best first.

        Args:
            query: Free text from a user (see :func:`query_terms`).
            k: How many hits at most.
            allowed: If given, only these rows can be returned (the rows that passed the
                filters).

        Returns:
            ``[(row, bm25)]`` with positive scores, by score descending then row ascending.
        """
        if k <= 0:
            return []
        rows = None if allowed is None else np.fromiter(allowed, dtype=np.int64)
        hit_rows, values, _ = self.score_arrays(query_terms(query), rows)
        order = np.lexsort((hit_rows, -values))[:k]
        return [(int(hit_rows[i]), float(values[i])) for i in order]
