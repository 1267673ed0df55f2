"""Entry point of the frozen bundle: the same `motcua` command as `python -m app`.

`freeze_support` lets the bulk demo loader start its worker processes from the frozen executable on
Windows (spawn re-runs this file with a marker instead of the command line).
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from app.cli import main

    sys.exit(main())
