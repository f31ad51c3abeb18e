"""Cost of the conversation retention sweep and of one erasure on the SQLite tracker store.

Usage (Rasa environment)::

    python -m bench.privacy_sweep [--conversations 20000] [--events 10]

Builds a temporary tracker database with ``--conversations`` conversations of ``--events`` events
each, half of them idle for 200 days and half for 10, then times, on
:class:`bot.privacy.tracker_store.PrivacyTrackerStore` with a 90-day period: finding the idle
conversations, the sweep that deletes them, a second sweep with nothing to delete, and the erasure
of one conversation. Results: docs/benchmarks.md, "Privacy".
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from bot.privacy.cli import open_store

DAY = 86400.0


def main(argv: list[str] | None = None) -> int:
    """Runs the measurement and prints one line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=20000)
    parser.add_argument("--events", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "tracker.db"
        store = open_store({"dialect": "sqlite", "db": str(db), "retention_days": 90})
        now = time.time()
        rows = []
        for i in range(args.conversations):
            at = now - (200 if i % 2 else 10) * DAY
            for j in range(args.events):
                data = {"event": "user", "text": "x" * 40, "timestamp": at + j}
                rows.append((f"s{i}", "user", at + j, json.dumps(data)))
        with sqlite3.connect(db) as conn:
            conn.executemany(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
                rows,
            )
        timings = {}
        start = time.perf_counter()
        stale = store.inactive_senders(now - 90 * DAY)
        timings["find"] = time.perf_counter() - start
        start = time.perf_counter()
        swept = store.sweep(now)
        timings["sweep"] = time.perf_counter() - start
        start = time.perf_counter()
        again = store.sweep(now)
        timings["no-op sweep"] = time.perf_counter() - start
        start = time.perf_counter()
        erased = store.erase("s0")
        timings["erase one"] = time.perf_counter() - start
    print(
        f"{args.conversations} conversations x {args.events} events: {len(stale)} idle found in "
        f"{timings['find']:.2f} s; sweep deleted {swept[0]} conversations ({swept[1]} events) in "
        f"{timings['sweep']:.2f} s; second sweep {again} in {timings['no-op sweep']:.2f} s; "
        f"erasure of one conversation ({erased} events) in {timings['erase one'] * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
