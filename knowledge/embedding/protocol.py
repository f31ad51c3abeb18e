"""The embedding contract: the :class:`Embedder` protocol and the invariants of its vectors.

Owns what every embedder promises (L2-normalised float32 rows of ``dim`` values, see
:func:`normalise_rows`) and how an embedding space is named (:func:`describe_space`), which
vector stores compare before they mix vectors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors.

    Attributes:
        name: Stable identifier of the model; recorded in index manifests.
        dim: Vector dimension.
        space: Description of the embedding space (model name plus the settings that shape the
            vectors); two embedders with the same ``space`` give comparable vectors, so a vector
            store compares it before mixing vectors.

    Real embedders also have ``config``: the settings besides the model that change the vectors
    (``{"backend", "quantization", "max_seq_length"}``), recorded in index manifests and compared
    on load. Embedders without it (the fake) are identified by ``name`` alone.
    """

    name: str

    @property
    def dim(self) -> int:
        """Vector dimension."""
        ...

    @property
    def space(self) -> str:
        """Description of the embedding space (see the class docstring)."""
        ...

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts.

        Args:
            texts: The texts.

        Returns:
            float32 array of shape ``(len(texts), dim)`` with L2-normalised rows.
        """
        ...


def normalise_rows(vectors: Any) -> np.ndarray:
    """Return ``vectors`` as a C-contiguous float32 array with L2-normalised rows.

    Args:
        vectors: A 2-D array-like; all-zero rows are left at zero.

    Returns:
        The normalised float32 array.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def describe_space(name: str, config: Mapping[str, Any] | None = None) -> str:
    """Name an embedding space: the model name plus the settings that shape its vectors.

    Args:
        name: The model identifier (:attr:`Embedder.name`).
        config: The vector-shaping settings (backend, quantisation, token limit...), if any.

    Returns:
        ``name`` alone without settings, else ``"<name> <settings as sorted JSON>"``.
    """
    if not config:
        return name
    return f"{name} {json.dumps(dict(config), sort_keys=True)}"
