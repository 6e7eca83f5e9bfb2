"""Quality gate on every page: axe (WCAG 2.1 A/AA and best practices) in both schemes with answers
closed and open, transfer budgets, SEO metadata, and the Nu HTML Checker."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import (GENERATED_PATHS, ROOT, SITE_PATHS, Audit, Visit, audit_context, audit_params, axe_violations,
                      diagram_count, first_visit_transfer)
from sitekit.browser import PageReport
from sitemodel import site_topics

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Nu HTML Checker errors that come from markup we do not write, with the reason; anything else fails.
VNU_THIRD_PARTY = {
    "Attribute “autocomplete” is only allowed when the input type is":
        "Material's templates put autocomplete=off on its checkbox and radio toggles",
    "Bad value “” for attribute “tabindex” on element “label”":
        "Material's navigation template (partials/nav-item.html) renders an empty tabindex on section labels",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control":
        "Material's table-of-contents label on the print page, which has no table of contents toggle",
    "Attribute “heading-number” not allowed on element “section”":
        "mkdocs-print-site-plugin numbers the sections of the print page with this attribute",
    "A “style” element in “body” must be the first child of its parent":
        "mkdocs-print-site-plugin inlines its stylesheet at the end of the print page",
}
KIB = 1024
# Bytes a page transfers on a first visit (gzip, headers included, sitekit.browser.transfer, with every
# diagram drawn), not counting the search index: the targets of issue 8, 100 KiB without diagrams and
# 350 KiB with. The whole-guide print page carries every diagram type of the site and has a budget of
# its own. Search fetches its index only when a reader opens it (issue 22); a page loads only its
# configuration (tests/test_search.py has the index's own budget).
# The print page holds the whole guide, so it grows with the text: 430 KiB for 52 questions, 470 for
# 149, 549 for 228 (about 1 KiB a question); only a reader who prints the whole guide pays it.
BUDGET_PLAIN, BUDGET_DIAGRAMS, BUDGET_PRINT_PAGE = 100 * KIB, 350 * KIB, 620 * KIB
BUDGET_SEARCH_ON_LOAD = KIB  # search/search_index.json, Material's search configuration only
# The review and mock interview pages are the study tools: a plain page plus the tools' module (at
# most 14 KiB gzip, tests/test_study_tools.py) and the question index (about 7 KiB) they fetch at once.
STUDY_TOOL_PAGES, BUDGET_STUDY_TOOL = {"review", "mock-interview"}, 100 * KIB + 24 * KIB


@pytest.mark.parametrize("audited", audit_params(), indirect=True)
def test_axe_finds_no_violations_on_any_page(audited):
    # one shared load per page and scheme, every answer open (conftest.py)
    assert audited.axe == [], f"{audited.url} ({audited.scheme}):\n" + "\n".join(audited.axe)


def code_block_page() -> str:
    """The topic page with the most code blocks (not diagrams), from the site model."""
    topic = max(site_topics(ROOT / "mkdocs.yml"), key=lambda t: sum(b.lang != "mermaid" for b in t.page.code_blocks))
    return topic.slug + "/"


SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  scrollTo(0, document.body.scrollHeight);
}"""


def test_axe_after_scrolling_sees_the_controls_code_blocks_get_late(built_site, browser):
    # content.lazy mounts each code block's copy button (in a <nav>) only when the block scrolls
    # into view; a11y-fixes.js must fix those late <nav>s too, not only the ones present at load.
    page = browser.new_page()
    page.goto(built_site.url + code_block_page())
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.evaluate(SCROLL_THROUGH)
    expected = page.evaluate("document.querySelectorAll('.md-typeset pre:not(.mermaid) > code').length")
    assert expected >= 3, "the page chosen has too few code blocks to test this"
    page.wait_for_function("n => document.querySelectorAll('.md-code__nav').length >= n", arg=expected)
    assert axe_violations(page) == []
    assert page.evaluate("[...document.querySelectorAll('.md-code__nav')].every(n => n.getAttribute('role') === 'none')")
    page.close()


def test_axe_catches_a_violation(built_site, browser):
    page = browser.new_page()
    page.goto(built_site.url)
    page.evaluate("document.querySelector('.md-content').append(Object.assign(document.createElement('img'), {src: 'x.png'}))")
    assert any(v.startswith("image-alt") for v in axe_violations(page))
    page.close()


def test_the_dark_audit_catches_a_colour_only_the_dark_scheme_has(built_site, browser):
    # The shared audits read the dark scheme by turning the system dark under the loaded page.
    url = built_site.url + "glossary/"
    context = audit_context(browser, "light")
    visit, light = Visit(context), Audit(url, PageReport(url), "light", "glossary/")
    visit.report = light.report
    visit.page.goto(url)
    visit.page.evaluate("""() => {
      document.head.append(Object.assign(document.createElement("style"),
        { textContent: "[data-md-color-scheme=slate] #probe { color: #333 }" }));
      document.querySelector(".md-content").prepend(Object.assign(document.createElement("p"),
        { id: "probe", textContent: "Dark grey, readable only on white" }));
    }""")
    light, dark = visit.audit_both_schemes(light)
    assert light.axe == []
    assert [v for v in dark.axe if v.startswith("color-contrast") and "#probe" in v], dark.axe
    context.close()


