"""The held-out understanding set over the real REST channel (issue 13, "Measured honestly").

Usage::

    python -m bench.understanding [--url http://127.0.0.1:5005] [--timeout 60] [--limit 1800]
                                  [--only ID ...] [--json out.json]

Sends every message of tests/eval/understanding.yml and every conversation of
tests/eval/conversations.yml to the Rasa REST webhook, a fresh sender id per message and per
conversation, reads the turn's uttered responses from the tracker (Rasa's HTTP API: with ``--url``
start the server with ``CLUSTER_RASA_API=on`` and pass ``--token``), and judges each reply with :mod:`bench.understanding_judge`. Without ``--url`` it
starts both servers itself through ``scripts.stack.Stack`` (free ports, a temporary tracker
database, ``models/current.tar.gz``) and stops them at the end. Loopback only: any other host is
refused. Bounded: each request has a timeout, the whole run a time limit after which the remaining
items are counted as not run, and the run ends by itself.

Prints one table per category and language: handled %, replied in the user's language %, right
figure and source % (fact questions), out-of-scope recall and leaks (result payloads on
out-of-scope messages), honest-unknown % and multi-turn % (a conversation counts when every turn
is handled), then every failure with what was seen.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from bench.understanding_judge import REPO_ROOT, Verdict, judge
from bench.understanding_language import LANGUAGES

MESSAGES = REPO_ROOT / "tests" / "eval" / "understanding.yml"
CONVERSATIONS = REPO_ROOT / "tests" / "eval" / "conversations.yml"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def load_messages(path: Path = MESSAGES) -> list[dict]:
    """The single messages: ``{id, lang, category, text, expect}`` each."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def load_conversations(path: Path = CONVERSATIONS) -> list[dict]:
    """The conversations: ``{id, lang, about, turns: [{text, expect, lang?}]}`` each."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]


def send(url: str, sender: str, text: str, timeout: float) -> list[dict]:
    """POST one message to the REST webhook and return the bot messages."""
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))


API_TOKEN: dict[str, str] = {}  # {"token": ...} when Rasa's HTTP API needs one


def uttered(url: str, sender: str, timeout: float) -> list[str] | None:
    """The response names (``utter_action``) of the sender's last turn, from the tracker."""
    query = f"?token={API_TOKEN['token']}" if API_TOKEN else ""
    try:
        with urllib.request.urlopen(
            f"{url}/conversations/{sender}/tracker{query}", timeout=timeout
        ) as r:
            events = json.loads(r.read().decode("utf-8")).get("events") or []
    except (urllib.error.URLError, OSError, ValueError):
        return None
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    names = []
    for event in events[last_user + 1 :]:
        name = (event.get("metadata") or {}).get("utter_action")
        if event.get("event") == "bot" and name:
            names.append(name)
    return names


@dataclass
class Outcome:
    """One judged turn (a single message is a one-turn item)."""

    item: str
    category: str
    lang: str
    text: str
    verdict: Verdict | None
    error: str = ""
    seconds: float = 0.0


@dataclass
class Run:
    """Everything measured in one run."""

    singles: list[Outcome] = field(default_factory=list)
    conversations: dict[str, list[Outcome]] = field(default_factory=dict)
    not_run: int = 0


def _turn(url: str, sender: str, item: str, category: str, lang: str, turn: dict, timeout: float):
    start = time.monotonic()
    try:
        messages = send(url, sender, turn["text"], timeout)
    except (urllib.error.URLError, OSError, ValueError) as err:
        return Outcome(item, category, lang, turn["text"], None, f"{type(err).__name__}: {err}")
    verdict = judge(messages, turn["expect"], lang, uttered(url, sender, timeout))
    return Outcome(item, category, lang, turn["text"], verdict, "", time.monotonic() - start)


