"""ONNX export of the sentence-transformers model, for the fast ``onnx`` embedding backends.

Owns the export recipe, its cache key and the cached export directories. ``python -m knowledge
model export`` (run by ``make index``) or the first load of an
:class:`~knowledge.embedding.OnnxEmbedder` turns the local model directory (the packaged
all-MiniLM-L6-v2) into ONNX files cached under ``var/models/`` (setting ``CLUSTER_MODEL_CACHE``).
Nothing is downloaded: the weights are read from the local directory.

Recipe (measured in docs/benchmarks.md, "Build throughput on an idle machine"):

1. A plain PyTorch re-implementation (:mod:`knowledge.embedding.bert`) of the BERT encoder + mean pooling + L2 normalisation, loaded
   from the model's ``model.safetensors``, is exported with the TorchScript exporter (opset 17).
   The re-implementation exists because the graph transformers 5 exports (its SDPA mask code) is
   not recognised by ONNX Runtime's attention fusion; this one is, and it gives the same vectors
   (cosine 1.0000 to sentence-transformers on the shipped profiles).
2. ONNX Runtime's transformer optimizer (:mod:`knowledge.embedding.graph`) fuses embeddings + LayerNorm, attention and bias + GELU.
   Skip-LayerNorm fusion is left off (here and at session creation): ORT's CPU
   ``SkipLayerNormalization`` kernel was measured ~10x slower than ``Add`` + ``LayerNormalization``.
3. ``quantize_dynamic``: int8 weights, per output channel (per-tensor weights moved the vectors
   to cosine 0.955 of the float model; per channel keeps 0.995), activations quantised at run time.

Result: ``model.onnx`` (float32, fused) and ``model-int8.onnx`` in
``<cache>/<model name>-<key>/``, where the key hashes the model's files, this recipe's version and
the torch/onnxruntime versions, so a changed model or toolchain gets a fresh export. Files are
written to a temporary directory and renamed into place (concurrent exports are safe).

Distilled student (backend ``onnx-int8-distil``, the default): a 2-layer model whose transformer
layers were trained offline to reproduce the packaged model's vectors (``bench/distil_student.py``;
weights and provenance in ``knowledge/data/distilled/minilm-student/``; the word/position embeddings
are the packaged model's own). It is exported by the same recipe into its own cache directory
(``<model name>-distil-l<layers>-<key>``, the key also hashing the student files) and embeds
~2.7x as fast per CPU-second: a third of the layers. Its files and their check:
:mod:`knowledge.embedding.student`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.embedding.bert import build_torch_encoder
from knowledge.embedding.files import file_sha256
from knowledge.embedding.graph import optimize, quantize, torch_to_onnx
from knowledge.embedding.session import encode, load_tokenizer, make_session
from knowledge.embedding.student import (
    STUDENT_INFO,
    STUDENT_WEIGHTS,
    build_student_encoder,
    read_student,
)
from knowledge.errors import EmbedderError
from knowledge.fsutil import fsync_dir

logger = logging.getLogger("knowledge")

#: Bump when the export recipe changes (forces a new export and, via the manifest, a rebuild).
RECIPE_VERSION = 1
FLOAT_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"
INFO_FILE = "export.json"
_HASHED_FILES = ("config.json", "model.safetensors", "modules.json", "1_Pooling/config.json")
_PROBE_TEXTS = (
    "Hydrogen storage and fuel cells for heavy transport",
    "Cluster of textile companies in northern Portugal working on technical textiles and "
    "recycling. " * 4,
)


def resolve_model_dir(model: str) -> Path:
    """Return the local directory of a model path or name (offline; nothing is downloaded).

    Args:
        model: A model directory, or a Hugging Face name already in the local cache.

    Returns:
        The directory.

    Raises:
        EmbedderError: Neither a directory nor in the local cache.
    """
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(model, local_files_only=True))
    except Exception as exc:  # not cached, bad name, hub library missing
        raise EmbedderError(
            f"embedding model {model!r} is neither a local directory nor in the local Hugging Face "
            f"cache ({type(exc).__name__}); set CLUSTER_EMBED_MODEL to a local "
            "sentence-transformers directory"
        ) from exc


def read_model_spec(model_dir: Path) -> dict[str, Any]:
    """Read and check what the export needs from a sentence-transformers directory.

    Args:
        model_dir: The model directory.

    Returns:
        ``{"config": <config.json>, "max_seq_length": int, "normalize": bool}``.

    Raises:
        EmbedderError: Not a BERT encoder with mean pooling (the only kind exported here).
    """
    hint = "use CLUSTER_EMBED_BACKEND=torch for this model"
    try:
        config = json.loads((model_dir / "config.json").read_text("utf-8"))
        modules = json.loads((model_dir / "modules.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise EmbedderError(
            f"{model_dir} is not a sentence-transformers model directory ({exc}); {hint}"
        ) from exc
    types = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    pooling: dict[str, Any] = {}
    for m in modules:
        if m.get("type", "").endswith("Pooling"):
            pooling_file = model_dir / m.get("path", "") / "config.json"
            pooling = json.loads(pooling_file.read_text("utf-8"))
    modes = {k: bool(v) for k, v in pooling.items() if k.startswith("pooling_mode_")}
    mean_only = modes.pop("pooling_mode_mean_tokens", False) and not any(modes.values())
    if (
        config.get("model_type") != "bert"
        or config.get("position_embedding_type", "absolute") != "absolute"
        or config.get("hidden_act") != "gelu"
        or types[:2] != ["Transformer", "Pooling"]
        or not mean_only
        or not (model_dir / "model.safetensors").is_file()
        or not (model_dir / "tokenizer.json").is_file()
    ):
        raise EmbedderError(
            f"the ONNX backend exports BERT models with mean pooling, safetensors weights and a "
            f"tokenizer.json; {model_dir} is not one; {hint}"
        )
    max_len = 0
    st_config = model_dir / "sentence_bert_config.json"
    if st_config.is_file():
        max_len = int(json.loads(st_config.read_text("utf-8")).get("max_seq_length") or 0)
    return {
        "config": config,
        "max_seq_length": max_len or int(config.get("max_position_embeddings", 512)),
        "normalize": "Normalize" in types,
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def export_key(model_dir: Path, student: Path | None = None) -> str:
    """Hash of everything the exported files depend on (model files, recipe, tool versions).

    With ``student`` (a student directory, see :func:`read_student`) its files count too.
    """
    digest = hashlib.sha256(f"recipe {RECIPE_VERSION}\n".encode())
    for package in ("torch", "onnxruntime", "onnx"):
        digest.update(f"{package} {_version(package)}\n".encode())
    files = [(model_dir, name) for name in _HASHED_FILES]
    if student is not None:
        files += [(student, STUDENT_WEIGHTS), (student, STUDENT_INFO)]
    for folder, name in files:
        path = folder / name
        if path.is_file():
            digest.update(name.encode() + b"\n")
            digest.update(bytes.fromhex(file_sha256(path)))
    return digest.hexdigest()[:16]


def export_dir(
    model_dir: Path, cache_dir: Path, model_name: str, student: Path | None = None
) -> Path:
    """Return the cache directory for the export of ``model_dir`` (it may not exist yet)."""
    slug = "".join(c if c.isalnum() or c in "-_." else "-" for c in model_name.rsplit("/", 1)[-1])
    if student is not None:
        slug += "-distil-l" + str(len(read_student(student, model_dir)["layers"]))
    return cache_dir / f"{slug}-{export_key(model_dir, student)}"


def is_exported(directory: Path) -> bool:
    """Whether ``directory`` holds a complete export (the info file is written last)."""
    return all((directory / f).is_file() for f in (FLOAT_FILE, INT8_FILE, INFO_FILE))


def ensure_export(
    model: str, cache_dir: Path, model_name: str | None = None, student: Path | None = None
) -> Path:
    """Return the directory of the cached ONNX export of ``model``, exporting it first if needed.

    Args:
        model: The model directory (or a name in the local Hugging Face cache).
        cache_dir: Where exports are kept (``CLUSTER_MODEL_CACHE``).
        model_name: Name for the directory (default: the model directory's name).
        student: Export this distilled student of ``model`` instead of ``model`` itself.

    Returns:
        The export directory with :data:`FLOAT_FILE`, :data:`INT8_FILE` and :data:`INFO_FILE`.

    Raises:
        EmbedderError: The model cannot be exported.
    """
    model_dir = resolve_model_dir(model)
    read_model_spec(model_dir)  # fail early, before the slow part
    target = export_dir(model_dir, cache_dir, model_name or model_dir.name, student)
    if is_exported(target):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    lock_path = cache_dir / f".{target.name}.lock"
    with lock_path.open("w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be exporting the same model
        except (ImportError, OSError):
            pass
        if is_exported(target):
            return target
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=cache_dir))
        tmp.chmod(0o755)  # mkdtemp makes it private; the export is a shared cache
        try:
            export(model_dir, tmp, student)
            fsync_dir(tmp)
            if target.exists():
                shutil.rmtree(target)
            os.replace(tmp, target)
            fsync_dir(cache_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    lock_path.unlink(missing_ok=True)
    return target


def export(model_dir: Path, out_dir: Path, student: Path | None = None) -> dict[str, Any]:
    """Export, optimise, quantise and check ``model_dir`` into ``out_dir`` (see module docstring).

    Args:
        model_dir: A sentence-transformers BERT directory.
        out_dir: An existing, empty directory.
        student: Export this distilled student of ``model_dir`` instead (checked against the
            student's own torch module, like the full model against its own).

    Returns:
        The info written to :data:`INFO_FILE`.

    Raises:
        EmbedderError: A step failed or the exported model disagrees with the torch model.
    """
    spec = read_model_spec(model_dir)
    student_info = read_student(student, model_dir) if student is not None else None
    started = time.perf_counter()
    logger.info("Exporting %s to ONNX (once; cached in %s)", model_dir.name, out_dir.parent)
    try:
        import torch

        if student is not None:
            module = build_student_encoder(model_dir, spec, student)
        else:
            module = build_torch_encoder(model_dir, spec)
        raw = out_dir / "raw.onnx"
        torch_to_onnx(module, raw)
        optimize(raw, out_dir / FLOAT_FILE, spec["config"])
        raw.unlink()
        quantize(out_dir / FLOAT_FILE, out_dir / INT8_FILE)
    except EmbedderError:
        raise
    except Exception as exc:  # torch/onnx/onnxruntime raise many types
        raise EmbedderError(
            f"could not export {model_dir} to ONNX ({type(exc).__name__}: {exc}); "
            "use CLUSTER_EMBED_BACKEND=torch"
        ) from exc
    # The exported graphs must give the torch model's vectors (int8 within quantisation noise).
    tokenizer = load_tokenizer(model_dir, spec["max_seq_length"])
    with torch.no_grad():
        agreement = {}
        for name, floor in ((FLOAT_FILE, 0.9999), (INT8_FILE, 0.98)):
            session = make_session(out_dir / name, threads=1)
            for text in _PROBE_TEXTS:
                ids, mask = encode(tokenizer, text)
                got = session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
                want = module(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()[0]
                cos = float(np.dot(got, want) / (np.linalg.norm(got) * np.linalg.norm(want)))
                agreement[name] = min(agreement.get(name, 1.0), cos)
                if cos < floor:
                    raise EmbedderError(
                        f"the ONNX export {name} of {model_dir} disagrees with the torch model "
                        f"(cosine {cos:.4f} < {floor}); use CLUSTER_EMBED_BACKEND=torch"
                    )
    info = {
        "source": str(model_dir),
        "recipe": RECIPE_VERSION,
        "versions": {p: _version(p) for p in ("torch", "onnxruntime", "onnx")},
        "max_seq_length": spec["max_seq_length"],
        "probe_cosine_to_torch": agreement,
        "student": None
        if student_info is None
        else {
            "name": student_info["name"],
            "version": student_info["version"],
            "layers": student_info["layers"],
            "sha256": file_sha256(student / STUDENT_WEIGHTS),  # type: ignore[operator]
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out_dir / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n", "utf-8")
    logger.info("Exported %s to ONNX in %.1fs", model_dir.name, info["seconds"])
    return info