def transfer_budget(path: str, has_diagrams: bool) -> int:
    if path == "print_page/":  # every diagram type of the site on one page
        return BUDGET_PRINT_PAGE
    if path.rstrip("/") in STUDY_TOOL_PAGES:
        return BUDGET_STUDY_TOOL
    return BUDGET_DIAGRAMS if has_diagrams else BUDGET_PLAIN


def over_budget(path: str, report, transferred: dict) -> list[str]:
    """The first visit's bytes (sitekit.browser.transfer) against the page's budget."""
    budget = transfer_budget(path, report.rendered_diagrams > 0)
    kib = transferred["page_bytes"] / KIB
    return [] if transferred["page_bytes"] <= budget else [
        f"{report.url}: {kib:.1f} KiB without the search index (budget {budget / KIB:.0f})"]


@pytest.mark.parametrize("audited", audit_params(["light"], [p for p in SITE_PATHS if p not in GENERATED_PATHS]),
                         indirect=True)
def test_every_page_stays_within_its_transfer_budget(audited):
    # measured on the first visit of the shared light audit (conftest.py), served gzip-compressed
    assert over_budget(audited.path, audited.report, audited.transfer) == []


def test_the_generated_pages_stay_within_their_transfer_budget(built_site, browser):
    # A generated page is the template's assets plus its own HTML. Without diagrams the assets are the
    # same for all of them, so the largest HTML bounds the rest; pages with diagrams are each measured.
    files = {path: built_site.dir / path / "index.html" for path in GENERATED_PATHS}
    drawn = [p for p, f in files.items() if diagram_count(f.read_text(encoding="utf-8"))]
    plain = max((p for p in files if p not in drawn), key=lambda p: files[p].stat().st_size)
    problems = []
    for path in [*drawn, plain]:
        report, transferred = first_visit_transfer(browser, built_site.url + path)
        problems += report.problems() + over_budget(path, report, transferred)
    assert problems == []


@pytest.mark.parametrize("audited", audit_params(["light"], ["glossary/"]), indirect=True)
def test_a_page_loads_no_search_index(audited):
    search = audited.transfer["search_index"]
    assert search <= BUDGET_SEARCH_ON_LOAD, (
        f"a page fetched {search / KIB:.1f} KiB of search on load; the index and the search worker are "
        "fetched when a reader opens search (overrides/partials/search-worker.html)")


def meta(html: str, key: str, attr: str = "name") -> str | None:
    for tag in re.findall(r"<meta\b[^>]*>", html):
        if re.search(rf'\b{attr}="{re.escape(key)}"', tag):
            found = re.search(r'\bcontent="([^"]*)"', tag)
            return found[1] if found else ""
    return None


def test_every_page_has_description_canonical_and_social_metadata(built_site):
    problems = []
    for path in built_site.pages():
        html = path.read_text(encoding="utf-8")
        url = built_site.url_of(path)
        canonical = re.search(r'<link\b(?=[^>]*rel="canonical")[^>]*href="([^"]+)"', html)
        if not canonical or canonical[1] != url:
            problems.append(f"{url}: canonical link {canonical and canonical[1]!r}")
        description = meta(html, "description")
        if not description or len(description) < 50:
            problems.append(f"{url}: meta description {description!r}")
        for key in ("og:title", "og:description", "og:url", "og:type"):
            if not meta(html, key, "property"):
                problems.append(f"{url}: no {key}")
        if meta(html, "twitter:card") != "summary":
            problems.append(f"{url}: no twitter:card")
    assert problems == [], "\n".join(problems)


def test_sitemap_robots_and_a_helpful_404(built_site):
    locations = {loc.text for loc in ElementTree.parse(built_site.dir / "sitemap.xml").iter()
                 if loc.tag.endswith("loc")}
    pages = {built_site.url_of(p) for p in built_site.pages()} - {built_site.url + "print_page/"}
    assert pages <= locations, pages - locations
    robots = (built_site.dir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {built_site.url}sitemap.xml" in robots
    not_found = (built_site.dir / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in not_found and "search" in not_found
    assert all(f'href="/{topic}/"' in not_found for topic in ("services", "dns", "troubleshooting"))


def vnu_errors(paths: list[Path]) -> list[str]:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (apt-get install -y default-jre-headless)"
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, paths)],
                            capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [f"{m['url'].split('/')[-2:]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if m.get("type") == "error" and not any(m["message"].startswith(k) for k in VNU_THIRD_PARTY)]


def test_html_is_valid_apart_from_listed_third_party_markup(built_site):
    errors = vnu_errors(sorted(built_site.dir.rglob("*.html")))
    assert errors == [], "\n".join(errors[:30])


def test_html_checker_catches_our_own_mistake(built_site, tmp_path):
    broken = tmp_path / "index.html"
    html = (built_site.dir / "dns" / "index.html").read_text(encoding="utf-8")
    broken.write_text(html.replace("</article>", '<div id="dup"></div><div id="dup"></div></article>'), encoding="utf-8")
    assert any("Duplicate ID" in e for e in vnu_errors([broken]))
