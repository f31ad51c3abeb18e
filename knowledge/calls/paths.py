"""Where the calls store and the shipped snapshot live.

| variable           | default                            | feeds                          |
|--------------------|------------------------------------|--------------------------------|
| ``CLUSTER_CALLS_DB`` | ``<repo>/var/calls/calls.sqlite`` | calls store (build, search, info) |

An explicit path argument always wins over the variable.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = REPO_ROOT / "knowledge" / "data" / "calls"
SNAPSHOT_PATH = DATA_DIR / "ft_portal_topics_2026-08.jsonl"
CLOSED_IDS_PATH = DATA_DIR / "ft_portal_closed_topic_ids_2026-08-10.json"
ENV_STORE_PATH = "CLUSTER_CALLS_DB"


def default_store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the calls store path: ``explicit``, else ``$CLUSTER_CALLS_DB``, else the default.

    Args:
        explicit: A path given by the caller (e.g. a CLI option); wins when set.

    Returns:
        The path (the file may not exist yet).
    """
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_STORE_PATH, "").strip()
    if env:
        return Path(env).expanduser()
    return REPO_ROOT / "var" / "calls" / "calls.sqlite"
