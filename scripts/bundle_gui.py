"""Entry point of the bundled GUI executable ``Cuttings`` (PyInstaller, see build.spec).

``--self-test`` and ``--startup-probe`` run :mod:`ui.self_test`; anything else starts the app (``ui.main``).
"""

import multiprocessing
import sys


def main() -> int:
    """Start the app, or run the self-test or the start-up probe."""
    args = sys.argv[1:]
    if "--self-test" in args or "--startup-probe" in args:
        from ui import self_test

        return self_test.main(args)
    from ui.main import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    multiprocessing.freeze_support()  # first: a worker process of app.imports must not start the GUI
    sys.exit(main())
