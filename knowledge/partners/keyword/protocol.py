"""The :class:`KeywordRetriever` seam: what partner search and its index need from keyword search.

A keyword retriever indexes profiles under integer ids (the partner index's vector rows), keeps
itself in sync through :meth:`~KeywordRetriever.add` / :meth:`~KeywordRetriever.remove`, answers
free-text queries restricted to allowed ids, and saves / loads itself. The contract every
implementation must meet is tests/contracts/test_keyword_retriever.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

import numpy as np

from knowledge.records import ClusterProfile

#: One search hit: ``(id, score)``, a higher score is better.
KeywordHit = tuple[int, float]


@runtime_checkable
class KeywordRetriever(Protocol):
    """Keyword search over profiles keyed by integer id.

    Contract: hits never include an id outside ``allowed`` or a removed id; scores are
    positive and hits come best first; a saved and loaded retriever answers exactly as the
    original; any text (empty, huge, non-Latin) is a valid query.
    """

    @classmethod
    def build(cls, profiles: Iterable[tuple[int, ClusterProfile]]) -> KeywordRetriever:
        """Index ``(id, profile)`` pairs (the last profile given for an id wins)."""
        ...

    def add(self, row: int, profile: ClusterProfile) -> None:
        """Index a profile under ``row``, replacing what the id held before."""
        ...

    def remove(self, row: int) -> None:
        """Drop an id (no-op if it is not indexed)."""
        ...

    def search(
        self, query: str, k: int, allowed: Iterable[int] | np.ndarray | None = None
    ) -> list[KeywordHit]:
        """Return up to ``k`` ``(id, score)`` hits for ``query``, best first, within ``allowed``."""
        ...

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the retriever to ``path``."""
        ...

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> KeywordRetriever:
        """Read a retriever written by :meth:`save`."""
        ...

    def __len__(self) -> int:
        """Number of indexed ids."""
        ...

    def __contains__(self, row: object) -> bool:
        """Whether an id is indexed."""
        ...
