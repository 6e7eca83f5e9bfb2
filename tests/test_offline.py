"""Works on a plane: the installed service worker serves every page, search, diagrams and study tools
offline; updates wait for the reader; the development server has no worker (issue 14).

Real Chromium and a real service worker on a loopback origin (127.0.0.1 counts as secure)."""

from __future__ import annotations

import html
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from conftest import diagram_count, make_fixture_site, search_site
from sitekit.browser import CHROMIUM_ARGS, OPEN_SHADOW_ROOTS, PageReport, chromium_path, settle, wait_for_instant_navigation, watch
from sitekit.build import ROOT, build_site
from sitekit.serve import QuietServer, StaticHandler, free_port, serve
from outputs.mermaid_files import DIAGRAM as DRAWN_DIAGRAM, precache_skips

WORKER_ACTIVE = "async () => { await navigator.serviceWorker.ready; return !!navigator.serviceWorker.controller; }"
OFFLINE_TITLE = "You are offline"


def wait_for_worker(page) -> None:
    page.wait_for_function(WORKER_ACTIVE, timeout=60000)


def cached_urls(page) -> list[str]:
    return page.evaluate("""async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(name + " " + request.url);
      }
      return urls;
    }""")


@pytest.fixture(scope="module")
def online(built_site, browser):
    """One context for the offline scenario: the first visit online, until the worker is active."""
    context = browser.new_context(service_workers="allow")
    foreign = []
    context.on("request", lambda r: None if urlsplit(r.url).hostname == "127.0.0.1" else foreign.append(r.url))
    page = context.new_page()
    page.goto(built_site.url)
    wait_for_worker(page)
    yield context, page
    assert foreign == [], foreign
    context.close()


def test_manifest_and_installability(built_site, online):
    context, page = online
    manifest = json.loads((built_site.dir / "manifest.webmanifest").read_text(encoding="utf-8"))
    path = urlsplit(built_site.url).path
    assert manifest["start_url"] == manifest["scope"] == path
    assert manifest["display"] == "standalone" and manifest["name"] and manifest["short_name"]
    maskable = {icon["sizes"] for icon in manifest["icons"] if icon["purpose"] == "maskable"}
    assert {"192x192", "512x512"} <= maskable
    for icon in manifest["icons"]:
        data = (built_site.dir / icon["src"]).read_bytes()
        if icon["type"] == "image/png":  # PNG header: width and height as the manifest says
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert "{}x{}".format(*struct.unpack(">II", data[16:24])) == icon["sizes"]
    assert header_and_theme_colors(page) == {"light": ("rgb(64, 81, 181)",) * 2, "dark": ("rgb(64, 81, 181)",) * 2}


def header_and_theme_colors(page) -> dict[str, tuple[str, str]]:
    """scheme -> (the header's background, the theme-color meta of that scheme), both as rgb()."""
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.reload()
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        meta = page.locator(f'meta[name="theme-color"][media="(prefers-color-scheme: {scheme})"]').get_attribute("content")
        found[scheme] = (header, "rgb({}, {}, {})".format(*(int(meta[i:i + 2], 16) for i in (1, 3, 5))))
    page.emulate_media(color_scheme="light")
    return found


def test_the_theme_color_follows_another_primary_colour(tmp_path, browser):
    # The site's indigo is also what a guess would say; other primaries show that the colour is read.
    config = make_fixture_site(tmp_path, {"index.md": "---\ndescription: Fixture home page for the theme colour.\n---\n\n# Home\n"},
                               hooks=("offline",))  # it writes the theme-color metas
    text = config.read_text(encoding="utf-8")
    assert text.count("primary: indigo") == 2, "the palette changed: update this fixture"
    text = text.replace("primary: indigo", "primary: deep orange", 1).replace("primary: indigo", "primary: teal", 1)
    config.write_text(text, encoding="utf-8")
    port = free_port()
    result = build_site(tmp_path / "site", f"http://127.0.0.1:{port}/", config)
    assert result.returncode == 0, result.log
    with serve(tmp_path / "site", port):
        page = browser.new_page()
        try:
            page.goto(f"http://127.0.0.1:{port}/")
            colors = header_and_theme_colors(page)
        finally:
            page.close()
    assert colors == {"light": ("rgb(255, 110, 66)",) * 2, "dark": ("rgb(0, 148, 133)",) * 2}, colors


