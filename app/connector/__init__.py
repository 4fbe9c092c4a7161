"""The browser connector's local endpoint: the extension posts the page the user sees to 127.0.0.1.

``cuttings serve`` and the desktop app both run :class:`~app.connector.server.ConnectorServer`; a pairing token
(:mod:`app.connector.token`) keeps every other program and every web page out.
"""

from __future__ import annotations

#: The documented default port (README, the extension's options). Zotero's connector uses 23119; ours is near.
DEFAULT_PORT = 23120
