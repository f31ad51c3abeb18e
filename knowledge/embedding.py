"""One embedding interface: a lazy sentence-transformers embedder and a deterministic fake."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from knowledge.errors import EmbedderError
from knowledge.settings import PACKAGED_MODEL_NAME, Settings, packaged_model_path

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger("knowledge")

_TOKEN = re.compile(r"\w+")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors.

    Attributes:
        name: Stable identifier of the model; recorded in index manifests.
        dim: Vector dimension.
    """

    name: str
    dim: int

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts.

        Args:
            texts: The texts.

        Returns:
            float32 array of shape ``(len(texts), dim)`` with L2-normalised rows.
        """
        ...


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def model_identifier(model: str) -> str:
    """Return the stable name recorded for a model path or name.

    Args:
        model: A local model directory or a Hugging Face model name.

    Returns:
        ``"sentence-transformers/all-MiniLM-L6-v2"`` for the packaged model, the directory name
        for other local directories, otherwise the name unchanged.
    """
    packaged = packaged_model_path()
    path = Path(model).expanduser()
    if packaged is not None and path.exists():
        try:
            if path.resolve() == packaged.resolve():
                return PACKAGED_MODEL_NAME
        except OSError:
            pass
    if path.is_dir():
        return path.resolve().name
    return model


def torch_threads() -> int:
    """Threads torch may use for embedding: ``CLUSTER_TORCH_THREADS``, default 1."""
    raw = os.environ.get("CLUSTER_TORCH_THREADS", "").strip()
    try:
        return max(1, int(raw)) if raw else 1
    except ValueError:
        logger.warning("CLUSTER_TORCH_THREADS=%r is not a whole number; using 1", raw)
        return 1


class SentenceTransformerEmbedder:
    """Embedder backed by a sentence-transformers model, loaded on first use, offline, on CPU.

    Construction is cheap: the model is loaded by the first :meth:`embed_batch` call or the
    first access to :attr:`dim` (call :meth:`load` to do it on purpose at start-up).
    """

    def __init__(self, model: str, batch_size: int = 64):
        """Create the embedder without loading the model.

        Args:
            model: Local model directory or model name (must be in the local cache).
            batch_size: Texts per forward pass.
        """
        self.model = model
        self.batch_size = batch_size
        self.name = model_identifier(model)
        self._model: SentenceTransformer | None = None
        self._dim: int | None = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        """Vector dimension (loads the model if needed)."""
        if self._dim is None:
            self.load()
        assert self._dim is not None
        return self._dim

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded."""
        return self._model is not None

    def load(self) -> None:
        """Load the model now (idempotent, thread-safe).

        Raises:
            EmbedderError: If the model cannot be loaded.
        """
        with self._lock:
            if self._model is not None:
                return
            path = Path(self.model).expanduser()
            if (path.is_absolute() or self.model.startswith((".", "~"))) and not path.is_dir():
                raise EmbedderError(
                    f"embedding model directory {self.model!r} does not exist; "
                    "set CLUSTER_EMBED_MODEL to a local sentence-transformers directory"
                )
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no weight-loading bar
            try:
                import torch
                from sentence_transformers import SentenceTransformer

                # One thread measured fastest for single queries and no slower for batches on
                # this 2-core machine (docs/benchmarks.md); CLUSTER_TORCH_THREADS overrides it.
                torch.set_num_threads(torch_threads())
                model = SentenceTransformer(self.model, device="cpu")
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
        """Embed texts with the model; see :class:`Embedder`."""
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
        return _normalise_rows(vectors)


class FakeEmbedder:
    """Deterministic embedder for tests: hashed bag of words, no model.

    Each lower-cased word token adds +-1 to one hashed dimension, so texts that share words have a
    positive cosine similarity and texts with no words in common are near-orthogonal.
    """

    def __init__(self, dim: int = 64):
        """Create the fake embedder.

        Args:
            dim: Vector dimension.
        """
        if dim < 2:
            raise ValueError(f"dim must be at least 2, got {dim}")
        self.dim = dim
        self.name = f"fake-hashed-words-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        tokens = _TOKEN.findall(text.casefold()) or ["\x00empty"]
        for token in tokens:
            digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
            value = int.from_bytes(digest, "little")
            vec[value % self.dim] += 1.0 if (value >> 32) & 1 else -1.0
        if not vec.any():  # tokens cancelled out
            vec[0] = 1.0
        return vec

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts deterministically; see :class:`Embedder`."""
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise_rows(np.stack([self._vector(t) for t in texts]))


def load_embedder(settings: Settings) -> Embedder:
    """Return the embedder configured in ``settings`` (not loaded yet).

    Args:
        settings: ``embed_model`` is a model path/name, or ``fake`` / ``fake:<dim>``.

    Returns:
        A :class:`SentenceTransformerEmbedder`, or a :class:`FakeEmbedder` for ``fake[:dim]``.

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
    return SentenceTransformerEmbedder(model)
