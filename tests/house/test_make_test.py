"""`make test` runs every check CI needs, once, and trains beside the checks that need no model.

Read from `make -n test` (make prints the commands it would run, sub-makes included, and runs
none of them), so the Makefile is checked as make understands it, not as text.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from knowledge.config import REPO_ROOT, child_environment

# One command line per check of `make test` (a part of it that no other command contains).
CHECKS = {
    "lint": ".venv/actions/bin/ruff check .",
    "format": ".venv/actions/bin/ruff format --check .",
    "test-unit": '-m pytest -m "not integration" tests/knowledge tests/actions',
    "test-bot": '-m pytest -W ignore::pytest.PytestConfigWarning -m "not integration" tests/bot',
    "validate": "-m rasa data validate --domain domain --fail-on-warnings",
    "nlu-eval": "-m rasa test nlu --nlu tests/nlu/heldout.yml",
    "nlu-gate": "-m bot.nlu.gate var/test-results/nlu-heldout/intent_report.json",
    "test-stories": "-m rasa test core --stories tests/stories",
    "test-e2e": "-m pytest -m integration tests/e2e",
    "test-channels": "-m pytest -W ignore::pytest.PytestConfigWarning -m integration tests/bot",
    "test-scaled": "-m pytest -m integration tests/scaled",
}
SERVER_STAGES = ("test-e2e", "test-channels", "test-scaled")


@pytest.fixture(scope="module")
def dry_run() -> list[str]:
    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed")
    # A pytest run started by make inherits its job server; the dry run gets none of it.
    env = child_environment({"MAKEFLAGS": "", "MAKELEVEL": "", "MFLAGS": ""})
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", "test"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _lines_with(lines: list[str], text: str) -> list[int]:
    return [number for number, line in enumerate(lines) if text in line]


def test_every_check_runs_exactly_once(dry_run: list[str]) -> None:
    counts = {name: len(_lines_with(dry_run, command)) for name, command in CHECKS.items()}
    assert counts == dict.fromkeys(CHECKS, 1)
    assert dry_run[-1] == 'echo "make test: all checks passed"'


def test_training_runs_two_at_a_time_beside_the_checks_without_servers(
    dry_run: list[str],
) -> None:
    paired = [line for line in dry_run if line.startswith("make ") and " -j2 " in line]
    assert len(paired) == 1, "one -j2 stage"
    targets = set(paired[0].split())
    assert {"train", "lint", "test-unit", "test-bot", "validate"} <= targets
    # The model's own checks wait for training through their prerequisites, inside the stage.
    assert {"nlu-eval", "test-stories"} <= targets
    assert not targets & set(SERVER_STAGES), "stacks need both cores"


def test_the_server_stages_run_alone_after_everything_else(dry_run: list[str]) -> None:
    first_server_check = min(_lines_with(dry_run, CHECKS[name])[0] for name in SERVER_STAGES)
    others = [name for name in CHECKS if name not in SERVER_STAGES]
    assert all(_lines_with(dry_run, CHECKS[name])[0] < first_server_check for name in others)
    stage = [line for line in dry_run if line.startswith("make ") and "test-e2e" in line]
    assert len(stage) == 1
    assert "-j" not in stage[0]
    assert stage[0].split()[-3:] == list(SERVER_STAGES)
