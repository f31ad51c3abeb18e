"""The scale benchmark's pure parts (corpus scaling, synthetic vectors, exact top-k, recall) and
its index-type measurements at tiny sizes."""

import argparse
from pathlib import Path

import numpy as np

from bench.partners import (
    bench_size,
    dense_table,
    load_organisations,
    make_corpus,
    merge,
    nprobe_sweep,
    nprobe_table,
    recall,
    search_sweep,
    synthetic_vectors,
    topk_exact,
)
from knowledge.embedding import FakeEmbedder
from knowledge.partners.query import PartnerFilters
from knowledge.vectors import kinds
from knowledge.vectors.kinds import FLAT, IVF

ORGS = [("ACME ROBOTICS GMBH", "DE"), ("UNIVERSITY OF NOWHERE", "GB"), ("AQUA SA", "GR")]


def test_make_corpus_scales_real_records_deterministically(real_profiles) -> None:
    profiles, base = make_corpus(50, real_profiles, ORGS)
    again, _ = make_corpus(50, real_profiles, ORGS)
    assert [p.id for p in profiles] == [p.id for p in again]
    assert len({p.id for p in profiles}) == 50
    for p, b in zip(profiles, base.tolist(), strict=True):
        assert (p.name, p.country) in ORGS
        assert p.description == real_profiles[b].description
        assert p.sectors == real_profiles[b].sectors
    shipped, _ = make_corpus(len(real_profiles), real_profiles, ORGS)
    assert shipped == list(real_profiles)


