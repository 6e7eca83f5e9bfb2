"""Drive the built site in real Chromium (Debian's /usr/bin/chromium) with Playwright.

`audit_page` opens one page with every request to another host blocked and recorded, has every
diagram drawn, and returns what a reader's browser saw: console errors, page
errors, third-party requests and leftover or failed diagrams.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlparse

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Nothing leaves the machine: every request but loopback (which Chromium never proxies) goes to a
    # proxy that is not there and fails. watch() records them. (Playwright's request interception did
    # this before, at the cost of a round trip through Python for every request and no HTTP cache.)
    "--proxy-server=http://127.0.0.1:9",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}

# Material draws diagrams into closed shadow roots; tests that must look inside (colours, click
# targets, step-through) open them. Nothing else about rendering changes.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
"""

DIAGRAMS_LEFT = "() => document.querySelectorAll('pre.mermaid').length"
# Resolves after two rendering updates: by then the IntersectionObserver callbacks of the first one
# (which is how the diagram loader and content.lazy notice what scrolled into view) have run. Wait for
# this, not for a fixed time, before asserting that something did NOT happen.
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# Mermaid draws a "Syntax error in text" picture into <body> when a diagram fails.
MERMAID_ERRORS = """() => [...document.querySelectorAll('svg[aria-roledescription="error"]')]
  .map(svg => [...svg.querySelectorAll(".error-text")].map(t => t.textContent).join(" ") || "error diagram")"""


def chromium_path() -> str | None:
    """Debian's Chromium (or $CHROMIUM_PATH); None means use Playwright's own build if installed."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def launch_chromium(playwright):
    path = chromium_path()
    try:
        return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - turn any launch failure into instructions
        raise RuntimeError(
            "Chromium could not start. Install Debian's browser with "
            "`apt-get install -y chromium` (or set CHROMIUM_PATH), or Playwright's own with "
            f"`.venv/bin/python -m playwright install chromium`. Cause: {error}"
        ) from error


def is_loopback(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOOPBACK


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    leftover_diagrams: int = 0
    mermaid_errors: list[str] = field(default_factory=list)
    rendered_diagrams: int = 0

    def problems(self) -> list[str]:
        found = [f"console error: {m}" for m in self.console_errors]
        found += [f"page error: {m}" for m in self.page_errors]
        found += [f"request to another host: {u}" for u in self.foreign_requests]
        found += [f"Mermaid error output: {m}" for m in self.mermaid_errors]
        if self.leftover_diagrams:
            found.append(f"{self.leftover_diagrams} diagram(s) left as source (pre.mermaid)")
        return [f"{self.url}: {p}" for p in found]


def watch(page, report: PageReport | Callable[[], PageReport]) -> None:
    """Record errors and every request that would leave the machine (the browser lets none through:
    CHROMIUM_ARGS).

    `report` may be a function returning the report of the page on screen now, for a browser page
    that moves from page to page by instant navigation."""
    current = report if callable(report) else (lambda: report)
    page.on("console", lambda m: m.type == "error" and current().console_errors.append(m.text))
    page.on("pageerror", lambda e: current().page_errors.append(str(e)))
    page.on("request", lambda r: is_loopback(r.url) or current().foreign_requests.append(r.url))


# Diagrams are drawn when they come near the viewport (mermaid-loader.js); draw the rest, as printing
# does. Pages without the loader (a broken build) have nothing to call, and settle() reports that.
DRAW_ALL = "() => window.mermaid?.drawAll?.()"
# True once Material has asked the loader for the page's first diagram and it waits to be drawn.
FIRST_DIAGRAM_WAITING = "document.querySelector('pre.mermaid')?.dataset.drawing === 'waiting'"


def wait_for_instant_navigation(page) -> None:
    """Material intercepts a link click only once it has fetched and read sitemap.xml; a click
    before that is an ordinary page load (harmless for a reader, but not what a test of instant
    navigation means to exercise). Since Material's start-up got faster, the load event can come
    first, so wait until the page's requests have settled."""
    page.wait_for_load_state("networkidle")


def settle(page, report: PageReport, timeout_ms: int = 15000) -> PageReport:
    """Draw every diagram, wait until none is left as source, then record what is on screen."""
    page.evaluate(DRAW_ALL)
    # A diagram that fails to parse stays as source and raises a page error, so stop waiting
    # as soon as one shows up instead of running into the timeout.
    waited = 0
    while page.evaluate(DIAGRAMS_LEFT) and not report.page_errors and waited < timeout_ms:
        page.wait_for_timeout(50)
        waited += 50
    page.evaluate(NEXT_FRAME)  # let Mermaid's error output (if any) reach the DOM
    report.leftover_diagrams = page.locator("pre.mermaid").count()
    report.rendered_diagrams = page.locator("div.mermaid").count()
    report.mermaid_errors = page.evaluate(MERMAID_ERRORS)
    return report


# Search's files: Material's configuration (search_index.json, on every page), and the worker and
# index fetched when a reader opens search (overrides/hooks/search.py).
SEARCH_FILES = re.compile(r"/search/[^/]+\.json$|/search-worker\.[^/]+\.js$|/workers/search\.")


def transfer(requests) -> dict:
    """What finished requests moved over the wire: bytes as sent (gzip where the server compressed),
    headers included. "search_index" is what search fetched (before a reader searches, only its
    configuration); "page_bytes" is what the page itself costs."""
    total = search_index = 0
    for request in requests:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        total += size
        if SEARCH_FILES.search(request.url):
            search_index += size
    return {"bytes": total, "page_bytes": total - search_index, "search_index": search_index}


def open_settled(context, url: str, requests: list | None = None):
    """A new page at url, watched (errors, requests to other hosts) and with every diagram drawn;
    the page's finished requests are added to `requests` if given."""
    page = context.new_page()
    report = PageReport(url)
    watch(page, report)
    if requests is not None:
        page.on("requestfinished", lambda request: requests.append(request))
    page.goto(url, wait_until="load")
    settle(page, report)
    return page, report


def audit_page(context, url: str) -> PageReport:
    page, report = open_settled(context, url)
    page.close()
    return report
