"""A new segment's posting lists written term by term in one pass (``new_postings``): the same bytes as the
general writer (``segment_merge.write_postings`` through ``BlockPostingsWriter.write_list``) writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from app.search import IndexDoc, SearchIndex
from app.search.documents import to_fields
from app.search.engine.codec import BlockCodec, _extent
from app.search.engine.segment_merge import CopyMergeWriter, write_postings
from tests.unit.test_segment_merge import _docs


class _GeneralWriter(CopyMergeWriter):
    """Our segment writer with a new segment's lists written the general way, term by term through
    ``write_postings`` (what every segment was written with before ``write_new_terms``)."""

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            write_postings(self.fieldwriter, self.schema, lengths, self.pool.terms(), [], self._cancelled)
        finally:
            lengths.close()
        self.fieldwriter.close()


def _fields(docs: list[IndexDoc]) -> list[dict[str, Any]]:
    fields = []
    for n, doc in enumerate(docs):
        f = to_fields(doc)
        if n % 7 == 0:
            f["_title_boost"] = 1.5  # weights that are not whole numbers: the title's lists term by term
        if n % 11 == 0:
            f["body"] += " " + " ".join(["morning"] * 300) + " 항구도시 항구"  # many positions, CJK bigrams
        fields.append(f)
    return fields


def _written(path: Path, writer_class: type[CopyMergeWriter], fields: list[dict[str, Any]]) -> dict[tuple[str, bytes], tuple[bytes, bytes]]:
    """Each (field, term)'s term info and posting list bytes in the one segment written with ``writer_class``."""
    ix = SearchIndex(path)
    assert ix.try_acquire_writer()
    try:
        w = writer_class(ix._ix, codec=BlockCodec())
        for f in fields:
            w.add_document(**f)
        w.commit(merge=False)
        reader = ix._ix.reader()
        terms = reader._terms
        written = {}
        for fieldname, text in reader.all_terms():
            info = terms._tindex[terms._keycoder(fieldname, text)]
            offset, length = _extent(terms.term_info(fieldname, text))
            written[fieldname, text] = (info, terms._postfile.get(offset, length))
        reader.close()
        return written
    finally:
        ix.close()


def test_a_new_segment_has_the_bytes_the_general_writer_writes(tmp_path: Path) -> None:
    # 1,100 documents: the commonest words have lists of more than one block
    fields = _fields(_docs(1100))
    fast = _written(tmp_path / "fast", CopyMergeWriter, fields)
    general = _written(tmp_path / "general", _GeneralWriter, fields)
    assert fast.keys() == general.keys()
    assert len(fast) > 500
    for key in general:
        assert fast[key] == general[key], key


def test_the_term_table_finds_every_term_of_a_new_segment(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index")
    assert ix.try_acquire_writer()
    try:
        ix.apply(_docs(300))
        for query, expected in (("unique7", {7}), ("unique299", {299}), ("source:AFP", set(range(1, 300, 2)))):
            assert {h.id for h in ix.search(query, limit=400).hits} == expected, query
        storage = FileStorage(str(tmp_path / "index"))
        assert any(name.endswith(".seg") for name in storage.list())
    finally:
        ix.close()
