"""Imports from other tools' exports into a real archive: each format recognised by itself, fields mapped,
nothing lost, nothing imported twice, broken files named item by item."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.archive import Archive
from app.imports.exports import detect
from app.imports.folder import import_paths
from app.imports.items import clean_url
from tests.unit import export_files as ef


def articles(archive: Archive) -> dict[str, object]:
    return {a.title: a for a in archive.get_many(archive.ids())}


def test_each_export_is_recognised_by_itself_and_other_files_are_not(tmp_path: Path) -> None:
    assert detect(ef.pocket_csv(tmp_path)) == "pocket"
    assert detect(ef.readwise_csv(tmp_path)) == "readwise"
    assert detect(ef.bookmarks_html(tmp_path)) == "bookmarks"
    assert detect(ef.wallabag_json(tmp_path)) == "wallabag"
    assert detect(ef.karakeep_json(tmp_path)) == "karakeep"
    assert detect(ef.enex(tmp_path)) == "evernote"
    assert detect(ef.joplin_jex(tmp_path)) == "joplin"
    assert detect(ef.joplin_raw(tmp_path)) == "joplin-raw"
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><body><p>An article</p></body></html>")
    other = tmp_path / "sales.csv"
    other.write_text("month,total\n1,2\n")
    assert detect(page) is None and detect(other) is None and detect(tmp_path / "missing.csv") is None


def test_tracking_parameters_are_dropped_and_the_rest_kept() -> None:
    assert clean_url("https://a.example/x?utm_source=p&id=7&fbclid=z#:~:text=ferry") == "https://a.example/x?id=7"
    assert clean_url("https://a.example/x?ref=home#section-2") == "https://a.example/x?ref=home#section-2"
    assert clean_url("not a url") == "not a url"


def test_pocket_items_become_link_only_articles_with_tags_dates_and_read_flags(archive: Archive, tmp_path: Path) -> None:
    path = ef.pocket_csv(tmp_path)
    report = import_paths(archive, [path])
    assert len(report.added) == 3 and not report.failed
    by_title = articles(archive)
    ferry = by_title["Night ferry to stop after 80 years"]
    assert ferry.url == "https://news.example/ferry?id=7"  # utm_* dropped
    assert sorted(ferry.tags) == ["news", "places/Busan"] and not ferry.read
    assert ferry.clipped_at.startswith("2023-11-14T22:13:20")
    korean = by_title["야간 여객선 80년 만에 운항 중단"]
    assert korean.read and korean.tags == ["한국"]
    assert "https://blog.example/untitled-post" in by_title  # no title: the address stands for it
    assert sorted(archive.imports.link_only_ids()) == sorted(report.added)
    [source] = archive.imports.import_sources(ferry.id)
    assert source.tool == "pocket" and source.locator == "line 2"
    assert source.original_url.endswith("utm_source=pocket&utm_medium=x&id=7")  # the original is kept
    [capture] = archive.captures(ferry.id)
    assert capture.method == "import:pocket" and archive.blob(capture.raw_sha256 or "") == path.read_bytes()


@pytest.mark.parametrize("make", [ef.pocket_csv, ef.readwise_csv, ef.wallabag_json, ef.enex, ef.joplin_jex,
                                  ef.joplin_raw, ef.bookmarks_html, ef.karakeep_json])
def test_the_same_export_twice_adds_nothing(archive: Archive, tmp_path: Path, make: object) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    first = import_paths(archive, [path])
    again = import_paths(archive, [path])
    assert first.added and not again.added
    assert len(again.duplicates) == len(first.added)


def test_a_bookmark_already_clipped_by_address_is_a_duplicate(archive: Archive, tmp_path: Path) -> None:
    import_paths(archive, [ef.pocket_csv(tmp_path)])
    report = import_paths(archive, [ef.bookmarks_html(tmp_path)])
    # https://news.example/ferry?utm_campaign=feed is https://news.example/ferry, not ...?id=7: a new article
    assert len(report.added) == 3 and len(report.failed) == 1
    assert "javascript" in report.failed[0][1] and "bookmark 3" in report.failed[0][1]


def test_bookmark_folders_become_tags_and_descriptions_notes(archive: Archive, tmp_path: Path) -> None:
    import_paths(archive, [ef.bookmarks_html(tmp_path)])
    by_title = articles(archive)
    ferry = by_title["Night ferry to stop"]
    assert sorted(ferry.tags) == ["News", "ferries", "islands"]
    assert ferry.notes == "Read this for the harbour file & the union's reply."
    assert by_title["서울 도서관"].tags == ["News/Korea"]
    assert by_title["Top level"].tags == []
    assert ferry.clipped_at.startswith("2023-11-14")


def test_wallabag_entries_keep_content_flags_authors_and_annotations(archive: Archive, tmp_path: Path) -> None:
    report = import_paths(archive, [ef.wallabag_json(tmp_path)])
    assert len(report.added) == 2 and len(report.failed) == 2
    assert any("item 3, id 13" in e and "neither url nor content" in e for _, e in report.failed)
    assert any("item 4" in e and "JSON object" in e for _, e in report.failed)
    by_title = articles(archive)
    ferry = by_title["Night ferry to stop after 80 years"]
    assert "eighty years of service" in ferry.body
    assert ferry.starred and ferry.read and ferry.authors == ["Mina Park"]
    assert ferry.published == "2024-03-04" and ferry.clipped_at.startswith("2024-03-05T07:00:00")
    assert "> fight the decision in the courts" in ferry.notes and "Check the union's filing" in ferry.notes
    assert "https://news.example/ferry.jpg" in ferry.notes
    assert "부산항만공사" in by_title["야간 여객선 운항 중단"].body
    assert archive.imports.link_only_ids() == []  # they came with their content
    assert archive.search("union decision courts").total >= 1


def test_a_truncated_wallabag_export_keeps_the_items_before_the_cut(archive: Archive, tmp_path: Path) -> None:
    report = import_paths(archive, [ef.wallabag_json(tmp_path, truncated=True)])
    assert len(report.added) == 1
    assert any("after item 1" in e and "truncated" in e for _, e in report.failed)


def test_evernote_notes_keep_their_image_byte_for_byte_tags_author_and_dates(archive: Archive, tmp_path: Path) -> None:
    report = import_paths(archive, [ef.enex(tmp_path)])
    assert len(report.added) == 2 and not report.failed
    by_title = articles(archive)
    ferry = by_title["Night ferry to stop after 80 years"]
    [photo] = ferry.photos
    assert archive.blob(photo.sha256 or "") == ef.PHOTO
    assert ferry.url == "https://news.example/ferry" and ferry.authors == ["Mina Park"]
    assert sorted(ferry.tags) == ["ferries", "places/Busan"]
    assert ferry.clipped_at.startswith("2024-03-05T08:00:00")
    assert "부산항만공사" in by_title["야간 여객선 운항 중단"].body


def test_a_truncated_enex_names_where_it_broke_and_keeps_the_notes_before(archive: Archive, tmp_path: Path) -> None:
    report = import_paths(archive, [ef.enex(tmp_path, truncated=True)])
    assert len(report.added) == 1
    [(_, error)] = report.failed
    assert "notebook.enex, after note 1" in error and "truncated" in error


@pytest.mark.parametrize("make", [ef.joplin_jex, ef.joplin_raw])
def test_joplin_notes_keep_notebook_tags_image_and_source(archive: Archive, tmp_path: Path, make: object) -> None:
    report = import_paths(archive, [make(tmp_path)])  # type: ignore[operator]
    assert len(report.added) == 2 and not report.failed, report.failed
    by_title = articles(archive)
    ferry = by_title["Night ferry to stop after 80 years"]
    assert sorted(ferry.tags) == ["Harbour file", "ferries"]
    assert ferry.url == "https://news.example/ferry" and ferry.authors == ["Mina Park"]
    [photo] = ferry.photos
    assert archive.blob(photo.sha256 or "") == ef.PHOTO and photo.alt == "The last ferry"
    assert by_title["야간 여객선 운항 중단"].tags == ["Harbour file"]


def test_karakeep_links_and_text_bookmarks(archive: Archive, tmp_path: Path) -> None:
    report = import_paths(archive, [ef.karakeep_json(tmp_path)])
    assert len(report.added) == 2 and len(report.failed) == 1 and "bookmark 3" in report.failed[0][1]
    by_title = articles(archive)
    link = by_title["Night ferry to stop"]
    assert link.starred and link.notes == "for the file" and link.url == "https://news.example/ferry"
    assert archive.imports.link_only_ids() == [link.id]
    note = next(a for a in by_title.values() if a is not link)
    assert "eighty years of service" in note.body and note.read and note.tags == ["메모"]


def test_readwise_reader_csv(archive: Archive, tmp_path: Path) -> None:
    report = import_paths(archive, [ef.readwise_csv(tmp_path)])
    assert len(report.added) == 2
    by_title = articles(archive)
    strike = by_title["Port strike ends"]
    assert sorted(strike.tags) == ["labour", "ports"] and strike.read and strike.url == "https://wire.example/strike"
    assert not by_title["서울 도서관 새 단장"].read


def test_a_broken_pocket_row_is_named_and_the_good_rows_are_imported(archive: Archive, tmp_path: Path) -> None:
    report = import_paths(archive, [ef.pocket_csv(tmp_path, broken=True)])
    assert len(report.added) == 4
    errors = [e for _, e in report.failed]
    assert any("line 5" in e and "more cells" in e for e in errors)
    assert any("line 6" in e and "no url" in e for e in errors)
    assert "After the bad rows" in articles(archive)


def test_a_folder_with_an_export_and_cuttings_imports_both(archive: Archive, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    ef.pocket_csv(folder)
    (folder / "note.txt").write_text(f"A cutting of our own\n\n{ef.LONG_EN}\n", encoding="utf-8")
    (folder / "numbers.csv").write_text("a,b\n1,2\n")  # not an export: left alone
    report = import_paths(archive, [folder])
    assert len(report.added) == 4 and not report.failed
