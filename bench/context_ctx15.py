"""The context DEV conversations of session 15 (``tests/eval/conversations_ctx15.yml``), end to end.

Usage::

    python -m bench.context_ctx15 --workers 2 [--json out.json] [--only ID ...]
    python -m bench.context_ctx15 --set ctx15 fifth --workers 2   # beside held-out sets

Runs the set through :mod:`bench.understanding` (its own stack, the same judge and tables) as the
set ``ctx15``: short fragments after a partner list, partners asked after a calls list, partner
requests naming no topic, refinements that keep sector and region. A DEV set: written to fix
those classes, it measures nothing held out.
"""

from __future__ import annotations

import sys

from bench import understanding
from knowledge.config import REPO_ROOT

CTX15_SET = REPO_ROOT / "tests" / "eval" / "conversations_ctx15.yml"


def main(argv: list[str] | None = None) -> int:
    """Register the set and run :func:`bench.understanding.main` on it."""
    understanding.SETS.setdefault("ctx15", (CTX15_SET, CTX15_SET))
    args = list(sys.argv[1:] if argv is None else argv)
    return understanding.main(args if "--set" in args else ["--set", "ctx15", *args])


if __name__ == "__main__":
    sys.exit(main())
