"""Where the calls store and the shipped snapshot live.

| variable           | default                            | feeds                          |
|--------------------|------------------------------------|--------------------------------|
| ``CLUSTER_CALLS_DB`` | ``<repo>/var/calls/calls.sqlite`` | calls store (build, search, info) |

The variable is read by :func:`knowledge.config.calls_db_path` (the action process reads its
environment only there). An explicit path argument always wins over the variable.
"""

from __future__ import annotations

import os
from pathlib import Path

from knowledge.config import REPO_ROOT, calls_db_path

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
    return calls_db_path(explicit)
