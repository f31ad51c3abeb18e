"""The model archive is unpacked once and hard-linked at later starts (bot/ops/model_unpack.py)."""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage

from bot.ops import model_unpack, rasa_patches

TARGET = "rasa.engine.storage.local_model_storage:LocalModelStorage._extract_archive_to_directory"
ORIGINAL = rasa_patches._resolve(TARGET)[2]
ORIGINAL = getattr(ORIGINAL, "__wrapped_rasa__", ORIGINAL)


def archive(tmp_path: Path, name: str = "model.tar.gz", weights: bytes = b"w" * 1000) -> Path:
    source = tmp_path / f"{name}-src"
    (source / "components" / "train_ResponseSelector10").mkdir(parents=True)
    (source / "components" / "train_ResponseSelector10" / "weights.bin").write_bytes(weights)
    (source / "metadata.json").write_text('{"domain": {}}')
    path = tmp_path / name
    with tarfile.open(path, "w:gz") as tar:
        for entry in ("components", "metadata.json"):
            tar.add(source / entry, arcname=entry)
    return path


def files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setattr(model_unpack, "cache_root", lambda: root)
    return root


def test_the_first_start_unpacks_once_and_later_starts_link_the_same_files(tmp_path, root):
    model = archive(tmp_path)
    calls = []

    def counting(path, directory):
        calls.append(path)
        ORIGINAL(path, directory)

    extract = model_unpack.cached_extract(counting)
    first, second, rasa_own = tmp_path / "t1", tmp_path / "t2", tmp_path / "own"
    for directory in (first, second, rasa_own):
        directory.mkdir()
    extract(model, first)
    extract(model, second)
    ORIGINAL(model, rasa_own)
    assert len(calls) == 1  # unpacked once
    assert files(first) == files(second) == files(rasa_own)  # what Rasa itself unpacks
    weights = "components/train_ResponseSelector10/weights.bin"
    assert os.path.samefile(first / weights, second / weights)  # links, not copies
    # Rasa deletes its temporary directory after loading: the cached copy stays.
    for directory in (first, second):
        for path in sorted(directory.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    assert files(model_unpack.unpacked(model, counting)) == files(rasa_own)
    assert len(calls) == 1


def test_a_retrained_model_is_another_archive(tmp_path, root):
    model = archive(tmp_path)
    old = model_unpack.unpacked(model, ORIGINAL)
    os.replace(archive(tmp_path, "new.tar.gz", b"new weights"), model)
    new = model_unpack.unpacked(model, ORIGINAL)
    assert new != old
    assert files(new)["components/train_ResponseSelector10/weights.bin"] == b"new weights"


def test_a_cache_folder_others_can_write_is_not_used(tmp_path, root):
    root.mkdir(mode=0o777)
    root.chmod(0o777)
    assert model_unpack.unpacked(archive(tmp_path), ORIGINAL) is None
    target = tmp_path / "t"
    target.mkdir()
    model_unpack.cached_extract(ORIGINAL)(archive(tmp_path, "m2.tar.gz"), target)
    assert "metadata.json" in files(target)  # unpacked as Rasa does


def test_a_failed_link_falls_back_to_rasas_unpacking(tmp_path, root, monkeypatch):
    def no_links(*_args):
        raise OSError("Invalid cross-device link")

    monkeypatch.setattr(model_unpack.os, "link", no_links)
    target = tmp_path / "t"
    target.mkdir()
    model_unpack.cached_extract(ORIGINAL)(archive(tmp_path), target)
    assert set(files(target)) == {
        "metadata.json",
        "components/train_ResponseSelector10/weights.bin",
    }


def test_rasa_unpacks_through_the_cache_once_patched(tmp_path, root):
    rasa_patches.apply(speedups=True, metrics=False)
    patched = LocalModelStorage._extract_archive_to_directory
    assert patched.__wrapped_rasa__ is ORIGINAL
    model, target = archive(tmp_path), tmp_path / "t"
    target.mkdir()
    LocalModelStorage._extract_archive_to_directory(model, target)  # as from_model_archive calls it
    (cached,) = root.iterdir()
    assert files(target) == files(cached)
