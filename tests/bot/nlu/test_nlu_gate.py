"""bot/nlu/gate.py passes good reports and fails bad or broken ones."""

from __future__ import annotations

import json

from bot.nlu.gate import entity_scores, main, summary


def write(tmp_path, macro, oos):
    path = tmp_path / "intent_report.json"
    path.write_text(json.dumps({"macro avg": {"f1-score": macro}, "out_of_scope": {"recall": oos}}))
    return str(path)


def test_gate(tmp_path):
    assert main([write(tmp_path, 0.95, 0.9)]) == 0
    assert main([write(tmp_path, 0.92, 0.9)]) == 1
    assert main([write(tmp_path, 0.95, 0.8)]) == 1
    (tmp_path / "bad.json").write_text("{")
    assert main([str(tmp_path / "bad.json")]) == 2
    (tmp_path / "empty.json").write_text("{}")
    assert main([str(tmp_path / "empty.json")]) == 1


def test_report_only_prints_but_never_fails(tmp_path, capsys):
    assert main([write(tmp_path, 0.5, 0.1), "--report-only"]) == 0
    out = capsys.readouterr().out
    assert "macro-F1 0.500" in out
    assert "out_of_scope recall 0.100" in out


def test_summary_counts_out_of_scope_hits():
    report = {
        "accuracy": 0.9,
        "macro avg": {"f1-score": 0.91, "support": 134},
        "out_of_scope": {"recall": 0.8846, "support": 26},
    }
    line = summary(report)
    assert "recall 0.885 (23 of 26)" in line
    assert "134 examples" in line
    assert summary({}) == "intent macro-F1 ?, accuracy ?, out_of_scope recall ?"


def test_entity_scores_need_exact_span_and_label():
    gold = [{(0, 5, "country")}, {(10, 18, "technology"), (22, 27, "country")}, set()]
    found = [{(0, 5, "country")}, {(10, 18, "sector"), (22, 27, "country")}, {(0, 3, "region")}]
    scores = entity_scores(gold, found)
    assert scores["micro"]["precision"] == 2 / 4
    assert scores["micro"]["recall"] == 2 / 3
    assert scores["micro"]["support"] == 3
    assert scores["country"]["f1"] == 1.0
    assert scores["technology"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert scores["region"]["support"] == 0
