import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from knowledge.embedding import (
    Embedder,
    FakeEmbedder,
    SentenceTransformerEmbedder,
    load_embedder,
    model_identifier,
)
from knowledge.errors import EmbedderError
from knowledge.settings import PACKAGED_MODEL_NAME, Settings, packaged_model_path


def test_fake_embedder_shape_dtype_and_norm() -> None:
    embedder = FakeEmbedder(dim=32)
    vectors = embedder.embed_batch(["hydrogen storage", "", "🚀", "x" * 10_000])
    assert vectors.shape == (4, 32) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert embedder.embed_batch([]).shape == (0, 32)
    assert isinstance(embedder, Embedder)


def test_fake_embedder_is_deterministic_and_word_based() -> None:
    a, b = FakeEmbedder(), FakeEmbedder()
    texts = ["hydrogen storage cluster", "Hydrogen storage", "textile fashion design"]
    va, vb = a.embed_batch(texts), b.embed_batch(texts)
    np.testing.assert_array_equal(va, vb)
    shared = float(va[0] @ va[1])
    unrelated = float(va[0] @ va[2])
    assert shared > 0.5
    assert shared > unrelated + 0.3


def test_sentence_transformer_embedder_is_lazy() -> None:
    embedder = SentenceTransformerEmbedder("/no/such/model")
    assert not embedder.loaded
    assert embedder.name == "/no/such/model"
    with pytest.raises(EmbedderError, match="CLUSTER_EMBED_MODEL"):
        embedder.embed_batch(["x"])


def test_importing_knowledge_loads_no_model_library() -> None:
    code = (
        "import sys, knowledge.cli, knowledge.partners.search, knowledge.embedding as e\n"
        "e.SentenceTransformerEmbedder(sys.argv[1])\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(packaged_model_path())],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]"


def test_model_identifier() -> None:
    packaged = packaged_model_path()
    assert packaged is not None
    assert model_identifier(str(packaged)) == PACKAGED_MODEL_NAME
    assert model_identifier("intfloat/multilingual-e5-small") == "intfloat/multilingual-e5-small"


def test_model_identifier_of_a_local_directory(tmp_path) -> None:
    model_dir = tmp_path / "my-model"
    model_dir.mkdir()
    assert model_identifier(str(model_dir)) == "my-model"


def test_load_embedder(tmp_path) -> None:
    def settings(model: str) -> Settings:
        return Settings(tmp_path / "p.jsonl", tmp_path / "idx", model)

    fake = load_embedder(settings("fake:16"))
    assert isinstance(fake, FakeEmbedder) and fake.dim == 16
    assert load_embedder(settings("fake")).dim == 64
    real = load_embedder(settings(str(packaged_model_path())))
    assert isinstance(real, SentenceTransformerEmbedder) and not real.loaded
    assert real.name == PACKAGED_MODEL_NAME
    with pytest.raises(EmbedderError):
        load_embedder(settings("fake:one"))


def test_torch_threads_default_and_override(monkeypatch):
    from knowledge.embedding import torch_threads

    monkeypatch.delenv("CLUSTER_TORCH_THREADS", raising=False)
    assert torch_threads() == 1
    monkeypatch.setenv("CLUSTER_TORCH_THREADS", "2")
    assert torch_threads() == 2
    monkeypatch.setenv("CLUSTER_TORCH_THREADS", "many")
    assert torch_threads() == 1
    monkeypatch.setenv("CLUSTER_TORCH_THREADS", "0")
    assert torch_threads() == 1
