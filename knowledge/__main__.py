"""Entry point: ``python -m knowledge``."""

import sys

from knowledge.cli.app import main

if __name__ == "__main__":
    sys.exit(main())
