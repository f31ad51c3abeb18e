"""``python -m bot.privacy``: see :mod:`bot.privacy.cli`."""

from bot.privacy.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
