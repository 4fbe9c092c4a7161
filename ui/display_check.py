"""Before Qt starts: is there a display to open a window on? Without one Qt aborts with a misleading
message about missing libraries; we say what is wrong and what works instead."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

NO_DISPLAY = (
    "Cuttings cannot open its window: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set, as over "
    "ssh or in a container).\n"
    "  - Start it inside a desktop session, or over ssh with X forwarding (ssh -X).\n"
    "  - Everything the app does, the command line does too: .venv/bin/cuttings --help "
    "(e.g. cuttings search harbour).\n"
    "  - Check this installation without a display: .venv/bin/cuttings-gui --self-test\n"
    "  - Or choose a Qt platform yourself, e.g. QT_QPA_PLATFORM=offscreen."
)


def missing_display(env: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """The message to print when a window cannot be shown here, or None when it can (or we cannot tell)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None  # Windows and macOS always have their own window system
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY
