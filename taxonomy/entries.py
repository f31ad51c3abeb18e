"""The one reader of the taxonomy's ``entries:`` files (``countries.yml``, ``sectors.yml``).

Each file is a YAML mapping with a list ``entries`` of ``{value: ..., aliases: [...]}``; the
vocabulary modules check what ``value`` may be, this module reads the list and the aliases.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from taxonomy.errors import TaxonomyError


def read_entries(yml_path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The entries of a taxonomy file, numbered from 1.

    Args:
        yml_path: The YAML file.

    Yields:
        ``(number, entry)`` for every entry, in file order.

    Raises:
        TaxonomyError: The file is not valid YAML, has no ``entries`` list, or an entry is not a
            mapping with a list of aliases.
        OSError: The file cannot be read.
    """
    try:
        data = yaml.safe_load(yml_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise TaxonomyError(yml_path, 0, None, f"not valid YAML ({exc})") from exc
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise TaxonomyError(yml_path, 0, "entries", "must be a list of entries")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("aliases") or [], list):
            raise TaxonomyError(yml_path, 0, "entries", f"entry {number} is malformed: {entry!r}")
        yield number, entry


def aliases_of(entry: dict[str, Any]) -> Iterator[str]:
    """The non-empty aliases of an entry, whitespace collapsed."""
    for alias in entry.get("aliases") or []:
        if isinstance(alias, str) and alias.strip():
            yield " ".join(alias.split())
