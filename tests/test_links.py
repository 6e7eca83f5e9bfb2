"""scripts/check_links.py: the real site is clean; copies broken in one way each are caught with the
page named; external mode behaves against a loopback server (never the internet)."""

from __future__ import annotations

import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import check_links
from conftest import make_fixture_site
from sitekit.build import build_site

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_built_site_has_no_broken_links_anchors_or_assets(built_site):
    problems = check_links.check_internal(built_site.dir, DOCS)
    assert problems == [], "\n".join(map(str, problems))


FIXTURE_PAGE = "---\ndescription: A page of the link checker's fixture site.\n---\n\n# {title}\n\n{text}\n"
FIXTURE_PAGES = {
    "index.md": FIXTURE_PAGE.format(title="Home", text="Read [DNS](dns.md) and [Services](services.md#clusterip)."),
    "dns.md": FIXTURE_PAGE.format(title="DNS", text=(
        "## Lookups { #lookups }\n\n```mermaid\nflowchart LR\n  accTitle: A lookup\n  accDescr: A Pod asks CoreDNS.\n"
        "  pod --> dns\n  click dns \"../services/#clusterip\" \"The Service\"\n```\n")),
    "services.md": FIXTURE_PAGE.format(title="Services", text="## ClusterIP { #clusterip }\n\nSee [DNS](dns.md#lookups)."),
    "glossary.md": FIXTURE_PAGE.format(title="Glossary", text="Terms."),
    "summary.md": FIXTURE_PAGE.format(title="Summary", text="In short."),
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """A few pages built as the site is, with its bundles and Mermaid's chunks (the hooks that make
    the assets a page loads): what the checker reads, at a fraction of the site's size."""
    tmp = tmp_path_factory.mktemp("links")
    config = make_fixture_site(tmp, FIXTURE_PAGES, hooks=("vendor_assets", "bundle_assets", "postprocess"),
                               plugins=("search", "mermaid2"))
    result = build_site(tmp / "site", "http://127.0.0.1:1/", config)
    assert result.returncode == 0, result.log
    assert only_problem(tmp / "site", tmp / "docs") == []
    return tmp / "site"


@pytest.fixture()
def site_copy(small_site, tmp_path) -> Path:
    """The small site, for one test to break in one way."""
    copy = tmp_path / "site"
    shutil.copytree(small_site, copy)
    return copy


def inject(page: Path, html: str) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", html + "</article>", 1), encoding="utf-8")


def only_problem(site: Path, docs: Path = DOCS) -> list[str]:
    return [str(p) for p in check_links.check_internal(site, docs)]


def test_missing_page(site_copy):
    inject(site_copy / "dns" / "index.html", '<a href="../no-such-page/">gone</a>')
    problems = only_problem(site_copy)
    assert any(p.startswith("dns/index.html") and "no-such-page" in p for p in problems), problems


def test_missing_anchor(site_copy):
    inject(site_copy / "dns" / "index.html", '<a href="../services/#no-such-question">gone</a>')
    problems = only_problem(site_copy)
    assert any(p.startswith("dns/index.html") and "no-such-question" in p for p in problems), problems


def test_missing_stylesheet_and_script(site_copy):
    next((site_copy / "assets" / "stylesheets").glob("site.*.min.css")).unlink()
    next((site_copy / "assets" / "javascripts").glob("site-with-mermaid-loader.*.min.js")).unlink()
    problems = only_problem(site_copy)
    assert any(p.startswith("index.html") and "/site." in p and ".css" in p for p in problems), problems
    assert any(p.startswith("index.html") and "site-with-mermaid-loader." in p for p in problems), problems


def test_missing_mermaid_chunk(site_copy):
    chunks = site_copy / "assets" / "vendor" / "mermaid" / "chunks" / "mermaid.esm.min"
    flowchart = next(chunks.glob("flowDiagram-*.mjs"))
    flowchart.unlink()
    problems = only_problem(site_copy)
    assert any(flowchart.name in p and "missing file" in p for p in problems), problems


def test_broken_mermaid_click_link_is_traced_to_the_markdown(tmp_path):
    # MkDocs' strict build passes here: it never looks inside diagrams.
    config = make_fixture_site(tmp_path, {
        "index.md": "---\ndescription: Fixture.\n---\n\n# Home\n",
        "topic.md": ("---\ndescription: Fixture.\n---\n\n# Topic\n\n```mermaid\nflowchart LR\n"
                     "  accTitle: Fixture\n  accDescr: Fixture.\n  a --> b\n"
                     '  click a "../no-such-topic/#x" "broken"\n```\n'),
    }, hooks=())  # the diagram's source is in the page as written
    result = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert result.returncode == 0, result.log
    problems = [str(p) for p in check_links.check_internal(tmp_path / "site", tmp_path / "docs")]
    assert any(p.startswith("topic/index.html (docs/topic.md:12)") and "no-such-topic" in p
               and "Mermaid click" in p for p in problems), problems


def test_broken_raw_html_link(site_copy):
    inject(site_copy / "glossary" / "index.html", '<p><span><a href="../nowhere.html">raw</a></span></p>')
    problems = only_problem(site_copy)
    assert any(p.startswith("glossary/index.html") and "nowhere.html" in p for p in problems), problems


def test_insecure_and_self_absolute_links(site_copy):
    inject(site_copy / "summary" / "index.html",
           '<a href="http://example.com/">insecure</a><a href="https://k8s.example/services/">self</a>')
    problems = [str(p) for p in check_links.check_internal(site_copy, DOCS, site_url="https://k8s.example/")]
    assert any("summary/index.html" in p and "http://example.com/" in p and "insecure" in p for p in problems)
    assert any("summary/index.html" in p and "absolute link to the site itself" in p for p in problems)


def test_command_line_exit_status(site_copy, capsys):
    assert check_links.main([str(site_copy)]) == 0
    inject(site_copy / "dns" / "index.html", '<a href="#nope">x</a>')
    assert check_links.main([str(site_copy)]) == 1
    assert "dns/index.html" in capsys.readouterr().out


# --- external mode, against loopback only ---

class Handler(BaseHTTPRequestHandler):
    busy_hits = 0

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.respond(head=True)

    def do_GET(self):
        self.respond(head=False)

    def respond(self, head: bool):
        if self.path.split("?")[0] == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/missing":
            self.send_response(404)
        elif self.path == "/busy":
            type(self).busy_hits += 1
            self.send_response(429 if type(self).busy_hits == 1 else 200)
            self.send_header("Retry-After", "1")
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
        elif self.path == "/no-head":
            self.send_response(405 if head else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture()
def loopback_server():
    Handler.busy_hits = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_external_mode_statuses_retries_and_cache(loopback_server, tmp_path):
    urls = [f"{loopback_server}/{p}" for p in ("ok", "moved", "missing", "busy", "slow", "no-head")]
    started = time.monotonic()
    results, summary = check_links.check_external(urls, tmp_path, per_host_interval="10ms", timeout=1,
                                                  retries=1, retry_wait=1)
    results = {r.url.rsplit("/", 1)[1]: r for r in results}
    assert results["ok"].ok and results["moved"].ok and results["no-head"].ok  # redirects and GET
    assert not results["missing"].ok and results["missing"].status == 404
    assert results["busy"].ok, "a 429 was not retried"
    assert time.monotonic() - started >= 1.0, "the retry did not wait"
    assert not results["slow"].ok and "time" in results["slow"].detail.lower()
    _, again = check_links.check_external(urls[:2], tmp_path, per_host_interval="10ms")
    assert again["cached"] == 2, "good results were not reused from lychee's cache"
    _, expired = check_links.check_external(urls[:1], tmp_path, max_cache_age="0s", per_host_interval="10ms")
    assert expired["cached"] == 0


def test_per_host_pacing(loopback_server, tmp_path):
    urls = [f"{loopback_server}/ok?{n}" for n in range(4)]
    started = time.monotonic()
    results, _ = check_links.check_external(urls, tmp_path, per_host_interval="300ms")
    assert all(r.ok for r in results)
    assert time.monotonic() - started >= 0.9, "four requests to one host were not spaced out"

