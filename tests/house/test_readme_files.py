"""The README's file table and docs/architecture.md's module map match the tree."""

from __future__ import annotations

import re
import subprocess

from tests.house.layout_support import REPO

# Top-level entries that need no row in the table (tooling, not the product's map).
NOT_IN_TABLE = {".ci", ".gitignore", "README.md", "Makefile", "pyproject.toml"}


def _table_paths(text: str, heading: str) -> set[str]:
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    paths: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            paths.update(re.findall(r"`([^`\s]+)`", line.split("|")[1]))
    return paths


def _tracked_top_level() -> set[str]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    return {line.split("/", 1)[0] for line in out.splitlines() if line}


def test_every_path_in_the_readme_table_exists():
    paths = _table_paths((REPO / "README.md").read_text(), "## Files")
    assert paths, "README has no file table"
    missing = sorted(path for path in paths if not (REPO / path.rstrip("/")).exists())
    assert missing == [], f"README's file table names paths that do not exist: {missing}"


def test_every_top_level_entry_is_in_the_readme_table():
    listed = {
        path.rstrip("/").split("/", 1)[0]
        for path in _table_paths((REPO / "README.md").read_text(), "## Files")
    }
    unlisted = sorted(_tracked_top_level() - listed - NOT_IN_TABLE)
    assert unlisted == [], f"top-level entries missing from README's file table: {unlisted}"


def test_every_package_is_on_the_architecture_module_map():
    text = (REPO / "docs" / "architecture.md").read_text()
    packages = sorted(
        str(init.parent.relative_to(REPO))
        for top in ("actions", "bot", "contracts", "knowledge", "taxonomy")
        for init in (REPO / top).rglob("__init__.py")
    )
    missing = [package for package in packages if f"{package}/" not in text]
    assert missing == [], f"packages missing from docs/architecture.md: {missing}"
