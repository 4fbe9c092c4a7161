"""`cuttings token` and `cuttings serve` in a subprocess, as a user runs them."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.test_cli import run
from tests.unit.test_connector_server import harbour_payload


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_token_prints_the_same_token_until_new_replaces_it(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    first = run(arc, "token").stdout.strip()
    data = json.loads(run(arc, "token", "--json").stdout)
    assert data["token"] == first and data["port"] == 23120 and data["new"] is False
    renewed = json.loads(run(arc, "token", "--new", "--json").stdout)
    assert renewed["new"] is True and renewed["token"] != first
    assert run(arc, "token").stdout.strip() == renewed["token"]


def test_serve_takes_a_clip_and_stops_on_sigterm(tmp_path: Path) -> None:
    arc = tmp_path / "a.cuttings"
    token = run(arc, "token").stdout.strip()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "app", "--archive", str(arc), "serve", "--port", str(port),
                             "--no-fetch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ)
    try:
        banner = proc.stdout.readline() if proc.stdout else ""
        assert f"http://127.0.0.1:{port}" in banner
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/ping")
        assert json.loads(conn.getresponse().read())["app"] == "cuttings"
        conn.request("POST", "/clip", json.dumps(harbour_payload()).encode(),
                     {"Content-Type": "application/json", "X-Cuttings-Token": token})
        resp = conn.getresponse()
        answer = json.loads(resp.read())
        conn.close()
        assert resp.status == 201, answer
        assert proc.stdout and proc.stdout.readline().strip() == f"Clipped {answer['id']}"
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    shown = json.loads(run(arc, "show", str(answer["id"]), "--json").stdout)
    assert len(shown["photos"]) == 2 and shown["url"].endswith("/harbour-morgue")


def test_serve_on_a_taken_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        started = time.monotonic()
        proc = run(tmp_path / "a.cuttings", "serve", "--port", str(port), check=False)
    assert proc.returncode == 1 and time.monotonic() - started < 60
    assert f"Port {port} on 127.0.0.1 is taken" in proc.stderr and "Traceback" not in proc.stderr
