"""The connector's own scripts in a real headless Chromium against a local page: what the user sees is clipped."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from app.archive import Archive
from app.connector.server import ConnectorServer
from app.connector.sink import ArchiveSink
from tests.conftest import make_jpeg
from tests.e2e.browser import chromium, extension_id
from tests.loopback import serve

pytestmark = pytest.mark.slow

LATE = "Late news added by a script: the port authority agreed to talks on Wednesday evening after the strike closed both terminals."
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour pilots strike over night shifts</title>
<meta name="author" content="Mina Park"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour pilots strike over night shifts</h1>
<p>Harbour pilots walked off the job on Tuesday morning, saying new night-shift rosters left too few of them on
duty to guide the larger container ships safely through the narrow channel into the inner basin.</p>
<figure><img src="photo.jpg" width="640" height="480" alt="Pilots at the gate">
<figcaption>Pilots gather at the harbour gate on Tuesday. (Photo: Jae Kim/Ledger)</figcaption></figure>
<p>The pilots' association said talks with the port authority had broken down last week, and that its members
would return only once the rosters were withdrawn and an independent review of channel safety was agreed.</p>
<div id="late"></div>
</article>
<script>
setTimeout(() => {
  const p = document.createElement("p");
  p.textContent = "LATE";
  document.getElementById("late").appendChild(p);
  document.body.dataset.ready = "1";
}, 150);
</script>
</body></html>""".replace('"LATE"', f'"{LATE}"')


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_folder(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1 while the fixture lives."""
    with serve(partial(QuietHandler, directory=str(root))) as base:  # type: ignore[arg-type]
        yield base


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A news page on 127.0.0.1 whose last paragraph a script adds after load, with a real JPEG beside it."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "pilots.html").write_text(PAGE, encoding="utf-8")
    (root / "photo.jpg").write_bytes(make_jpeg(640, 480, (30, 90, 160)))
    yield from serve_folder(root)


@pytest.fixture
def endpoint(archive: Archive) -> Iterator[ConnectorServer]:
    server = ConnectorServer(ArchiveSink(lambda: archive, allow_network=False), port=0)
    server.start()
    yield server
    server.close()


CLIP_FROM_EXTENSION = """
const [port, token, pageUrl, tags, done] = arguments;
(async () => {
  await Cuttings.save({ port, token });
  const settings = await Cuttings.settings();
  const [tab] = await chrome.tabs.query({ url: pageUrl });
  const payload = await Cuttings.capture(tab.id, { mode: "page" });
  payload.tags = tags;
  payload.note = "Clipped in the browser test";
  const answer = await Cuttings.clip(settings, payload);
  return { answer, verdict: Cuttings.describe(answer), images: payload.images.length, late: payload.html.includes("Late news") };
})().then(done, (e) => done({ error: String((e && e.stack) || e) }));
"""


def open_extension_page(driver: Any, page: str) -> None:
    driver.switch_to.new_window("tab")
    driver.get(f"chrome-extension://{extension_id()}/{page}")


def test_the_extension_clips_the_page_as_rendered_with_its_photo(site: str, endpoint: ConnectorServer,
                                                                archive: Archive, tmp_path: Path) -> None:
    page_url = f"{site}/pilots.html"
    with chromium() as driver:
        driver.get(page_url)
        driver.implicitly_wait(0)
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
        open_extension_page(driver, "options.html")
        outcome = driver.execute_async_script(
            CLIP_FROM_EXTENSION, endpoint.port, endpoint.token(), page_url, ["browser", "places/Port Ellis"])
    assert "error" not in outcome, outcome
    assert outcome["late"] and outcome["images"] == 1
    assert outcome["answer"]["status"] == 201
    assert outcome["verdict"]["text"] == f"Clipped as article {outcome['answer']['data']['id']}."
    article = archive.get(outcome["answer"]["data"]["id"])
    assert article.title == "Harbour pilots strike over night shifts"
    assert "port authority agreed to talks on Wednesday evening" in article.body  # added by a script after load
    assert article.url == page_url
    assert sorted(article.tags) == ["browser", "places/Port Ellis"]
    [photo] = article.photos
    assert archive.blob(photo.sha256 or "") == (tmp_path / "site" / "photo.jpg").read_bytes()  # as the browser fetched it
    assert photo.caption.startswith("Pilots gather at the harbour gate")
    assert "Jae Kim" in photo.credit
    assert [c.method for c in archive.captures(article.id or 0)] == ["connector"]


def test_a_web_page_cannot_post_to_cuttings(site: str, endpoint: ConnectorServer, archive: Archive,
                                           caplog: pytest.LogCaptureFixture) -> None:
    """A page's own script tries the port (CSRF), even knowing the token: the browser sends the page's Origin
    (in the preflight, and in a form-like post) and Cuttings refuses both."""
    script = """
const [port, token, done] = arguments;
const body = JSON.stringify({ url: location.href, html: document.documentElement.outerHTML });
const target = `http://127.0.0.1:${port}/clip`;
Promise.allSettled([
  fetch(target, { method: "POST", headers: { "Content-Type": "application/json", "X-Cuttings-Token": token }, body }),
  fetch(target, { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body }),
]).then((r) => done(r.map((x) => x.status)));
"""
    with caplog.at_level("WARNING", logger="app.connector.server"), chromium(extension=False) as driver:
        driver.get(f"{site}/pilots.html")
        outcomes = driver.execute_async_script(script, endpoint.port, endpoint.token())
    assert outcomes[0] == "rejected"  # the preflight was refused, so the browser never sent the POST
    refusals = [r.getMessage() for r in caplog.records if "Web pages may not" in r.getMessage()]
    assert any(m.startswith("connector refused OPTIONS") for m in refusals)
    assert any(m.startswith("connector refused POST") for m in refusals)
    assert archive.ids() == []


def test_the_popup_pairs_completes_tags_and_says_when_cuttings_is_not_running(
        endpoint: ConnectorServer, archive: Archive, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.unit.test_connector_server import harbour_payload, post_clip

    post_clip(endpoint, harbour_payload(tags=["places/Port Ellis", "places/Pusan", "harbours"]))
    with chromium(width=360, height=460) as driver:
        open_extension_page(driver, "options.html")
        driver.execute_async_script("const d = arguments[arguments.length - 1]; "
                                    "chrome.storage.local.set({ port: 1, token: '' }).then(() => d())")
        driver.get(f"chrome-extension://{extension_id()}/popup.html")
        status = WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.ID, "status").text if "not running" in d.find_element(By.ID, "status").text
            else None)
        assert "Cuttings is not running" in status
        assert not driver.find_element(By.ID, "clip").is_enabled()

        driver.execute_async_script("const d = arguments[arguments.length - 1]; "
                                    f"chrome.storage.local.set({{ port: {endpoint.port}, token: '' }}).then(() => d())")
        driver.refresh()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "pair").is_displayed())
        driver.find_element(By.ID, "token").send_keys("not-the-token")
        driver.find_element(By.ID, "save-token").click()
        WebDriverWait(driver, 10).until(lambda d: "token is wrong" in d.find_element(By.ID, "status").text)
        driver.find_element(By.ID, "token").clear()
        driver.find_element(By.ID, "token").send_keys(endpoint.token())
        driver.find_element(By.ID, "save-token").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text == "Paired.")

        driver.find_element(By.ID, "tags").send_keys("pla")
        items = WebDriverWait(driver, 10).until(
            lambda d: [li.text for li in d.find_elements(By.CSS_SELECTOR, "#suggestions li")] or None)
        assert items == ["places/Port Ellis", "places/Pusan"]
        driver.find_element(By.CSS_SELECTOR, "#suggestions li").click()
        assert driver.find_element(By.ID, "tags").get_attribute("value") == "places/Port Ellis, "
        driver.find_element(By.ID, "note").send_keys("For the harbour file")
        shot = Path(os.environ.get("CUTTINGS_SHOTS", str(tmp_path))) / "connector-popup.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 5000


CAPTURE_IN_TAB = """
const [pageUrl, options, done] = arguments;
(async () => {
  const [tab] = await chrome.tabs.query({ url: pageUrl });
  return await Cuttings.capture(tab.id, options);
})().then(done, (e) => done({ error: String((e && e.stack) || e) }));
"""


@pytest.fixture
def harbour_site() -> Iterator[str]:
    """The sample saved page (two figures with captions and credits) served as a site on 127.0.0.1."""
    yield from serve_folder(Path(__file__).resolve().parents[2] / "resources" / "samples" / "web")


def test_the_harbour_page_clips_with_both_photos_and_the_context_menu_modes_capture_their_part(
        harbour_site: str, endpoint: ConnectorServer, archive: Archive) -> None:
    page_url = f"{harbour_site}/harbour-archive.html"
    with chromium() as driver:
        driver.get(page_url)
        # what "Clip selection" sends: the user selected the first paragraph
        first_paragraph = driver.execute_script(
            "const p = [...document.querySelectorAll('article p')].find((el) => el.textContent.includes('ninety'));"
            "const r = document.createRange(); r.selectNodeContents(p);"
            "getSelection().removeAllRanges(); getSelection().addRange(r); return p.textContent;")
        image_src = driver.execute_script("return document.images[1].src")
        open_extension_page(driver, "options.html")
        selection = driver.execute_async_script(CAPTURE_IN_TAB, page_url, {"mode": "selection"})
        image = driver.execute_async_script(CAPTURE_IN_TAB, page_url, {"mode": "image", "srcUrl": image_src})
        outcome = driver.execute_async_script(
            CLIP_FROM_EXTENSION, endpoint.port, endpoint.token(), page_url, ["harbours"])
    assert "error" not in outcome, outcome
    assert outcome["answer"]["status"] == 201 and outcome["images"] == 2
    article = archive.get(outcome["answer"]["data"]["id"])
    assert len(article.photos) == 2 and all(p.sha256 for p in article.photos)
    assert [p.caption != "" for p in article.photos] == [True, True]
    assert article.tags == ["harbours"] and article.url == page_url

    assert "For ninety years the Coastal Ledger" in first_paragraph
    assert "For ninety years the Coastal Ledger" in selection["selection"] and "<figure" not in selection["selection"]
    assert selection["images"] == []
    assert "<figcaption" in image["selection"] and "cabinet.png" in image["selection"]
    assert [i["url"] for i in image["images"]] == [image_src]
