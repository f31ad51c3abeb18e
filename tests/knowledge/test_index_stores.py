"""The partner index works over any ``VectorStore``: exact NumPy and FAISS flat agree exactly.

The same :class:`PartnerIndex` is built from the shipped 381 profiles with the FakeEmbedder over
the exact store (``index_type="exact"``) and over FAISS flat. Every search (dense, keyword,
hybrid, with country/region/sector/label filters, paged), ``similar_to``, add/update/remove,
compaction and save/load must give the same ids, scores (within 1e-6) and explanations. The
partner layer reaches its store through the Protocol only (checked by reading its imports).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from knowledge.embedding import FakeEmbedder
from knowledge.partners.index import PartnerIndex
from knowledge.partners.query import PartnerFilters
from knowledge.partners.results import PartnerSearchResult
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile
from knowledge.vectors import Compactable, ExactVectorStore, VectorStore
from knowledge.vectors.kinds import EXACT, FLAT

pytest.importorskip("faiss")

KINDS = (EXACT, FLAT)
QUERIES = (
    "hydrogen storage",
    "artificial intelligence for manufacturing",
    "food processing and packaging",
    "medical devices",
    "offshore wind energy",
    "textile recycling",
    "batteries",
    "",
)
FILTERS = (
    PartnerFilters(),
    PartnerFilters(country="DE"),
    PartnerFilters(country="France"),
    PartnerFilters(sector="Energy"),
    PartnerFilters(sector="ICT", country="ES"),
    PartnerFilters(region="Wallonia"),
    PartnerFilters(region="Bavaria"),
    PartnerFilters(label="any"),
    PartnerFilters(label="gold"),
    PartnerFilters(technology="hydrogen"),
)


def _pair(profiles: list[ClusterProfile], embedder: FakeEmbedder) -> dict[str, PartnerIndex]:
    return {
        kind: PartnerIndex.build(profiles, embedder, progress=False, index_type=kind)
        for kind in KINDS
    }


def _searchers(indexes: dict[str, PartnerIndex], embedder: FakeEmbedder):
    return {kind: PartnerSearcher(index, embedder) for kind, index in indexes.items()}


def _same(a: PartnerSearchResult, b: PartnerSearchResult) -> None:
    assert [m.profile.id for m in a.matches] == [m.profile.id for m in b.matches]
    np.testing.assert_allclose(
        [m.score for m in a.matches], [m.score for m in b.matches], rtol=0, atol=1e-6
    )
    assert [m.why for m in a.matches] == [m.why for m in b.matches]
    assert (a.total, a.empty_because) == (b.total, b.empty_because)


def _all_searches_agree(searchers: dict[str, PartnerSearcher]) -> int:
    exact, flat = searchers[EXACT], searchers[FLAT]
    compared = 0
    for query in QUERIES:
        for filters in FILTERS:
            for mode in ("hybrid", "dense", "keyword"):
                for k, offset in ((10, 0), (5, 5)):
                    a = exact.search(query, filters, k=k, offset=offset, mode=mode)
                    b = flat.search(query, filters, k=k, offset=offset, mode=mode)
                    _same(a, b)
                    compared += len(a.matches)
    return compared


def _all_similar_agree(searchers: dict[str, PartnerSearcher], ids: list[str]) -> None:
    for profile_id in ids:
        for filters in FILTERS[:5]:
            a = searchers[EXACT].similar_to(profile_id, filters, k=8)
            b = searchers[FLAT].similar_to(profile_id, filters, k=8)
            _same(a, b)


@pytest.fixture(scope="module")
def embedder() -> FakeEmbedder:
    return FakeEmbedder(dim=64)


def test_the_index_holds_the_store_it_was_asked_for(real_profiles, embedder) -> None:
    indexes = _pair(real_profiles, embedder)
    assert isinstance(indexes[EXACT].store, ExactVectorStore)
    assert indexes[EXACT].index_type == EXACT and indexes[FLAT].index_type == FLAT
    for index in indexes.values():
        assert isinstance(index.store, VectorStore) and len(index) == len(real_profiles) == 381
    np.testing.assert_allclose(indexes[EXACT].vectors(), indexes[FLAT].vectors(), atol=1e-7)


def test_search_and_similar_to_agree_over_both_stores(real_profiles, embedder) -> None:
    searchers = _searchers(_pair(real_profiles, embedder), embedder)
    assert _all_searches_agree(searchers) > 1_000
    _all_similar_agree(searchers, [p.id for p in real_profiles[::40]])


def test_edits_compaction_and_save_load_agree(real_profiles, embedder, tmp_path: Path) -> None:
    half = real_profiles[:300]
    indexes = _pair(half, embedder)
    changed = [
        dataclasses.replace(p, description=p.description + " Hydrogen storage and batteries.")
        for p in half[10:20]
    ]
    for index in indexes.values():
        assert index.add(real_profiles[300:], embedder) == [p.id for p in real_profiles[300:]]
        assert index.update(changed, embedder) == [p.id for p in changed]
        index.remove([p.id for p in half[100:130]])
        assert index.deleted == 40 and len(index) == 381 - 30
    searchers = _searchers(indexes, embedder)
    assert _all_searches_agree(searchers) > 1_000
    _all_similar_agree(searchers, [half[10].id, real_profiles[350].id, half[0].id])

    for index in indexes.values():
        index.compact()
        assert index.deleted == 0 and index.row_count == len(index) == 351
    _all_searches_agree(_searchers(indexes, embedder))

    for index in indexes.values():
        index.remove([p.id for p in half[:100]])  # more than a quarter: save compacts
    loaded = {}
    for kind, index in indexes.items():
        target = index.save(tmp_path / kind)
        assert (target / ("vectors.npz" if kind == EXACT else "vectors.faiss")).is_file()
        loaded[kind] = PartnerIndex.load(target, embedder)
        assert loaded[kind].index_type == kind and len(loaded[kind]) == 251
        assert loaded[kind].deleted == 0
    searchers = _searchers(loaded, embedder)
    _all_searches_agree(searchers)
    _all_similar_agree(searchers, [half[10].id, real_profiles[350].id])


class ProtocolOnlyStore:
    """A store with the ``VectorStore`` methods and nothing else (like a remote engine's client).

    It keeps its vectors in an :class:`ExactVectorStore` but exposes no compaction, rows or
    matrix, so the partner index must get by with the Protocol (compaction renumbers ids).
    """

    def __init__(self, inner: ExactVectorStore):
        self._inner = inner
        self.space = inner.space

    @property
    def count(self) -> int:
        return self._inner.count

    def upsert(self, ids, vectors, metadata=None, *, space):
        self._inner.upsert(ids, vectors, metadata, space=space)

    def delete(self, ids):
        self._inner.delete(ids)

    def search(self, query, k, where=None, *, space):
        return self._inner.search(query, k, where, space=space)

    def scores(self, query, ids, *, space):
        return self._inner.scores(query, ids, space=space)

    def vector(self, id):
        return self._inner.vector(id)

    def vectors(self, ids):
        return self._inner.vectors(ids)

    def ids(self):
        return self._inner.ids()


def test_a_store_with_the_protocol_alone_serves_the_index(real_profiles, embedder) -> None:
    indexes = _pair(real_profiles[:300], embedder)
    exact = indexes[EXACT]
    copy = ExactVectorStore(exact.space)
    copy.upsert(exact.store.ids(), exact.store.vectors(exact.store.ids()), space=exact.space)
    store = ProtocolOnlyStore(copy)
    assert isinstance(store, VectorStore) and not isinstance(store, Compactable)
    indexes[FLAT] = PartnerIndex(exact.profiles, store, dict(exact.manifest))  # compared below
    for index in indexes.values():
        index.add(real_profiles[300:], embedder)
        index.remove([p.id for p in real_profiles[100:200]])
    searchers = _searchers(indexes, embedder)
    assert _all_searches_agree(searchers) > 1_000
    for index in indexes.values():
        index.compact()  # the protocol-only store is renumbered: delete + upsert
        assert index.deleted == 0 and index.row_count == len(index) == 281
    np.testing.assert_array_equal(store.ids(), np.arange(281))
    _all_searches_agree(_searchers(indexes, embedder))
    _all_similar_agree(_searchers(indexes, embedder), [real_profiles[5].id])


def test_the_partner_layer_uses_the_protocol_only() -> None:
    """Only knowledge/vectors/ names the FAISS store; the partner layer imports the seam."""
    root = Path(__file__).parents[2] / "knowledge" / "partners"
    for path in sorted(root.rglob("*.py")):
        text = path.read_text("utf-8")
        banned = r"faiss_store|FaissVectorStore|^\s*(import|from) faiss\b|search_rows|\.matrix\("
        assert not re.search(banned, text, re.M), path
