"""``python -m actions.handoff``: see :mod:`actions.handoff.cli`."""

from actions.handoff.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
