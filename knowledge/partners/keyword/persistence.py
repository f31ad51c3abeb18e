"""Persistence of the keyword index: the packed columnar layout, one ``.npz`` file, its checks.

A saved index is the base segment with the delta merged in and dead rows dropped (see
:func:`pack`); :func:`read_arrays` refuses files of another format version, other field weights
or inconsistent arrays, and :func:`from_arrays` wraps packed arrays without copying them where
their type already fits (a million-profile index is hundreds of MB).
"""

from __future__ import annotations

import os
import zipfile
from typing import TYPE_CHECKING

import numpy as np

from knowledge.errors import KnowledgeError
from knowledge.partners.keyword.analysis import FIELDS, KEYWORD_FORMAT, FieldWeights

if TYPE_CHECKING:
    from knowledge.partners.keyword.index import KeywordIndex


def pack(index: KeywordIndex) -> dict[str, np.ndarray]:
    """Return the index as arrays with the delta segment merged in and dead rows dropped.

    Args:
        index: The keyword index (left as it is).

    Returns:
        The arrays :func:`save` writes and :func:`from_arrays` reads.
    """
    nf = len(FIELDS)
    if (
        not index._delta
        and len(index._ptr) == len(index._terms) + 1
        and bool(index._base_live[index._rows].all())
    ):
        # Nothing added or removed since the build or load: the base arrays are already in
        # the packed layout (by term then row; forward index by row then term). Skipping the
        # two sorts matters at a million profiles (tens of millions of postings).
        n_terms = len(index._terms)
        return {
            "version": np.array([KEYWORD_FORMAT]),
            "weights": index._w,
            "terms": np.frombuffer("\n".join(index._terms).encode("utf-8"), dtype=np.uint8),
            "df": index._df[:n_terms],
            "ptr": index._ptr,
            "rows": index._rows,
            "tf": index._tf,
            "base_live": index._base_live,
            "fwd_start": index._fwd_start,
            "fwd_len": index._fwd_len,
            "fwd": index._fwd,
            "lengths": index._lengths[: len(index._base_live)],
            "count": np.array([index._count]),
        }
    n_base = len(index._ptr) - 1
    tids = np.repeat(np.arange(n_base, dtype=np.int32), np.diff(index._ptr))
    live = index._base_live[index._rows] if len(index._rows) else np.zeros(0, dtype=bool)
    parts_t, parts_r, parts_f = [tids[live]], [index._rows[live]], [index._tf[live]]
    for tid, postings in index._delta.items():
        parts_t.append(np.full(len(postings), tid, dtype=np.int32))
        parts_r.append(np.fromiter(postings, dtype=np.int32, count=len(postings)))
        parts_f.append(np.array(list(postings.values()), dtype=np.uint8).reshape(-1, nf))
    t, r, f = np.concatenate(parts_t), np.concatenate(parts_r), np.concatenate(parts_f)
    by_term = np.lexsort((r, t))
    by_row = np.lexsort((t, r))
    size = len(index._lengths)
    row_live = np.zeros(size, dtype=bool)
    row_live[r] = True
    fwd_len = np.bincount(r, minlength=size).astype(np.int32)
    fwd_start = (np.cumsum(fwd_len, dtype=np.int64) - fwd_len).astype(np.int64)
    return {
        "version": np.array([KEYWORD_FORMAT]),
        "weights": index._w,
        "terms": np.frombuffer("\n".join(index._terms).encode("utf-8"), dtype=np.uint8),
        "df": index._df[: len(index._terms)],
        "ptr": np.concatenate(([0], np.cumsum(np.bincount(t, minlength=len(index._terms))))),
        "rows": r[by_term],
        "tf": f[by_term],
        "base_live": row_live,
        "fwd_start": fwd_start,
        "fwd_len": fwd_len,
        "fwd": t[by_row],
        "lengths": index._lengths,
        "count": np.array([index._count]),
    }


def save(index: KeywordIndex, path: str | os.PathLike[str]) -> None:
    """Write the index to one ``.npz`` file (rows that were never added stay empty).

    Args:
        index: The keyword index.
        path: Target file; the caller makes the write atomic.
    """
    with open(path, "wb") as fh:
        np.savez(fh, **pack(index))


def read_arrays(
    path: str | os.PathLike[str], expected_weights: np.ndarray
) -> tuple[dict[str, np.ndarray], list[str]]:
    """Read and check the arrays of a file written by :func:`save`.

    Args:
        path: The ``.npz`` file.
        expected_weights: The field-weight vector the caller expects
            (:meth:`FieldWeights.vector`); a file written with others is refused.

    Returns:
        ``(arrays, terms)``.

    Raises:
        KnowledgeError: The file is missing, unreadable, from another format version, written
            with other weights, or its arrays are inconsistent.
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        if int(arrays["version"][0]) != KEYWORD_FORMAT:
            raise KnowledgeError(f"keyword index {path}: format {arrays['version'][0]}")
        if not np.allclose(arrays["weights"], expected_weights):
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
    return arrays, terms


def from_arrays(
    cls: type[KeywordIndex],
    arrays: dict[str, np.ndarray],
    weights: FieldWeights | None,
    terms: list[str] | None = None,
) -> KeywordIndex:
    """An index over packed arrays (the layout of :func:`pack`).

    Args:
        cls: The index class.
        arrays: Packed arrays.
        weights: Field weights (defaults: :class:`FieldWeights`).
        terms: The decoded vocabulary, if already decoded.

    Returns:
        The index.
    """
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
