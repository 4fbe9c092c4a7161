"""The loopback HTTP endpoint the browser extension talks to (``GET /ping``, ``GET /tags``, ``POST /clip``).

Guards, each answered with its own status and nothing stored: the server listens on 127.0.0.1 only; the
``Host`` must be ``127.0.0.1:PORT`` or ``localhost:PORT`` (a DNS-rebinding page arrives with its own name); a
request with a web page's ``Origin`` is refused (no web site can post to the port); ``/clip`` and ``/tags`` need
the pairing token, compared in constant time; the body is JSON of at most :data:`MAX_BODY` bytes.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

import app
from app.connector import DEFAULT_PORT
from app.connector.request import BadClipRequest, ClipRequest, parse_clip_request
from app.connector.token import load_token, tokens_match
from app.errors import CuttingsError

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024 * 1024  # a long page with a few dozen photos, base64 encoded
EXTENSION_ORIGINS = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
TOKEN_HEADER = "X-Cuttings-Token"
READ_TIMEOUT = 30  # seconds a client may take to send its request


class ClipSink(Protocol):
    """Where clips go: the CLI stores them directly, the GUI through its serial writer."""

    def clip(self, request: ClipRequest) -> dict[str, Any]:
        """Store the clip; return ``{"id", "title", "duplicate_of"?}``."""

    def tag_names(self) -> list[str]:
        """Every tag in the archive, for the popup's completion."""


class PortInUse(CuttingsError):
    """The connector's port is taken (another Cuttings is running, or another program)."""


class Refused(Exception):
    """A request the endpoint will not serve; carries the HTTP status and the reason."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


class ConnectorServer:
    """The endpoint on ``127.0.0.1:port`` (port 0 picks a free one), served from a background thread."""

    def __init__(self, sink: ClipSink, *, port: int = DEFAULT_PORT, token: Callable[[], str] = load_token) -> None:
        self.sink = sink
        self._token = token
        try:
            self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler_class(self))
        except OSError as exc:
            raise PortInUse(
                f"Port {port} on 127.0.0.1 is taken ({exc.strerror or exc}): another Cuttings may be running. "
                "Close it, or choose another port with --port (and set the same port in the extension's options)."
            ) from exc
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def token(self) -> str:
        return self._token()

    def start(self) -> None:
        """Serve in a daemon thread until :meth:`close`."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="cuttings-connector", daemon=True)
        self._thread.start()

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def close(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(5)
            self._thread = None
        self._httpd.server_close()

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}


def _handler_class(server: ConnectorServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        connector = server

    return Handler


class _Handler(BaseHTTPRequestHandler):
    connector: ConnectorServer
    server_version = "Cuttings"
    sys_version = ""
    timeout = READ_TIMEOUT

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_OPTIONS(self) -> None:
        self._serve("OPTIONS")

    def _serve(self, method: str) -> None:
        try:
            self._check_host()
            self._check_origin()
            status, answer = self._route(method)
        except Refused as exc:
            log.warning("connector refused %s %s (%d): %s", method, self.path[:200], exc.status, exc)
            status, answer = exc.status, {"error": str(exc)}
        except Exception as exc:  # a bug must not take the endpoint down; the extension shows the message
            log.exception("connector: %s %s failed", method, self.path)
            status, answer = HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"Cuttings could not clip this page ({exc})."}
        self._answer(status, answer)

    def _route(self, method: str) -> tuple[HTTPStatus, dict[str, Any]]:
        path = self.path.split("?", 1)[0]
        routes = {"/ping": "GET", "/tags": "GET", "/clip": "POST"}
        if path not in routes:
            raise Refused(HTTPStatus.NOT_FOUND, f"No such endpoint: {path}. Cuttings answers /ping, /tags and /clip.")
        if method != routes[path]:
            raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, f"{path} takes {routes[path]}, not {method}.")
        if path == "/ping":
            return HTTPStatus.OK, {"app": "cuttings", "version": app.__version__}
        self._check_token()
        if path == "/tags":
            return HTTPStatus.OK, {"tags": self.connector.sink.tag_names()}
        request = self._read_clip()
        try:
            answer = self.connector.sink.clip(request)
        except CuttingsError as exc:
            raise Refused(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc)) from exc
        return (HTTPStatus.OK if "duplicate_of" in answer else HTTPStatus.CREATED), answer

    def _check_host(self) -> None:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.connector.allowed_hosts():
            raise Refused(HTTPStatus.FORBIDDEN, f"Host {host[:100]!r} is not allowed: use 127.0.0.1:{self.connector.port}.")

    def _check_origin(self) -> None:
        origin = (self.headers.get("Origin") or "").strip().lower()
        if origin and origin != "null" and not origin.startswith(EXTENSION_ORIGINS):
            raise Refused(HTTPStatus.FORBIDDEN, "Web pages may not talk to Cuttings; only its browser extension may.")
        if origin == "null":
            raise Refused(HTTPStatus.FORBIDDEN, "Requests from sandboxed or local pages are refused.")

    def _check_token(self) -> None:
        given = self.headers.get(TOKEN_HEADER)
        if not given:
            auth = self.headers.get("Authorization") or ""
            given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not given:
            raise Refused(HTTPStatus.UNAUTHORIZED,
                          "The pairing token is missing: copy it from Cuttings (Preferences, or `cuttings token`).")
        if not tokens_match(given.strip(), self.connector.token()):
            raise Refused(HTTPStatus.FORBIDDEN,
                          "The pairing token is wrong: copy the current one from Cuttings (Preferences, or `cuttings token`).")

    def _read_clip(self) -> ClipRequest:
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Send the clip as application/json.")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "The request needs a Content-Length.")
        try:
            length = int(length_header)
        except ValueError as exc:
            raise Refused(HTTPStatus.BAD_REQUEST, "Content-Length is not a number.") from exc
        if length < 0:
            raise Refused(HTTPStatus.BAD_REQUEST, "Content-Length is negative.")
        if length > MAX_BODY:
            self.close_connection = True  # the body is not read: the socket cannot be reused
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                          f"The clip is {length / 2**20:.0f} MB; the limit is {MAX_BODY // 2**20} MB.")
        body = self.rfile.read(length)
        if len(body) != length:
            raise Refused(HTTPStatus.BAD_REQUEST, "The request body ended early.")
        try:
            return parse_clip_request(body)
        except BadClipRequest as exc:
            raise Refused(HTTPStatus.BAD_REQUEST, str(exc)) from exc

    def _answer(self, status: HTTPStatus, answer: dict[str, Any]) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("connector: " + format, *args)
