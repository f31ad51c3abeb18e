"""Semantic ranking for the calls store: call vectors and a hybrid ``rank_hook``.

The title and description of every call are embedded once with the project's
:class:`~knowledge.embedding.Embedder` into a small numpy matrix (a few hundred rows: exact inner
product is faster than any index). The matrix is cached beside the store as
``<store>.vectors-<key>.npz``; the key is a hash of the store's content (ids and content hashes)
and the model name, so a refreshed store or another model never reuses stale vectors.

:func:`hybrid_rank_hook` returns a :data:`~knowledge.calls.store.RankHook` that mixes the keyword
(bm25) score with cosine similarity and adds calls the keywords missed when they are semantically
close enough. Built on purpose (action-server start), never at import.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.calls.records import Call
from knowledge.calls.store import CallStore, RankHook
from knowledge.embedding import Embedder

logger = logging.getLogger(__name__)

#: Characters of a description embedded with the title (the model reads ~256 tokens anyway).
DESCRIPTION_CHARS = 600
#: Weight of the keyword score in the hybrid relevance (the rest is semantic similarity).
KEYWORD_WEIGHT = 0.5
#: Cosine similarity from which a call the keywords missed is added to the results.
MIN_SIMILARITY = 0.45
#: Most calls added by semantic similarity alone.
SEMANTIC_TOP_N = 20
CACHE_FORMAT = "1"


def call_text(call: Call) -> str:
    """The text embedded for a call: title, keywords and the start of the description."""
    parts = [call.title, ", ".join(call.keywords), call.description[:DESCRIPTION_CHARS]]
    return ". ".join(p for p in parts if p)


def title_text(call: Call) -> str:
    """The text of a call's title vector (:mod:`knowledge.calls.topic_signal`): its title."""
    return call.title


def model_key(embedder: Embedder) -> str:
    """The identity call vectors are cached and checked under: the embedder's :attr:`space`.

    That is the model name plus the settings that shape its vectors (backend, quantisation,
    token limit; :func:`~knowledge.embedding.describe_space` owns the format), so vectors from
    another runtime of the same model are never mixed in.

    Args:
        embedder: The embedder the vectors come from.

    Returns:
        ``embedder.space``.
    """
    return embedder.space


def content_key(calls: Sequence[Call], model_name: str, kind: str = "") -> str:
    """Hash of the calls' ids and content hashes plus the model name (the cache key).

    Args:
        calls: The store's calls.
        model_name: ``Embedder.name``.
        kind: Which text of the calls is embedded (``""``: :func:`call_text`; ``"title"``).

    Returns:
        A hex digest; equal content and model give an equal key.
    """
    digest = hashlib.sha256(f"{CACHE_FORMAT}\n{model_name}\n".encode())
    if kind:
        digest.update(f"kind={kind}\n".encode())
    for call in sorted(calls, key=lambda c: c.id):
        digest.update(f"{call.id}\t{call.content_hash}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class CallVectors:
    """Normalised vectors of the calls of one store, for one model.

    Attributes:
        ids: Call ids, one per row.
        matrix: float32 array ``(len(ids), dim)`` with L2-normalised rows.
        model: The embedder's name.
        key: :func:`content_key` of the calls and model.
    """

    ids: tuple[str, ...]
    matrix: np.ndarray
    model: str
    key: str

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls, calls: Sequence[Call], embedder: Embedder, batch_size: int = 64, kind: str = ""
    ) -> CallVectors:
        """Embed the calls (no cache).

        Args:
            calls: The calls.
            embedder: The embedding model.
            batch_size: Texts per ``embed_batch`` call.
            kind: ``""`` embeds :func:`call_text`, ``"title"`` :func:`title_text`.

        Returns:
            The vectors.
        """
        texts = [(title_text if kind == "title" else call_text)(c) for c in calls]
        chunks = [
            embedder.embed_batch(texts[i : i + batch_size])
            for i in range(0, len(texts), batch_size)
        ]
        matrix = (
            np.vstack(chunks).astype(np.float32)
            if chunks
            else np.zeros((0, embedder.dim), dtype=np.float32)
        )
        model = model_key(embedder)
        return cls(tuple(c.id for c in calls), matrix, model, content_key(calls, model, kind))

    @classmethod
    def for_store(
        cls,
        store: CallStore,
        embedder: Embedder,
        cache_dir: str | os.PathLike[str] | None = None,
        kind: str = "",
    ) -> CallVectors:
        """Load the store's vectors from the cache, or embed and cache them.

        The cache file sits beside the store (or in ``cache_dir``); a cache that cannot be
        written (read-only directory) is logged and the vectors are kept in memory.

        Args:
            store: The opened calls store.
            embedder: The embedding model (its name is part of the key).
            cache_dir: Directory for the cache file; default: the store's directory.
            kind: ``""`` for the calls' text, ``"title"`` for their titles alone.

        Returns:
            The vectors, matching the store's content and the model.
        """
        calls = store.all_calls()
        key = content_key(calls, model_key(embedder), kind)
        directory = Path(cache_dir) if cache_dir else store.path.parent
        path = directory / f"{store.path.name}.vectors-{key[:16]}.npz"
        cached = _read_cache(path, key, model_key(embedder))
        if cached is not None:
            logger.info(
                "call vectors loaded from %s (%d calls, %s)", path, len(cached), cached.model
            )
            return cached
        vectors = cls.build(calls, embedder, kind=kind)
        _write_cache(path, vectors)
        logger.info("call vectors built: %d calls with %s", len(vectors), vectors.model)
        return vectors

    def similarities(self, embedder: Embedder, text: str) -> dict[str, float]:
        """Cosine similarity of ``text`` to every call.

        Args:
            embedder: The same model the vectors were built with.
            text: The query.

        Returns:
            Call id -> similarity in [-1, 1].

        Raises:
            ValueError: The embedder is not the model of the vectors.
        """
        if model_key(embedder) != self.model:
            raise ValueError(
                f"call vectors were built with {self.model!r}, not {model_key(embedder)!r}; "
                "rebuild them"
            )
        if not len(self.ids):
            return {}
        return self.similarities_to(embedder.embed_batch([text])[0])

    def similarities_to(self, vector: np.ndarray) -> dict[str, float]:
        """Cosine similarity of a unit ``vector`` of the vectors' space to every call."""
        if not len(self.ids):
            return {}
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        return dict(zip(self.ids, (float(s) for s in scores), strict=True))


