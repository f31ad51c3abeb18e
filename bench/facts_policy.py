"""Cluster-policy facts, FAQ neighbours, unknown programmes and funding stories, end to end.

Usage::

    python -m bench.facts_policy --workers 2 [--json out.json] [--only ID ...]

Runs ``tests/eval/facts_policy.yml`` through :mod:`bench.understanding` (its own stack on free
loopback ports, the same judge and tables) as the set ``policy``: fact questions about who runs
cluster policy, its mailbox, EREK, the Joint Cluster Initiatives, the Low Carbon Business Action
and the outlook; the FAQ topics next to them (cascade funding, non-EU participation, getting a
label); "who can apply to <invented programme>"; funding requests told as a story.
"""

from __future__ import annotations

import sys

from bench import understanding
from knowledge.config import REPO_ROOT

POLICY_SET = REPO_ROOT / "tests" / "eval" / "facts_policy.yml"


def main(argv: list[str] | None = None) -> int:
    """Register the set and run :func:`bench.understanding.main` on it."""
    understanding.SETS.setdefault("policy", (POLICY_SET, POLICY_SET))
    args = list(sys.argv[1:] if argv is None else argv)
    return understanding.main(["--set", "policy", *args])


if __name__ == "__main__":
    sys.exit(main())
