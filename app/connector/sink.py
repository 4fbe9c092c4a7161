"""Storing the extension's clips in an archive: the same pipeline as every other clip, duplicates answered."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.connector.request import ClipRequest, clip_request, result_json
from app.errors import DuplicateArticle

if TYPE_CHECKING:
    from app.archive import Archive
    from app.changes import OpChanges, OpChangesWith
    from app.model import Article


class ArchiveSink:
    """Extract in the request's thread, then store through ``write`` (the GUI passes its serial writer).

    ``archive`` is a function that returns the archive to store in: the GUI can switch archives while it runs.
    """

    def __init__(self, archive: Callable[[], Archive], *, allow_network: bool = True,
                 write: Callable[[Callable[[], OpChangesWith[Article]]], OpChangesWith[Article]] | None = None,
                 on_clipped: Callable[[int, OpChanges], object] | None = None) -> None:
        self.archive = archive
        self.allow_network = allow_network  # photos the browser could not send are fetched as `clip URL` would
        self._write = write or (lambda fn: fn())
        self._on_clipped = on_clipped

    def clip(self, request: ClipRequest) -> dict[str, Any]:
        result = clip_request(request, allow_network=self.allow_network)
        archive = self.archive()
        try:
            saved = self._write(lambda: archive.add(result, tags_=request.tags))
        except DuplicateArticle as dup:
            existing = archive.get(dup.existing_id)
            return result_json(existing.id or dup.existing_id, existing.title, duplicate_of=dup.existing_id)
        article = saved.value
        assert article.id is not None
        if self._on_clipped is not None:
            self._on_clipped(article.id, saved.changes)
        return result_json(article.id, article.title)

    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.archive().tags()]
