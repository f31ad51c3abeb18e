import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from knowledge.config import Settings
from knowledge.embedding import FakeEmbedder
from knowledge.errors import (
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    KnowledgeError,
)
from knowledge.partners import index as index_module
from knowledge.partners import storage
from knowledge.partners.ensure import ensure_index
from knowledge.partners.index import PartnerIndex
from knowledge.partners.manifest import read_manifest
from knowledge.records import ClusterProfile, profiles_hash

WriteJsonl = Callable[..., Path]


class CountingEmbedder(FakeEmbedder):
    """FakeEmbedder that counts texts and can fail on a given batch."""

    def __init__(self, dim: int = 64, fail_on_batch: int | None = None):
        super().__init__(dim)
        self.texts = 0
        self.batches = 0
        self.fail_on_batch = fail_on_batch

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        self.batches += 1
        if self.batches == self.fail_on_batch:
            raise RuntimeError("simulated crash while embedding")
        self.texts += len(texts)
        return super().embed_batch(texts)


def test_build_save_load_round_trip(
    tmp_path: Path, small_profiles: list[ClusterProfile], fake_embedder: FakeEmbedder
) -> None:
    built = PartnerIndex.build(small_profiles, fake_embedder, progress=False)
    assert built.manifest["model"] == fake_embedder.name
    assert built.manifest["dim"] == 64 and built.manifest["count"] == len(small_profiles)
    assert built.manifest["profiles_hash"] == profiles_hash(small_profiles)
    assert built.manifest["index_type"] == "IndexFlatIP" and built.manifest["built_at"]

    target = built.save(tmp_path / "idx")
    loaded = PartnerIndex.load(target, fake_embedder, expected_hash=profiles_hash(small_profiles))
    assert loaded.profiles == small_profiles
    assert loaded.manifest == built.manifest
    np.testing.assert_allclose(loaded.vectors(), built.vectors())
    expected = fake_embedder.embed_batch([p.search_text() for p in small_profiles])
    np.testing.assert_allclose(loaded.vectors(), expected, rtol=1e-6)
    assert sorted(p.name for p in target.iterdir()) == [
        "keywords.npz",
        "manifest.json",
        "profiles.jsonl",
        "vectors.faiss",
    ]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary dirs


def test_build_embeds_in_batches_with_a_progress_bar(
    small_profiles: list[ClusterProfile], capsys: pytest.CaptureFixture[str]
) -> None:
    embedder = CountingEmbedder()
    PartnerIndex.build(small_profiles, embedder, progress=True, batch_size=3)
    assert (embedder.batches, embedder.texts) == (2, len(small_profiles))
    assert "Embedding profiles" in capsys.readouterr().err


def test_load_missing_index_says_how_to_build(tmp_path: Path, fake_embedder) -> None:
    with pytest.raises(IndexMissingError, match="python -m knowledge index build"):
        PartnerIndex.load(tmp_path / "nothing-here", fake_embedder)
    assert issubclass(IndexMissingError, KnowledgeError)


def test_load_refuses_another_model(tmp_path: Path, small_profiles, fake_embedder) -> None:
    PartnerIndex.build(small_profiles, fake_embedder, progress=False).save(tmp_path / "idx")
    with pytest.raises(IndexMismatchError, match=r"fake-hashed-words-64.*fake-hashed-words-32"):
        PartnerIndex.load(tmp_path / "idx", FakeEmbedder(dim=32))


def test_load_refuses_another_dimension(tmp_path: Path, small_profiles, fake_embedder) -> None:
    PartnerIndex.build(small_profiles, fake_embedder, progress=False).save(tmp_path / "idx")
    impostor = FakeEmbedder(dim=32)
    impostor.name = fake_embedder.name  # same name, different vectors
    with pytest.raises(IndexMismatchError, match="64-d"):
        PartnerIndex.load(tmp_path / "idx", impostor)


