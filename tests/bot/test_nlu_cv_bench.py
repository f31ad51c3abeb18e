"""bench.nlu_cv: seeded, repeated cross-validation through Rasa's and the project's components."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("rasa")

from bench import nlu_cv

# Two intents a word-count model separates from the words alone, and one example ("ticket
# status") that it cannot place: its words are in neither intent's other examples.
NLU = """version: "3.1"
nlu:
- intent: weather
  examples: |
    - rain tomorrow
    - will it rain
    - rain in the morning
    - heavy rain today
    - rain or sun
    - is rain coming
- intent: partners
  examples: |
    - robotics clusters
    - clusters for robotics
    - find robotics clusters
    - robotics clusters in spain
    - clusters doing robotics
    - ticket status
"""

CONFIG = """pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: bot.nlu.linear_intent.LinearIntentClassifier
  - name: FallbackClassifier
    threshold: 0.4
"""


@pytest.fixture()
def files(tmp_path):
    nlu = tmp_path / "nlu.yml"
    nlu.write_text(NLU, encoding="utf-8")
    config = tmp_path / "config.yml"
    config.write_text(CONFIG, encoding="utf-8")
    return nlu, config


def test_prints_a_table_per_config_and_writes_the_errors(files, tmp_path, capsys):
    nlu, config = files
    errors = tmp_path / "errors.json"
    args = ["--nlu", str(nlu), "--config", str(config), "--config", str(config)]
    assert nlu_cv.main([*args, "--seeds", "2", "--folds", "3", "--errors", str(errors)]) == 0
    table = capsys.readouterr().out
    rows = [line.split(" | ")[1:] for line in table.splitlines() if line.startswith(f"| {config}")]
    assert len(rows) == 2
    # The same config on the same seeded folds: identical scores, no difference to the base.
    assert rows[0] == rows[1]
    assert rows[1][3] == "+0.000"
    listed = json.loads(errors.read_text(encoding="utf-8"))
    assert {e["text"] for e in listed} == {"ticket status"}
    assert all(e["intent"] == "partners" and e["predicted"] == "weather" for e in listed)
    assert {e["seed"] for e in listed} == {0, 1}


def test_folds_are_stratified_and_repeatable():
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    examples = [
        Message(data={"text": f"{intent} {i}", "intent": intent})
        for intent in ("a", "b")
        for i in range(6)
    ]
    data = TrainingData(examples)
    first = [[m.get("text") for m in test] for _, test in nlu_cv._folds(data, 3, seed=7)]
    again = [[m.get("text") for m in test] for _, test in nlu_cv._folds(data, 3, seed=7)]
    other = [[m.get("text") for m in test] for _, test in nlu_cv._folds(data, 3, seed=8)]
    assert first == again
    assert first != other
    for test in first:
        assert sorted(t.split()[0] for t in test) == ["a", "a", "b", "b"]
    assert sorted(t for test in first for t in test) == sorted(m.get("text") for m in examples)


def test_scores_are_macro_f1_and_out_of_scope_recall():
    gold = ["out_of_scope", "out_of_scope", "greet", "greet"]
    predicted = ["out_of_scope", "greet", "greet", "greet"]
    scores = nlu_cv._scores(gold, predicted)
    assert scores["oos_recall"] == pytest.approx(0.5)
    assert scores["accuracy"] == pytest.approx(0.75)
    # F1 out_of_scope 2/3, greet 0.8.
    assert scores["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
