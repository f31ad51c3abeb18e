"""The partner index: a profile catalog + a vector store + a keyword index, saved atomically.

Files, manifest fields and embedding settings: :mod:`knowledge.partners.manifest`. Vectors live
in a :class:`~knowledge.vectors.VectorStore` whose ids are the catalog's rows; the index uses the
Protocol only and makes, saves and loads its store through :mod:`knowledge.vectors.factory`. The
kind (FAISS flat, HNSW, IVF) follows the corpus size
(:func:`~knowledge.vectors.kinds.choose_index_type`, settings ``CLUSTER_ANN_THRESHOLD`` and
``CLUSTER_IVF_THRESHOLD``); ``index_type="exact"`` asks for the NumPy store.

Rows. Profile ``i`` of a build is vector row ``i``. :meth:`PartnerIndex.add` appends rows;
:meth:`PartnerIndex.remove` turns a row into a tombstone (HNSW cannot delete from its graph), and
searches skip tombstones. :meth:`PartnerIndex.update` is remove + add. When tombstones pass a
quarter of the rows, :meth:`PartnerIndex.save` compacts: it rebuilds the vector structure from
the stored vectors (no re-embedding) and renumbers the rows; the keyword index is renumbered
instead of rebuilt.

Keyword index. Saved beside the vectors for speed only (:mod:`knowledge.partners.storage`);
:meth:`PartnerIndex.load` reads it when it still fits, else it is built on first use.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.config import DEFAULT_ANN_THRESHOLD
from knowledge.embedding import Embedder
from knowledge.errors import BUILD_HINT, IndexCorruptError, KnowledgeError
from knowledge.partners import storage
from knowledge.partners.catalog import ProfileCatalog
from knowledge.partners.edits import IndexEdits
from knowledge.partners.embed import EMBED_BATCH, embed_reusing
from knowledge.partners.keyword import KeywordIndex
from knowledge.partners.manifest import (
    KEYWORDS,
    PROFILES,
    check_fits,
    embedding_config,
    manifest_space,
    new_manifest,
    read_manifest,
)
from knowledge.records import ClusterProfile, profiles_hash
from knowledge.vectors import EmbeddingSpace, Hits, SpaceMismatchError, VectorStore, Where, factory
from knowledge.vectors.kinds import FLAT, IVF, choose_index_type

logger = logging.getLogger("knowledge")

COMPACT_SHARE = 0.25


class PartnerIndex(IndexEdits):
    """Cluster profiles with their embedding vectors and keyword index.

    Attributes:
        store: The vector store (ids = rows) over L2-normalised vectors.
        manifest: See :mod:`knowledge.partners.manifest`.
        version: Increases on every change (searchers use it to refresh their caches).
    """

    def __init__(
        self,
        profiles: Sequence[ClusterProfile | None] | ProfileCatalog,
        store: VectorStore,
        manifest: dict[str, Any],
        keywords: KeywordIndex | None = None,
    ):
        """Wrap already built parts; use :meth:`build` or :meth:`load` to get an index.

        Args:
            profiles: The profile of each vector row; ``None`` marks a removed row.
            store: The vector store, one row (id) per profile row.
            manifest: The manifest.
            keywords: The keyword index over the live rows, if already built (else built on
                first use); benches share one between indexes of the same profiles.
        """
        catalog = profiles if isinstance(profiles, ProfileCatalog) else ProfileCatalog(profiles)
        if store.count != len(catalog) or not np.array_equal(store.ids(), catalog.live_rows()):
            raise IndexCorruptError(
                f"index holds {store.count} vectors for {len(catalog)} profiles; "
                f"{BUILD_HINT} --force"
            )
        self._catalog = catalog
        self.store = store
        self.manifest = dict(manifest)
        self.manifest.setdefault("index_type", factory.store_kind(store))
        self.version = 0
        self._keywords = keywords
        self._hash_dirty = False

    @property
    def space(self) -> EmbeddingSpace:
        """The embedding space of the vectors (model, settings, dimension)."""
        return self.store.space

    @property
    def index_type(self) -> str:
        """``"IndexFlatIP"``, ``"IndexHNSWFlat"``, ``"IndexIVFFlat"`` or ``"exact"``."""
        return factory.store_kind(self.store)

    @property
    def profiles(self) -> list[ClusterProfile]:
        """The live profiles, in row order (removed rows left out)."""
        return self._catalog.profiles

    def profile_at(self, row: int) -> ClusterProfile | None:
        """Return the profile of a vector row (``None`` for a removed row)."""
        return self._catalog.profile_at(row)

    def row_of(self, profile_id: str) -> int | None:
        """Return the vector row of a profile id, or ``None`` if it is not indexed."""
        return self._catalog.row_of(profile_id)

    def profile(self, profile_id: str) -> ClusterProfile | None:
        """Return the indexed profile with this id, or ``None`` if it is not indexed."""
        return self._catalog.profile(profile_id)

    def live_rows(self) -> np.ndarray:
        """Return the rows that hold a profile, ascending, as an int64 array."""
        return self._catalog.live_rows()

    @property
    def keywords(self) -> KeywordIndex:
        """The BM25F keyword index over the live profiles (built on first use, kept in sync)."""
        if self._keywords is None:
            started = time.perf_counter()
            self._keywords = KeywordIndex.build(
                (row, p) for row, p in enumerate(self._catalog.slots()) if p is not None
            )
            logger.debug(
                "Built keyword index over %d profiles in %.2fs",
                len(self),
                time.perf_counter() - started,
            )
        return self._keywords

    def use_keywords(self, keywords: KeywordIndex) -> None:
        """Use a keyword index already built over this index's live rows and profiles.

        Benches share one between indexes of the same profiles instead of building it again.
        """
        self._keywords = keywords

    def vectors(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Return vectors as a float32 copy: of ``rows`` (live), or of every row.

        Args:
            rows: Live rows; ``None``: a ``(row_count, dim)`` array where row i is vector row i
                (a removed row's vector is zeros).
        """
        if rows is not None:
            return self.store.vectors(rows)
        out = np.zeros((self.row_count, self.dim), dtype=np.float32)
        live = self.live_rows()
        out[live] = self.store.vectors(live)
        return out

    def dense_rows(self, query: np.ndarray, allowed: np.ndarray, size: int) -> np.ndarray:
        """Up to ``size`` of the ``allowed`` rows (live, ascending) nearest a ``(1, dim)`` query.

        Best first; ``size`` rows whenever ``size`` rows are allowed; filters never leak.
        """
        return self._dense(query, allowed, size).ids

    def _dense(self, query: np.ndarray, allowed: np.ndarray, size: int) -> Hits:
        # Every live row allowed: no id filter (an engine need not be sent every id).
        where = None if len(allowed) == len(self) else Where(ids=allowed)
        return self.store.search(np.asarray(query)[0], size, where, space=self.space)

    def row_scores(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Exact inner products of a 1-d query with the vectors of ``rows``."""
        return self.store.scores(query, rows, space=self.space)

    def nearest_to_row(
        self, row: int, allowed: np.ndarray, size: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """ "More like this": the ``allowed`` rows nearest to a row's own vector.

        Args:
            row: The row whose vector is the query.
            allowed: Candidate rows (live, ascending; leave ``row`` out to skip itself).
            size: How many rows at most.

        Returns:
            The rows, best first, and their cosine similarities with ``row``.
        """
        query = self.store.vector(row).reshape(1, -1)
        hits = self._dense(query, allowed, size)
        return hits.ids, hits.scores

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
        """Embed profiles in batches and build the vector store.

        Args:
            profiles: Profiles to index (ids must be unique).
            embedder: Embedder to use; its ``name`` and ``dim`` go into the manifest.
            progress: Show a tqdm progress bar (on stderr) while embedding.
            batch_size: Profiles per ``embed_batch`` call.
            index_type: Force ``"IndexFlatIP"``, ``"IndexHNSWFlat"`` or ``"IndexIVFFlat"``; by
                default chosen from the corpus size and ``ann_threshold``.
            ann_threshold: Corpus size from which HNSW is used.
            ivf_threshold: Corpus size from which IVF is used instead (default ``IVF_FROM``).
            reuse: A previous index of the same model and embedding settings: profiles whose
                embedded text it already holds take its vector instead of being embedded again
                (the ONNX backend embeds each text alone, so the vector is the same).

        Returns:
            The index (in memory; call :meth:`save` to persist it).
        """
        profiles = list(profiles)
        started = time.perf_counter()
        vectors = embed_reusing(profiles, embedder, progress, batch_size, reuse)
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
        keywords: KeywordIndex | None = None,
    ) -> PartnerIndex:
        """Build an index from profiles and their already computed vectors.

        Args:
            profiles: Profiles, one per vector row.
            vectors: ``(len(profiles), dim)`` float32 vectors; they are L2-normalised here.
            model: Name of the model that made the vectors (goes into the manifest).
            index_type: ``"IndexFlatIP"``, ``"IndexHNSWFlat"`` or ``"IndexIVFFlat"``.
            embedding: The embedder's ``config`` (backend, quantization, max_seq_length) for
                the manifest; ``None`` for embedders without one.
            keywords: A keyword index already built over these profiles' rows (shared).

        Returns:
            The index.
        """
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(profiles):
            raise KnowledgeError(
                f"got {vectors.shape} vectors for {len(profiles)} profiles; they must match"
            )
        content_hash = profiles_hash(profiles)
        manifest = new_manifest(
            model, embedding, int(vectors.shape[1]), len(profiles), content_hash, index_type, {}
        )
        if index_type == IVF and not len(vectors):
            raise KnowledgeError("an IVF index needs vectors to train its lists on")
        try:
            store = factory.new_store(
                index_type, manifest_space(manifest), np.arange(len(profiles)), vectors
            )
        except ValueError as exc:
            raise KnowledgeError(str(exc)) from exc
        manifest |= factory.store_params(store)
        return cls(profiles, store, manifest, keywords)

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
        self.manifest["keywords"] = storage.keywords_entry(keywords)
        target = Path(directory)

        def write_files(tmp: Path) -> None:
            factory.save_store(self.store, tmp / factory.store_file(self.index_type))
            keywords.save(tmp / KEYWORDS)
            self._catalog.write_jsonl(tmp / PROFILES)

        storage.write_directory(target, self.manifest, write_files)
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
            keywords: Also read the saved keyword index (see :mod:`knowledge.partners.storage`);
                ``False`` when only the vectors are wanted (reusing them for a rebuild).

        Returns:
            The index.

        Raises:
            IndexMissingError: No index at ``directory``.
            IndexMismatchError: Built with another model, embedding settings (backend,
                quantization, token limit) or dimension, or from other profiles.
            IndexCorruptError: Files unreadable or inconsistent.
        """
        path = Path(directory)
        storage.recover_interrupted_swap(path)
        manifest = read_manifest(path)
        check_fits(manifest, embedder, path, expected_hash, lazy_dim)
        inconsistent = IndexCorruptError(
            f"the partner index at {path} is inconsistent with its manifest; {BUILD_HINT} --force"
        )
        try:
            catalog = ProfileCatalog.read_jsonl(path / PROFILES)
            alive = np.asarray([p is not None for p in catalog.slots()], dtype=bool)
            space = manifest_space(manifest)
            kind = str(manifest["index_type"])
            store = factory.load_store(
                kind, path / factory.store_file(kind), space, alive, manifest
            )
        except SpaceMismatchError as exc:
            raise inconsistent from exc
        except (RuntimeError, OSError, ValueError, TypeError, KeyError) as exc:
            raise IndexCorruptError(
                f"the partner index at {path} cannot be read ({exc}); {BUILD_HINT} --force"
            ) from exc
        if manifest.get("count") != len(catalog):
            raise inconsistent
        loaded = cls(catalog, store, manifest)
        if keywords:
            loaded._keywords = storage.saved_keywords(path, loaded)
        logger.info(
            "Loaded partner index: model=%s, vectors=%d, dim=%d, type=%s, built_at=%s, path=%s",
            manifest["model"],
            len(loaded),
            loaded.dim,
            loaded.index_type,
            manifest.get("built_at"),
            path,
        )
        return loaded