def test_chromium_reports_the_site_installable(built_site, browser, tmp_path):
    # Browser contexts are incognito, which is never installable: a profile on disk instead.
    profile = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=chromium_path(), args=CHROMIUM_ARGS)
    try:
        page = profile.new_page()
        page.goto(built_site.url)
        wait_for_worker(page)
        cdp = profile.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == [], manifest["errors"]
    finally:
        profile.close()


def test_precache_is_reported_and_covers_the_site(built_site):
    match = re.search(r"^INFO +- +offline: sw\.js precaches (\d+) files, (\d+) KiB$", built_site.build.log, re.M)
    assert match, built_site.build.log[-2000:]
    worker = (built_site.dir / "sw.js").read_text(encoding="utf-8")
    precached = set(re.findall(r'url:"([^"]+)"', worker))
    assert len(precached) == int(match[1])
    pages = {p.relative_to(built_site.dir).as_posix() for p in built_site.pages()}
    # Mermaid: the chunks of the diagram types the site draws (the rest is checked below, offline).
    mermaid = {p.relative_to(built_site.dir).as_posix() for p in (built_site.dir / "assets/vendor/mermaid").rglob("*.mjs")}
    mermaid -= set(precache_skips(built_site.dir))
    styles = {p.relative_to(built_site.dir).as_posix() for p in built_site.dir.rglob("*.css")}
    # The search worker and every file of its index (overrides/hooks/search.py), so any query works offline.
    index = [p.parent for p in (built_site.dir / "search").glob("*/meta.json")]
    assert len(index) == 1, index
    search = {p.relative_to(built_site.dir).as_posix() for p in [*index[0].iterdir(), *built_site.dir.rglob("search-worker.*.min.js")]}
    must = pages | mermaid | styles | search | {"search/search_index.json", "manifest.webmanifest", "offline.html", "sitemap.xml"}
    assert must - precached == set()
    assert not any(url.endswith((".map", ".pdf")) for url in precached)
    decks = {p.relative_to(built_site.dir).as_posix() for p in (built_site.dir / "anki").glob("*.apkg")}
    assert decks and decks <= precached, "the Anki decks are small: every one is precached"
    assert "https://" not in worker.replace("https://bit.ly/wb-precache", "")  # Workbox's runtime is inlined


def test_everything_works_offline(built_site, online):
    context, page = online
    context.set_offline(True)
    try:
        # Every page, as built, from the worker's precache: the route that answers a fetch() of a page's
        # address is the one that answers opening it (several are opened below).
        pages = {built_site.url_of(p): p.read_text(encoding="utf-8") for p in built_site.pages()}
        served = page.evaluate("""urls => Promise.all(urls.map(async url => {
            try {
                const response = await fetch(url);
                return [url, response.ok ? await response.text() : `HTTP ${response.status}`];
            } catch (error) { return [url, String(error)]; }  // not in the precache: no network
        }))""", list(pages))
        wrong = [url for url, text in served if text != pages[url]]
        assert wrong == [], f"not served from the precache as built: {wrong}"
        # The search links' ?h= and a shared ?q= open the same page.
        page.goto(built_site.url + "services/?h=hairpin")
        assert page.locator("h3#clusterip-packet-path").count() == 1

        # Instant navigation fetches the next page with fetch(): from the same precache.
        page.goto(built_site.url)
        wait_for_instant_navigation(page)
        page.evaluate("window.__noReload = true")
        page.locator("a.md-footer__link--next").click()
        page.wait_for_url(re.compile(r".*/pod-networking/(#.*)?$"))
        page.wait_for_selector("h3[id]")
        assert page.evaluate("window.__noReload"), "the link reloaded the page"

        # Search finds a term inside a collapsed answer (the search worker and its index come from
        # the precache), and the result opens that answer, its #fragment kept in the address.
        search_site(page, "hairpin")
        hit = page.locator(".md-search-result__link[href$='services/?h=hairpin#clusterip-packet-path']")
        hit.click()
        page.wait_for_function("document.querySelector('h3#clusterip-packet-path + details')?.open")
        page.wait_for_function("document.querySelector('h3#clusterip-packet-path + details mark[data-md-highlight]')")
        page.wait_for_url(re.compile(r".*/services/\?h=hairpin#clusterip-packet-path$"))
        assert page.evaluate("[...document.querySelectorAll('details')].filter(d => d.open).length") == 1

        # A diagram draws; a grade is saved.
        report = PageReport(page.url)
        watch(page, report)
        settle(page, report)
        assert report.rendered_diagrams > 0 and report.problems() == [], report.problems()
        assert page.url.endswith("#clusterip-packet-path"), page.url  # still, after the page settled
        answer = page.locator("h3#clusterip-packet-path + details")
        answer.get_by_role("button", name="3 Good").click()
        page.reload()
        expect(page.locator("h3#clusterip-packet-path .study-status")).to_have_text("known")

        # A cheat sheet opens with its tables.
        page.goto(built_site.url + "cheat-sheets/services/")
        assert page.locator("article table").count() > 0

        # Anything else: the offline page, whose links work from any address.
        page.goto(built_site.url + "no/such/page/")
        assert page.locator("h1").first.inner_text() == OFFLINE_TITLE
        page.get_by_role("link", name="Cluster DNS").first.click()
        page.wait_for_url(built_site.url + "dns/")
        # Material may navigate instantly: the address changes before the new content is in place.
        page.locator("h3#resolv-conf-ndots").wait_for()
    finally:
        context.set_offline(False)



