"""bot/nlu_gate.py passes good reports and fails bad or broken ones."""

from __future__ import annotations

import json

from bot.nlu_gate import main


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
