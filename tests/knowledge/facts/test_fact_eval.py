"""The fact evaluation with the real packaged model (slow): gates right figure and honesty.

Measured 2026-12-05 (docs/benchmarks.md, "Facts"): right figure 0.862 of the answerable
questions of the main set (0.914 before 15 questions that were near-duplicates of NLU training
texts were reworded) and 0.800 of the held-out set; unknown-programme questions answered
"not known" 100% on both. The issue's target for the right figure is 0.95; the gates are the
measured values minus a small margin until it is reached.
"""

from __future__ import annotations

import pytest

from bench.facts import HELDOUT_SET, choose_floor, metrics, real_answerer, run

RIGHT_FIGURE_GATE = 0.84
HELDOUT_RIGHT_FIGURE_GATE = 0.77


@pytest.mark.slow
def test_fact_eval_with_the_real_model() -> None:
    answerer, _ = real_answerer()
    outcomes = run(answerer)
    shipped = metrics(outcomes, answerer.floor)
    assert shipped["answerable"] >= 100 and shipped["unknown"] >= 15
    assert shipped["right_figure"] >= RIGHT_FIGURE_GATE
    assert shipped["not_known_recall"] == 1.0
    assert metrics(outcomes, choose_floor(outcomes))["right_figure"] >= RIGHT_FIGURE_GATE
    held = metrics(run(answerer, HELDOUT_SET), answerer.floor)
    assert held["right_figure"] >= HELDOUT_RIGHT_FIGURE_GATE
    assert held["not_known_recall"] == 1.0
