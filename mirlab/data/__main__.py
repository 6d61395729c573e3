"""``python -m mirlab.data``: see :mod:`mirlab.data.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
