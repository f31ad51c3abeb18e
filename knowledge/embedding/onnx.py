"""The ONNX backends: :class:`OnnxEmbedder` runs an ONNX export of the model with ONNX Runtime.

Backends ``onnx-int8-distil`` (the default: the int8 export of a 2-layer student distilled from the
packaged model, see :mod:`knowledge.embedding.student`), ``onnx-int8`` and ``onnx`` (int8 or
float32 export of the full model). The export itself is :mod:`knowledge.embedding.export`.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.config import DEFAULT_MODEL_CACHE, force_offline_model_hub, torch_threads
from knowledge.embedding import export as onnx_export
from knowledge.embedding import session as ort_session
from knowledge.embedding.common import (
    LazyModel,
    check_model_path,
    model_identifier,
    model_max_seq_length,
)
from knowledge.embedding.files import file_sha256
from knowledge.embedding.protocol import normalise_rows
from knowledge.embedding.student import STUDENT_WEIGHTS, read_student
from knowledge.errors import EmbedderError

logger = logging.getLogger("knowledge")


class OnnxEmbedder(LazyModel):
    """Embedder running an ONNX export of a sentence-transformers model with ONNX Runtime.

    Same vectors as :class:`~knowledge.embedding.SentenceTransformerEmbedder` (float32 export:
    cosine 1.0000; int8: ~0.995 mean, >= 0.99 on the shipped profiles) at a fraction of the CPU
    time. The export is made from the local model files on first use (or by ``python -m knowledge
    model export``) and cached in ``cache_dir``. Loaded lazily, like the torch embedder;
    thread-safe.

    Each text gets its own forward pass (no padding, and its vector does not depend on the other
    texts of a batch, which int8 activation quantisation would otherwise cause). Batches are
    spread over :func:`~knowledge.config.torch_threads` worker threads, each running a
    one-thread session call.
    """

    def __init__(
        self,
        model: str,
        quantized: bool = True,
        max_seq_length: int | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        threads: int | None = None,
        student: str | os.PathLike[str] | None = None,
    ):
        """Create the embedder without loading (or exporting) the model.

        Args:
            model: Local model directory or model name (must be in the local cache).
            quantized: Run the int8 export (default) instead of the float32 one.
            max_seq_length: Word pieces per text; ``None`` keeps the model's own limit.
            cache_dir: Where ONNX exports are cached (default ``var/models``).
            threads: Parallel forward passes for batches; default
                :func:`~knowledge.config.torch_threads`.
            student: Directory of a student distilled from ``model`` (e.g.
                :data:`knowledge.embedding.student.STUDENT_DIR`) to run instead of the full
                model; always int8.
        """
        self.model = model
        self.student = Path(student) if student is not None else None
        self.quantized = quantized or self.student is not None
        self.backend = "onnx" if self.student is None else "onnx-distil"
        self.max_seq_length = max_seq_length
        self.cache_dir = Path(cache_dir) if cache_dir is not None else DEFAULT_MODEL_CACHE
        self.threads = threads
        self.name = model_identifier(model)
        #: The full model's export (also when a student runs: the NLU pipeline publishes it).
        self.export_dir: Path | None = None
        #: The ONNX file that embeds (the student's when there is one).
        self.model_file: Path | None = None
        self._student_id: str | None = None
        self._session: Any = None
        self._tokenizer: Any = None
        self._workers = 1
        self._dim: int | None = None
        self._lock = threading.Lock()

    @property
    def config(self) -> dict[str, Any]:
        """Settings that shape the vectors (recorded in index manifests); no model load.

        With a student, ``student`` names it by name, version and a hash of its weights, so
        an index embedded by another (retrained) student is rebuilt.
        """
        config: dict[str, Any] = {
            "backend": self.backend,
            "quantization": "int8-dynamic-per-channel" if self.quantized else "none",
            "max_seq_length": self.max_seq_length or model_max_seq_length(self.model),
        }
        if self.student is not None:
            config["student"] = self.student_id
        return config

    @property
    def student_id(self) -> str | None:
        """``"<name> v<version> sha256:<16 hex>"`` of the student (``None`` without one).

        Reads the student's small info file and hashes its weights (no model library).
        """
        if self.student is None:
            return None
        if self._student_id is None:
            info = read_student(self.student)
            digest = file_sha256(self.student / STUDENT_WEIGHTS)
            self._student_id = f"{info['name']} v{info['version']} sha256:{digest[:16]}"
        return self._student_id

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded."""
        return self._session is not None

    def load(self) -> None:
        """Load the model now, exporting it first if it is not cached (idempotent, thread-safe).

        Raises:
            EmbedderError: If the model cannot be exported or loaded.
        """
        with self._lock:
            if self._session is not None:
                return
            check_model_path(self.model)
            force_offline_model_hub()
            try:
                model_dir = onnx_export.resolve_model_dir(self.model)
                spec = onnx_export.read_model_spec(model_dir)
                if self.student is not None:  # refuse a wrong student before any export work
                    read_student(self.student, model_dir)
                export_dir = onnx_export.ensure_export(self.model, self.cache_dir, self.name)
                file = onnx_export.INT8_FILE if self.quantized else onnx_export.FLOAT_FILE
                model_file = export_dir / file
                if self.student is not None:
                    model_file = (
                        onnx_export.ensure_export(
                            self.model, self.cache_dir, self.name, student=self.student
                        )
                        / onnx_export.INT8_FILE
                    )
                session = ort_session.make_session(model_file, threads=1)
                limit = self.max_seq_length or spec["max_seq_length"]
                tokenizer = ort_session.load_tokenizer(model_dir, limit)
                ids, mask = ort_session.encode(tokenizer, "probe")
                dim = session.run(None, {"input_ids": ids, "attention_mask": mask})[0].shape[1]
            except EmbedderError:
                raise
            except Exception as exc:  # onnxruntime, tokenizers: many failure types
                raise EmbedderError(
                    f"could not load the ONNX export of {self.model!r} ({type(exc).__name__}: "
                    f"{exc}); delete {self.cache_dir} to export again, or set "
                    "CLUSTER_EMBED_BACKEND=torch"
                ) from exc
            self.export_dir = export_dir
            self.model_file = model_file
            self._tokenizer = tokenizer
            self._workers = max(1, self.threads or torch_threads())
            self._dim = int(dim)
            self._session = session
            logger.info(
                "Loaded embedding model %s (%d-d, ONNX %s, %d tokens) from %s",
                self.name,
                self._dim,
                ("int8" if self.quantized else "float32")
                + (f", student {self.student_id}" if self.student else ""),
                limit,
                model_file,
            )

    def _run(self, ids: list[int]) -> np.ndarray:
        row = np.asarray([ids], dtype=np.int64)
        feed = {"input_ids": row, "attention_mask": np.ones_like(row)}
        return self._session.run(None, feed)[0][0]

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the ONNX model; see :class:`~knowledge.embedding.Embedder`."""
        self.load()
        assert self._dim is not None
        if len(texts) == 0:
            return np.zeros((0, self._dim), dtype=np.float32)
        encodings = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        if self._workers > 1 and len(encodings) > 1:
            # Session calls release the GIL: one-thread passes in parallel use the cores better
            # than one pass on several threads (measured, docs/benchmarks.md).
            with ThreadPoolExecutor(min(self._workers, len(encodings))) as pool:
                rows = list(pool.map(self._run, encodings))
        else:
            rows = [self._run(ids) for ids in encodings]
        return normalise_rows(np.stack(rows))
