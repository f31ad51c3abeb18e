"""``ExactVectorStore``: the reference vector store, an exact scan over a NumPy matrix.

No approximation and no dependency beyond NumPy: every search scores every allowed row. It is
the baseline the contract tests hold the FAISS store to, and fits small corpora or tests.
Persistence: one ``.npz`` file (vectors, row ids, live flags, the embedding space; not the
metadata that field filters read).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from knowledge.vectors.base import EmbeddingSpace
from knowledge.vectors.rows import RowStore, exact_top


class ExactVectorStore(RowStore):
    """Vectors in a growing NumPy array; search is an exact scan of the allowed rows."""

    def __init__(self, space: EmbeddingSpace):
        """Start empty.

        Args:
            space: The embedding space of the vectors it will hold.
        """
        super().__init__(space)
        self._data = np.zeros((0, int(space.dim)), dtype=np.float32)
        self._rows = 0

    def _normalise(self, vectors: np.ndarray) -> None:
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        np.divide(vectors, norms, out=vectors, where=norms > 0)

    def _append_rows(self, vectors: np.ndarray) -> None:
        need = self._rows + len(vectors)
        if need > len(self._data):
            grown = np.zeros((max(need, 2 * len(self._data)), self.space.dim), dtype=np.float32)
            grown[: self._rows] = self._data[: self._rows]
            self._data = grown
        self._data[self._rows : need] = vectors
        self._rows = need

    def matrix(self) -> np.ndarray:
        """Return every row's vector (tombstones included) in row order, read-only."""
        view = self._data[: self._rows]
        view.flags.writeable = False
        return view

    def _top_rows(self, query: np.ndarray, allowed: np.ndarray, size: int) -> np.ndarray:
        return exact_top(self.matrix(), allowed, query[0], size)

    def _rebuild(self, kept: np.ndarray) -> None:
        self._data = np.array(kept, dtype=np.float32, copy=True).reshape(-1, self.space.dim)
        self._rows = len(self._data)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the store to one ``.npz`` file (tombstones included)."""
        with Path(path).open("wb") as fh:
            np.savez(
                fh,
                vectors=self.matrix(),
                row_ids=self._row_ids,
                alive=self._alive,
                space=np.array(json.dumps(vars(self.space))),
            )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ExactVectorStore:
        """Read a store written by :meth:`save`."""
        with np.load(Path(path), allow_pickle=False) as data:
            store = cls(EmbeddingSpace(**json.loads(str(data["space"]))))
            store._append_rows(np.asarray(data["vectors"], dtype=np.float32))
            store._restore(data["row_ids"], data["alive"])
        return store
