"""The window takes clips from the browser while it is open: they appear in the list; the panel pairs."""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path
from typing import Any

from app.archive import Archive
from app.connector.token import load_token
from tests.unit.test_connector_server import harbour_payload


def post(port: int, payload: dict[str, Any], token: str) -> tuple[int, dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", "/clip", json.dumps(payload).encode(),
                 {"Content-Type": "application/json", "X-Cuttings-Token": token})
    resp = conn.getresponse()
    data = json.loads(resp.read())
    conn.close()
    return resp.status, data


def listening(qtbot: Any, window: Any) -> int:
    """The port of the window's endpoint, once it listens (it starts just after the window is on screen)."""
    qtbot.waitUntil(lambda: window.connector.port is not None or bool(window.connector.problem), timeout=10_000)
    port = window.connector.port
    assert port, window.connector.problem
    return int(port)


def test_the_endpoint_starts_after_the_window_is_built_not_while(qtbot: Any, empty_archive: Path) -> None:
    from ui.main import create_main_window

    window = create_main_window(empty_archive)
    try:
        assert window.connector.server is None and not window.connector.problem  # not started while building
        window.show()
        listening(qtbot, window)
    finally:
        window.close()
    assert window.connector.server is None  # closing the window stops it


def test_a_clip_from_the_browser_appears_in_the_open_windows_list(qtbot: Any, open_window: Any,
                                                                  empty_archive: Path) -> None:
    window = open_window(empty_archive)
    port = listening(qtbot, window)
    answers: list[tuple[int, dict[str, Any]]] = []
    worker = threading.Thread(target=lambda: answers.append(post(port, harbour_payload(), load_token())))
    worker.start()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=30_000)
    worker.join(30)
    status, data = answers[0]
    assert status == 201
    assert window.model.article_id(0) == data["id"]
    assert "Clipped from the browser" in window.status.currentMessage()
    article = window.archive.get(data["id"])
    assert len(article.photos) == 2 and sorted(article.tags) == ["connector", "places/Harbour"]

    again: list[tuple[int, dict[str, Any]]] = []
    worker = threading.Thread(target=lambda: again.append(post(port, harbour_payload(), load_token())))
    worker.start()
    qtbot.waitUntil(lambda: bool(again), timeout=30_000)
    assert again[0][0] == 200 and again[0][1]["duplicate_of"] == data["id"]
    assert window.model.rowCount() == 1


def test_the_connector_dialog_shows_the_status_and_a_hidden_token_that_can_be_renewed(
        qtbot: Any, open_window: Any, empty_archive: Path, monkeypatch: Any) -> None:
    from ui import dialogs

    window = open_window(empty_archive)
    listening(qtbot, window)
    dialog = window.show_connector()
    panel = dialog.panel
    assert f"127.0.0.1:{window.connector.port}" in panel.status.text()
    assert panel.token.echoMode() == panel.token.EchoMode.Password
    assert panel.token.text() == load_token()
    panel.show_button.click()
    assert panel.token.echoMode() == panel.token.EchoMode.Normal
    old = load_token()
    monkeypatch.setattr(dialogs, "ask", lambda *a, **k: True)
    panel.new_button.click()
    assert load_token() != old and panel.token.text() == load_token()
    # the window's endpoint checks the new token at once
    assert post(window.connector.port, harbour_payload(), old)[0] == 403
    dialog.close()


def test_a_taken_port_leaves_the_window_working_and_says_why(qtbot: Any, open_window: Any, empty_archive: Path,
                                                             tmp_path: Path, monkeypatch: Any) -> None:
    first = open_window(empty_archive)
    other = tmp_path / "other.cuttings"
    Archive.create(other).close()
    monkeypatch.setenv("CUTTINGS_CONNECTOR_PORT", str(listening(qtbot, first)))
    second = open_window(other)
    qtbot.waitUntil(lambda: bool(second.connector.problem), timeout=10_000)
    assert second.connector.server is None
    assert "another Cuttings may be running" in second.connector.problem
    assert "browser connector is off" in second.status.currentMessage()
