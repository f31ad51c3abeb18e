"""ONNX Runtime helpers shared by the export check and :class:`~knowledge.embedding.OnnxEmbedder`.

Owns how an exported model is run: the tokenizer settings (truncation, no padding), the
one-text feed, and the session options (which graph optimisations stay off, see
:mod:`knowledge.embedding.export`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

#: ORT graph optimisations switched off at session creation: ORT's CPU
#: ``SkipLayerNormalization`` kernel was measured ~10x slower than ``Add`` + ``LayerNormalization``.
DISABLED_ORT_OPTIMIZERS = ["SkipLayerNormFusion"]


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
