"""The e5 intent vote (bot/nlu/e5_intent.py) on texts written from the sources in the 16 languages.

Usage (Rasa environment)::

    python -m bench.e5_intent_eval [--model models/current.tar.gz] [--per-message]

Parses every text with the trained model (``Agent.parse_message``: the intent without the vote),
then runs :class:`bot.nlu.e5_intent.E5IntentVote` (trained here on ``data/nlu``) on that parse, as
the pipeline does after the language detector. Texts, all written from the sources, none from
data/nlu: ``tests/eval/crosslingual_eu.yml`` (partner queries: ``find_partners``; calls queries:
``find_calls``; ten languages), ``tests/eval/fact_questions_eu.yml`` (``ask_instrument`` or
``ask_cluster_facts``; six languages) and the 16 languages' requests of
``tests/eval/language_id.yml`` (their block's intent). Prints right/total per language and set
before and after, the vote's cost per message (p50/p95), the process's RSS before and after the
encoder loads, and whether any parse of the other languages changed (it must not).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
EVAL = REPO_ROOT / "tests" / "eval"
FACTS = ("ask_instrument", "ask_cluster_facts")


def eval_items() -> list[tuple[str, str, tuple[str, ...], str]]:
    """``(set, language, expected intents, text)``."""
    out = []
    document = yaml.safe_load((EVAL / "crosslingual_eu.yml").read_text(encoding="utf-8"))
    for query in document["queries"]:
        expected = ("find_partners",) if query["corpus"] == "partners" else ("find_calls",)
        for code, text in query["texts"].items():
            out.append(("crosslingual_eu", code, expected, text))
    document = yaml.safe_load((EVAL / "fact_questions_eu.yml").read_text(encoding="utf-8"))
    for key in ("answerable", "not_known"):
        for item in document.get(key) or []:
            out.append(("fact_questions_eu", item["lang"], FACTS, item["q"]))
    from taxonomy.languages import ENGLISH_REPLY_LANGUAGES

    document = yaml.safe_load((EVAL / "language_id.yml").read_text(encoding="utf-8"))
    for block in document["nlu"]:
        code = block["metadata"]["language"]
        if code not in ENGLISH_REPLY_LANGUAGES:
            continue
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                out.append(("language_id", code, (block["intent"],), line.strip()[2:].strip()))
    return out


def other_texts() -> list[str]:
    """Texts in English and the seven reply languages: the parse must not change."""
    from rasa.shared.nlu.training_data.loading import load_data

    texts = [
        m.get("text") for m in load_data(str(REPO_ROOT / "tests/nlu/heldout.yml")).intent_examples
    ]
    document = yaml.safe_load((EVAL / "crosslingual.yml").read_text(encoding="utf-8"))
    for query in document["queries"]:
        texts.extend(query["texts"].values())
    return list(dict.fromkeys(t for t in texts if t))


def rss_mb() -> float:
    """The process's resident memory now (MB)."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.e5_intent_eval", description=__doc__)
    parser.add_argument("--model", type=Path, default=Path("models/current.tar.gz"))
    parser.add_argument("--per-message", action="store_true")
    args = parser.parse_args(argv)

    from rasa.core.agent import Agent
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu import e5_intent

    agent = Agent.load(str(args.model))
    items = eval_items()
    others = other_texts()

    async def parse(texts: list[str]) -> list[dict]:
        return [await agent.parse_message(t) for t in texts]

    parses = asyncio.run(parse([t for *_, t in items]))
    other_parses = asyncio.run(parse(others))
    rss_before = rss_mb()
    storage = LocalModelStorage(Path(tempfile.mkdtemp(prefix="e5_intent_bench")))
    component = e5_intent.E5IntentVote({}, "e5_intent_vote", storage, Resource("e5_intent_vote"))
    started = time.process_time()
    component.train(load_data(str(REPO_ROOT / "data" / "nlu")))
    train_cpu = time.process_time() - started
    rss_after = rss_mb()

    def voted(parse_data: dict) -> tuple[dict, float]:
        message = Message(data=dict(parse_data))
        start = time.perf_counter()
        component.process([message])
        return message.as_dict(only_output_properties=False), time.perf_counter() - start

    tally: Counter[str] = Counter()
    seconds = []
    for (name, code, expected, text), parse_data in zip(items, parses, strict=True):
        before = parse_data["intent"]["name"]
        after_data, spent = voted(parse_data)
        after = after_data["intent"]["name"]
        in_scope = (parse_data.get("language") or {}).get("detected") in e5_intent.LANGUAGES
        if in_scope:
            seconds.append(spent)
        for key in (f"{name} {code}", f"{name} all", "all"):
            tally[f"{key} n"] += 1
            tally[f"{key} before"] += before in expected
            tally[f"{key} after"] += after in expected
        if args.per_message:
            print(f"- {code} {text!r}: {before} -> {after} {'ok' if after in expected else ''}")
    changed = 0
    other_seconds = []
    for parse_data in other_parses:
        after_data, spent = voted(parse_data)
        other_seconds.append(spent)
        changed += after_data.get("intent") != parse_data.get("intent")
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"{os.getloadavg()[0]:.2f}; {len(component._intents)} voting examples, "
        f"training embedding {train_cpu:.1f} s CPU"
    )
    print("| set | language | texts | right before | right after |")
    print("|---|---|---|---|---|")
    keys = sorted({k.rsplit(" ", 1)[0] for k in tally})
    for key in keys:
        name, _, code = key.partition(" ")
        print(
            f"| {name} | {code or ''} | {tally[key + ' n']} | {tally[key + ' before']} | "
            f"{tally[key + ' after']} |"
        )
    if seconds:
        cut = sorted(seconds)
        print(
            f"vote per message in the 16 languages: p50 {1000 * statistics.median(cut):.1f} ms, "
            f"p95 {1000 * cut[int(0.95 * (len(cut) - 1))]:.1f} ms ({len(cut)} messages, "
            "encoder already loaded)"
        )
    print(
        f"other languages: {len(others)} parses, {changed} changed; vote cost p50 "
        f"{1000 * statistics.median(other_seconds):.3f} ms"
    )
    print(
        f"RSS after loading the model and parsing {rss_before:.0f} MB; after the encoder loaded "
        f"and embedded the examples {rss_after:.0f} MB; max RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
