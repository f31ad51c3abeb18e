"""The understanding regression gate (issue 13, "The test command gates against regressions").

Runs every held-out set of ``bench.understanding`` (``heldout``: tests/eval/understanding.yml +
conversations.yml; ``fresh``: understanding2.yml + conversations2.yml; ``third``: understanding3.yml
+ conversations3.yml; ``fourth``: understanding4.yml + conversations4.yml; ``fifth``:
understanding5.yml + conversations5.yml, written in session 12; ``sixth``: understanding6.yml +
conversations6.yml, written in session 13; ``seventh``: understanding7.yml + conversations7.yml,
written in session 14; ``eighth``: understanding8.yml + conversations8.yml, written in session 15;
``ninth``: understanding9.yml + conversations9.yml, written in session 16; ``tenth``:
understanding10.yml + conversations10.yml, written in session 17; ``eleventh``: understanding11.yml
+ conversations11.yml, written in session 18; ``twelfth``: understanding12.yml + conversations12.yml,
written in session 20) over the real REST channel of the session's stack
(tests/e2e/conftest.py, no stack of its own), every set's items through one pool of senders
(``bench.understanding.run_sets``), judges every reply with
``bench.understanding_judge`` and fails when a target's rate falls below its floor in
tests/e2e/understanding_floors.yml (the measured rate minus a stated margin). A failure prints the
set's tables and every failed turn. A set without floors yet (a new set until the lead measures it
at merge and writes its floors) is run and printed, and must run in time, but has no floor to fall
below.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from bench import understanding
from bench.understanding import READ_SETS, SETS, TARGETS, Run, failures, rates, table
from bench.understanding_report import floors_yaml
from tests.e2e.shared import running

pytestmark = pytest.mark.integration

FLOORS = Path(__file__).with_name("understanding_floors.yml")
#: Items sent at a time: the servers overlap one item's waits with another's work.
WORKERS = 4
#: Seconds per request, and for the whole run (per set); items not started in time count against
#: the gate.
TIMEOUT, LIMIT = 30.0, 120.0 * len(SETS)


def floors() -> dict[str, dict[str, float]]:
    """The floors: set name -> target name -> minimum rate (0..1)."""
    return yaml.safe_load(FLOORS.read_text(encoding="utf-8"))["floors"]


@pytest.fixture(scope="module")
def measured(shared_stack) -> dict[str, Run]:
    session_stack = running(shared_stack)
    token = dict(understanding.API_TOKEN)
    understanding.API_TOKEN["token"] = session_stack.api_token or ""
    started = time.monotonic()
    try:
        runs = understanding.run_sets(
            session_stack.rasa_url, TIMEOUT, LIMIT, list(SETS), workers=WORKERS
        )
    finally:
        understanding.API_TOKEN.clear()
        understanding.API_TOKEN.update(token)
    print(f"understanding gate: {len(runs)} sets in {time.monotonic() - started:.0f} s")
    for name, result in runs.items():  # shown with -s, and by pytest when a test fails
        print(f"## set {name}\n{table(result)}")
    print(floors_yaml(runs, 0.03))  # what the floors would be now (raise them when they go up)
    return runs


CASES = [(name, target) for name, targets in floors().items() for target in targets]


@pytest.mark.parametrize(("name", "target"), CASES, ids=[f"{n}-{t}" for n, t in CASES])
def test_no_target_falls_below_its_floor(measured, name, target):
    result = measured[name]
    hits, total = rates(result)[target]
    floor = floors()[name][target]
    assert total, f"{name}: no items for {target}"
    report = f"set {name}\n{table(result)}\nFailures:\n{failures(result, name in READ_SETS)}"
    assert hits / total >= floor, (
        f"{name}: {TARGETS[target][0]} {hits}/{total} = {hits / total:.3f} < floor {floor}\n"
        f"{report}"
    )


def test_every_item_ran_in_time(measured):
    for name, result in measured.items():
        assert result.not_run == 0, f"{name}: {result.not_run} items not run within {LIMIT} s"
        errors = [o for c in result.conversations.values() for o in c if o.error]
        errors += [o for o in result.singles if o.error]
        assert not errors, [(o.item, o.error) for o in errors]
