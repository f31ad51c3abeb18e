"""Row bookkeeping shared by the vector stores: ids <-> rows, tombstones, metadata, filters.

Every store here keeps its vectors in rows, in the order they were added. An id maps to one
row; replacing or deleting an id turns its row into a tombstone (graph indexes cannot delete),
which searches skip, and :meth:`RowStore.compact` rebuilds without them. The subclasses own the
vector structure: appending rows, the row-ordered matrix, the top rows for a query, rebuilding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from knowledge.vectors.base import EmbeddingSpace, Hits, SpaceMismatchError, Where


class RowStore:
    """Base of :class:`ExactVectorStore` and :class:`FaissVectorStore` (not a store alone)."""

    def __init__(self, space: EmbeddingSpace):
        """Start empty.

        Args:
            space: The embedding space of every vector this store will hold.
        """
        self.space = space
        self._row_ids = np.zeros(0, dtype=np.int64)  # row -> id
        self._alive = np.zeros(0, dtype=bool)  # row -> live
        self._id_rows = np.zeros(0, dtype=np.int64)  # id -> row (-1: none)
        self._metadata: list[Mapping[str, Any] | None] | None = None
        self._live_count = 0
        self._live_cache: np.ndarray | None = None

    # --- subclass hooks -----------------------------------------------------------------

    def _normalise(self, vectors: np.ndarray) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _append_rows(self, vectors: np.ndarray) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def matrix(self) -> np.ndarray:  # pragma: no cover - overridden
        """Return every row's vector (tombstones included) in row order, read-only."""
        raise NotImplementedError

    def _top_rows(
        self, query: np.ndarray, allowed: np.ndarray, size: int
    ) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    def _rebuild(self, kept: np.ndarray) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # --- checks -------------------------------------------------------------------------

    def _check_space(self, space: EmbeddingSpace, dim: int) -> None:
        if not self.space.accepts(space):
            raise SpaceMismatchError(
                f"vectors of {space.describe()} cannot go into a store of {self.space.describe()}"
            )
        if dim != self.space.dim:
            raise SpaceMismatchError(
                f"got {dim}-d vectors for a store of {self.space.dim}-d vectors "
                f"({self.space.describe()})"
            )

    def _query(self, query: np.ndarray, space: EmbeddingSpace) -> np.ndarray:
        q = np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(1, -1))
        self._check_space(space, int(q.shape[1]))
        return q

    # --- rows ---------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """Number of live ids."""
        return self._live_count

    @property
    def row_count(self) -> int:
        """Number of rows, tombstones included."""
        return len(self._row_ids)

    @property
    def deleted(self) -> int:
        """Number of tombstones."""
        return self.row_count - self._live_count

    def ids(self) -> np.ndarray:
        """Return the live ids, ascending."""
        return np.sort(self._row_ids[self._alive])

    def live_rows(self) -> np.ndarray:
        """The live rows, ascending (cached until the next change; do not modify)."""
        if self._live_cache is None:
            self._live_cache = np.flatnonzero(self._alive).astype(np.int64)
        return self._live_cache

    def row_of(self, id: int) -> int | None:
        """Return the row of a live id (``None`` if it is not stored)."""
        id = int(id)
        if 0 <= id < len(self._id_rows) and self._id_rows[id] >= 0:
            return int(self._id_rows[id])
        return None

    def _rows_of(self, ids: np.ndarray) -> np.ndarray:
        """Rows of ids (-1 for ids not stored)."""
        out = np.full(len(ids), -1, dtype=np.int64)
        ok = (ids >= 0) & (ids < len(self._id_rows))
        out[ok] = self._id_rows[ids[ok]]
        return out

    # --- changes ------------------------------------------------------------------------

    def upsert(
        self,
        ids: Sequence[int] | np.ndarray,
        vectors: np.ndarray,
        metadata: Sequence[Mapping[str, Any] | None] | None = None,
        *,
        space: EmbeddingSpace,
    ) -> None:
        """Add vectors under ids (L2-normalised here), replacing vectors stored under them.

        Args:
            ids: Non-negative integer ids, unique (memory grows with the largest id).
            vectors: ``(len(ids), dim)`` vectors.
            metadata: Per id, the fields :class:`Where` filters may test (``None``: none).
            space: The embedding space the vectors come from.

        Raises:
            SpaceMismatchError: Another embedding space or dimension.
            ValueError: Ids and vectors do not match, an id is negative or given twice.
        """
        id_array = np.asarray(ids, dtype=np.int64).reshape(-1)
        vecs = np.array(vectors, dtype=np.float32, copy=True, order="C")
        if vecs.ndim != 2 or len(vecs) != len(id_array):
            raise ValueError(f"got {vecs.shape} vectors for {len(id_array)} ids")
        self._check_space(space, int(vecs.shape[1]))
        if len(id_array) and (id_array.min() < 0 or len(np.unique(id_array)) != len(id_array)):
            raise ValueError("ids must be unique non-negative integers")
        if metadata is not None and len(metadata) != len(id_array):
            raise ValueError(f"got {len(metadata)} metadata entries for {len(id_array)} ids")
        if not len(id_array):
            return
        self._normalise(vecs)
        self._insert(id_array, vecs, metadata)

    def _insert(
        self,
        ids: np.ndarray,
        vectors: np.ndarray,
        metadata: Sequence[Mapping[str, Any] | None] | None,
    ) -> None:
        """Store already checked and normalised vectors under ids (replacing those ids)."""
        self.delete(ids.tolist())
        first = self.row_count
        self._append_rows(vectors)
        self._map(ids, first, metadata)

    def _map(
        self,
        ids: np.ndarray,
        first: int,
        metadata: Sequence[Mapping[str, Any] | None] | None,
    ) -> None:
        rows = np.arange(first, first + len(ids), dtype=np.int64)
        self._live_cache = None
        self._row_ids = np.concatenate([self._row_ids, ids])
        self._alive = np.concatenate([self._alive, np.ones(len(ids), dtype=bool)])
        top = int(ids.max()) + 1
        if top > len(self._id_rows):
            grown = np.full(max(top, 2 * len(self._id_rows)), -1, dtype=np.int64)
            grown[: len(self._id_rows)] = self._id_rows
            self._id_rows = grown
        self._id_rows[ids] = rows
        self._live_count += len(ids)
        if metadata is not None and self._metadata is None:
            self._metadata = [None] * first
        if self._metadata is not None:
            self._metadata.extend(metadata if metadata is not None else [None] * len(ids))

    def _restore(self, row_ids: np.ndarray, alive: np.ndarray) -> None:
        """Set the row bookkeeping of rows already appended (loading a saved store)."""
        self._row_ids = np.asarray(row_ids, dtype=np.int64).copy()
        self._alive = np.asarray(alive, dtype=bool).copy()
        live = self._row_ids[self._alive]
        self._id_rows = np.full(int(live.max()) + 1 if len(live) else 0, -1, dtype=np.int64)
        self._id_rows[live] = np.flatnonzero(self._alive)
        self._live_count = len(live)
        self._live_cache = None
        self._metadata = None

    def delete(self, ids: Iterable[int]) -> None:
        """Remove ids (their rows become tombstones); ids not stored are ignored."""
        id_array = np.asarray(list(ids), dtype=np.int64)
        rows = self._rows_of(id_array)
        rows = rows[rows >= 0]
        if not len(rows):
            return
        self._alive[rows] = False
        self._live_cache = None
        self._id_rows[self._row_ids[rows]] = -1
        self._live_count -= len(rows)

    def compact(self, new_ids: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """Drop tombstones: rebuild the structure from the stored vectors (no re-embedding).

        The rows keep their order (tombstones left out).

        Args:
            new_ids: Optional new id for each live id, in ascending order of the old ids; by
                default ids are kept.

        Returns:
            The old live ids, ascending.
        """
        rows = self.live_rows().copy()
        old = self._row_ids[rows]
        ids = old
        if new_ids is not None:
            given = np.asarray(new_ids, dtype=np.int64).reshape(-1)
            if len(given) != len(rows):
                raise ValueError(f"got {len(given)} new ids for {len(rows)} live ids")
            ids = np.empty_like(given)
            ids[np.argsort(old, kind="stable")] = given  # the i-th smallest old id -> given[i]
        kept = np.ascontiguousarray(self.matrix()[rows])
        metadata = None if self._metadata is None else [self._metadata[r] for r in rows.tolist()]
        self._rebuild(kept)
        self._row_ids = np.zeros(0, dtype=np.int64)
        self._alive = np.zeros(0, dtype=bool)
        self._id_rows = np.zeros(0, dtype=np.int64)
        self._metadata = None
        self._live_count = 0
        self._live_cache = None
        if len(ids):
            self._map(ids, 0, metadata)
        return np.sort(old)

    # --- reading ------------------------------------------------------------------------

    def vector(self, id: int) -> np.ndarray:
        """Return the stored (normalised) vector of ``id``.

        Raises:
            KeyError: ``id`` is not stored.
        """
        row = self.row_of(id)
        if row is None:
            raise KeyError(id)
        return np.array(self.matrix()[row])

    def vectors(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Return the stored (normalised) vectors of ``ids``, a ``(len(ids), dim)`` copy.

        Raises:
            KeyError: An id is not stored.
        """
        id_array = np.asarray(ids, dtype=np.int64).reshape(-1)
        rows = self._rows_of(id_array)
        if (rows < 0).any():
            raise KeyError(int(id_array[np.flatnonzero(rows < 0)[0]]))
        return np.array(self.matrix()[rows], dtype=np.float32)

    def scores(
        self, query: np.ndarray, ids: Sequence[int] | np.ndarray, *, space: EmbeddingSpace
    ) -> np.ndarray:
        """Return the exact inner products of ``query`` with the stored vectors of ``ids``.

        Raises:
            KeyError: An id is not stored.
            SpaceMismatchError: The query is of another space or dimension.
        """
        q = self._query(query, space)
        id_array = np.asarray(ids, dtype=np.int64).reshape(-1)
        rows = self._rows_of(id_array)
        if (rows < 0).any():
            raise KeyError(int(id_array[np.flatnonzero(rows < 0)[0]]))
        return self.row_scores(rows, q[0])

    def row_scores(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Inner products of a 1-d query with rows (callers that already hold rows)."""
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        return self.matrix()[rows] @ query

    def allowed_rows(self, where: Where | None) -> np.ndarray:
        """The live rows that pass ``where``, ascending."""
        if where is None or where.ids is None:
            rows = self.live_rows()
        else:
            rows = self._rows_of(np.asarray(where.ids, dtype=np.int64))
            rows = rows[rows >= 0]
            if len(rows) > 1 and not bool(np.all(rows[1:] > rows[:-1])):
                rows = np.unique(rows)
        if where is not None and where.fields:
            meta = self._metadata
            rows = np.asarray(
                [r for r in rows.tolist() if where.passes_fields(meta[r] if meta else None)],
                dtype=np.int64,
            )
        return rows

    def search(
        self, query: np.ndarray, k: int, where: Where | None = None, *, space: EmbeddingSpace
    ) -> Hits:
        """Return up to ``k`` ids passing ``where`` with the highest inner product, best first.

        ``k`` hits come back whenever at least ``k`` ids pass the filter.

        Raises:
            SpaceMismatchError: The query is of another space or dimension.
        """
        q = self._query(query, space)
        rows = self.search_rows(q, self.allowed_rows(where), k)
        return Hits(self._row_ids[rows], self.row_scores(rows, q[0]))

    def search_rows(self, query: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
        """Rows among ``allowed`` (live, ascending) best for a ``(1, dim)`` query, best first."""
        size = min(int(k), len(allowed))
        if size <= 0:
            return np.zeros(0, dtype=np.int64)
        return self._top_rows(query, allowed, size)


def exact_top(vectors: np.ndarray, rows: np.ndarray, query: np.ndarray, size: int) -> np.ndarray:
    """Return the ``size`` rows with the highest inner product with ``query``, best first."""
    sims = vectors[rows] @ query
    if size < len(sims):
        top = np.argpartition(-sims, size - 1)[:size]
        return rows[top[np.argsort(-sims[top], kind="stable")]]
    return rows[np.argsort(-sims, kind="stable")]
