"""Embedding profiles for the partner index: in batches, reusing the vectors of unchanged texts."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from tqdm import tqdm

from knowledge.embedding import Embedder
from knowledge.errors import KnowledgeError
from knowledge.partners.manifest import embedding_mismatch
from knowledge.records import ClusterProfile

if TYPE_CHECKING:
    from knowledge.partners.index import PartnerIndex

logger = logging.getLogger("knowledge")

EMBED_BATCH = 64


def embed_profiles(
    profiles: Sequence[ClusterProfile],
    embedder: Embedder,
    progress: bool = False,
    batch_size: int = EMBED_BATCH,
) -> np.ndarray:
    """Embed the profiles' search texts in batches.

    Args:
        profiles: Profiles to embed.
        embedder: The embedder.
        progress: Show a tqdm progress bar (on stderr).
        batch_size: Profiles per ``embed_batch`` call.

    Returns:
        ``(len(profiles), dim)`` float32 vectors (as the embedder returns them).

    Raises:
        KnowledgeError: The embedder returned vectors of the wrong shape.
    """
    dim = int(embedder.dim)
    out = np.zeros((len(profiles), dim), dtype=np.float32)
    with tqdm(
        total=len(profiles), desc="Embedding profiles", unit="profile", disable=not progress
    ) as bar:
        for start in range(0, len(profiles), batch_size):
            chunk = profiles[start : start + batch_size]
            vectors = np.asarray(
                embedder.embed_batch([p.search_text() for p in chunk]), dtype=np.float32
            )
            if vectors.shape != (len(chunk), dim):
                raise KnowledgeError(
                    f"embedder {embedder.name!r} returned shape {vectors.shape}, "
                    f"expected {(len(chunk), dim)}"
                )
            out[start : start + len(chunk)] = vectors
            bar.update(len(chunk))
    return out


def _text_key(profile: ClusterProfile) -> bytes:
    return hashlib.blake2b(profile.search_text().encode("utf-8"), digest_size=16).digest()


def embed_reusing(
    profiles: Sequence[ClusterProfile],
    embedder: Embedder,
    progress: bool,
    batch_size: int,
    reuse: PartnerIndex | None,
) -> np.ndarray:
    """Vectors of ``profiles``: copied from ``reuse`` for texts it holds, embedded otherwise."""
    if reuse is None or len(reuse) == 0:
        return embed_profiles(profiles, embedder, progress, batch_size)
    if (
        reuse.manifest.get("model") != embedder.name
        or embedding_mismatch(reuse.manifest, embedder)
        or reuse.dim != embedder.dim
    ):
        logger.info("Not reusing vectors: the previous index has another model or settings")
        return embed_profiles(profiles, embedder, progress, batch_size)
    known: dict[bytes, int] = {}
    for row in reuse.live_rows().tolist():
        profile = reuse.profile_at(row)
        if profile is not None:
            known.setdefault(_text_key(profile), row)
    out = np.zeros((len(profiles), reuse.dim), dtype=np.float32)
    todo, found, rows = [], [], []
    for i, profile in enumerate(profiles):
        row = known.get(_text_key(profile))
        if row is None:
            todo.append(i)
        else:
            found.append(i)
            rows.append(row)
    if found:
        out[found] = reuse.vectors(np.asarray(rows, dtype=np.int64))
    if todo:
        out[todo] = embed_profiles([profiles[i] for i in todo], embedder, progress, batch_size)
    logger.info(
        "Reused the vectors of %d unchanged profiles; embedded %d",
        len(profiles) - len(todo),
        len(todo),
    )
    return out
