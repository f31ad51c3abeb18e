"""The partner index: profiles + FAISS vectors + a manifest, saved atomically.

On disk (``<index_dir>/``)::

    manifest.json    {model, embedding, dim, count, rows, profiles_hash, source_hash, index_type,
                      hnsw, edits, built_at, updated_at, format}
    vectors.faiss    FAISS inner-product index over L2-normalised vectors, row i = line i
    profiles.jsonl   the profile of each vector row, in row order; ``null`` for a removed row
    keywords.npz     the BM25F keyword index over the live rows (``KeywordIndex.save``)

Index type. Below ``ann_threshold`` profiles (setting ``CLUSTER_ANN_THRESHOLD``) the vectors sit in
an exact ``IndexFlatIP``; from it on in an ``IndexHNSWFlat`` (inner product), an approximate graph
index whose query time grows roughly with log(n) instead of n; from :data:`IVF_FROM` profiles on
in an ``IndexIVFFlat`` (inner product): k-means lists, of which a query scans the
:data:`IVF_NPROBE` nearest exactly. Measured on the scaled-up 1M corpus (docs/benchmarks.md): HNSW
finds at most 0.91 of the exact top 10 there (0.84 at its default efSearch), IVF 0.97-0.98 in
about 1 ms (8 of 1,024 lists), because near-duplicates that a graph walk skips sit in the lists
it scans. An IVF index keeps a second, row-ordered copy of the vectors (an ``IndexFlatIP``,
rebuilt from the IVF at load) for exact scans and :meth:`PartnerIndex.vectors`: 1.5 KB more per
profile (HNSW's graph costs ~0.4 KB).

Rows. Profile ``i`` of a build is vector row ``i``. :meth:`PartnerIndex.add` appends rows;
:meth:`PartnerIndex.remove` turns a row into a tombstone (HNSW cannot delete from its graph), and
searches skip tombstones. :meth:`PartnerIndex.update` is remove + add. When tombstones pass a
quarter of the rows, :meth:`PartnerIndex.save` compacts: it rebuilds the FAISS structure from the
stored vectors (no re-embedding) and renumbers the rows.

Embedding settings. ``embedding`` records how the vectors were made besides the model:
``{"backend": "onnx" | "torch", "quantization": "int8-dynamic-per-channel" | "none",
"max_seq_length": word pieces}`` (the embedder's ``config``). An index is only used with an
embedder of the same model and settings: query vectors must come from the same runtime as the
stored ones. A manifest without it predates the field and was built with the torch backend.

Keyword index. It is derived from the profiles, so it is saved for speed only: tokenising takes
about ten minutes per million profiles, which an action server would otherwise spend on its first
query (or on the first query after an index reload). ``manifest["keywords"]`` records the file,
its row count and the tokenising rules' fingerprint. :meth:`PartnerIndex.load` reads it when all
of them fit and a sample of profiles tokenises to what it stores; otherwise it logs why and
leaves it to be built on first use, as before (a stale keyword file never refuses the index).
Compaction renumbers its rows instead of rebuilding it.

Staleness. ``source_hash`` is the content hash of the profiles file a full build read;
``profiles_hash`` is the hash of what the index holds now (they differ after ``index add`` or
``remove``). An index is current for a profiles file whose hash is either of them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from tqdm import tqdm

from knowledge.config import DEFAULT_ANN_THRESHOLD, DEFAULT_IVF_THRESHOLD, Settings
from knowledge.embedding import Embedder
from knowledge.errors import (
    BUILD_HINT,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    KnowledgeError,
)
from knowledge.fsutil import fsync_dir
from knowledge.partners.keyword import KeywordIndex, rules_fingerprint
from knowledge.records import ClusterProfile, load_profiles, profiles_hash

logger = logging.getLogger("knowledge")

MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
PROFILES = "profiles.jsonl"
KEYWORDS = "keywords.npz"
# Profiles re-tokenised at load to check a saved keyword index against the current tokeniser:
# all of a small corpus; an even spread of a large one (~0.5 ms each).
KEYWORD_CHECK_SAMPLE = 512
FORMAT_VERSION = 2
FLAT = "IndexFlatIP"
HNSW = "IndexHNSWFlat"
IVF = "IndexIVFFlat"
INDEX_TYPE = FLAT  # the type of small corpora such as the shipped one
EMBED_BATCH = 64
# HNSW parameters, measured with `python -m bench.partners` (docs/benchmarks.md, "Partner search:
# speed and scale"). On scaled-up corpora (many profiles share a description, so their vectors are
# near-duplicates) M=32/efConstruction=80/efSearch=96 found only 0.48-0.79 of the exact top 10 at
# 100k-1M. M=48/efConstruction=120 with efSearch=1024 found 0.99 at 100k and 0.95 at 300k in
# 1.2-1.3 ms a query (budget 5 ms), and built no slower than 32/80 here. At 1M on those vectors:
# 0.84 in 1.9 ms, at most 0.91 with more efSearch (docs/benchmarks.md, "1M vectors with the
# current HNSW parameters"); kept, as real data is likely easier than these near-duplicates.
HNSW_M = 48
HNSW_EF_CONSTRUCTION = 120
HNSW_EF_SEARCH = 1024
COMPACT_SHARE = 0.25
# IVF: from this many profiles on. On the scaled-up corpus HNSW was measured at 0.95 recall@10 at
# 300k and 0.84 at 1M; IVF at 1M (1,024 lists) at 0.97-0.98 scanning 8 lists (p50 1.0-1.2 ms in
# four runs at load 4-7) and 0.998-1.000 scanning 16 (p50 1.9, 2.0, 3.5 and 11 ms in the same
# runs: twice the memory read per query on a machine shared with other jobs). 8 is the default:
# both targets with margin, steady latency; what it misses are near-ties (within 0.01 cosine). Between 300k and 1M neither type was
# measured: the switch sits in between. See docs/benchmarks.md.
IVF_FROM = DEFAULT_IVF_THRESHOLD  # CLUSTER_IVF_THRESHOLD
IVF_NPROBE = 8
IVF_TRAIN_PER_LIST = 200  # k-means sample: 200 vectors per list (FAISS asks for at least 39)
IVF_MIN_PER_LIST = 39


def ivf_list_count(count: int) -> int:
    """Number of IVF lists for ``count`` vectors: the power of two nearest sqrt(count).

    1,024 at a million (measured); never more than one list per 39 vectors, so k-means has the
    sample FAISS asks for.
    """
    if count <= 0:
        return 1
    nearest = 2 ** round(np.log2(max(np.sqrt(count), 1.0)))
    return int(max(1, min(nearest, count // IVF_MIN_PER_LIST)))


def train_ivf(vectors: np.ndarray, nlist: int | None = None) -> faiss.IndexIVFFlat:
    """Return an empty, trained inner-product IVF index for vectors like ``vectors``.

    Trained on an even spread of at most :data:`IVF_TRAIN_PER_LIST` vectors per list (k-means
    seeded by FAISS's fixed seed, so the same vectors give the same lists). The direct map lets
    the row-ordered vectors be read back at load.
    """
    dim = int(vectors.shape[1])
    nlist = nlist or ivf_list_count(len(vectors))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    take = min(len(vectors), nlist * IVF_TRAIN_PER_LIST)
    picks = np.unique(np.linspace(0, len(vectors) - 1, take).astype(np.int64))
    index.train(np.ascontiguousarray(vectors[picks]))
    index.nprobe = min(IVF_NPROBE, index.nlist)  # scanning more lists than exist means all
    index.make_direct_map()
    return index


def empty_like_ivf(index: faiss.IndexIVFFlat) -> faiss.IndexIVFFlat:
    """An empty IVF index with the same trained lists (compaction: no k-means again)."""
    centroids = index.quantizer.reconstruct_n(0, index.nlist)
    quantizer = faiss.IndexFlatIP(index.d)
    quantizer.add(centroids)
    fresh = faiss.IndexIVFFlat(quantizer, index.d, index.nlist, faiss.METRIC_INNER_PRODUCT)
    fresh.is_trained = True
    fresh.nprobe = index.nprobe
    fresh.make_direct_map()
    return fresh


def ivf_store(index: faiss.IndexIVFFlat, chunk: int = 100_000) -> faiss.IndexFlatIP:
    """The row-ordered flat copy of an IVF index's vectors (read back through its direct map)."""
    if index.direct_map.type == faiss.DirectMap.NoMap:
        index.make_direct_map()
    store = faiss.IndexFlatIP(index.d)
    for start in range(0, index.ntotal, chunk):
        store.add(index.reconstruct_n(start, min(chunk, index.ntotal - start)))
    return store


def choose_index_type(
    count: int, threshold: int = DEFAULT_ANN_THRESHOLD, ivf_threshold: int | None = None
) -> str:
    """Return the FAISS index type for a corpus size.

    Args:
        count: Number of profiles.
        threshold: Size from which an ANN index is used (``CLUSTER_ANN_THRESHOLD``).
        ivf_threshold: Size from which that ANN index is an IVF (``CLUSTER_IVF_THRESHOLD``;
            default :data:`IVF_FROM`).

    Returns:
        ``"IndexFlatIP"`` below ``threshold``, ``"IndexHNSWFlat"`` from it on, and
        ``"IndexIVFFlat"`` from ``max(threshold, ivf_threshold)`` on.
    """
    if count < threshold:
        return FLAT
    return IVF if count >= (IVF_FROM if ivf_threshold is None else ivf_threshold) else HNSW


def new_faiss_index(index_type: str, dim: int) -> faiss.Index:
    """Create an empty inner-product FAISS index of the given type.

    Args:
        index_type: ``"IndexFlatIP"`` or ``"IndexHNSWFlat"`` (IVF needs training vectors:
            :func:`train_ivf`).
        dim: Vector dimension.

    Returns:
        The empty index (HNSW with :data:`HNSW_M`, :data:`HNSW_EF_CONSTRUCTION` and
        :data:`HNSW_EF_SEARCH`).

    Raises:
        ValueError: Unknown index type.
    """
    if index_type == FLAT:
        return faiss.IndexFlatIP(dim)
    if index_type == HNSW:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        return index
    raise ValueError(f"unknown index type {index_type!r}; use {FLAT!r} or {HNSW!r}")


def vectors_view(index: faiss.Index) -> np.ndarray:
    """Return the stored vectors of a flat or HNSW-flat index as a read-only array, no copy.

    The view is only valid until the index changes; take a new one after adding vectors.

    Args:
        index: An ``IndexFlatIP`` or ``IndexHNSWFlat``.

    Returns:
        ``(ntotal, d)`` float32 array; row i is vector i.
    """
    flat = faiss.downcast_index(index.storage) if isinstance(index, faiss.IndexHNSW) else index
    n, d = int(flat.ntotal), int(flat.d)
    if n == 0:
        return np.zeros((0, d), dtype=np.float32)
    view = faiss.rev_swig_ptr(flat.get_xb(), n * d).reshape(n, d)
    view.flags.writeable = False
    return view


#: What a manifest without an ``embedding`` field was built with (all builds before the field).
LEGACY_EMBEDDING = {"backend": "torch", "quantization": "none", "max_seq_length": None}


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


def embedding_mismatch(manifest: dict[str, Any], embedder: Embedder) -> str | None:
    """Say how the index's embedding settings differ from the embedder's (``None`` if they don't).

    Embedders without ``config`` (the fake) are checked by model name only.
    """
    expected = embedding_config(embedder)
    if expected is None:
        return None
    recorded = recorded_embedding(manifest)
    if recorded == expected:
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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class PartnerIndex:
    """Cluster profiles with their embedding vectors in a FAISS inner-product index.

    Attributes:
        index: The FAISS index (``IndexFlatIP``, ``IndexHNSWFlat`` or ``IndexIVFFlat``) over
            L2-normalised vectors.
        manifest: See the module docstring.
        version: Increases on every change (searchers use it to refresh their caches).
    """

    def __init__(
        self,
        profiles: Sequence[ClusterProfile | None],
        index: faiss.Index,
        manifest: dict[str, Any],
        store: faiss.IndexFlatIP | None = None,
    ):
        """Wrap already built parts; use :meth:`build` or :meth:`load` to get an index.

        Args:
            profiles: The profile of each vector row; ``None`` marks a removed row.
            index: The FAISS index, one vector per row.
            manifest: The manifest.
            store: For an IVF index, the row-ordered flat copy of its vectors (made from the
                IVF index when not given).
        """
        if index.ntotal != len(profiles):
            raise IndexCorruptError(
                f"index holds {index.ntotal} vectors for {len(profiles)} profiles; "
                f"{BUILD_HINT} --force"
            )
        self._slots: list[ClusterProfile | None] = list(profiles)
        self._row_of: dict[str, int] = {}
        for row, profile in enumerate(self._slots):
            if profile is not None:
                if profile.id in self._row_of:
                    raise IndexCorruptError(
                        f"profile id {profile.id!r} appears twice in the index; "
                        f"{BUILD_HINT} --force"
                    )
                self._row_of[profile.id] = row
        self.index = index
        self._store = (
            (store if store is not None else ivf_store(index))
            if isinstance(index, faiss.IndexIVF)
            else None
        )
        self.manifest = dict(manifest)
        self.manifest.setdefault("index_type", _type_name(index))
        self.version = 0
        self._keywords: KeywordIndex | None = None
        self._hash_dirty = False

    def __len__(self) -> int:
        return len(self._row_of)

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return int(self.index.d)

    @property
    def index_type(self) -> str:
        """``"IndexFlatIP"``, ``"IndexHNSWFlat"`` or ``"IndexIVFFlat"``."""
        return _type_name(self.index)

    @property
    def profiles(self) -> list[ClusterProfile]:
        """The live profiles, in row order (removed rows left out)."""
        return [p for p in self._slots if p is not None]

    @property
    def row_count(self) -> int:
        """Number of vector rows, tombstones included."""
        return len(self._slots)

    @property
    def deleted(self) -> int:
        """Number of removed rows still held as tombstones."""
        return len(self._slots) - len(self._row_of)

    def profile_at(self, row: int) -> ClusterProfile | None:
        """Return the profile of a vector row (``None`` for a removed row)."""
        return self._slots[row]

    def row_of(self, profile_id: str) -> int | None:
        """Return the vector row of a profile id, or ``None`` if it is not indexed."""
        return self._row_of.get(profile_id)

    def live_rows(self) -> np.ndarray:
        """Return the rows that hold a profile, ascending, as an int64 array."""
        return np.fromiter(sorted(self._row_of.values()), dtype=np.int64, count=len(self))

    @property
    def keywords(self) -> KeywordIndex:
        """The BM25F keyword index over the live profiles (built on first use, kept in sync)."""
        if self._keywords is None:
            started = time.perf_counter()
            self._keywords = KeywordIndex.build(
                (row, p) for row, p in enumerate(self._slots) if p is not None
            )
            logger.debug(
                "Built keyword index over %d profiles in %.2fs",
                len(self),
                time.perf_counter() - started,
            )
        return self._keywords

    # --- building -------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        profiles: Sequence[ClusterProfile],
        embedder: Embedder,
        progress: bool = True,
        batch_size: int = EMBED_BATCH,
        index_type: str | None = None,
        ann_threshold: int = DEFAULT_ANN_THRESHOLD,
        reuse: PartnerIndex | None = None,
        ivf_threshold: int | None = None,
    ) -> PartnerIndex:
        """Embed profiles in batches and build the FAISS index.

        Args:
            profiles: Profiles to index (ids must be unique).
            embedder: Embedder to use; its ``name`` and ``dim`` go into the manifest.
            progress: Show a tqdm progress bar (on stderr) while embedding.
            batch_size: Profiles per ``embed_batch`` call.
            index_type: Force ``"IndexFlatIP"``, ``"IndexHNSWFlat"`` or ``"IndexIVFFlat"``; by
                default chosen from the corpus size and ``ann_threshold``.
            ann_threshold: Corpus size from which HNSW is used.
            ivf_threshold: Corpus size from which IVF is used instead (default :data:`IVF_FROM`).
            reuse: A previous index of the same model and embedding settings: profiles whose
                embedded text it already holds take its vector instead of being embedded again
                (the ONNX backend embeds each text alone, so the vector is the same).

        Returns:
            The index (in memory; call :meth:`save` to persist it).
        """
        profiles = list(profiles)
        started = time.perf_counter()
        vectors = _embed_reusing(profiles, embedder, progress, batch_size, reuse)
        index = cls.from_vectors(
            profiles,
            vectors,
            embedder.name,
            index_type or choose_index_type(len(profiles), ann_threshold, ivf_threshold),
            embedding=embedding_config(embedder),
        )
        logger.info(
            "Built partner index: %d vectors with %s (%s) in %.1fs",
            len(profiles),
            embedder.name,
            index.index_type,
            time.perf_counter() - started,
        )
        return index

    @classmethod
    def from_vectors(
        cls,
        profiles: Sequence[ClusterProfile],
        vectors: np.ndarray,
        model: str,
        index_type: str = FLAT,
        embedding: dict[str, Any] | None = None,
    ) -> PartnerIndex:
        """Build an index from profiles and their already computed vectors.

        Args:
            profiles: Profiles, one per vector row.
            vectors: ``(len(profiles), dim)`` float32 vectors; they are L2-normalised here.
            model: Name of the model that made the vectors (goes into the manifest).
            index_type: ``"IndexFlatIP"``, ``"IndexHNSWFlat"`` or ``"IndexIVFFlat"``.
            embedding: The embedder's ``config`` (backend, quantization, max_seq_length) for
                the manifest; ``None`` for embedders without one.

        Returns:
            The index.
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(profiles):
            raise KnowledgeError(
                f"got {vectors.shape} vectors for {len(profiles)} profiles; they must match"
            )
        faiss.normalize_L2(vectors)
        store = None
        if index_type == IVF:
            index = train_ivf(vectors) if len(vectors) else None
            if index is None:
                raise KnowledgeError("an IVF index needs vectors to train its lists on")
            store = faiss.IndexFlatIP(int(vectors.shape[1]))
            store.add(vectors)
        else:
            index = new_faiss_index(index_type, int(vectors.shape[1]))
        if len(vectors):
            index.add(vectors)
        content_hash = profiles_hash(profiles)
        now = _now()
        manifest: dict[str, Any] = {"model": model}
        if embedding is not None:
            manifest["embedding"] = dict(embedding)
        manifest |= {
            "dim": int(vectors.shape[1]),
            "count": len(profiles),
            "rows": len(profiles),
            "profiles_hash": content_hash,
            "source_hash": content_hash,
            "index_type": index_type,
            "edits": 0,
            "built_at": now,
            "updated_at": now,
            "format": FORMAT_VERSION,
        }
        if index_type == HNSW:
            manifest["hnsw"] = {
                "M": HNSW_M,
                "efConstruction": HNSW_EF_CONSTRUCTION,
                "efSearch": HNSW_EF_SEARCH,
            }
        if index_type == IVF:
            manifest["ivf"] = {"nlist": int(index.nlist), "nprobe": int(index.nprobe)}
        return cls(profiles, index, manifest, store)

    def vectors(self) -> np.ndarray:
        """Return all vectors as a ``(rows, dim)`` float32 array (row i = vector row i).

        A read-only view without copying; take a new one after :meth:`add`.
        """
        return vectors_view(self._store if self._store is not None else self.index)

    # --- incremental changes --------------------------------------------------------------

    def add(self, profiles: Sequence[ClusterProfile], embedder: Embedder) -> list[str]:
        """Add new profiles (embedding only them); see :meth:`update` for existing ids.

        Args:
            profiles: Profiles whose ids are not in the index yet.
            embedder: The embedder the index was built with.

        Returns:
            The ids added.

        Raises:
            IndexMismatchError: ``embedder`` is not the index's model.
            KnowledgeError: An id is already indexed (use update) or appears twice.
        """
        profiles = list(profiles)
        self._check_embedder(embedder)
        seen: set[str] = set()
        for profile in profiles:
            if profile.id in self._row_of:
                raise KnowledgeError(
                    f"profile {profile.id!r} is already in the partner index; "
                    "use `index add --update` (PartnerIndex.update) to replace it"
                )
            if profile.id in seen:
                raise KnowledgeError(f"profile {profile.id!r} is given twice")
            seen.add(profile.id)
        self._append(profiles, _embed(profiles, embedder, False, EMBED_BATCH))
        return [p.id for p in profiles]

    def update(self, profiles: Sequence[ClusterProfile], embedder: Embedder) -> list[str]:
        """Add profiles, replacing those whose ids are already indexed.

        Args:
            profiles: Profiles (new or changed).
            embedder: The embedder the index was built with.

        Returns:
            The ids that replaced an existing profile.
        """
        profiles = list(profiles)
        self._check_embedder(embedder)
        ids = [p.id for p in profiles]
        if len(set(ids)) != len(ids):
            raise KnowledgeError("a profile id is given twice")
        vectors = _embed(profiles, embedder, False, EMBED_BATCH)  # before touching anything
        replaced = [i for i in ids if i in self._row_of]
        self._tombstone(replaced)
        self._append(profiles, vectors)
        return replaced

    def remove(self, ids: Iterable[str]) -> list[str]:
        """Remove profiles by id (their rows become tombstones that searches skip).

        Args:
            ids: Profile ids.

        Returns:
            The ids removed.

        Raises:
            KnowledgeError: An id is not in the index (nothing is removed then).
        """
        ids = list(dict.fromkeys(ids))
        missing = [i for i in ids if i not in self._row_of]
        if missing:
            raise KnowledgeError(
                f"no profile with id {missing[0]!r} in the partner index; "
                "`python -m knowledge index info` shows what is indexed"
            )
        self._tombstone(ids)
        self._touch()
        return ids

    def _check_embedder(self, embedder: Embedder) -> None:
        if self.manifest.get("model") != embedder.name or self.dim != embedder.dim:
            raise IndexMismatchError(
                f"the partner index was built with model {self.manifest.get('model')!r} "
                f"({self.dim}-d) but the configured model is {embedder.name!r}; "
                f"{BUILD_HINT} --force to rebuild it"
            )
        mismatch = embedding_mismatch(self.manifest, embedder)
        if mismatch:
            raise IndexMismatchError(
                f"the partner index was {mismatch}; {BUILD_HINT} --force to rebuild it"
            )

    def _append(self, profiles: list[ClusterProfile], vectors: np.ndarray) -> None:
        if not profiles:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        faiss.normalize_L2(vectors)
        first = len(self._slots)
        self.index.add(vectors)
        if self._store is not None:
            self._store.add(vectors)
        for offset, profile in enumerate(profiles):
            self._slots.append(profile)
            self._row_of[profile.id] = first + offset
            if self._keywords is not None:
                self._keywords.add(first + offset, profile)
        self._touch()

    def _tombstone(self, ids: list[str]) -> None:
        for profile_id in ids:
            row = self._row_of.pop(profile_id)
            self._slots[row] = None
            if self._keywords is not None:
                self._keywords.remove(row)

    def _touch(self) -> None:
        self.version += 1
        self._hash_dirty = True  # hashing every profile is O(n): done when saving
        self.manifest.update(
            count=len(self),
            rows=len(self._slots),
            edits=int(self.manifest.get("edits", 0)) + 1,
            updated_at=_now(),
        )

    def compact(self) -> None:
        """Drop tombstones: rebuild the FAISS structure from the stored vectors, renumber rows.

        No re-embedding. For HNSW this rebuilds the graph (seconds per 100k vectors); IVF keeps
        its trained lists and re-adds the vectors.
        """
        if self.deleted == 0:
            return
        rows = self.live_rows()
        kept = np.ascontiguousarray(self.vectors()[rows])
        if isinstance(self.index, faiss.IndexIVF):
            index = empty_like_ivf(self.index)
            self._store = faiss.IndexFlatIP(self.dim)
            self._store.add(kept)
        else:
            index = new_faiss_index(self.index_type, self.dim)
        if len(kept):
            index.add(kept)
        self.index = index
        self._slots = [self._slots[r] for r in rows.tolist()]
        self._row_of = {p.id: i for i, p in enumerate(self._slots) if p is not None}
        if self._keywords is not None:  # renumbered, not rebuilt (minutes at 1M profiles)
            self._keywords = self._keywords.compacted(rows)
        self.version += 1
        self.manifest["rows"] = len(self._slots)

    # --- persistence ----------------------------------------------------------------------

    def save(self, directory: str | os.PathLike[str]) -> Path:
        """Write the index to ``directory``, replacing any previous index atomically.

        Files are written into a temporary sibling directory, which then replaces ``directory``
        by renames. If anything fails before the swap, the previous index is left as it was.
        Tombstones are compacted first when they exceed a quarter of the rows.

        Args:
            directory: Target directory (created with its parents if needed).

        Returns:
            The directory.
        """
        if self.deleted and self.deleted >= COMPACT_SHARE * self.row_count:
            self.compact()
        if self._hash_dirty:
            self.manifest["profiles_hash"] = profiles_hash(self.profiles)
            self._hash_dirty = False
        keywords = self.keywords  # built here if never used: the build pays, not a query
        self.manifest["keywords"] = {
            "file": KEYWORDS,
            "count": len(keywords),
            "rules": rules_fingerprint(),
        }
        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        _recover_interrupted_swap(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        try:
            faiss.write_index(self.index, str(tmp / VECTORS))
            keywords.save(tmp / KEYWORDS)
            with (tmp / PROFILES).open("w", encoding="utf-8") as fh:
                for profile in self._slots:
                    line = (
                        "null"
                        if profile is None
                        else json.dumps(profile.to_dict(), ensure_ascii=False)
                    )
                    fh.write(line + "\n")
            # The manifest is written last: a directory without one is never a valid index.
            (tmp / MANIFEST).write_text(json.dumps(self.manifest, indent=2) + "\n", "utf-8")
            fsync_dir(tmp)
            _swap_in(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        logger.info(
            "Saved partner index: %d profiles (%s, %d tombstones) to %s",
            len(self),
            self.index_type,
            self.deleted,
            target,
        )
        return target

    @classmethod
    def load(
        cls,
        directory: str | os.PathLike[str],
        embedder: Embedder,
        expected_hash: str | None = None,
        lazy_dim: bool = False,
        keywords: bool = True,
    ) -> PartnerIndex:
        """Load an index and check that it fits the embedder (and the expected profiles).

        Args:
            directory: Index directory written by :meth:`save`.
            embedder: The embedder queries will use.
            expected_hash: :func:`profiles_hash` of the current profiles file, to refuse an
                index built from other data; ``None`` skips the check.
            lazy_dim: Do not load a not-yet-loaded model just to compare its dimension (the
                model name already matched); the dimension is then checked when the model
                first embeds (:meth:`add`, and every query in ``PartnerSearcher``).
            keywords: Also read the saved keyword index (see the module docstring); ``False``
                when only the vectors are wanted (reusing them for a rebuild).

        Returns:
            The index.

        Raises:
            IndexMissingError: No index at ``directory``.
            IndexMismatchError: Built with another model, embedding settings (backend,
                quantization, token limit) or dimension, or from other profiles.
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
        mismatch = embedding_mismatch(manifest, embedder)
        if mismatch:
            raise IndexMismatchError(
                f"the partner index at {path} was {mismatch}; query vectors must come from the "
                f"same runtime as the stored ones; {BUILD_HINT} to rebuild it"
            )
        if expected_hash is not None and expected_hash not in _known_hashes(manifest):
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
        try:
            index = faiss.read_index(str(path / VECTORS))
            slots = _read_profiles(path / PROFILES)
        except (RuntimeError, OSError, ValueError, TypeError, KeyError) as exc:
            raise IndexCorruptError(
                f"the partner index at {path} cannot be read ({exc}); {BUILD_HINT} --force"
            ) from exc
        live = sum(p is not None for p in slots)
        if index.d != manifest["dim"] or manifest.get("count") != live:
            raise IndexCorruptError(
                f"the partner index at {path} is inconsistent with its manifest; "
                f"{BUILD_HINT} --force"
            )
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = int(manifest.get("hnsw", {}).get("efSearch", HNSW_EF_SEARCH))
        if isinstance(index, faiss.IndexIVF):
            index.nprobe = int(manifest.get("ivf", {}).get("nprobe", IVF_NPROBE))
        loaded = cls(slots, index, manifest)
        if keywords:
            loaded._keywords = _saved_keywords(path, loaded)
        logger.info(
            "Loaded partner index: model=%s, vectors=%d, dim=%d, type=%s, built_at=%s, path=%s",
            manifest["model"],
            len(loaded),
            index.d,
            loaded.index_type,
            manifest.get("built_at"),
            path,
        )
        return loaded


