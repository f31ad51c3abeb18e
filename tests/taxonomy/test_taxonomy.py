"""The shared vocabularies: folding, NUTS name cleaning, stop-word lists, imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from taxonomy.nuts import clean_nuts_name
from taxonomy.text import fold

ROOT = Path(__file__).resolve().parents[2]


def test_fold():
    assert fold("ESCP-4i") == "escp 4i"
    assert fold("Knowledge & Innovation") == "knowledge and innovation"
    assert fold("Région") == "region"
    assert fold("Agri-Food & Drink") == "agri food and drink"
    assert fold("  a__b  ") == "a b"


@pytest.mark.parametrize(
    ("name", "exact", "full"),
    [
        ("Prov. Limburg (BE)", ["Limburg"], ["Limburg"]),
        ("Araba/Álava", ["Araba", "Álava"], ["Araba", "Álava"]),
        (
            "North East (England)",
            ["North East England"],
            ["North East England", "North East"],
        ),
        ("Inner London — West", [], ["Inner London"]),
        ("München, Kreisfreie Stadt", ["München"], ["München"]),
        ("Arr. de Bruxelles-Capitale", ["Bruxelles-Capitale"], ["Bruxelles-Capitale"]),
    ],
)
def test_nuts_name_readings(name, exact, full):
    assert clean_nuts_name(name, partial=False) == exact
    assert clean_nuts_name(name) == full


@pytest.mark.parametrize("package", ["taxonomy", "contracts"])
def test_shared_packages_import_only_the_standard_library_and_yaml(package):
    allowed = {"yaml", "taxonomy", "contracts", "__future__"}
    for path in (ROOT / package).glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or top in _stdlib(), f"{path.name} imports {name}"


def _stdlib() -> frozenset[str]:
    import sys

    return frozenset(sys.stdlib_module_names)
