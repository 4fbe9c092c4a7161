"""`cuttings recover`: registered by :mod:`app.cli`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli_output import ProgressBar, print_json


def register(cmd: Callable[..., argparse.ArgumentParser]) -> None:
    p = cmd("recover", cmd_recover, "salvage a damaged archive into a new archive folder (the damaged one is left "
            "as it is)")
    p.add_argument("--out", type=Path, default=None,
                   help="the new archive folder (default: beside it, named '… (recovered)')")


def cmd_recover(args: argparse.Namespace) -> int:
    from app.cli_commands import archive_path
    from app.recover import default_out, recover

    source = archive_path(args)
    report = recover(source, args.out or default_out(source), progress=ProgressBar("Recovering"))
    if args.json:
        print_json(report.to_json())
        return 0
    rows: dict[str, Any] = report.rows
    print(f"Recovered into {report.out}: {rows.get('articles', 0)} articles, {rows.get('photos', 0)} photos, "
          f"{rows.get('tags', 0)} tags, {report.media_files} media files.")
    if report.from_cut_off_pages:
        print(f"  {report.from_cut_off_pages} rows came from pages a damaged page had cut off.")
    for table, n in report.dropped.items():
        print(f"  {n} {table} rows left out: their article or tag was lost.")
    if report.unplaced:
        print(f"  {report.unplaced} rows could not be told apart and were left out.")
    if report.index_knew is not None:
        if report.missing_ids:
            shown = ", ".join(map(str, report.missing_ids[:30])) + (" …" if len(report.missing_ids) > 30 else "")
            print(f"  The old search index knew {report.index_knew} articles; {len(report.missing_ids)} of them were "
                  f"not recovered: {shown}.")
        else:
            print(f"  Every one of the {report.index_knew} articles the old search index knew was recovered.")
    print(f"Check it with `cuttings --archive \"{report.out}\" verify`; the damaged archive was not changed.")
    return 0
