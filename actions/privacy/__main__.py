"""``python -m actions.privacy``: see :mod:`actions.privacy.cli`."""

from actions.privacy.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
