import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from knowledge.config import (
    DEFAULT_MODEL_CACHE,
    PACKAGED_MODEL_NAME,
    Settings,
    packaged_model_path,
)
from knowledge.embedding import (
    Embedder,
    FakeEmbedder,
    OnnxEmbedder,
    SentenceTransformerEmbedder,
    load_embedder,
    model_identifier,
)
from knowledge.embedding.student import STUDENT_DIR
from knowledge.errors import EmbedderError, KnowledgeError


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


def test_onnx_embedder_is_lazy() -> None:
    embedder = OnnxEmbedder("/no/such/model")
    assert not embedder.loaded and embedder.name == "/no/such/model"
    with pytest.raises(EmbedderError, match="CLUSTER_EMBED_MODEL"):
        embedder.embed_batch(["x"])


def test_importing_knowledge_loads_no_model_library() -> None:
    code = (
        "import sys, knowledge.cli.app, knowledge.partners.searcher, knowledge.embedding as e\n"
        "from knowledge.config import Settings\n"
        "e.SentenceTransformerEmbedder(sys.argv[1]).config\n"
        "e.OnnxEmbedder(sys.argv[1]).config\n"
        "e.load_embedder(Settings.from_env(embed_model=sys.argv[1])).config\n"
        "libraries = ('torch', 'sentence_transformers', 'onnxruntime', 'onnx', 'tokenizers')\n"
        "print(sorted(m for m in libraries if m in sys.modules))\n"
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
    def settings(model: str, **more) -> Settings:
        return Settings(tmp_path / "p.jsonl", tmp_path / "idx", model, **more)

    fake = load_embedder(settings("fake:16"))
    assert isinstance(fake, FakeEmbedder) and fake.dim == 16
    assert load_embedder(settings("fake", embed_backend="torch")).dim == 64
    packaged = str(packaged_model_path())
    student = load_embedder(settings(packaged))  # default backend: the distilled student
    assert isinstance(student, OnnxEmbedder) and not student.loaded and student.quantized
    assert student.student == STUDENT_DIR
    assert student.name == PACKAGED_MODEL_NAME and student.cache_dir == DEFAULT_MODEL_CACHE
    assert student.config == {
        "backend": "onnx-distil",
        "quantization": "int8-dynamic-per-channel",
        "max_seq_length": 256,
        "student": student.student_id,
    }
    assert str(student.student_id).startswith("all-MiniLM-L6-v2-distil-l2 v1 sha256:")
    real = load_embedder(settings(packaged, embed_backend="onnx-int8"))
    assert isinstance(real, OnnxEmbedder) and real.quantized and real.student is None
    assert real.config == {
        "backend": "onnx",
        "quantization": "int8-dynamic-per-channel",
        "max_seq_length": 256,
    }
    float32 = load_embedder(
        settings(packaged, embed_backend="onnx", embed_max_tokens=128, model_cache_dir=tmp_path)
    )
    assert isinstance(float32, OnnxEmbedder) and not float32.quantized
    assert float32.cache_dir == tmp_path
    assert float32.config == {"backend": "onnx", "quantization": "none", "max_seq_length": 128}
    torch_embedder = load_embedder(settings(packaged, embed_backend="torch"))
    assert isinstance(torch_embedder, SentenceTransformerEmbedder) and not torch_embedder.loaded
    assert torch_embedder.config == {
        "backend": "torch",
        "quantization": "none",
        "max_seq_length": 256,
    }
    with pytest.raises(EmbedderError):
        load_embedder(settings("fake:one"))


def test_embedding_settings_from_the_environment(monkeypatch, tmp_path) -> None:
    for var in ("CLUSTER_EMBED_BACKEND", "CLUSTER_EMBED_MAX_TOKENS", "CLUSTER_MODEL_CACHE"):
        monkeypatch.delenv(var, raising=False)
    default = Settings.from_env()
    assert (default.embed_backend, default.embed_max_tokens) == ("onnx-int8-distil", None)
    assert default.model_cache_dir == DEFAULT_MODEL_CACHE
    monkeypatch.setenv("CLUSTER_EMBED_BACKEND", " Torch ")
    monkeypatch.setenv("CLUSTER_EMBED_MAX_TOKENS", "128")
    monkeypatch.setenv("CLUSTER_MODEL_CACHE", str(tmp_path))
    configured = Settings.from_env()
    assert (configured.embed_backend, configured.embed_max_tokens) == ("torch", 128)
    assert configured.model_cache_dir == tmp_path
    assert Settings.from_env(embed_backend="onnx").embed_backend == "onnx"
    monkeypatch.setenv("CLUSTER_EMBED_BACKEND", "openvino")
    with pytest.raises(KnowledgeError, match="onnx-int8-distil, onnx-int8, onnx, torch"):
        Settings.from_env()
    monkeypatch.delenv("CLUSTER_EMBED_BACKEND")
    for bad in ("0", "many"):
        monkeypatch.setenv("CLUSTER_EMBED_MAX_TOKENS", bad)
        with pytest.raises(KnowledgeError, match="CLUSTER_EMBED_MAX_TOKENS"):
            Settings.from_env()


def test_onnx_export_refuses_models_it_cannot_export(tmp_path) -> None:
    from knowledge.embedding.export import read_model_spec

    model = tmp_path / "t5-ish"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "t5"}')
    (model / "modules.json").write_text('[{"type": "sentence_transformers.models.Transformer"}]')
    with pytest.raises(EmbedderError, match="CLUSTER_EMBED_BACKEND=torch"):
        read_model_spec(model)
    with pytest.raises(EmbedderError, match="CLUSTER_EMBED_BACKEND=torch"):
        OnnxEmbedder(str(model), cache_dir=tmp_path / "cache").embed_batch(["x"])
    assert not (tmp_path / "cache").exists()  # refused before any export work


