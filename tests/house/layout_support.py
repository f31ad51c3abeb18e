"""What the layout tests read: the project's Python modules and their imports, parsed as text.

Nothing here imports project code, so the layout checks run the same in either environment.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Top-level packages that make up the product (tests and built artefacts are not part of it).
PACKAGES = ("actions", "bench", "bot", "contracts", "knowledge", "scripts", "taxonomy")


@dataclass(frozen=True)
class Module:
    """One Python file of the product."""

    name: str
    path: Path
    tree: ast.Module

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules() -> Iterator[Module]:
    """Every Python file under the product's packages, parsed."""
    for package in PACKAGES:
        root = REPO / package
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.py")):
            if "node_modules" in path.parts:
                continue
            yield Module(module_name(path), path, ast.parse(path.read_text(), str(path)))


def imported_names(module: Module, known: set[str]) -> set[str]:
    """The project modules ``module`` imports, anywhere in its body (functions included).

    Imports under ``if TYPE_CHECKING:`` are left out: they never run, so they cannot form a
    cycle at import time.

    ``from package import name`` counts as an import of ``package.name`` when that is a module,
    else of ``package`` itself.
    """
    found: set[str] = set()
    type_only = {
        id(child)
        for node in ast.walk(module.tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
        for child in ast.walk(statement)
    }
    base_parts = module.name.split(".")
    if not module.is_package:
        base_parts = base_parts[:-1]
    for node in ast.walk(module.tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base_parts[: len(base_parts) - (node.level - 1)]
                target = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if candidate in known:
                    found.add(candidate)
                elif target in known:
                    found.add(target)
    found.discard(module.name)
    return found
