"""Publishing the ONNX export for the Rasa NLU pipeline."""

from __future__ import annotations

import json

import pytest

from knowledge.embedding.nlu_encoder import INFO_FILE, MODEL_FILE, TOKENIZER_FILE, publish
from knowledge.errors import EmbedderError


@pytest.fixture
def sources(tmp_path):
    export = tmp_path / "export"
    model = tmp_path / "model"
    export.mkdir()
    model.mkdir()
    (export / "model-int8.onnx").write_bytes(b"onnx-bytes-1")
    (model / "tokenizer.json").write_text('{"version": "1.0"}')
    return export / "model-int8.onnx", model


def test_publish_copies_once_and_again_only_when_content_changes(tmp_path, sources):
    onnx, model = sources
    target = tmp_path / "var" / "nlu-encoder"
    assert publish(onnx, model, target, "m") is True
    assert (target / MODEL_FILE).read_bytes() == b"onnx-bytes-1"
    assert (target / TOKENIZER_FILE).read_text() == '{"version": "1.0"}'
    info = json.loads((target / INFO_FILE).read_text())
    assert info["model"] == "m" and len(info["onnx_sha256"]) == 64
    stamp = (target / MODEL_FILE).stat().st_mtime_ns
    assert publish(onnx, model, target, "m") is False  # unchanged: files untouched
    assert (target / MODEL_FILE).stat().st_mtime_ns == stamp
    onnx.write_bytes(b"onnx-bytes-2")
    assert publish(onnx, model, target, "m") is True
    assert (target / MODEL_FILE).read_bytes() == b"onnx-bytes-2"
    assert sorted(p.name for p in target.parent.iterdir()) == ["nlu-encoder"]  # no leftovers


def test_a_damaged_publication_is_rewritten(tmp_path, sources):
    onnx, model = sources
    target = tmp_path / "nlu-encoder"
    publish(onnx, model, target, "m")
    (target / INFO_FILE).write_text("{not json")
    assert publish(onnx, model, target, "m") is True
    (target / TOKENIZER_FILE).unlink()
    assert publish(onnx, model, target, "m") is True
    assert (target / TOKENIZER_FILE).is_file()


def test_missing_sources_are_named(tmp_path, sources):
    onnx, model = sources
    (model / "tokenizer.json").unlink()
    with pytest.raises(EmbedderError, match=r"tokenizer\.json"):
        publish(onnx, model, tmp_path / "t", "m")
