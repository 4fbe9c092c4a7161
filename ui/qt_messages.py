"""Qt's own console messages: the offscreen platform's known noise dropped, everything else passed on."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

#: What the offscreen platform prints for every top-level window: it says nothing about Cuttings.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints()",)


def _handler(_mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if not any(noise in message for noise in OFFSCREEN_NOISE):
        print(message, file=sys.stderr, flush=True)


@contextmanager
def offscreen_noise_dropped() -> Iterator[None]:
    """While inside, Qt messages go to standard error as usual, except the offscreen platform's noise."""
    previous = qInstallMessageHandler(_handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
