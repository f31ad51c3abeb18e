"""The feature names and the split domain: owns the list of features and reads domain/ merged.

The Rasa domain is a directory, ``domain/<feature>.yml``, and the training data and story tests
use the same names (``data/nlu/<feature>.yml``, ``data/rules/<feature>.yml``,
``data/stories/<feature>.yml``, ``tests/stories/test_<feature>.yml``). Rasa merges the directory
itself (``rasa train --domain domain``); ``load_domain`` merges it the same way for checks and
tools that only need the YAML, without importing Rasa.

Standard library and PyYAML only, so either Python environment can import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.settings import REPO_ROOT

DOMAIN_DIR = REPO_ROOT / "domain"
"""The domain directory, one file per feature."""

FEATURES: tuple[str, ...] = (
    "partners",
    "funding",
    "handoff",
    "dialogue",
    "faq",
    "privacy",
    "language",
)
"""Feature names shared by domain/, data/ and tests/stories/ (actions/ has a wing per feature
except faq and language, whose answers are responses only)."""

GENERATED_DATA_DIR = REPO_ROOT / "data" / "nlu" / "generated"
"""NLU data written by tools, not by hand (the gazetteer synonyms). Inside data/nlu/ so that every
reader of data/nlu (training, cross-validation, bench.nlu_cv) keeps loading it: Rasa reads folders
recursively."""

SYNONYMS_FILE = GENERATED_DATA_DIR / "synonyms.yml"
"""Rasa entity synonyms generated from the gazetteers by the spaCy pipeline builder."""

_LIST_KEYS = ("intents", "entities", "actions")
_MAPPING_KEYS = ("slots", "forms", "responses")


def load_domain(path: Path = DOMAIN_DIR) -> dict[str, Any]:
    """Reads a domain file or a directory of domain files merged into one mapping.

    Lists (intents, entities, actions) are concatenated without duplicates, mappings (slots,
    forms, responses) are merged, other keys (``version``, ``session_config``) come from the
    first file that has them. Files are read in name order.

    Args:
        path: A domain YAML file or a directory of them; defaults to the project's ``domain/``.

    Returns:
        The merged domain as plain data.

    Raises:
        FileNotFoundError: ``path`` does not exist or the directory holds no YAML file.
        ValueError: Two files define the same slot, form or response.
    """
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    if not files or not files[0].exists():
        raise FileNotFoundError(f"no domain file at {path}; expected domain/<feature>.yml files")
    merged: dict[str, Any] = {}
    for file in files:
        part = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for key, value in part.items():
            if key in _LIST_KEYS:
                known = merged.setdefault(key, [])
                known.extend(item for item in value or [] if item not in known)
            elif key in _MAPPING_KEYS:
                target = merged.setdefault(key, {})
                clash = sorted(set(target) & set(value or {}))
                if clash:
                    raise ValueError(f"{file.name} defines {', '.join(clash)} again ({key})")
                target.update(value or {})
            else:
                merged.setdefault(key, value)
    return merged
