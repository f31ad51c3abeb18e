"""Contract of the ``VectorStore`` seam, run against every implementation.

One set of assertions (the ``store_kind`` parametrisation) holds the exact NumPy store and the
FAISS store in each of its kinds (flat, HNSW, IVF, chosen by ``choose_index_type`` with small
thresholds) to the promises of :mod:`knowledge.vectors.base`: filters never leak, ``k`` hits
whenever ``k`` items pass, deleted ids never come back, replaced vectors are replaced, scores are
exact inner products, and vectors of another embedding space or dimension are refused. The FAISS
stores run with ``EXACT_SCAN_ROWS = 0`` so that filtered searches go through FAISS (selectors,
growing efSearch, growing nprobe) rather than the small-filter exact scan.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from knowledge.vectors import (
    Compactable,
    EmbeddingSpace,
    ExactVectorStore,
    SpaceMismatchError,
    VectorStore,
    Where,
    load_store,
    new_store,
    renumber,
    save_store,
    store_file,
    store_params,
)
from knowledge.vectors import store_kind as kind_of_store

DIM = 16
N = 1_200
SPACE = EmbeddingSpace("contract-model", DIM, "onnx int8, 256 tokens")
KINDS = ("exact", "faiss-flat", "faiss-hnsw", "faiss-ivf")
# Sizes from which the FAISS kinds switch, small enough that N vectors pick each kind.
SMALL_THRESHOLDS = {"faiss-flat": (N + 1, N + 2), "faiss-hnsw": (10, N + 1), "faiss-ivf": (10, 20)}

Factory = Callable[[np.ndarray, np.ndarray, list[dict] | None], VectorStore]


def clustered(rng: np.random.Generator, n: int, centres: int = 20) -> np.ndarray:
    """Vectors around a few centres (like embeddings: neighbours exist), not normalised."""
    middle = rng.normal(size=(centres, DIM))
    return (middle[rng.integers(0, centres, n)] + 0.35 * rng.normal(size=(n, DIM))).astype(
        np.float32
    )


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


@pytest.fixture(params=KINDS)
def store_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param.startswith("faiss"):
        pytest.importorskip("faiss")
        from knowledge.vectors import kinds

        monkeypatch.setattr(kinds, "EXACT_SCAN_ROWS", 0)
    return request.param


@pytest.fixture
def make_store(store_kind: str) -> Factory:
    """Build a store of the parametrised kind holding ``vectors`` under ``ids``."""

    def make(ids: np.ndarray, vectors: np.ndarray, metadata: list[dict] | None = None):
        if store_kind == "exact":
            store: VectorStore = ExactVectorStore(SPACE)
            store.upsert(ids, vectors, metadata, space=SPACE)
            return store
        from knowledge.vectors.faiss_store import FaissVectorStore
        from knowledge.vectors.kinds import FLAT, HNSW, IVF, choose_index_type

        ann, ivf = SMALL_THRESHOLDS[store_kind]
        kind = choose_index_type(len(ids), ann, ivf)
        assert kind == {"faiss-flat": FLAT, "faiss-hnsw": HNSW, "faiss-ivf": IVF}[store_kind]
        faiss_store = FaissVectorStore.from_vectors(SPACE, ids, vectors, kind, metadata)
        assert faiss_store.kind == kind
        return faiss_store

    return make


@pytest.fixture
def data() -> tuple[np.ndarray, np.ndarray, list[dict]]:
    rng = np.random.default_rng(7)
    ids = rng.permutation(np.arange(10, 10 + 3 * N, 3))[:N].astype(np.int64)  # sparse, shuffled
    countries = ["DE", "FR", "PL", "IT", "ES"]
    metadata = [
        {"country": countries[i % 5], "sectors": ["Energy"] if i % 7 == 0 else ["ICT", "Health"]}
        for i in range(N)
    ]
    return ids, clustered(rng, N), metadata


def exact_top(vectors: np.ndarray, ids: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    sims = unit(vectors) @ query
    return ids[np.argsort(-sims, kind="stable")[:k]].tolist()


def queries(n: int = 20, seed: int = 3) -> np.ndarray:
    return unit(clustered(np.random.default_rng(seed), n)).astype(np.float32)


# --- shape of the store ----------------------------------------------------------------------


def test_is_a_vector_store_and_counts(make_store, data) -> None:
    ids, vectors, metadata = data
    store = make_store(ids, vectors, metadata)
    assert isinstance(store, VectorStore)
    assert store.count == N
    assert store.space == SPACE
    np.testing.assert_array_equal(store.ids(), np.sort(ids))


def test_vectors_are_stored_normalised_and_scores_are_exact(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    for i in (0, 17, N - 1):
        np.testing.assert_allclose(store.vector(int(ids[i])), unit(vectors[i]), atol=1e-6)
    query = queries(1)[0]
    picked = ids[[5, 3, 999]]
    expected = unit(vectors[[5, 3, 999]]) @ query
    np.testing.assert_allclose(store.scores(query, picked, space=SPACE), expected, atol=1e-5)
    with pytest.raises(KeyError):
        store.vector(1)  # never stored (ids are 10, 13, ...)
    with pytest.raises(KeyError):
        store.scores(query, [1], space=SPACE)


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [1, 10, 50])
def test_search_returns_k_hits_best_first_with_their_scores(make_store, data, k) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    recalls = []
    for query in queries():
        hits = store.search(query, k, space=SPACE)
        assert len(hits) == k and len(set(hits.ids.tolist())) == k
        assert np.all(np.diff(hits.scores) <= 1e-5), "best first"
        np.testing.assert_allclose(
            hits.scores, store.scores(query, hits.ids, space=SPACE), atol=1e-6
        )
        truth = exact_top(vectors, ids, query, k)
        recalls.append(len(set(truth) & set(hits.ids.tolist())) / k)
        assert [i for i, _ in hits] == hits.ids.tolist()
    assert np.mean(recalls) >= 0.9, recalls


def test_exact_kinds_find_the_exact_top(make_store, store_kind, data) -> None:
    if store_kind not in ("exact", "faiss-flat"):
        pytest.skip("approximate kind")
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    for query in queries(5):
        assert store.search(query, 10, space=SPACE).ids.tolist() == exact_top(
            vectors, ids, query, 10
        )


def test_k_beyond_the_items_returns_them_all(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids[:40], vectors[:40], None)
    hits = store.search(queries(1)[0], 100, space=SPACE)
    assert sorted(hits.ids.tolist()) == sorted(ids[:40].tolist())


# --- filters ----------------------------------------------------------------------------------


def test_random_id_filters_never_leak_and_fill_k(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    rng = np.random.default_rng(11)
    for share, query in zip((0.002, 0.01, 0.05, 0.3, 0.9), queries(5), strict=True):
        allowed = rng.choice(ids, size=max(1, int(share * N)), replace=False)
        for k in (1, 10, 50):
            hits = store.search(query, k, Where.of(ids=allowed), space=SPACE)
            assert set(hits.ids.tolist()) <= set(allowed.tolist())
            assert len(hits) == min(k, len(allowed)), (share, k)


def test_a_filter_passing_exactly_k_items_returns_exactly_them(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    rng = np.random.default_rng(5)
    for query in queries(5):
        allowed = rng.choice(ids, size=10, replace=False)
        hits = store.search(query, 10, Where.of(ids=allowed), space=SPACE)
        assert sorted(hits.ids.tolist()) == sorted(allowed.tolist())


def test_a_filter_passing_only_items_far_from_the_query_still_fills_k(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    for query in queries(5):
        far = ids[np.argsort(unit(vectors) @ query)[:25]]  # the 25 least similar items
        hits = store.search(query, 20, Where.of(ids=far), space=SPACE)
        assert len(hits) == 20 and set(hits.ids.tolist()) <= set(far.tolist())


def test_ids_not_stored_in_a_filter_are_ignored(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    allowed = np.concatenate([ids[:3], [1, 2, 4, 10**6]])
    hits = store.search(queries(1)[0], 10, Where.of(ids=allowed), space=SPACE)
    assert sorted(hits.ids.tolist()) == sorted(ids[:3].tolist())
    assert len(store.search(queries(1)[0], 5, Where.of(ids=[1, 2]), space=SPACE)) == 0


def test_field_filters_never_leak_and_fill_k(make_store, data) -> None:
    ids, vectors, metadata = data
    store = make_store(ids, vectors, metadata)
    by_id = dict(zip(ids.tolist(), metadata, strict=True))
    for query in queries(5):
        hits = store.search(query, 30, Where.of(country=["PL"]), space=SPACE)
        assert len(hits) == 30 and {by_id[i]["country"] for i in hits.ids.tolist()} == {"PL"}
        where = Where.of(ids=ids[:500], sectors=["Energy"], country=["DE", "FR"])
        passing = [
            i
            for i in ids[:500].tolist()
            if "Energy" in by_id[i]["sectors"] and by_id[i]["country"] in ("DE", "FR")
        ]
        hits = store.search(query, 50, where, space=SPACE)
        assert set(hits.ids.tolist()) <= set(passing)
        assert len(hits) == min(50, len(passing)) and len(passing) > 0


def test_items_without_metadata_fail_field_filters(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    assert len(store.search(queries(1)[0], 5, Where.of(country=["DE"]), space=SPACE)) == 0


# --- changes ----------------------------------------------------------------------------------


def test_deleted_ids_are_never_returned(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    query = queries(1)[0]
    gone = store.search(query, 30, space=SPACE).ids
    store.delete([*gone.tolist(), 1, 2])  # unknown ids are ignored
    assert store.count == N - 30
    assert not set(store.ids().tolist()) & set(gone.tolist())
    for q in (query, *queries(5, seed=9)):
        assert not set(store.search(q, 50, space=SPACE).ids.tolist()) & set(gone.tolist())
    assert len(store.search(query, 10, Where.of(ids=gone), space=SPACE)) == 0
    mixed = np.concatenate([gone, ids[~np.isin(ids, gone)][:5]])
    hits = store.search(query, 10, Where.of(ids=mixed), space=SPACE)
    assert len(hits) == 5 and not set(hits.ids.tolist()) & set(gone.tolist())
    with pytest.raises(KeyError):
        store.vector(int(gone[0]))


def test_upsert_replaces_and_adds(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    target = int(ids[42])
    fresh = unit(np.random.default_rng(1).normal(size=(2, DIM))).astype(np.float32)
    store.upsert([target, 99_999], fresh, space=SPACE)
    assert store.count == N + 1
    np.testing.assert_allclose(store.vector(target), fresh[0], atol=1e-6)
    for vector, wanted in zip(fresh, (target, 99_999), strict=True):
        hits = store.search(vector, 5, space=SPACE)
        assert hits.ids[0] == wanted and hits.ids.tolist().count(wanted) == 1
        assert hits.scores[0] == pytest.approx(1.0, abs=1e-5)


def test_vectors_of_ids_are_the_stored_vectors(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    some = ids[[5, 0, 900, 5]]
    got = store.vectors(some)
    assert got.shape == (4, DIM) and got.dtype == np.float32
    np.testing.assert_allclose(got, unit(vectors[[5, 0, 900, 5]]), atol=1e-6)
    np.testing.assert_allclose(got[1], store.vector(int(ids[0])))
    assert store.vectors([]).shape == (0, DIM)
    store.delete([int(ids[0])])
    with pytest.raises(KeyError):
        store.vectors(some)


def test_renumbering_maps_ascending_old_ids_to_new_ids(make_store, store_kind, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    store.delete(ids[: N // 3].tolist())
    live = np.sort(ids[N // 3 :])
    query = queries(1)[0]
    before = store.search(query, 10, space=SPACE)
    old = renumber(store, np.arange(len(live)) + 5)
    np.testing.assert_array_equal(old, live)
    np.testing.assert_array_equal(store.ids(), np.arange(len(live)) + 5)
    if isinstance(store, Compactable):
        assert store.deleted == 0
    for i in (0, 100, len(live) - 1):
        np.testing.assert_allclose(store.vector(i + 5), unit(vectors[ids == live[i]][0]), atol=1e-6)
    after = store.search(query, 10, space=SPACE)
    if store_kind in ("exact", "faiss-flat"):  # a rebuilt graph may walk elsewhere
        np.testing.assert_allclose(after.scores, before.scores, atol=1e-6)
    new_of = {int(o): i + 5 for i, o in enumerate(live.tolist())}
    assert set(after.ids.tolist()) <= set(new_of.values())


def test_the_factory_makes_saves_and_loads_every_kind(store_kind, data, tmp_path) -> None:
    _, vectors, _ = data
    kind = "exact"
    if store_kind != "exact":
        from knowledge.vectors.kinds import FLAT, HNSW, IVF

        kind = {"faiss-flat": FLAT, "faiss-hnsw": HNSW, "faiss-ivf": IVF}[store_kind]
    rows = np.arange(N)  # as the partner index: id = row
    store = new_store(kind, SPACE, rows, vectors)
    assert isinstance(store, VectorStore) and kind_of_store(store) == kind
    store.delete([3, 4])
    path = tmp_path / store_file(kind)
    save_store(store, path)
    alive = np.ones(N, dtype=bool)
    alive[[3, 4]] = False
    loaded = load_store(kind, path, SPACE, alive, store_params(store))
    assert kind_of_store(loaded) == kind and loaded.count == N - 2
    for query in queries(3):
        a = store.search(query, 10, Where.of(ids=rows[:600]), space=SPACE)
        b = loaded.search(query, 10, Where.of(ids=rows[:600]), space=SPACE)
        assert a.ids.tolist() == b.ids.tolist() and 3 not in b.ids.tolist()
    with pytest.raises(ValueError):
        new_store("no-such-kind", SPACE, rows, vectors)


def test_compaction_keeps_what_is_stored(make_store, store_kind, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    store.delete(ids[: N // 2].tolist())
    query = queries(1)[0]
    before = store.search(query, 10, space=SPACE).ids.tolist()
    kept = store.compact()
    assert len(kept) == N - N // 2 and store.deleted == 0 and store.count == N - N // 2
    after = store.search(query, 10, space=SPACE)
    assert not set(after.ids.tolist()) & set(ids[: N // 2].tolist())
    if store_kind in ("exact", "faiss-flat"):
        assert after.ids.tolist() == before


# --- embedding space --------------------------------------------------------------------------


def test_vectors_of_another_dimension_are_refused(make_store, data) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    wrong = EmbeddingSpace(SPACE.model, DIM + 1, SPACE.settings)
    with pytest.raises(SpaceMismatchError):
        store.upsert([1], np.ones((1, DIM + 1), dtype=np.float32), space=wrong)
    with pytest.raises(SpaceMismatchError):
        store.upsert([1], np.ones((1, DIM + 1), dtype=np.float32), space=SPACE)
    with pytest.raises(SpaceMismatchError):
        store.search(np.ones(DIM + 1, dtype=np.float32), 5, space=SPACE)
    with pytest.raises(SpaceMismatchError):
        store.scores(np.ones(DIM + 1, dtype=np.float32), ids[:2], space=SPACE)
    assert store.count == N


@pytest.mark.parametrize(
    "other",
    [
        EmbeddingSpace("another-model", DIM, SPACE.settings),
        EmbeddingSpace(SPACE.model, DIM, "torch, the model's token limit"),
    ],
)
def test_vectors_of_another_space_are_refused(make_store, data, other) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    with pytest.raises(SpaceMismatchError):
        store.upsert([1], np.ones((1, DIM), dtype=np.float32), space=other)
    with pytest.raises(SpaceMismatchError):
        store.search(queries(1)[0], 5, space=other)
    assert store.count == N and store.row_of(1) is None
    # Settings that were never recorded are not compared (model and dimension still are).
    store.upsert([1], np.ones((1, DIM), dtype=np.float32), space=EmbeddingSpace(SPACE.model, DIM))
    assert store.count == N + 1


def test_the_seam_and_the_exact_store_load_without_faiss() -> None:
    import subprocess
    import sys

    code = "import sys, knowledge.vectors; assert 'faiss' not in sys.modules, 'faiss loaded'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


def test_save_and_load_keep_ids_tombstones_and_results(
    make_store, store_kind, data, tmp_path
) -> None:
    ids, vectors, _ = data
    store = make_store(ids, vectors, None)
    store.delete(ids[:50].tolist())
    store.upsert([int(ids[60])], vectors[:1], space=SPACE)
    if store_kind == "exact":
        store.save(tmp_path / "vectors.npz")
        loaded = ExactVectorStore.load(tmp_path / "vectors.npz")
    else:
        from knowledge.vectors.faiss_store import FaissVectorStore

        store.save(tmp_path / "vectors.faiss")
        loaded = FaissVectorStore.load(tmp_path / "vectors.faiss", SPACE)
        assert loaded.kind == store.kind
    assert loaded.space == SPACE and loaded.count == store.count == N - 50
    np.testing.assert_array_equal(loaded.ids(), store.ids())
    np.testing.assert_allclose(loaded.vector(int(ids[60])), store.vector(int(ids[60])))
    for query in queries(5):
        a = store.search(query, 20, Where.of(ids=ids[:400]), space=SPACE)
        b = loaded.search(query, 20, Where.of(ids=ids[:400]), space=SPACE)
        assert a.ids.tolist() == b.ids.tolist()
        assert not set(b.ids.tolist()) & set(ids[:50].tolist())
