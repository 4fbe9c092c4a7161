"""Export files of other tools, written here to each format's published structure (a few items each, with
Korean text, an image, missing fields), and broken copies of them."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import tarfile
from pathlib import Path

from tests.conftest import make_jpeg

LONG_EN = ("The harbour authority said on Tuesday that the night ferry will stop running in March, after eighty "
           "years of service between the two islands. Passengers who rely on it for work were told that a bus "
           "link would be tried over the summer. The union said it would fight the decision in the courts.")
LONG_KO = ("부산항만공사는 화요일 야간 여객선 운항을 3월에 중단한다고 밝혔다. 두 섬을 잇는 이 배는 80년 동안 운항해 왔다. "
           "출퇴근에 배를 이용하는 주민들은 여름 동안 버스 노선이 시범 운행될 것이라는 설명을 들었다. 노조는 법정에서 "
           "이 결정에 맞서겠다고 말했다.")
PHOTO = make_jpeg(640, 480, (40, 110, 170))


def pocket_csv(folder: Path, *, broken: bool = False) -> Path:
    rows = [
        ["title", "url", "time_added", "tags", "status"],
        ["Night ferry to stop after 80 years", "https://news.example/ferry?utm_source=pocket&utm_medium=x&id=7",
         "1700000000", "news|places/Busan", "unread"],
        ["야간 여객선 80년 만에 운항 중단", "https://news.example.kr/ferry-ko", "1700000500", "한국", "archive"],
        ["", "https://blog.example/untitled-post", "1700001000", "", "unread"],
    ]
    if broken:
        rows.append(["Bad row", "https://x.example/a", "1700002000", "a", "unread", "extra", "cells"])
        rows.append(["No address", "", "1700003000", "", "unread"])
        rows.append(["After the bad rows", "https://after.example/ok", "1700004000", "late", "unread"])
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path = folder / "part_000000.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def readwise_csv(folder: Path) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["Title", "URL", "ID", "Document tags", "Saved date", "Reading progress", "Location", "Seen"])
    w.writerow(["Port strike ends", "https://wire.example/strike?fbclid=abc", "01hx1", "['labour', 'ports']",
                "2024-03-05 08:00:00+00:00", "1", "archive", "True"])
    w.writerow(["서울 도서관 새 단장", "https://seoul.example/lib", "01hx2", "[]", "2024-03-06 09:30:00+00:00", "0.2",
                "later", "False"])
    path = folder / "reader-export.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def bookmarks_html(folder: Path) -> Path:
    text = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1690000000" LAST_MODIFIED="1690000100">News</H3>
    <DL><p>
        <DT><A HREF="https://news.example/ferry?utm_campaign=feed" ADD_DATE="1700000000" TAGS="ferries,islands">Night ferry to stop</A>
        <DD>Read this for the harbour file &amp; the union's reply.
        <DT><H3 ADD_DATE="1690000200">Korea</H3>
        <DL><p>
            <DT><A HREF="https://news.example.kr/%EC%84%9C%EC%9A%B8" ADD_DATE="1700000600">서울 도서관</A>
        </DL><p>
    </DL><p>
    <DT><A HREF="javascript:alert(1)" ADD_DATE="1700000700">A bookmarklet</A>
    <DT><A HREF="https://top.example/" ADD_DATE="1700000800">Top level</A>
</DL><p>
"""
    path = folder / "bookmarks.html"
    path.write_text(text, encoding="utf-8")
    return path


def wallabag_json(folder: Path, *, truncated: bool = False) -> Path:
    entries = [
        {"id": 11, "title": "Night ferry to stop after 80 years", "url": "https://news.example/ferry",
         "is_archived": 1, "is_starred": 1, "content": f"<p>{LONG_EN}</p><p>{LONG_EN}</p>",
         "created_at": "2024-03-05T08:00:00+0100", "updated_at": "2024-03-06T10:00:00+0100",
         "published_at": "2024-03-04T06:00:00+0000", "published_by": ["Mina Park"], "mimetype": "text/html",
         "language": "en", "reading_time": 2, "domain_name": "news.example",
         "preview_picture": "https://news.example/ferry.jpg", "tags": ["ferries", "places/Busan"],
         "annotations": [{"text": "Check the union's filing", "quote": "fight the decision in the courts",
                          "ranges": [], "created_at": "2024-03-05T09:00:00+0100"}]},
        {"id": 12, "title": "야간 여객선 운항 중단", "url": "https://news.example.kr/ferry", "is_archived": 0,
         "is_starred": 0, "content": f"<p>{LONG_KO}</p>", "created_at": "2024-03-07T08:00:00+0900",
         "tags": [], "annotations": [], "reading_time": 1},
        {"id": 13, "title": "No address nor text", "is_archived": 0, "is_starred": 0, "reading_time": 0},
        "not an entry",
    ]
    text = json.dumps(entries, ensure_ascii=False, indent=1)
    if truncated:
        text = text[: text.index('"id": 12') + 40]
    path = folder / "wallabag-export.json"
    path.write_text(text, encoding="utf-8")
    return path