def test_onnx_export_key_follows_model_files_and_recipe(tmp_path, monkeypatch) -> None:
    from knowledge.embedding import export as onnx_export

    packaged = packaged_model_path()
    assert packaged is not None
    spec = onnx_export.read_model_spec(packaged)
    assert spec["max_seq_length"] == 256 and spec["normalize"]
    key = onnx_export.export_key(packaged)
    assert onnx_export.export_key(packaged) == key
    target = onnx_export.export_dir(packaged, tmp_path, PACKAGED_MODEL_NAME)
    assert target.parent == tmp_path and target.name == f"all-MiniLM-L6-v2-{key}"
    monkeypatch.setattr(onnx_export, "RECIPE_VERSION", onnx_export.RECIPE_VERSION + 1)
    assert onnx_export.export_key(packaged) != key


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


@pytest.mark.parametrize("runtime", [SentenceTransformerEmbedder, OnnxEmbedder])
def test_a_missing_model_directory_is_named_by_both_runtimes(runtime, tmp_path):
    missing = str(tmp_path / "no-model-here")
    with pytest.raises(EmbedderError, match=r"no-model-here.*does not exist"):
        runtime(missing).load()


def test_space_names_model_and_vector_settings_without_loading(tmp_path) -> None:
    from knowledge.calls.semantic import model_key
    from knowledge.embedding import describe_space

    packaged = str(packaged_model_path())
    for backend in ("onnx-int8-distil", "onnx-int8", "onnx", "torch"):
        embedder = load_embedder(
            Settings(tmp_path / "p.jsonl", tmp_path / "idx", packaged, embed_backend=backend)
        )
        assert embedder.space == describe_space(embedder.name, embedder.config)
        assert embedder.space.startswith(PACKAGED_MODEL_NAME + " {")
        assert not embedder.loaded
        # The calls' vector cache keys vectors by the same description.
        assert model_key(embedder) == embedder.space
    fake = FakeEmbedder(dim=8)
    assert fake.space == fake.name == model_key(fake)
