"""Vector stores: the ``VectorStore`` seam and its implementations (exact NumPy, FAISS).

Import :class:`FaissVectorStore` from :mod:`knowledge.vectors.faiss_store` (it loads FAISS);
everything here is FAISS-free.
"""

from knowledge.vectors.base import EmbeddingSpace, Hits, SpaceMismatchError, VectorStore, Where
from knowledge.vectors.exact import ExactVectorStore

__all__ = [
    "EmbeddingSpace",
    "ExactVectorStore",
    "Hits",
    "SpaceMismatchError",
    "VectorStore",
    "Where",
]
