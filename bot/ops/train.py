"""Trains the Rasa model only when its inputs changed.

The fingerprint is a SHA-256 over the names and content of config.yml, every file under domain/
and data/, the custom NLU components in bot/nlu/, every project module they import (directly or
through other project modules: taxonomy/, contracts/, knowledge/...) with the data files that sit
beside those modules (word tables such as taxonomy/function_words.csv), the project's spaCy
pipeline on disk and the published sentence encoder (var/models/nlu-encoder); file paths are part
of it, so moving a component (its class path in config.yml) retrains. It is stored beside the
model; when it matches, training is skipped without starting Rasa at all (Rasa's own check needs a
full start, tens of seconds).

Why the imported modules count: the components featurize the training examples with project code
(the language columns of ``bot.nlu.entity_features`` come from ``bot.nlu.language``, which reads
taxonomy's word tables). A model kept because only bot/nlu/ was hashed was trained on features
that the running code no longer computes: session 19 measured 43 training examples whose language
column had moved, and nine held-out items that the kept model and a fresh clone's model answered
differently (docs/benchmarks.md "Session 20: what a retrain moved").

Usage: ``python -m bot.ops.train [--force]`` from the repository root, with the Rasa environment.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from bot.ops.domain import DOMAIN_DIR
from bot.settings import REPO_ROOT, child_env

MODEL_DIR = REPO_ROOT / "models"
MODEL_NAME = "current"
SPACY_DIR = REPO_ROOT / "var" / "spacy" / "cluster_en"
# Published by `make embed-model`; SentenceEncoderFeaturizer packs it into the model.
ENCODER_DIR = REPO_ROOT / "var" / "models" / "nlu-encoder"


def _files(root: Path) -> Iterable[Path]:
    if root.is_file():
        yield root
    elif root.is_dir():
        yield from sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        )


def fingerprint(inputs: Iterable[Path], root: Path = REPO_ROOT) -> str:
    """Hashes the names and contents of all files under ``inputs``.

    Args:
        inputs: Files or folders; a missing one contributes its name only.
        root: Paths are hashed relative to this folder, so a moved checkout keeps its fingerprint.

    Returns:
        A hex digest.
    """
    digest = hashlib.sha256()
    for item in inputs:
        found = False
        for path in _files(item):
            found = True
            digest.update(str(path.relative_to(root)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        if not found:
            digest.update(f"missing:{item.relative_to(root)}".encode())
    return digest.hexdigest()


#: Files beside an imported module that no module reads: sources and their docs.
NOT_READ = frozenset({".py", ".pyc", ".md"})


def _module_file(name: str, root: Path) -> Path | None:
    """The source file of the project module ``name`` (``a.b`` -> a/b.py or a/b/__init__.py)."""
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_names(path: Path, root: Path) -> set[str]:
    """The absolute module names a source file imports, with their parent packages; for
    ``from a import b`` also ``a.b`` (b may be a submodule). Relative imports are resolved."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = path.relative_to(root).with_suffix("").parts[:-1]  # a/b.py, a/__init__.py -> a
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join((*anchor, *(node.module.split(".") if node.module else ())))
            else:
                base = node.module or ""
            found = [base, *(f"{base}.{alias.name}" for alias in node.names)] if base else []
        else:
            continue
        for name in found:
            parts = name.split(".")
            names.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return names


def imported_sources(start: Iterable[Path], root: Path = REPO_ROOT) -> list[Path]:
    """The project files the sources under ``start`` depend on when they run.

    Follows imports transitively through the project's own modules (third-party and standard
    library imports are pinned by the environment, not hashed) and adds the non-Python files
    that sit in the same folder as an imported module: the word tables and lists a module reads
    beside itself.

    Args:
        start: Files or folders of Python sources (e.g. bot/nlu).
        root: The repository root; module names resolve against it.

    Returns:
        The files, sorted, without those under ``start`` themselves.
    """
    starting = {p for item in start for p in _files(item) if p.suffix == ".py"}
    seen: set[Path] = set()
    pending = sorted(starting)
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imported_names(path, root):
            found = _module_file(name, root)
            if found is not None and found not in seen:
                pending.append(found)
    files = set(seen - starting)
    for module in seen - starting:
        files.update(
            p
            for p in module.parent.iterdir()
            if p.is_file() and p.suffix not in NOT_READ and not p.name.startswith(".")
        )
    return sorted(files)


def training_inputs() -> list[Path]:
    """The files whose content decides the trained model."""
    components = REPO_ROOT / "bot" / "nlu"  # custom NLU components are part of the model
    return [
        REPO_ROOT / "config.yml",
        DOMAIN_DIR,  # split by feature; Rasa merges the directory
        REPO_ROOT / "data",
        components,
        *imported_sources([components]),  # the project code and word tables they run
        SPACY_DIR,
        ENCODER_DIR,
    ]


def rasa_train_command() -> list[str]:
    """The ``rasa train`` command line. ``--force``: Rasa's own cache (.rasa/cache) keys each
    component's output on its config and its input data, not on the code that computed it, so
    after a change of project code (a word table the language columns read) it hands back the
    features and the classifier of the old code; this module decides when to train, and then
    every component trains (a fresh clone has no cache and trains all of them anyway)."""
    return [
        sys.executable, "-m", "rasa", "train", "--force", "--domain", str(DOMAIN_DIR),
        "--out", str(MODEL_DIR), "--fixed-model-name", MODEL_NAME,
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Trains if needed; returns the process exit code."""
    parser = argparse.ArgumentParser(description="Train the Rasa model if its inputs changed.")
    parser.add_argument("--force", action="store_true", help="train even if nothing changed")
    args = parser.parse_args(argv)

    if not (SPACY_DIR / "meta.json").exists():
        print(f"train: the spaCy pipeline is missing at {SPACY_DIR}; run `make spacy` first.")
        return 2
    model = MODEL_DIR / f"{MODEL_NAME}.tar.gz"
    stamp = MODEL_DIR / f"{MODEL_NAME}.fingerprint"
    wanted = fingerprint(training_inputs())
    if not args.force and model.exists() and stamp.exists() and stamp.read_text() == wanted:
        print(f"train: {model.relative_to(REPO_ROOT)} is up to date (fingerprint {wanted[:12]})")
        return 0

    print("train: config, domain, data or spaCy pipeline changed; training the Rasa model")
    started = time.monotonic()
    env = child_env(TF_CPP_MIN_LOG_LEVEL="2")
    result = subprocess.run(rasa_train_command(), cwd=REPO_ROOT, env=env, check=False)
    if result.returncode != 0 or not model.exists():
        print("train: rasa train failed; see its output above.")
        return result.returncode or 1
    stamp.write_text(wanted)
    print(f"train: done in {time.monotonic() - started:.0f} s -> {model.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
