"""The partner index: profiles + FAISS vectors + a manifest, saved atomically.

On disk (``<index_dir>/``)::

    manifest.json    {model, dim, count, profiles_hash, index_type, built_at, format}
    vectors.faiss    faiss IndexFlatIP over L2-normalised vectors, row i = profile i
    profiles.jsonl   the profiles the vectors were built from, in row order
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from tqdm import tqdm

from knowledge.embedding import Embedder
from knowledge.errors import (
    BUILD_HINT,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    KnowledgeError,
)
from knowledge.records import ClusterProfile, load_profiles, profiles_hash
from knowledge.settings import Settings

logger = logging.getLogger("knowledge")

MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
PROFILES = "profiles.jsonl"
FORMAT_VERSION = 1
INDEX_TYPE = "IndexFlatIP"
EMBED_BATCH = 64


class PartnerIndex:
    """Cluster profiles with their embedding vectors in a FAISS inner-product index.

    Attributes:
        profiles: The profiles; profile ``i`` is vector ``i``.
        index: The FAISS index (``IndexFlatIP`` over L2-normalised vectors).
        manifest: ``{model, dim, count, profiles_hash, index_type, built_at, format}``.
    """

    def __init__(
        self, profiles: Sequence[ClusterProfile], index: faiss.Index, manifest: dict[str, Any]
    ):
        """Wrap already built parts; use :meth:`build` or :meth:`load` to get an index."""
        if index.ntotal != len(profiles):
            raise IndexCorruptError(
                f"index holds {index.ntotal} vectors for {len(profiles)} profiles; "
                f"{BUILD_HINT} --force"
            )
        self.profiles: list[ClusterProfile] = list(profiles)
        self.index = index
        self.manifest = dict(manifest)

    def __len__(self) -> int:
        return len(self.profiles)

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return int(self.index.d)

    @classmethod
    def build(
        cls,
        profiles: Sequence[ClusterProfile],
        embedder: Embedder,
        progress: bool = True,
        batch_size: int = EMBED_BATCH,
    ) -> PartnerIndex:
        """Embed profiles in batches and build the FAISS index.

        Args:
            profiles: Profiles to index.
            embedder: Embedder to use; its ``name`` and ``dim`` go into the manifest.
            progress: Show a tqdm progress bar (on stderr) while embedding.
            batch_size: Profiles per ``embed_batch`` call.

        Returns:
            The index (in memory; call :meth:`save` to persist it).
        """
        profiles = list(profiles)
        started = time.perf_counter()
        dim = int(embedder.dim)
        index = faiss.IndexFlatIP(dim)
        with tqdm(
            total=len(profiles), desc="Embedding profiles", unit="profile", disable=not progress
        ) as bar:
            for start in range(0, len(profiles), batch_size):
                chunk = profiles[start : start + batch_size]
                vectors = np.ascontiguousarray(
                    embedder.embed_batch([p.search_text() for p in chunk]), dtype=np.float32
                )
                if vectors.shape != (len(chunk), dim):
                    raise KnowledgeError(
                        f"embedder {embedder.name!r} returned shape {vectors.shape}, "
                        f"expected {(len(chunk), dim)}"
                    )
                faiss.normalize_L2(vectors)
                index.add(vectors)
                bar.update(len(chunk))
        manifest = {
            "model": embedder.name,
            "dim": dim,
            "count": len(profiles),
            "profiles_hash": profiles_hash(profiles),
            "index_type": INDEX_TYPE,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "format": FORMAT_VERSION,
        }
        logger.info(
            "Built partner index: %d vectors with %s in %.1fs",
            len(profiles),
            embedder.name,
            time.perf_counter() - started,
        )
        return cls(profiles, index, manifest)

    def vectors(self) -> np.ndarray:
        """Return all vectors as a ``(count, dim)`` float32 array (row i = profile i)."""
        if self.index.ntotal == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.index.reconstruct_n(0, self.index.ntotal)

    def save(self, directory: str | os.PathLike[str]) -> Path:
        """Write the index to ``directory``, replacing any previous index atomically.

        Files are written into a temporary sibling directory, which then replaces ``directory``
        by renames. If anything fails before the swap, the previous index is left as it was.

        Args:
            directory: Target directory (created with its parents if needed).

        Returns:
            The directory.
        """
        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        _recover_interrupted_swap(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        try:
            faiss.write_index(self.index, str(tmp / VECTORS))
            with (tmp / PROFILES).open("w", encoding="utf-8") as fh:
                for profile in self.profiles:
                    fh.write(json.dumps(profile.to_dict(), ensure_ascii=False) + "\n")
            # The manifest is written last: a directory without one is never a valid index.
            (tmp / MANIFEST).write_text(json.dumps(self.manifest, indent=2) + "\n", "utf-8")
            _fsync_dir(tmp)
            _swap_in(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        logger.info("Saved partner index: %d vectors to %s", len(self.profiles), target)
        return target

    @classmethod
    def load(
        cls,
        directory: str | os.PathLike[str],
        embedder: Embedder,
        expected_hash: str | None = None,
    ) -> PartnerIndex:
        """Load an index and check that it fits the embedder (and the expected profiles).

        Args:
            directory: Index directory written by :meth:`save`.
            embedder: The embedder queries will use.
            expected_hash: :func:`profiles_hash` of the current profiles, to refuse a stale
                index; ``None`` skips the check.

        Returns:
            The index.

        Raises:
            IndexMissingError: No index at ``directory``.
            IndexMismatchError: Built with another model or dimension, or from other profiles.
            IndexCorruptError: Files unreadable or inconsistent.
        """
        path = Path(directory)
        _recover_interrupted_swap(path)
        manifest = read_manifest(path)
        if manifest.get("model") != embedder.name:
            raise IndexMismatchError(
                f"the partner index at {path} was built with model {manifest.get('model')!r} "
                f"but the configured model is {embedder.name!r}; {BUILD_HINT} to rebuild it"
            )
        if manifest.get("dim") != embedder.dim:
            raise IndexMismatchError(
                f"the partner index at {path} has {manifest.get('dim')}-d vectors but the model "
                f"gives {embedder.dim}-d; {BUILD_HINT} to rebuild it"
            )
        if expected_hash is not None and manifest.get("profiles_hash") != expected_hash:
            raise IndexMismatchError(
                f"the partner index at {path} is stale: the cluster profiles changed since it "
                f"was built; {BUILD_HINT} to rebuild it"
            )
        try:
            index = faiss.read_index(str(path / VECTORS))
            profiles = _read_profiles(path / PROFILES)
        except (RuntimeError, OSError, ValueError, TypeError, KeyError) as exc:
            raise IndexCorruptError(
                f"the partner index at {path} cannot be read ({exc}); {BUILD_HINT} --force"
            ) from exc
        if index.d != manifest["dim"] or manifest.get("count") != len(profiles):
            raise IndexCorruptError(
                f"the partner index at {path} is inconsistent with its manifest; "
                f"{BUILD_HINT} --force"
            )
        loaded = cls(profiles, index, manifest)
        logger.info(
            "Loaded partner index: model=%s, vectors=%d, dim=%d, built_at=%s, path=%s",
            manifest["model"],
            index.ntotal,
            index.d,
            manifest.get("built_at"),
            path,
        )
        return loaded


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


def ensure_index(
    settings: Settings, embedder: Embedder, progress: bool = True, force: bool = False
) -> PartnerIndex:
    """Load the partner index, (re)building and saving it first if missing or stale.

    Args:
        settings: Where the profiles and the index live.
        embedder: The embedder to build with and query with.
        progress: Show a progress bar when building.
        force: Rebuild even if the saved index is current.

    Returns:
        A current index.

    Raises:
        DataFileError: The profiles file is bad.
    """
    profiles = load_profiles(settings.profiles_path)
    current_hash = profiles_hash(profiles)
    if not force:
        try:
            return PartnerIndex.load(settings.index_dir, embedder, expected_hash=current_hash)
        except (IndexMissingError, IndexMismatchError, IndexCorruptError) as exc:
            logger.info("Building partner index: %s", str(exc).split("; run `")[0])
    index = PartnerIndex.build(profiles, embedder, progress=progress)
    index.save(settings.index_dir)
    logger.info(
        "Loaded partner index: model=%s, vectors=%d, path=%s",
        index.manifest["model"],
        len(index),
        settings.index_dir,
    )
    return index


def _read_profiles(path: Path) -> list[ClusterProfile]:
    with path.open(encoding="utf-8") as fh:
        return [ClusterProfile.from_dict(json.loads(line)) for line in fh if line.strip()]


def _old_sibling(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


def _swap_in(tmp: Path, target: Path) -> None:
    """Replace ``target`` by ``tmp`` with renames; ``target.old`` bridges the gap."""
    old = _old_sibling(target)
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def _recover_interrupted_swap(target: Path) -> None:
    """Put the previous index back if a crash happened between the two renames of a swap."""
    old = _old_sibling(target)
    if not target.exists() and (old / MANIFEST).is_file():
        logger.warning("Restoring partner index %s after an interrupted save", target)
        os.replace(old, target)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
