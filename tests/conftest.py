"""Session fixtures: build the site once (strict), serve it on loopback, drive it in Chromium."""

from __future__ import annotations

import re
import shutil
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from sitekit.build import ROOT, BuildResult, build_site, html_pages, page_url
from sitekit.browser import NEXT_FRAME, OPEN_SHADOW_ROOTS, PageReport, launch_chromium, open_settled, settle, transfer, watch
from sitekit.serve import free_port, serve
from sitemodel import nav_pages, read_config

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


def build_and_serve(site_dir: Path, stack: ExitStack) -> BuiltSite:
    """Build the site strictly into site_dir and serve it (compressed, as a static host serves it)
    until `stack` closes. Built for the address it is served at, so instant navigation works."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    result = build_site(site_dir, base)
    if result.returncode == 0:
        stack.enter_context(serve(site_dir, port, use_gzip=True))
    return BuiltSite(site_dir, base, result)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """With pytest-xdist (`pytest -n auto --dist loadfile`), the controller builds and serves the site once, before the
    workers start, and tells each worker where it is: one build for the run, not one per worker."""
    config = node.config
    if not hasattr(config, "shared_site"):
        stack = ExitStack()
        config.add_cleanup(stack.close)
        site_dir = Path(tempfile.mkdtemp(prefix="site-"))
        stack.callback(shutil.rmtree, site_dir, ignore_errors=True)
        config.shared_site = build_and_serve(site_dir, stack)
    site = config.shared_site
    node.workerinput["built_site"] = {"dir": str(site.dir), "url": site.url,
                                      "returncode": site.build.returncode, "log": site.build.log}


@pytest.fixture(scope="session")
def built_site(request, tmp_path_factory) -> BuiltSite:
    shared = getattr(request.config, "workerinput", {}).get("built_site")
    with ExitStack() as stack:
        if shared:  # an xdist worker: the controller built and serves it (pytest_configure_node)
            site = BuiltSite(Path(shared["dir"]), shared["url"], BuildResult(shared["returncode"], shared["log"]))
        else:
            site = build_and_serve(tmp_path_factory.mktemp("site"), stack)
        if site.build.returncode != 0:
            pytest.fail(f"`mkdocs build --strict` failed:\n{site.build.log}", pytrace=False)
        yield site


# Test modules with checks that read the shared page audits (the `audited` fixture).
AUDIT_MODULES = {f"tests/{p.name}" for p in Path(__file__).parent.glob("test_*.py")
                 if "audit_params(" in p.read_text(encoding="utf-8")}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile`, except that the modules that read the page audits go to one
    worker together, so each page is still audited once per scheme for the run. Each other module
    runs on one worker, so its module fixtures (a fixture site, a browser page) are made once."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class AuditsTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            return "audits" if module in AUDIT_MODULES else module

    return AuditsTogether(config, log)


class WorkerlessBrowser:
    """Playwright's Browser whose new contexts and pages block service workers unless asked.

    On a first visit the offline worker downloads the whole site in the background: about 1.6 s of
    CPU for every fresh context, most of the suite's time. Only tests/test_offline.py needs it, and
    asks with service_workers="allow"; every other test sees the pages exactly as without it.
    """

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        return self._browser.new_context(**{"service_workers": "block", **options})

    def new_page(self, **options):
        return self._browser.new_page(**{"service_workers": "block", **options})

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except RuntimeError as error:
            pytest.fail(str(error), pytrace=False)
        yield WorkerlessBrowser(chromium)
        chromium.close()


@pytest.fixture()
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def diagram_count(html: str) -> int:
    """Diagrams in a built page, before Mermaid draws them."""
    return len(re.findall(r'<pre\s+class="mermaid"[\s>]', html))


def markdown_files(docs: Path = DOCS) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md"))


HOOK_LINE = re.compile(r"^  - overrides/hooks/(\w+)\.py\n", re.M)
PLUGIN_BLOCK = re.compile(r"^  - ([\w-]+):?\n(?:(?:    .*)?\n)*", re.M)


def derived_config(config: str, hooks: Iterable[str], plugins: Iterable[str]) -> str:
    """mkdocs.yml's text with only the named hooks (file stems, "offline") and plugins ("mermaid2").

    A full build runs every hook and plugin: esbuild, Mermaid's copy, Workbox and the app icons,
    the Anki decks, the print page, the search index. A fixture that breaks one thing needs few of
    them; the ones it keeps run exactly as in the real build (postprocess also needs the search
    plugin, whose dialog it names). An unknown name is an error, so a renamed hook cannot silently
    drop out of a fixture."""
    head, rest = config.split("\nhooks:\n", 1)
    hook_text, rest = rest.split("\nplugins:\n", 1)
    plugin_text, tail = re.match(r"((?:(?:  [^\n]*)?\n)+)(.*)", rest, re.S).groups()
    hooks, plugins = set(hooks), set(plugins)
    unknown = (hooks - set(HOOK_LINE.findall(hook_text))) | (plugins - set(PLUGIN_BLOCK.findall(plugin_text)))
    if unknown:
        raise ValueError(f"not in mkdocs.yml: {sorted(unknown)}")
    kept_hooks = "".join(m[0] for m in HOOK_LINE.finditer(hook_text) if m[1] in hooks)
    kept_plugins = "".join(m[0] for m in PLUGIN_BLOCK.finditer(plugin_text) if m[1] in plugins)
    return (f"{head}\nhooks:" + (f"\n{kept_hooks}" if kept_hooks else " []\n")
            + "\nplugins:" + (f"\n{kept_plugins}" if kept_plugins else " []\n") + "\n" + tail)


def make_fixture_site(tmp: Path, pages: dict[str, str], nav: str = "", abbreviations: str | None = None, *,
                      hooks: Iterable[str], plugins: Iterable[str] = ()) -> Path:
    """A copy of the real configuration with only the given pages; returns its mkdocs.yml.

    Only the named build hooks and plugins run (derived_config): say which ones the behaviour
    under test needs, and no more. Theme overrides, includes and assets are symlinked, so the
    fixture breaks exactly one thing. Without `nav` (YAML text of a `nav:` list) MkDocs lists the
    fixture pages itself; with `abbreviations` the fixture has its own includes/abbreviations.md
    instead of the site's.
    """
    config = derived_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), hooks, plugins)
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
# Resolves once a smooth scroll has ended: the page and every diagram (which may scroll sideways)
# have kept their scroll positions for five rendering updates in a row. A smooth scroll moves them
# on every update until it ends, so this waits exactly as long as the scroll takes.
SCROLLING_DONE = """() => new Promise(done => {
  const at = () => [scrollX, scrollY, ...[...document.querySelectorAll('div.mermaid')].map(h => h.scrollLeft)].join();
  let last = at(), still = 0;
  const look = () => { const now = at(); still = now === last ? still + 1 : 0; last = now;
                       still >= 5 ? done() : requestAnimationFrame(look); };
  requestAnimationFrame(look);
})"""
CLICK_HREFS = """() => [...document.querySelectorAll('div.mermaid')]
    .flatMap(h => [...h.shadowRoot.querySelectorAll('a')]).map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))"""
WALKS_STARTED = "() => [...document.querySelectorAll('.packet-path')].every(b => b.classList.contains('is-interactive'))"
# Every walk on the page, started (its stepper is there) or not.
PACKET_PATHS = """() => [...document.querySelectorAll('.packet-path')].map(block => {
  const root = block.querySelector('div.mermaid')?.shadowRoot;
  if (!root) return { interactive: false, title: block.querySelector('pre.mermaid')?.textContent.match(/accTitle: (.*)/)?.[1] };
  return { interactive: block.classList.contains('is-interactive'), hops: root.querySelectorAll('svg g.edgePaths > path').length,
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


def let_material_settle(page):
    """Wait out Material's own close: 125 ms after each page load, navigation or fragment change it
    closes search and the drawer (bundle: merge(location$, target$).pipe(delay(125))). A reader never
    opens search that fast; a test that does sees its results hidden under it."""
    page.wait_for_timeout(250)


def search_site(page, term: str):
    """Type a query into Material's search at once and return its result links, once drawn.

    Typed key by key, each key starts a query of its own and the result list is redrawn as each
    answer arrives, so a located link can be replaced under the click. Filled in one go and
    released with one key-up (the event Material's search listens to), it runs one query.
    """
    let_material_settle(page)
    page.keyboard.press("/")
    query = page.locator("input.md-search__input")
    query.fill(term)
    query.press("End")
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for()
    return results


FINITE_ANIMATIONS_DONE = """Promise.all(document.getAnimations()
  .filter(a => a.effect?.getComputedTiming().endTime !== Infinity).map(a => a.finished.catch(() => null)))"""


# The same, for the animations that change what axe reads: not those that only move an element or
# its shadow (opening an answer turns its marker and grows its shadow for 0.25 s).
COLOURS_SETTLED = """Promise.all(document.getAnimations()
  .filter(a => a.effect?.getComputedTiming().endTime !== Infinity)
  .filter(a => !["transform", "box-shadow"].includes(a.transitionProperty))
  .map(a => a.finished.catch(() => null)))"""


def axe_violations(page, rules: list[str] | None = None, skip: list[str] | None = None,
                   detach: list[str] | None = None) -> list[str]:
    """axe's violations on the page as it is: every rule of AXE_TAGS, or only the given rules;
    elements matching a selector in `skip` are left out, and those matching one in `detach` are
    taken out of the document for the run and put back after it (axe walks the whole document even
    where told to leave parts out: for large parts checked elsewhere, detaching saves that time).
    Running transitions end first: the reader reads the colours they end on (search's results fade
    in over 0.4 s, and axe measured a grey still on its way to its final contrast)."""
    page.evaluate(COLOURS_SETTLED)
    if not page.evaluate("typeof window.axe === 'object'"):  # the second scheme's audit reuses it
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async ([tags, only, off, skip, detach]) => {
          const taken = detach.flatMap(selector => [...document.querySelectorAll(selector)]).map(element => {
            const mark = document.createComment("detached for axe");
            element.replaceWith(mark);
            return [mark, element];
          });
          try {
            return (await axe.run(skip.length ? { exclude: skip.map(s => [s]) } : document, {
              runOnly: only ? { type: "rule", values: only } : { type: "tag", values: tags },
              rules: Object.fromEntries(off.map(id => [id, { enabled: false }])),
              resultTypes: ["violations"],  // passes and incomplete results are not read: skip their details
              preload: false,  // it fetches every stylesheet again, for an experimental rule that does not run
            })).violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`);
          } finally {
            taken.reverse().forEach(([mark, element]) => mark.replaceWith(element));  // nested ones last out, first back
          }
        }""",
        [AXE_TAGS, rules, list(AXE_EXCLUSIONS), skip or [], detach or []],
    )


def url_path(src: str) -> str:
    """The site-relative path of a page: "dns/" for dns.md, "" for index.md."""
    folder = src.removesuffix(".md").removesuffix("index")
    return folder if not folder or folder.endswith("/") else folder + "/"


# Every page a build makes, read from mkdocs.yml so that tests can be made per page before the site
# is built (test_build.py checks that the build makes exactly these): the navigation's pages (path
# -> docs-relative source), then the print page (mkdocs-print-site) and the 404 page.
NAV_SOURCES = {url_path(src): src for _, src in nav_pages(read_config(ROOT / "mkdocs.yml")["nav"])}
SITE_PATHS = [*NAV_SOURCES, "print_page/", "404.html"]
# Pages made from templates by the build hooks (cheat sheets, questions-only): no Markdown of their own.
GENERATED_PATHS = [path for path, src in NAV_SOURCES.items() if not (DOCS / src).is_file()]

# Each page is loaded once, as readers reach it, and audited in both colour schemes; every check that
# only reads a page shares that load:
# - light, every axe rule: a first visit in a fresh browser context (cold cache), which also
#   measures the bytes the page transfers. The generated pages are one template with the topics'
#   text, checked on the topic pages: they are reached by instant navigation instead (one browser
#   page for the run, moving on as a reader does), and test_quality.py measures the bytes of the
#   largest of them on a first visit.
# - dark: the same page once the system's scheme turns dark. With no choice saved Material follows
#   the system (test_browser.py checks that) and the diagrams take the new colours. Only colours
#   change with the scheme, so only axe's colour rules run, except on the home page, where the
#   palette switch shows its other button: there every rule runs.
# - The frame (header, tabs, site navigation, footer) is one template on every page: axe checks it
#   on the home page and on the first topic page (where a section of the navigation is open), and
#   elsewhere checks the page's own content and contents list. The print page is checked only for
#   what it adds to the pages it gathers.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
FRAME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer"]
FRAME_CHECKED_ON = {"", next(p for p in NAV_SOURCES if p and p not in GENERATED_PATHS)}
# mkdocs-print-site's copy of each page, but the home page's: it holds the first heading on screen,
# which the skip link points to, so page-wide rules (one h1, a skip link's target) still see the page.
PRINT_PAGE_GATHERED = ["section.print-page[heading-number]:not(#index)"]


def left_to_other_audits(path: str) -> dict[str, list[str]]:
    """axe_violations' `skip` and `detach` for the page at path: what another audit checks (above)."""
    return {"skip": [] if path in FRAME_CHECKED_ON else FRAME,
            "detach": PRINT_PAGE_GATHERED if path == "print_page/" else []}


@dataclass
class Audit:
    """What the read-only checks need from one page in one colour scheme, read in one load."""
    url: str
    report: PageReport
    scheme: str
    path: str = ""  # site-relative: "" for home, "dns/", "404.html"
    file: Path | None = None  # the built HTML file
    body_scheme: str | None = None
    reloaded: bool = False  # the instant navigation that should have brought us here reloaded
    transfer: dict = field(default_factory=dict)  # first visits: bytes transferred (sitekit.browser.transfer)
    click_hrefs: list = field(default_factory=list)
    packet_paths: list = field(default_factory=list)
    # Every answer open: axe then sees everything a reader can reach, closed answers included.
    axe: list = field(default_factory=list)
    diagram_sizes: list = field(default_factory=list)  # answers open, every scenario shown


def read_audit(page, found: Audit) -> Audit:
    """Fill in found from a page whose diagrams are drawn, then open every answer and scenario."""
    found.body_scheme = page.get_attribute("body", "data-md-color-scheme")
    found.click_hrefs = page.evaluate(CLICK_HREFS)
    # A walk's stepper starts just after its diagram is drawn: wait for every walk, but not for ever
    # (one that never starts is reported by the walk test, which compares with the built page).
    try:
        page.wait_for_function(WALKS_STARTED, timeout=5000)
    except PlaywrightTimeoutError:
        pass
    found.packet_paths = page.evaluate(PACKET_PATHS)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.evaluate(NEXT_FRAME)
    found.axe = axe_violations(page, None, **left_to_other_audits(found.path))
    page.evaluate("document.querySelectorAll('.packet-scenarios .is-inactive').forEach(b => b.classList.remove('is-inactive'))")
    page.evaluate(NEXT_FRAME)
    found.diagram_sizes = page.evaluate(DIAGRAM_SIZES)
    return found


def read_dark_audit(page, found: Audit) -> Audit:
    """Turn the system's scheme dark under the page read_audit has read, and fill in found."""
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    settle(page, found.report)
    found.body_scheme = page.get_attribute("body", "data-md-color-scheme")
    found.axe = axe_violations(page, None if found.path == "" else COLOUR_RULES, **left_to_other_audits(found.path))
    return found


def audit_context(browser, scheme: str):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    return context


class Visit:
    """One browser page whose events go to the report of the audit being read now."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.report = PageReport("")
        watch(self.page, lambda: self.report)

    def audit_both_schemes(self, light: Audit) -> tuple[Audit, Audit]:
        """Settle and read the light page on screen (its events already go to light.report: the
        caller points them there before the page loads), then the same page in the dark scheme."""
        settle(self.page, light.report)
        read_audit(self.page, light)
        dark = Audit(light.url, PageReport(light.url), "dark", light.path, reloaded=light.reloaded)
        self.report = dark.report
        read_dark_audit(self.page, dark)
        return light, dark


def first_visit(browser, url: str, path: str = "") -> tuple[Audit, Audit]:
    """The light and dark audits of url, first visited in a fresh context; the light one holds the
    bytes the visit transferred."""
    context = audit_context(browser, "light")
    visit, requests = Visit(context), []
    visit.page.on("requestfinished", lambda request: requests.append(request))
    light = Audit(url, PageReport(url), "light", path)
    visit.report = light.report
    visit.page.goto(url, wait_until="load")
    light, dark = visit.audit_both_schemes(light)
    visit.page.wait_for_load_state("networkidle")  # long since reached, unless something loads late
    light.transfer = transfer(requests)
    context.close()
    return light, dark


def first_visit_transfer(browser, url: str) -> tuple[PageReport, dict]:
    """What a first visit to url in a fresh context reported, and the bytes it transferred."""
    context = audit_context(browser, "light")
    requests = []
    page, report = open_settled(context, url, requests)
    page.wait_for_load_state("networkidle")
    found = transfer(requests)
    context.close()
    return report, found


class Reader:
    """One browser page that goes from page to page by instant navigation, auditing each."""

    def __init__(self, browser, sitemap: set[str]):
        self.browser, self.sitemap = browser, sitemap
        self.visit: Visit | None = None

    def audit(self, url: str, path: str) -> tuple[Audit, Audit]:
        light = Audit(url, PageReport(url), "light", path)
        try:
            if self.visit and url in self.sitemap:
                self.visit.report = light.report
                self._navigate(url)
                light.reloaded = not self.visit.page.evaluate("window.__noReload === true")
            else:
                self.close()
                self.visit = Visit(audit_context(self.browser, "light"))
                self.visit.report = light.report
                self.visit.page.goto(url, wait_until="load")
            found = self.visit.audit_both_schemes(light)
            self.visit.page.emulate_media(color_scheme="light")  # as the next page is reached
            self.visit.page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
            return found
        except Exception:
            self.close()  # the next page starts afresh
            raise

    def _navigate(self, url: str) -> None:
        """A real click on an ordinary link, which Material intercepts for instant navigation."""
        page = self.visit.page
        page.wait_for_load_state("networkidle")  # Material intercepts links once it has the sitemap
        page.evaluate("""url => {
          window.__noReload = true;
          const link = Object.assign(document.createElement("a"), { href: url, id: "go", textContent: "go" });
          document.querySelector(".md-content").prepend(link);
        }""", url)
        page.click("#go")
        page.wait_for_url(url)
        page.wait_for_selector("#go", state="detached")  # the new page's content is in place

    def close(self) -> None:
        if self.visit:
            self.visit.context.close()
        self.visit = None


def audit_params(schemes=("light", "dark"), paths=None) -> list:
    """Parameters for the `audited` fixture: one per colour scheme and page."""
    return [pytest.param((scheme, path), id=f"{scheme}-{path or 'home'}")
            for scheme in schemes for path in (SITE_PATHS if paths is None else paths)]


@pytest.fixture(scope="session")
def audits(built_site, browser):
    """(scheme, path) -> Audit, each page loaded at most once for the whole run."""
    found: dict[tuple[str, str], Audit] = {}
    sitemap = set(re.findall(r"<loc>([^<]+)</loc>", (built_site.dir / "sitemap.xml").read_text(encoding="utf-8")))
    reader = Reader(browser, sitemap)
    yield found, reader
    reader.close()


@pytest.fixture()
def audited(request, audits, built_site, browser) -> Audit:
    """The Audit of one page in one colour scheme; parametrize with audit_params(...), indirect=True.

    Checks that only read a page share its audit; checks that change a page load their own.
    """
    scheme, path = request.param
    found, reader = audits
    if (scheme, path) not in found:
        url = built_site.url + path
        light, dark = reader.audit(url, path) if path in GENERATED_PATHS else first_visit(browser, url, path)
        for audit in (light, dark):
            audit.file = built_site.dir / (path if path.endswith(".html") else path + "index.html")
            found[audit.scheme, path] = audit
    return found[scheme, path]


# Storage a browser refuses, for the tests that study mode and the study tools survive it.
BLOCKED_STORAGE = {
    # Safari private mode and full quotas: reading works, writing throws.
    "writes fail": "Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };",
    # Site data blocked by the browser: touching localStorage at all throws.
    # (An Error, not a DOMException: its stack names the script that touched localStorage.)
    "access denied": "Object.defineProperty(window, 'localStorage', { get() { "
                     "const e = new Error('denied'); e.name = 'SecurityError'; throw e; } });",
}
