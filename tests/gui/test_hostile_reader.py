"""The reader on a crafted archive: a photo whose recorded extension climbs out of media/ is not shown, and no
traceback reaches the GUI."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from app.archive import Archive
from app.samples import add_samples
from ui.reader_view import ReaderView


def test_reader_skips_a_photo_with_a_crafted_extension(qtbot: Any, tmp_path: Path) -> None:
    victim = tmp_path / "victim.jpg"
    victim.write_bytes(b"not for the reader")
    with Archive.create(tmp_path / "a.cuttings") as archive:
        add_samples(archive)
        article_id = next(i for i in archive.ids() if archive.get(i).photos)
        sha = archive.get(article_id).photos[0].sha256
        conn = sqlite3.connect(archive.db_path)
        conn.execute("UPDATE blobs SET ext = '/../../../../victim.jpg' WHERE sha256 = ?", (sha,))
        conn.commit()
        conn.close()
        reader = ReaderView()
        qtbot.addWidget(reader)
        reader.blob_loader = archive.blob
        reader.resize(700, 500)
        reader.show_article(archive.get(article_id))
        reader.show()
        qtbot.waitExposed(reader)
        reader.grab().save(str(tmp_path / "reader.png"))
        assert reader.toPlainText().strip() and victim.read_bytes() == b"not for the reader"
        reader.blob_loader = None  # the archive closes before the widget does
        reader.close()
