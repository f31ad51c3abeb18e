"""Off topic, small talk and in-domain messages in the 24 EU languages: the NLU pipeline's verdicts.

Usage (Rasa environment)::

    python -m bench.off_topic_dev [--model models/current.tar.gz] [--per-message]

Parses every message of ``tests/eval/off_topic_dev.yml`` (session 13's development set) and the
in-domain and out-of-scope messages of ``tests/eval/intents_eu16.yml`` with the trained model
(``Agent.parse_message``: the whole pipeline, the e5 vote's off-topic margin and the input
guard included) and prints, per category: how many got the right intent (off topic:
``out_of_scope``; in domain: anything else; small talk: its intent), how many off-topic ones
carry the guard's ``off_topic`` reason, and the margins' spread, for choosing
:data:`bot.nlu.off_topic.MARGIN_FLOOR` (the margin is printed per message with
``--per-message``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV = REPO_ROOT / "tests" / "eval" / "off_topic_dev.yml"
EU16 = REPO_ROOT / "tests" / "eval" / "intents_eu16.yml"
SMALL_TALK = ("greet", "thank", "goodbye", "help", "request_human")
IN_DOMAIN = ("domain", "unknown", "eu16_partners", "eu16_calls", "eu16_facts")


def items() -> list[dict]:
    """The development set's messages, then the sixteen languages' set (categories prefixed)."""
    dev = yaml.safe_load(DEV.read_text(encoding="utf-8"))["messages"]
    eu = yaml.safe_load(EU16.read_text(encoding="utf-8"))["messages"]
    return dev + [
        {**m, "category": f"eu16_{m['category']}"}
        for m in eu
        if not m.get("injection") and m["category"] != "erase"
    ]


def right(category: str, intent: str) -> bool:
    """Whether the final intent is right for the category."""
    if category in ("off_topic", "eu16_out_of_scope"):
        return intent == "out_of_scope"
    if category in SMALL_TALK:
        return intent == category
    if category == "eu16_greet":
        return intent in ("greet", "thank")
    return intent != "out_of_scope"


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.off_topic_dev", description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/current.tar.gz"))
    parser.add_argument("--per-message", action="store_true")
    args = parser.parse_args(argv)
    from rasa.core.agent import Agent

    agent = Agent.load(str(args.model))
    chosen = items()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"{os.getloadavg()[0]:.2f}, {len(chosen)} messages"
    )
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for message in chosen:
        result = asyncio.run(agent.parse_message(message["text"]))
        intent = (result.get("intent") or {}).get("name") or ""
        category = message["category"]
        ok = right(category, intent)
        counts = tally[category]
        counts[0] += ok
        counts[1] += 1
        counts[2] += result.get("guard") == "off_topic"
        if args.per_message and (not ok or category in ("off_topic", "domain")):
            print(
                f"{'ok ' if ok else 'BAD'} {category:18} {message['lang']} {intent:16} "
                f"margin={result.get('off_topic_margin')} guard={result.get('guard')} | "
                f"{message['text']}"
            )
    print("| category | right | of | guarded off_topic |")
    print("|---|---|---|---|")
    for category, (ok, total, guarded) in sorted(tally.items()):
        print(f"| {category} | {ok} | {total} | {guarded} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
