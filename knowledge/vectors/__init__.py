"""Vector stores: the ``VectorStore`` seam, its implementations (exact NumPy, FAISS), the factory.

Code that searches vectors depends on :class:`VectorStore` alone and makes, saves and loads its
store through :mod:`knowledge.vectors.factory` (``new_store``, ``save_store``, ``load_store``),
the one place that picks the engine. :class:`FaissVectorStore` lives in
:mod:`knowledge.vectors.faiss_store` (it loads FAISS); everything importable from here is
FAISS-free.
"""

from knowledge.vectors.base import (
    Compactable,
    EmbeddingSpace,
    Hits,
    SpaceMismatchError,
    VectorStore,
    Where,
    renumber,
)
from knowledge.vectors.exact import ExactVectorStore
from knowledge.vectors.factory import (
    limit_vector_threads,
    load_store,
    new_store,
    save_store,
    store_file,
    store_kind,
    store_params,
)

__all__ = [
    "Compactable",
    "EmbeddingSpace",
    "ExactVectorStore",
    "Hits",
    "SpaceMismatchError",
    "VectorStore",
    "Where",
    "limit_vector_threads",
    "load_store",
    "new_store",
    "renumber",
    "save_store",
    "store_file",
    "store_kind",
    "store_params",
]
