"""``python -m ui`` starts the desktop app."""

import sys

from ui.main import main

sys.exit(main())
