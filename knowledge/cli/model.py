"""``python -m knowledge model export``: the ONNX export of the embedding model, NLU encoder."""

from __future__ import annotations

import argparse
import time

from knowledge.cli.common import EXIT_OK, Subparsers, settings_from_args, settings_parent
from knowledge.config import SETTING_VARS


def _cmd_model_export(args: argparse.Namespace) -> int:
    from knowledge.embedding import OnnxEmbedder, load_embedder, model_identifier
    from knowledge.embedding import export as onnx_export
    from knowledge.embedding.nlu_encoder import publish

    settings = settings_from_args(args)
    embedder = load_embedder(settings)
    started = time.perf_counter()
    if isinstance(embedder, OnnxEmbedder):
        embedder.load()  # exports first when the cache has no export of this model and toolchain
        export_dir = embedder.export_dir
    else:
        print(f"Embedding backend {settings.embed_backend!r}: the partner index needs no export.")
        export_dir = onnx_export.ensure_export(
            settings.embed_model, settings.model_cache_dir, model_identifier(settings.embed_model)
        )
    print(
        f"ONNX export of {model_identifier(settings.embed_model)} ready at {export_dir} "
        f"({time.perf_counter() - started:.1f}s)"
    )
    # The Rasa NLU pipeline's sentence features use the int8 export as well (the Rasa
    # environment has no torch to export it): publish it where config.yml expects it.
    target = settings.model_cache_dir / "nlu-encoder"
    changed = publish(
        export_dir / onnx_export.INT8_FILE,
        onnx_export.resolve_model_dir(settings.embed_model),
        target,
        model_identifier(settings.embed_model),
    )
    print(f"NLU sentence encoder {'published to' if changed else 'up to date at'} {target}")
    return EXIT_OK


def add_model_commands(subparsers: Subparsers) -> None:
    """Add the ``model`` command group (``export``).

    Args:
        subparsers: The top-level sub-parsers action.
    """
    model = subparsers.add_parser(
        "model",
        help="prepare the embedding model (ONNX export)",
        description="Embedding model.",
    )
    commands = model.add_subparsers(dest="model_command", metavar="COMMAND", required=True)
    export = commands.add_parser(
        "export",
        parents=[settings_parent()],
        help="export the embedding model to ONNX (int8 and float32), cached under var/models",
        description="Export the local embedding model to ONNX for the onnx-int8/onnx backends "
        f"(env {SETTING_VARS['embed_backend']}) and cache it (env {SETTING_VARS['model_cache_dir']}). "
        "Does nothing when the cached export is current. Reads only local model files.",
    )
    export.set_defaults(handler=_cmd_model_export)