@pytest.fixture(scope="module")
def cold_offline(built_site, browser):
    """A reader who visited a walk page once, then lost the browser's HTTP cache and the network:
    only the worker's precache is left."""
    context = browser.new_context(service_workers="allow", viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.goto(built_site.url + "services/")
    wait_for_worker(page)
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)
    yield page
    context.close()


def test_a_walk_and_its_drill_work_offline_after_the_http_cache_is_gone(built_site, cold_offline):
    page = cold_offline
    report = PageReport(page.url)
    watch(page, report)
    page.reload()
    page.locator("h3#clusterip-packet-path + details > summary").click()
    walk = page.locator("h3#clusterip-packet-path + details .packet-path")
    settle(page, report)
    # The walk's styles: its control panel sticks to the bottom of the screen.
    assert walk.locator(".stepper").evaluate("s => getComputedStyle(s).position") == "sticky"
    walk.get_by_role("button", name="Next", exact=True).click()
    walk.get_by_role("button", name="Next", exact=True).click()
    walk.get_by_role("button", name="Previous", exact=True).click()
    assert walk.locator(".stepper__caption").inner_text().startswith("1/7: ")
    walk.get_by_role("button", name="Drill: predict each hop").click()
    walk.locator(".drill__choice").first.click()
    assert walk.locator(".drill__feedback").inner_text() != ""
    assert report.problems() == [], report.problems()


def drawing(source: str) -> str:
    """A diagram's source as Mermaid reads it, without its links: mkdocs-print-site escapes the
    source differently and points the links at its own copies of the sections."""
    return "\n".join(line for line in html.unescape(source).splitlines() if not line.lstrip().startswith("click "))


def test_every_diagram_draws_offline_after_the_http_cache_is_gone(built_site, cold_offline):
    """Only the Mermaid chunks the site's diagram types need are precached (vendor_assets.py): each
    is enough to draw every diagram of the site, with no network and no HTTP cache.

    Every diagram is drawn once: the print page gathers the topic pages, diagrams included, so the
    pages are visited print page first, and a page whose diagrams were all drawn already is left out
    (the same diagram drawn again would load the same files)."""
    page = cold_offline
    reports = [PageReport("")]
    watch(page, lambda: reports[-1])
    loaded = set()
    page.on("request", lambda r: "/vendor/mermaid/" in r.url and loaded.add(r.url.removeprefix(built_site.url)))
    sources = {built: {drawing(source) for source in DRAWN_DIAGRAM.findall(built.read_text(encoding="utf-8"))}
               for built in built_site.pages()}
    drawn: set[str] = set()
    for built in sorted(sources, key=lambda built: built.parent.name != "print_page"):
        count = diagram_count(built.read_text(encoding="utf-8"))
        if not count or sources[built] <= drawn:
            continue
        report = PageReport(built_site.url_of(built))
        reports.append(report)
        page.goto(report.url)
        settle(page, report)
        assert report.rendered_diagrams == count and report.problems() == [], (report.url, report.problems())
        drawn |= sources[built]
    # And nothing more: every Mermaid file the first visit downloads for later is one a diagram loads.
    precached = set(re.findall(r'url:"([^"]+)"', (built_site.dir / "sw.js").read_text(encoding="utf-8")))
    assert {url for url in precached if url.startswith("assets/vendor/mermaid/")} == loaded


