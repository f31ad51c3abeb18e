"""ONNX export of the sentence-transformers model, for the fast ``onnx`` embedding backend.

``python -m knowledge model export`` (run by ``make index``) or the first load of an
:class:`~knowledge.embedding.OnnxEmbedder` turns the local model directory (the packaged
all-MiniLM-L6-v2) into ONNX files cached under ``var/models/`` (setting ``CLUSTER_MODEL_CACHE``).
Nothing is downloaded: the weights are read from the local directory.

Recipe (measured in docs/benchmarks.md, "Build throughput on an idle machine"):

1. A plain PyTorch re-implementation of the BERT encoder + mean pooling + L2 normalisation, loaded
   from the model's ``model.safetensors``, is exported with the TorchScript exporter (opset 17).
   The re-implementation exists because the graph transformers 5 exports (its SDPA mask code) is
   not recognised by ONNX Runtime's attention fusion; this one is, and it gives the same vectors
   (cosine 1.0000 to sentence-transformers on the shipped profiles).
2. ONNX Runtime's transformer optimizer fuses embeddings + LayerNorm, attention and bias + GELU.
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
~2.7x as fast per CPU-second: a third of the layers. The student is only valid with the model it
was distilled from; its ``student.json`` names that model's weights by hash and another model is
refused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.errors import EmbedderError
from knowledge.fsutil import fsync_dir

logger = logging.getLogger("knowledge")

#: Bump when the export recipe changes (forces a new export and, via the manifest, a rebuild).
RECIPE_VERSION = 1
FLOAT_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"
INFO_FILE = "export.json"
#: ORT graph optimisations switched off at session creation (see the module docstring).
DISABLED_ORT_OPTIMIZERS = ["SkipLayerNormFusion"]
_HASHED_FILES = ("config.json", "model.safetensors", "modules.json", "1_Pooling/config.json")
#: The distilled (2-layer) student shipped with the project (see the module docstring).
STUDENT_DIR = Path(__file__).resolve().parent / "data" / "distilled" / "minilm-student"
STUDENT_WEIGHTS = "student.safetensors"
STUDENT_INFO = "student.json"
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


def _file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


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
            digest.update(bytes.fromhex(_file_sha256(path)))
    return digest.hexdigest()[:16]


def export_dir(
    model_dir: Path, cache_dir: Path, model_name: str, student: Path | None = None
) -> Path:
    """Return the cache directory for the export of ``model_dir`` (it may not exist yet)."""
    slug = "".join(c if c.isalnum() or c in "-_." else "-" for c in model_name.rsplit("/", 1)[-1])
    if student is not None:
        slug += "-distil-l" + str(len(read_student(student, model_dir)["layers"]))
    return cache_dir / f"{slug}-{export_key(model_dir, student)}"


def read_student(student: Path, model_dir: Path | None = None) -> dict[str, Any]:
    """Read and check a distilled student's ``student.json`` (no weights are loaded).

    Args:
        student: The student directory (:data:`STUDENT_INFO` and :data:`STUDENT_WEIGHTS`).
        model_dir: The configured teacher model; when given, it must be the one the student was
            distilled from (same ``model.safetensors``): the student reuses its word embeddings
            and was trained to reproduce its vectors, so with another model it would be wrong.

    Returns:
        The info, with at least ``name``, ``version``, ``layers`` and ``teacher_sha256``.

    Raises:
        EmbedderError: Missing or malformed files, or a different teacher.
    """
    hint = "use CLUSTER_EMBED_BACKEND=onnx-int8 (the full model)"
    try:
        info = json.loads((student / STUDENT_INFO).read_text("utf-8"))
        layers = [int(i) for i in info["layers"]]
        str(info["name"]), int(info["version"]), str(info["teacher_sha256"])
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise EmbedderError(f"no usable distilled student in {student} ({exc}); {hint}") from exc
    if not layers or not (student / STUDENT_WEIGHTS).is_file():
        raise EmbedderError(f"no usable distilled student in {student}; {hint}")
    if model_dir is not None:
        weights = model_dir / "model.safetensors"
        if not weights.is_file() or _file_sha256(weights) != info["teacher_sha256"]:
            raise EmbedderError(
                f"the distilled student in {student} was made from {info.get('teacher')!r}, "
                f"not from the configured model {model_dir}; {hint}"
            )
    return info


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
            module = _build_torch_encoder(model_dir, spec)
        raw = out_dir / "raw.onnx"
        _torch_export(module, raw)
        _optimize(raw, out_dir / FLOAT_FILE, spec["config"])
        raw.unlink()
        _quantize(out_dir / FLOAT_FILE, out_dir / INT8_FILE)
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
            "sha256": _file_sha256(student / STUDENT_WEIGHTS),  # type: ignore[operator]
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out_dir / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n", "utf-8")
    logger.info("Exported %s to ONNX in %.1fs", model_dir.name, info["seconds"])
    return info


# --- runtime helpers (shared with knowledge.embedding) -------------------------------------


def load_tokenizer(model_dir: Path, max_seq_length: int) -> Any:
    """The model's fast tokenizer, truncating to ``max_seq_length`` word pieces, no padding."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    # tokenizer.json ships its own truncation/padding (128, fixed): replace both.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_seq_length)
    return tokenizer


