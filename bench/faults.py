"""Bounded fault run on loopback: ``python -m bench.faults`` (``make faults``).

Starts the scaled stack (PostgreSQL, Redis, two Rasa and two action servers behind nginx) in a
temporary directory, then:

1. one vs two instances, interleaved: closed-loop users through one Rasa server directly and
   through nginx (both), in alternating rounds of the same length;
2. the fault run under steady load: kill -9 one Rasa server, kill -9 one action server, restart
   PostgreSQL, restart Redis, at fixed times; some conversations are handed off before it starts.

Every user is a thread with its own conversation; a turn that fails (connection error, HTTP 5xx,
timeout, or the "try again" reply) is retried once after a second, as a client would. At the end
each conversation's stored user turns are compared with the turns the client saw answered:
**lost** = answered but not stored, **doubled** = stored more often than answered (including a
turn stored although the client was told to try again). Handed-off conversations must still be
paused with their ticket open and must never get an ordinary answer. Prints a Markdown report.
Everything is bounded (``--seconds``) and stopped at the end, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import signal
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from scripts.localsvc import free_port
from scripts.scaled import ScaledStack
from scripts.stack import http_get_json

TRY_AGAIN = "Please send it again"
SCRIPT = (
    "hello",
    "hydrogen storage partners in Germany",
    "show more",
    "battery recycling clusters in France",
    "thank you",
)
PAUSED_OK = ("An adviser has your conversation", TRY_AGAIN)


@dataclass
class Turn:
    """One user turn as the client saw it."""

    text: str
    ok: bool
    attempts: int
    latency: float
    at: float
    outcome: str  # ok, retried-ok, failed
    replies: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def send(url: str, sender: str, text: str, timeout: float) -> tuple[str, list[dict], float]:
    """One POST: ``('ok'|'try-again'|'http-5xx'|'error', replies, seconds)``."""
    started = time.monotonic()
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            replies = json.loads(resp.read() or b"[]")
    except urllib.error.HTTPError as err:
        return f"http-{err.code}", [], time.monotonic() - started
    except (urllib.error.URLError, OSError, ValueError) as err:
        return f"error: {type(err).__name__}", [], time.monotonic() - started
    elapsed = time.monotonic() - started
    if any(TRY_AGAIN in (m.get("text") or "") for m in replies):
        return "try-again", replies, elapsed
    return "ok", replies, elapsed


def turn(url: str, sender: str, text: str, timeout: float, t0: float) -> Turn:
    """A turn with one retry after a second, as a client would."""
    errors: list[str] = []
    started = time.monotonic()
    for attempt in (1, 2):
        status, replies, elapsed = send(url, sender, text, timeout)
        if status == "ok":
            outcome = "ok" if attempt == 1 else "retried-ok"
            return Turn(
                text, True, attempt, time.monotonic() - started, started - t0, outcome, replies,
                errors,
            )  # fmt: skip
        errors.append(f"{status} after {elapsed:.1f}s")
        if attempt == 1:
            time.sleep(1.0)
    return Turn(text, False, 2, time.monotonic() - started, started - t0, "failed", [], errors)


class User(threading.Thread):
    """A closed-loop user: sends the script in a loop until told to stop."""

    def __init__(self, url: str, sender: str, stop: threading.Event, t0: float, pause: float):
        super().__init__(daemon=True)
        self.url, self.sender, self.stop_event, self.t0, self.pause = url, sender, stop, t0, pause
        self.turns: list[Turn] = []

    def run(self) -> None:
        n = 0
        while not self.stop_event.is_set():
            self.turns.append(turn(self.url, self.sender, SCRIPT[n % len(SCRIPT)], 60, self.t0))
            n += 1
            self.stop_event.wait(self.pause)


def stored_user_texts(url: str, sender: str) -> list[str] | None:
    body = http_get_json(f"{url}/conversations/{sender}/tracker", timeout=30)
    if not isinstance(body, dict):
        return None
    return [e.get("text") for e in body.get("events", []) if e.get("event") == "user"]


def compare(answered: list[str], stored: list[str]) -> tuple[int, int]:
    """``(lost, doubled)``: turns answered but not stored, turns stored but not answered once."""
    lost = doubled = 0
    matcher = difflib.SequenceMatcher(a=answered, b=stored, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            lost += a2 - a1
        if op in ("insert", "replace"):
            doubled += b2 - b1
    return lost, doubled


def hand_off(url: str, sender: str) -> bool:
    """Takes a conversation to a paused handoff (consent, no e-mail)."""
    for text in ("can I talk to a real person please?", "/affirm", "skip"):
        if turn(url, sender, text, 60, time.monotonic()).outcome == "failed":
            return False
    body = http_get_json(f"{url}/conversations/{sender}/tracker", timeout=30)
    return isinstance(body, dict) and body.get("paused") is True


def throughput_rounds(stack: ScaledStack, users: int, seconds: float, rounds: int) -> list[dict]:
    """Alternating rounds: one Rasa server directly, then both through nginx."""
    one = f"http://127.0.0.1:{stack.rasa_ports[0]}"
    results = []
    for r in range(rounds):
        for label, url in (("one Rasa server", one), ("two behind nginx", stack.url)):
            stop = threading.Event()
            t0 = time.monotonic()
            crowd = [User(url, f"cmp-{uuid.uuid4().hex[:10]}", stop, t0, 0.0) for _ in range(users)]
            for user in crowd:
                user.start()
            time.sleep(seconds)
            stop.set()
            for user in crowd:
                user.join(90)
            elapsed = time.monotonic() - t0
            turns = [t for u in crowd for t in u.turns]
            latencies = sorted(t.latency for t in turns if t.ok)
            results.append(
                {
                    "round": r + 1,
                    "setup": label,
                    "turns": len(turns),
                    "turns_per_s": len([t for t in turns if t.ok]) / elapsed,
                    "p50_s": statistics.median(latencies) if latencies else None,
                    "p95_s": latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
                    "failed": sum(not t.ok for t in turns),
                    "load": os.getloadavg()[0],
                }
            )
    return results


def fault_run(stack: ScaledStack, users: int, seconds: float, pause: float) -> dict:
    """Steady load with the four faults; returns the counts."""
    t0 = time.monotonic()
    handed = [f"fault-handoff-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    handed_ok = [hand_off(stack.url, sender) for sender in handed]
    stop = threading.Event()
    t0 = time.monotonic()
    crowd = [
        User(stack.url, f"fault-{uuid.uuid4().hex[:10]}", stop, t0, pause) for _ in range(users)
    ]
    waiting = [User(stack.url, sender, stop, t0, 3.0) for sender in handed]
    for user in [*crowd, *waiting]:
        user.start()
    plan = [
        (0.12, "kill -9 Rasa server 1", lambda: os.killpg(stack.rasa[0].process.pid, signal.SIGKILL)),
        (0.27, "kill -9 action server 1", lambda: os.killpg(stack.actions[0].process.pid, signal.SIGKILL)),
        (0.42, "restart PostgreSQL", lambda: (stack.postgres.stop(), stack.postgres.start())),
        (0.67, "restart Redis", lambda: (stack.redis.stop(), stack.redis.start())),
    ]  # fmt: skip
    faults = []
    for share, name, action in plan:
        delay = t0 + share * seconds - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        began = time.monotonic()
        action()
        faults.append(
            {
                "fault": name,
                "at_s": round(began - t0, 1),
                "took_s": round(time.monotonic() - began, 1),
            }
        )
    remaining = t0 + seconds - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
    stop.set()
    for user in [*crowd, *waiting]:
        user.join(120)
    elapsed = time.monotonic() - t0

    lost = doubled = unreadable = 0
    for user in crowd:
        stored = stored_user_texts(stack.url, user.sender)
        if stored is None:
            unreadable += 1
            continue
        answered = [t.text for t in user.turns if t.ok]
        user_lost, user_doubled = compare(answered, stored)
        lost += user_lost
        doubled += user_doubled
    turns = [t for u in crowd for t in u.turns]
    still_paused = 0
    ordinary_answers = 0
    for user in waiting:
        body = http_get_json(f"{stack.url}/conversations/{user.sender}/tracker", timeout=30)
        still_paused += isinstance(body, dict) and body.get("paused") is True
        for t in user.turns:
            for m in t.replies:
                text = m.get("text") or ""
                if m.get("custom") or (text and not text.startswith(PAUSED_OK)):
                    ordinary_answers += 1
    outcomes = Counter(t.outcome for t in turns)
    errors = Counter(e.split(" after")[0] for t in turns for e in t.errors)
    try_again_latency = [
        float(e.rsplit(" ", 1)[1].rstrip("s")) for t in turns for e in t.errors if "try-again" in e
    ]
    latencies = sorted(t.latency for t in turns)
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "faults": faults,
        "turns": len(turns),
        "turns_per_s": round(len(turns) / elapsed, 2),
        "outcomes": dict(outcomes),
        "first_attempt_errors": dict(errors),
        "try_again_max_s": round(max(try_again_latency), 2) if try_again_latency else None,
        "turn_p50_s": round(statistics.median(latencies), 2) if latencies else None,
        "turn_max_s": round(latencies[-1], 2) if latencies else None,
        "lost": lost,
        "doubled": doubled,
        "unreadable_conversations": unreadable,
        "handed_off": sum(handed_ok),
        "still_paused": still_paused,
        "handed_off_turns": sum(len(u.turns) for u in waiting),
        "ordinary_answers_while_paused": ordinary_answers,
        "load_end": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: run both parts and print the report (JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=150.0, help="length of the fault run")
    parser.add_argument("--pause", type=float, default=0.5, help="think time between turns")
    parser.add_argument("--rounds", type=int, default=2, help="one-vs-two rounds (0: skip)")
    parser.add_argument("--round-seconds", type=float, default=20.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="cluster-faults-"))
    directory.chmod(0o755)
    stack = ScaledStack(directory, 2, 2, free_port(), durable=True)
    result: dict = {"load_start": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}
    try:
        started = time.monotonic()
        stack.start()
        result["start_s"] = round(time.monotonic() - started, 1)
        if args.rounds:
            result["one_vs_two"] = throughput_rounds(
                stack, args.users, args.round_seconds, args.rounds
            )
        result["fault_run"] = fault_run(stack, args.users, args.seconds, args.pause)
    finally:
        stack.stop()
        shutil.rmtree(directory, ignore_errors=True)
    print(json.dumps(result, indent=2))
    fault = result["fault_run"]
    return 0 if fault["lost"] == 0 and fault["doubled"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
