"""Choosing the embedder: :func:`load_embedder` maps the settings onto an embedder (not loaded)."""

from __future__ import annotations

from knowledge.config import DEFAULT_EMBED_BACKEND, Settings
from knowledge.embedding.fake import FakeEmbedder
from knowledge.embedding.onnx import OnnxEmbedder
from knowledge.embedding.protocol import Embedder
from knowledge.embedding.student import STUDENT_DIR
from knowledge.embedding.torch import SentenceTransformerEmbedder
from knowledge.embedding.usem3 import USEM3_MODEL, Usem3Embedder
from knowledge.errors import EmbedderError


def load_embedder(settings: Settings) -> Embedder:
    """Return the embedder configured in ``settings`` (not loaded yet).

    Args:
        settings: ``embed_model`` is a model path/name, ``usem3`` (the multilingual encoder,
            whatever the backend), or ``fake`` / ``fake:<dim>``;
            ``embed_backend``, ``embed_max_tokens`` and ``model_cache_dir`` choose the runtime.

    Returns:
        An :class:`OnnxEmbedder` (backends ``onnx-int8-distil``, ``onnx-int8``, ``onnx``), a
        :class:`SentenceTransformerEmbedder` (``torch``), a :class:`Usem3Embedder` for
        ``usem3``, or a :class:`FakeEmbedder` for ``fake[:dim]``.

    Raises:
        EmbedderError: If ``fake:<dim>`` has a bad dimension.
    """
    model = settings.embed_model.strip()
    if model == "fake" or model.startswith("fake:"):
        _, _, raw_dim = model.partition(":")
        try:
            return FakeEmbedder(int(raw_dim) if raw_dim else 64)
        except ValueError:
            raise EmbedderError(
                f"bad embedding model {model!r}; use 'fake' or 'fake:<dim>' with dim >= 2"
            ) from None
    if model == USEM3_MODEL:
        return Usem3Embedder()
    backend = getattr(settings, "embed_backend", DEFAULT_EMBED_BACKEND)
    max_tokens = getattr(settings, "embed_max_tokens", None)
    if backend == "torch":
        return SentenceTransformerEmbedder(model, max_seq_length=max_tokens)
    return OnnxEmbedder(
        model,
        quantized=backend != "onnx",
        max_seq_length=max_tokens,
        cache_dir=getattr(settings, "model_cache_dir", None),
        student=STUDENT_DIR if backend == "onnx-int8-distil" else None,
    )
