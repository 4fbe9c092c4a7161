"""Netscape bookmark files, as every browser exports them: folders become tags, ``<DD>`` becomes the note."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from app.imports.formats.common import epoch_to_iso, open_text
from app.imports.items import ImportItem, ItemError

SIGNATURE = "<!doctype netscape-bookmark-file-1>"


class _Parser(HTMLParser):
    """Collects items as the file streams through ``feed``; ``take()`` hands over what is complete."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.folders: list[str] = []
        self.pending_folder: str | None = None
        self._folder_text: list[str] | None = None
        self._link: dict[str, str] | None = None
        self._link_text: list[str] | None = None
        self._desc: list[str] | None = None
        self.current: ImportItem | ItemError | None = None
        self.done: list[ImportItem | ItemError] = []
        self.count = 0
        self.position = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("dt", "dl", "h3", "a"):
            self._close_item()
        if tag == "h3":
            self._folder_text = []
        elif tag == "dl":
            if self.pending_folder is not None:
                self.folders.append(self.pending_folder)
                self.pending_folder = None
            else:
                self.folders.append("")  # the top list, or a list without a heading
        elif tag == "a":
            self._link = {k.lower(): v or "" for k, v in attrs}
            self._link_text = []
        elif tag == "dd" and isinstance(self.current, ImportItem):
            self._desc = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self._folder_text is not None:
            self.pending_folder = " ".join("".join(self._folder_text).split()).replace("/", "∕")
            self._folder_text = None
        elif tag == "a" and self._link is not None:
            self._finish_link()
        elif tag == "dl":
            self._close_item()
            if self.folders:
                self.folders.pop()

    def handle_data(self, data: str) -> None:
        if self._folder_text is not None:
            self._folder_text.append(data)
        elif self._link_text is not None:
            self._link_text.append(data)
        elif self._desc is not None:
            self._desc.append(data)

    def _finish_link(self) -> None:
        attrs, title = self._link or {}, " ".join("".join(self._link_text or []).split())
        self._link, self._link_text = None, None
        self.count += 1
        url = attrs.get("href", "").strip()
        locator = f"bookmark {self.count}"
        if not url.lower().startswith(("http://", "https://")):
            self.current = ItemError(locator, f"not a web page address ({url[:60] or 'none'})", self.position)
            return
        folder = "/".join(f for f in self.folders if f)
        tags = [t.strip() for t in attrs.get("tags", "").split(",") if t.strip()]
        if folder:
            tags.insert(0, folder)
        self.current = ImportItem(
            tool="bookmarks", item_id=url, locator=locator, position=self.position, title=title, url=url,
            added=epoch_to_iso(attrs.get("add_date")), updated=epoch_to_iso(attrs.get("last_modified")), tags=tags,
        )

    def _close_item(self) -> None:
        if isinstance(self.current, ImportItem) and self._desc is not None:
            self.current.notes = " ".join("".join(self._desc).split())
        self._desc = None
        if self.current is not None:
            self.done.append(self.current)
            self.current = None

    def take(self) -> list[ImportItem | ItemError]:
        items, self.done = self.done, []
        return items


def read_bookmarks(path: Path) -> Iterator[ImportItem | ItemError]:
    counter, text = open_text(path)
    parser = _Parser()
    with text:
        for chunk in iter(lambda: text.read(1 << 16), ""):
            parser.position = counter.position
            parser.feed(chunk)
            yield from parser.take()
    parser.close()
    parser._close_item()
    yield from parser.take()
