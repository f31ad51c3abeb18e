"""The fact evaluation with the real packaged model (slow): gates right figure and honesty.

Measured 2026-12-05 (docs/benchmarks.md, "Facts"): right figure 0.845 of the answerable
questions, unknown-programme questions answered "not known" 100%. The issue's target for the right
figure is 0.95; the gate is the measured value minus a small margin until it is reached.
"""

from __future__ import annotations

import pytest

from bench.facts import choose_floor, metrics, real_answerer, run

RIGHT_FIGURE_GATE = 0.82


@pytest.mark.slow
def test_fact_eval_with_the_real_model() -> None:
    answerer, _ = real_answerer()
    outcomes = run(answerer)
    shipped = metrics(outcomes, answerer.floor)
    assert shipped["answerable"] >= 100 and shipped["unknown"] >= 15
    assert shipped["right_figure"] >= RIGHT_FIGURE_GATE
    assert shipped["not_known_recall"] == 1.0
    assert metrics(outcomes, choose_floor(outcomes))["right_figure"] >= RIGHT_FIGURE_GATE
