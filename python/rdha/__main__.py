"""``python -m rdha ARGS``: the rdha command-line tool, as the ``rdha`` console script."""

from __future__ import annotations

import sys

from rdha.cli import main

if __name__ == "__main__":
    sys.exit(main())
