"""Diagrams in real Chromium: every source parses (reported as docs/file.md:line), there are enough
of them, click targets are drawn, answers' diagrams have a real size, and the step-through packet
paths, scenario switches and full-screen view work by mouse and keyboard, in both schemes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DOCS, NEXT_FRAME, ROOT, audit_params, markdown_files
from sitekit.browser import (FIRST_DIAGRAM_WAITING, OPEN_SHADOW_ROOTS, PageReport, settle,
                             wait_for_instant_navigation, watch)
from sitekit.content_rules import diagram_problems
from sitemodel import code_blocks, site_topics

TOPIC_PAGES = [topic.slug for topic in site_topics(ROOT / "mkdocs.yml")]  # from the navigation
TOPIC_PATHS = [f"{name}/" for name in TOPIC_PAGES]
PARSE = """async ([moduleUrl, diagrams]) => {
  const { default: mermaid } = await import(moduleUrl);
  const failures = [];
  for (const [where, source] of diagrams) {
    try { await mermaid.parse(source); } catch (error) { failures.push(`${where}: ${String(error.message || error).split("\\n").slice(0, 3).join(" ")}`); }
  }
  return failures;
}"""


def diagram_sources(docs: Path = DOCS) -> list[tuple[str, str]]:
    return [(where, b.text) for path in markdown_files(docs)
            for b in code_blocks(path.read_text(encoding="utf-8")) if b.lang == "mermaid"
            for where in [f"{path.relative_to(ROOT)}:{b.line}"]]


def parse_failures(browser, built_site, diagrams) -> list[str]:
    page = browser.new_page()
    page.goto(built_site.url)
    failures = page.evaluate(PARSE, [built_site.url + "assets/vendor/mermaid/mermaid.esm.min.mjs", diagrams])
    page.close()
    return failures


def test_every_diagram_source_parses(browser, built_site):
    assert parse_failures(browser, built_site, diagram_sources()) == []


def test_a_broken_diagram_is_reported_with_file_and_line(browser, built_site, tmp_path):
    page = tmp_path / "broken.md"
    page.write_text("# Broken\n\nText.\n\n```mermaid\nflowchart LR\n  accTitle: T\n  accDescr: D\n  a -->\n```\n",
                    encoding="utf-8")
    diagrams = [(f"{page}:{b.line}", b.text) for b in code_blocks(page.read_text(encoding="utf-8")) if b.lang == "mermaid"]
    failures = parse_failures(browser, built_site, diagrams)
    assert len(failures) == 1 and failures[0].startswith(f"{page}:5: ") and "Parse error" in failures[0], failures


def test_a_diagram_without_acctitle_is_reported_with_file_and_line():
    problems = diagram_problems(Path("docs/x.md"), 12, "flowchart LR\n  accDescr: D\n  a --> b")
    assert problems == ["docs/x.md:12: diagram without `accTitle:`; put it right after the diagram type line"]


def test_enough_diagrams_and_one_on_every_topic(built_site):
    counts = {name: len(re.findall(r'<pre\s+class="mermaid"[\s>]', (built_site.dir / name / "index.html").read_text(encoding="utf-8")))
              for name in TOPIC_PAGES}
    assert all(counts.values()), f"topic pages without a diagram: {counts}"
    assert sum(counts.values()) + 1 >= 15, counts  # + the topic map on the home page


def open_page(browser, built_site, path: str, scheme: str = "light"):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.report = PageReport(built_site.url + path)
    watch(page, page.report)
    page.goto(page.report.url)
    settle(page, page.report)
    return page


@pytest.mark.parametrize("audited", audit_params(["light"], ["", *TOPIC_PATHS]), indirect=True)
def test_click_targets_are_drawn_as_links(audited):
    expected = len(re.findall(r'^\s*click \S+ "', audited.file.read_text(encoding="utf-8"), re.M))
    # one shared load per page (conftest.py)
    assert len(audited.click_hrefs) == expected and all(audited.click_hrefs), audited.click_hrefs
    assert audited.report.problems() == []


@pytest.mark.parametrize("audited", audit_params(["light"], TOPIC_PATHS), indirect=True)
def test_diagrams_in_collapsed_answers_have_a_real_size_when_opened(audited):
    sizes, name = audited.diagram_sizes, audited.url
    # A diagram scaled down to fit the column gets unreadable: keep labels at least ~70% of body text
    # (otherwise make the diagram top-down or split it).
    bad = [s for s in sizes if s["width"] < 150 or s["empty"] or not s["labels"] or s["smallest_label_px"] < 10.5]
    assert sizes and not bad, f"{name}: {bad}"


def steppers_on(page):
    return page.locator(".packet-path.is-interactive")


HOP_STATE = """block => {
  const svg = block.querySelector('div.mermaid').shadowRoot.querySelector('svg');
  return [...svg.querySelectorAll('g.edgePaths > path')].map(p => Number(getComputedStyle(p).opacity));
}"""


@pytest.mark.parametrize("audited", audit_params(["light"], TOPIC_PATHS), indirect=True)
def test_every_packet_path_starts_with_one_caption_per_hop(audited):
    # Every walk the built page holds, not only those that started (one shared load per page, conftest.py).
    walks = len(re.findall(r'<div class="packet-path"[\s>]', audited.file.read_text(encoding="utf-8")))
    assert len(audited.packet_paths) == walks, f"{audited.url}: {walks} walks built, {len(audited.packet_paths)} on the page"
    not_started = [path["title"] for path in audited.packet_paths if not path["interactive"]]
    assert not_started == [], f"{audited.url}: walks without their stepper: {not_started}"
    for path in audited.packet_paths:
        assert path["hops"] == path["steps"] and not path["nested"], (
            f"{audited.url} packet path {path['title']!r}: {path['hops']} edges drawn but {path['steps']} step captions "
            "(write one numbered caption per edge, in edge order, and no subgraphs)")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stepping_by_buttons_and_arrow_keys_after_instant_navigation(browser, built_site, scheme):
    page = open_page(browser, built_site, "summary/", scheme)
    wait_for_instant_navigation(page)
    page.evaluate("window.__noReload = true")
    page.locator(".md-content a[href*='/services/#kube-proxy-role']").first.click()
    page.wait_for_selector("h3#clusterip-packet-path")
    settle(page, page.report)
    assert page.evaluate("window.__noReload"), "instant navigation was not used"
    page.locator("h3#clusterip-packet-path + details > summary").click()
    block = page.locator("h3#clusterip-packet-path + details .packet-path")
    caption = block.locator(".stepper__caption")
    hops = block.evaluate(HOP_STATE)
    assert set(hops) == {1.0}, "overview should show every hop"
    # A step's caption is its own text (this walk's steps carry nested packet and choice bullets).
    steps = block.locator(":scope > ol > li > p:first-child").all_inner_texts()
    block.get_by_role("button", name="Next").click()
    assert caption.inner_text() == f"1/{len(steps)}: {steps[0]}"
    state = block.evaluate(HOP_STATE)
    assert state[0] == 1.0 and all(o < 0.5 for o in state[1:]), state
    block.get_by_role("button", name="Next").press("ArrowRight")
    assert caption.inner_text().startswith(f"2/{len(steps)}: ")
    state = block.evaluate(HOP_STATE)  # the finished hop stays visible (test_walks.py checks how)
    assert state[1] == 1.0 and state[0] == 1.0 and all(o < 0.5 for o in state[2:]), state
    page.keyboard.press("ArrowLeft")
    assert caption.inner_text().startswith(f"1/{len(steps)}: ")
    for _ in range(len(steps) + 3):  # run past the end: it stops at the last hop
        page.keyboard.press("ArrowRight")
    assert caption.inner_text() == f"{len(steps)}/{len(steps)}: {steps[-1]}"
    assert block.get_by_role("button", name="Next").is_disabled()
    assert page.evaluate("document.activeElement.textContent") == "Previous", "focus left the stepper"
    assert caption.get_attribute("aria-live") == "polite"
    assert page.report.problems() == []
    page.context.close()


def test_scenario_switch_changes_the_path_shown(browser, built_site):
    page = open_page(browser, built_site, "exposing-services/#external-traffic-policy")
    group = page.locator("h3#external-traffic-policy + details .packet-scenarios")
    visible = lambda: group.locator(":scope > .packet-path:not(.is-inactive) figcaption").inner_text()
    assert visible().startswith("Cluster")
    group.get_by_role("radio", name="Local").check()
    assert visible().startswith("Local")
    assert group.locator("[data-scenario=Cluster]").evaluate("b => b.inert && getComputedStyle(b).visibility === 'hidden'")
    group.locator("[data-scenario=Local]").get_by_role("button", name="Next").click()
    assert "healthCheckNodePort" in group.locator("[data-scenario=Local] .stepper__caption").inner_text()
    page.goto(built_site.url + "kube-proxy-modes/#backend-selection")
    modes = page.locator("h3#backend-selection + details .packet-scenarios")
    modes.get_by_role("radio", name="nftables").focus()
    assert modes.locator(":scope > .packet-path:not(.is-inactive)").get_attribute("data-scenario") == "iptables"
    modes.get_by_role("radio", name="iptables").focus()
    page.keyboard.press("ArrowRight")  # radio groups move by arrow keys
    assert modes.locator(":scope > .packet-path:not(.is-inactive)").get_attribute("data-scenario") == "nftables"
    page.context.close()


def test_full_screen_view_by_keyboard(browser, built_site):
    page = open_page(browser, built_site, "")
    button = page.get_by_role("button", name="Full screen").first
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.fullscreenElement?.matches('figure.diagram')")
    assert button.get_attribute("aria-pressed") == "true"
    scale = page.evaluate("document.fullscreenElement.querySelector('div.mermaid').style.transform")
    assert scale.startswith("scale("), "the diagram was not enlarged"
    page.keyboard.press("Enter")
    page.wait_for_function("!document.fullscreenElement")
    page.context.close()


def test_print_shows_every_step_caption_as_a_numbered_list(browser, built_site):
    page = open_page(browser, built_site, "services/")
    page.emulate_media(media="print")
    block = page.locator("h3#clusterip-packet-path + details .packet-path")
    assert block.locator(":scope > ol").evaluate("ol => getComputedStyle(ol).display") != "none"
    assert block.locator(".stepper").evaluate("s => getComputedStyle(s).display") == "none"
    page.context.close()


MERMAID_MODULE = "assets/vendor/mermaid/mermaid.esm.min.mjs"


def phone_page(browser, built_site, path: str, height: int = 823, width: int = 412):
    """A page as a phone opens it, recording which Mermaid module requests it makes."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.mermaid_requests = []
    page.on("request", lambda r: "/vendor/mermaid/" in r.url and page.mermaid_requests.append(r.url))
    page.goto(built_site.url + path)
    page.wait_for_function(FIRST_DIAGRAM_WAITING)
    return page


