"""The connector's endpoint on a real loopback port: clips stored like any other, every refusal tested."""

from __future__ import annotations

import base64
import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.archive import Archive
from app.connector.server import MAX_BODY, ConnectorServer, PortInUse
from app.connector.sink import ArchiveSink
from app.connector.token import load_token, new_token, token_path

WEB = Path(__file__).resolve().parents[2] / "resources" / "samples" / "web"
PAGE_URL = "https://ledger.example/news/2023/11/14/harbour-morgue"


@pytest.fixture
def server(archive: Archive) -> Iterator[ConnectorServer]:
    srv = ConnectorServer(ArchiveSink(lambda: archive, allow_network=False), port=0)
    srv.start()
    yield srv
    srv.close()


def request(srv: ConnectorServer, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None, *, token: str | None = "current") -> tuple[int, dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    hdrs = {"Content-Type": "application/json"} if body is not None else {}
    if token == "current":
        hdrs["X-Cuttings-Token"] = srv.token()
    elif token is not None:
        hdrs["X-Cuttings-Token"] = token
    hdrs.update(headers or {})
    conn.request(method, path, body=body, headers=hdrs)
    resp = conn.getresponse()
    data = json.loads(resp.read() or b"{}")
    conn.close()
    return resp.status, data


def harbour_payload(**extra: Any) -> dict[str, Any]:
    """What the extension posts for the sample page: its DOM and both images as the browser fetched them."""
    html = (WEB / "harbour-archive.html").read_text(encoding="utf-8")
    base = "https://ledger.example/news/2023/11/14/"
    images = [{"url": base + "images/" + name, "data": base64.b64encode((WEB / "images" / name).read_bytes()).decode()}
              for name in ("reading-room.jpg", "cabinet.png")]
    payload = {"url": base + "harbour-morgue", "html": html, "title": "Harbour morgue", "images": images,
               "tags": ["connector", "places/Harbour"], "note": "Seen on the ledger's site"}
    payload.update(extra)
    return payload


def post_clip(srv: ConnectorServer, payload: dict[str, Any], **kw: Any) -> tuple[int, dict[str, Any]]:
    return request(srv, "POST", "/clip", json.dumps(payload).encode(), **kw)


def test_ping_answers_the_app_and_version_and_nothing_secret(server: ConnectorServer) -> None:
    status, data = request(server, "GET", "/ping", token=None)
    assert status == 200
    assert data["app"] == "cuttings" and data["version"]
    assert server.token() not in json.dumps(data)


def test_a_posted_page_is_stored_with_both_photos_tags_url_and_connector_capture(
        server: ConnectorServer, archive: Archive) -> None:
    status, data = post_clip(server, harbour_payload())
    assert status == 201, data
    article = archive.get(data["id"])
    assert data["title"] == article.title and "morgue" in article.title.lower()
    assert article.url == PAGE_URL
    assert sorted(article.tags) == ["connector", "places/Harbour"]
    assert len(article.photos) == 2 and all(p.sha256 for p in article.photos)
    jpeg = (WEB / "images" / "reading-room.jpg").read_bytes()
    assert archive.blob(article.photos[0].sha256 or "") == jpeg  # stored byte for byte
    assert "Seen on the ledger's site" in article.notes
    (capture,) = archive.captures(article.id or 0)
    assert capture.method == "connector" and capture.url == PAGE_URL


def test_the_same_page_again_answers_duplicate_of_and_stores_nothing(server: ConnectorServer, archive: Archive) -> None:
    _, first = post_clip(server, harbour_payload())
    status, again = post_clip(server, harbour_payload())
    assert status == 200
    assert again["duplicate_of"] == first["id"] and again["id"] == first["id"]
    assert len(archive.ids()) == 1


def test_a_selection_clips_only_the_selection_with_the_pages_metadata(server: ConnectorServer, archive: Archive) -> None:
    selection = ("<p>Volunteers have spent three winters sorting the harbour office's clippings into "
                 "labelled folders, one drawer at a time, before the building closes next spring.</p>")
    status, data = post_clip(server, harbour_payload(selection=selection, images=[]))
    assert status == 201, data
    article = archive.get(data["id"])
    assert "three winters" in article.body
    assert "filing cabinet" not in article.body.lower()
    assert article.url == PAGE_URL


def test_tags_are_listed_for_completion_with_the_token(server: ConnectorServer, archive: Archive) -> None:
    post_clip(server, harbour_payload())
    status, data = request(server, "GET", "/tags")
    assert status == 200 and "places/Harbour" in data["tags"]
    assert request(server, "GET", "/tags", token=None)[0] == 401


@pytest.mark.parametrize(("token", "status"), [(None, 401), ("wrong-token", 403), ("", 401)])
def test_a_clip_without_the_right_token_is_refused(server: ConnectorServer, archive: Archive,
                                                   token: str | None, status: int) -> None:
    got, data = post_clip(server, harbour_payload(), token=token)
    assert got == status and "token" in data["error"]
    assert archive.ids() == []


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:8000", "null", "file://"])
def test_a_web_pages_origin_is_refused(server: ConnectorServer, archive: Archive, origin: str) -> None:
    status, data = post_clip(server, harbour_payload(), headers={"Origin": origin})
    assert status == 403 and data["error"]
    assert request(server, "GET", "/ping", headers={"Origin": origin}, token=None)[0] == 403
    assert archive.ids() == []


@pytest.mark.parametrize("origin", ["chrome-extension://abcdefghijklmnop", "moz-extension://1234-5678"])
def test_the_extensions_origin_is_let_in(server: ConnectorServer, origin: str) -> None:
    status, _ = post_clip(server, harbour_payload(), headers={"Origin": origin})
    assert status == 201


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1:1", "localhost", "127.0.0.1.nip.io:{port}", ""])
def test_a_foreign_host_header_is_refused(server: ConnectorServer, archive: Archive, host: str) -> None:
    status, data = post_clip(server, harbour_payload(), headers={"Host": host.format(port=server.port)})
    assert status == 403 and "Host" in data["error"]
    assert archive.ids() == []


def test_localhost_by_name_is_allowed(server: ConnectorServer) -> None:
    assert request(server, "GET", "/ping", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_an_oversized_body_is_refused_before_it_is_read(server: ConnectorServer, archive: Archive) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("POST", "/clip")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("X-Cuttings-Token", server.token())
    conn.putheader("Content-Length", str(MAX_BODY + 1))
    conn.endheaders()
    resp = conn.getresponse()
    assert resp.status == 413 and "limit" in json.loads(resp.read())["error"]
    conn.close()
    assert archive.ids() == []


@pytest.mark.parametrize(("body", "words"), [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "JSON object"),
    (b'{"html": "<p>x</p>"}', "no 'url'"),
    (b'{"url": "javascript:alert(1)", "html": "<p>x</p>"}', "http or https"),
    (b'{"url": "https://a.example/", "html": 5}', "'html' must be a string"),
    (b'{"url": "https://a.example/", "html": "<p>x</p>", "tags": "a,b"}', "list of strings"),
    (b'{"url": "https://a.example/", "html": "<p>x</p>", "images": [{"url": "x", "data": "***"}]}', "base64"),
    (b"\xff\xfe", "not valid JSON"),
])
def test_malformed_clips_are_refused_with_400(server: ConnectorServer, archive: Archive, body: bytes, words: str) -> None:
    status, data = request(server, "POST", "/clip", body)
    assert status == 400 and words in data["error"]
    assert archive.ids() == []


def test_wrong_content_type_method_and_path_are_refused(server: ConnectorServer) -> None:
    body = json.dumps(harbour_payload()).encode()
    assert request(server, "POST", "/clip", body, headers={"Content-Type": "text/plain"})[0] == 415
    assert request(server, "GET", "/clip")[0] == 405
    assert request(server, "POST", "/ping", b"{}")[0] == 405
    assert request(server, "GET", "/admin")[0] == 404


def test_a_page_with_no_article_text_answers_422_and_stores_nothing(server: ConnectorServer, archive: Archive) -> None:
    status, data = post_clip(server, {"url": "https://a.example/", "html": "<html><body><nav>Home</nav></body></html>"})
    assert status == 422 and "Clip selection" in data["error"]
    assert archive.ids() == []


def test_a_taken_port_is_a_clear_error(server: ConnectorServer, archive: Archive) -> None:
    with pytest.raises(PortInUse, match="another Cuttings"):
        ConnectorServer(ArchiveSink(lambda: archive), port=server.port)


def test_the_token_is_kept_private_and_new_replaces_it() -> None:
    first = load_token()
    assert load_token() == first and len(first) >= 32
    assert token_path().stat().st_mode & 0o777 == 0o600
    second = new_token()
    assert second != first and load_token() == second
