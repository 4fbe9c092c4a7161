"""The browser connector's settings: whether Cuttings is taking clips, the pairing token, how to install it.

A panel of its own so the Preferences dialog can hold it too; :class:`ConnectorDialog` shows it alone.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.connector.token import load_token, new_token
from ui import dialogs
from ui.connector_bridge import ConnectorBridge

EXTENSION_FOLDER = Path(str(files("resources") / "connector"))
INSTALL_HELP = (
    "<b>Install the extension once.</b> Chromium, Chrome, Edge: open <code>chrome://extensions</code>, turn on "
    "Developer mode, choose <i>Load unpacked</i> and pick the extension folder. Firefox: open "
    "<code>about:debugging</code>, <i>This Firefox</i>, <i>Load Temporary Add-on…</i> and pick "
    "<code>manifest.json</code> in that folder. Then click its toolbar button and paste the token."
)


class ConnectorPanel(QWidget):
    """Status, token (hidden until shown), copy, new token, and the extension's folder."""

    def __init__(self, bridge: ConnectorBridge | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectorPanel")
        self.bridge = bridge
        self.status = QLabel()
        self.status.setObjectName("connectorStatus")
        self.status.setWordWrap(True)
        self.token = QLineEdit(load_token())
        self.token.setObjectName("connectorToken")
        self.token.setReadOnly(True)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setMinimumWidth(260)
        self.show_button = QPushButton("Show")
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._reveal)
        self.copy_button = QPushButton("Copy")
        self.copy_button.clicked.connect(self.copy_token)
        self.new_button = QPushButton("New Token…")
        self.new_button.clicked.connect(self._ask_new_token)
        row = QHBoxLayout()
        row.addWidget(self.token, 1)
        for button in (self.show_button, self.copy_button, self.new_button):
            row.addWidget(button)
        self.folder_button = QPushButton("Show Extension Folder")
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(EXTENSION_FOLDER))))
        help_label = QLabel(INSTALL_HELP)
        help_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Status:", self.status)
        form.addRow("Pairing token:", row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(help_label)
        folder_row = QHBoxLayout()
        folder_row.addStretch(1)
        folder_row.addWidget(self.folder_button)
        layout.addLayout(folder_row)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        bridge = self.bridge
        if bridge is not None and bridge.server is not None:
            self.status.setText(f"Taking clips from the browser on {bridge.server.url}.")
        elif bridge is not None and bridge.problem:
            self.status.setText(f"Not taking clips: {bridge.problem}")
        else:
            self.status.setText("Not taking clips (the connector is switched off).")

    def _reveal(self, shown: bool) -> None:
        self.token.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_button.setText("Hide" if shown else "Show")

    def copy_token(self) -> None:
        QGuiApplication.clipboard().setText(self.token.text())

    def _ask_new_token(self) -> None:
        if dialogs.ask(self, "New Pairing Token",
                       "Make a new token? Browsers paired with the old one must be given the new one.", "New Token"):
            self.replace_token()

    def replace_token(self) -> str:
        token = new_token()
        self.token.setText(token)
        return token


class ConnectorDialog(QDialog):
    """Tools ▸ Browser Connector…"""

    def __init__(self, bridge: ConnectorBridge | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Browser Connector")
        self.setObjectName("connectorDialog")
        self.panel = ConnectorPanel(bridge, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        self.resize(580, self.sizeHint().height())
