"""IVF index type (from IVF_FROM profiles): exact within scanned lists, filters never leak,
edits, compaction and save/load keep the row-ordered vectors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import faiss
import numpy as np
import pytest

from knowledge.embedding import FakeEmbedder
from knowledge.partners.index import PartnerIndex
from knowledge.partners.manifest import read_manifest
from knowledge.partners.query import PartnerFilters
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile
from knowledge.vectors import kinds
from knowledge.vectors.kinds import (
    FLAT,
    HNSW,
    IVF,
    IVF_FROM,
    IVF_NPROBE,
    choose_index_type,
    ivf_list_count,
)


def test_ivf_is_chosen_for_the_largest_corpora() -> None:
    assert choose_index_type(29_999, 30_000) == FLAT
    assert choose_index_type(IVF_FROM - 1, 30_000) == HNSW
    assert choose_index_type(IVF_FROM, 30_000) == IVF
    assert choose_index_type(IVF_FROM, IVF_FROM + 1) == FLAT  # the threshold still rules
    assert ivf_list_count(1_000_000) == 1024  # the measured setting
    assert ivf_list_count(381) == 9 and ivf_list_count(5) == 1 and ivf_list_count(0) == 1


@pytest.fixture(scope="module")
def ivf_pair(real_profiles: list[ClusterProfile]) -> tuple[PartnerSearcher, PartnerSearcher]:
    embedder = FakeEmbedder(dim=64)
    ivf = PartnerIndex.build(real_profiles, embedder, progress=False, index_type=IVF)
    flat = PartnerIndex.build(real_profiles, embedder, progress=False, index_type=FLAT)
    return PartnerSearcher(ivf, embedder), PartnerSearcher(flat, embedder)


def test_ivf_holds_the_vectors_in_row_order(ivf_pair, real_profiles) -> None:
    ivf, flat = ivf_pair
    assert ivf.index.index_type == IVF and ivf.index.manifest["index_type"] == IVF
    assert ivf.index.manifest["ivf"] == {"nlist": 9, "nprobe": IVF_NPROBE}
    np.testing.assert_array_equal(ivf.index.vectors(), flat.index.vectors())


def test_ivf_scanning_every_list_equals_exact_search(ivf_pair, monkeypatch) -> None:
    ivf, flat = ivf_pair
    monkeypatch.setattr(ivf.index.store.faiss_index, "nprobe", ivf.index.store.faiss_index.nlist)
    for query in ("offshore wind", "medical devices", "food processing"):
        a = [m.profile.id for m in ivf.search(query, k=10, mode="dense").matches]
        b = [m.profile.id for m in flat.search(query, k=10, mode="dense").matches]
        assert a == b, query


def test_ivf_filters_never_leak_and_fill_k_with_one_list_scanned(
    ivf_pair, real_profiles, monkeypatch
) -> None:
    ivf, _ = ivf_pair
    monkeypatch.setattr(kinds, "EXACT_SCAN_ROWS", 0)  # always the IVF with a selector
    monkeypatch.setattr(
        ivf.index.store.faiss_index, "nprobe", 1
    )  # one list rarely holds k allowed rows
    assert ivf.index.store.faiss_index.nprobe == 1
    for country, n in Counter(p.country for p in real_profiles).items():
        for k in (1, 10):
            result = ivf.search("digital innovation", PartnerFilters(country=country), k=k)
            assert {m.profile.country for m in result.matches} <= {country}
            assert len(result.matches) == min(k, n), (country, k)
    monkeypatch.undo()
    assert ivf.index.store.faiss_index.nprobe == IVF_NPROBE


def test_ivf_edits_compaction_and_save_load(
    tmp_path: Path, real_profiles: list[ClusterProfile], profile_dict
) -> None:
    embedder = FakeEmbedder(dim=64)
    index = PartnerIndex.build(real_profiles, embedder, progress=False, index_type=IVF)
    lists = index.store.faiss_index.quantizer.reconstruct_n(0, index.store.faiss_index.nlist).copy()
    newcomer = ClusterProfile.from_dict(
        profile_dict(id="sea-robots", name="Sea Robots", technologies=["underwater drones"])
    )
    index.add([newcomer], embedder)
    removed = [p.id for p in real_profiles[:150]]  # beyond a quarter: save() compacts
    index.remove(removed)
    searcher = PartnerSearcher(index, embedder)
    assert searcher.search("underwater drones", k=1).matches[0].profile.id == "sea-robots"
    before = {p.id: index.vectors()[index.row_of(p.id)].copy() for p in index.profiles}
    index.save(tmp_path / "idx")
    assert (
        index.deleted == 0
        and index.store.faiss_index.ntotal == len(index) == len(real_profiles) - 149
    )
    np.testing.assert_array_equal(  # compaction kept the trained lists (no new k-means)
        index.store.faiss_index.quantizer.reconstruct_n(0, index.store.faiss_index.nlist), lists
    )
    manifest = read_manifest(tmp_path / "idx")
    assert manifest["index_type"] == IVF and manifest["ivf"]["nprobe"] == IVF_NPROBE

    loaded = PartnerIndex.load(tmp_path / "idx", embedder)
    assert isinstance(loaded.store.faiss_index, faiss.IndexIVFFlat)
    assert loaded.store.faiss_index.nprobe == IVF_NPROBE
    for pid, vector in before.items():
        np.testing.assert_array_equal(loaded.vectors()[loaded.row_of(pid)], vector)
    again = PartnerSearcher(loaded, embedder)
    for query in ("underwater drones", "hydrogen", "textile recycling"):
        a = [m.profile.id for m in searcher.search(query, k=10).matches]
        b = [m.profile.id for m in again.search(query, k=10).matches]
        assert a == b and not set(a) & set(removed), query
    loaded.add(
        [ClusterProfile.from_dict(profile_dict(id="late", name="Late Lab", technologies=["x"]))],
        embedder,
    )
    assert loaded.store.faiss_index.ntotal == len(loaded.vectors()) == loaded.row_count
