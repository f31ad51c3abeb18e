"""Shared helpers of the partner benchmark: paths, constants, timing, memory and tables."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.config import REPO_ROOT

OUT_DIR = REPO_ROOT / "var" / "bench" / "partners"
CORDIS = REPO_ROOT.parent / "shared" / "data" / "cordis" / "fp7_organisations.csv"
EVAL_SET = REPO_ROOT / "tests" / "eval" / "partner_queries.yml"
DEFAULT_SIZES = (381, 10_000, 100_000, 1_000_000)
# CORDIS uses EU codes for two countries; profiles use ISO 3166-1.
CORDIS_COUNTRY = {"UK": "GB", "EL": "GR"}
FILTER_COUNTRY = "DE"  # the largest country: ~13% of the rows, the hard case for a graph walk
SEED = 20261121


# --- helpers ------------------------------------------------------------------------------


def rss_mb() -> float:
    """Current resident memory of this process (VmRSS) in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_ms(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Call ``fn(*args, **kwargs)``; return its result and the wall time in milliseconds."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter() - started) * 1000


def p50(values: Sequence[float]) -> float:
    return float(np.percentile(values, 50)) if len(values) else float("nan")


def p95(values: Sequence[float]) -> float:
    return float(np.percentile(values, 95)) if len(values) else float("nan")


def fmt(value: float, digits: int = 2) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value:.{digits}f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def say(text: str) -> None:
    print(text, flush=True)


# --- corpora ------------------------------------------------------------------------------
