"""``python -m refparse``: the same command line as the ``refparse`` script."""

import sys

from .cli import main

sys.exit(main())
