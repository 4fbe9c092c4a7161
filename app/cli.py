"""The `cuttings` command line: thin over :class:`app.archive.Archive`, every data command with ``--json``."""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.errors import CuttingsError
from app.search_help import SEARCH_SYNTAX

Handler = Callable[[argparse.Namespace], int]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only`` (a command's name) a parser that knows just that command, which parses its
    arguments exactly as the whole one does (a new ``cuttings search`` process builds one sub-parser, not 30)."""
    from app import cli_commands as c

    parser = argparse.ArgumentParser(
        prog="cuttings",
        description="Cuttings: an archive for press cuttings. Clip, tag, search and export news articles.",
        epilog="The archive is --archive PATH, else $CUTTINGS_ARCHIVE, else 'My Archive.cuttings' in your data folder.",
    )
    parser.add_argument("--version", action="version", version=f"cuttings {__version__}")
    parser.add_argument("--archive", type=Path, help="the archive folder to use")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    made: list[str] = []

    def cmd(name: str, handler: Handler, help_: str, json_: bool = True, **kw: object) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return _SKIPPED  # type: ignore[return-value]
        made.append(name)
        p = sub.add_parser(name, help=help_, description=help_, **kw)  # type: ignore[arg-type]
        if json_:
            p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(handler=handler)
        return p

    cmd("init", c.cmd_init, "create the archive (with --samples: the sample cuttings)").add_argument(
        "--samples", action="store_true", help="clip the bundled sample cuttings")

    p = cmd("clip", c.cmd_clip, "clip a text, Markdown, HTML or image file, a saved-page folder, a URL, or - (stdin)")
    p.add_argument("source", help="FILE, FOLDER, URL or - for standard input")
    p.add_argument("--tag", action="append", default=[], help="add this tag (repeatable)")
    p.add_argument("--allow-duplicate", action="store_true", help="keep a second copy of an article already clipped")
    p.add_argument("--base-url", default="", help="with HTML on stdin: the page's address, for relative links")
    p.add_argument("--format", choices=["auto", "text", "markdown", "html"], default="auto", help="stdin's format")
    _ocr_options(p)
    p.add_argument("--per-page", action="store_true", help="a PDF: one article for each page")

    p = cmd("extract", c.cmd_extract, "show what clipping would store, and store nothing")
    p.add_argument("source", help="FILE, FOLDER, URL or -")
    p.add_argument("--base-url", default="")
    p.add_argument("--format", choices=["auto", "text", "markdown", "html"], default="auto")
    _ocr_options(p)

    p = cmd("reextract", c.cmd_reextract, "extract an article again from its stored capture")
    p.add_argument("id", type=int)

    p = cmd("import", c.cmd_import, "clip every cutting in folders and files, and import exports of Pocket, "
            "Wallabag, Evernote (ENEX), Joplin (JEX/RAW), Karakeep, Readwise Reader and browser bookmarks")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--tag", action="append", default=[])
    p.add_argument("--allow-duplicate", action="store_true")
    p.add_argument("--workers", type=int, default=None, help="extraction processes (default: one per core)")

    p = cmd("fetch-pending", c.cmd_fetch_pending,
            "fetch the pages of link-only articles (imported bookmarks and read-later lists)")
    p.add_argument("--limit", type=int, default=None, help="at most this many pages")
    p.add_argument("--delay", type=float, default=1.0, help="seconds between two requests to one site (default 1)")
    p.add_argument("--retry-failed", action="store_true", help="try again the addresses that failed three times")

    p = cmd("list", c.cmd_list, "list articles, newest clipped first")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--trash", action="store_true", help="list the trash instead")
    p.add_argument("--link-only", action="store_true", help="list the link-only articles waiting to be fetched")

    p = cmd("show", c.cmd_show, "show one article")
    p.add_argument("id", type=int)

    p = cmd("edit", c.cmd_edit, "change an article's metadata")
    p.add_argument("id", type=int)
    for field in ("title", "subtitle", "source", "place", "published", "url", "language", "notes"):
        p.add_argument(f"--{field}")
    p.add_argument("--authors", help="authors separated by ';'")
    p.add_argument("--star", action="store_true", default=None)
    p.add_argument("--unstar", action="store_true", default=None)
    p.add_argument("--read", dest="mark_read", action="store_true", default=None)
    p.add_argument("--unread", action="store_true", default=None)

    p = cmd("tag", c.cmd_tag, "add or remove tags on one or more articles")
    p.add_argument("ids", type=int, nargs="+")
    p.add_argument("--add", action="append", default=[])
    p.add_argument("--remove", action="append", default=[])

    p = cmd("tags", c.cmd_tags, "list tags; or: tags rename OLD NEW | merge FROM INTO | delete TAG | color TAG #rrggbb")
    p.add_argument("action", nargs="?", choices=["list", "rename", "merge", "delete", "color"], default="list")
    p.add_argument("names", nargs="*")

    p = cmd("search", c.cmd_search, "search the archive", formatter_class=argparse.RawDescriptionHelpFormatter,
            epilog=SEARCH_SYNTAX)
    p.add_argument("query", nargs="?", default=None)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--sort", choices=["relevance", "published", "clipped"], default="relevance")
    p.add_argument("--batch", type=Path, help="a file with one query per line: one JSON result per line")
    p.add_argument("--complete", action="store_true",
                   help="expand prefix and fuzzy words (digit*, harbor~) to every matching word: an exact count")

    p = cmd("delete", c.cmd_delete, "move articles to the trash")
    p.add_argument("ids", type=int, nargs="+")
    p = cmd("restore", c.cmd_restore, "bring articles back from the trash")
    p.add_argument("ids", type=int, nargs="+")
    cmd("trash", c.cmd_trash, "list the trash")
    p = cmd("purge", c.cmd_purge, "delete trashed articles for good")
    p.add_argument("ids", type=int, nargs="*", help="only these (default: the whole trash)")

    p = cmd("verify", c.cmd_verify, "check the database, every photo's checksum and the index")
    p.add_argument("--repair", action="store_true", help="rebuild the index and remove orphan files")
    cmd("reindex", c.cmd_reindex, "rebuild the search index from the database")
    cmd("stats", c.cmd_stats, "counts and sizes")
    p = cmd("events", c.cmd_events, "the audit log")
    p.add_argument("--id", type=int, default=None)
    p.add_argument("--limit", type=int, default=50)

    if only is None or not made:  # every command, or one of those that other modules add
        from app import cli_connector, cli_export, cli_recover

        cli_export.register(cmd)
        cli_connector.register(cmd)
        cli_recover.register(cmd)
    if only is not None and not made:  # no such command: the whole parser says so
        return build_parser()
    return parser


class _Skipped:
    """Stands for the parser of a command that ``build_parser(only=...)`` leaves out: its arguments go nowhere."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        pass

    def add_mutually_exclusive_group(self, **kwargs: object) -> _Skipped:
        return self


_SKIPPED = _Skipped()


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, when nothing before it but ``--archive PATH`` (else None: build every command,
    for ``--help``, ``--version``, an abbreviated option or a mistake)."""
    args = iter(argv)
    for arg in args:
        if arg == "--archive":
            next(args, None)
        elif not arg.startswith("--archive="):
            return None if arg.startswith("-") else arg
    return None


def _ocr_options(p: argparse.ArgumentParser) -> None:
    ocr = p.add_mutually_exclusive_group()
    ocr.add_argument("--ocr", dest="ocr", action="store_true", default=None,
                     help="read an image or PDF as a scanned cutting (default: when it looks like one)")
    ocr.add_argument("--no-ocr", dest="ocr", action="store_false", help="keep an image as a photo")
    p.add_argument("--lang", default="auto", help="OCR languages, e.g. eng, kor, eng+kor (default: by the script)")


def main(argv: Sequence[str] | None = None) -> int:
    # Building the parser imports the core: many objects and no garbage, so collecting meanwhile only costs
    # time (30-45 ms of a new process); frozen, they stay out of later collections too.
    gc.disable()
    try:
        parser = build_parser(command_named(sys.argv[1:] if argv is None else argv))
    finally:
        gc.freeze()
        gc.enable()
    args = parser.parse_args(argv)
    code = _run(args)
    if argv is None and args.command in QUICK_EXIT:
        _exit_now(code)
    return code


#: Commands that leave nothing behind once they return (the archive closed, no threads, no child processes): a
#: process running one as its whole job ends without tearing the interpreter down (~15 ms of a `cuttings search`).
QUICK_EXIT = frozenset({"search"})


def _exit_now(code: int) -> None:
    """End the process with ``code`` once what it printed is out; if that fails, return (Python's exit reports it)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args) or 0)
    except CuttingsError as exc:
        print(f"cuttings: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cuttings: interrupted; everything stored so far is safe.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"cuttings: {args.command} failed: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        message = _database_error(args, exc)
        if message is None:
            raise
        print(f"cuttings: {message}", file=sys.stderr)
        return 1


def _database_error(args: argparse.Namespace, exc: sqlite3.DatabaseError) -> str | None:
    """What to say about an SQLite error that reached the top: a damaged or read-only database (what to do),
    or a full disk; None for anything else."""
    from app.cli_commands import archive_path
    from app.store.db import explain

    error = explain(exc, archive_path(args) / "archive.sqlite3")
    if error is not None:
        return str(error)
    if isinstance(exc, sqlite3.OperationalError) and ("full" in str(exc) or "disk I/O" in str(exc)):
        # SQLite on a full disk: "database or disk is full", "disk I/O error"
        return (f"{args.command} failed: the database in {args.archive or 'the archive'} could not be written "
                f"({exc}); nothing of this change was stored. Is the disk full? Free some space and try again.")
    return None

if __name__ == "__main__":
    sys.exit(main())
