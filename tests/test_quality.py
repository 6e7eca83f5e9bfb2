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

from bench import measure
from conftest import ROOT
from sitekit.browser import PageReport, settle, watch
from sitekit.build import page_url
from sitekit.serve import serve

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Rules switched off, with the reason. Empty on purpose: fix violations rather than list them.
AXE_EXCLUSIONS: dict[str, str] = {}
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
# Bytes a page transfers (gzip, headers included, measured by scripts/bench.py's `measure` with every
# diagram drawn): the targets of issue 8, 100 KiB without diagrams and 350 KiB with. Material's
# bundle, CSS, search worker and index are about 92 KiB of a plain page. The whole-guide print page
# carries every diagram type of the site and has a budget of its own. Issue 14 allows the offline
# worker's registration (offline.js, its notice styles, the manifest link and theme-color metas) up
# to 2 KiB more on every page; it measures 0.7 KiB (tests/test_offline.py checks the 2 KiB).
OFFLINE_ALLOWANCE = 1 * KIB
BUDGET_PLAIN, BUDGET_DIAGRAMS, BUDGET_PRINT_PAGE = (
    100 * KIB + OFFLINE_ALLOWANCE, 350 * KIB + OFFLINE_ALLOWANCE, 430 * KIB + OFFLINE_ALLOWANCE)


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async ([tags, off]) => (await axe.run(document, {
             runOnly: { type: "tag", values: tags },
             rules: Object.fromEntries(off.map(id => [id, { enabled: false }])),
           })).violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`)""",
        [AXE_TAGS, list(AXE_EXCLUSIONS)],
    )
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page(built_site, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    problems = []
    for path in built_site.pages(not_found=True):
        page = context.new_page()
        report = PageReport(built_site.url_of(path))
        watch(page, report)
        page.goto(report.url)
        settle(page, report)
        problems += [f"{report.url} (answers closed): {v}" for v in axe_violations(page)]
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.wait_for_timeout(200)
        problems += [f"{report.url} (answers open): {v}" for v in axe_violations(page)]
        page.close()
    context.close()
    assert problems == [], "\n".join(problems)


def test_axe_catches_a_violation(built_site, browser):
    page = browser.new_page()
    page.goto(built_site.url)
    page.evaluate("document.querySelector('.md-content').append(Object.assign(document.createElement('img'), {src: 'x.png'}))")
    assert any(v.startswith("image-alt") for v in axe_violations(page))
    page.close()


@pytest.fixture(scope="module")
def gzip_url(built_site):
    with serve(built_site.dir, use_gzip=True) as url:
        yield url


def test_every_page_stays_within_its_transfer_budget(built_site, browser, gzip_url):
    over = []
    for path in built_site.pages(not_found=True):
        url = page_url(built_site.dir, path, gzip_url)
        rel = path.relative_to(built_site.dir).parent.as_posix()
        result = measure(browser, url)
        budget = BUDGET_DIAGRAMS if result["ms"] is not None else BUDGET_PLAIN
        if rel == "print_page":  # every diagram type of the site on one page
            budget = BUDGET_PRINT_PAGE
        if result["bytes"] > budget or result["foreign"]:
            over.append(f"{url}: {result['bytes'] / KIB:.0f} KiB (budget {budget / KIB:.0f}), "
                        f"{result['foreign']} requests to other hosts")
    assert over == [], "\n".join(over)


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
