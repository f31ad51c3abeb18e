"""Publishes the int8 ONNX export of the embedding model for the Rasa NLU pipeline.

The Rasa environment (Python 3.10, no torch) cannot export the model itself. ``python -m
knowledge model export`` (``make embed-model``) therefore also copies the int8 export and the
model's tokenizer to a fixed directory, ``var/models/nlu-encoder`` by default, which
``bot.nlu.sentence_encoder.SentenceEncoderFeaturizer`` reads at training time (and packs
into the trained model). The files are replaced only when their content changed, so the Rasa
training fingerprint, which hashes them, moves only when the encoder really changed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from knowledge.embedding.files import file_sha256
from knowledge.errors import EmbedderError
from knowledge.fsutil import fsync_dir

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
INFO_FILE = "encoder.json"


def publish(onnx_file: Path, model_dir: Path, target: Path, model_name: str) -> bool:
    """Copy an ONNX file and the model's tokenizer to ``target`` (atomically, if changed).

    Args:
        onnx_file: The int8 export (``model-int8.onnx`` of an export directory).
        model_dir: The sentence-transformers directory the export came from (its
            ``tokenizer.json`` is copied).
        target: The published directory.
        model_name: Recorded in ``encoder.json``.

    Returns:
        True if the directory was (re)written, False if it already held these files.

    Raises:
        EmbedderError: A source file is missing.
    """
    tokenizer = model_dir / TOKENIZER_FILE
    for source in (onnx_file, tokenizer):
        if not source.is_file():
            raise EmbedderError(f"cannot publish the NLU encoder: {source} does not exist")
    info = {
        "model": model_name,
        "onnx_sha256": file_sha256(onnx_file),
        "tokenizer_sha256": file_sha256(tokenizer),
        "source": str(onnx_file.parent.name),
    }
    current = target / INFO_FILE
    if (
        current.is_file()
        and (target / MODEL_FILE).is_file()
        and (target / TOKENIZER_FILE).is_file()
    ):
        try:
            if json.loads(current.read_text("utf-8")) == info:
                return False
        except (OSError, ValueError):
            pass  # unreadable: write it again
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        tmp.chmod(0o755)
        shutil.copyfile(onnx_file, tmp / MODEL_FILE)
        shutil.copyfile(tokenizer, tmp / TOKENIZER_FILE)
        (tmp / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n", "utf-8")
        fsync_dir(tmp)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
        os.replace(tmp, target)
        fsync_dir(target.parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return True
