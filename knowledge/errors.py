"""Exceptions of the knowledge layer.

Every error raised on purpose by ``knowledge`` derives from :class:`KnowledgeError`, so callers
(actions, CLI) can catch one type. Messages are one sentence that says what went wrong, with the
value received, and what to do next.
"""

from __future__ import annotations

import os
from pathlib import Path

BUILD_HINT = "run `python -m knowledge index build`"


class KnowledgeError(Exception):
    """Root of all errors raised by the knowledge layer."""


def display_path(path: str | os.PathLike[str]) -> str:
    """Return ``path`` relative to the working directory when it lies below it.

    Args:
        path: Any file system path.

    Returns:
        A short path for messages, e.g. ``knowledge/data/clusters/cluster_profiles.jsonl``.
    """
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


class DataFileError(KnowledgeError):
    """A data file has a bad line.

    Attributes:
        path: The file.
        line: 1-based line number (0 when the problem is the whole file, e.g. not found).
        field: The offending field, or ``None`` when the whole line is bad (e.g. not JSON).
        problem: What is wrong, including the value received.
    """

    def __init__(self, path: str | os.PathLike[str], line: int, field: str | None, problem: str):
        self.path = Path(path)
        self.line = line
        self.field = field
        self.problem = problem
        where = display_path(self.path)
        if line > 0:
            where += f", line {line}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}")


class IndexMissingError(KnowledgeError):
    """No (complete) partner index exists at the configured directory."""


class IndexMismatchError(KnowledgeError):
    """The partner index on disk does not fit the configured model or the current profiles."""


class IndexCorruptError(KnowledgeError):
    """The partner index on disk exists but cannot be read or is internally inconsistent."""


class EmbedderError(KnowledgeError):
    """The embedding model could not be loaded or used."""


class FilterValueError(KnowledgeError, ValueError):
    """A filter value (country, sector, ...) given by a user was not recognised."""
