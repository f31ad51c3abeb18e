"""Index type by size, HNSW filtering, and add / update / remove without a rebuild."""

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from knowledge.config import Settings
from knowledge.embedding import FakeEmbedder
from knowledge.errors import IndexMismatchError, KnowledgeError
from knowledge.partners.ensure import ensure_index
from knowledge.partners.index import PartnerIndex
from knowledge.partners.manifest import read_manifest
from knowledge.partners.query import PartnerFilters
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile, load_profiles, profiles_hash
from knowledge.vectors.kinds import FLAT, HNSW, IVF, choose_index_type


class CountingEmbedder(FakeEmbedder):
    def __init__(self, dim: int = 64):
        super().__init__(dim)
        self.texts = 0

    def embed_batch(self, texts):
        self.texts += len(texts)
        return super().embed_batch(texts)


def test_index_type_follows_the_threshold(small_profiles, fake_embedder) -> None:
    assert choose_index_type(49_999, 50_000) == FLAT and choose_index_type(50_000, 50_000) == HNSW
    flat = PartnerIndex.build(small_profiles, fake_embedder, progress=False, ann_threshold=5)
    hnsw = PartnerIndex.build(small_profiles, fake_embedder, progress=False, ann_threshold=4)
    assert flat.manifest["index_type"] == FLAT and flat.index_type == FLAT
    assert hnsw.manifest["index_type"] == HNSW and hnsw.manifest["hnsw"]["M"] > 0


def test_threshold_setting_reaches_the_build(
    tmp_path: Path, write_jsonl, small_corpus, monkeypatch
) -> None:
    monkeypatch.setenv("CLUSTER_ANN_THRESHOLD", "3")
    settings = Settings.from_env(
        profiles_path=write_jsonl(small_corpus), index_dir=tmp_path / "i", embed_model="fake"
    )
    assert settings.ann_threshold == 3
    ensure_index(settings, FakeEmbedder(), progress=False)
    assert read_manifest(settings.index_dir)["index_type"] == HNSW
    monkeypatch.setenv("CLUSTER_ANN_THRESHOLD", "lots")
    with pytest.raises(KnowledgeError, match="CLUSTER_ANN_THRESHOLD='lots'"):
        Settings.from_env()


def test_ivf_threshold_setting_reaches_the_build(
    tmp_path: Path, write_jsonl, small_corpus, monkeypatch
) -> None:
    assert (
        choose_index_type(600_000) == IVF
        and choose_index_type(600_000, ivf_threshold=10**6) == HNSW
    )
    monkeypatch.setenv("CLUSTER_ANN_THRESHOLD", "3")
    monkeypatch.setenv("CLUSTER_IVF_THRESHOLD", "3")
    settings = Settings.from_env(
        profiles_path=write_jsonl(small_corpus), index_dir=tmp_path / "i", embed_model="fake"
    )
    assert settings.ivf_threshold == 3
    ensure_index(settings, FakeEmbedder(), progress=False)
    manifest = read_manifest(settings.index_dir)
    assert manifest["index_type"] == IVF and manifest["ivf"]["nprobe"] <= manifest["ivf"]["nlist"]
    monkeypatch.setenv("CLUSTER_IVF_THRESHOLD", "0")
    with pytest.raises(KnowledgeError, match="CLUSTER_IVF_THRESHOLD='0'"):
        Settings.from_env()


@pytest.fixture(scope="module")
def hnsw_searcher(real_profiles: list[ClusterProfile]) -> PartnerSearcher:
    embedder = FakeEmbedder(dim=64)
    index = PartnerIndex.build(real_profiles, embedder, progress=False, index_type=HNSW)
    return PartnerSearcher(index, embedder)


def test_hnsw_filters_never_leak_and_fill_k(
    hnsw_searcher: PartnerSearcher, real_profiles: list[ClusterProfile], monkeypatch
) -> None:
    from knowledge.vectors import kinds

    # Force the graph walk with a selector even for small allowed sets (no exact scan).
    monkeypatch.setattr(kinds, "EXACT_SCAN_ROWS", 0)
    for country, n in Counter(p.country for p in real_profiles).items():
        for k in (1, 10):
            for mode in ("hybrid", "dense"):
                result = hnsw_searcher.search(
                    "digital innovation", PartnerFilters(country=country), k=k, mode=mode
                )
                assert {m.profile.country for m in result.matches} <= {country}
                assert len(result.matches) == min(k, n), (country, k, mode)


def test_hnsw_agrees_with_exact_search_on_a_small_corpus(
    hnsw_searcher: PartnerSearcher, real_fake_searcher: PartnerSearcher
) -> None:
    for query in ("offshore wind", "medical devices", "food processing"):
        ann = [m.profile.id for m in hnsw_searcher.search(query, k=10, mode="dense").matches]
        exact = [m.profile.id for m in real_fake_searcher.search(query, k=10, mode="dense").matches]
        assert len(set(ann) & set(exact)) >= 9