def run(url: str, timeout: float, limit: float, only: set[str] | None = None) -> Run:
    """Send the whole set (or the ``only`` ids) and judge every reply, within ``limit`` seconds."""
    deadline = time.monotonic() + limit
    result = Run()
    tag = uuid.uuid4().hex[:6]
    for message in load_messages():
        if only and message["id"] not in only:
            continue
        if time.monotonic() > deadline:
            result.not_run += 1
            continue
        sender = f"heldout-{tag}-{message['id']}"
        result.singles.append(
            _turn(
                url, sender, message["id"], message["category"], message["lang"], message, timeout
            )
        )
    for conversation in load_conversations():
        if only and conversation["id"] not in only:
            continue
        if time.monotonic() > deadline:
            result.not_run += 1
            continue
        sender = f"heldout-{tag}-{conversation['id']}"
        turns = []
        for turn in conversation["turns"]:
            lang = turn.get("lang", conversation["lang"])
            outcome = _turn(url, sender, conversation["id"], "multi_turn", lang, turn, timeout)
            turns.append(outcome)
            if outcome.error:
                break
        result.conversations[conversation["id"]] = turns
    return result


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.0f}% ({hits}/{total})" if total else "-"


def _ok(outcome: Outcome) -> bool:
    return outcome.verdict is not None and outcome.verdict.handled


def _in_lang(outcome: Outcome) -> bool:
    return outcome.verdict is not None and outcome.verdict.language == outcome.lang


def table(result: Run) -> str:
    """The markdown tables of a run: per category, per language, headline targets, failures."""
    rows = ["| category | n | handled | replied in language |", "|---|---|---|---|"]
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in result.singles:
        groups[outcome.category].append(outcome)
    turns = [t for conv in result.conversations.values() for t in conv]
    groups["multi_turn (turns)"] = turns
    for name, items in groups.items():
        handled, in_lang = sum(map(_ok, items)), sum(map(_in_lang, items))
        rows.append(f"| {name} | {len(items)} | {_pct(handled, len(items))} | "
                    f"{_pct(in_lang, len(items))} |")  # fmt: skip
    rows += ["", "| language | n | handled | replied in language |", "|---|---|---|---|"]
    for lang in LANGUAGES:
        items = [o for o in result.singles + turns if o.lang == lang]
        rows.append(f"| {lang} | {len(items)} | {_pct(sum(map(_ok, items)), len(items))} | "
                    f"{_pct(sum(map(_in_lang, items)), len(items))} |")  # fmt: skip
    rows += ["", matrix(result), "", headline(result), ""]
    return "\n".join(rows)


