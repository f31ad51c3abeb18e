"""What the model-backed embedders share: model naming, path checks, lazy loading.

(The thread count is :func:`knowledge.config.torch_threads`, the one reader of
``CLUSTER_TORCH_THREADS``.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from knowledge.config import PACKAGED_MODEL_NAME, packaged_model_path
from knowledge.embedding.protocol import describe_space
from knowledge.errors import EmbedderError


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


def check_model_path(model: str) -> None:
    """Refuse a model given as a path (absolute, ``./``, ``~``) that is not a directory.

    Args:
        model: The configured model path or name.

    Raises:
        EmbedderError: The path does not name a directory.
    """
    path = Path(model).expanduser()
    if (path.is_absolute() or model.startswith((".", "~"))) and not path.is_dir():
        raise EmbedderError(
            f"embedding model directory {model!r} does not exist; "
            "set CLUSTER_EMBED_MODEL to a local sentence-transformers directory"
        )


class LazyModel:
    """What the two model-backed embedders share: the dimension is known once the model is
    loaded, and asking for it loads the model (subclasses set ``_dim`` in ``load``)."""

    _dim: int | None = None
    name: str

    def load(self) -> None:  # pragma: no cover - every subclass defines it
        """Load the model now."""
        raise NotImplementedError

    @property
    def config(self) -> dict[str, Any]:  # pragma: no cover - every subclass defines it
        """Settings that shape the vectors."""
        raise NotImplementedError

    @property
    def dim(self) -> int:
        """Vector dimension (loads the model if needed)."""
        if self._dim is None:
            self.load()
        assert self._dim is not None
        return self._dim

    @property
    def space(self) -> str:
        """The embedding space: name plus :attr:`config` (no model load)."""
        return describe_space(self.name, self.config)