@pytest.mark.parametrize("index_type", [FLAT, HNSW])
def test_add_update_remove_without_rebuild(
    tmp_path: Path, small_profiles: list[ClusterProfile], profile_dict, index_type: str
) -> None:
    embedder = CountingEmbedder()
    index = PartnerIndex.build(small_profiles, embedder, progress=False, index_type=index_type)
    searcher = PartnerSearcher(index, embedder)
    embedder.texts = 0
    newcomer = ClusterProfile.from_dict(
        profile_dict(id="sea-robots", name="Sea Robots", technologies=["underwater drones"])
    )
    assert index.add([newcomer], embedder) == ["sea-robots"]
    assert embedder.texts == 1  # only the new profile was embedded
    assert searcher.search("underwater drones", k=1).matches[0].profile.id == "sea-robots"
    with pytest.raises(KnowledgeError, match="already in the partner index"):
        index.add([newcomer], embedder)

    changed = ClusterProfile.from_dict(
        profile_dict(
            id="textile-lab",
            name="Textile Lab",
            country="PT",
            technologies=["seaweed fibres"],
            sectors=["Textiles & Fashion"],
        )
    )
    assert index.update([changed], embedder) == ["textile-lab"]
    hit = searcher.search("seaweed fibres", k=1).matches[0]
    assert hit.profile == changed and "seaweed fibres" in hit.why

    assert index.remove(["hydro-cluster"]) == ["hydro-cluster"]
    ids = {m.profile.id for m in searcher.search("hydrogen storage", k=10).matches}
    assert "hydro-cluster" not in ids and len(ids) == len(index) == 4
    with pytest.raises(KnowledgeError, match="no profile with id 'hydro-cluster'"):
        index.remove(["hydro-cluster"])

    # Persisted with an updated manifest; loads back to the same content.
    index.save(tmp_path / "idx")
    manifest = read_manifest(tmp_path / "idx")
    assert manifest["count"] == 4 and manifest["edits"] == 3
    assert manifest["profiles_hash"] == profiles_hash(index.profiles)
    assert manifest["source_hash"] == profiles_hash(small_profiles)
    loaded = PartnerIndex.load(tmp_path / "idx", embedder, expected_hash=manifest["source_hash"])
    assert {p.id for p in loaded.profiles} == {p.id for p in index.profiles}
    assert manifest["rows"] == loaded.row_count  # tombstones compacted away or kept, consistent
    again = PartnerSearcher(loaded, embedder).search("underwater drones", k=1)
    assert again.matches[0].profile.id == "sea-robots"


def test_compaction_keeps_vectors_and_search(small_profiles, fake_embedder) -> None:
    index = PartnerIndex.build(small_profiles, fake_embedder, progress=False, index_type=HNSW)
    before = {p.id: index.vectors()[index.row_of(p.id)].copy() for p in small_profiles}
    index.remove(["hydro-cluster", "med-valley"])
    index.compact()
    assert index.row_count == len(index) == 2 and index.deleted == 0
    for pid in ("textile-lab", "agri-north"):
        np.testing.assert_allclose(index.vectors()[index.row_of(pid)], before[pid])


def test_edits_are_refused_with_another_model(small_profiles, fake_embedder) -> None:
    index = PartnerIndex.build(small_profiles, fake_embedder, progress=False)
    with pytest.raises(IndexMismatchError, match="configured model"):
        index.add(small_profiles[:1], FakeEmbedder(dim=32))


def test_edited_index_stays_current_for_its_source_file(
    tmp_path: Path, write_jsonl, small_corpus, profile_dict
) -> None:
    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    index = ensure_index(settings, FakeEmbedder(), progress=False)
    extra = ClusterProfile.from_dict(profile_dict(id="extra", name="Extra"))
    index.add([extra], FakeEmbedder())
    index.save(settings.index_dir)
    embedder = CountingEmbedder()
    reloaded = ensure_index(settings, embedder, progress=False)
    assert embedder.texts == 0 and "extra" in {p.id for p in reloaded.profiles}
    # Other data in the profiles file: refused, and ensure_index rebuilds from the file.
    write_jsonl(small_corpus[:2])
    current = profiles_hash(load_profiles(settings.profiles_path))
    with pytest.raises(IndexMismatchError, match="stale"):
        PartnerIndex.load(settings.index_dir, FakeEmbedder(), expected_hash=current)
    assert len(ensure_index(settings, FakeEmbedder(), progress=False)) == 2


def test_profiles_file_round_trips_tombstones(tmp_path: Path, small_profiles, fake_embedder):
    index = PartnerIndex.build(small_profiles, fake_embedder, progress=False, index_type=HNSW)
    index.remove(["agri-north"])  # 1 of 4 rows: at the compaction share, so compacted
    index.save(tmp_path / "a")
    lines = (tmp_path / "a" / "profiles.jsonl").read_text("utf-8").splitlines()
    assert all(json.loads(line) is not None for line in lines) and len(lines) == 3