def matrix(result: Run) -> str:
    """Single messages handled, per category (rows) and language (columns)."""
    rows = [
        "| handled | " + " | ".join(LANGUAGES) + " |",
        "|---|" + "---|" * len(LANGUAGES),
    ]
    categories = dict.fromkeys(o.category for o in result.singles)
    for category in categories:
        cells = []
        for lang in LANGUAGES:
            items = [o for o in result.singles if o.category == category and o.lang == lang]
            cells.append(f"{sum(map(_ok, items))}/{len(items)}" if items else "-")
        rows.append(f"| {category} | " + " | ".join(cells) + " |")
    turns = [t for conv in result.conversations.values() for t in conv]
    cells = []
    for lang in LANGUAGES:
        convs = [c for c in result.conversations.values() if c and c[0].lang == lang]
        cells.append(f"{sum(all(map(_ok, c)) for c in convs)}/{len(convs)}" if convs else "-")
    if turns:
        rows.append("| conversations | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def headline(result: Run) -> str:
    """The issue's targets, one line each, as a markdown table."""
    singles = result.singles
    facts = [o for o in singles if o.category == "facts"]
    right = sum(bool(o.verdict and o.verdict.right_figure) for o in facts)
    other = [o for o in singles if o.lang != "en"]
    oos = [o for o in singles if o.category == "out_of_scope"]
    leaks = sum(bool(o.verdict and o.verdict.leak) for o in oos)
    unknown = [o for o in singles if o.category == "not_known"]
    convs = list(result.conversations.values())
    whole = sum(bool(c) and all(map(_ok, c)) for c in convs)
    lines = [
        "| target | measured | goal |",
        "|---|---|---|",
        f"| fact questions: right figure and source | {_pct(right, len(facts))} | >= 95% |",
        f"| other-language messages handled | {_pct(sum(map(_ok, other)), len(other))} | >= 90% |",
        f"| replied in the user's language (8 languages, all single messages) | "
        f"{_pct(sum(map(_in_lang, singles)), len(singles))} | >= 95% |",
        f"| ... of which other-language messages | "
        f"{_pct(sum(map(_in_lang, other)), len(other))} | >= 95% |",
        f"| multi-turn conversations (every turn handled) | {_pct(whole, len(convs))} | >= 90% |",
        f"| out-of-scope recall | {_pct(sum(map(_ok, oos)), len(oos))} | >= 0.9 |",
        f"| out-of-scope messages with result payloads | {leaks} of {len(oos)} | 0 |",
        f"| unknown programmes answered honestly | {_pct(sum(map(_ok, unknown)), len(unknown))} "
        "| 100% |",
    ]
    if result.not_run:
        lines.append(f"| items not run (time limit) | {result.not_run} | 0 |")
    return "\n".join(lines)


def failures(result: Run) -> str:
    """Every failed turn: id, language, text, what was seen, why."""
    lines = []
    outcomes = result.singles + [t for c in result.conversations.values() for t in c]
    for o in outcomes:
        if _ok(o) and _in_lang(o):
            continue
        if o.verdict is None:
            lines.append(f"- {o.item} [{o.lang}] {o.text!r}: ERROR {o.error}")
            continue
        why = "; ".join(o.verdict.reasons) or "handled"
        lines.append(f"- {o.item} [{o.lang}] {o.text!r}: saw {o.verdict.kind}, "
                     f"reply language {o.verdict.language}; {why}")  # fmt: skip
    return "\n".join(lines)


# One loopback client sends every message: the per-address limit would throttle the run.
NO_RATE_LIMITS = {"CLUSTER_RATE_LIMIT_SENDER": "off", "CLUSTER_RATE_LIMIT_ADDRESS": "off"}


def _check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"refusing {url}: the held-out run talks to a local stack only")


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.understanding", description=__doc__)
    parser.add_argument("--url", help="Rasa server (default: start a stack on free ports)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--limit", type=float, default=1800.0, help="seconds for the whole run")
    parser.add_argument("--only", nargs="+", help="ids of messages/conversations to run")
    parser.add_argument("--json", type=Path, help="also write every outcome here")
    parser.add_argument(
        "--token", help="Rasa HTTP API token with --url (var/secrets/rasa_api_token)"
    )
    args = parser.parse_args(argv)
    if args.token:
        API_TOKEN["token"] = args.token
    only = set(args.only) if args.only else None
    started = time.monotonic()
    if args.url:
        _check_loopback(args.url)
        result = run(args.url.rstrip("/"), args.timeout, args.limit, only)
    else:
        from scripts.stack import Stack

        with (
            tempfile.TemporaryDirectory(prefix="heldout-") as tmp,
            Stack.isolated(Path(tmp), enable_api=True, extra_env=NO_RATE_LIMITS) as stack,
        ):
            API_TOKEN["token"] = stack.api_token or ""
            result = run(stack.rasa_url, args.timeout, args.limit, only)
    print(table(result))
    print("Failures (not handled or not in the user's language):")
    print(failures(result) or "(none)")
    print(f"\n{time.monotonic() - started:.0f} s")
    if args.json:
        rows = [
            {"item": o.item, "category": o.category, "lang": o.lang, "text": o.text,
             "error": o.error, "seconds": round(o.seconds, 3),
             "verdict": o.verdict.__dict__ if o.verdict else None}
            for o in result.singles + [t for c in result.conversations.values() for t in c]
        ]  # fmt: skip
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
