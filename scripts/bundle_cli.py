"""Entry point of the bundled command line ``cuttings`` (PyInstaller, see build.spec)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # first: `cuttings import` starts worker processes
    from app.cli import main

    sys.exit(main())
