"""Same parse with and without the Rasa speed-ups: every held-out message, one process (issue 15).

Usage::

    python -m bench.perf_equal [--model models/current.tar.gz] [--nlu tests/nlu/heldout.yml]
                               [--extra tests/eval/understanding.yml] [--repeat 3]

Loads the trained model once and parses every example text of the held-out NLU file (and the
``text``/``message`` fields of ``--extra`` YAML files) through ``Agent.parse_message``, first with
Rasa's own code, then after ``bot.ops.rasa_patches.apply(speedups=True)`` (the sequential graph
runner and the selective ResponseSelector of :mod:`bot.ops.rasa_fast`), and compares the parse
data: equal for every message, except that a message whose intent was not the selector's
retrieval intent when the selector would have run, nor at the end of the parse, has no
``response_selector`` entry with the speed-ups (nothing reads it: see ``bot/ops/rasa_fast.py``).
It also times the parses, Rasa's and the fast code interleaved per round (``--repeat`` rounds;
the patches are switched on and off between rounds). Prints the counts and times; exit code 1
when a parse differs. Run in the Rasa environment.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

SELECTOR_KEY = "response_selector"


def texts_of(nlu: Path, extra: list[Path]) -> list[str]:
    """The example texts of a Rasa NLU YAML file and the message texts of other YAML files."""
    from rasa.shared.nlu.training_data.loading import load_data

    texts = [m.get("text") for m in load_data(str(nlu)).intent_examples]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"text", "message"} and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in extra:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return list(dict.fromkeys(t for t in texts if t))


def as_json(parse: dict[str, Any]) -> dict[str, Any]:
    """Parse data after a JSON round trip (what is stored and sent; floats compared exactly)."""
    return json.loads(json.dumps(parse, sort_keys=True, default=str))


def same_parse(rasa: dict[str, Any], fast: dict[str, Any], retrieval_intent: str) -> bool:
    """True when the fast parse is Rasa's, or Rasa's without the selector's part for a message
    whose final intent is not the retrieval intent (its answer never reads that part)."""
    rasa, fast = as_json(rasa), as_json(fast)
    if SELECTOR_KEY in fast or SELECTOR_KEY not in rasa:
        return fast == rasa
    intent = (fast.get("intent") or {}).get("name") or ""
    if intent == retrieval_intent or intent.startswith(retrieval_intent + "/"):
        return False  # utter_faq would need the selector's answer
    rasa.pop(SELECTOR_KEY)
    return fast == rasa


def set_speedups(on: bool, originals: dict[str, Any]) -> None:
    """Applies the speed-ups, or puts Rasa's functions back (``originals`` from the first call)."""
    from bot.ops import rasa_patches

    if on:
        rasa_patches._applied.clear()
        rasa_patches.apply(speedups=True, metrics=False)
        return
    for target, function in originals.items():
        owner, attribute, _ = rasa_patches._resolve(target)
        setattr(owner, attribute, function)
    rasa_patches._applied.clear()
    rasa_patches.use_sqlite_wal(False)


def refresh_nodes(agent: Any) -> None:
    """Graph nodes keep the component method they found when the model loaded (``rasa run``
    applies the patches before): point them at the class's current one."""
    for node in agent.processor.graph_runner._instantiated_nodes.values():
        node._fn = getattr(node._component_class, node._fn_name)


async def parse_all(agent: Any, texts: list[str]) -> tuple[list[dict], list[float]]:
    """Parse data and seconds per text."""
    parses, times = [], []
    for text in texts:
        start = time.perf_counter()
        parses.append(await agent.parse_message(text))
        times.append(time.perf_counter() - start)
    return parses, times


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.perf_equal", description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/current.tar.gz"))
    parser.add_argument("--nlu", type=Path, default=Path("tests/nlu/heldout.yml"))
    parser.add_argument("--extra", type=Path, nargs="*", default=[])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from rasa.core.agent import Agent

    from bot.ops import rasa_patches

    originals = {}  # as stored on their owner (a staticmethod stays one)
    for target in rasa_patches.PINNED_SOURCES:
        owner, attribute, _ = rasa_patches._resolve(target)
        originals[target] = inspect.getattr_static(owner, attribute)
    texts = texts_of(args.nlu, args.extra)
    agent = Agent.load(str(args.model))
    retrieval = next(
        (
            node.config.get("retrieval_intent")
            for node in agent.processor.model_metadata.predict_schema.nodes.values()
            if node.uses.__name__ == "ResponseSelector"
        ),
        None,
    )
    asyncio.run(parse_all(agent, texts[:3]))  # warm-up: lazy models
    timings: dict[str, list[float]] = {"rasa": [], "fast": []}
    results: dict[str, list[dict]] = {}
    for _ in range(max(1, args.repeat)):
        for variant in ("rasa", "fast"):
            set_speedups(variant == "fast", originals)
            refresh_nodes(agent)
            parses, seconds = asyncio.run(parse_all(agent, texts))
            timings[variant].extend(seconds)
            results.setdefault(variant, parses)
    set_speedups(False, originals)
    differ = [
        text
        for text, rasa, fast in zip(texts, results["rasa"], results["fast"], strict=True)
        if not same_parse(rasa, fast, retrieval or "")
    ]
    skipped = sum(SELECTOR_KEY not in p for p in results["fast"])
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"{os.getloadavg()[0]:.2f}; {len(texts)} messages, {args.repeat} rounds interleaved"
    )
    for variant, seconds in timings.items():
        print(
            f"{variant}: parse p50 {1000 * statistics.median(seconds):.2f} ms, "
            f"mean {1000 * statistics.fmean(seconds):.2f} ms"
        )
    print(f"ResponseSelector skipped for {skipped} of {len(texts)} messages")
    print(
        f"parse data different for {len(differ)} messages" + (f": {differ[:5]}" if differ else "")
    )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
