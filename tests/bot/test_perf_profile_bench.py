"""bench.perf_profile: py-spy's raw stacks read into stage shares and top functions."""

from __future__ import annotations

import pytest

from bench import perf_profile

TURN = "handle_message (rasa/core/processor.py:157);log_message (rasa/core/processor.py:466)"
RAW = "\n".join(
    [
        f"{TURN};parse_message (rasa/core/processor.py:724);process (bot/nlu/x.py:3) 6",
        f"{TURN};parse_message (rasa/core/processor.py:730);process (bot/nlu/x.py:9) 2",
        "handle_message (rasa/core/processor.py:169);_predict_next_with_tracker (bot/ops/p.py:1);"
        "predict_action_probabilities (rasa/core/policies/ted_policy.py:838) 2",
        "not a sample line",
    ]
)


def test_samples_are_counted_by_stage_and_by_function_without_line_numbers(tmp_path):
    path = tmp_path / "fast-rasa-server.txt"
    path.write_text(RAW)
    profile = perf_profile.read_profile(path)
    assert profile.total == 10
    assert profile.stages == {"NLU: other": 8, "TED inference": 2}
    assert profile.exclusive["process (bot/nlu/x.py)"] == 8  # lines 3 and 9: one function
    assert profile.inclusive["handle_message (rasa/core/processor.py)"] == 10
    report = perf_profile.report(profile, top=3)
    assert "| NLU: other | 80.0 % |" in report and "| TED inference | 20.0 % |" in report


def test_a_missing_py_spy_says_what_to_install(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"requirements/dev\.txt"):
        perf_profile.find_py_spy(str(tmp_path / "no-py-spy"))