def encode(tokenizer: Any, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask of one text as ``(1, length)`` int64 arrays."""
    enc = tokenizer.encode(text)
    ids = np.asarray([enc.ids], dtype=np.int64)
    return ids, np.ones_like(ids)


def make_session(path: Path, threads: int = 1, disabled: list[str] | None = None) -> Any:
    """An ONNX Runtime CPU session for an exported model (see :data:`DISABLED_ORT_OPTIMIZERS`)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # no warnings about optimisations on stderr
    return ort.InferenceSession(
        str(path),
        options,
        providers=["CPUExecutionProvider"],
        disabled_optimizers=DISABLED_ORT_OPTIMIZERS if disabled is None else disabled,
    )


# --- export steps ---------------------------------------------------------------------------


def _build_torch_encoder(
    model_dir: Path, spec: dict[str, Any], layers: Sequence[int] | None = None
) -> Any:
    """BERT encoder + mean pooling (+ L2 normalisation) as a plain torch module, eval mode.

    ``layers`` keeps only those transformer layers of the model, in that order (the start of a
    smaller student model, see :mod:`knowledge.distil`); ``None`` keeps all.
    """
    import torch
    from safetensors.torch import load_file
    from torch import nn

    config = spec["config"]
    weights = load_file(str(model_dir / "model.safetensors"))
    prefix = "" if "embeddings.word_embeddings.weight" in weights else "bert."
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    head_dim = hidden // heads

    def linear(name: str) -> nn.Linear:
        w, b = weights[f"{prefix}{name}.weight"], weights[f"{prefix}{name}.bias"]
        layer = nn.Linear(w.shape[1], w.shape[0])
        layer.weight.data, layer.bias.data = w, b
        return layer

    def layer_norm(name: str) -> nn.LayerNorm:
        norm = nn.LayerNorm(hidden, eps=eps)
        norm.weight.data = weights[f"{prefix}{name}.weight"]
        norm.bias.data = weights[f"{prefix}{name}.bias"]
        return norm

    class Layer(nn.Module):
        def __init__(self, i: int):
            super().__init__()
            p = f"encoder.layer.{i}."
            self.query = linear(p + "attention.self.query")
            self.key = linear(p + "attention.self.key")
            self.value = linear(p + "attention.self.value")
            self.attn_out = linear(p + "attention.output.dense")
            self.attn_norm = layer_norm(p + "attention.output.LayerNorm")
            self.inter = linear(p + "intermediate.dense")
            self.out = linear(p + "output.dense")
            self.out_norm = layer_norm(p + "output.LayerNorm")

        def heads(self, x: torch.Tensor) -> torch.Tensor:
            b, n, _ = x.size()
            return x.view(b, n, heads, head_dim).permute(0, 2, 1, 3)

        def forward(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            q, k, v = self.heads(self.query(h)), self.heads(self.key(h)), self.heads(self.value(h))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(head_dim) + mask
            ctx = torch.matmul(nn.functional.softmax(scores, dim=-1), v)
            ctx = ctx.permute(0, 2, 1, 3).contiguous()
            ctx = ctx.view(ctx.size(0), ctx.size(1), hidden)
            a = self.attn_norm(self.attn_out(ctx) + h)
            return self.out_norm(self.out(nn.functional.gelu(self.inter(a))) + a)

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Embedding.from_pretrained(
                weights[prefix + "embeddings.word_embeddings.weight"]
            )
            self.positions = nn.Embedding.from_pretrained(
                weights[prefix + "embeddings.position_embeddings.weight"]
            )
            self.types = nn.Embedding.from_pretrained(
                weights[prefix + "embeddings.token_type_embeddings.weight"]
            )
            self.norm = layer_norm("embeddings.LayerNorm")
            kept = range(int(config["num_hidden_layers"])) if layers is None else layers
            self.layers = nn.ModuleList(Layer(i) for i in kept)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            n = input_ids.size(1)
            positions = torch.arange(n, dtype=torch.long).unsqueeze(0).expand_as(input_ids)
            types = torch.zeros_like(input_ids)
            h = self.norm(self.words(input_ids) + self.positions(positions) + self.types(types))
            additive = (1.0 - attention_mask[:, None, None, :].to(h.dtype)) * -10000.0
            for layer in self.layers:
                h = layer(h, additive)
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return nn.functional.normalize(pooled, p=2.0, dim=1)

    return Encoder().eval()


def build_student_encoder(model_dir: Path, spec: dict[str, Any], student: Path) -> Any:
    """The distilled student as a torch module: the teacher's embeddings, the student's layers.

    The student file holds every weight that differs from the teacher (its transformer layers
    and the embedding LayerNorm), stored as float16 to keep it small; they are used as float32.

    Raises:
        EmbedderError: The weights do not match the module the student's info describes.
    """
    import torch
    from safetensors.torch import load_file

    info = read_student(student, model_dir)
    module = _build_torch_encoder(model_dir, spec, info["layers"])
    weights = {k: v.to(torch.float32) for k, v in load_file(str(student / STUDENT_WEIGHTS)).items()}
    frozen = {
        k for k in module.state_dict() if k.split(".", 1)[0] in ("words", "positions", "types")
    }
    if set(weights) != set(module.state_dict()) - frozen:
        raise EmbedderError(
            f"the student weights in {student} do not fit a {len(info['layers'])}-layer "
            "encoder; use CLUSTER_EMBED_BACKEND=onnx-int8 (the full model)"
        )
    module.load_state_dict(weights, strict=False)
    return module.eval()


def _torch_export(module: Any, path: Path) -> None:
    import warnings

    import torch

    ids = torch.tensor([[101, 7592, 2088, 102, 0], [101, 1037, 2936, 3793, 102]])
    mask = (ids > 0).long()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and deprecation notes of the TorchScript exporter
        torch.onnx.export(
            module,
            (ids, mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


def _optimize(src: Path, dst: Path, config: dict[str, Any], skip_layer_norm: bool = False) -> None:
    from onnxruntime.transformers import optimizer
    from onnxruntime.transformers.fusion_options import FusionOptions

    options = FusionOptions("bert")
    options.enable_skip_layer_norm = skip_layer_norm
    options.enable_bias_skip_layer_norm = skip_layer_norm
    model = optimizer.optimize_model(
        str(src),
        model_type="bert",
        num_heads=int(config["num_attention_heads"]),
        hidden_size=int(config["hidden_size"]),
        optimization_options=options,
        opt_level=0,
    )
    fused = {k: v for k, v in model.get_fused_operator_statistics().items() if v}
    logger.debug("ONNX fusions: %s", fused)
    if not fused.get("Attention"):
        raise EmbedderError(f"ONNX Runtime did not fuse the attention of {src.name} ({fused})")
    model.save_model_to_file(str(dst))


def _quantize(src: Path, dst: Path, per_channel: bool = True) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    previous = root.disabled
    root.disabled = True  # the quantizer logs a "consider pre-processing" warning on the root
    try:
        quantize_dynamic(
            str(src),
            str(dst),
            weight_type=QuantType.QInt8,
            per_channel=per_channel,
            extra_options={"DefaultTensorType": 1},  # FLOAT, for outputs of fused ops
        )
    finally:
        root.disabled = previous
