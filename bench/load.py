"""Load generator for one Rasa instance: the baseline and the speed-ups side by side (issue 15).

Usage::

    python -m bench.load [--users 20] [--seconds 20] [--rounds 2] [--modes single closed paced]
                         [--pause 1.0] [--max-turns 5000] [--languages en de cs]

Starts two stacks through ``scripts.stack.Stack`` (free loopback ports, temporary tracker
databases): ``baseline`` runs Rasa's own code (``CLUSTER_RASA_SPEEDUPS=off``), ``fast`` the
project's speed-ups (``bot/ops/rasa_patches.py``). Each round runs every mode against baseline,
then fast, so both see the same machine load. The rate limits are off in both (one loopback
client plays every user). Modes:

- ``single``: one user, closed loop;
- ``closed``: ``--users`` users, each sends as soon as it is answered;
- ``paced``: ``--users`` users pausing ``--pause`` s on average (exponential) between messages.

Each user repeats the conversation greeting, partner search, "and in France?", calls question,
thanks, with a fresh sender per conversation; ``--languages en de cs`` runs it in English, German
and Czech in turn (turn types ``de:partners``...), so the cost of the other languages' paths is
measured too. Bounded: each phase lasts ``--seconds`` and at most
``--max-turns`` turns, each request times out after 30 s, and the run stops by itself. Prints per
mode and variant a table per turn type and overall (turns/s, p50/p95/p99 ms, errors), the CPU
seconds of each server process, the ratio fast/baseline, and the load average.

``--profile DIR`` also samples every server process with py-spy during the measured phases
(``bench/perf_profile.py``: one raw file per variant and server, and its summary).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench import perf_profile

CONVERSATION: tuple[tuple[str, str], ...] = (
    ("greeting", "hello"),
    ("partners", "we are looking for hydrogen storage partners in Germany"),
    ("follow-up", "and in France?"),
    ("calls", "are there open calls on hydrogen?"),
    ("thanks", "thanks, bye"),
)
#: The same conversation in a reply language (German: topic words expanded to English terms)
#: and in one of the other EU languages (Czech: the e5 intent vote, an English reply).
CONVERSATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": CONVERSATION,
    "de": (
        ("greeting", "hallo"),
        ("partners", "wir suchen Partner für Wasserstoffspeicherung in Deutschland"),
        ("follow-up", "und in Frankreich?"),
        ("calls", "gibt es offene Ausschreibungen zu Wasserstoff?"),
        ("thanks", "danke, tschüss"),
    ),
    "cs": (
        ("greeting", "dobrý den"),
        ("partners", "hledáme partnery pro skladování vodíku v Německu"),
        ("follow-up", "a ve Francii?"),
        ("calls", "jsou otevřené výzvy na vodík?"),
        ("thanks", "děkuji, na shledanou"),
    ),
}


def script(languages: list[str]) -> tuple[tuple[str, str], ...]:
    """The turns one user repeats: each chosen language's conversation in turn, every turn
    named ``<kind>`` (one language) or ``<language>:<kind>`` (several)."""
    if languages == ["en"]:
        return CONVERSATION
    return tuple(
        (kind if len(languages) == 1 else f"{language}:{kind}", text)
        for language in languages
        for kind, text in CONVERSATIONS[language]
    )


VARIANTS = {
    "baseline": {"CLUSTER_RASA_SPEEDUPS": "off"},
    "fast": {},
    # the speed-ups with OpenMP's own thread defaults (bot.settings.calm_openmp not applied)
    "omp-default": {"OMP_NUM_THREADS": "", "OMP_WAIT_POLICY": ""},
}
NO_LIMITS = {"CLUSTER_RATE_LIMIT_SENDER": "off", "CLUSTER_RATE_LIMIT_ADDRESS": "off"}
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Phase:
    """What one mode against one variant measured."""

    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cpu: dict[str, float] = field(default_factory=dict)
    answers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def turns(self) -> int:
        return sum(len(v) for v in self.latencies.values())


def signature(messages: list[dict]) -> str:
    """What a reply says: its texts and the type and ids of its cards (baseline and fast agree)."""
    parts = []
    for message in messages:
        custom = message.get("custom") or {}
        ids = [item.get("id") for item in custom.get("items") or [] if isinstance(item, dict)]
        parts.append(f"{message.get('text', '')}|{custom.get('type', '')}|{ids}")
    return "\n".join(parts)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


async def user(
    session: aiohttp.ClientSession,
    url: str,
    deadline: float,
    pause: float,
    phase: Phase,
    cap: int,
    turns: tuple[tuple[str, str], ...] = CONVERSATION,
) -> None:
    """One user repeating the conversation(s) until the deadline or the turn cap (a fresh
    sender whenever a greeting starts a conversation)."""
    sender = ""
    while time.monotonic() < deadline:
        for kind, text in turns:
            if time.monotonic() >= deadline or phase.turns() >= cap:
                return
            if not sender or kind.endswith("greeting"):
                sender = f"load-{uuid.uuid4().hex[:12]}"
            start = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as resp:
                    body = await resp.json()
                    ok = resp.status == 200 and isinstance(body, list) and bool(body)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                ok = False
            if ok:
                phase.latencies[kind].append(time.perf_counter() - start)
                phase.answers[kind].add(signature(body))
            else:
                phase.errors[kind] += 1
            if pause:
                await asyncio.sleep(random.expovariate(1.0 / pause))


async def run_phase(
    stack,
    users: int,
    seconds: float,
    pause: float,
    cap: int,
    turns: tuple[tuple[str, str], ...] = CONVERSATION,
) -> Phase:
    """Runs ``users`` users against ``stack`` for ``seconds``; CPU is read before and after."""
    phase = Phase()
    pids = {s.name: s.process.pid for s in stack.servers}
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=users + 1)
    start = time.monotonic()
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(
            *(user(session, url, start + seconds, pause, phase, cap, turns) for _ in range(users))
        )
    phase.seconds = time.monotonic() - start
    phase.cpu = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    return phase


def pct(values: list[float], q: float) -> float:
    """The q-th percentile in milliseconds (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def merge(phases: list[Phase]) -> Phase:
    """The phases of one mode and variant over all rounds, as one."""
    total = Phase()
    for phase in phases:
        total.seconds += phase.seconds
        for kind, values in phase.latencies.items():
            total.latencies[kind].extend(values)
        for kind, count in phase.errors.items():
            total.errors[kind] += count
        for name, cpu in phase.cpu.items():
            total.cpu[name] = total.cpu.get(name, 0.0) + cpu
        for kind, answers in phase.answers.items():
            total.answers[kind] |= answers
    return total


def table(
    mode: str, results: dict[str, Phase], turns: tuple[tuple[str, str], ...] = CONVERSATION
) -> str:
    """One table per mode: rows per variant and turn type, plus the fast/baseline ratios."""
    lines = [
        f"\n### {mode}\n",
        "| variant | turn | turns | turns/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for variant, phase in results.items():
        kinds = [k for k, _ in turns] + ["overall"]
        for kind in kinds:
            values = (
                [v for vs in phase.latencies.values() for v in vs]
                if kind == "overall"
                else phase.latencies.get(kind, [])
            )
            errors = sum(phase.errors.values()) if kind == "overall" else phase.errors.get(kind, 0)
            rate = len(values) / phase.seconds if phase.seconds else 0.0
            lines.append(
                f"| {variant} | {kind} | {len(values)} | {rate:.1f} | {pct(values, 50):.0f} | "
                f"{pct(values, 95):.0f} | {pct(values, 99):.0f} | {errors} |"
            )
        done = max(1, phase.turns())
        cpu = ", ".join(
            f"{name} {sec:.1f} s = {1000 * sec / done:.1f} ms/turn"
            for name, sec in phase.cpu.items()
        )
        lines.append(f"| {variant} | CPU | {cpu} | | | | | |")
    if {"baseline", "fast"} <= results.keys():
        base, fast = results["baseline"], results["fast"]
        all_base = [v for vs in base.latencies.values() for v in vs]
        all_fast = [v for vs in fast.latencies.values() for v in vs]
        ratio = (fast.turns() / fast.seconds) / max(1e-9, base.turns() / base.seconds)
        kinds = [k for k, _ in turns if base.answers.get(k) and fast.answers.get(k)]
        # A response with several variants is picked at random: a variant one side happened not
        # to draw is no difference; an answer only one side gave, while the other gave answers
        # the first never gave, is.
        partial = [k for k in kinds if base.answers[k] != fast.answers[k]]
        differ = [
            k for k in partial
            if not (base.answers[k] <= fast.answers[k] or fast.answers[k] <= base.answers[k])
        ]  # fmt: skip
        verdict = "identical" if not partial else "same answers"
        if partial and not differ:
            verdict += f" (random response variants drawn by one side only: {', '.join(partial)})"
        if differ:
            verdict = f"DIFFERENT for {', '.join(differ)}"
            for k in differ:
                only = sorted(base.answers[k] ^ fast.answers[k])
                verdict += f"\n  {k}: " + " || ".join(a.replace(chr(10), " / ")[:160] for a in only)
        lines.append(
            f"\nanswers compared for {', '.join(kinds)} (turn types both variants reached): "
            + verdict
        )
        lines.append(
            f"fast/baseline: throughput x{ratio:.2f}, p50 x{pct(all_fast, 50) / pct(all_base, 50):.2f}, "
            f"p95 x{pct(all_fast, 95) / pct(all_base, 95):.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of one phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pause", type=float, default=1.0, help="mean pause of paced users (s)")
    parser.add_argument("--max-turns", type=int, default=5000, help="turn cap of one phase")
    parser.add_argument("--modes", nargs="+", default=["single", "closed", "paced"])
    parser.add_argument(
        "--variants", nargs="+", default=["baseline", "fast"], choices=list(VARIANTS)
    )
    parser.add_argument("--profile", type=Path, help="record py-spy profiles into this folder")
    parser.add_argument("--py-spy", help="py-spy executable (default: the one on PATH)")
    parser.add_argument(
        "--languages", nargs="+", default=["en"], choices=sorted(CONVERSATIONS),
        help="the conversation's languages, run in turn by every user",
    )  # fmt: skip
    args = parser.parse_args(argv)
    turns = script(args.languages)
    if args.seconds > 300 or args.rounds > 10 or args.users > 200:
        parser.error("bounded: at most 300 s per phase, 10 rounds, 200 users")

    from scripts.stack import Stack

    results: dict[str, dict[str, list[Phase]]] = defaultdict(lambda: defaultdict(list))
    with ExitStack() as stacks:
        tmp = Path(stacks.enter_context(tempfile.TemporaryDirectory(prefix="load-")))
        running = {}
        for variant in args.variants:
            stack = Stack.isolated(tmp / variant, extra_env={**NO_LIMITS, **VARIANTS[variant]})
            running[variant] = stacks.enter_context(stack)
            print(f"load: {variant} stack up at {stack.rasa_url}", flush=True)
        for stack in running.values():  # warm-up: first turns load lazy models (every path)
            asyncio.run(run_phase(stack, 1, 120.0, 0.0, 2 * len(turns), turns))
        recorders = start_profiles(args, running) if args.profile else {}
        for round_no in range(args.rounds):
            for mode in args.modes:
                users = 1 if mode == "single" else args.users
                pause = args.pause if mode == "paced" else 0.0
                for variant, stack in running.items():
                    phase = asyncio.run(
                        run_phase(stack, users, args.seconds, pause, args.max_turns, turns)
                    )
                    results[mode][variant].append(phase)
                    print(
                        f"load: round {round_no + 1} {mode} {variant}: {phase.turns()} turns, "
                        f"{sum(phase.errors.values())} errors, load average {os.getloadavg()[0]:.2f}",
                        flush=True,
                    )
        for out, recorder in recorders.items():
            perf_profile.stop_recording(recorder)
            print(f"load: profile {out}", flush=True)
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
        f"load average (1/5/15 min) {' / '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"{args.users} users, {args.seconds:.0f} s phases x {args.rounds} rounds, interleaved; "
        f"conversation languages: {' '.join(args.languages)}"
    )
    for mode, by_variant in results.items():
        merged = {variant: merge(phases) for variant, phases in by_variant.items()}
        print(table(mode, merged, turns))
    for out in recorders:
        if out.exists():
            print(f"\n### profile {out.name}\n")
            print(perf_profile.report(perf_profile.read_profile(out), top=15))
    return 0


def start_profiles(args: argparse.Namespace, running: dict) -> dict[Path, object]:
    """Starts py-spy on every server of every variant; returns output file -> recorder."""
    py_spy = perf_profile.find_py_spy(args.py_spy)
    recorders = {}
    for variant, stack in running.items():
        for server in stack.servers:
            out = args.profile / f"{variant}-{server.name.replace(' ', '-')}.txt"
            recorders[out] = perf_profile.start_recording(py_spy, server.process.pid, out)
    return recorders


if __name__ == "__main__":
    raise SystemExit(main())
