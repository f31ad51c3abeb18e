"""The deterministic fake embedder for tests: a hashed bag of words, no model."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from knowledge.embedding.protocol import describe_space, normalise_rows

_TOKEN = re.compile(r"\w+")


class FakeEmbedder:
    """Deterministic embedder for tests: hashed bag of words, no model.

    Each lower-cased word token adds +-1 to one hashed dimension, so texts that share words have a
    positive cosine similarity and texts with no words in common are near-orthogonal.
    """

    def __init__(self, dim: int = 64):
        """Create the fake embedder.

        Args:
            dim: Vector dimension.

        Raises:
            ValueError: ``dim`` is below 2.
        """
        if dim < 2:
            raise ValueError(f"dim must be at least 2, got {dim}")
        self.dim = dim
        self.name = f"fake-hashed-words-{dim}"

    @property
    def space(self) -> str:
        """The embedding space: the name alone (the fake has no vector-shaping settings)."""
        return describe_space(self.name)

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        tokens = _TOKEN.findall(text.casefold()) or ["\x00empty"]
        for token in tokens:
            digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
            value = int.from_bytes(digest, "little")
            vec[value % self.dim] += 1.0 if (value >> 32) & 1 else -1.0
        if not vec.any():  # tokens cancelled out
            vec[0] = 1.0
        return vec

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts deterministically; see :class:`~knowledge.embedding.Embedder`."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(np.stack([self._vector(t) for t in texts]))