def test_cordis_codes_become_iso(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(
        "organisationID,country,name,name_mojibake_repaired\n"
        "1,UK,Foo Ltd,Foo Ltd\n2,EL,Bar AE,Bar AE\n3,DE,Foo Ltd,Foo Ltd\n",
        encoding="utf-8",
    )
    assert load_organisations(path) == [("Foo Ltd", "GB"), ("Bar AE", "GR")]


def test_synthetic_vectors_are_unit_and_near_their_base() -> None:
    rng = np.random.default_rng(0)
    base_vectors = rng.standard_normal((20, 32)).astype(np.float32)
    base_vectors /= np.linalg.norm(base_vectors, axis=1, keepdims=True)
    base = rng.integers(0, 20, size=500)
    vectors = synthetic_vectors(base_vectors, base)
    assert vectors.shape == (500, 32) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(np.mean(np.sum(vectors * base_vectors[base], axis=1))) > 0.8


def test_exact_top_k_and_recall() -> None:
    vectors = np.eye(6, dtype=np.float32)
    query = np.array([[0.1, 0.9, 0.0, 0.5, 0.0, 0.0]], dtype=np.float32)
    (top,) = topk_exact(vectors, None, query, 2)
    assert top.tolist() == [1, 3]
    (top,) = topk_exact(vectors, np.array([0, 3, 4]), query, 2)
    assert top.tolist() == [3, 0]
    assert recall([np.array([1, 3])], [np.array([1, 2])], k=2) == 0.5


def test_merge_keeps_one_row_per_size(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text('{"sizes": [{"n": 10, "x": 1}], "build": [1]}')
    second.write_text('{"sizes": [{"n": 10, "x": 2}, {"n": 5, "x": 3}], "build": []}')
    merged = merge([first, second])
    assert [r["n"] for r in merged["sizes"]] == [5, 10] and merged["sizes"][1]["x"] == 2
    assert merged["build"] == [1]


class _FixedIndex:
    """Stands in for a FAISS index: returns the same rows for every query."""

    def __init__(self, rows: list[int]):
        self.rows = np.array([rows], dtype=np.int64)

    def search(self, query, k, params=None):
        return np.zeros((1, k), dtype=np.float32), self.rows[:, :k]


def test_search_sweep_recall_and_near_ties_count_every_slot() -> None:
    # Row i scores 1 - 0.004 i against the query: row 0 is the best, row 3 the exact 4th.
    vecs = np.zeros((8, 2), dtype=np.float32)
    vecs[:, 0] = 1.0 - 0.004 * np.arange(8)
    query = np.array([[1.0, 0.0]], dtype=np.float32)
    (truth,) = topk_exact(vecs, None, query, 4)
    assert truth.tolist() == [0, 1, 2, 3]
    # Two exact hits, row 4 (0.004 below the 4th: a near-tie), row 7 (0.016 below) -> recall 0.5,
    # 3 of 4 slots within 0.01; an empty slot (-1) counts as a miss in both.
    found = [0, 1, 4, 7]
    (row,) = search_sweep(_FixedIndex(found), vecs, query, [truth], lambda v: None, [1], k=4)
    assert row["recall"] == 0.5 and row["recall_tol"] == 0.75
    (row,) = search_sweep(
        _FixedIndex([0, 1, 2, -1]), vecs, query, [truth], lambda v: None, [1], k=4
    )
    assert row["recall"] == 0.75 and row["recall_tol"] == 0.75


def test_nprobe_sweep_scanning_every_list_is_exact() -> None:
    rng = np.random.default_rng(3)
    base_vectors = rng.standard_normal((30, 16)).astype(np.float32)
    base_vectors /= np.linalg.norm(base_vectors, axis=1, keepdims=True)
    queries = base_vectors[:6] + 0.1 * rng.standard_normal((6, 16)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    n = 3_000
    nlist = kinds.ivf_list_count(n)
    result = nprobe_sweep(base_vectors, queries, n, len(base_vectors), [1, 8, nlist * 2])
    assert result["nlist"] == nlist == 64 and result["list_max"] <= n
    assert 0.10 < result["filter_rows"] / n < 0.16
    assert [r["nprobe"] for r in result["ivf"]] == [1, 8, nlist]  # capped at the list count
    every = result["ivf"][-1]
    # All lists scanned: IVF-Flat scores exactly, so it finds the exact top 10, also filtered.
    assert every["all"]["recall"] == every["filtered"]["recall"] == 1.0
    assert every["all"]["recall_tol"] == every["filtered"]["recall_tol"] == 1.0
    recalls = [r["all"]["recall"] for r in result["ivf"]]
    assert recalls == sorted(recalls)
    assert result["hnsw"]["efSearch"] == kinds.HNSW_EF_SEARCH
    assert 0.0 < result["hnsw"]["all"]["recall"] <= 1.0
    text = nprobe_table(result)
    assert "(baseline)" in text and "IVF nprobe 8 (default)" in text
    assert f"IVF nprobe {nlist} |" in text
    no_hnsw = nprobe_sweep(base_vectors, queries, 500, len(base_vectors), [2], hnsw=False)
    assert no_hnsw["hnsw"] is None and "HNSW baseline not measured" in nprobe_table(no_hnsw)


def test_scale_run_measures_the_type_index_build_picks(real_profiles, monkeypatch) -> None:
    monkeypatch.setattr(kinds, "IVF_FROM", 1_000)
    embedder = FakeEmbedder(dim=32)
    n = 1_200
    profiles, base = make_corpus(n, real_profiles, ORGS)
    shipped_vectors = embedder.embed_batch([p.search_text() for p in real_profiles])
    vectors = synthetic_vectors(shipped_vectors, base)
    queries = [("hydrogen storage", PartnerFilters()), ("robots", PartnerFilters())]
    qvecs = embedder.embed_batch([q for q, _ in queries])
    args = argparse.Namespace(
        build_threads=1,
        ann_threshold=500,
        hnsw_baseline_max=0,
        ef_sweep=False,
        keyword_max=0,
        adds=1,
    )
    res = bench_size(n, profiles, vectors, "fake", embedder, queries, qvecs, args)
    assert res["index_type"] == IVF and res["ivf"]["nlist"] == kinds.ivf_list_count(n)
    assert "hnsw_search_p50" not in res and "not built" in res["hnsw_skipped"]
    assert res["flat_recall"] == res["flat_recall_de"] == 1.0  # exact against exact
    assert 0.0 < res["ivf_recall"] <= 1.0 and "ivf_add_p50" in res
    text = dense_table([res])
    assert f"IVF {res['ivf']['nlist']:,} lists, nprobe {kinds.IVF_NPROBE} *" in text
    assert "| HNSW | not built: more than --hnsw-baseline-max=0 profiles" in text

    args.hnsw_baseline_max = n
    res = bench_size(n, profiles, vectors, "fake", embedder, queries, qvecs, args)
    assert "hnsw_search_p50" in res and "ivf_search_p50" in res
    monkeypatch.setattr(kinds, "IVF_FROM", 500_000)
    args.ann_threshold = 2_000
    res = bench_size(n, profiles, vectors, "fake", embedder, queries, qvecs, args)
    assert res["index_type"] == FLAT and "ivf_search_p50" not in res
    assert "hnsw_search_p50" in res  # HNSW below the threshold: the crossover comparison
    assert "exact *" in dense_table([res])