def _saved_keywords(path: Path, index: PartnerIndex) -> KeywordIndex | None:
    """Read the keyword index saved with ``index`` if it still fits it, else ``None``.

    ``None`` (with a log line saying why) makes :attr:`PartnerIndex.keywords` build it on first
    use: the saved file only saves time, so a missing, foreign or outdated one is never an error.
    It fits when the manifest names it with the current tokenising rules, it holds exactly the
    index's live rows, and a sample of profiles (:data:`KEYWORD_CHECK_SAMPLE`, spread over the
    rows) tokenises to the terms and field lengths it stores.
    """
    entry = index.manifest.get("keywords")
    if not isinstance(entry, dict) or entry.get("file") != KEYWORDS:
        logger.info("Partner index at %s has no saved keyword index; built on first use", path)
        return None
    if entry.get("rules") != rules_fingerprint():
        logger.warning(
            "Saved keyword index at %s was made with other tokenising rules; rebuilt on first use",
            path,
        )
        return None
    started = time.perf_counter()
    try:
        keywords = KeywordIndex.load(path / KEYWORDS)
    except KnowledgeError as exc:
        logger.warning("Saved keyword index not used (%s); rebuilt on first use", exc)
        return None
    live = index.live_rows()
    if entry.get("count") != len(live) or not np.array_equal(keywords.live_rows(), live):
        logger.warning(
            "Saved keyword index at %s does not hold the index's rows; rebuilt on first use", path
        )
        return None
    picks = np.unique(np.linspace(0, len(live) - 1, min(len(live), KEYWORD_CHECK_SAMPLE)))
    sample = [(int(live[i]), index.profile_at(int(live[i]))) for i in picks.astype(np.int64)]
    bad = keywords.mismatched_rows((row, p) for row, p in sample if p is not None)
    if bad:
        logger.warning(
            "Saved keyword index at %s does not match the current tokeniser (%d of %d sampled "
            "profiles differ, e.g. %r); rebuilt on first use",
            path,
            len(bad),
            len(sample),
            index.profile_at(bad[0]).id,  # type: ignore[union-attr]
        )
        return None
    logger.debug(
        "Loaded keyword index over %d profiles in %.2fs",
        len(keywords),
        time.perf_counter() - started,
    )
    return keywords


