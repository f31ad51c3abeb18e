"""File hashing shared by the ONNX export, the student check and NLU-encoder publishing."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in blocks.

    Args:
        path: The file.

    Returns:
        64 hex digits.
    """
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
