"""The partner index manifest: its file names, fields, embedding settings and status.

On disk (``<index_dir>/``)::

    manifest.json    {model, embedding, dim, count, rows, profiles_hash, source_hash, index_type,
                      hnsw, ivf, keywords, edits, built_at, updated_at, format}
    vectors.faiss    FAISS inner-product index over L2-normalised vectors, row i = line i
                     (``vectors.npz`` for an ``"exact"`` index: :mod:`knowledge.vectors.factory`)
    profiles.jsonl   the profile of each vector row, in row order; ``null`` for a removed row
    keywords.npz     the BM25F keyword index over the live rows (``KeywordIndex.save``)

Embedding settings. ``embedding`` records how the vectors were made besides the model:
``{"backend": "onnx" | "torch", "quantization": "int8-dynamic-per-channel" | "none",
"max_seq_length": word pieces}`` (the embedder's ``config``). An index is only used with an
embedder of the same model and settings: query vectors must come from the same runtime as the
stored ones. A manifest without it predates the field and was built with the torch backend.

Staleness. ``source_hash`` is the content hash of the profiles file a full build read;
``profiles_hash`` is the hash of what the index holds now (they differ after ``index add`` or
``remove``). An index is current for a profiles file whose hash is either of them.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from knowledge.embedding import Embedder
from knowledge.errors import BUILD_HINT, IndexCorruptError, IndexMismatchError, IndexMissingError
from knowledge.vectors import EmbeddingSpace

MANIFEST = "manifest.json"
PROFILES = "profiles.jsonl"
KEYWORDS = "keywords.npz"
FORMAT_VERSION = 2

#: What a manifest without an ``embedding`` field was built with (all builds before the field).
LEGACY_EMBEDDING = {"backend": "torch", "quantization": "none", "max_seq_length": None}


def now() -> str:
    """The current UTC time as the manifest records it (ISO 8601, seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def embedding_config(embedder: Embedder) -> dict[str, Any] | None:
    """Return the embedder's vector-shaping settings (``None`` for embedders without any)."""
    config = getattr(embedder, "config", None)
    return dict(config) if isinstance(config, dict) else None


def recorded_embedding(manifest: dict[str, Any]) -> dict[str, Any]:
    """Return the embedding settings a manifest records (:data:`LEGACY_EMBEDDING` if none)."""
    recorded = manifest.get("embedding")
    return dict(recorded) if isinstance(recorded, dict) else dict(LEGACY_EMBEDDING)


def describe_embedding(config: dict[str, Any] | None) -> str:
    """Short text for messages, e.g. ``onnx int8-dynamic-per-channel, 256 tokens``."""
    if not config:
        return "unrecorded settings"
    quantization = config.get("quantization") or "none"
    text = str(config.get("backend", "?"))
    if quantization != "none":
        text += f" {quantization}"
    tokens = config.get("max_seq_length")
    return text + (f", {tokens} tokens" if tokens else ", the model's token limit")


def settings_key(config: dict[str, Any] | None) -> str | None:
    """Canonical text of embedding settings: an :class:`EmbeddingSpace`'s ``settings``.

    ``None`` (no settings: a fake embedder) is never compared.
    """
    return None if config is None else json.dumps(config, sort_keys=True)


def embedding_fits(recorded: dict[str, Any], configured: dict[str, Any] | None) -> bool:
    """Whether vectors made with ``recorded`` settings serve an embedder ``configured`` so.

    The one rule for "same embedding settings": :meth:`EmbeddingSpace.accepts` on the
    canonical settings (an embedder without settings fits any).
    """
    return EmbeddingSpace("", 0, settings_key(recorded)).accepts(
        EmbeddingSpace("", 0, settings_key(configured))
    )


def manifest_space(manifest: dict[str, Any]) -> EmbeddingSpace:
    """The embedding space of an index's vectors (:data:`LEGACY_EMBEDDING` before the field)."""
    return EmbeddingSpace(
        str(manifest.get("model")), int(manifest["dim"]), settings_key(recorded_embedding(manifest))
    )


def embedder_space(embedder: Embedder, dim: int) -> EmbeddingSpace:
    """The embedding space of an embedder's ``dim``-d vectors (settings ``None`` if it has none)."""
    return EmbeddingSpace(embedder.name, int(dim), settings_key(embedding_config(embedder)))


def embedding_mismatch(manifest: dict[str, Any], embedder: Embedder) -> str | None:
    """Say how the index's embedding settings differ from the embedder's (``None`` if they don't).

    Embedders without ``config`` (the fake) are checked by model name only.
    """
    expected = embedding_config(embedder)
    if expected is None:
        return None
    recorded = recorded_embedding(manifest)
    if embedding_fits(recorded, expected):
        return None
    if "embedding" not in manifest:
        return (
            f"built with the torch backend before embedding settings were recorded, but the "
            f"configured embedding is {describe_embedding(expected)}"
        )
    return (
        f"built with embedding {describe_embedding(recorded)}, but the configured embedding is "
        f"{describe_embedding(expected)} (CLUSTER_EMBED_BACKEND, CLUSTER_EMBED_MAX_TOKENS)"
    )


def known_hashes(manifest: dict[str, Any]) -> set[str]:
    """The profiles hashes an index is current for (``profiles_hash`` and ``source_hash``)."""
    return {h for h in (manifest.get("profiles_hash"), manifest.get("source_hash")) if h}


def new_manifest(
    model: str,
    embedding: dict[str, Any] | None,
    dim: int,
    count: int,
    content_hash: str,
    index_type: str,
    params: dict[str, Any],
) -> dict[str, Any]:
    """The manifest of a fresh build (fields in the order they have always been written)."""
    stamp = now()
    manifest: dict[str, Any] = {"model": model}
    if embedding is not None:
        manifest["embedding"] = dict(embedding)
    manifest |= {
        "dim": int(dim),
        "count": count,
        "rows": count,
        "profiles_hash": content_hash,
        "source_hash": content_hash,
        "index_type": index_type,
        "edits": 0,
        "built_at": stamp,
        "updated_at": stamp,
        "format": FORMAT_VERSION,
    }
    return manifest | params


def read_manifest(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Read an index manifest without loading the vectors or the model.

    Args:
        directory: Index directory.

    Returns:
        The manifest dict.

    Raises:
        IndexMissingError: No index (no manifest) at ``directory``.
        IndexCorruptError: The manifest is not valid.
    """
    path = Path(directory)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise IndexMissingError(f"no partner index at {path}; {BUILD_HINT}")
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(
            f"the partner index manifest {manifest_path} is unreadable ({exc}); {BUILD_HINT} --force"
        ) from exc
    required = ("model", "dim", "count", "profiles_hash", "index_type", "built_at")
    if not isinstance(manifest, dict) or any(key not in manifest for key in required):
        raise IndexCorruptError(
            f"the partner index manifest {manifest_path} lacks fields; {BUILD_HINT} --force"
        )
    return manifest


def index_status(
    manifest: dict[str, Any],
    current_hash: str,
    model: str,
    embedding: dict[str, Any] | None = None,
) -> list[str]:
    """Return why an index does not fit the profiles file and model (empty when it does).

    Args:
        manifest: The index manifest.
        current_hash: ``profiles_hash`` of the profiles file.
        model: Name of the configured model.
        embedding: The configured embedder's ``config``; ``None`` skips that check.

    Returns:
        Problems, e.g. ``["profiles changed since the build"]``.
    """
    problems = []
    if manifest["model"] != model:
        problems.append(f"built with {manifest['model']}, configured model is {model}")
    elif not embedding_fits(recorded_embedding(manifest), embedding):
        problems.append(
            f"built with embedding {describe_embedding(recorded_embedding(manifest))}, "
            f"configured {describe_embedding(embedding)}"
        )
    if current_hash not in known_hashes(manifest):
        problems.append("the profiles file changed since the build")
    return problems


def check_fits(
    manifest: dict[str, Any],
    embedder: Embedder,
    path: Path,
    expected_hash: str | None = None,
    lazy_dim: bool = False,
) -> None:
    """Refuse an index whose manifest does not fit the embedder (or the expected profiles).

    Args:
        manifest: The index manifest.
        embedder: The embedder queries will use.
        path: The index directory (for messages).
        expected_hash: ``profiles_hash`` of the current profiles file (``None``: not checked).
        lazy_dim: Skip the dimension check while the model is not loaded.

    Raises:
        IndexMismatchError: Another model, embedding settings or dimension, or other profiles.
    """
    if manifest.get("model") != embedder.name:
        raise IndexMismatchError(
            f"the partner index at {path} was built with model {manifest.get('model')!r} "
            f"but the configured model is {embedder.name!r}; {BUILD_HINT} to rebuild it"
        )
    mismatch = embedding_mismatch(manifest, embedder)
    if mismatch:
        raise IndexMismatchError(
            f"the partner index at {path} was {mismatch}; query vectors must come from the "
            f"same runtime as the stored ones; {BUILD_HINT} to rebuild it"
        )
    if expected_hash is not None and expected_hash not in known_hashes(manifest):
        raise IndexMismatchError(
            f"the partner index at {path} is stale: it was built from other cluster "
            f"profiles than the current file; {BUILD_HINT} to rebuild it"
        )
    check_dim = not lazy_dim or bool(getattr(embedder, "loaded", True))
    if check_dim and manifest.get("dim") != embedder.dim:
        raise IndexMismatchError(
            f"the partner index at {path} has {manifest.get('dim')}-d vectors but the model "
            f"gives {embedder.dim}-d; {BUILD_HINT} to rebuild it"
        )