def _type_name(index: faiss.Index) -> str:
    if isinstance(index, faiss.IndexIVF):
        return IVF
    return HNSW if isinstance(index, faiss.IndexHNSW) else FLAT


def _known_hashes(manifest: dict[str, Any]) -> set[str]:
    return {h for h in (manifest.get("profiles_hash"), manifest.get("source_hash")) if h}


def _embed(
    profiles: Sequence[ClusterProfile], embedder: Embedder, progress: bool, batch_size: int
) -> np.ndarray:
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


def _embed_reusing(
    profiles: Sequence[ClusterProfile],
    embedder: Embedder,
    progress: bool,
    batch_size: int,
    reuse: PartnerIndex | None,
) -> np.ndarray:
    """Vectors of ``profiles``: copied from ``reuse`` for texts it holds, embedded otherwise."""
    if reuse is None or len(reuse) == 0:
        return _embed(profiles, embedder, progress, batch_size)
    if (
        reuse.manifest.get("model") != embedder.name
        or embedding_mismatch(reuse.manifest, embedder)
        or reuse.dim != embedder.dim
    ):
        logger.info("Not reusing vectors: the previous index has another model or settings")
        return _embed(profiles, embedder, progress, batch_size)
    known: dict[bytes, int] = {}
    for row in reuse.live_rows().tolist():
        profile = reuse.profile_at(row)
        if profile is not None:
            known.setdefault(_text_key(profile), row)
    old = reuse.vectors()
    out = np.zeros((len(profiles), reuse.dim), dtype=np.float32)
    todo = []
    for i, profile in enumerate(profiles):
        row = known.get(_text_key(profile))
        if row is None:
            todo.append(i)
        else:
            out[i] = old[row]
    if todo:
        out[todo] = _embed([profiles[i] for i in todo], embedder, progress, batch_size)
    logger.info(
        "Reused the vectors of %d unchanged profiles; embedded %d",
        len(profiles) - len(todo),
        len(todo),
    )
    return out


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
        current_hash: :func:`profiles_hash` of the profiles file.
        model: Name of the configured model.
        embedding: The configured embedder's ``config``; ``None`` skips that check.

    Returns:
        Problems, e.g. ``["profiles changed since the build"]``.
    """
    problems = []
    if manifest["model"] != model:
        problems.append(f"built with {manifest['model']}, configured model is {model}")
    elif embedding is not None and recorded_embedding(manifest) != embedding:
        problems.append(
            f"built with embedding {describe_embedding(recorded_embedding(manifest))}, "
            f"configured {describe_embedding(embedding)}"
        )
    if current_hash not in _known_hashes(manifest):
        problems.append("the profiles file changed since the build")
    return problems


def ensure_index(
    settings: Settings, embedder: Embedder, progress: bool = True, force: bool = False
) -> PartnerIndex:
    """Load the partner index, (re)building and saving it first if missing or stale.

    Args:
        settings: Where the profiles and the index live, and the ANN threshold.
        embedder: The embedder to build with and query with.
        progress: Show a progress bar when building.
        force: Rebuild even if the saved index is current.

    A rebuild because the profiles changed embeds only profiles whose text the stale index does
    not hold (unless ``force``): the others keep their vectors.

    Freshness is decided from the manifest (model name, embedding settings and profiles hash)
    without loading the embedding model: a current index is loaded and returned with the model still unloaded (its
    dimension is checked when it first embeds). The model is loaded only to build.

    Returns:
        A current index.

    Raises:
        DataFileError: The profiles file is bad.
    """
    profiles = load_profiles(settings.profiles_path)
    current_hash = profiles_hash(profiles)
    previous = None
    if not force:
        try:
            return PartnerIndex.load(
                settings.index_dir, embedder, expected_hash=current_hash, lazy_dim=True
            )
        except (IndexMissingError, IndexMismatchError, IndexCorruptError) as exc:
            logger.info("Building partner index: %s", str(exc).split("; run `")[0])
        try:  # a stale index of the same model and settings still holds reusable vectors
            previous = PartnerIndex.load(
                settings.index_dir, embedder, lazy_dim=True, keywords=False
            )
        except KnowledgeError:
            previous = None
    index = PartnerIndex.build(
        profiles,
        embedder,
        progress=progress,
        ann_threshold=settings.ann_threshold,
        ivf_threshold=settings.ivf_threshold,
        reuse=previous,
    )
    del previous
    index.save(settings.index_dir)
    logger.info(
        "Loaded partner index: model=%s, vectors=%d, type=%s, path=%s",
        index.manifest["model"],
        len(index),
        index.index_type,
        settings.index_dir,
    )
    return index


def _read_profiles(path: Path) -> list[ClusterProfile | None]:
    slots: list[ClusterProfile | None] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            data = json.loads(line)
            slots.append(None if data is None else ClusterProfile.from_dict(data))
    return slots


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
    fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def _recover_interrupted_swap(target: Path) -> None:
    """Put the previous index back if a crash happened between the two renames of a swap."""
    old = _old_sibling(target)
    if not target.exists() and (old / MANIFEST).is_file():
        logger.warning("Restoring partner index %s after an interrupted save", target)
        os.replace(old, target)
