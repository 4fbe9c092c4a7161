"""The handlers behind each `cuttings` command."""

from __future__ import annotations

import argparse
import html
import json
import sqlite3
import sys
from pathlib import Path

from app.archive import Archive
from app.cli_output import ProgressBar, article_json, article_line, article_text, print_json
from app.errors import CuttingsError, QueryError
from app.model import ClipResult
from app.paths import default_archive_path
from app.places import display_place


def archive_path(args: argparse.Namespace) -> Path:
    return args.archive or default_archive_path()


def open_archive(args: argparse.Namespace, create: bool = False) -> Archive:
    return Archive.open(archive_path(args), create=create)


def _read_source(args: argparse.Namespace) -> ClipResult:
    from app.clip.dispatch import clip_bytes, clip_source

    if args.source == "-":
        data = sys.stdin.buffer.read()
        if not data.strip():
            raise CuttingsError("Nothing on standard input to clip.")
        return clip_bytes(data, kind=args.format, base_url=args.base_url)
    if str(args.source).lower().endswith(".pdf") and Path(args.source).is_file():  # long: a progress bar
        from app.clip.scan_source import clip_scan_file

        return clip_scan_file(Path(args.source), lang=args.lang, progress=ProgressBar("Reading the PDF"))
    return clip_source(args.source, ocr=getattr(args, "ocr", None), lang=getattr(args, "lang", "auto"))


def _warn(warnings: list[str]) -> None:
    for w in warnings:
        print(f"cuttings: warning: {w}", file=sys.stderr)


def cmd_init(args: argparse.Namespace) -> int:
    path = archive_path(args)
    with Archive.create(path) as archive:
        added = []
        if args.samples:
            from app.samples import add_samples

            added = add_samples(archive)
        if args.json:
            print_json({"archive": str(path), "samples": added})
        else:
            print(f"Archive ready at {path}" + (f" with {len(added)} sample cuttings." if added else "."))
    return 0


def cmd_clip(args: argparse.Namespace) -> int:
    results = _read_pages(args) if getattr(args, "per_page", False) else [_read_source(args)]
    with open_archive(args, create=True) as archive:
        for result in results:
            _warn(result.warnings)
            article = archive.add(result, tags_=args.tag, allow_duplicate=args.allow_duplicate).value
            if args.json:
                print_json(article_json(article))
            else:
                print(f"Clipped {article.id}: {article.title}")
    return 0


def _read_pages(args: argparse.Namespace) -> list[ClipResult]:
    """One article for each page of a PDF (``clip FILE.pdf --per-page``)."""
    from app.clip.pdf import clip_pdf_pages

    path = Path(args.source)
    if path.suffix.lower() != ".pdf":
        raise CuttingsError(f"{path}: --per-page is for PDFs.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CuttingsError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    return clip_pdf_pages(data, filename=path.name, lang=args.lang, per_page=True,
                          progress=ProgressBar("Reading pages"))


def cmd_extract(args: argparse.Namespace) -> int:
    result = _read_source(args)
    _warn(result.warnings)
    if args.json:
        data = article_json(result.article)
        data["capture"] = result.capture.to_json()
        data["warnings"] = result.warnings
        print_json(data)
    else:
        print(article_text(result.article))
    return 0


