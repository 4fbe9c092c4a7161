"""A real HTTP server on 127.0.0.1 for tests (no internet): ``with serve(Handler) as base_url: ...``."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler], *, wrap: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port in a thread (over TLS with ``wrap``); yields the base URL
    (``http://``: the caller says ``https://`` when it wraps), shuts down after."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if wrap is not None:
        httpd.socket = wrap.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
