"""The distilled student (backend ``onnx-int8-distil``): its files, their check, its torch module.

A 2-layer model whose transformer layers were trained offline to reproduce the packaged model's
vectors (``bench/distil_student.py``; weights and provenance in
``knowledge/data/distilled/minilm-student/``; the word/position embeddings are the packaged
model's own). The student is only valid with the model it was distilled from: its
``student.json`` names that model's weights by hash and another model is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from knowledge.embedding.bert import build_torch_encoder
from knowledge.embedding.files import file_sha256
from knowledge.errors import EmbedderError

#: The distilled (2-layer) student shipped with the project.
STUDENT_DIR = Path(__file__).resolve().parents[1] / "data" / "distilled" / "minilm-student"
STUDENT_WEIGHTS = "student.safetensors"
STUDENT_INFO = "student.json"


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
        if not weights.is_file() or file_sha256(weights) != info["teacher_sha256"]:
            raise EmbedderError(
                f"the distilled student in {student} was made from {info.get('teacher')!r}, "
                f"not from the configured model {model_dir}; {hint}"
            )
    return info


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
    module = build_torch_encoder(model_dir, spec, info["layers"])
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
