"""``python -m bench.partners``: run the partner search benchmark (see :mod:`bench.partners`)."""

import sys

from bench.partners.cli import main

sys.exit(main())
