"""The session-16 partner and calls dev set (tests/eval/dev_partners16.yml) through the real stack.

Usage (action environment)::

    python -m bench.dev_partners16 [--workers 2] [--json out.json] [--url ... --token ...]

Runs :mod:`bench.understanding` on the dev file as a set of its own (``dev_partners16``): the
same judge, tables and options. A dev set: written while fixing the classes, it shows whether a
fix works, not how well the assistant generalises (the held-out sets do).
"""

from __future__ import annotations

import sys

from bench import understanding

DEV_FILE = understanding.REPO_ROOT / "tests" / "eval" / "dev_partners16.yml"


def main(argv: list[str] | None = None) -> int:
    """Adds the dev set to the bench's sets and runs it."""
    understanding.SETS["dev_partners16"] = (DEV_FILE, DEV_FILE)
    args = list(sys.argv[1:] if argv is None else argv)
    return understanding.main(["--set", "dev_partners16", *args])


if __name__ == "__main__":
    raise SystemExit(main())
