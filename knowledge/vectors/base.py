"""The ``VectorStore`` seam: the Protocol, its filter expression, hits and embedding space.

A vector store holds L2-normalised vectors under integer ids and answers inner-product (cosine)
searches. Its promises, checked for every implementation by ``tests/contracts/test_vector_store.py``:

* ``upsert`` adds or replaces vectors (stored L2-normalised); ``delete`` removes them; deleted
  ids are never returned again.
* ``search(query, k, where)`` returns the ids that pass ``where`` with the highest scores; it
  never returns an id that fails the filter, and it returns ``k`` hits whenever at least ``k``
  stored ids pass it (fewer only when fewer pass).
* ``scores(query, ids)`` gives the exact inner products for given ids; ``vector(id)`` and
  ``vectors(ids)`` the stored vectors; ``count`` the number of live ids; ``ids()`` the live ids.
* A store records the :class:`EmbeddingSpace` its vectors come from and refuses vectors (and
  queries) of another space or dimension with :class:`SpaceMismatchError`.

Optional capability: :class:`Compactable` (a store that keeps tombstones rebuilds without them
and renumbers ids); :func:`renumber` gives any store the same effect through the Protocol.
Building, saving and loading a store of a given kind: :mod:`knowledge.vectors.factory`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from knowledge.errors import IndexMismatchError


class SpaceMismatchError(IndexMismatchError):
    """Vectors or a query from another embedding space (model, settings or dimension)."""


@dataclass(frozen=True)
class EmbeddingSpace:
    """Where vectors come from: the model, its vector-shaping settings and the dimension.

    Attributes:
        model: Model name.
        dim: Vector dimension.
        settings: Description of the settings that shape the vectors (backend, quantization,
            token limit), e.g. ``"onnx int8-dynamic-per-channel, 256 tokens"``; ``None`` when
            not recorded (then only the model and dimension are compared).
    """

    model: str
    dim: int
    settings: str | None = None

    def accepts(self, other: EmbeddingSpace) -> bool:
        """Whether vectors of ``other`` may be mixed with vectors of this space."""
        if self.model != other.model or int(self.dim) != int(other.dim):
            return False
        return self.settings is None or other.settings is None or self.settings == other.settings

    def describe(self) -> str:
        """Short text for messages, e.g. ``model-x (384-d, onnx, 256 tokens)``."""
        extra = f", {self.settings}" if self.settings else ""
        return f"{self.model} ({self.dim}-d{extra})"


@dataclass(frozen=True)
class Where:
    """A filter expression every store honours exactly.

    An id passes when it is in ``ids`` (if given) and, for every ``fields`` entry, its metadata
    value for that field is one of the allowed values (a list-valued metadata field passes when
    any of its items is allowed). An id without that metadata field fails the field test.

    Attributes:
        ids: Allowed ids (``None``: every id).
        fields: Field name -> allowed values.
    """

    ids: np.ndarray | None = None
    fields: Mapping[str, frozenset[Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, ids: Iterable[int] | np.ndarray | None = None, **fields: Iterable[Any]) -> Where:
        """Build a filter, e.g. ``Where.of(ids=[1, 2], country=["DE", "FR"])``."""
        id_array = None
        if ids is not None:
            values = ids if isinstance(ids, np.ndarray) else list(ids)
            id_array = np.unique(np.asarray(values, dtype=np.int64))
        return cls(id_array, {k: frozenset(v) for k, v in fields.items()})

    def passes_fields(self, metadata: Mapping[str, Any] | None) -> bool:
        """Whether one item's metadata passes the field tests."""
        for name, allowed in self.fields.items():
            value = None if metadata is None else metadata.get(name)
            values = value if isinstance(value, (list, tuple, set, frozenset)) else (value,)
            if value is None or not any(v in allowed for v in values):
                return False
        return True


@dataclass(frozen=True)
class Hits:
    """Search hits, best first: ``ids[i]`` scored ``scores[i]``; iterates as (id, score) pairs."""

    ids: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[tuple[int, float]]:
        return iter(zip(self.ids.tolist(), self.scores.tolist(), strict=True))


@runtime_checkable
class VectorStore(Protocol):
    """What partner search needs from a vector engine (see the module docstring)."""

    space: EmbeddingSpace

    @property
    def count(self) -> int:
        """Number of live ids."""
        ...

    def upsert(
        self,
        ids: Sequence[int] | np.ndarray,
        vectors: np.ndarray,
        metadata: Sequence[Mapping[str, Any] | None] | None = None,
        *,
        space: EmbeddingSpace,
    ) -> None:
        """Add vectors under ids, replacing any vector stored under the same id."""
        ...

    def delete(self, ids: Iterable[int]) -> None:
        """Remove ids (unknown ids are ignored)."""
        ...

    def search(
        self, query: np.ndarray, k: int, where: Where | None = None, *, space: EmbeddingSpace
    ) -> Hits:
        """Return up to ``k`` passing ids with the highest inner product, best first."""
        ...

    def scores(
        self, query: np.ndarray, ids: Sequence[int] | np.ndarray, *, space: EmbeddingSpace
    ) -> np.ndarray:
        """Return the exact inner products of ``query`` with the vectors of ``ids``."""
        ...

    def vector(self, id: int) -> np.ndarray:
        """Return the stored (normalised) vector of ``id`` (``KeyError`` if not stored)."""
        ...

    def vectors(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """Return the stored vectors of ``ids`` as a ``(len(ids), dim)`` copy (``KeyError``)."""
        ...

    def ids(self) -> np.ndarray:
        """Return the live ids, ascending."""
        ...


@runtime_checkable
class Compactable(Protocol):
    """Optional capability: a store that keeps tombstones can drop them (and renumber ids)."""

    def compact(self, new_ids: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """Drop tombstones; the i-th live id (ascending) becomes ``new_ids[i]`` if given.

        Returns:
            The old live ids, ascending.
        """
        ...


def renumber(store: VectorStore, new_ids: Sequence[int] | np.ndarray) -> np.ndarray:
    """Give the live ids new ids (the i-th live id, ascending, becomes ``new_ids[i]``).

    A :class:`Compactable` store compacts (dropping its tombstones); any other store is renumbered
    through the Protocol (read the vectors, delete, upsert under the new ids; metadata that field
    filters read is not carried over).

    Returns:
        The old live ids, ascending.

    Raises:
        ValueError: Not one new id per live id.
    """
    new = np.asarray(new_ids, dtype=np.int64).reshape(-1)
    old = np.asarray(store.ids(), dtype=np.int64)
    if len(new) != len(old):
        raise ValueError(f"got {len(new)} new ids for {len(old)} live ids")
    if isinstance(store, Compactable):
        return np.asarray(store.compact(new_ids=new), dtype=np.int64)
    if not np.array_equal(old, new):
        vectors = store.vectors(old)
        store.delete(old.tolist())
        store.upsert(new, vectors, space=store.space)
    return old
