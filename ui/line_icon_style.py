"""Fusion with the app's line icons on dialog buttons (OK, Cancel, Save, Close…) instead of Qt's old
coloured ones (a green arrow, a red X, a floppy disk) beside the line icons everywhere else."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from ui import icons

SP = QStyle.StandardPixmap

#: Qt's standard dialog-button pixmaps -> our icon names (resources/icons)
DIALOG_ICONS = {
    SP.SP_DialogOkButton: "check", SP.SP_DialogApplyButton: "check", SP.SP_DialogYesButton: "check",
    SP.SP_DialogSaveButton: "check", SP.SP_DialogCancelButton: "close", SP.SP_DialogNoButton: "close",
    SP.SP_DialogCloseButton: "close", SP.SP_DialogAbortButton: "close", SP.SP_DialogIgnoreButton: "close",
    SP.SP_DialogDiscardButton: "trash", SP.SP_DialogResetButton: "restore", SP.SP_DialogRetryButton: "restore",
    SP.SP_DialogHelpButton: "help", SP.SP_DialogOpenButton: "folder",
}  # fmt: skip


class LineIconStyle(QProxyStyle):
    """The Fusion style; dialog buttons get line icons drawn in the palette's text colour."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    def standardIcon(self, standardIcon: QStyle.StandardPixmap, option: QStyleOption | None = None,
                     widget: QWidget | None = None) -> QIcon:
        name = DIALOG_ICONS.get(standardIcon)
        if name is not None:
            return icons.icon(name)
        return super().standardIcon(standardIcon, option, widget)
