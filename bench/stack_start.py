"""How long both servers take to start: this checkout against a baseline checkout, side by side.

Usage (action environment)::

    python -m bench.stack_start --baseline /path/to/older/checkout --runs 3
    python -m bench.stack_start --baseline /path/to/older/checkout --baseline-model old.tar.gz

Each run starts the stack of one checkout (``scripts.stack.Stack.isolated``: free loopback ports,
a temporary tracker database, the model given with ``--model``, by default this checkout's) in a
process of its own, measures the time from ``start()`` until both servers answer their health
checks, and stops it. The two checkouts alternate (baseline, this, baseline, this ...) so that
the machine's load falls on both alike; the same model archive serves both, unless
``--baseline-model`` gives the baseline its own (to compare two models, e.g. before and after a
pipeline change). The baseline needs its own ``var/`` (indexes, caches) and the same
environments (``.venv``).

Prints, per checkout: the first start (a cold start: caches empty for this model), then the
median and p95 of all runs, and the ratio of this checkout's median to the baseline's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from bench.crosslingual import percentile
from knowledge.config import child_environment

REPO_ROOT = Path(__file__).resolve().parents[1]

#: Run inside the checkout being timed (its own ``scripts.stack``).
_ONE_START = """
import sys, tempfile, time
from pathlib import Path
from scripts.stack import Stack
with tempfile.TemporaryDirectory() as directory:
    stack = Stack.isolated(Path(directory), model=Path(sys.argv[1]))
    began = time.perf_counter()
    stack.start()
    took = time.perf_counter() - began
    stack.stop()
print(f"STARTED {took:.2f}")
"""


def one_start(checkout: Path, model: Path, timeout: float) -> float:
    """Seconds until both servers of ``checkout`` answered (one fresh process)."""
    env = child_environment({"PYTHONPATH": str(checkout)})
    done = subprocess.run(
        [sys.executable, "-c", _ONE_START, str(model)],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("STARTED "):
            return float(line.split()[1])
    raise RuntimeError(
        f"{checkout}: no start measured (exit {done.returncode}): {done.stderr[-800:]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="an older checkout")
    parser.add_argument("--model", type=Path, default=REPO_ROOT / "models" / "current.tar.gz")
    parser.add_argument(
        "--baseline-model", type=Path, default=None, help="the baseline's model (default: --model)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per start")
    args = parser.parse_args(argv)
    checkouts = {"baseline": args.baseline.resolve(), "this": REPO_ROOT}
    models = {
        "baseline": (args.baseline_model or args.model).resolve(),
        "this": args.model.resolve(),
    }
    times: dict[str, list[float]] = {name: [] for name in checkouts}
    for run in range(args.runs):
        for name, checkout in checkouts.items():
            took = one_start(checkout, models[name], args.timeout)
            times[name].append(took)
            print(f"run {run + 1} {name}: {took:.1f} s", flush=True)
    print()
    print("| checkout | runs | first (cold) s | median s | p95 s | median vs baseline |")
    print("|---|---|---|---|---|---|")
    base = statistics.median(times["baseline"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"| {name} | {len(values)} | {values[0]:.1f} | {median:.1f} | {percentile(values, 0.95):.1f} |"
            f" {median / base:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
