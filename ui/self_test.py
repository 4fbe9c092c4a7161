"""Self-test of an installed or bundled Cuttings: ``python -m ui.self_test`` or ``Cuttings --self-test``.

In a temporary archive it clips the bundled sample cuttings, searches them, renders the main window to PNG
and one article to PDF, and verifies the archive. Qt runs offscreen and settings go to the temporary folder,
so nothing touches the user's archive, settings or screen. One line per step; exit status 0 only if all pass.

``--startup-probe`` (see :func:`startup_probe`) opens the main window once and quits: the time it takes is
the start-up time to the first window.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.archive import Archive

EXPECTED_ARTICLES = 3
SEARCHES = ("Kang Kyung-wha", "스크랩", "morgue")
WINDOW_SIZE = (1200, 800)
LIST_WAIT_S = 5.0


class StepFailed(Exception):
    """A step's check did not hold; the message says what was expected."""


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


class SelfTest:
    """The steps, run in order; each returns a short detail for its ``ok`` line or raises."""

    def __init__(self, workdir: Path, out: TextIO) -> None:
        self.workdir = workdir
        self.out = out
        self.archive_path = workdir / "Self Test.cuttings"
        self.app: QApplication | None = None
        self.archive: Archive | None = None
        self.ids: list[int] = []
        self.failures: list[str] = []

    # ----- running -------------------------------------------------------------------------------

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("start Qt", self.start_qt),
            ("create archive", self.create_archive),
            ("clip samples", self.clip_samples),
            ("OCR the seed scan", self.ocr_seed_scan),
            ("search", self.search),
            ("render PDF", self.render_pdf),
            ("render window", self.render_window),
            ("verify archive", self.verify),
        ]

    def run(self) -> int:
        started = time.perf_counter()
        for name, step in self.steps():
            t0 = time.perf_counter()
            try:
                detail = step()
            except Exception as exc:
                reason = str(exc) if isinstance(exc, StepFailed) else f"{type(exc).__name__}: {exc}"
                self.failures.append(name)
                self._print(f"FAIL {name}: {' '.join(reason.split())}")
                if not isinstance(exc, StepFailed):
                    traceback.print_exc(file=sys.stderr)
                continue
            self._print(f"ok   {name} ({detail}; {time.perf_counter() - t0:.2f} s)")
        self._close_archive()
        total = len(self.steps())
        elapsed = time.perf_counter() - started
        if self.failures:
            self._print(f"self-test FAILED: {len(self.failures)} of {total} steps ({elapsed:.1f} s)")
            return 1
        self._print(f"self-test passed: {total} steps ({elapsed:.1f} s)")
        return 0

    def _print(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def _need_archive(self) -> Archive:
        if self.archive is None:
            raise StepFailed("skipped: no archive (an earlier step failed)")
        return self.archive

    def _need_articles(self) -> list[int]:
        if len(self.ids) != EXPECTED_ARTICLES:
            raise StepFailed("skipped: the samples were not clipped (an earlier step failed)")
        return self.ids

    def _close_archive(self) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    # ----- the steps ---------------------------------------------------------------------------

    def start_qt(self) -> str:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtWidgets import QApplication

        existing = QApplication.instance()
        if existing is not None and not isinstance(existing, QApplication):
            raise StepFailed("a QGuiApplication is already running; the window step needs a QApplication")
        self.app = existing if isinstance(existing, QApplication) else QApplication(["cuttings-self-test"])
        return f"Qt {pyside_version}, platform {self.app.platformName()}"

    def create_archive(self) -> str:
        from app.archive import Archive

        self.archive = Archive.create(self.archive_path)
        return str(self.archive_path)

    def clip_samples(self) -> str:
        from app.clip.dispatch import clip_source
        from app.samples import sample_paths

        archive = self._need_archive()
        paths = sample_paths()
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise StepFailed(f"sample cuttings missing from the bundle: {', '.join(missing)}")
        photos = 0
        for path in paths:
            article = archive.add(clip_source(path, allow_network=False), tags_=["samples"]).value
            assert article.id is not None
            self.ids.append(article.id)
            photos += sum(1 for p in article.photos if p.sha256)
        archive.flush_index()
        if len(self.ids) != EXPECTED_ARTICLES:
            raise StepFailed(f"expected {EXPECTED_ARTICLES} articles, got {len(self.ids)}")
        if photos == 0:
            raise StepFailed("no photo was stored (image decoding broken?)")
        return f"{len(self.ids)} articles, {photos} photos"

    def ocr_seed_scan(self) -> str:
        """Tesseract and its language data are in the bundle: the seed scan reads as its text does."""
        from app.clip.scan import clip_scan
        from app.photo_layout import word_count
        from app.samples import samples_dir

        scan = samples_dir() / "scans" / "korea-herald-2020-07-02-scan.jpg"
        if not scan.exists():
            raise StepFailed(f"the seed scan is missing from the bundle: {scan}")
        article = clip_scan(scan.read_bytes(), filename=scan.name, lang="eng").article
        got = (article.title, article.place, article.published, article.source)
        want = ("S. Korean FM vows all-out efforts to resume dialogue with N. Korea", "SEOUL", "2020-07-02",
                "The Korea Herald")
        if got != want:
            raise StepFailed(f"the seed scan read as {got}, not {want}")
        return f"{word_count(article.body)} words, photo {'found' if any(p.sha256 for p in article.photos) else 'missing'}"

    def search(self) -> str:
        archive = self._need_archive()
        self._need_articles()
        counts = {query: archive.search(query, limit=5, with_facets=False).total for query in SEARCHES}
        empty = [query for query, n in counts.items() if n == 0]
        if empty:
            raise StepFailed(f"no hits for {', '.join(repr(q) for q in empty)} ({counts})")
        return ", ".join(f"{query!r}: {n}" for query, n in counts.items())

    def render_pdf(self) -> str:
        archive = self._need_archive()
        ids = self._need_articles()
        try:
            from app.export.pdf import export_pdf
        except ImportError as exc:
            raise StepFailed(f"PDF export missing (app.export.pdf.export_pdf: {exc})") from exc
        # The article with the most stored photos: the PDF then needs the image plugins too.
        article = max((archive.get(i) for i in ids), key=lambda a: sum(1 for p in a.photos if p.sha256))
        out = self.workdir / "article.pdf"
        export_pdf(archive, [article.id or 0], out, single_file=True)
        data = out.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise StepFailed(f"{out} is not a complete PDF")
        pages = data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page/")
        images = data.count(b"/Subtype /Image")
        if images == 0:
            raise StepFailed(f"{out} has no images; the article has photos")
        return f"{len(data) // 1024} KB, {pages or '?'} pages, {images} images"

    def render_window(self) -> str:
        from PySide6.QtCore import QCoreApplication, QEventLoop
        from PySide6.QtGui import QImage
        from PySide6.QtWidgets import QTableView

        from ui.main import create_main_window

        if self.app is None:
            raise StepFailed("skipped: no QApplication")
        self._need_articles()
        self._close_archive()  # the window opens the archive itself
        window = create_main_window(self.archive_path)
        try:
            window.resize(*WINDOW_SIZE)
            window.show()
            deadline = time.monotonic() + LIST_WAIT_S
            rows = 0
            while time.monotonic() < deadline:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
                views = window.findChildren(QTableView)
                rows = max((v.model().rowCount() for v in views if v.model() is not None), default=0)
                if rows >= EXPECTED_ARTICLES:
                    break
                time.sleep(0.02)
            out = self.workdir / "window.png"
            if not window.grab().save(str(out)):
                raise StepFailed(f"could not save {out} (PNG image plugin missing?)")
        finally:
            window.close()
            window.deleteLater()
            QCoreApplication.processEvents()
        image = QImage(str(out))
        if image.isNull():
            raise StepFailed(f"{out} cannot be read back")
        colors = _distinct_colors(image)
        if colors < 8:
            raise StepFailed(f"{out} looks blank ({colors} colours)")
        if rows < EXPECTED_ARTICLES:
            raise StepFailed(f"the article list shows {rows} rows, expected {EXPECTED_ARTICLES}")
        return f"{image.width()}×{image.height()}, {rows} rows listed, {colors} colours"

    def verify(self) -> str:
        from app.archive import Archive
        from app.verify import verify

        if not (self.archive_path / "archive.sqlite3").exists():
            raise StepFailed("skipped: no archive")
        with Archive.open(self.archive_path) as archive:
            report = verify(archive)
        if not report.ok:
            problems = "; ".join(f"{p.kind}: {p.message}" for p in report.problems[:3])
            raise StepFailed(f"{len(report.problems)} problems: {problems}")
        return f"{report.checked_articles} articles, {report.checked_blobs} blobs"


def _distinct_colors(image: object) -> int:
    """How many colours a coarse grid of pixels has (a blank render has one or two)."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    seen = set()
    step_x, step_y = max(1, image.width() // 40), max(1, image.height() // 30)
    for y in range(0, image.height(), step_y):
        for x in range(0, image.width(), step_x):
            seen.add(image.pixel(x, y))
    return len(seen)


def _header() -> str:
    from app import __version__

    kind = "bundle" if getattr(sys, "frozen", False) else "source"
    return f"Cuttings {__version__} self-test ({kind}, Python {platform.python_version()}, {sys.platform})"


def _output() -> TextIO:
    """Standard output, or a log file where a windowed executable has none (Windows)."""
    if sys.stdout is not None:
        return sys.stdout
    from app.paths import user_log_dir

    folder = user_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return (folder / "self-test.log").open("w", encoding="utf-8")


def run(keep: Path | None = None) -> int:
    """Run the self-test (Qt forced offscreen); 0 if every step passed. ``keep``: leave the files there."""
    from ui.qt_messages import offscreen_noise_dropped

    out = _output()
    workdir = Path(tempfile.mkdtemp(prefix="cuttings-self-test-")) if keep is None else keep
    workdir.mkdir(parents=True, exist_ok=True)
    env = {"QT_QPA_PLATFORM": "offscreen", "CUTTINGS_CONFIG_DIR": str(workdir / "config"),
           "CUTTINGS_ARCHIVE": str(workdir / "Self Test.cuttings")}
    print(_header(), file=out, flush=True)
    try:
        with _environment(env), offscreen_noise_dropped():
            return SelfTest(workdir, out).run()
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"files kept in {workdir}", file=out, flush=True)


def startup_probe(archive: Path | None = None) -> int:
    """Open the main window once, print the seconds since the process started, quit.

    Prints one line: the time to the first window, split into interpreter start, imports, window
    construction and first show. The platform is not forced (measure on a real display, or set
    ``QT_QPA_PLATFORM=offscreen``). Without ``archive`` a new empty archive in a temporary folder is used.
    """
    at_start = _process_age()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.main import create_main_window

    out = _output()
    workdir = Path(tempfile.mkdtemp(prefix="cuttings-probe-"))
    env = {"CUTTINGS_CONFIG_DIR": str(workdir / "config")}
    try:
        with _environment(env):
            app = QApplication.instance() or QApplication(["cuttings-startup-probe"])
            at_imported = _process_age()
            window = create_main_window(archive or workdir / "Probe.cuttings")
            at_built = _process_age()
            window.show()

            def shown() -> None:
                at_shown = _process_age()
                print(f"first window after {at_shown:.2f} s (start {at_start:.2f}, imports and QApplication "
                      f"{at_imported - at_start:.2f}, window {at_built - at_imported:.2f}, show "
                      f"{at_shown - at_built:.2f}; platform {QApplication.platformName()})", file=out, flush=True)
                window.close()
                app.quit()

            QTimer.singleShot(0, shown)
            app.exec()
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


_IMPORTED_AT = time.perf_counter()


def _process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere: since this module was imported)."""
    try:
        stat = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        started = int(stat[19]) / ticks
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED_AT


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ui.self_test [--keep DIR] [--startup-probe [--archive PATH]]``."""
    parser = argparse.ArgumentParser(prog="cuttings-self-test", description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, help="write the archive, window.png and article.pdf here and keep them")
    parser.add_argument("--startup-probe", action="store_true", help="open the main window once, print the time, quit")
    parser.add_argument("--archive", type=Path, help="with --startup-probe: the archive to open")
    args = parser.parse_args(argv)
    if args.startup_probe:
        return startup_probe(args.archive)
    return run(args.keep)


if __name__ == "__main__":
    sys.exit(main())
