"""Every page in real Chromium: no console errors, nothing from other hosts, every diagram drawn,
on first load, after instant navigation, in dark mode and after switching the colour scheme."""

from __future__ import annotations

import re

import pytest

from conftest import DOCS, NAV_SOURCES, NEXT_FRAME, audit_params, diagram_count, make_fixture_site
from sitekit.browser import (OPEN_SHADOW_ROOTS, PageReport, audit_page, settle,
                             wait_for_instant_navigation, watch)
from sitekit.build import build_site
from sitekit.serve import serve
from sitemodel import diagrams

NODE_FILL = """() => [...document.querySelectorAll("div.mermaid")].map(host => {
  const shape = host.shadowRoot && host.shadowRoot.querySelector(".node rect, .node polygon, .node path");
  return shape ? getComputedStyle(shape).fill : null;
})"""


@pytest.mark.parametrize("audited", audit_params(), indirect=True)
def test_every_page_is_clean_in_each_scheme(audited):
    # one shared load per page and scheme (conftest.py)
    assert (audited.body_scheme == "slate") == (audited.scheme == "dark"), (
        f"{audited.url} does not follow the system's {audited.scheme} scheme")
    expected = diagram_count(audited.file.read_text(encoding="utf-8"))
    drawn = [] if audited.report.rendered_diagrams == expected else [
        f"{audited.url}: {audited.report.rendered_diagrams} of {expected} diagrams drawn"]
    reloaded = [f"{audited.url}: the link reloaded the page: instant navigation is off"] if audited.reloaded else []
    assert audited.report.problems() + drawn + reloaded == []


def test_a_request_to_another_host_is_reported_and_never_leaves_the_machine(built_site, browser):
    context = browser.new_context()
    page = context.new_page()
    report = PageReport(built_site.url)
    watch(page, report)
    failed = []
    page.on("requestfailed", lambda request: failed.append((request.url, request.failure)))
    page.goto(built_site.url)
    outside = ["https://cdn.example.org/x.js", "http://203.0.113.7/y.png"]  # a name and an address
    page.evaluate("""urls => Promise.all(urls.map(url => fetch(url, { mode: "no-cors" }).catch(() => null)))""", outside)
    assert report.foreign_requests == outside
    # Failed at the browser's dead-end proxy (CHROMIUM_ARGS), not by the network's answer.
    assert sorted(failed) == sorted((url, "net::ERR_PROXY_CONNECTION_FAILED") for url in outside)
    context.close()


PALETTE_SWITCH = "[data-palette-index]:visible"


def test_the_colour_scheme_switch_works_by_keyboard_and_is_remembered(built_site, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    report = PageReport(built_site.url + "dns/")
    watch(page, report)
    page.goto(report.url)
    # Nothing chosen yet: the system's scheme applies before the first paint, not saved.
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.locator(PALETTE_SWITCH).count() == 1
    assert page.locator(PALETTE_SWITCH).get_attribute("aria-label") == "Switch to light mode"
    page.locator(PALETTE_SWITCH).focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    # Focus moves to the button that is now shown, so the next key press switches back.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Switch to dark mode"
    wait_for_instant_navigation(page)
    page.locator("a.md-footer__link--next").click()  # instant navigation keeps the header
    page.wait_for_url(re.compile(r".*/dns-in-depth/(#.*)?$"))
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.reload()  # Material's own inline script restores the choice saved in its format
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    assert page.locator(PALETTE_SWITCH).get_attribute("aria-label") == "Switch to dark mode"
    assert report.problems() == []
    context.close()


def test_without_a_saved_choice_the_scheme_follows_the_system(built_site, browser):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(built_site.url + "glossary/")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert page.locator(PALETTE_SWITCH).get_attribute("aria-label") == "Switch to light mode"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.endsWith('__palette'))") == []
    context.close()