def _read_cache(path: Path, key: str, model: str) -> CallVectors | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != key or str(data["model"]) != model:
                return None
            ids = tuple(str(i) for i in data["ids"])
            matrix = np.ascontiguousarray(data["matrix"], dtype=np.float32)
    except (OSError, KeyError, ValueError) as exc:
        logger.warning("ignoring unreadable call-vector cache %s (%s)", path, exc)
        return None
    if matrix.shape[0] != len(ids):
        return None
    return CallVectors(ids, matrix, model, key)


def _write_cache(path: Path, vectors: CallVectors) -> None:
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            np.savez(
                handle,
                ids=np.array(vectors.ids, dtype=str),
                matrix=vectors.matrix,
                model=np.array(vectors.model),
                key=np.array(vectors.key),
            )
        os.replace(tmp, path)
    except OSError as exc:
        logger.warning("could not cache call vectors at %s (%s); keeping them in memory", path, exc)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def hybrid_rank_hook(
    vectors: CallVectors,
    embedder: Embedder,
    keyword_weight: float = KEYWORD_WEIGHT,
    min_similarity: float = MIN_SIMILARITY,
    top_n: int = SEMANTIC_TOP_N,
) -> RankHook:
    """Make a ``rank_hook`` for :meth:`CallStore.search` that mixes keywords and meaning.

    Relevance = ``keyword_weight * keyword/max_keyword + (1 - keyword_weight) * similarity``.
    Every keyword candidate is kept; up to ``top_n`` other calls with similarity of at least
    ``min_similarity`` are added (the store still applies all filters and the status rule).

    Args:
        vectors: The store's call vectors.
        embedder: The model they were built with.
        keyword_weight: Share of the keyword score, 0..1.
        min_similarity: Cosine similarity needed to add a call the keywords missed.
        top_n: Most calls added that way.

    Returns:
        The hook.
    """
    if not 0.0 <= keyword_weight <= 1.0:
        raise ValueError(f"keyword_weight must be between 0 and 1, got {keyword_weight}")

    def hook(text: str, candidates: Sequence[tuple[str, float]]) -> Mapping[str, float]:
        similarity = vectors.similarities(embedder, text)
        top = max((score for _, score in candidates), default=0.0)
        ranking: dict[str, float] = {}
        for call_id, score in candidates:
            keyword = score / top if top > 0 else 0.0
            semantic = similarity.get(call_id, 0.0)
            ranking[call_id] = keyword_weight * keyword + (1 - keyword_weight) * semantic
        extra = sorted(
            (
                (sim, cid)
                for cid, sim in similarity.items()
                if cid not in ranking and sim >= min_similarity
            ),
            reverse=True,
        )[:top_n]
        for sim, cid in extra:
            ranking[cid] = (1 - keyword_weight) * sim
        return ranking

    return hook