def test_a_diagram_in_a_closed_answer_is_drawn_when_the_answer_opens(browser, built_site):
    page = phone_page(browser, built_site, "dns/")
    answer = page.locator("details:has(pre.mermaid)").first
    # Scroll to where the diagram sits in the closed answer: hidden, so still not drawn.
    page.evaluate("window.scrollTo(0, document.querySelector('pre.mermaid').getBoundingClientRect().top + scrollY - 100)")
    page.evaluate(NEXT_FRAME)  # the loader's observer has seen the scroll
    assert page.mermaid_requests == [], "Mermaid was loaded for a diagram nobody can see yet"
    assert page.locator("div.mermaid").count() == 0
    answer.evaluate("details => { details.open = true }")
    page.locator("pre.mermaid").first.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelectorAll('div.mermaid').length >= 1")
    assert any(u.endswith(MERMAID_MODULE) for u in page.mermaid_requests)
    page.context.close()


def test_a_diagram_is_drawn_when_it_scrolls_near_the_viewport(browser, built_site):
    # A short window puts the home page's topic map well below the fold.
    page = phone_page(browser, built_site, "", height=300)
    page.evaluate(NEXT_FRAME)  # the loader's observer has seen the first layout
    assert page.locator("div.mermaid").count() == 0 and page.mermaid_requests == []
    page.locator("figure.diagram").first.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelectorAll('div.mermaid').length === 1")
    page.context.close()


def test_draw_all_draws_every_waiting_diagram_after_instant_navigation(browser, built_site):
    page = phone_page(browser, built_site, "dns/", width=1280)
    wait_for_instant_navigation(page)
    page.click('.md-sidebar--primary a[href$="exposing-services/"]')
    page.wait_for_url(re.compile(r".*/exposing-services/(#.*)?$"))
    page.wait_for_function(FIRST_DIAGRAM_WAITING)
    page.evaluate("window.mermaid.drawAll()")  # resolves only when the page's diagrams are drawn
    html = (built_site.dir / "exposing-services" / "index.html").read_text(encoding="utf-8")
    assert page.locator("div.mermaid").count() == html.count('<pre class="mermaid"')
    assert page.locator("pre.mermaid").count() == 0
    page.context.close()