def test_an_anki_deck_downloads_offline_after_one_visit(built_site, browser):
    # The server is stopped, not emulated offline: Chromium fetches a download in its browser
    # process, where Playwright's offline switch does not reach (and neither does the worker, which
    # is why docs/assets/javascripts/offline-downloads.js fetches the deck through it).
    port = free_port()
    server = Switchable(port)
    server.dir = built_site.dir
    url = f"http://127.0.0.1:{port}/"
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        page.goto(url)  # one visit to the home page
        wait_for_worker(page)
        server.close()  # the network is gone
        context.new_cdp_session(page).send("Network.clearBrowserCache")  # and so is the HTTP cache
        page.goto(url + "services/")
        with page.expect_download() as download:
            page.get_by_role("link", name="Anki deck of this page").click()
        saved = download.value
        assert saved.failure() is None, saved.failure()
        assert saved.suggested_filename == "services.apkg"
        assert Path(saved.path()).read_bytes() == (built_site.dir / "anki" / "services.apkg").read_bytes()
    finally:
        context.close()


# Update: two builds of a small site on one address -------------------------------------------------

class Switchable:
    """A loopback static server whose folder can be swapped, recording each path it is asked for
    (`requests`) and each response it has finished sending (`served`)."""

    def __init__(self, port: int):
        self.dir: Path | None = None
        self.requests: list[str] = []
        self.served: list[str] = []
        outer = self

        class Handler(StaticHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(outer.dir), **kwargs)

            def log_request(self, code="-", size="-"):
                outer.requests.append(self.path)

            def do_GET(self):
                super().do_GET()
                outer.served.append(self.path)

        self.server = QuietServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


