"""The context DEV conversations of session 16 (``tests/eval/conversations_ctx16.yml``), end to end.

Usage::

    python -m bench.context_ctx16 --workers 2 [--json out.json] [--only ID ...]
    python -m bench.context_ctx16 --set ctx16 fifth --workers 2   # beside held-out sets

Runs the set through :mod:`bench.understanding` (its own stack, the same judge and tables) as the
set ``ctx16``: a country alone in another language, "not X but Y", a third turn keeping the
first turn's filters, country corrections, instrument follow-ups, calls turns. A DEV set: written to fix
those classes, it measures nothing held out.
"""

from __future__ import annotations

import sys

from bench import understanding
from knowledge.config import REPO_ROOT

CTX16_SET = REPO_ROOT / "tests" / "eval" / "conversations_ctx16.yml"


def main(argv: list[str] | None = None) -> int:
    """Register the set and run :func:`bench.understanding.main` on it."""
    understanding.SETS.setdefault("ctx16", (CTX16_SET, CTX16_SET))
    args = list(sys.argv[1:] if argv is None else argv)
    return understanding.main(args if "--set" in args else ["--set", "ctx16", *args])


if __name__ == "__main__":
    sys.exit(main())
