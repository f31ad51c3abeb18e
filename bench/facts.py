"""Fact answering on the labelled set ``tests/eval/fact_questions.yml`` (knowledge/facts).

Usage::

    python -m bench.facts              # the table with the real packaged model, and the floor
    python -m bench.facts --per-question
    python -m bench.facts --heldout     # also the held-out set (never used to adjust the engine)

Runs the real embedder of the settings (the ONNX int8 student by default) over every card and
question. Reports top-1 and top-3 accuracy of the ranking, the share of answerable questions
answered with a right card (its figure) at the chosen floor, "not known" recall and precision,
and latency per question (p50, p95). The confidence floor is chosen on the set: the floor that
gets the most questions right (answerable answered with a right card, unknown ones "not known"),
the lowest such floor on ties.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from knowledge.config import REPO_ROOT, Settings
from knowledge.embedding import Embedder, load_embedder
from knowledge.facts import FactAnswerer, build_answerer
from knowledge.instruments import load_catalogue

EVAL_SET = REPO_ROOT / "tests" / "eval" / "fact_questions.yml"
#: Written after the first measurement and never used to adjust the engine.
HELDOUT_SET = REPO_ROOT / "tests" / "eval" / "fact_questions_heldout.yml"
#: Floors tried when choosing one.
FLOORS = tuple(round(f, 2) for f in np.arange(0.0, 1.0, 0.01))


@dataclass(frozen=True)
class Outcome:
    """What the answerer did with one question (floor-independent parts)."""

    question: str
    expected: tuple[str, ...]  # empty for a not_known question
    ranked: tuple[str, ...]  # top-3 card ids
    confidence: float
    unknown_name: str | None
    seconds: float

    def verdict(self, floor: float) -> str:
        """The verdict at a floor: ``answered`` or ``not_known``."""
        if self.unknown_name is not None or self.confidence < floor:
            return "not_known"
        return "answered"

    def right(self, floor: float) -> bool:
        """Right at a floor: the right card answered, or "not known" for an unknown question."""
        if not self.expected:
            return self.verdict(floor) == "not_known"
        return self.verdict(floor) == "answered" and self.ranked[0] in self.expected


def load_questions(path: Path = EVAL_SET) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the answerable questions (``{q, cards}``) and the not_known questions."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["answerable"]), [str(q) for q in data["not_known"]]


def run(answerer: FactAnswerer, path: Path = EVAL_SET) -> list[Outcome]:
    """Answer every question of the set and record the outcome."""
    answerable, unknown = load_questions(path)
    items = [(q["q"], tuple(q["cards"])) for q in answerable] + [(q, ()) for q in unknown]
    outcomes = []
    for question, expected in items:
        start = time.perf_counter()
        payload = answerer.answer(question)
        ranked = answerer.rank(question)[:3]
        seconds = time.perf_counter() - start
        outcomes.append(
            Outcome(
                question,
                expected,
                tuple(r.card.id for r in ranked),
                payload["confidence"],
                payload["unknown_name"],
                seconds,
            )
        )
    return outcomes


def metrics(outcomes: list[Outcome], floor: float) -> dict[str, float]:
    """Return the table's numbers at a floor."""
    known = [o for o in outcomes if o.expected]
    unknown = [o for o in outcomes if not o.expected]
    said_unknown = [o for o in outcomes if o.verdict(floor) == "not_known"]
    honest = sum(o.verdict(floor) == "not_known" for o in unknown)
    latency = np.array([o.seconds for o in outcomes]) * 1000
    return {
        "top1": sum(o.ranked[0] in o.expected for o in known) / len(known),
        "top3": sum(any(r in o.expected for r in o.ranked) for o in known) / len(known),
        "right_figure": sum(o.right(floor) for o in known) / len(known),
        "not_known_recall": honest / len(unknown) if unknown else 1.0,
        "not_known_precision": honest / len(said_unknown) if said_unknown else 1.0,
        "p50_ms": float(np.percentile(latency, 50)),
        "p95_ms": float(np.percentile(latency, 95)),
        "floor": floor,
        "answerable": len(known),
        "unknown": len(unknown),
    }


def choose_floor(outcomes: list[Outcome]) -> float:
    """Return the floor that gets the most questions right (the lowest on ties)."""
    return max(FLOORS, key=lambda f: (sum(o.right(f) for o in outcomes), -f))


def real_answerer(settings: Settings | None = None) -> tuple[FactAnswerer, Embedder]:
    """Build the answerer with the embedder of the settings (the real packaged model)."""
    settings = settings or Settings.from_env()
    embedder = load_embedder(settings)
    return build_answerer(load_catalogue(), embedder), embedder


def format_table(m: dict[str, float], model: str) -> str:
    """Return the markdown table of one run."""
    return "\n".join(
        [
            f"model: {model}; {m['answerable']:.0f} answerable + {m['unknown']:.0f} unknown-programme "
            f"questions; confidence floor {m['floor']:.2f}",
            "",
            "| top-1 | top-3 | right figure | not_known recall | not_known precision | p50 ms | p95 ms |",
            "|---|---|---|---|---|---|---|",
            f"| {m['top1']:.3f} | {m['top3']:.3f} | {m['right_figure']:.3f} | "
            f"{m['not_known_recall']:.3f} | {m['not_known_precision']:.3f} | "
            f"{m['p50_ms']:.1f} | {m['p95_ms']:.1f} |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the table (and, with --per-question, every miss)."""
    parser = argparse.ArgumentParser(prog="python -m bench.facts", description=__doc__)
    parser.add_argument("--per-question", action="store_true", help="list every wrong answer")
    parser.add_argument(
        "--heldout", action="store_true", help="also report the held-out set (at the shipped floor)"
    )
    args = parser.parse_args(argv)
    answerer, embedder = real_answerer()
    answerer.answer("warm up")
    outcomes = run(answerer)
    floor = choose_floor(outcomes)
    model = f"{embedder.name} {getattr(embedder, 'config', {}).get('backend', '')}".strip()
    print(format_table(metrics(outcomes, floor), model))
    best = sum(o.right(floor) for o in outcomes)
    tied = [f for f in FLOORS if sum(o.right(f) for o in outcomes) == best]
    print(f"floors with the best result: {min(tied):.2f}-{max(tied):.2f}")
    if args.heldout:
        held = metrics(run(answerer, HELDOUT_SET), answerer.floor)
        print("\nheld-out set, shipped floor:\n" + format_table(held, model))
    shipped = metrics(outcomes, answerer.floor)
    print(
        f"\nat the shipped floor {answerer.floor:.2f}: right figure {shipped['right_figure']:.3f}, "
        f"not_known recall {shipped['not_known_recall']:.3f}"
    )
    if args.per_question:
        for o in outcomes:
            if not o.right(floor):
                print(
                    f"- {o.question!r}: expected {list(o.expected) or 'not_known'}, got "
                    f"{o.verdict(floor)} {list(o.ranked)} conf {o.confidence:.3f} "
                    f"unknown={o.unknown_name!r}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
