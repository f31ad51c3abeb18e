"""How long the understanding gate's sets take: one after another (the baseline) against one pool.

Usage (action environment)::

    python -m bench.understanding_pool [--set heldout fresh ...] [--workers 4] [--rounds 2]

Starts one stack (``scripts.stack.Stack.isolated``, the model in ``models/``, rate limits off as in
``bench.understanding``) and sends the held-out sets (default: every set of the gate) to it in two
ways, alternating so that the machine's load falls on both alike (sequential, pooled, pooled,
sequential, ...), after one unmeasured pass over the first set:

- ``sequential``: each set through its own pool of ``--workers`` senders, one set after another
  (what tests/e2e/test_understanding_gate.py did until session 18: every set waits for the
  previous set's last long conversation);
- ``pooled``: every set's items through ONE pool (``bench.understanding.run_sets``, what the gate
  does now).

Prints the wall time of every run, then per way the median, p95 and the ratio of the pooled median
to the sequential one, and the items handled in each run (the same replies are expected both ways;
a difference is the assistant's own variation, not the pool's).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.crosslingual import percentile
from bench.understanding import API_TOKEN, NO_RATE_LIMITS, SETS, Run, rates, run_sets


def handled(runs: dict[str, Run]) -> int:
    """Single messages handled plus conversations handled in every turn, over every set."""
    total = 0
    for result in runs.values():
        measured = rates(result)
        total += measured["singles_handled"][0] + measured["multi_turn"][0]
    return total


def one_run(url: str, way: str, names: list[str], workers: int, limit: float) -> tuple[float, int]:
    """Seconds and items handled for one run of ``names`` the ``way`` given."""
    began = time.perf_counter()
    if way == "pooled":
        runs = run_sets(url, 30.0, limit, names, workers=workers)
    else:
        runs = {}
        for name in names:
            runs.update(run_sets(url, 30.0, limit, [name], workers=workers))
    took = time.perf_counter() - began
    if any(result.not_run for result in runs.values()):
        raise SystemExit(f"{way}: items not run within {limit} s")
    return took, handled(runs)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.understanding_pool", description=__doc__)
    parser.add_argument("--set", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--workers", type=int, default=4, help="senders at a time (the gate: 4)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each way")
    parser.add_argument("--limit", type=float, default=1800.0, help="seconds per run")
    args = parser.parse_args(argv)
    from scripts.stack import Stack

    ways = ("sequential", "pooled")
    seconds: dict[str, list[float]] = {way: [] for way in ways}
    with (
        tempfile.TemporaryDirectory(prefix="pool-") as tmp,
        Stack.isolated(Path(tmp), enable_api=True, extra_env=NO_RATE_LIMITS) as stack,
    ):
        API_TOKEN["token"] = stack.api_token or ""
        # one unmeasured pass over the first set: the model's and the indexes' first-use costs
        # would otherwise fall on whichever way runs first
        one_run(stack.rasa_url, "pooled", args.set[:1], args.workers, args.limit)
        print("| run | way | seconds | handled |\n|---|---|---|---|")
        for round_ in range(args.rounds):
            for way in ways if round_ % 2 == 0 else reversed(ways):
                took, ok = one_run(stack.rasa_url, way, args.set, args.workers, args.limit)
                seconds[way].append(took)
                print(f"| {round_ + 1} | {way} | {took:.1f} | {ok} |", flush=True)
    base = statistics.median(seconds["sequential"])
    print(f"\n{len(args.set)} sets, {args.workers} workers, {args.rounds} runs each\n")
    print("| way | median s | p95 s | ratio to sequential |\n|---|---|---|---|")
    for way in ways:
        median = statistics.median(seconds[way])
        p95 = percentile(seconds[way], 0.95)
        print(f"| {way} | {median:.1f} | {p95:.1f} | {median / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
