"""The scale benchmark's pure parts: corpus scaling, synthetic vectors, exact top-k, recall."""

from pathlib import Path

import numpy as np

from bench.partners import (
    load_organisations,
    make_corpus,
    merge,
    recall,
    synthetic_vectors,
    topk_exact,
)

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
