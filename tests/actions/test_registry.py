"""rasa-sdk finds every action of the wings, and they are exactly the domain's custom actions."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

REPO = Path(__file__).resolve().parents[2]


def domain_actions() -> set[str]:
    """The ``actions:`` of the domain: ``domain.yml``, or every file of a ``domain/`` folder."""
    folder = REPO / "domain"
    files = sorted(folder.rglob("*.yml")) if folder.is_dir() else [REPO / "domain.yml"]
    names: set[str] = set()
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("actions") or []:
            names.add(item if isinstance(item, str) else next(iter(item)))
    return names


def test_every_domain_action_is_registered_from_the_package():
    executor = ActionExecutor()
    executor.register_package("actions")  # what actions.server does
    registered = set(executor.actions)
    assert registered == domain_actions()