def cmd_reextract(args: argparse.Namespace) -> int:
    from app.reextract import reextract

    with open_archive(args) as archive:
        article, warnings = reextract(archive, args.id)
        _warn(warnings)
        if args.json:
            print_json(article_json(article))
        else:
            print(f"Re-extracted {article.id}: {article.title}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.imports.folder import import_paths

    with open_archive(args, create=True) as archive:
        report = import_paths(archive, args.paths, tags=args.tag, allow_duplicate=args.allow_duplicate,
                              workers=args.workers, progress=ProgressBar("Importing"))
    if args.json:
        print_json(report.to_json())
    else:
        skipped = f", {len(report.skipped)} skipped" if report.skipped else ""
        print(f"Imported {len(report.added)}, {len(report.duplicates)} already there, {len(report.failed)} failed{skipped}.")
        for path, reason in report.skipped:
            print(f"  skipped: {path}: {reason}", file=sys.stderr)
        for path, error in report.failed:
            print(f"  failed: {error}" if path in error else f"  failed: {path}: {error}", file=sys.stderr)
        for path, warning in report.warnings:
            print(f"  warning: {path}: {warning}", file=sys.stderr)
    return 1 if report.failed and not report.added else 0


def cmd_fetch_pending(args: argparse.Namespace) -> int:
    from app.imports.pending import fetch_pending

    with open_archive(args) as archive:
        report = fetch_pending(archive, limit=args.limit, delay=max(args.delay, 0.0), retry_failed=args.retry_failed,
                               progress=ProgressBar("Fetching"))
    if args.json:
        print_json(report.to_json())
    else:
        print(f"Fetched {len(report.fetched)}, {len(report.failed)} failed, {report.remaining} still waiting.")
        for article_id, url, error in report.failed:
            print(f"  failed: {article_id} {url}: {error}", file=sys.stderr)
    return 1 if report.failed and not report.fetched else 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        if getattr(args, "link_only", False):
            ids = archive.imports.link_only_ids()[: args.limit]
        else:
            ids = archive.ids(trashed=args.trash, limit=args.limit, order="clipped")
        articles = archive.get_many(ids)
    if args.json:
        print_json([article_json(a) for a in articles])
    else:
        for a in articles:
            print(article_line(a))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        article = archive.get(args.id)
        link_only = archive.imports.is_link_only(args.id)
        sources = archive.imports.import_sources(args.id)
        captures = archive.captures(article.id or args.id) if args.json else []
    if args.json:
        data = article_json(article)
        data["captures"] = [c.to_json() for c in captures]
        data["link_only"] = link_only
        data["imported_from"] = [{"tool": s.tool, "item_id": s.item_id, "export_sha256": s.export_sha256,
                                  "locator": s.locator, "original_url": s.original_url} for s in sources]
        print_json(data)
    else:
        print(article_text(article))
        if link_only:
            print("\nLink only: the page has not been fetched yet (cuttings fetch-pending).")
        for s in sources:
            print(f"Imported from {s.tool} ({s.locator}).")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    fields: dict[str, object] = {
        k: getattr(args, k)
        for k in ("title", "subtitle", "source", "place", "published", "url", "language", "notes")
        if getattr(args, k) is not None
    }
    if args.published:
        from app.dates import normalise_partial_date

        fields["published"] = normalise_partial_date(args.published)
    if args.authors is not None:
        fields["authors"] = [a.strip() for a in args.authors.split(";") if a.strip()]
    if args.star:
        fields["starred"] = True
    if args.unstar:
        fields["starred"] = False
    if args.mark_read:
        fields["read"] = True
    if args.unread:
        fields["read"] = False
    if not fields:
        raise CuttingsError("Nothing to change: give --title, --place, --published, --source, ... (see `cuttings edit -h`).")
    with open_archive(args) as archive:
        article = archive.update(args.id, **fields).value
    print_json(article_json(article)) if args.json else print(f"Saved {article.id}: {article.title}")
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    if not args.add and not args.remove:
        raise CuttingsError("Give --add TAG and/or --remove TAG.")
    with open_archive(args) as archive:
        archive.tag(args.ids, add=args.add, remove=args.remove)
        articles = archive.get_many(args.ids)
    if args.json:
        print_json([{"id": a.id, "tags": a.tags} for a in articles])
    else:
        for a in articles:
            print(f"{a.id}: {', '.join(a.tags) or '(no tags)'}")
    return 0


def _tag_change_summary(archive: Archive, action: str, names: list[str]) -> str:
    """What `tags rename/merge/delete/color` is about to do, said as done (counted before the change)."""
    from app.listing import list_ids
    from app.store.tags import normalise_tag

    tags = archive.tags()
    name = normalise_tag(names[0])
    name = next((t.name for t in tags if t.name.lower() == name.lower()), name)  # as stored
    below = sum(1 for t in tags if t.name.lower().startswith(name.lower() + "/"))
    n = len(list_ids(archive.reader, "tag", name))
    articles = f"{n} article{'s' if n != 1 else ''}"
    under = f" (and {below} tag{'s' if below != 1 else ''} below it)" if below else ""
    if action == "rename":
        return f"Renamed tag {name}{under} to {normalise_tag(names[1])}, on {articles}."
    if action == "merge":
        return f"Merged tag {name}{under} into {normalise_tag(names[1])}, on {articles}."
    if action == "delete":
        return f"Deleted tag {name}{under} from {articles}."
    return f"Tag {name} is now coloured {names[1]}."


def cmd_tags(args: argparse.Namespace) -> int:
    need = {"list": 0, "rename": 2, "merge": 2, "delete": 1, "color": 2}[args.action]
    if len(args.names) != need:
        raise CuttingsError(f"`tags {args.action}` takes {need} name(s); e.g. `cuttings tags rename places/Korea asia/Korea`.")
    with open_archive(args) as archive:
        done = _tag_change_summary(archive, args.action, args.names) if args.action != "list" else ""
        if args.action == "rename":
            archive.rename_tag(*args.names)
        elif args.action == "merge":
            archive.merge_tags(*args.names)
        elif args.action == "delete":
            archive.delete_tag(args.names[0])
        elif args.action == "color":
            archive.set_tag_color(*args.names)
        tags = archive.tags()
    if args.json:
        print_json([{"name": t.name, "count": t.count, "color": t.color} for t in tags])
    elif done:
        print(done)
    else:
        for t in tags:
            print(f"{t.count:>6}  {t.name}" + (f"  {t.color}" if t.color else ""))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if args.batch:
        return _search_batch(args)
    if not args.query:
        raise QueryError("Give a query, e.g. `cuttings search \"harbour archive\"` (see `cuttings search -h`).")
    with open_archive(args) as archive:
        result = archive.search(args.query, limit=args.limit, offset=args.offset, sort=args.sort,
                                with_facets=bool(args.json), complete=args.complete)  # text shows no facets
    if args.json:
        print_json(result.to_json())
        return 0
    print(f"{result.total} found")
    if result.incomplete:
        print(f"{result.incomplete} (Or add --complete.)", file=sys.stderr)
    for hit in result.hits:
        meta = " · ".join(x for x in (display_place(hit.place), hit.published, hit.source) if x)
        print(f"{hit.id:>6}  {hit.title}" + (f"  ({meta})" if meta else ""))
        if hit.snippet:
            bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")
            print("        " + html.unescape(hit.snippet.replace("<b>", bold).replace("</b>", plain)))
    return 0


def _search_batch(args: argparse.Namespace) -> int:
    """One query per line in, one JSON object per line out, all in one process."""
    source = sys.stdin if str(args.batch) == "-" else args.batch.open(encoding="utf-8")
    with open_archive(args) as archive:
        for line in source:
            query = line.strip()
            if not query:
                continue
            try:
                data = archive.search(query, limit=args.limit, sort=args.sort, complete=args.complete).to_json()
                data["query"] = query
            except QueryError as exc:
                data = {"query": query, "error": str(exc)}
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        archive.delete(args.ids)
    print_json({"deleted": args.ids}) if args.json else print(f"Moved {len(args.ids)} to the trash.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        archive.restore(args.ids)
    print_json({"restored": args.ids}) if args.json else print(f"Restored {len(args.ids)} from the trash.")
    return 0


def cmd_trash(args: argparse.Namespace) -> int:
    args.trash, args.limit = True, None
    return cmd_list(args)


def cmd_purge(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        n = archive.purge(args.ids or None).value
    print_json({"purged": n}) if args.json else print(f"Deleted {n} for good.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.verify import verify, verify_unopened

    try:
        with open_archive(args) as archive:
            report = verify(archive, repair=args.repair, progress=ProgressBar("Verifying"))
    except sqlite3.DatabaseError as exc:  # too damaged to open: the report says so, and what to do
        report = verify_unopened(archive_path(args), exc)
    if args.json:
        print_json(report.to_json())
    else:
        for p in report.problems:
            print(("repaired: " if p.repaired else "problem: ") + p.message)
        print(f"{'OK' if report.ok else 'PROBLEMS FOUND'}: {report.checked_articles} articles, "
              f"{report.checked_blobs} files checked.")
    return 0 if report.ok else 1


def cmd_reindex(args: argparse.Namespace) -> int:
    with Archive.open(archive_path(args), catch_up=False) as archive:
        n = archive.reindex(progress=ProgressBar("Indexing"))
    print_json({"indexed": n}) if args.json else print(f"Indexed {n} articles.")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        stats = archive.stats()
    if args.json:
        print_json(stats)
    else:
        for k, v in stats.items():
            print(f"{k:>18}: {v}")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        events = archive.events(args.id, args.limit)
    if args.json:
        print_json(events)
    else:
        for e in events:
            print(f"{e['at']}  {e['kind']:<12} {e['article_id'] or '':>6}  {json.dumps(e['detail'], ensure_ascii=False)}")
    return 0
