"""The ``torch`` backend: :class:`SentenceTransformerEmbedder`, the model in sentence-transformers.

(Absolute imports: ``import torch`` in this module is the PyTorch library, not this module.)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from knowledge.config import force_offline_model_hub, torch_threads
from knowledge.embedding.common import (
    LazyModel,
    check_model_path,
    model_identifier,
    model_max_seq_length,
)
from knowledge.embedding.protocol import normalise_rows
from knowledge.errors import EmbedderError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger("knowledge")


class SentenceTransformerEmbedder(LazyModel):
    """Embedder backed by a sentence-transformers model, loaded on first use, offline, on CPU.

    Construction is cheap: the model is loaded by the first :meth:`embed_batch` call or the
    first access to :attr:`dim` (call :meth:`load` to do it on purpose at start-up).
    """

    backend = "torch"

    def __init__(self, model: str, batch_size: int = 64, max_seq_length: int | None = None):
        """Create the embedder without loading the model.

        Args:
            model: Local model directory or model name (must be in the local cache).
            batch_size: Texts per forward pass.
            max_seq_length: Word pieces per text; ``None`` keeps the model's own limit.
        """
        self.model = model
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.name = model_identifier(model)
        self._model: SentenceTransformer | None = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded."""
        return self._model is not None

    @property
    def config(self) -> dict[str, Any]:
        """Settings that shape the vectors (recorded in index manifests); no model load."""
        return {
            "backend": self.backend,
            "quantization": "none",
            "max_seq_length": self.max_seq_length or model_max_seq_length(self.model),
        }

    def load(self) -> None:
        """Load the model now (idempotent, thread-safe).

        Raises:
            EmbedderError: If the model cannot be loaded.
        """
        with self._lock:
            if self._model is not None:
                return
            check_model_path(self.model)
            force_offline_model_hub()
            try:
                import torch
                from sentence_transformers import SentenceTransformer

                # One thread measured fastest for single queries and no slower for batches on
                # this 2-core machine (docs/benchmarks.md); CLUSTER_TORCH_THREADS overrides it.
                torch.set_num_threads(torch_threads())
                model = SentenceTransformer(self.model, device="cpu")
                if self.max_seq_length:
                    model.max_seq_length = self.max_seq_length
            except Exception as exc:  # many failure types: missing files, bad config, offline
                raise EmbedderError(
                    f"could not load embedding model {self.model!r} ({type(exc).__name__}: "
                    f"{exc}); set CLUSTER_EMBED_MODEL to a local sentence-transformers directory"
                ) from exc
            getter = (
                getattr(model, "get_embedding_dimension", None)
                or model.get_sentence_embedding_dimension
            )
            dim = getter()
            if not dim:
                dim = int(model.encode(["probe"], convert_to_numpy=True).shape[1])
            self._model = model
            self._dim = int(dim)
            logger.info("Loaded embedding model %s (%d-d) from %s", self.name, dim, self.model)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the model; see :class:`~knowledge.embedding.Embedder`."""
        self.load()
        assert self._model is not None and self._dim is not None
        if len(texts) == 0:
            return np.zeros((0, self._dim), dtype=np.float32)
        vectors: Any = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return normalise_rows(vectors)
