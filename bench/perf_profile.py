"""Sampling profiles of the servers under ``bench.load``: record with py-spy, then summarise.

``bench.load --profile DIR`` records every server process of every variant with py-spy (pinned in
``requirements/dev.txt``; not part of either environment, install it where you like and put it on
``PATH`` or pass ``--py-spy``) during the measured phases, in py-spy's ``raw`` (collapsed stack)
format, one file per variant and server. This module reads such a file and prints which share of
the samples each stage of a turn takes, and the functions with the most samples, inclusive and
exclusive::

    python -m bench.perf_profile DIR/fast-rasa-server.txt [--top 25]

Idle threads are not sampled (py-spy's default), so shares are of the time some thread of the
process was running Python or a C call made from Python: roughly its CPU time.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: A stage of a turn -> the frames (``function (file`` prefixes) that mark it, in priority order:
#: a sample is counted for the first stage whose marker is on its stack (innermost stage wins
#: among nested ones because they are listed first).
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("action response validation", ("_validate_action_result (", "fast_validate_action_result (")),
    ("action server HTTP call", ("request (rasa/utils/endpoints.py",)),
    ("TED inference", ("predict_action_probabilities (rasa/core/policies/ted_policy.py",)),
    ("rule policy", ("predict_action_probabilities (rasa/core/policies/rule_policy.py",)),
    ("memoization policy", ("predict_action_probabilities (rasa/core/policies/memoization.py",)),
    ("policies: other", ("_predict_next_with_tracker (",)),
    ("ResponseSelector", ("process (rasa/nlu/selectors/response_selector.py",)),
    ("NLU: other", ("parse_message (rasa/core/processor.py",)),
    (
        "tracker fetch",
        ("fetch_tracker_and_update_session (", "get_tracker (rasa/core/processor.py"),
    ),
    ("tracker save", ("save_tracker (rasa/core/processor.py",)),
    ("NLG / responses", ("generate (",)),
    ("action server: run action", ("run (rasa_sdk/executor.py",)),
    ("action server: webhook other", ("webhook (rasa_sdk/endpoint.py",)),
    ("handle_message: other", ("handle_message (rasa/core/processor.py",)),
    ("HTTP server / event loop", ("run_forever (", "serve (")),
)
LINE = re.compile(r"^(?P<stack>.*) (?P<count>\d+)$")


@dataclass
class Profile:
    """Stage and function sample counts of one collapsed-stack file."""

    total: int = 0
    stages: Counter = field(default_factory=Counter)
    inclusive: Counter = field(default_factory=Counter)
    exclusive: Counter = field(default_factory=Counter)


def frame_name(frame: str) -> str:
    """``function (file:line)`` -> ``function (file)``: lines of one function are merged."""
    return re.sub(r":\d+\)$", ")", frame)


def stage_of(frames: list[str]) -> str:
    """The stage a sample belongs to (see :data:`STAGES`), ``other`` when none matches."""
    for stage, markers in STAGES:
        if any(frame.startswith(markers) for frame in frames):
            return stage
    return "other"


def read_profile(path: Path) -> Profile:
    """Reads py-spy's raw output (``frame;frame;... count`` per line)."""
    profile = Profile()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = LINE.match(line.strip())
        if not match:
            continue
        count = int(match["count"])
        frames = [frame_name(f) for f in match["stack"].split(";")]
        profile.total += count
        profile.stages[stage_of(frames)] += count
        for name in set(frames):
            profile.inclusive[name] += count
        profile.exclusive[frames[-1]] += count
    return profile


def report(profile: Profile, top: int = 25) -> str:
    """Stage shares, then the top functions inclusive and exclusive, as Markdown tables."""
    total = max(1, profile.total)
    lines = [f"{profile.total} samples", "", "| stage | share |", "|---|---|"]
    for stage, count in profile.stages.most_common():
        lines.append(f"| {stage} | {100 * count / total:.1f} % |")
    for title, counter in (("inclusive", profile.inclusive), ("exclusive", profile.exclusive)):
        lines += ["", f"| function ({title}) | share |", "|---|---|"]
        for name, count in counter.most_common(top):
            lines.append(f"| `{name}` | {100 * count / total:.1f} % |")
    return "\n".join(lines)


def find_py_spy(explicit: str | None = None) -> str:
    """The py-spy executable: ``explicit``, else the one on ``PATH``.

    Raises:
        FileNotFoundError: with what to install when there is none.
    """
    found = explicit or shutil.which("py-spy")
    if not found or not Path(found).exists():
        raise FileNotFoundError(
            "py-spy not found: pip install the version pinned in requirements/dev.txt into any "
            "environment and put it on PATH, or pass --py-spy /path/to/py-spy"
        )
    return found


def start_recording(py_spy: str, pid: int, out: Path, rate: int = 50) -> subprocess.Popen:
    """Starts py-spy sampling ``pid`` into ``out`` (raw format) until :func:`stop_recording`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [py_spy, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw",
         "--nonblocking", "--output", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def stop_recording(process: subprocess.Popen, timeout: float = 30.0) -> None:
    """Asks py-spy to stop and write its file (SIGINT), waits for it, kills it if it hangs."""
    import signal

    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m bench.perf_profile", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    for path in args.files:
        print(f"\n## {path.name}\n")
        print(report(read_profile(path), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
