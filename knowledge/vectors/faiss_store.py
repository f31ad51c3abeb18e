"""``FaissVectorStore``: the vector store over FAISS flat, HNSW or IVF (the only FAISS user).

Kinds and their measured parameters: :mod:`knowledge.vectors.kinds`. Rows are FAISS's
sequential ids; :class:`~knowledge.vectors.rows.RowStore` maps store ids to them and keeps
tombstones (HNSW cannot delete from its graph). An IVF index keeps a second, row-ordered copy of
the vectors (an ``IndexFlatIP``, rebuilt from the IVF at load) for exact scans and
:meth:`FaissVectorStore.matrix`: 1.5 KB more per vector (HNSW's graph costs ~0.4 KB).

Filtered search never leaks and fills ``k``: an ``IDSelector`` for the exact index; for HNSW the
same with a growing ``efSearch`` (an exact scan of the allowed rows once it passes
:data:`~knowledge.vectors.kinds.MAX_EF_SEARCH`); for IVF more lists scanned until enough rows
pass; and an exact scan of the allowed rows when they are few (``EXACT_SCAN_ROWS``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from knowledge.vectors import kinds
from knowledge.vectors.base import EmbeddingSpace, SpaceMismatchError
from knowledge.vectors.rows import RowStore, exact_top


def limit_faiss_threads(threads: int) -> None:
    """Set the threads of FAISS (OpenMP) for this process.

    NumPy's BLAS: :func:`knowledge.vectors.factory.limit_vector_threads`, which calls this.

    Args:
        threads: Number of threads (at least 1).
    """
    faiss.omp_set_num_threads(max(1, int(threads)))


def new_faiss_index(index_type: str, dim: int) -> faiss.Index:
    """Create an empty inner-product FAISS index of the given type.

    Args:
        index_type: ``"IndexFlatIP"`` or ``"IndexHNSWFlat"`` (IVF needs training vectors:
            :func:`train_ivf`).
        dim: Vector dimension.

    Returns:
        The empty index (HNSW with the measured M, efConstruction and efSearch).

    Raises:
        ValueError: Unknown index type.
    """
    if index_type == kinds.FLAT:
        return faiss.IndexFlatIP(dim)
    if index_type == kinds.HNSW:
        index = faiss.IndexHNSWFlat(dim, kinds.HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = kinds.HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = kinds.HNSW_EF_SEARCH
        return index
    raise ValueError(f"unknown index type {index_type!r}; use {kinds.FLAT!r} or {kinds.HNSW!r}")


def train_ivf(vectors: np.ndarray, nlist: int | None = None) -> faiss.IndexIVFFlat:
    """Return an empty, trained inner-product IVF index for vectors like ``vectors``.

    Trained on an even spread of at most ``IVF_TRAIN_PER_LIST`` vectors per list (k-means
    seeded by FAISS's fixed seed, so the same vectors give the same lists). The direct map lets
    the row-ordered vectors be read back at load.
    """
    dim = int(vectors.shape[1])
    nlist = nlist or kinds.ivf_list_count(len(vectors))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    take = min(len(vectors), nlist * kinds.IVF_TRAIN_PER_LIST)
    picks = np.unique(np.linspace(0, len(vectors) - 1, take).astype(np.int64))
    index.train(np.ascontiguousarray(vectors[picks]))
    index.nprobe = min(kinds.IVF_NPROBE, index.nlist)  # more lists than exist means all
    index.make_direct_map()
    return index


def empty_like_ivf(index: faiss.IndexIVFFlat) -> faiss.IndexIVFFlat:
    """An empty IVF index with the same trained lists (compaction: no k-means again)."""
    centroids = index.quantizer.reconstruct_n(0, index.nlist)
    quantizer = faiss.IndexFlatIP(index.d)
    quantizer.add(centroids)
    fresh = faiss.IndexIVFFlat(quantizer, index.d, index.nlist, faiss.METRIC_INNER_PRODUCT)
    fresh.is_trained = True
    fresh.nprobe = index.nprobe
    fresh.make_direct_map()
    return fresh


def ivf_store(index: faiss.IndexIVFFlat, chunk: int = 100_000) -> faiss.IndexFlatIP:
    """The row-ordered flat copy of an IVF index's vectors (read back through its direct map)."""
    if index.direct_map.type == faiss.DirectMap.NoMap:
        index.make_direct_map()
    store = faiss.IndexFlatIP(index.d)
    for start in range(0, index.ntotal, chunk):
        store.add(index.reconstruct_n(start, min(chunk, index.ntotal - start)))
    return store


def vectors_view(index: faiss.Index) -> np.ndarray:
    """Return the stored vectors of a flat or HNSW-flat index as a read-only array, no copy.

    The view is only valid until the index changes; take a new one after adding vectors.
    """
    flat = faiss.downcast_index(index.storage) if isinstance(index, faiss.IndexHNSW) else index
    n, d = int(flat.ntotal), int(flat.d)
    if n == 0:
        return np.zeros((0, d), dtype=np.float32)
    view = faiss.rev_swig_ptr(flat.get_xb(), n * d).reshape(n, d)
    view.flags.writeable = False
    return view


def kind_of(index: faiss.Index) -> str:
    """The kind (``"IndexFlatIP"``, ``"IndexHNSWFlat"``, ``"IndexIVFFlat"``) of a FAISS index."""
    if isinstance(index, faiss.IndexIVF):
        return kinds.IVF
    return kinds.HNSW if isinstance(index, faiss.IndexHNSW) else kinds.FLAT


def _row_selector(row_count: int, allowed: np.ndarray) -> tuple[faiss.IDSelector, np.ndarray]:
    """A FAISS selector of the ``allowed`` rows, and the bitmap it reads (keep it alive)."""
    mask = np.zeros(row_count, dtype=bool)
    mask[allowed] = True
    bitmap = np.packbits(mask, bitorder="little")
    return faiss.IDSelectorBitmap(row_count, faiss.swig_ptr(bitmap)), bitmap


class FaissVectorStore(RowStore):
    """A vector store over one FAISS inner-product index (flat, HNSW or IVF).

    Attributes:
        faiss_index: The FAISS index, row i = vector row i (tests and benches may tune it).
    """

    def __init__(self, space: EmbeddingSpace, faiss_index: faiss.Index, copy: Any = None):
        """Wrap an empty FAISS index; use :meth:`create`, :meth:`from_vectors` or :meth:`load`.

        Args:
            space: The embedding space of the vectors.
            faiss_index: An empty FAISS index of ``space.dim`` dimensions.
            copy: For IVF, the row-ordered flat copy (made empty when not given).
        """
        super().__init__(space)
        if int(faiss_index.d) != int(space.dim):
            raise SpaceMismatchError(
                f"a {faiss_index.d}-d FAISS index cannot hold {space.describe()} vectors"
            )
        self.faiss_index = faiss_index
        self._copy = None
        if isinstance(faiss_index, faiss.IndexIVF):
            self._copy = copy if copy is not None else faiss.IndexFlatIP(int(space.dim))

    @classmethod
    def create(cls, space: EmbeddingSpace, kind: str = kinds.FLAT) -> FaissVectorStore:
        """An empty flat or HNSW store (an IVF store needs vectors: :meth:`from_vectors`)."""
        return cls(space, new_faiss_index(kind, int(space.dim)))

    @classmethod
    def from_vectors(
        cls,
        space: EmbeddingSpace,
        ids: Sequence[int] | np.ndarray,
        vectors: np.ndarray,
        kind: str = kinds.FLAT,
        metadata: Sequence[Mapping[str, Any] | None] | None = None,
    ) -> FaissVectorStore:
        """Build a store of ``kind`` holding ``vectors`` (an IVF's lists are trained on them).

        Raises:
            ValueError: IVF without vectors, or unknown kind.
        """
        vecs = np.array(vectors, dtype=np.float32, copy=True, order="C")
        if kind != kinds.IVF:
            store = cls.create(space, kind)
            store.upsert(ids, vecs, metadata, space=space)
            return store
        if vecs.ndim != 2 or not len(vecs):
            raise ValueError("an IVF index needs vectors to train its lists on")
        faiss.normalize_L2(vecs)
        store = cls(space, train_ivf(vecs))
        store._check_space(space, int(vecs.shape[1]))
        store._insert(np.asarray(ids, dtype=np.int64).reshape(-1), vecs, metadata)
        return store

    @property
    def kind(self) -> str:
        """``"IndexFlatIP"``, ``"IndexHNSWFlat"`` or ``"IndexIVFFlat"``."""
        return kind_of(self.faiss_index)

    def params(self) -> dict[str, Any]:
        """The search parameters to record (``{"hnsw": ...}`` or ``{"ivf": ...}``; ``{}``)."""
        index = self.faiss_index
        if isinstance(index, faiss.IndexHNSW):
            return {
                "hnsw": {
                    "M": kinds.HNSW_M,
                    "efConstruction": kinds.HNSW_EF_CONSTRUCTION,
                    "efSearch": kinds.HNSW_EF_SEARCH,
                }
            }
        if isinstance(index, faiss.IndexIVF):
            return {"ivf": {"nlist": int(index.nlist), "nprobe": int(index.nprobe)}}
        return {}

    # --- RowStore hooks -----------------------------------------------------------------

    def _normalise(self, vectors: np.ndarray) -> None:
        faiss.normalize_L2(vectors)

    def _append_rows(self, vectors: np.ndarray) -> None:
        self.faiss_index.add(vectors)
        if self._copy is not None:
            self._copy.add(vectors)

    def matrix(self) -> np.ndarray:
        """Return every row's vector (tombstones included) in row order: a read-only view."""
        return vectors_view(self._copy if self._copy is not None else self.faiss_index)

    def _rebuild(self, kept: np.ndarray) -> None:
        if isinstance(self.faiss_index, faiss.IndexIVF):
            index = empty_like_ivf(self.faiss_index)
            self._copy = faiss.IndexFlatIP(int(self.space.dim))
            self._copy.add(kept)
        else:
            index = new_faiss_index(self.kind, int(self.space.dim))
        if len(kept):
            index.add(kept)
        self.faiss_index = index

    def _top_rows(self, query: np.ndarray, allowed: np.ndarray, size: int) -> np.ndarray:
        index = self.faiss_index
        if isinstance(index, faiss.IndexIVF):
            return self._ivf_rows(index, query, allowed, size)
        is_hnsw = isinstance(index, faiss.IndexHNSW)
        if len(allowed) == self.row_count:  # no filter, no tombstone
            params = (
                faiss.SearchParametersHNSW(efSearch=max(index.hnsw.efSearch, size))
                if is_hnsw
                else None
            )
            _, ids = index.search(query, size, params=params)
            found = ids[0][ids[0] >= 0].astype(np.int64)
            if len(found) >= size:
                return found
            return exact_top(self.matrix(), allowed, query[0], size)  # a graph walk fell short
        if len(allowed) <= kinds.EXACT_SCAN_ROWS:
            return exact_top(self.matrix(), allowed, query[0], size)
        selector, _bitmap = _row_selector(self.row_count, allowed)
        if not is_hnsw:
            _, ids = index.search(query, size, params=faiss.SearchParameters(sel=selector))
            return ids[0][ids[0] >= 0].astype(np.int64)
        ef = max(int(index.hnsw.efSearch), size)
        while True:
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=ef)
            _, ids = index.search(query, size, params=params)
            found = ids[0][ids[0] >= 0]
            if len(found) >= size:
                return found.astype(np.int64)
            if ef >= kinds.MAX_EF_SEARCH:  # a very selective filter starves the graph walk
                return exact_top(self.matrix(), allowed, query[0], size)
            ef *= 2

    def _ivf_rows(
        self, ivf: faiss.IndexIVF, query: np.ndarray, allowed: np.ndarray, size: int
    ) -> np.ndarray:
        """Scan more lists until ``size`` allowed rows are found (at worst every list)."""
        selector = None
        if len(allowed) < self.row_count:  # a filter or tombstones
            if len(allowed) <= kinds.EXACT_SCAN_ROWS:
                return exact_top(self.matrix(), allowed, query[0], size)
            selector, _bitmap = _row_selector(self.row_count, allowed)
        nprobe = max(1, int(ivf.nprobe))
        while True:
            params = (
                faiss.SearchParametersIVF(nprobe=nprobe, sel=selector)
                if selector is not None
                else faiss.SearchParametersIVF(nprobe=nprobe)
            )
            _, ids = ivf.search(query, size, params=params)
            found = ids[0][ids[0] >= 0]
            if len(found) >= size or nprobe >= ivf.nlist:
                return found.astype(np.int64)
            nprobe = min(2 * nprobe, int(ivf.nlist))

    # --- persistence --------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], rows: bool = True) -> None:
        """Write the FAISS index (rows in order, tombstones included) to ``path``.

        Args:
            path: The index file.
            rows: Also write which id each row holds and which rows are live, to
                ``<path>.rows.npz``, unless row i holds id i and every row is live. The partner
                index passes ``False``: its ids are its rows and ``profiles.jsonl`` says which
                are live (so its directory keeps the files it always had).
        """
        faiss.write_index(self.faiss_index, str(path))
        identity = np.array_equal(self._row_ids, np.arange(self.row_count))
        if rows and not (identity and bool(self._alive.all())):
            with open(f"{path}.rows.npz", "wb") as fh:
                np.savez(fh, row_ids=self._row_ids, alive=self._alive)

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        space: EmbeddingSpace,
        alive: np.ndarray | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> FaissVectorStore:
        """Read a FAISS index written by :meth:`save`.

        Row ids and live rows come from ``<path>.rows.npz`` when :meth:`save` wrote it (and
        ``alive`` is not given); otherwise row i holds id i.

        Args:
            path: The index file.
            space: The embedding space it holds (its ``dim`` must be the file's).
            alive: Which rows are live (default: all, or what ``<path>.rows.npz`` says); the
                others are tombstones.
            params: The recorded search parameters (:meth:`params`): efSearch, nprobe.

        Raises:
            RuntimeError: FAISS cannot read the file.
            SpaceMismatchError: The file's dimension is not ``space.dim``.
            ValueError: ``alive`` does not have one flag per row.
        """
        index = faiss.read_index(str(path))
        params = params or {}
        if int(index.d) != int(space.dim):
            raise SpaceMismatchError(f"{path} holds {index.d}-d vectors, not {space.dim}-d")
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = int(params.get("hnsw", {}).get("efSearch", kinds.HNSW_EF_SEARCH))
        copy = None
        if isinstance(index, faiss.IndexIVF):
            index.nprobe = int(params.get("ivf", {}).get("nprobe", kinds.IVF_NPROBE))
            copy = ivf_store(index)
        store = cls(space, index, copy)
        n = int(index.ntotal)
        row_ids = np.arange(n, dtype=np.int64)
        flags = np.ones(n, dtype=bool) if alive is None else np.asarray(alive, dtype=bool)
        saved_rows = Path(f"{path}.rows.npz")
        if alive is None and saved_rows.is_file():
            with np.load(saved_rows, allow_pickle=False) as data:
                row_ids = np.asarray(data["row_ids"], dtype=np.int64)
                flags = np.asarray(data["alive"], dtype=bool)
        if len(flags) != n or len(row_ids) != n:
            raise ValueError(f"{path} holds {n} vectors for {len(flags)} rows")
        store._restore(row_ids, flags)
        return store
