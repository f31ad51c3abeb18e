"""Every environment variable is read in exactly one settings module per process, and the
README's table lists exactly the variables those modules declare."""

from __future__ import annotations

import ast
import importlib
import re

from tests.house.layout_support import REPO, Module, product_modules

# The one settings module of each process (both standard-library only).
SETTINGS_MODULES = {
    "knowledge.config": REPO / "knowledge" / "config.py",  # action server, knowledge CLI, launcher
    "bot.settings": REPO / "bot" / "settings.py",  # Rasa server, training, channels
}
# Variables the project does not read itself but sets or documents for the programs it runs.
DOCUMENTED_ELSEWHERE = {
    "CLUSTER_PYTHON310": "scripts/setup_env.sh (shell)",
    "CLUSTER_PYTHON311": "scripts/setup_env.sh (shell)",
}


def _reads_environment(node: ast.AST) -> bool:
    """True for os.environ[...] loads, os.environ.get/ copy / items..., os.getenv, `in os.environ`."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "getenv":
            return True
        if isinstance(func, ast.Name) and func.id == "getenv":
            return True
        if (
            isinstance(func, ast.Attribute)
            and _is_environ(func.value)
            and func.attr in {"get", "copy", "items", "keys", "values"}
        ):
            return True
        if isinstance(func, ast.Name) and func.id == "dict" and any(map(_is_environ, node.args)):
            return True
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        return isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
        return True
    if isinstance(node, ast.Dict):
        return any(
            key is None and _is_environ(value)
            for key, value in zip(node.keys, node.values, strict=True)
        )
    return isinstance(node, ast.Starred | ast.keyword) and _is_environ(node.value)


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _environment_readers(module: Module) -> list[int]:
    return sorted({node.lineno for node in ast.walk(module.tree) if _reads_environment(node)})


def _load(name: str):
    return importlib.import_module(name)


def test_the_reader_detector_sees_every_form():
    samples = [
        "import os\nos.environ.get('A')",
        "import os\nos.environ['A']",
        "import os\nos.getenv('A')",
        "import os\n'A' in os.environ",
        "import os\ndict(os.environ)",
        "import os\n{**os.environ}",
    ]
    for sample in samples:
        tree = ast.parse(sample)
        assert any(_reads_environment(node) for node in ast.walk(tree)), sample
    assert not any(
        _reads_environment(node) for node in ast.walk(ast.parse("x = {'environ': 1}\nx.get('a')"))
    )


def test_only_the_settings_modules_read_the_environment():
    settings_files = {path.resolve() for path in SETTINGS_MODULES.values()}
    offenders = {
        str(module.path.relative_to(REPO)): lines
        for module in product_modules()
        if module.path.resolve() not in settings_files and (lines := _environment_readers(module))
    }
    assert offenders == {}, f"environment read outside the settings modules: {offenders}"


def test_settings_modules_use_only_the_standard_library_and_their_error_root():
    for path in SETTINGS_MODULES.values():
        tree = ast.parse(path.read_text())
        # An import guarded by ``except ImportError`` is optional: the module works without it.
        optional = {
            id(child)
            for node in ast.walk(tree)
            if isinstance(node, ast.Try)
            and any("ImportError" in ast.unparse(h.type or ast.Name("")) for h in node.handlers)
            for statement in node.body
            for child in ast.walk(statement)
        }
        for node in ast.walk(tree):
            if id(node) in optional:
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                root = (node.module or "").split(".")[0]
            elif isinstance(node, ast.Import):
                root = node.names[0].name.split(".")[0]
            else:
                continue
            allowed = _stdlib() | {"yaml"}
            if root not in allowed:
                # The settings module's own package may give it its exception root, nothing else.
                assert isinstance(node, ast.ImportFrom) and node.module.endswith(".errors"), (
                    f"{path} imports {root}"
                )


def _stdlib() -> set[str]:
    import sys

    return set(sys.stdlib_module_names) | {"__future__"}


def _readme_variables() -> set[str]:
    text = (REPO / "README.md").read_text()
    section = text.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_readme_table_matches_the_settings_modules():
    declared: set[str] = set()
    for name in SETTINGS_MODULES:
        variables = _load(name).ENV_VARS
        assert variables, f"{name}.ENV_VARS is empty"
        declared |= set(variables)
    documented = _readme_variables()
    assert documented - declared - set(DOCUMENTED_ELSEWHERE) == set(), (
        "README lists unread variables"
    )
    assert declared - documented == set(), "variables read but missing from the README table"
