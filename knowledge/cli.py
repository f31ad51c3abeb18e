"""Command line of the knowledge layer: ``python -m knowledge ...``.

Commands::

    python -m knowledge index build [--force]
    python -m knowledge index info
    python -m knowledge model export
    python -m knowledge search "hydrogen storage" --country DE --k 5 [--json]

Adding a command group: write ``def add_<group>_commands(subparsers) -> None`` that adds a
sub-parser and sets ``handler=<function(args) -> int>`` on each leaf command (with
``set_defaults``), then list it in :data:`COMMAND_GROUPS`. User mistakes are raised as
:class:`~knowledge.errors.KnowledgeError` and end as one sentence on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from knowledge.calls.cli import add_calls_commands
from knowledge.config import SETTING_VARS, Settings, use_all_cores_for_embedding
from knowledge.errors import KnowledgeError

logger = logging.getLogger("knowledge")

EXIT_OK = 0
EXIT_USER_ERROR = 2

Subparsers = Any  # argparse's _SubParsersAction is private


def _settings_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("locations (override environment variables)")
    group.add_argument(
        "--profiles",
        metavar="PATH",
        help=f"cluster profiles JSONL file (env {SETTING_VARS['profiles_path']})",
    )
    group.add_argument(
        "--index-dir",
        metavar="DIR",
        help=f"partner index directory (env {SETTING_VARS['index_dir']})",
    )
    group.add_argument(
        "--model",
        metavar="MODEL",
        help=f"embedding model directory or name, or 'fake' for tests "
        f"(env {SETTING_VARS['embed_model']})",
    )
    return parent


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        profiles_path=args.profiles, index_dir=args.index_dir, embed_model=args.model
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


# --- index ----------------------------------------------------------------------------------


def _cmd_index_build(args: argparse.Namespace) -> int:
    from knowledge.embedding import load_embedder
    from knowledge.partners.ensure import ensure_index
    from knowledge.partners.manifest import describe_embedding

    settings = _settings(args)
    embedder = load_embedder(settings)
    started = time.perf_counter()
    index = ensure_index(settings, embedder, progress=not args.no_progress, force=args.force)
    seconds = time.perf_counter() - started
    manifest = index.manifest
    embedding = manifest.get("embedding")
    runtime = f", {describe_embedding(embedding)}" if embedding else ""
    print(
        f"Partner index ready: {manifest['count']} profiles, model {manifest['model']} "
        f"({manifest['dim']}-d{runtime}), built {manifest['built_at']}, at {settings.index_dir} "
        f"({seconds:.1f}s)"
    )
    return EXIT_OK


def _cmd_index_info(args: argparse.Namespace) -> int:
    from knowledge.embedding import load_embedder
    from knowledge.partners.manifest import (
        describe_embedding,
        index_status,
        read_manifest,
        recorded_embedding,
    )
    from knowledge.records import load_profiles, profiles_hash

    settings = _settings(args)
    manifest = read_manifest(settings.index_dir)
    embedder = load_embedder(settings)  # name and settings only: the model is not loaded
    current_hash = profiles_hash(load_profiles(settings.profiles_path))
    problems = index_status(
        manifest, current_hash, embedder.name, getattr(embedder, "config", None)
    )
    if manifest.get("edits"):
        problems_note = f" ({manifest['edits']} edit(s) since the build)"
    else:
        problems_note = ""
    status = ("current" + problems_note) if not problems else "stale (" + "; ".join(problems) + ")"
    keywords = _keyword_index_status(manifest, Path(settings.index_dir))
    if args.json:
        print(
            json.dumps(
                {
                    **manifest,
                    "path": str(settings.index_dir),
                    "status": status,
                    "keyword_index": keywords,
                }
            )
        )
        return EXIT_OK
    rows = [
        ("path", str(settings.index_dir)),
        ("model", manifest["model"]),
        ("embedding", describe_embedding(recorded_embedding(manifest))),
        ("dim", manifest["dim"]),
        ("vectors", manifest["count"]),
        ("rows", manifest.get("rows", manifest["count"])),
        ("index type", manifest["index_type"]),
        *_ann_parameters(manifest),
        ("built at", manifest["built_at"]),
        ("profiles hash", manifest["profiles_hash"][:16]),
        ("status", status),
        ("keyword index", keywords),
    ]
    for key, value in rows:
        print(f"{key:<14} {value}")
    return EXIT_OK


def _ann_parameters(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """The search parameters an ANN index was saved with (read at load, so they are what runs).

    Why shown: they decide recall and latency at scale, and an IVF index's ``nprobe`` can be
    changed in the manifest without a rebuild.
    """
    hnsw, ivf = manifest.get("hnsw"), manifest.get("ivf")
    if manifest["index_type"] == "IndexHNSWFlat" and isinstance(hnsw, dict):
        return [
            (
                "HNSW",
                f"M {hnsw.get('M')}, efConstruction {hnsw.get('efConstruction')}, "
                f"efSearch {hnsw.get('efSearch')}",
            )
        ]
    if manifest["index_type"] == "IndexIVFFlat" and isinstance(ivf, dict):
        return [("IVF", f"{ivf.get('nlist')} lists, {ivf.get('nprobe')} scanned per query")]
    return []


def _keyword_index_status(manifest: dict[str, Any], directory: Path) -> str:
    """Say whether the saved BM25F index will be used at load, from the manifest and the file.

    Why: without a usable one the first keyword query after a load builds it (minutes at a
    million profiles). These are the checks that need neither the profiles nor the file's
    contents; ``PartnerIndex.load`` also re-tokenises a sample of profiles, so a tokeniser
    changed in code is only caught there (it then logs why and builds it on first use).
    """
    from knowledge.partners.keyword import rules_fingerprint
    from knowledge.partners.manifest import KEYWORDS

    entry = manifest.get("keywords")
    if not isinstance(entry, dict) or entry.get("file") != KEYWORDS:
        return (
            "not saved: built on the first search after a load (written by the next "
            "`index build --force`, `index add` or `index remove`)"
        )
    path = directory / KEYWORDS
    if not path.is_file():
        return f"not usable: {KEYWORDS} is missing; built on the first search after a load"
    if entry.get("rules") != rules_fingerprint():
        return "not usable: saved with other tokenising rules; built on the first search"
    if entry.get("count") != manifest["count"]:
        return (
            f"not usable: holds {entry.get('count')} profiles, the index {manifest['count']}; "
            "built on the first search"
        )
    return (
        f"saved ({KEYWORDS}, {entry['count']} profiles, {path.stat().st_size / 1e6:.1f} MB, "
        "current tokenising rules; a sample is re-tokenised at load)"
    )


def _load_for_edit(args: argparse.Namespace) -> tuple[Settings, Any, Any]:
    from knowledge.embedding import load_embedder
    from knowledge.partners.index import PartnerIndex

    settings = _settings(args)
    embedder = load_embedder(settings)
    return settings, embedder, PartnerIndex.load(settings.index_dir, embedder)


def _cmd_index_add(args: argparse.Namespace) -> int:
    from knowledge.records import load_profiles

    profiles = load_profiles(args.file)  # validated: a bad line names file, line and field
    if not profiles:
        raise KnowledgeError(f"{args.file} holds no profiles; nothing to add")
    settings, embedder, index = _load_for_edit(args)
    started = time.perf_counter()
    if args.update:
        replaced = set(index.update(profiles, embedder))
    else:
        index.add(profiles, embedder)
        replaced = set()
    index.save(settings.index_dir)
    added = len(profiles) - len(replaced)
    print(
        f"Partner index updated: {added} added, {len(replaced)} replaced; "
        f"{len(index)} profiles ({index.index_type}) at {settings.index_dir} "
        f"({time.perf_counter() - started:.2f}s)"
    )
    return EXIT_OK


def _cmd_index_remove(args: argparse.Namespace) -> int:
    settings, _, index = _load_for_edit(args)
    removed = index.remove(args.ids)
    index.save(settings.index_dir)
    print(
        f"Partner index updated: removed {', '.join(removed)}; {len(index)} profiles "
        f"at {settings.index_dir}"
    )
    return EXIT_OK


def add_index_commands(subparsers: Subparsers) -> None:
    """Add the ``index`` command group (``build``, ``info``, ``add``, ``remove``).

    Args:
        subparsers: The top-level sub-parsers action.
    """
    parent = _settings_parent()
    index = subparsers.add_parser(
        "index", help="build or inspect the partner search index", description="Partner index."
    )
    commands = index.add_subparsers(dest="index_command", metavar="COMMAND", required=True)
    build = commands.add_parser(
        "build",
        parents=[parent],
        help="embed the cluster profiles and save the index (skipped if already current)",
        description="Embed the cluster profiles and save the partner index atomically. "
        "Does nothing if the saved index matches the profiles and the model, unless --force.",
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild even if the saved index is current"
    )
    build.add_argument(
        "--no-progress", action="store_true", help="do not show the embedding progress bar"
    )
    build.set_defaults(handler=_cmd_index_build)
    info = commands.add_parser(
        "info",
        parents=[parent],
        help="show the saved index's manifest and whether it is current",
        description="Show the partner index manifest (with the HNSW or IVF search parameters) "
        "and whether a saved keyword index is there and fits it, without loading the model or "
        "the index (the index's load also re-tokenises a sample of profiles).",
    )
    info.add_argument(
        "--json",
        action="store_true",
        help="print the manifest as JSON, with status and keyword_index",
    )
    info.set_defaults(handler=_cmd_index_info)
    add = commands.add_parser(
        "add",
        parents=[parent],
        help="add profiles from a JSONL file to the saved index, without a rebuild",
        description="Embed only the given profiles and add them to the saved partner index "
        "(saved atomically). Edits are kept until the next full build; to keep them for good, "
        "also add the records to the profiles file.",
    )
    add.add_argument("file", metavar="FILE.jsonl", help="profiles in the corpus format")
    add.add_argument(
        "--update", action="store_true", help="replace profiles whose id is already indexed"
    )
    add.set_defaults(handler=_cmd_index_add)
    remove = commands.add_parser(
        "remove",
        parents=[parent],
        help="remove profiles by id from the saved index, without a rebuild",
        description="Remove profiles by id from the saved partner index (saved atomically).",
    )
    remove.add_argument("ids", nargs="+", metavar="ID", help="profile id(s), e.g. biowin")
    remove.set_defaults(handler=_cmd_index_remove)


# --- model ----------------------------------------------------------------------------------


def _cmd_model_export(args: argparse.Namespace) -> int:
    from knowledge.embedding import OnnxEmbedder, load_embedder, model_identifier
    from knowledge.embedding import export as onnx_export
    from knowledge.embedding.nlu_encoder import publish

    settings = _settings(args)
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
        parents=[_settings_parent()],
        help="export the embedding model to ONNX (int8 and float32), cached under var/models",
        description="Export the local embedding model to ONNX for the onnx-int8/onnx backends "
        f"(env {SETTING_VARS['embed_backend']}) and cache it (env {SETTING_VARS['model_cache_dir']}). "
        "Does nothing when the cached export is current. Reads only local model files.",
    )
    export.set_defaults(handler=_cmd_model_export)


# --- search ---------------------------------------------------------------------------------


def _cmd_search(args: argparse.Namespace) -> int:
    from knowledge.embedding import load_embedder
    from knowledge.partners.index import PartnerIndex
    from knowledge.partners.query import PartnerFilters
    from knowledge.partners.searcher import PartnerSearcher
    from knowledge.records import load_profiles, profiles_hash

    filters = PartnerFilters.parse(
        country=args.country,
        region=args.region,
        sector=args.sector,
        technology=args.technology,
        label=args.label,
    )
    settings = _settings(args)
    embedder = load_embedder(settings)
    current_hash = profiles_hash(load_profiles(settings.profiles_path))
    index = PartnerIndex.load(settings.index_dir, embedder, expected_hash=current_hash)
    result = PartnerSearcher(index, embedder).search(
        args.query, filters, k=args.k, offset=args.offset, mode=args.mode
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    scope = f" ({filters.describe()})" if not filters.is_empty() else ""
    if not result.matches:
        print(f"No partners found for {args.query!r}{scope}: {result.empty_because}.")
        return EXIT_OK
    last = result.offset + len(result.matches)
    print(f"{result.offset + 1}-{last} of {result.total} for {args.query!r}{scope}:")
    for rank, match in enumerate(result.matches, start=result.offset + 1):
        p = match.profile
        place = ", ".join(x for x in (p.city, p.region, p.country) if x)
        title = p.name if not p.acronym or p.acronym == p.name else f"{p.name} ({p.acronym})"
        print(f"{rank:>3}. {title}, {place}  [score {match.score:.2f}]")
        print(f"     {match.why}")
        link = p.website or p.source_url
        if link:
            print(f"     {link}")
    return EXIT_OK


def add_search_command(subparsers: Subparsers) -> None:
    """Add the ``search`` command.

    Args:
        subparsers: The top-level sub-parsers action.
    """
    search = subparsers.add_parser(
        "search",
        parents=[_settings_parent()],
        help="search cluster partners",
        description="Search cluster profiles by meaning and keywords, within exact filters.",
    )
    search.add_argument("query", help="what you are looking for, e.g. 'hydrogen storage'")
    search.add_argument(
        "--country", help="country code, name or adjective, e.g. DE, Germany, German"
    )
    search.add_argument(
        "--region",
        help="region: a NUTS 2021 code of any level (DE2, DE21, ES21), a NUTS name in its own "
        "language (Bayern, 'País Vasco'), an English name (Bavaria, 'Basque Country'); other "
        "text must appear as whole words in the profile's region or city (Brainport, Graz)",
    )
    search.add_argument("--sector", help="sector label or word, e.g. Energy, ICT, food")
    search.add_argument(
        "--technology", help="text that must appear in the technologies or description"
    )
    search.add_argument(
        "--label",
        help="cluster excellence label the profile states: gold, silver or bronze (also "
        "'gold label', 'ECEI gold'), or any (every labelled profile)",
    )
    search.add_argument(
        "--k", type=_positive_int, default=5, help="number of results (default 5, max 100)"
    )
    search.add_argument(
        "--offset", type=_non_negative_int, default=0, help="results to skip, for paging"
    )
    search.add_argument(
        "--mode",
        choices=["hybrid", "dense", "keyword"],
        default="hybrid",
        help="ranking: hybrid (default), dense embeddings only, or keyword (BM25F) only",
    )
    search.add_argument("--json", action="store_true", help="print the result as JSON")
    search.set_defaults(handler=_cmd_search)


COMMAND_GROUPS: list[Callable[[Subparsers], None]] = [
    add_index_commands,
    add_model_commands,
    add_search_command,
    add_calls_commands,
]


def build_parser() -> argparse.ArgumentParser:
    """Build the ``python -m knowledge`` argument parser with every registered command group.

    Returns:
        The parser; each leaf command sets ``handler`` (``args -> exit code``).
    """
    parser = argparse.ArgumentParser(
        prog="python -m knowledge",
        description="Knowledge layer of the cluster support assistant.",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log progress details (to stderr)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="log only errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add_group in COMMAND_GROUPS:
        add_group(subparsers)
    return parser


def _log_handler(verbose: bool, quiet: bool) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI.

    Args:
        argv: Arguments without the program name (default ``sys.argv[1:]``).

    Returns:
        The exit code: 0 on success, 2 on a user mistake (message on stderr).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    # Batch work (index builds, refreshes) embeds many texts: use every core unless told
    # otherwise. The action server keeps the default of one thread, fastest for single queries.
    use_all_cores_for_embedding()
    # Attach a handler for this run only, so calling main() from tests or other code does not
    # leave logging configured behind it.
    handler = _log_handler(args.verbose, args.quiet)
    previous_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(handler.level, previous_level or logging.WARNING))
    try:
        return int(args.handler(args))
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
