"""Incremental changes to a partner index: add, update, remove (tombstones) and compaction.

:class:`IndexEdits` is a part of :class:`~knowledge.partners.index.PartnerIndex` (its base
class): the rows, the vector store and the keyword index change together here, and nowhere else
after a build.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from knowledge.embedding import Embedder
from knowledge.errors import BUILD_HINT, IndexMismatchError, KnowledgeError
from knowledge.partners.catalog import ProfileCatalog
from knowledge.partners.embed import EMBED_BATCH, embed_profiles
from knowledge.partners.keyword import KeywordIndex
from knowledge.partners.manifest import embedder_space, embedding_mismatch, now
from knowledge.records import ClusterProfile
from knowledge.vectors import EmbeddingSpace, VectorStore, renumber


class IndexEdits:
    """Add, update, remove and compact (mixed into ``PartnerIndex``, which sets the attributes)."""

    _catalog: ProfileCatalog
    store: VectorStore
    manifest: dict[str, Any]
    version: int
    _keywords: KeywordIndex | None
    _hash_dirty: bool

    def __len__(self) -> int:
        return len(self._catalog)

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return int(self.store.space.dim)

    @property
    def row_count(self) -> int:
        """Number of vector rows, tombstones included."""
        return self._catalog.row_count

    @property
    def deleted(self) -> int:
        """Number of removed rows still held as tombstones."""
        return self.row_count - len(self)

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
            if profile.id in self._catalog:
                raise KnowledgeError(
                    f"profile {profile.id!r} is already in the partner index; "
                    "use `index add --update` (PartnerIndex.update) to replace it"
                )
            if profile.id in seen:
                raise KnowledgeError(f"profile {profile.id!r} is given twice")
            seen.add(profile.id)
        vectors = embed_profiles(profiles, embedder, False, EMBED_BATCH)
        self._append(profiles, vectors, embedder_space(embedder, self.dim))
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
        vectors = embed_profiles(profiles, embedder, False, EMBED_BATCH)  # before any change
        replaced = [i for i in ids if i in self._catalog]
        self._tombstone(replaced)
        self._append(profiles, vectors, embedder_space(embedder, self.dim))
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
        missing = [i for i in ids if i not in self._catalog]
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

    def _append(
        self, profiles: list[ClusterProfile], vectors: np.ndarray, space: EmbeddingSpace
    ) -> None:
        if not profiles:
            return
        self.store.upsert(  # the store refuses vectors of another space before any change
            np.arange(self.row_count, self.row_count + len(profiles)), vectors, space=space
        )
        self._catalog.append(profiles)
        rows = list(range(self.row_count - len(profiles), self.row_count))
        if self._keywords is not None:
            for row, profile in zip(rows, profiles, strict=True):
                self._keywords.add(row, profile)
        self._touch()

    def _tombstone(self, ids: list[str]) -> None:
        rows = self._catalog.tombstone(ids)
        self.store.delete(rows)
        if self._keywords is not None:
            for row in rows:
                self._keywords.remove(row)

    def _touch(self) -> None:
        self.version += 1
        self._hash_dirty = True  # hashing every profile is O(n): done when saving
        self.manifest.update(
            count=len(self),
            rows=self.row_count,
            edits=int(self.manifest.get("edits", 0)) + 1,
            updated_at=now(),
        )

    def compact(self) -> None:
        """Drop tombstones: rebuild the vector structure from the stored vectors, renumber rows.

        No re-embedding. For HNSW this rebuilds the graph (seconds per 100k vectors); IVF keeps
        its trained lists and re-adds the vectors; a store without tombstones is renumbered
        (:func:`~knowledge.vectors.renumber`).
        """
        if self.deleted == 0:
            return
        rows = renumber(self.store, np.arange(len(self)))  # ids are rows: the old live rows
        self._catalog.compact(rows)
        if self._keywords is not None:  # renumbered, not rebuilt (minutes at 1M profiles)
            self._keywords = self._keywords.compacted(rows)
        self.version += 1
        self.manifest["rows"] = self.row_count
