"""Keyword index over cluster profiles: BM25F over tokenised, weighted profile fields.

Why BM25F and not plain BM25 over one text: a query word found in a profile's technologies or
name says much more than the same word in its description, and descriptions are long while
technology lists are short. BM25F (Robertson, Zaragoza & Taylor, 2004) keeps per-field term
frequencies, normalises each field by its own average length, weights the fields, and only then
applies the usual BM25 saturation::

    tf~(t, d) = sum_f  w_f * tf_f(t, d) / (1 - b_f + b_f * len_f(d) / avglen_f)
    bm25(q, d) = sum_{t in q}  idf(t) * tf~(t, d) / (k1 + tf~(t, d))
    idf(t)     = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

(The ``k1 + 1`` numerator factor of classic BM25 is left out: it does not change the ranking and
keeps each term's contribution below ``idf(t)``, so :meth:`KeywordIndex.scores` can also return
the score as a share of the query's total idf, in ``[0, 1)``.)

Tokens are folded (lower case, no accents, punctuation as spaces), lightly stemmed (plural
``-s``/``-ies``) and stop words are dropped; acronyms and technical terms ("MRO", "IoT", "5G",
"CO2") are ordinary tokens, so they count as much as their rarity says. In technology phrases each
adjacent word pair is also indexed as one word ("cyber security" -> "cybersecurity"), and adjacent
query words are joined the same way when the joined word is indexed (a phrase bonus). A query
word that is not in the vocabulary is expanded: words of at least five letters match vocabulary words they prefix
("robot" -> "robotics", at 0.8 weight), and otherwise the closest vocabulary spellings
("hydorgen" -> "hydrogen", at 0.7 weight) so typos still find exact matches.

The index is incremental: :meth:`KeywordIndex.add` and :meth:`KeywordIndex.remove` touch only the
postings of one profile. Rows are the partner index's vector rows and are never reused.

Storage is columnar, so that a million profiles fit in about a gigabyte rather than the tens of
gigabytes of Python dictionaries: see :class:`KeywordIndex`.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import itertools
import math
import os
import zipfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from contracts.limits import PARTNER_QUERY_CHARS
from knowledge.errors import KnowledgeError
from knowledge.filters import country_name
from knowledge.records import ClusterProfile
from taxonomy.stopwords import PARTNER_SEARCH_STOPWORDS
from taxonomy.text import fold

KEYWORD_FORMAT = 1  # version of the file written by KeywordIndex.save
MAX_TERMS = 32
MIN_PREFIX = 5
PREFIX_WEIGHT = 0.8
FUZZY_WEIGHT = 0.7
FUZZY_CUTOFF = 0.8
FUZZY_MATCHES = 2
#: The stop words this index drops (a module attribute, so a test can change it).
STOPWORDS = PARTNER_SEARCH_STOPWORDS


def rules_fingerprint() -> str:
    """Hash of the tokenising rules that are data (file format, fields, stop words).

    A saved index whose fingerprint differs was tokenised by other rules: its postings would not
    match what queries look up, so the partner index rebuilds it instead of loading it. Changes
    in code (stemming, folding) are caught by re-tokenising a sample (:meth:`mismatched_rows`).
    """
    text = "\n".join([str(KEYWORD_FORMAT), ",".join(FIELDS), *sorted(STOPWORDS)])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def query_terms(query: str) -> list[str]:
    """Return the searchable words of a query: folded, de-duplicated, stop words removed.

    Args:
        query: Free text from a user.

    Returns:
        Up to 32 words, in order of appearance (not stemmed).
    """
    terms: list[str] = []
    for word in fold(query[:PARTNER_QUERY_CHARS]).split():
        if len(word) < 2 or word in STOPWORDS or word in terms:
            continue
        terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def stem(word: str) -> str:
    """Return a light stem of a folded word (plural ``-ies`` -> ``-y``, ``-s`` dropped).

    Args:
        word: A folded word.

    Returns:
        The stem, e.g. ``"batteries"`` -> ``"battery"``, ``"cells"`` -> ``"cell"``.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Tokenise text for the keyword index: fold, split, drop stop words, stem.

    Args:
        text: Any text.

    Returns:
        The stemmed tokens, in order, repeats kept.
    """
    return [stem(w) for w in fold(text).split() if len(w) >= 2 and w not in STOPWORDS]


@dataclass(frozen=True)
class FieldWeights:
    """BM25F weights and length normalisation, per profile field.

    Attributes:
        name: Weight of the name and acronym.
        technologies: Weight of the technology phrases.
        sectors: Weight of the sector labels.
        description: Weight of the description.
        place: Weight of city, region and country name.
        b: Length normalisation (0 = none, 1 = full), the same for every field.
        k1: Term-frequency saturation.
    """

    name: float = 2.0
    technologies: float = 3.0
    sectors: float = 1.0
    description: float = 1.0
    place: float = 0.5
    b: float = 0.75
    k1: float = 1.2

    def vector(self) -> np.ndarray:
        """Return the field weights in :data:`FIELDS` order."""
        return np.array([getattr(self, f) for f in FIELDS], dtype=np.float64)


FIELDS: tuple[str, ...] = ("name", "technologies", "sectors", "description", "place")


def _with_joins(phrases: Iterable[str]) -> list[str]:
    """Tokens of each phrase plus each adjacent pair written as one word.

    "cyber security" also yields "cybersecurity", "e-health" yields "ehealth", so a query that
    writes a compound as one word still matches, and a two-word query matching a two-word
    phrase scores an extra, rarer term (a phrase bonus).
    """
    out: list[str] = []
    for phrase in phrases:
        words = [w for w in fold(phrase).split() if w not in STOPWORDS]
        out += [stem(w) for w in words if len(w) >= 2]
        out += [stem(a + b) for a, b in itertools.pairwise(words)]
    return out


def profile_fields(profile: ClusterProfile) -> dict[str, list[str]]:
    """Return the tokens of each indexed field of a profile.

    Args:
        profile: The profile.

    Returns:
        ``{field: tokens}`` for every field in :data:`FIELDS`.
    """
    place = " ".join(p for p in (profile.city, profile.region, country_name(profile.country)) if p)
    return {
        "name": tokens(" ".join(p for p in (profile.name, profile.acronym) if p)),
        "technologies": _with_joins(profile.technologies),
        "sectors": tokens(" , ".join(profile.sectors)),
        "description": tokens(profile.description),
        "place": tokens(place),
    }


class KeywordIndex:
    """An incremental BM25F index over profile fields, keyed by vector row.

    :meth:`build` packs every posting into NumPy arrays, the "base" segment: per term, its rows
    (``int32``) and the five per-field term frequencies (``uint8``, capped at 255, far beyond
    where BM25 saturates), plus each row's term ids for :meth:`matched_terms`; about 13 bytes a
    posting. Later :meth:`add` calls go to a small dictionary "delta" segment and :meth:`remove`
    marks a base row dead instead of rewriting arrays. Document frequencies, field lengths and the
    vocabulary stay exact through both, so scores equal those of a fresh build.
    """

    def __init__(self, weights: FieldWeights | None = None):
        """Create an empty index.

        Args:
            weights: Field weights and BM25 parameters (defaults: :class:`FieldWeights`).
        """
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
        cls, profiles: Iterable[tuple[int, ClusterProfile]], weights: FieldWeights | None = None
    ) -> KeywordIndex:
        """Build an index from ``(row, profile)`` pairs (the last profile given for a row wins).

        Args:
            profiles: Rows and their profiles.
            weights: Field weights (defaults: :class:`FieldWeights`).

        Returns:
            The index.
        """
        index = cls(weights)
        nf = len(FIELDS)
        by_row = dict(profiles)
        term_id, terms = index._term_id, index._terms
        post_term = array("i")  # one entry per (row, term), grouped by row
        post_row = array("i")
        post_tf = array("B")  # nf entries per posting
        lengths = array("d")
        for row, profile in by_row.items():
            fields = profile_fields(profile)
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
        fields = profile_fields(profile)
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
            fields = profile_fields(profile)
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
        """Return the index as arrays with the delta segment merged in and dead rows dropped."""
        nf = len(FIELDS)
        if (
            not self._delta
            and len(self._ptr) == len(self._terms) + 1
            and bool(self._base_live[self._rows].all())
        ):
            # Nothing added or removed since the build or load: the base arrays are already in
            # the packed layout (by term then row; forward index by row then term). Skipping the
            # two sorts matters at a million profiles (tens of millions of postings).
            n_terms = len(self._terms)
            return {
                "version": np.array([KEYWORD_FORMAT]),
                "weights": self._w,
                "terms": np.frombuffer("\n".join(self._terms).encode("utf-8"), dtype=np.uint8),
                "df": self._df[:n_terms],
                "ptr": self._ptr,
                "rows": self._rows,
                "tf": self._tf,
                "base_live": self._base_live,
                "fwd_start": self._fwd_start,
                "fwd_len": self._fwd_len,
                "fwd": self._fwd,
                "lengths": self._lengths[: len(self._base_live)],
                "count": np.array([self._count]),
            }
        n_base = len(self._ptr) - 1
        tids = np.repeat(np.arange(n_base, dtype=np.int32), np.diff(self._ptr))
        live = self._base_live[self._rows] if len(self._rows) else np.zeros(0, dtype=bool)
        parts_t, parts_r, parts_f = [tids[live]], [self._rows[live]], [self._tf[live]]
        for tid, postings in self._delta.items():
            parts_t.append(np.full(len(postings), tid, dtype=np.int32))
            parts_r.append(np.fromiter(postings, dtype=np.int32, count=len(postings)))
            parts_f.append(np.array(list(postings.values()), dtype=np.uint8).reshape(-1, nf))
        t, r, f = np.concatenate(parts_t), np.concatenate(parts_r), np.concatenate(parts_f)
        by_term = np.lexsort((r, t))
        by_row = np.lexsort((t, r))
        size = len(self._lengths)
        row_live = np.zeros(size, dtype=bool)
        row_live[r] = True
        fwd_len = np.bincount(r, minlength=size).astype(np.int32)
        fwd_start = (np.cumsum(fwd_len, dtype=np.int64) - fwd_len).astype(np.int64)
        return {
            "version": np.array([KEYWORD_FORMAT]),
            "weights": self._w,
            "terms": np.frombuffer("\n".join(self._terms).encode("utf-8"), dtype=np.uint8),
            "df": self._df[: len(self._terms)],
            "ptr": np.concatenate(([0], np.cumsum(np.bincount(t, minlength=len(self._terms))))),
            "rows": r[by_term],
            "tf": f[by_term],
            "base_live": row_live,
            "fwd_start": fwd_start,
            "fwd_len": fwd_len,
            "fwd": t[by_row],
            "lengths": self._lengths,
            "count": np.array([self._count]),
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to one ``.npz`` file (rows that were never added stay empty).

        Args:
            path: Target file; the caller makes the write atomic (the partner index writes it
                inside the directory it swaps in).
        """
        with open(path, "wb") as fh:
            np.savez(fh, **self._packed())

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
        index = cls(weights)
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            if int(arrays["version"][0]) != KEYWORD_FORMAT:
                raise KnowledgeError(f"keyword index {path}: format {arrays['version'][0]}")
            if not np.allclose(arrays["weights"], index._w):
                raise KnowledgeError(f"keyword index {path}: written with other field weights")
            text = arrays["terms"].tobytes().decode("utf-8")
            terms = text.split("\n") if text else []
            nf = len(FIELDS)
            if arrays["tf"].ndim != 2 or arrays["tf"].shape[1] != nf:
                raise KnowledgeError(f"keyword index {path}: field count differs")
            rows, ptr, size = arrays["rows"], arrays["ptr"], len(arrays["base_live"])
            consistent = (
                len(ptr) == len(terms) + 1
                and len(arrays["df"]) == len(terms)
                and int(ptr[-1]) == len(rows) == len(arrays["fwd"]) == len(arrays["tf"])
                and len(arrays["lengths"]) == len(arrays["fwd_len"]) == size
                and len(arrays["fwd_start"]) == size
                and (not len(rows) or (int(rows.min()) >= 0 and int(rows.max()) < size))
                and int(arrays["count"][0]) == int(arrays["base_live"].sum())
                and bool(np.all(arrays["fwd_start"] + arrays["fwd_len"] <= len(rows)))
            )
            if not consistent:
                raise KnowledgeError(f"keyword index {path}: arrays are inconsistent")
        except KnowledgeError:
            raise
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
            raise KnowledgeError(f"keyword index {path} cannot be read: {exc}") from exc
        return cls._from_arrays(arrays, weights, terms)

    @classmethod
    def _from_arrays(
        cls,
        arrays: dict[str, np.ndarray],
        weights: FieldWeights | None,
        terms: list[str] | None = None,
    ) -> KeywordIndex:
        """An index over packed arrays (the layout of :meth:`_packed`), without copying them
        where their type already fits (a million-profile index is hundreds of MB)."""
        index = cls(weights)
        if terms is None:
            text = arrays["terms"].tobytes().decode("utf-8")
            terms = text.split("\n") if text else []
        index._terms = terms
        index._term_id = {term: tid for tid, term in enumerate(terms)}
        index._df = arrays["df"].astype(np.int64)  # copied: add() writes into it
        index._ptr = arrays["ptr"].astype(np.int64, copy=False)
        index._rows = arrays["rows"].astype(np.int32, copy=False)
        index._tf = arrays["tf"].astype(np.uint8, copy=False)
        index._base_live = arrays["base_live"].astype(bool)  # copied: remove() writes into it
        index._fwd_start = arrays["fwd_start"].astype(np.int64, copy=False)
        index._fwd_len = arrays["fwd_len"].astype(np.int32, copy=False)
        index._fwd = arrays["fwd"].astype(np.int32, copy=False)
        index._lengths = arrays["lengths"].astype(np.float64)  # copied: add/remove write
        index._length_sum = index._lengths.sum(axis=0)
        index._count = int(arrays["count"][0])
        index._vocab = sorted(t for t, df in zip(terms, index._df.tolist(), strict=True) if df)
        return index

    # --- querying -------------------------------------------------------------------------

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
