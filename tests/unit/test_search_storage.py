"""The zero-copy memory file reads exactly as a BytesIO over the same bytes; pickles load from it."""

from __future__ import annotations

import io
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from app.search.engine.storage import MappedBufferFile, MemoryFile

OPS = st.lists(
    st.tuples(st.sampled_from(["read", "readline", "seek0", "seek1", "seek2"]), st.integers(-3, 300)), max_size=30
)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(alphabet="ab\n", max_size=400).map(str.encode), OPS)
def test_memory_file_reads_as_bytesio(data: bytes, ops: list[tuple[str, int]]) -> None:
    ours, theirs = MemoryFile(memoryview(data)), io.BytesIO(data)
    for op, n in ops:
        if op == "read":
            assert ours.read(n) == theirs.read(n)
        elif op == "readline":
            assert ours.readline(n) == theirs.readline(n)
        else:
            whence = int(op[-1])
            target = max(0, n) if whence == 0 else n
            if whence != 0 and (theirs.tell() if whence == 1 else len(data)) + target < 0:
                continue
            assert ours.seek(target, whence) == theirs.seek(target, whence)
        assert ours.tell() == theirs.tell()


def test_pickles_load_from_a_mapped_buffer_file() -> None:
    value = {"segment": ("a" * 300, [1, 2, 3]), "cls": MemoryFile.__name__}
    blob = b"head" + pickle.dumps(value, 2) + b"tail"
    f = MappedBufferFile(memoryview(blob))
    f.seek(4)
    assert f.read_pickle() == value
    assert f.get(0, 4) == b"head" and f.subset(4, 2).read(2) == blob[4:6]


def test_a_folder_that_cannot_map_files_is_read_without_mmap(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import mmap

    from app.search.documents import IndexDoc
    from app.search.engine import storage
    from app.search.index import SearchIndex

    assert storage.can_map(str(tmp_path))

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(19, "No such device")  # what some FUSE file systems answer

    monkeypatch.setattr(mmap, "mmap", refuse)
    folder = tmp_path / "unmappable"
    folder.mkdir()
    assert not storage.can_map(str(folder))
    ix = SearchIndex(folder / "index")
    try:
        assert ix.try_acquire_writer()
        ix.apply([IndexDoc(1, "v1", title="Harbour", body_text="ferry")])
        assert ix.search("ferry").total == 1  # opened and searched without a map
    finally:
        ix.close()
