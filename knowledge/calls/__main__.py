"""``python -m knowledge.calls build|info|search``: the calls CLI on its own."""

import sys

from knowledge.calls.cli import main

sys.exit(main())
