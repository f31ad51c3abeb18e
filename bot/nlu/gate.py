"""Summarises an NLU evaluation and fails when it is below target.

Reads the ``intent_report.json`` that ``rasa test nlu`` writes, either for the held-out split
(``--nlu tests/nlu/heldout.yml --model models/current.tar.gz --out <dir>``) or for a
cross-validation run (``--nlu data/nlu --cross-validation --folds 5 --out <dir>``), prints intent
macro-F1, accuracy and out_of_scope recall, and exits non-zero when macro-F1 < 0.93 or
out_of_scope recall < 0.85 (targets of issue 5). ``--report-only`` prints without gating.

Entities come from the spaCy EntityRuler, which ``rasa test nlu`` leaves out of its entity
evaluation (it drops SpacyEntityExtractor predictions as "pretrained"). ``--entities FILE`` measures
it directly: the ruler of ``--spacy-model`` runs on every example of FILE (Rasa YAML) and its spans
are compared with the annotations (exact start, end and label), giving micro precision, recall and
F1 overall and per label. That part needs spaCy and Rasa's loader (the Rasa environment); the gate
itself uses the standard library only.

Usage::

    python -m bot.nlu.gate <dir>/intent_report.json [--min-macro-f1 0.93] [--min-oos-recall 0.85]
        [--report-only] [--entities tests/nlu/heldout.yml [--spacy-model var/spacy/cluster_en]]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

MIN_MACRO_F1 = 0.93
MIN_OOS_RECALL = 0.85
SPACY_MODEL = Path("var/spacy/cluster_en")


def check(report: dict, min_macro_f1: float, min_oos_recall: float) -> list[str]:
    """Return the failed targets as sentences (empty when all are met)."""
    problems = []
    macro = (report.get("macro avg") or {}).get("f1-score")
    if not isinstance(macro, (int, float)):
        problems.append("intent_report.json has no 'macro avg' f1-score")
    elif macro < min_macro_f1:
        problems.append(f"intent macro-F1 {macro:.3f} is below {min_macro_f1}")
    oos = (report.get("out_of_scope") or {}).get("recall")
    if not isinstance(oos, (int, float)):
        problems.append("intent_report.json has no out_of_scope recall")
    elif oos < min_oos_recall:
        problems.append(f"out_of_scope recall {oos:.3f} is below {min_oos_recall}")
    return problems


def summary(report: dict) -> str:
    """One line with the headline numbers of an intent report (missing ones shown as '?')."""

    def fmt(value: object) -> str:
        return f"{value:.3f}" if isinstance(value, (int, float)) else "?"

    macro = report.get("macro avg") or {}
    oos = report.get("out_of_scope") or {}
    line = (
        f"intent macro-F1 {fmt(macro.get('f1-score'))}, accuracy {fmt(report.get('accuracy'))}, "
        f"out_of_scope recall {fmt(oos.get('recall'))}"
    )
    if isinstance(oos.get("recall"), (int, float)) and isinstance(oos.get("support"), int):
        line += f" ({round(oos['recall'] * oos['support'])} of {oos['support']})"
    if isinstance(macro.get("support"), int):
        line += f", {macro['support']} examples"
    return line


def entity_scores(
    gold: list[set[tuple[int, int, str]]], found: list[set[tuple[int, int, str]]]
) -> dict[str, dict[str, float]]:
    """Micro precision/recall/F1 of exact (start, end, label) matches, overall and per label.

    Args:
        gold: for every example, the annotated spans.
        found: for every example, the extracted spans (same order as ``gold``).

    Returns:
        ``{"micro": {...}, "<label>": {...}}``, each with precision, recall, f1 and support
        (number of annotated spans).
    """
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_found: Counter[str] = Counter()
    for g, f in zip(gold, found, strict=True):
        for label_set, counter in ((g, n_gold), (f, n_found), (g & f, tp)):
            for _start, _end, label in label_set:
                counter[label] += 1
                counter["micro"] += 1
    scores = {}
    for label in ["micro", *sorted((set(n_gold) | set(n_found)) - {"micro"})]:
        precision = tp[label] / n_found[label] if n_found[label] else 0.0
        recall = tp[label] / n_gold[label] if n_gold[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": n_gold[label],
        }
    return scores


def ruler_entity_scores(data_path: Path, spacy_model: Path) -> dict[str, dict[str, float]]:
    """Run the gazetteer ruler over annotated Rasa NLU data and score it (see entity_scores)."""
    import spacy
    from rasa.shared.nlu.training_data.loading import load_data

    nlp = spacy.load(spacy_model)
    examples = load_data(str(data_path)).training_examples
    gold, found = [], []
    for example in examples:
        text = example.get("text")
        gold.append({(e["start"], e["end"], e["entity"]) for e in example.get("entities") or []})
        found.append({(e.start_char, e.end_char, e.label_) for e in nlp(text).ents})
    return entity_scores(gold, found)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m bot.nlu.gate", description=__doc__)
    parser.add_argument("report", type=Path, help="intent_report.json written by rasa test nlu")
    parser.add_argument("--min-macro-f1", type=float, default=MIN_MACRO_F1)
    parser.add_argument("--min-oos-recall", type=float, default=MIN_OOS_RECALL)
    parser.add_argument(
        "--report-only", action="store_true", help="print the numbers, never fail on them"
    )
    parser.add_argument(
        "--entities", type=Path, help="annotated NLU data to score the gazetteer ruler on"
    )
    parser.add_argument(
        "--spacy-model", type=Path, default=SPACY_MODEL, help="spaCy pipeline with the ruler"
    )
    args = parser.parse_args(argv)
    try:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"nlu gate: cannot read {args.report}: {exc}", file=sys.stderr)
        return 2
    print(f"nlu gate: {summary(report)}")
    if args.entities is not None:
        scores = ruler_entity_scores(args.entities, args.spacy_model)
        micro = scores.pop("micro")
        print(
            f"nlu gate: ruler entities on {args.entities}: F1 {micro['f1']:.3f} (precision "
            f"{micro['precision']:.3f}, recall {micro['recall']:.3f}, {micro['support']} spans)"
        )
        for label, s in scores.items():
            print(f"nlu gate:   {label:<18} F1 {s['f1']:.3f} ({s['support']} spans)")
    if args.report_only:
        return 0
    problems = check(report, args.min_macro_f1, args.min_oos_recall)
    for problem in problems:
        print(f"nlu gate: FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
