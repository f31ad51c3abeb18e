"""Small file-system helpers shared by the stores and indexes that swap files atomically."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    """Flushes a directory entry to disk so a rename into it survives a crash.

    Some platforms cannot open a directory for fsync; the rename itself is still atomic there,
    so the failure is ignored.

    Args:
        directory: The directory whose entries changed.
    """
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
