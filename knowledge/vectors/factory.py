"""Making, saving and loading a vector store of a given kind: the one place that picks the engine.

Kinds: :data:`~knowledge.vectors.kinds.EXACT` (the NumPy :class:`ExactVectorStore`) and the FAISS
kinds of :mod:`knowledge.vectors.kinds` (flat, HNSW, IVF; :func:`choose_index_type` picks one by
corpus size). FAISS is imported only when a FAISS kind is asked for, so code that builds its
stores here depends on the :class:`~knowledge.vectors.base.VectorStore` Protocol alone. Another
engine (Qdrant, OpenSearch, Milvus...) joins by implementing the Protocol and a branch here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from knowledge.vectors import kinds
from knowledge.vectors.base import EmbeddingSpace, SpaceMismatchError, VectorStore
from knowledge.vectors.exact import ExactVectorStore

#: File name of a saved store, by kind (FAISS kinds: ``vectors.faiss``).
EXACT_FILE = "vectors.npz"
FAISS_FILE = "vectors.faiss"


def store_file(kind: str) -> str:
    """The file name a store of ``kind`` is saved under in an index directory."""
    return EXACT_FILE if kind == kinds.EXACT else FAISS_FILE


def new_store(
    kind: str,
    space: EmbeddingSpace,
    ids: Sequence[int] | np.ndarray,
    vectors: np.ndarray,
    metadata: Sequence[Mapping[str, Any] | None] | None = None,
) -> VectorStore:
    """Build a store of ``kind`` holding ``vectors`` under ``ids`` (an IVF is trained on them).

    Args:
        kind: :data:`~knowledge.vectors.kinds.EXACT` or a FAISS kind (``kinds.KINDS``).
        space: The embedding space of the vectors.
        ids: One id per vector.
        vectors: ``(len(ids), dim)`` vectors (normalised by the store).
        metadata: Per id, the fields :class:`~knowledge.vectors.base.Where` filters may test.

    Returns:
        The store.

    Raises:
        ValueError: Unknown kind, or an IVF without vectors.
    """
    if kind == kinds.EXACT:
        store = ExactVectorStore(space)
        store.upsert(ids, vectors, metadata, space=space)
        return store
    if kind not in kinds.KINDS:
        raise ValueError(f"unknown vector store kind {kind!r}; use one of {_known()}")
    from knowledge.vectors.faiss_store import FaissVectorStore

    return FaissVectorStore.from_vectors(space, ids, vectors, kind, metadata)


def store_params(store: VectorStore) -> dict[str, Any]:
    """The search parameters a store records for its next load (``{}`` when it has none)."""
    params = getattr(store, "params", None)
    return dict(params()) if callable(params) else {}


def store_kind(store: VectorStore) -> str:
    """The kind of a store made here (``type(store).__name__`` for another engine's)."""
    if isinstance(store, ExactVectorStore):
        return kinds.EXACT
    return str(getattr(store, "kind", type(store).__name__))


def save_store(store: VectorStore, path: str | os.PathLike[str]) -> None:
    """Write a store made here to ``path`` (see :func:`store_file` for the name).

    A FAISS store writes its index alone: row i holds id i and which rows are live is recorded
    by the caller (the partner index's ``profiles.jsonl``), as it always has.

    Raises:
        TypeError: The store cannot be saved to a file.
    """
    if isinstance(store, ExactVectorStore):
        store.save(path)
        return
    from knowledge.vectors.faiss_store import FaissVectorStore

    if not isinstance(store, FaissVectorStore):
        raise TypeError(f"a {type(store).__name__} is not saved to a file")
    store.save(path, rows=False)


def load_store(
    kind: str,
    path: str | os.PathLike[str],
    space: EmbeddingSpace,
    alive: np.ndarray | None = None,
    params: Mapping[str, Any] | None = None,
) -> VectorStore:
    """Read a store of ``kind`` written by :func:`save_store`.

    Args:
        kind: The kind it was saved as.
        path: The file.
        space: The embedding space it holds.
        alive: For a FAISS store, which rows (= ids) are live; the others are tombstones.
        params: The recorded search parameters (:func:`store_params`).

    Raises:
        SpaceMismatchError: The file holds vectors of another space or dimension.
        ValueError: Unknown kind, or ``alive`` does not fit the file.
        RuntimeError, OSError: The file cannot be read.
    """
    if kind == kinds.EXACT:
        store = ExactVectorStore.load(path)
        if not space.accepts(store.space) or int(store.space.dim) != int(space.dim):
            raise SpaceMismatchError(f"{path} holds {store.space.describe()} vectors")
        if alive is not None and not np.array_equal(store.ids(), np.flatnonzero(alive)):
            raise ValueError(f"{path} does not hold the live rows it is loaded for")
        return store
    if kind not in kinds.KINDS:
        raise ValueError(f"unknown vector store kind {kind!r}; use one of {_known()}")
    from knowledge.vectors.faiss_store import FaissVectorStore

    return FaissVectorStore.load(path, space, alive, params)


def limit_vector_threads(threads: int) -> None:
    """Set the threads of the vector engines (FAISS's OpenMP, if installed) and NumPy's BLAS.

    Args:
        threads: Number of threads (at least 1).
    """
    threads = max(1, int(threads))
    try:
        from knowledge.vectors.faiss_store import limit_faiss_threads
    except ImportError:  # no FAISS: only NumPy's BLAS
        pass
    else:
        limit_faiss_threads(threads)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it NumPy keeps its BLAS default
        return
    threadpool_limits(limits=threads, user_api="blas")


def _known() -> str:
    return ", ".join((kinds.EXACT, *kinds.KINDS))
