"""Intents of messages in the sixteen EU languages: the whole NLU pipeline on a held-out set.

Usage (Rasa environment)::

    python -m bench.intents_eu16 [--model models/current.tar.gz] [--split tune|test|all]
        [--variant NAME ...] [--per-message]

Parses every message of ``tests/eval/intents_eu16.yml`` (208 messages, 13 in each of CS SK SL HR
BG RO HU EL FI SV DA ET LV LT GA MT, written from the sources) with the trained model
(``Agent.parse_message``: language detector, e5 vote, input guard and FallbackClassifier as in
the product) once per variant of the e5 vote's settings (:data:`VARIANTS`, set on the loaded
component, so no retraining), and counts the final intent right by kind (partners, calls,
facts, greet, oos, injection, erase; what counts as right is in the set's header). The split
(``tune``/``test``) alternates along each language's list; choices are made on ``tune`` and
``test`` is what is reported (``--per-message`` prints only ``tune`` messages unless
``--split test`` is asked for explicitly). Also prints the vote's cost per message (p50/p95 of
the whole parse) per variant, with the machine's load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
SET = REPO_ROOT / "tests" / "eval" / "intents_eu16.yml"
#: What counts as right per kind.
RIGHT: dict[str, tuple[str, ...]] = {
    "partners": ("find_partners",),
    "calls": ("find_calls",),
    "facts": ("ask_instrument", "ask_cluster_facts"),
    "greet": ("greet", "thank"),
    "oos": ("out_of_scope",),
    "injection": ("out_of_scope",),
    "erase": ("delete_my_data",),
}
#: Settings of the e5 vote to compare (the component's config keys).
VARIANTS: dict[str, dict] = {
    "no-cues": {
        "cue_bonus": 0.0,
        "instrument_bonus": 0.0,
        "admin_bonus": 0.0,
        "erase_needs_cue": False,
    },
    "erase-gate": {
        "cue_bonus": 0.0,
        "instrument_bonus": 0.0,
        "admin_bonus": 0.0,
        "erase_needs_cue": True,
    },
    **{
        f"cues-{bonus}": {
            "cue_bonus": bonus,
            "instrument_bonus": bonus,
            "admin_bonus": bonus,
            "erase_needs_cue": True,
        }
        for bonus in (0.01, 0.02, 0.03, 0.05)
    },
    "cues-0.03-admin-0.06": {
        "cue_bonus": 0.03,
        "instrument_bonus": 0.03,
        "admin_bonus": 0.06,
        "erase_needs_cue": True,
    },
}


def items() -> list[dict]:
    """The set's messages with their ``split``."""
    document = yaml.safe_load(SET.read_text(encoding="utf-8"))
    languages: list[str] = []
    out = []
    position: Counter[str] = Counter()
    for message in document["messages"]:
        code = message["lang"]
        if code not in languages:
            languages.append(code)
        parity = (languages.index(code) + position[code]) % 2
        position[code] += 1
        kind = "injection" if message.get("injection") else message["category"]
        kind = "oos" if kind == "out_of_scope" else kind
        out.append({**message, "kind": kind, "split": "tune" if parity == 0 else "test"})
    return out


def vote_component(agent) -> object:
    """The loaded :class:`bot.nlu.e5_intent.E5IntentVote` of the agent's graph."""
    from bot.nlu.e5_intent import E5IntentVote

    runner = agent.processor.graph_runner
    for node in runner._instantiated_nodes.values():
        component = getattr(node, "_component", None)
        if isinstance(component, E5IntentVote):
            return component
    raise SystemExit("the model has no E5IntentVote")


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.intents_eu16", description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/current.tar.gz"))
    parser.add_argument("--split", choices=("tune", "test", "all"), default="tune")
    parser.add_argument("--variant", nargs="*", default=list(VARIANTS))
    parser.add_argument("--per-message", action="store_true")
    args = parser.parse_args(argv)

    import logging

    from rasa.core.agent import Agent

    logging.disable(logging.INFO)

    agent = Agent.load(str(args.model))
    component = vote_component(agent)
    chosen = [m for m in items() if args.split == "all" or m["split"] == args.split]
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"{os.getloadavg()[0]:.2f}, split {args.split}, {len(chosen)} messages"
    )

    async def parse(text: str) -> tuple[dict, float]:
        start = time.perf_counter()
        result = await agent.parse_message(text)
        return result, time.perf_counter() - start

    asyncio.run(parse("Hledáme partnery pro vodík."))  # loads the encoder once
    rows = []
    for name in args.variant:
        component._config.update(VARIANTS[name])
        tally: Counter[str] = Counter()
        seconds = []
        for message in chosen:
            result, spent = asyncio.run(parse(message["text"]))
            seconds.append(spent)
            intent = result["intent"]["name"]
            right = intent in RIGHT[message["kind"]]
            for key in ("all", message["kind"], message["lang"]):
                tally[key + " n"] += 1
                tally[key] += right
            if args.per_message and (args.split != "all" or message["split"] == "tune"):
                detected = (result.get("language") or {}).get("detected")
                print(
                    f"  {name} {message['lang']}/{detected} {message['kind']}: {intent} "
                    f"{'ok' if right else 'WRONG'} {message['text']!r}"
                )
        cut = sorted(seconds)
        rows.append((name, tally, statistics.median(cut), cut[int(0.95 * (len(cut) - 1))]))
    kinds = list(RIGHT)
    print("| variant | all | " + " | ".join(kinds) + " | parse p50 ms | p95 ms |")
    print("|---" * (len(kinds) + 4) + "|")
    for name, tally, p50, p95 in rows:
        cells = [f"{tally[k]}/{tally[k + ' n']}" for k in kinds]
        print(
            f"| {name} | **{tally['all']}/{tally['all n']}** | "
            + " | ".join(cells)
            + f" | {1000 * p50:.0f} | {1000 * p95:.0f} |"
        )
    languages = list(dict.fromkeys(m["lang"] for m in chosen))
    print("| variant | " + " | ".join(languages) + " |")
    print("|---" * (len(languages) + 1) + "|")
    for name, tally, *_ in rows:
        print(
            f"| {name} | " + " | ".join(f"{tally[c]}/{tally[c + ' n']}" for c in languages) + " |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
