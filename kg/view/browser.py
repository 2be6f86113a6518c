"""Open view pages in headless Chromium (Debian's, via Playwright): tests, benchmarks, screenshots.

Needs the dev extra (`playwright`) and a system Chromium; Playwright's own browser download is
never used. ``KG_CHROMIUM`` points at another Chromium binary.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The machine may have no internet: keep Chromium from phoning home so requests stay ours.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 900}


class BrowserMissing(RuntimeError):
    """No Chromium to drive (or Playwright is not installed)."""


def find_chromium() -> str:
    """Path of the Chromium binary, or BrowserMissing saying how to install one."""
    path = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        raise BrowserMissing("Chromium not found: run `make browser` "
                             "(scripts/install-browser.sh installs Debian's chromium)")
    return path


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright ``Browser``), closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserMissing("playwright is not installed: pip install -e '.[dev]'") from exc
    executable = find_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OpenedView:
    """A view page open in the browser, with every URL it requested."""

    page: Any
    requests: list[str] = field(default_factory=list)

    def external_requests(self) -> list[str]:
        """Requests for anything but the page's own file (inline data: URIs are not fetches)."""
        return [u for u in self.requests if not u.startswith(("file://", "data:"))]


def open_view(browser: Any, html: str | Path, *, settle: bool = True,
              timeout_ms: int = 60_000) -> OpenedView:
    """Open a view page; with ``settle``, wait until its layout has stabilised and drawn."""
    page = browser.new_page(viewport=VIEWPORT)
    opened = OpenedView(page)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.goto(Path(html).resolve().as_uri())
    if settle:
        page.wait_for_function("window.kgData && kgData.timings.settledDraw",
                               timeout=timeout_ms)
    return opened


def screenshot(html: str | Path, png: str | Path, *, show_edge: str | None = None) -> Path:
    """Save a PNG of a view page once its layout has settled, with ``show_edge`` (an edge id,
    ``source>TYPE>target``) selected and its evidence open in the side panel."""
    out = Path(png)
    out.parent.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        view = open_view(browser, html)
        if show_edge and view.page.evaluate("(id) => kgData.edges.get(id) !== null", show_edge):
            view.page.evaluate("(id) => { kgData.network.selectEdges([id]); kgData.showEdge(id); }",
                               show_edge)
        view.page.wait_for_timeout(300)  # let the final fit() animation frame land
        view.page.screenshot(path=str(out))
    return out
