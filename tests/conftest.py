"""Session fixtures: build the site once (strict), serve it on loopback, drive it in Chromium."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from sitekit.build import ROOT, BuildResult, build_site, html_pages, page_url
from sitekit.browser import OPEN_SHADOW_ROOTS, PageReport, launch_chromium, open_settled
from sitekit.serve import free_port, serve

DOCS = ROOT / "docs"


@dataclass
class BuiltSite:
    dir: Path
    url: str
    build: BuildResult

    def pages(self, not_found: bool = False) -> list[Path]:
        return html_pages(self.dir, not_found)

    def url_of(self, page: Path) -> str:
        return page_url(self.dir, page, self.url)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir, base)
    if result.returncode != 0:
        pytest.fail(f"`mkdocs build --strict` failed:\n{result.log}", pytrace=False)
    with serve(site_dir, port):
        yield BuiltSite(site_dir, base, result)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except RuntimeError as error:
            pytest.fail(str(error), pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture()
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def markdown_files(docs: Path = DOCS) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md"))


def make_fixture_site(tmp: Path, pages: dict[str, str], nav: str = "", abbreviations: str | None = None) -> Path:
    """A copy of the real configuration with only the given pages; returns its mkdocs.yml.

    Theme overrides, includes and assets are symlinked, so the fixture breaks exactly one thing.
    Without `nav` (YAML text of a `nav:` list) MkDocs lists the fixture pages itself; with
    `abbreviations` the fixture has its own includes/abbreviations.md instead of the site's.
    """
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.split("\nnav:")[0] + "\n" + (f"nav:\n{nav}" if nav else "")
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp / "overrides").symlink_to(ROOT / "overrides")
    if abbreviations is None:
        (tmp / "includes").symlink_to(ROOT / "includes")
    else:  # a glossary of the fixture's own
        (tmp / "includes").mkdir()
        (tmp / "includes" / "abbreviations.md").write_text(abbreviations, encoding="utf-8")
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "assets").symlink_to(DOCS / "assets")
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    return tmp / "mkdocs.yml"



# --- one load per page and colour scheme, shared by every check that only reads the page ---------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Rules switched off, with the reason. Empty on purpose: fix violations rather than list them.
AXE_EXCLUSIONS: dict[str, str] = {}
# Resolves after two rendering updates: by then the IntersectionObserver callbacks of the first one
# (which is how the diagram loader and content.lazy notice what scrolled into view) have run. Wait for
# this, not for a fixed time, before asserting that something did NOT happen.
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
CLICK_HREFS = """() => [...document.querySelectorAll('div.mermaid')]
    .flatMap(h => [...h.shadowRoot.querySelectorAll('a')]).map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))"""
PACKET_PATHS = """() => [...document.querySelectorAll('.packet-path.is-interactive')].map(block => {
  const root = block.querySelector('div.mermaid').shadowRoot;
  return { hops: root.querySelectorAll('svg g.edgePaths > path').length,
           steps: block.querySelectorAll(':scope > ol > li').length,
           nested: root.querySelectorAll('g.root g.root').length,
           title: root.querySelector('svg title')?.textContent };
})"""
DIAGRAM_SIZES = """() => [...document.querySelectorAll('div.mermaid')].map(host => {
  const svg = host.shadowRoot.querySelector('svg');
  const box = host.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('.nodeLabel, text.actor, .messageText')];
  const heights = labels.map(l => l.getBoundingClientRect().height);
  const empty = labels.filter(l => l.getBoundingClientRect().width < 1).length;
  return { width: Math.round(box.width), labels: labels.length, empty,
           smallest_label_px: Math.min(...heights), title: svg.querySelector('title')?.textContent };
})"""


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async ([tags, off]) => (await axe.run(document, {
             runOnly: { type: "tag", values: tags },
             rules: Object.fromEntries(off.map(id => [id, { enabled: false }])),
           })).violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`)""",
        [AXE_TAGS, list(AXE_EXCLUSIONS)],
    )


@dataclass
class Audit:
    """What the read-only checks need from one page in one colour scheme, read in one load."""
    url: str
    report: PageReport
    file: Path | None = None  # the built HTML file
    body_scheme: str | None = None
    click_hrefs: list = field(default_factory=list)
    packet_paths: list = field(default_factory=list)
    axe_closed: list = field(default_factory=list)  # answers closed, as loaded
    axe_open: list = field(default_factory=list)  # every answer open
    diagram_sizes: list = field(default_factory=list)  # answers open, every scenario shown


def audit(context, url: str) -> Audit:
    page, report = open_settled(context, url)
    found = Audit(url, report, body_scheme=page.get_attribute("body", "data-md-color-scheme"))
    found.click_hrefs = page.evaluate(CLICK_HREFS)
    found.packet_paths = page.evaluate(PACKET_PATHS)
    found.axe_closed = axe_violations(page)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.evaluate(NEXT_FRAME)
    found.axe_open = axe_violations(page)
    page.evaluate("document.querySelectorAll('.packet-scenarios .is-inactive').forEach(b => b.classList.remove('is-inactive'))")
    page.evaluate(NEXT_FRAME)
    found.diagram_sizes = page.evaluate(DIAGRAM_SIZES)
    page.close()
    return found


@pytest.fixture(scope="session")
def audited(built_site, browser):
    """audited(scheme) -> {site-relative page path ("" for home, "dns/", "404.html"): Audit}.

    Each page is loaded, drawn and read once per colour scheme for the whole session; checks that
    change a page load their own.
    """
    cache: dict[str, dict[str, Audit]] = {}

    def get(scheme: str = "light") -> dict[str, Audit]:
        if scheme not in cache:
            context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
            context.add_init_script(OPEN_SHADOW_ROOTS)
            pages = {}
            for path in built_site.pages(not_found=True):
                url = built_site.url_of(path)
                pages[url[len(built_site.url):]] = found = audit(context, url)
                found.file = path
            context.close()
            cache[scheme] = pages
        return cache[scheme]

    return get


# Storage a browser refuses, for the tests that study mode and the study tools survive it.
BLOCKED_STORAGE = {
    # Safari private mode and full quotas: reading works, writing throws.
    "writes fail": "Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };",
    # Site data blocked by the browser: touching localStorage at all throws.
    # (An Error, not a DOMException: its stack names the script that touched localStorage.)
    "access denied": "Object.defineProperty(window, 'localStorage', { get() { "
                     "const e = new Error('denied'); e.name = 'SecurityError'; throw e; } });",
}
