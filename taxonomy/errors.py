"""The error raised when a taxonomy data file is missing or malformed."""

from __future__ import annotations

from pathlib import Path


class TaxonomyError(ValueError):
    """A taxonomy file is missing or malformed; names the file, line and field.

    Attributes:
        path: The file.
        line: 1-based line number (0 when the whole file is concerned).
        field: The column or key at fault, if any.
        problem: What is wrong, with the value received.
    """

    def __init__(self, path: Path | str, line: int, field: str | None, problem: str):
        """Keep the details and build the message ``"<path>: line <n>: <problem>"``."""
        where = f"line {line}: " if line else ""
        super().__init__(f"{path}: {where}{problem}")
        self.path = Path(path)
        self.line = line
        self.field = field
        self.problem = problem
