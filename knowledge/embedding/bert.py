"""A plain PyTorch BERT encoder + mean pooling + L2 normalisation, built from safetensors weights.

The export (:mod:`knowledge.embedding.export`) traces this module rather than the transformers
model: the graph transformers 5 exports (its SDPA mask code) is not recognised by ONNX Runtime's
attention fusion; this one is, and it gives the same vectors. The distilled student
(:mod:`knowledge.embedding.student`) is this module with fewer layers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def build_torch_encoder(
    model_dir: Path, spec: dict[str, Any], layers: Sequence[int] | None = None
) -> Any:
    """BERT encoder + mean pooling (+ L2 normalisation) as a plain torch module, eval mode.

    Args:
        model_dir: A sentence-transformers BERT directory with ``model.safetensors``.
        spec: Its spec (:func:`knowledge.embedding.export.read_model_spec`).
        layers: Keep only those transformer layers of the model, in that order (the start of a
            smaller student model, see ``bench/distil_student.py``); ``None`` keeps all.

    Returns:
        The torch module (``forward(input_ids, attention_mask)`` -> unit vectors).
    """
    import torch
    from safetensors.torch import load_file
    from torch import nn

    config = spec["config"]
    weights = load_file(str(model_dir / "model.safetensors"))
    prefix = "" if "embeddings.word_embeddings.weight" in weights else "bert."
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    head_dim = hidden // heads

    def linear(name: str) -> nn.Linear:
        w, b = weights[f"{prefix}{name}.weight"], weights[f"{prefix}{name}.bias"]
        layer = nn.Linear(w.shape[1], w.shape[0])
        layer.weight.data, layer.bias.data = w, b
        return layer

    def layer_norm(name: str) -> nn.LayerNorm:
        norm = nn.LayerNorm(hidden, eps=eps)
        norm.weight.data = weights[f"{prefix}{name}.weight"]
        norm.bias.data = weights[f"{prefix}{name}.bias"]
        return norm

    class Layer(nn.Module):
        def __init__(self, i: int):
            super().__init__()
            p = f"encoder.layer.{i}."
            self.query = linear(p + "attention.self.query")
            self.key = linear(p + "attention.self.key")
            self.value = linear(p + "attention.self.value")
            self.attn_out = linear(p + "attention.output.dense")
            self.attn_norm = layer_norm(p + "attention.output.LayerNorm")
            self.inter = linear(p + "intermediate.dense")
            self.out = linear(p + "output.dense")
            self.out_norm = layer_norm(p + "output.LayerNorm")

        def heads(self, x: torch.Tensor) -> torch.Tensor:
            b, n, _ = x.size()
            return x.view(b, n, heads, head_dim).permute(0, 2, 1, 3)

        def forward(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            q, k, v = self.heads(self.query(h)), self.heads(self.key(h)), self.heads(self.value(h))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(head_dim) + mask
            ctx = torch.matmul(nn.functional.softmax(scores, dim=-1), v)
            ctx = ctx.permute(0, 2, 1, 3).contiguous()
            ctx = ctx.view(ctx.size(0), ctx.size(1), hidden)
            a = self.attn_norm(self.attn_out(ctx) + h)
            return self.out_norm(self.out(nn.functional.gelu(self.inter(a))) + a)

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Embedding.from_pretrained(
                weights[prefix + "embeddings.word_embeddings.weight"]
            )
            self.positions = nn.Embedding.from_pretrained(
                weights[prefix + "embeddings.position_embeddings.weight"]
            )
            self.types = nn.Embedding.from_pretrained(
                weights[prefix + "embeddings.token_type_embeddings.weight"]
            )
            self.norm = layer_norm("embeddings.LayerNorm")
            kept = range(int(config["num_hidden_layers"])) if layers is None else layers
            self.layers = nn.ModuleList(Layer(i) for i in kept)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            n = input_ids.size(1)
            positions = torch.arange(n, dtype=torch.long).unsqueeze(0).expand_as(input_ids)
            types = torch.zeros_like(input_ids)
            h = self.norm(self.words(input_ids) + self.positions(positions) + self.types(types))
            additive = (1.0 - attention_mask[:, None, None, :].to(h.dtype)) * -10000.0
            for layer in self.layers:
                h = layer(h, additive)
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return nn.functional.normalize(pooled, p=2.0, dim=1)

    return Encoder().eval()