def karakeep_json(folder: Path) -> Path:
    data = {"bookmarks": [
        {"createdAt": 1700000000, "title": "Night ferry to stop", "tags": ["ferries"],
         "content": {"type": "link", "url": "https://news.example/ferry?utm_source=karakeep"}, "note": "for the file",
         "archived": False, "favourited": True},
        {"createdAt": 1700000900, "title": None, "tags": ["메모"],
         "content": {"type": "text", "text": f"Harbour notes\n\n{LONG_EN}"}, "note": None, "archived": True},
        {"createdAt": 1700001000, "title": "Empty", "tags": [], "content": None, "note": None},
    ]}
    path = folder / "karakeep-export.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def enex(folder: Path, *, truncated: bool = False) -> Path:
    md5 = hashlib.md5(PHOTO).hexdigest()
    photo_note = f"""<note><title>Night ferry to stop after 80 years</title>
<content><![CDATA[<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">
<en-note><div>{LONG_EN}</div><div><en-media type="image/jpeg" hash="{md5}" width="640" height="480"/></div>
<div>The last ferry leaves the inner harbour at dawn. (Photo: Jae Kim/Ledger)</div><div>{LONG_EN}</div></en-note>]]></content>
<created>20240305T080000Z</created><updated>20240306T100000Z</updated><tag>ferries</tag><tag>places/Busan</tag>
<note-attributes><author>Mina Park</author><source-url>https://news.example/ferry?utm_medium=email</source-url></note-attributes>
<resource><data encoding="base64">{base64.b64encode(PHOTO).decode()}</data><mime>image/jpeg</mime><width>640</width><height>480</height>
<resource-attributes><file-name>ferry.jpg</file-name></resource-attributes></resource></note>"""
    korean_note = f"""<note><title>야간 여객선 운항 중단</title><content><![CDATA[<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd"><en-note><div>{LONG_KO}</div></en-note>]]></content>
<created>20240307T080000Z</created><tag>한국</tag></note>"""
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export3.dtd">\n'
            f'<en-export export-date="20240310T000000Z" application="Evernote" version="10.0">\n{photo_note}\n{korean_note}\n</en-export>\n')
    if truncated:
        text = text[: text.index("<note><title>야간") + 60]
    path = folder / "notebook.enex"
    path.write_text(text, encoding="utf-8")
    return path


def _joplin_item(title: str, body: str, **meta: str) -> str:
    lines = [title, "", body] if body else [title]
    return "\n".join(lines) + "\n\n" + "\n".join(f"{k}: {v}" for k, v in meta.items())


def joplin_items() -> dict[str, bytes]:
    folder, note, note2, resource, tag, note_tag = ("f" * 32, "a" * 32, "b" * 32, "c" * 32, "d" * 32, "e" * 32)
    return {
        f"{folder}.md": _joplin_item("Harbour file", "", id=folder, parent_id="", type_="2").encode(),
        f"{note}.md": _joplin_item(
            "Night ferry to stop after 80 years", f"{LONG_EN}\n\n![The last ferry](:/{resource})\n\n{LONG_EN}",
            id=note, parent_id=folder, created_time="2024-03-05T08:00:00.000Z", updated_time="2024-03-06T10:00:00.000Z",
            author="Mina Park", source_url="https://news.example/ferry?utm_source=joplin", is_todo="0", type_="1",
        ).encode(),
        f"{note2}.md": _joplin_item("야간 여객선 운항 중단", LONG_KO, id=note2, parent_id=folder,
                                    created_time="2024-03-07T08:00:00.000Z", type_="1").encode(),
        f"{resource}.md": _joplin_item("ferry.jpg", "", id=resource, mime="image/jpeg", file_extension="jpg",
                                       type_="4").encode(),
        f"resources/{resource}.jpg": PHOTO,
        f"{tag}.md": _joplin_item("ferries", "", id=tag, type_="5").encode(),
        f"{note_tag}.md": _joplin_item("", "", id=note_tag, note_id=note, tag_id=tag, type_="6").encode(),
    }


def joplin_jex(folder: Path) -> Path:
    path = folder / "notes.jex"
    with tarfile.open(path, "w") as tar:
        for name, data in joplin_items().items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def joplin_raw(folder: Path) -> Path:
    root = folder / "joplin-raw"
    (root / "resources").mkdir(parents=True)
    for name, data in joplin_items().items():
        (root / name).write_bytes(data)
    return root
