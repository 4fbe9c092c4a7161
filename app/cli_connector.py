"""`cuttings serve` and `cuttings token`: the browser connector's endpoint without the GUI, and its pairing token."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable

from app.cli_output import print_json

Command = Callable[..., argparse.ArgumentParser]


def register(cmd: Command) -> None:
    """Add the connector commands to the `cuttings` parser through its ``cmd`` factory."""
    from app.connector import DEFAULT_PORT

    p = cmd("serve", cmd_serve, f"take clips from the browser extension on 127.0.0.1 (port {DEFAULT_PORT})",
            json_=False)
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port to listen on (default {DEFAULT_PORT})")
    p.add_argument("--no-fetch", action="store_true",
                   help="never download a photo the browser did not send (by default it is fetched, as `clip URL` does)")

    p = cmd("token", cmd_token, "print the pairing token the browser extension needs")
    p.add_argument("--new", action="store_true", help="replace it (paired browsers must be given the new one)")


def cmd_serve(args: argparse.Namespace) -> int:
    from app.cli_commands import open_archive
    from app.connector.server import ConnectorServer
    from app.connector.sink import ArchiveSink

    if not 0 < args.port < 65536:
        print(f"cuttings: --port {args.port} is not a port number (1-65535).", file=sys.stderr)
        return 1
    with open_archive(args, create=True) as archive:
        server = ConnectorServer(ArchiveSink(lambda: archive, allow_network=not args.no_fetch,
                                             on_clipped=lambda aid, _changes: print(f"Clipped {aid}", flush=True)),
                                 port=args.port)
        print(f"Cuttings is taking clips from the browser on {server.url} (archive {archive.path}). "
              "Pair the extension with `cuttings token`. Ctrl+C stops.", flush=True)
        signal.signal(signal.SIGTERM, _stop)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.", flush=True)
        finally:
            server.close()
    return 0


def _stop(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def cmd_token(args: argparse.Namespace) -> int:
    from app.connector import DEFAULT_PORT
    from app.connector.token import load_token, new_token, token_path

    token = new_token() if args.new else load_token()
    if args.json:
        print_json({"token": token, "port": DEFAULT_PORT, "file": str(token_path()), "new": bool(args.new)})
    else:
        print(token)
    return 0