PAGE = "---\ndescription: A fixture page for the offline update test, long enough.\n---\n\n# {title}\n\n{text}\n"
DIAGRAM = ("```mermaid\nflowchart LR\n  accTitle: Fixture\n  accDescr: Two nodes.\n  a --> b\n```\n\n"
           "*A fixture diagram.*\n{ .diagram-caption }\n")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Build A and build B of one small site for the same address; B changes one page."""
    tmp = tmp_path_factory.mktemp("update")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    # What the worker and its update notice need: the worker (offline), the scripts that register
    # it and show the notice (bundle_assets), pages as shipped (postprocess) and Mermaid's chunks
    # to precache (vendor_assets).
    config = make_fixture_site(tmp, {
        "index.md": PAGE.format(title="Home", text="Start here: [changing](changing.md)."),
        "steady.md": PAGE.format(title="Steady", text=DIAGRAM),
        "changing.md": PAGE.format(title="Changing", text="Marker: build-alpha-text."),
    }, hooks=("vendor_assets", "bundle_assets", "postprocess", "offline"), plugins=("search", "mermaid2"))
    a = build_site(tmp / "a", url, config)
    assert a.returncode == 0, a.log
    again = build_site(tmp / "a-again", url, config)
    assert again.returncode == 0, again.log
    (tmp / "docs" / "changing.md").write_text(PAGE.format(title="Changing", text="Marker: build-beta-text."))
    b = build_site(tmp / "b", url, config)
    assert b.returncode == 0, b.log
    return tmp, port, url


def test_builds_are_reproducible(two_builds):
    """The same sources build the same icons, manifest and worker, byte for byte; a changed page
    changes its own revision in the worker, and no other."""
    tmp, _, _ = two_builds
    a, again, b = tmp / "a", tmp / "a-again", tmp / "b"
    icons = [p.relative_to(a).as_posix() for p in (a / "assets/images/icons").glob("*.png")]
    for name in ["manifest.webmanifest", "sw.js", *icons]:
        assert (a / name).read_bytes() == (again / name).read_bytes(), name
    entries = re.compile(r'\{url:"[^"]+",revision:(?:"[0-9a-f]+"|null)\}')
    worker_a, worker_b = ((d / "sw.js").read_text(encoding="utf-8") for d in (a, b))
    changed = set(entries.findall(worker_b)) - set(entries.findall(worker_a))
    assert any('"changing/index.html"' in e for e in changed) and not any("steady/" in e for e in changed), changed


def test_update_waits_for_the_reader_then_replaces_everything(two_builds, browser):
    tmp, port, url = two_builds
    server = Switchable(port)
    context = browser.new_context(service_workers="allow")
    try:
        server.dir = tmp / "a"
        page = context.new_page()
        page.goto(url)
        wait_for_worker(page)
        # Downloads (make pdf, Anki decks) are saved when first opened, and work offline then.
        downloads = ["pdf/guide.pdf", "anki/deck.apkg"]
        for name in downloads:
            (tmp / "a" / name).parent.mkdir(exist_ok=True)
            (tmp / "a" / name).write_bytes(b"%PDF-1.4 build-alpha-text")
        page.evaluate("async names => { for (const n of names) await (await fetch(n)).blob(); }", downloads)
        saved = [e for e in cached_urls(page) if e.startswith("k8s-guide-downloads ")]
        assert len(saved) == 2 and all(e.endswith(tuple(downloads)) for e in saved), saved
        context.set_offline(True)
        assert page.evaluate("async n => (await fetch(n)).ok", downloads[0])
        context.set_offline(False)
        checks = server.served.count("/sw.js")
        page.goto(url + "changing/")
        assert "build-alpha-text" in page.locator("article").inner_text()
        # The browser checks sw.js shortly after each load; let that check see build A, as a
        # reader's would (its whole response sent), before B is published.
        deadline = time.monotonic() + 10
        while server.served.count("/sw.js") == checks and time.monotonic() < deadline:
            time.sleep(0.05)

        server.dir, server.requests = tmp / "b", []
        page.goto(url + "steady/")  # a navigation: the browser checks sw.js and installs B
        notice = page.locator(".update-notice[role=status]")
        notice.get_by_role("button", name="Reload").wait_for(timeout=60000)
        assert "A new version is available" in notice.inner_text()
        assert page.evaluate("document.activeElement === document.body"), "the notice took the focus"
        # Only what changed was fetched for B's precache; until the reader agrees, pages are A's.
        fetched = {path.split("?")[0] for path in server.requests}
        assert "/changing/index.html" in fetched and "/steady/index.html" not in fetched, fetched
        assert not any(p.startswith("/assets/vendor/mermaid/") for p in fetched), fetched
        page.goto(url + "changing/")
        assert "build-alpha-text" in page.locator("article").inner_text()
        # The notice survives instant navigation.
        wait_for_instant_navigation(page)
        page.evaluate("window.__noReload = true")
        page.locator("a.md-footer__link--next, a.md-footer__link--prev").first.click()
        page.wait_for_function("!location.pathname.startsWith('/changing/')")
        assert page.evaluate("window.__noReload") and notice.get_by_role("button", name="Reload").is_visible()

        # The workers' states as Chromium reports them, for the message if the page never reloads (it
        # has not, rarely, under heavy load since stop 29: the new worker stayed installed).
        versions = {}
        cdp = context.new_cdp_session(page)
        cdp.on("ServiceWorker.workerVersionUpdated", lambda event: versions.update(
            {v["versionId"]: f'{v["status"]}/{v["runningStatus"]}, {len(v.get("controlledClients", []))} clients'
             for v in event["versions"]}))
        cdp.send("ServiceWorker.enable")
        notice.get_by_role("button", name="Reload").click()
        try:
            page.wait_for_function("!window.__noReload", timeout=60000)  # a new document: reloaded
        except PlaywrightTimeoutError:
            pytest.fail(f"Reload did not reload the page in 60 s; workers: {versions}; "
                        f"last requests: {server.requests[-10:]}")
        wait_for_worker(page)
        page.goto(url + "changing/")
        assert "build-beta-text" in page.locator("article").inner_text()
        assert page.locator(".update-notice button").count() == 0
        leftovers = page.evaluate("""async () => {
          const found = [];
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
              const text = await (await cache.match(request)).text();
              if (text.includes("build-alpha-text")) found.push(request.url);
            }
          }
          return found;
        }""")
        assert leftovers == []
        worker_b = (tmp / "b" / "sw.js").read_text(encoding="utf-8")
        revisions = dict(re.findall(r'url:"([^"]+)",revision:("[0-9a-f]+"|null)', worker_b))
        for entry in cached_urls(page):
            name, cached = entry.split(" ", 1)
            if "precache" in name:  # every precached response is one of B's entries
                path, query = urlsplit(cached).path.lstrip("/"), urlsplit(cached).query
                rev = re.search(r"__WB_REVISION__=([0-9a-f]+)", query)
                assert path in revisions and (revisions[path] == "null" if not rev else revisions[path] == f'"{rev[1]}"'), cached
    finally:
        context.close()
        server.close()


# The development server --------------------------------------------------------------------------

def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited:\n{proc.stdout.read() if proc.stdout else ''}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    pytest.fail("mkdocs serve did not start")


def test_the_development_server_has_no_worker_and_removes_an_old_one(two_builds, browser):
    """A built copy was previewed on the address first; then `mkdocs serve` runs there. The old
    worker, its caches and its pages go; the development server's pages register nothing."""
    tmp, _, _ = two_builds
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    context = browser.new_context(service_workers="allow")
    server = Switchable(port)
    server.dir = tmp / "b"
    page = context.new_page()
    page.goto(url)
    wait_for_worker(page)
    server.close()
    # Counts the page's own attempts to register a worker, which getRegistrations() alone might
    # see only once the registration job has run.
    context.add_init_script("""window.__registrations = 0;
      const register = ServiceWorkerContainer.prototype.register;
      ServiceWorkerContainer.prototype.register = function (...args) { window.__registrations++; return register.apply(this, args); };""")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}",
         "--config-file", str(tmp / "mkdocs.yml")],
        cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        wait_for_port(port, proc)
        page.goto(url + "changing/")
        page.wait_for_function("""async () => (await navigator.serviceWorker.getRegistrations()).length === 0
                                  && (await caches.keys()).length === 0
                                  && !navigator.serviceWorker.controller""", timeout=60000, polling=500)
        # The page the old worker answered with is replaced by the development server's.
        page.wait_for_function("!document.querySelector('link[data-service-worker]')", timeout=30000)
        page.wait_for_selector("article h1")
        assert page.locator("script[src*='livereload']").count() + page.evaluate(
            "document.documentElement.outerHTML.includes('livereload')") > 0
        # offline.js registers after the load event, when the page is idle (requestIdleCallback, in
        # order of request): once an idle callback asked for after the load has run, it has decided.
        page.wait_for_load_state("load")
        page.evaluate("() => new Promise(r => requestIdleCallback(r, { timeout: 5000 }))")
        assert page.evaluate("window.__registrations") == 0, "the development server's page registered a worker"
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    finally:
        context.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_registration_adds_at_most_2_kib_gzip_to_a_page(built_site):
    """What every page pays for the worker: offline.js and offline-downloads.js inside the script
    bundle, the notice's rules inside the style bundle, and the manifest link and theme-color metas,
    each measured as the difference it makes to its gzip-compressed file."""
    import gzip

    import bundle_assets

    def gz(data: bytes) -> int:
        return len(gzip.compress(data, compresslevel=6))

    docs = ROOT / "docs"
    scripts = [docs / e for e in re.findall(r"^  - (assets/javascripts/\S+\.js)$", (ROOT / "mkdocs.yml").read_text(), re.M)]
    assert docs / "assets/javascripts/offline.js" in scripts
    with_js = bundle_assets.esbuild("s", scripts, 'import "{}";')
    without_js = bundle_assets.esbuild("s", [s for s in scripts if s.name not in ("offline.js", "offline-downloads.js")], 'import "{}";')
    code = [next(v for k, v in b.items() if not k.endswith(".map")) for b in (with_js, without_js)]
    script_cost = gz(code[0]) - gz(code[1])
    css = next((built_site.dir / "assets/stylesheets").glob("site.*.min.css")).read_bytes()
    style_cost = gz(css) - gz(re.sub(rb"\.update-notice[^{]*\{[^}]*\}", b"", css))
    html = (built_site.dir / "dns/index.html").read_bytes()
    head = re.sub(rb'\s*<link\b[^>]*rel="manifest"[^>]*>|\s*<meta\b[^>]*name="theme-color"[^>]*>', b"", html)
    assert head.count(b"\n") == html.count(b"\n") - 3, "manifest link and two theme-color metas expected"
    head_cost = gz(html) - gz(head)
    total = script_cost + style_cost + head_cost
    print(f"registration per page: script {script_cost} B, styles {style_cost} B, head {head_cost} B (gzip)")
    assert 0 < total <= 2 * 1024, (script_cost, style_cost, head_cost)