def test_load_refuses_stale_profiles(tmp_path: Path, small_profiles, fake_embedder) -> None:
    PartnerIndex.build(small_profiles, fake_embedder, progress=False).save(tmp_path / "idx")
    newer = profiles_hash(small_profiles[:-1])
    with pytest.raises(IndexMismatchError, match=r"stale.*index build"):
        PartnerIndex.load(tmp_path / "idx", fake_embedder, expected_hash=newer)


def test_corrupt_manifest_is_reported(tmp_path: Path, small_profiles, fake_embedder) -> None:
    target = PartnerIndex.build(small_profiles, fake_embedder, progress=False).save(tmp_path / "i")
    (target / "manifest.json").write_text("{not json", "utf-8")
    with pytest.raises(IndexCorruptError, match="--force"):
        read_manifest(target)


def test_failed_save_leaves_previous_index_intact(
    tmp_path: Path,
    small_profiles: list[ClusterProfile],
    fake_embedder: FakeEmbedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "idx"
    PartnerIndex.build(small_profiles, fake_embedder, progress=False).save(target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    newer = PartnerIndex.build(small_profiles[:2], fake_embedder, progress=False)

    def crash(*args, **kwargs):
        raise OSError("disk full (simulated)")

    # Vectors and profiles are written, then the process "dies" before the swap.
    monkeypatch.setattr(storage, "swap_in", crash)
    with pytest.raises(OSError, match="simulated"):
        newer.save(target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # temp dir removed
    assert len(PartnerIndex.load(target, fake_embedder)) == len(small_profiles)


def test_failed_build_leaves_previous_index_intact(
    tmp_path: Path, write_jsonl: WriteJsonl, fake_embedder: FakeEmbedder, small_corpus
) -> None:
    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    ensure_index(settings, fake_embedder, progress=False)
    before = {p.name: p.read_bytes() for p in settings.index_dir.iterdir()}
    failing = CountingEmbedder(fail_on_batch=2)  # dies half-way through embedding
    with pytest.raises(RuntimeError, match="simulated crash"):
        index_module.PartnerIndex.build(
            ensure_index(settings, fake_embedder).profiles, failing, progress=False, batch_size=2
        )
    with pytest.raises(RuntimeError, match="simulated crash"):
        ensure_index(settings, CountingEmbedder(fail_on_batch=1), progress=False, force=True)
    assert {p.name: p.read_bytes() for p in settings.index_dir.iterdir()} == before
    assert len(PartnerIndex.load(settings.index_dir, fake_embedder)) == len(small_corpus)


def test_crash_between_renames_is_recovered(tmp_path: Path, small_profiles, fake_embedder) -> None:
    target = PartnerIndex.build(small_profiles, fake_embedder, progress=False).save(tmp_path / "i")
    # State after "rename old index away" but before "rename new index in".
    target.rename(tmp_path / ".i.old")
    loaded = PartnerIndex.load(target, fake_embedder)
    assert len(loaded) == len(small_profiles) and (target / "manifest.json").is_file()


def test_ensure_index_builds_once_then_loads(
    tmp_path: Path, write_jsonl: WriteJsonl, caplog: pytest.LogCaptureFixture, small_corpus
) -> None:
    settings = Settings(write_jsonl(small_corpus), tmp_path / "var" / "idx", "fake")
    first = CountingEmbedder()
    ensure_index(settings, first, progress=False)
    assert first.texts == len(small_corpus)
    assert (settings.index_dir / "manifest.json").is_file()

    second = CountingEmbedder()
    with caplog.at_level(logging.INFO, logger="knowledge"):
        index = ensure_index(settings, second, progress=False)
    assert second.texts == 0  # loaded, not rebuilt
    assert len(index) == len(small_corpus)
    loaded_logs = [r.getMessage() for r in caplog.records if "Loaded partner index" in r.message]
    assert loaded_logs and "fake-hashed-words-64" in loaded_logs[0]
    assert "vectors=4" in loaded_logs[0] and str(settings.index_dir) in loaded_logs[0]


def test_ensure_index_rebuilds_when_profiles_change(
    tmp_path: Path, write_jsonl: WriteJsonl, small_corpus, profile_dict
) -> None:
    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    ensure_index(settings, CountingEmbedder(), progress=False)
    edited = dict(small_corpus[0], description="Now about offshore wind farms.")
    write_jsonl([edited, *small_corpus[1:], profile_dict(id="newcomer", name="Newcomer")])
    embedder = CountingEmbedder()
    index = ensure_index(settings, embedder, progress=False)
    # Only the new and the edited profile are embedded; the others keep their vectors.
    assert embedder.texts == 2
    assert "newcomer" in {p.id for p in index.profiles}
    assert read_manifest(settings.index_dir)["count"] == len(small_corpus) + 1
    fresh = PartnerIndex.build(index.profiles, FakeEmbedder(), progress=False)
    np.testing.assert_allclose(index.vectors(), fresh.vectors(), rtol=1e-6)
    # A forced rebuild embeds everything again.
    forced = CountingEmbedder()
    ensure_index(settings, forced, progress=False, force=True)
    assert forced.texts == len(small_corpus) + 1


def test_rebuild_reuses_no_vectors_of_other_embedding_settings(
    tmp_path: Path, write_jsonl: WriteJsonl, small_corpus, profile_dict
) -> None:
    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    ensure_index(settings, ConfiguredEmbedder(tokens=256), progress=False)
    write_jsonl([*small_corpus, profile_dict(id="newcomer", name="Newcomer")])
    other = ConfiguredEmbedder(tokens=128)
    before = other.embed_batch
    calls: list[int] = []
    other.embed_batch = lambda texts: calls.append(len(texts)) or before(texts)  # type: ignore[method-assign]
    ensure_index(settings, other, progress=False)
    assert sum(calls) == len(small_corpus) + 1


def test_ensure_index_rebuilds_when_model_changes(
    tmp_path: Path, write_jsonl, small_corpus
) -> None:
    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    ensure_index(settings, FakeEmbedder(dim=64), progress=False)
    index = ensure_index(settings, FakeEmbedder(dim=16), progress=False)
    assert index.dim == 16
    assert read_manifest(settings.index_dir)["model"] == "fake-hashed-words-16"


def test_ensure_index_rebuilds_a_corrupt_index(tmp_path: Path, write_jsonl, small_corpus) -> None:
    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    ensure_index(settings, FakeEmbedder(), progress=False)
    (settings.index_dir / "vectors.faiss").write_bytes(b"garbage")
    embedder = CountingEmbedder()
    index = ensure_index(settings, embedder, progress=False)
    assert embedder.texts == len(small_corpus) and len(index) == len(small_corpus)
    manifest = json.loads((settings.index_dir / "manifest.json").read_text("utf-8"))
    assert manifest["count"] == len(small_corpus)


class _UnloadableEmbedder:
    """Looks like the lazy real embedder before its model is loaded; loading it fails the test."""

    loaded = False

    def __init__(self, name: str):
        self.name = name

    @property
    def dim(self) -> int:
        raise AssertionError("the embedding model was loaded")

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        raise AssertionError("the embedding model was loaded")


def test_ensure_index_fresh_path_does_not_load_the_model(
    tmp_path: Path, write_jsonl: WriteJsonl, small_corpus
) -> None:
    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    built = FakeEmbedder(dim=64)
    ensure_index(settings, built, progress=False)
    index = ensure_index(settings, _UnloadableEmbedder(built.name), progress=False)
    assert len(index) == len(small_corpus) and index.dim == 64


def test_lazily_loaded_model_of_another_dimension_is_refused_at_first_query(
    tmp_path: Path, write_jsonl: WriteJsonl, small_corpus
) -> None:
    from knowledge.partners.searcher import PartnerSearcher

    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    ensure_index(settings, FakeEmbedder(dim=64), progress=False)
    other = FakeEmbedder(dim=16)
    other.name = FakeEmbedder(dim=64).name  # same recorded name, other vectors
    other.loaded = False  # type: ignore[attr-defined]
    index = ensure_index(settings, other, progress=False)
    with pytest.raises(IndexMismatchError, match="16-d"):
        PartnerSearcher(index, other).search("hydrogen storage")


# --- embedding settings (backend, quantisation, token limit) in the manifest ----------------


class ConfiguredEmbedder(FakeEmbedder):
    """FakeEmbedder that declares embedding settings, like the real ONNX and torch embedders."""

    def __init__(self, backend: str = "onnx", quantization: str = "int8", tokens: int = 256):
        super().__init__(dim=64)
        self.name = "some/model"
        self.config = {"backend": backend, "quantization": quantization, "max_seq_length": tokens}


def test_manifest_records_the_embedding_settings(
    tmp_path: Path, small_profiles: list[ClusterProfile]
) -> None:
    embedder = ConfiguredEmbedder()
    built = PartnerIndex.build(small_profiles, embedder, progress=False)
    assert built.manifest["embedding"] == embedder.config
    target = built.save(tmp_path / "idx")
    assert read_manifest(target)["embedding"] == embedder.config
    loaded = PartnerIndex.load(target, ConfiguredEmbedder())
    assert len(loaded) == len(small_profiles)
    # Embedders without settings (the fake) record none and are checked by name only.
    plain = PartnerIndex.build(small_profiles, FakeEmbedder(), progress=False)
    assert "embedding" not in plain.manifest


@pytest.mark.parametrize(
    ("other", "says"),
    [
        (ConfiguredEmbedder(backend="torch", quantization="none"), "configured embedding is torch"),
        (ConfiguredEmbedder(quantization="none"), r"built with embedding onnx int8, 256 tokens"),
        (ConfiguredEmbedder(tokens=128), "128 tokens"),
    ],
)
def test_load_refuses_other_embedding_settings(
    tmp_path: Path, small_profiles, other: ConfiguredEmbedder, says: str
) -> None:
    PartnerIndex.build(small_profiles, ConfiguredEmbedder(), progress=False).save(tmp_path / "i")
    with pytest.raises(IndexMismatchError, match=says) as caught:
        PartnerIndex.load(tmp_path / "i", other)
    message = str(caught.value)
    assert "same runtime" in message and "python -m knowledge index build" in message
    index = PartnerIndex.build(small_profiles, ConfiguredEmbedder(), progress=False)
    with pytest.raises(IndexMismatchError, match=says):
        index.add([replace(small_profiles[0], id="newcomer")], other)


def test_a_manifest_without_settings_is_a_torch_build(
    tmp_path: Path, small_profiles: list[ClusterProfile]
) -> None:
    target = PartnerIndex.build(small_profiles, ConfiguredEmbedder(), progress=False).save(
        tmp_path / "i"
    )
    manifest = json.loads((target / "manifest.json").read_text("utf-8"))
    del manifest["embedding"]  # as written before the field existed
    (target / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexMismatchError, match="before embedding settings were recorded"):
        PartnerIndex.load(target, ConfiguredEmbedder())


def test_ensure_index_rebuilds_when_embedding_settings_change(
    tmp_path: Path, write_jsonl: WriteJsonl, small_corpus
) -> None:
    from knowledge.partners.manifest import index_status

    settings = Settings(write_jsonl(small_corpus), tmp_path / "idx", "fake")
    ensure_index(settings, ConfiguredEmbedder(), progress=False)
    manifest = read_manifest(settings.index_dir)
    current = manifest["profiles_hash"]
    torch_config = ConfiguredEmbedder(backend="torch", quantization="none").config
    assert index_status(manifest, current, "some/model", ConfiguredEmbedder().config) == []
    (problem,) = index_status(manifest, current, "some/model", torch_config)
    assert "onnx int8, 256 tokens" in problem and "configured torch, 256 tokens" in problem
    assert index_status(manifest, current, "some/model") == []  # settings not given: not checked

    class CountingConfigured(ConfiguredEmbedder):
        texts = 0

        def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
            type(self).texts += len(texts)
            return super().embed_batch(texts)

    rebuilt = ensure_index(
        settings, CountingConfigured(backend="torch", quantization="none"), progress=False
    )
    assert CountingConfigured.texts == len(small_corpus)
    assert rebuilt.manifest["embedding"] == torch_config
    assert read_manifest(settings.index_dir)["embedding"] == torch_config
