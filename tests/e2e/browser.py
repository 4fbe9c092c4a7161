"""A real headless Chromium (Debian's chromium and chromium-driver) with the Cuttings connector loaded."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "resources" / "connector"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def extension_id(folder: Path = EXTENSION) -> str:
    """The id Chromium gives an unpacked extension: its path's SHA-256, digits 0-f spelled a-p."""
    return "".join(chr(ord("a") + int(c, 16)) for c in hashlib.sha256(str(folder).encode()).hexdigest()[:32])


@contextmanager
def chromium(*, extension: bool = True, width: int = 1000, height: int = 800) -> Iterator[Any]:
    """A headless Chromium driven by Selenium; skips the test where the browser is not installed."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium and chromium-driver are not installed (scripts/system-deps.sh test installs them)")
    profile = tempfile.mkdtemp(prefix="cuttings-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    # The flags keep Chromium off the network it has no business with (this machine has none).
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        opts.add_argument(arg)
    if extension:
        opts.add_argument(f"--load-extension={EXTENSION}")
        opts.add_experimental_option("excludeSwitches", ["disable-extensions"])
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
