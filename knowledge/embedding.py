"""One embedding interface: lazy ONNX Runtime and sentence-transformers embedders, and a fake.

Backends (setting ``CLUSTER_EMBED_BACKEND``):

- ``onnx-int8-distil`` (default): :class:`OnnxEmbedder` running the int8 export of a 2-layer
  student distilled from the packaged model (a third of its layers, ~2.7x as fast; same vector
  space; see :mod:`knowledge.onnx_export` and docs/benchmarks.md for speed and quality).
- ``onnx-int8`` and ``onnx``: :class:`OnnxEmbedder`, an ONNX export of the full model (int8 or
  float32) run by ONNX Runtime, one text per forward pass.
- ``torch``: :class:`SentenceTransformerEmbedder`, the model in sentence-transformers on torch.

Each real embedder has a ``config`` dict (backend, quantization, max_seq_length, and for the
student which student) that index manifests record: vectors made with other settings are not
mixed with them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from knowledge.config import (
    DEFAULT_EMBED_BACKEND,
    DEFAULT_MODEL_CACHE,
    PACKAGED_MODEL_NAME,
    Settings,
    packaged_model_path,
)
from knowledge.errors import EmbedderError

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

    Real embedders also have ``config``: the settings besides the model that change the vectors
    (``{"backend", "quantization", "max_seq_length"}``), recorded in index manifests and compared
    on load. Embedders without it (the fake) are identified by ``name`` alone.
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


def model_max_seq_length(model: str) -> int | None:
    """The ``max_seq_length`` a sentence-transformers directory declares (no model load).

    Args:
        model: A local model directory (other values give ``None``).

    Returns:
        The limit in word pieces, or ``None`` when it is not declared.
    """
    config = Path(model).expanduser() / "sentence_bert_config.json"
    try:
        value = json.loads(config.read_text("utf-8")).get("max_seq_length")
    except (OSError, ValueError, AttributeError):
        return None
    return int(value) if value else None


def _check_model_path(model: str) -> None:
    """Refuse a model given as a path (absolute, ``./``, ``~``) that is not a directory."""
    path = Path(model).expanduser()
    if (path.is_absolute() or model.startswith((".", "~"))) and not path.is_dir():
        raise EmbedderError(
            f"embedding model directory {model!r} does not exist; "
            "set CLUSTER_EMBED_MODEL to a local sentence-transformers directory"
        )


def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no weight-loading bar


def torch_threads() -> int:
    """Threads the model may use for embedding: ``CLUSTER_TORCH_THREADS``, default 1.

    The name is historical: the ONNX backend uses it too (parallel forward passes for batches).
    """
    raw = os.environ.get("CLUSTER_TORCH_THREADS", "").strip()
    try:
        return max(1, int(raw)) if raw else 1
    except ValueError:
        logger.warning("CLUSTER_TORCH_THREADS=%r is not a whole number; using 1", raw)
        return 1


class _LazyModel:
    """What the two model-backed embedders share: the dimension is known once the model is
    loaded, and asking for it loads the model (subclasses set ``_dim`` in ``load``)."""

    _dim: int | None = None

    def load(self) -> None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    @property
    def dim(self) -> int:
        """Vector dimension (loads the model if needed)."""
        if self._dim is None:
            self.load()
        assert self._dim is not None
        return self._dim


class SentenceTransformerEmbedder(_LazyModel):
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
            _check_model_path(self.model)
            _offline()
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


class OnnxEmbedder(_LazyModel):
    """Embedder running an ONNX export of a sentence-transformers model with ONNX Runtime.

    Same vectors as :class:`SentenceTransformerEmbedder` (float32 export: cosine 1.0000; int8:
    ~0.995 mean, >= 0.99 on the shipped profiles) at a fraction of the CPU time. The export is
    made from the local model files on first use (or by ``python -m knowledge model export``) and
    cached in ``cache_dir``. Loaded lazily, like the torch embedder; thread-safe.

    Each text gets its own forward pass (no padding, and its vector does not depend on the other
    texts of a batch, which int8 activation quantisation would otherwise cause). Batches are
    spread over :func:`torch_threads` worker threads, each running a one-thread session call.
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
            threads: Parallel forward passes for batches; default :func:`torch_threads`.
            student: Directory of a student distilled from ``model`` (e.g.
                :data:`knowledge.onnx_export.STUDENT_DIR`) to run instead of the full model;
                always int8.
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
            from knowledge.onnx_export import STUDENT_WEIGHTS, read_student

            info = read_student(self.student)
            digest = hashlib.sha256((self.student / STUDENT_WEIGHTS).read_bytes()).hexdigest()
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
            _check_model_path(self.model)
            _offline()
            from knowledge import onnx_export

            try:
                model_dir = onnx_export.resolve_model_dir(self.model)
                spec = onnx_export.read_model_spec(model_dir)
                if self.student is not None:  # refuse a wrong student before any export work
                    onnx_export.read_student(self.student, model_dir)
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
                session = onnx_export.make_session(model_file, threads=1)
                limit = self.max_seq_length or spec["max_seq_length"]
                tokenizer = onnx_export.load_tokenizer(model_dir, limit)
                ids, mask = onnx_export.encode(tokenizer, "probe")
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
        """Embed texts with the ONNX model; see :class:`Embedder`."""
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
        return _normalise_rows(np.stack(rows))


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
        settings: ``embed_model`` is a model path/name, or ``fake`` / ``fake:<dim>``;
            ``embed_backend``, ``embed_max_tokens`` and ``model_cache_dir`` choose the runtime.

    Returns:
        An :class:`OnnxEmbedder` (backends ``onnx-int8-distil``, ``onnx-int8``, ``onnx``), a
        :class:`SentenceTransformerEmbedder` (``torch``), or a :class:`FakeEmbedder` for
        ``fake[:dim]``.

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
    backend = getattr(settings, "embed_backend", DEFAULT_EMBED_BACKEND)
    max_tokens = getattr(settings, "embed_max_tokens", None)
    if backend == "torch":
        return SentenceTransformerEmbedder(model, max_seq_length=max_tokens)
    student = None
    if backend == "onnx-int8-distil":
        from knowledge.onnx_export import STUDENT_DIR

        student = STUDENT_DIR
    return OnnxEmbedder(
        model,
        quantized=backend != "onnx",
        max_seq_length=max_tokens,
        cache_dir=getattr(settings, "model_cache_dir", None),
        student=student,
    )
