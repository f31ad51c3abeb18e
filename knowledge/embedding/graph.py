"""The export steps: trace a torch encoder to ONNX, fuse its graph, quantise it to int8.

Recipe and measurements: :mod:`knowledge.embedding.export` (module docstring).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from knowledge.errors import EmbedderError

logger = logging.getLogger("knowledge")


def torch_to_onnx(module: Any, path: Path) -> None:
    import warnings

    import torch

    ids = torch.tensor([[101, 7592, 2088, 102, 0], [101, 1037, 2936, 3793, 102]])
    mask = (ids > 0).long()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and deprecation notes of the TorchScript exporter
        torch.onnx.export(
            module,
            (ids, mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


def optimize(src: Path, dst: Path, config: dict[str, Any], skip_layer_norm: bool = False) -> None:
    from onnxruntime.transformers import optimizer
    from onnxruntime.transformers.fusion_options import FusionOptions

    options = FusionOptions("bert")
    options.enable_skip_layer_norm = skip_layer_norm
    options.enable_bias_skip_layer_norm = skip_layer_norm
    model = optimizer.optimize_model(
        str(src),
        model_type="bert",
        num_heads=int(config["num_attention_heads"]),
        hidden_size=int(config["hidden_size"]),
        optimization_options=options,
        opt_level=0,
    )
    fused = {k: v for k, v in model.get_fused_operator_statistics().items() if v}
    logger.debug("ONNX fusions: %s", fused)
    if not fused.get("Attention"):
        raise EmbedderError(f"ONNX Runtime did not fuse the attention of {src.name} ({fused})")
    model.save_model_to_file(str(dst))


def quantize(src: Path, dst: Path, per_channel: bool = True) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    previous = root.disabled
    root.disabled = True  # the quantizer logs a "consider pre-processing" warning on the root
    try:
        quantize_dynamic(
            str(src),
            str(dst),
            weight_type=QuantType.QInt8,
            per_channel=per_channel,
            extra_options={"DefaultTensorType": 1},  # FLOAT, for outputs of fused ops
        )
    finally:
        root.disabled = previous
