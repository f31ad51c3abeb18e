"""Fails when the held-out NLU evaluation is below target.

Reads the ``intent_report.json`` that ``rasa test nlu --nlu tests/nlu/heldout.yml --model
models/current.tar.gz --out <dir>`` writes, and exits non-zero when intent macro-F1 < 0.93 or
out_of_scope recall < 0.85 (targets of issue 5). Standard library only.

Usage::

    python -m bot.nlu_gate <dir>/intent_report.json [--min-macro-f1 0.93] [--min-oos-recall 0.85]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

MIN_MACRO_F1 = 0.93
MIN_OOS_RECALL = 0.85


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


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m bot.nlu_gate", description=__doc__)
    parser.add_argument("report", type=Path, help="intent_report.json of the held-out run")
    parser.add_argument("--min-macro-f1", type=float, default=MIN_MACRO_F1)
    parser.add_argument("--min-oos-recall", type=float, default=MIN_OOS_RECALL)
    args = parser.parse_args(argv)
    try:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"nlu gate: cannot read {args.report}: {exc}", file=sys.stderr)
        return 2
    problems = check(report, args.min_macro_f1, args.min_oos_recall)
    macro = (report.get("macro avg") or {}).get("f1-score")
    oos = (report.get("out_of_scope") or {}).get("recall")
    print(f"nlu gate: intent macro-F1 {macro}, out_of_scope recall {oos}")
    for problem in problems:
        print(f"nlu gate: FAIL: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
