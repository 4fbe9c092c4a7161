"""Small message dialogs: readable errors (never a traceback), questions, and a text viewer.

Questions go through :func:`ask` so tests can answer them without a modal loop.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.archive_faults import explain_error
from app.errors import Cancelled, CuttingsError


def error_message(exc: BaseException) -> str:
    """What to tell the user about ``exc``: the core's own message, or a plain sentence."""
    if isinstance(exc, CuttingsError):
        return str(exc)
    explained = explain_error(exc)  # a damaged or read-only database
    if explained is not None:
        return str(explained)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"The file system refused{where}: {exc.strerror or exc}."
    return f"Something went wrong ({type(exc).__name__}: {exc}). The details were written to the crash log."


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Cuttings") -> QMessageBox | None:
    """A non-blocking warning box with the readable message of ``exc`` (Cancelled is not an error)."""
    if isinstance(exc, Cancelled):
        return None
    return show_message(parent, title, error_message(exc), QMessageBox.Icon.Warning)


def show_message(parent: QWidget | None, title: str, text: str,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Information, details: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("messageBox")
    if details:
        box.setDetailedText(details)
    box.open()
    return box


def question_box(parent: QWidget | None, title: str, text: str,
                 choices: list[str]) -> tuple[QMessageBox, list[QPushButton]]:
    """A question with ``choices`` and Cancel, Cancel the default (Enter never does something for good)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    buttons = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole if n == 0 else QMessageBox.ButtonRole.ActionRole)
               for n, label in enumerate(choices)]
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, buttons


def ask(parent: QWidget | None, title: str, text: str, yes: str = "OK") -> bool:
    """A yes/no question (blocking), Cancel the default. Tests replace this function."""
    box, (ok,) = question_box(parent, title, text, [yes])
    box.exec()
    return box.clickedButton() is ok


def choice_box(parent: QWidget | None, title: str, text: str,
               choices: list[str]) -> tuple[QMessageBox, list[QPushButton]]:
    """Like :func:`question_box`, but the first choice, the safe one, is the default."""
    box, buttons = question_box(parent, title, text, choices)
    box.setDefaultButton(buttons[0])
    return box, buttons


def choose(parent: QWidget | None, title: str, text: str, choices: list[str]) -> str:
    """One of ``choices`` (blocking), the first being the safe default; "" for Cancel. Tests replace this."""
    box, buttons = choice_box(parent, title, text, choices)
    box.exec()
    return next((label for b, label in zip(buttons, choices, strict=True) if b is box.clickedButton()), "")


def show_text(parent: QWidget | None, title: str, text: str, *, monospace: bool = True) -> QDialog:
    """A resizable, non-modal dialog showing ``text`` (help, crash log)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(680, 460)
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    if monospace:
        font = view.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        view.setFont(font)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.show()
    return dialog