def test_startup_scripts_do_their_work_before_materials_bundle(built_site, browser):
    """overrides/partials/startup/ does, while the page parses, what Material's bundle would do later
    at the cost of a full restyle. With the bundle blocked, all of it must already be done."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.route(re.compile(r".*/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"), lambda route: route.abort())
    page.goto(built_site.url + "dns/")
    classes = page.evaluate("[...document.documentElement.classList]")
    assert "no-js" not in classes and {"js", "js-focus-visible"} <= set(classes), classes
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.locator(PALETTE_SWITCH).count() == 1
    # What Material's instant navigation would still change: an attribute that differs from the
    # absolute URL it stands for (its rule skips values that already name a host).
    relative = page.evaluate("""[...document.querySelectorAll("[href], [src]")].flatMap(e =>
        ["href", "src"].filter(k => e.getAttribute(k) && typeof e[k] === "string"
            && !/^(?:[a-z]+:)?\\/\\//i.test(e.getAttribute(k)) && e.getAttribute(k) !== e[k])
          .map(k => e.getAttribute(k)))""")
    assert relative == [], relative[:5]
    context.close()


def diagram_pages(built_site):
    pages = [p for p in built_site.pages() if diagram_count(p.read_text(encoding="utf-8"))]
    assert pages, "the site needs at least one diagram to exercise the pipeline"
    return pages


def plain_pages(built_site):
    return [p for p in built_site.pages() if not diagram_count(p.read_text(encoding="utf-8"))]


def test_diagram_colours_follow_the_palette_toggle(built_site, browser):
    context = browser.new_context(color_scheme="light")
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    report = PageReport(built_site.url_of(diagram_pages(built_site)[0]))
    watch(page, report)
    page.goto(report.url)
    settle(page, report)
    light = page.evaluate(NODE_FILL)
    page.locator(PALETTE_SWITCH).click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.evaluate(NEXT_FRAME)  # colours come from CSS variables; give the style a frame
    dark = page.evaluate(NODE_FILL)
    pairs = [(l, d) for l, d in zip(light, dark) if l is not None]
    assert pairs, "no diagram with a node shape to compare"
    assert all(l != d for l, d in pairs), f"diagram colours did not change with the scheme: {pairs}"
    assert report.problems() == []
    context.close()


def page_diagrams(path: str) -> list:
    source = DOCS / NAV_SOURCES[path]
    return diagrams(source.read_text(encoding="utf-8")) if source.is_file() else []


def diagram_types(path: str) -> set[str]:
    """The Mermaid diagram types ("flowchart", "sequenceDiagram") in a page's Markdown."""
    return {d.source.split()[0] for d in page_diagrams(path)}


# The dark audit (conftest.py) reaches every page by instant navigation from the page before, which
# has diagrams too. Arriving from a page without any is another case (the page has not loaded the
# diagram loader yet): once per diagram type, on the page with the most diagram types and diagrams.
PAGES_PER_DIAGRAM_TYPE = sorted({max((p for p in NAV_SOURCES if kind in diagram_types(p)),
                                     key=lambda p: (len(diagram_types(p)), len(page_diagrams(p))))
                                 for kind in set().union(*map(diagram_types, NAV_SOURCES))})


@pytest.mark.parametrize("path", PAGES_PER_DIAGRAM_TYPE)
def test_diagrams_render_after_instant_navigation_from_a_page_without_any(built_site, browser, path):
    plain = plain_pages(built_site)
    if not plain:
        pytest.fail("needs a page without diagrams to start from", pytrace=False)
    target = built_site.url + path
    context = browser.new_context()
    page = context.new_page()
    report = PageReport(target)
    watch(page, report)
    page.goto(built_site.url_of(plain[0]))
    wait_for_instant_navigation(page)
    page.evaluate("window.__noReload = true")
    # A real click on an ordinary link, which Material intercepts for instant navigation.
    page.evaluate("""url => {
      const link = Object.assign(document.createElement("a"), { href: url, id: "go", textContent: "go" });
      document.querySelector(".md-content").prepend(link);
    }""", target)
    page.click("#go")
    page.wait_for_url(target)
    page.wait_for_selector("#go", state="detached")  # the new page's content is in place
    settle(page, report)
    assert page.evaluate("window.__noReload === true"), "the link reloaded the page: instant navigation is off"
    assert report.problems() == []
    expected = diagram_count((built_site.dir / path / "index.html").read_text(encoding="utf-8"))
    assert expected and page.locator("div.mermaid").count() == expected
    context.close()


def test_a_broken_diagram_is_reported_with_its_page(tmp_path, browser):
    config = make_fixture_site(tmp_path, {
        "index.md": "---\ndescription: Fixture.\n---\n\n# Home\n",
        "broken.md": ("---\ndescription: Fixture.\n---\n\n# Broken\n\n```mermaid\nflowchart LR\n"
                      "  accTitle: Broken\n  accDescr: Broken on purpose.\n  a --> \n```\n"),
    }, hooks=("vendor_assets", "bundle_assets", "postprocess"), plugins=("search", "mermaid2"))  # what draws diagrams
    result = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert result.returncode == 0, result.log
    with serve(tmp_path / "site") as url:
        report = audit_page(browser.new_context(), url + "broken/")
    problems = report.problems()
    assert problems and all(p.startswith(url + "broken/") for p in problems)
    assert any("Parse error" in p or "diagram(s) left as source" in p for p in problems), problems
