"""The progress and cancel protocol for long work.

Core functions that run long take ``progress(done, total, message)`` and ``cancelled() -> bool``;
the CLI draws a bar from them, the GUI turns them into Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable

from app.errors import Cancelled

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


def no_progress(done: int, total: int, message: str) -> None:
    """A progress callback that ignores everything."""


def never_cancelled() -> bool:
    """A cancel check that never cancels."""
    return False


def check_cancel(cancelled: CancelCheck) -> None:
    """Raise :class:`Cancelled` when the user asked to stop."""
    if cancelled():
        raise Cancelled("Cancelled by the user.")
