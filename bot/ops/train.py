"""Trains the Rasa model only when its inputs changed.

The fingerprint is a SHA-256 over the names and content of config.yml, every file under domain/
and data/, the custom NLU components in bot/nlu/, the project's spaCy pipeline on disk and the
published sentence encoder (var/models/nlu-encoder); file paths are part of it, so moving a
component (its class path in config.yml) retrains. It is
stored beside the model; when it matches, training is skipped without starting Rasa at all (Rasa's own check needs a full start, tens of seconds).

Usage: ``python -m bot.ops.train [--force]`` from the repository root, with the Rasa environment.
"""

from __future__ import annotations

import argparse
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


def training_inputs() -> list[Path]:
    """The files whose content decides the trained model."""
    return [
        REPO_ROOT / "config.yml",
        DOMAIN_DIR,  # split by feature; Rasa merges the directory
        REPO_ROOT / "data",
        REPO_ROOT / "bot" / "nlu",  # custom NLU components are part of the model
        SPACY_DIR,
        ENCODER_DIR,
    ]


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
    result = subprocess.run(
        [
            sys.executable, "-m", "rasa", "train", "--domain", str(DOMAIN_DIR),
            "--out", str(MODEL_DIR), "--fixed-model-name", MODEL_NAME,
        ],
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )  # fmt: skip
    if result.returncode != 0 or not model.exists():
        print("train: rasa train failed; see its output above.")
        return result.returncode or 1
    stamp.write_text(wanted)
    print(f"train: done in {time.monotonic() - started:.0f} s -> {model.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
