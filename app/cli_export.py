"""`cuttings export`, `backup`, `restore-backup` and `cite`: registered by :mod:`app.cli`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli_output import ProgressBar, print_json

Command = Callable[..., argparse.ArgumentParser]


def register(cmd: Command) -> None:
    """Add the export commands to the `cuttings` parser through its ``cmd`` factory."""
    from app.export.runner import FORMATS, PAGE_SIZES

    p = cmd("export", cmd_export, "export articles as PDF, Markdown, HTML, CSV or a BagIt bag")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", type=Path, required=True,
                   help="a new folder (one file per article), or a file for CSV, --single-file PDF/HTML")
    sel = p.add_mutually_exclusive_group()
    sel.add_argument("--query", help="every article this search finds")
    sel.add_argument("--tag", help="every article with this tag or a tag below it")
    sel.add_argument("--ids", type=int, nargs="+", metavar="ID", help="these articles")
    p.add_argument("--single-file", action="store_true", help="PDF/HTML: all articles in one file")
    p.add_argument("--page-size", choices=PAGE_SIZES, default="A4", type=_page_size, help="PDF paper (default A4)")
    p.add_argument("--original-scans", action="store_true",
                   help="PDF: add each scanned article's original scan, searchable (an invisible text layer)")

    p = cmd("backup", cmd_backup, "write the whole archive (database, photos, captures) to one backup file")
    p.add_argument("file", type=Path, help="the backup file to write, e.g. cuttings-2024-03-05.zip")

    p = cmd("restore-backup", cmd_restore_backup, "restore a backup file into a new or empty --archive")
    p.add_argument("file", type=Path)

    p = cmd("cite", cmd_cite, "print a Chicago-style citation of an article")
    p.add_argument("id", type=int)


def _page_size(text: str) -> str:
    return {"a4": "A4", "letter": "Letter"}.get(text.lower(), text)


def cmd_export(args: argparse.Namespace) -> int:
    from app.cli_commands import open_archive
    from app.export.runner import run_export
    from app.export.selection import select_ids

    with open_archive(args) as archive:
        ids = select_ids(archive, ids=args.ids, query=args.query, tag=args.tag)
        result = run_export(archive, ids, args.format, args.out, single_file=args.single_file,
                            page_size=args.page_size, progress=ProgressBar(f"Exporting {args.format}"),
                            original_scans=args.original_scans)
    if args.json:
        print_json(result.to_json())
    else:
        print(result.summary())
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from app.backup import backup
    from app.cli_commands import archive_path

    report = backup(archive_path(args), args.file, progress=ProgressBar("Backing up"))
    for name in report.missing:
        print(f"cuttings: warning: {name} is missing from the archive and is not in the backup "
              "(`cuttings verify` tells more).", file=sys.stderr)
    if args.json:
        print_json(report.to_json())
    else:
        print(f"Backed up {report.articles} articles and {report.files} files to {report.path} "
              f"({report.bytes / 1e6:.1f} MB).")
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from app.backup import restore_backup
    from app.cli_commands import archive_path

    result: dict[str, Any] = restore_backup(args.file, archive_path(args), progress=ProgressBar("Restoring"))
    if args.json:
        print_json(result)
    else:
        print(f"Restored {result['articles']} articles into {result['archive']} (backup of {result['created_at']}).")
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    from app.citation import cite
    from app.cli_commands import open_archive

    with open_archive(args) as archive:
        citation = cite(archive, args.id)
    print_json(citation.to_json()) if args.json else print(citation.text)
    return 0
