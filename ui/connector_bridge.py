"""The browser connector inside the app: the endpoint runs while the window is open, and its clips are stored
by the window's serial writer, so they queue behind an import like any other write."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.archive import Archive
from app.changes import OpChanges, OpChangesWith
from app.connector import DEFAULT_PORT
from app.errors import CuttingsError
from app.model import Article
from ui.settings import settings
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.connector.server import ConnectorServer

log = logging.getLogger(__name__)

STORE_TIMEOUT = 300  # seconds a clip may wait behind other writes (a long import) before the browser is told


def connector_port() -> int:
    """``$CUTTINGS_CONNECTOR_PORT`` (0 picks a free port), else the saved preference, else the default."""
    env = os.environ.get("CUTTINGS_CONNECTOR_PORT")
    if env is not None and env.strip().isdigit():
        return int(env)
    try:
        return int(str(settings().value("connector/port", DEFAULT_PORT)))
    except ValueError:
        return DEFAULT_PORT


def connector_enabled() -> bool:
    return str(settings().value("connector/enabled", "true")).lower() != "false"


class _Pending:
    """One write handed from the endpoint's thread to the writer, and its outcome."""

    def __init__(self, fn: Callable[[], OpChangesWith[Article]], archive: Archive) -> None:
        self.fn, self.archive = fn, archive
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.abandoned = False
        self.value: OpChangesWith[Article] | None = None
        self.error: BaseException | None = None

    def run(self) -> OpChangesWith[Article] | None:
        with self.lock:
            if self.abandoned:  # the browser was already told it failed: storing now would surprise it
                return None
        try:
            self.value = self.fn()
            self.archive.flush_index()
        except BaseException as exc:
            self.error = exc
        finally:
            self.done.set()
        return self.value


class ConnectorBridge(QObject):
    """Runs :class:`ConnectorServer` for the window; ``clipped`` fires in the GUI thread for each new article
    (its id, its title, and the OpChanges the archive gave back)."""

    clipped = Signal(int, str, object)
    _submit = Signal(object)

    def __init__(self, archive: Callable[[], Archive], writer: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._archive = archive
        self._writer = writer
        self.server: ConnectorServer | None = None
        self.problem = ""  # why the endpoint is not running, for the status bar and the panel
        self._submit.connect(self._on_submit)  # emitted from the endpoint's thread: queued to ours

    @property
    def port(self) -> int | None:
        return self.server.port if self.server else None

    def start(self, port: int | None = None) -> bool:
        """Listen on 127.0.0.1; False (and :attr:`problem` says why) when the port is taken."""
        from app.connector.server import ConnectorServer, PortInUse  # http.server: imported when it starts
        from app.connector.sink import ArchiveSink

        self.stop()
        sink = ArchiveSink(self._archive, write=self._write, on_clipped=self._announce)
        try:
            self.server = ConnectorServer(sink, port=connector_port() if port is None else port)
        except PortInUse as exc:
            self.problem = str(exc)
            log.warning("%s", exc)
            return False
        self.problem = ""
        self.server.start()
        return True

    def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def _write(self, fn: Callable[[], OpChangesWith[Article]]) -> OpChangesWith[Article]:
        """In the endpoint's thread: queue ``fn`` on the writer and wait for it."""
        pending = _Pending(fn, self._archive())
        self._submit.emit(pending)
        if not pending.done.wait(STORE_TIMEOUT):
            with pending.lock:
                pending.abandoned = not pending.done.is_set()
            if pending.abandoned:
                raise CuttingsError("Cuttings is busy with other work and did not store the clip. Try again when it is done.")
        if pending.error is not None:
            raise pending.error
        assert pending.value is not None
        return pending.value

    def _on_submit(self, pending: Any) -> None:
        try:
            self._writer.call("Clipping from the browser", pending.run)
        except RuntimeError:  # the window is closing and its writer has stopped
            pending.error = CuttingsError("Cuttings is closing; the clip was not stored.")
            pending.done.set()

    def _announce(self, article_id: int, changes: OpChanges) -> None:
        try:
            title = self._archive().get(article_id).title
        except CuttingsError:
            title = ""
        self.clipped.emit(article_id, title, changes)
