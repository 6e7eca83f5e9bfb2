"""Packet walks (issue 15): the Markdown authoring check, and in Chromium the highlighted hop and
nodes, the travelling marker, packet state, drill mode, printing, axe and a phone-sized screen."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import DOCS, NEXT_FRAME, ROOT, SCROLLING_DONE, markdown_files
from sitekit.browser import OPEN_SHADOW_ROOTS, PageReport, settle, wait_for_instant_navigation, watch
from sitemodel.walks import (flowchart_edges, parse_walks, right_longest_share, statement_edges, tag_walk_bullets,
                             walk_problems)

GOOD_WALK = """# Page

<div class="packet-path" markdown>

```mermaid
flowchart LR
  accTitle: Test walk
  accDescr: Two hops.
  a[Pod A] -- "SYN" --> b[Node]
  b -->|DNAT| c((Pod C))
```

*Caption.*
{ .diagram-caption }

1. A sends.

    - Packet: src 10.244.1.5:40000 → dst 10.96.0.20:80
    - Right: The node's rules
    - Wrong: Pod C directly, at its Pod IP — it only knows the Service address
    - Wrong: The API server — it carries no traffic

2. The node DNATs.

    - Packet: src 10.244.1.5:40000 → dst ==10.244.2.7:8080==
    - Right: Pod C
    - Wrong: Back to A — the rules rewrote the destination
    - Wrong: Another node — the route says otherwise
    - Wrong: The internet — it is a Pod address

</div>
"""


def problems_of(text: str) -> list[str]:
    return walk_problems(Path("docs/page.md"), text)


def test_every_real_walk_is_well_formed():
    problems = [p for path in markdown_files(DOCS)
                for p in walk_problems(path.relative_to(ROOT), path.read_text(encoding="utf-8"))]
    assert problems == []


def test_the_clusterip_walk_carries_packet_state_and_choices():
    walks = parse_walks((DOCS / "services.md").read_text(encoding="utf-8"))
    walk = next(w for w in walks if w.title == "A ClusterIP connection, hop by hop")
    assert walk.edges == len(walk.steps) == 7
    assert all(s.packets == ["Packet"] and len(s.rights) == 1 and 2 <= len(s.wrongs) <= 3 for s in walk.steps)


def site_markdown(text: str) -> str:
    """`text` rendered by the site's Markdown engine, as MkDocs configures it from mkdocs.yml."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(text)


def test_walk_bullets_get_their_class_in_the_markdown_and_only_in_walks():
    # A wrapped bullet keeps its class; a "Wrong:" bullet outside a walk is an ordinary list item.
    text = GOOD_WALK.replace("    - Right: Pod C", "    - Right: Pod C,\n      through the Pod network") + \
        "\n- Wrong: an ordinary bullet outside any walk\n"
    html = site_markdown(tag_walk_bullets(text))
    items = re.findall(r"<li[^>]*>(?:Packet|Right|Wrong)[^:]*:", html)
    assert items == [*['<li class="walk-packet" data-search-exclude="">Packet:']
                     + ['<li class="walk-choice" data-search-exclude="">Right:']
                     + ['<li class="walk-choice" data-search-exclude="">Wrong:'] * 2,
                     '<li class="walk-packet" data-search-exclude="">Packet:',
                     '<li class="walk-choice" data-search-exclude="">Right:',
                     *['<li class="walk-choice" data-search-exclude="">Wrong:'] * 3,
                     "<li>Wrong:"], html
    assert "{ ." not in html and "Pod C,\n  through the Pod network</li>" in html
    # and untagged, the same walk has no classes: the test sees the difference
    assert "walk-" not in site_markdown(text)


@pytest.mark.parametrize("statement, edges", [
    ("a --> b", [("a", "b")]),
    ("a --- b", [("a", "b")]),
    ("a -.-> b", [("a", "b")]),
    ("a ==> b", [("a", "b")]),
    ('a -- "label --> x" --> b', [("a", "b")]),
    ("a -- plain label --> b", [("a", "b")]),
    ("a -->|label| b", [("a", "b")]),
    ("a --> b --> c", [("a", "b"), ("b", "c")]),
    ("a --> b & c", [("a", "b"), ("a", "c")]),
    ('kube-proxy[["kube-proxy [rules]"]] -. x .-> ct{{conntrack}}', [("kube-proxy", "ct")]),
])
def test_edges_are_counted_from_mermaid_syntax(statement, edges):
    assert statement_edges(statement) == edges


def test_the_good_fixture_passes():
    assert problems_of(GOOD_WALK) == []


def test_more_edges_than_steps():
    text = GOOD_WALK.replace("  b -->|DNAT| c((Pod C))", "  b -->|DNAT| c((Pod C))\n  c --> a")
    assert problems_of(text) == ["docs/page.md:3: walk 'Test walk': 3 edges but 2 steps; "
                                 "write one numbered step per edge, in edge order"]


def test_a_subgraph_is_reported():
    text = GOOD_WALK.replace("  a[Pod A]", "  subgraph node1\n  end\n  a[Pod A]")
    assert problems_of(text) == ["docs/page.md:9: walk 'Test walk': subgraphs are not allowed in a walk "
                                 "(each edge is one hop)"]


def test_packet_state_on_some_steps_only():
    text = GOOD_WALK.replace("    - Packet: src 10.244.1.5:40000 → dst ==10.244.2.7:8080==\n", "")
    [problem] = problems_of(text)
    assert problem.startswith("docs/page.md:23: walk 'Test walk': steps 2 have no `Packet:` bullet but steps 1 do")


def test_outer_without_inner_header():
    text = GOOD_WALK.replace("    - Packet: src 10.244.1.5:40000 → dst 10.96.0.20:80",
                             "    - Packet (outer): src 192.168.1.10 → dst 192.168.1.11")
    [problem] = problems_of(text)
    assert problem.startswith("docs/page.md:16: walk 'Test walk': step 1 has `Packet (outer):`")


def test_choices_on_some_steps_only():
    text = GOOD_WALK.replace("    - Right: Pod C\n", "").replace("    - Wrong: Back to A — the rules rewrote the destination\n", "") \
        .replace("    - Wrong: Another node — the route says otherwise\n", "").replace("    - Wrong: The internet — it is a Pod address\n", "")
    [problem] = problems_of(text)
    assert problem.startswith("docs/page.md:23: walk 'Test walk': steps 2 have no drill choices but steps 1 do")


@pytest.mark.parametrize("change, count", [
    (("    - Right: The node's rules\n", ""), "0 `Right:` and 2 `Wrong:`"),
    (("    - Right: The node's rules\n", "    - Right: The node's rules\n    - Right: Again\n"), "2 `Right:` and 2 `Wrong:`"),
    (("    - Wrong: The API server — it carries no traffic\n", ""), "1 `Right:` and 1 `Wrong:`"),
    (("    - Wrong: The API server — it carries no traffic\n",
      "    - Wrong: The API server — it carries no traffic\n    - Wrong: x — y\n    - Wrong: z — w\n"), "1 `Right:` and 4 `Wrong:`"),
])
def test_not_exactly_one_right_and_two_or_three_wrong(change, count):
    [problem] = problems_of(GOOD_WALK.replace(*change))
    assert problem == (f"docs/page.md:16: walk 'Test walk': step 1 has {count} bullets; "
                       "write exactly one `Right:` and two or three `Wrong:`")


def test_a_wrong_choice_without_a_reason():
    [problem] = problems_of(GOOD_WALK.replace("The API server — it carries no traffic", "The API server - it carries no traffic"))
    assert problem == ("docs/page.md:21: walk 'Test walk': step 1: a `Wrong:` without ` — reason`; "
                       "write `Wrong: choice — one-line reason why not`")


def test_the_fixture_is_not_won_by_picking_the_longest_choice():
    assert right_longest_share(GOOD_WALK) == (0, 2)


def test_a_drill_won_by_picking_the_longest_choice():
    # Issue 23: with the right choice the longest in both hops (more than a third), a reader who knows
    # nothing wins by picking the longest; the reason after " — " does not count towards a choice's length.
    text = GOOD_WALK.replace("    - Right: The node's rules\n",
                             "    - Right: The node's kube-proxy rules, on the way out of Pod A\n") \
                    .replace("    - Right: Pod C\n", "    - Right: Pod C, on the node the route names\n")
    assert right_longest_share(text) == (2, 2)
    assert problems_of(text) == [
        "docs/page.md:16: drill choices: the `Right:` choice is at least as long as every `Wrong:` choice in 2 of 2 "
        "hops (100%), so picking the longest wins; let at most 0 be: shorten those right choices or make wrong "
        "ones more specific (steps at lines 16, 23)"]


@pytest.mark.parametrize("right, longest", [
    ("Pod C", 0),                               # shorter than "The internet" (reasons are not counted)
    ("Pod C itself", 1),                        # as long as "Another node": ties count as longest
    ("Pod C, where the route leads", 1),
])
def test_longest_is_measured_on_the_choice_text_only(right, longest):
    assert right_longest_share(GOOD_WALK.replace("    - Right: Pod C\n", f"    - Right: {right}\n")) == (longest, 2)


def test_one_hop_in_three_may_have_the_longest_right_choice():
    hop = GOOD_WALK.split("<div", 1)[1]
    three_walks = GOOD_WALK + "\n<div" + hop + "\n<div" + hop.replace("    - Right: Pod C\n",
                                                                      "    - Right: Pod C, where the route leads\n")
    assert right_longest_share(three_walks) == (1, 6)
    assert problems_of(three_walks) == []


def test_flowchart_edges_ignore_declarations():
    source = 'flowchart TD\n  accTitle: T\n  accDescr: a --> b\n  click a "#x" "X"\n  classDef hot fill:#f00\n  a:::hot --> b; b --> c\n'
    assert flowchart_edges(source) == ([("a", "b"), ("b", "c")], None)


# --- In Chromium ----------------------------------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WALK = "h3#clusterip-packet-path + details .packet-path"
# Per hop overlay and per node outline, as drawn inside the (opened) shadow root.
DIAGRAM_STATE = """block => {
  const root = block.querySelector('div.mermaid').shadowRoot;
  const style = el => { const s = getComputedStyle(el);
    return { stroke: s.stroke, width: s.strokeWidth, dash: s.strokeDasharray, animation: s.animationName }; };
  return {
    hops: [...root.querySelectorAll('.walk-hop')].map(style),
    edges: [...root.querySelectorAll('.edgePaths > path')].map(p => Number(getComputedStyle(p).opacity)),
    nodes: Object.fromEntries([...root.querySelectorAll('g.node')].map(n =>
      [n.id.match(/flowchart-(.+)-\\d+$/)[1], style(n.querySelector('.walk-ring'))])),
  };
}"""
TRANSPARENT = "rgba(0, 0, 0, 0)"


def walk_page(browser, built_site, scheme="light", viewport=(1280, 900), **options):
    context = browser.new_context(color_scheme=scheme, viewport={"width": viewport[0], "height": viewport[1]}, **options)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.report = PageReport(built_site.url + "services/")
    watch(page, page.report)
    page.goto(page.report.url)
    settle(page, page.report)
    page.locator("h3#clusterip-packet-path + details > summary").click()
    block = page.locator(WALK)
    block.locator(".stepper").scroll_into_view_if_needed()
    return page, block


def next_button(block):
    return block.get_by_role("button", name="Next", exact=True)


def lit(state) -> dict[str, str]:
    return {name: ("from" if ring["dash"] != "none" else "to") for name, ring in state["nodes"].items()
            if ring["stroke"] != TRANSPARENT}


def test_the_hop_its_nodes_and_the_finished_hops_are_highlighted(browser, built_site):
    page, block = walk_page(browser, built_site)
    state = block.evaluate(DIAGRAM_STATE)
    assert len(state["hops"]) == 7 and all(h["stroke"] == TRANSPARENT for h in state["hops"]), "overview: nothing lit"
    assert lit(state) == {}
    expected_nodes = {1: {"client": "from", "dns": "to"}, 2: {"dns": "from", "client": "to"},
                      3: {"client": "from", "rules": "to"}, 4: {"rules": "from", "ct": "to"}}
    for step in range(1, 5):
        next_button(block).click()
        state = block.evaluate(DIAGRAM_STATE)
        current, done, pending = state["hops"][step - 1], state["hops"][:step - 1], state["hops"][step:]
        # Current: thick, dotted, moving; done: solid and thinner; pending: no overlay, edge faded.
        assert current["width"] == "5px" and current["dash"] != "none" and current["animation"] == "walk-travel", current
        assert all(h["width"] == "2.5px" and h["dash"] == "none" and h["stroke"] != TRANSPARENT for h in done), done
        assert all(h["stroke"] == TRANSPARENT for h in pending)
        assert all(o == 1 for o in state["edges"][:step]) and all(o < 0.5 for o in state["edges"][step:])
        assert lit(state) == expected_nodes[step], (step, lit(state))
    assert page.report.problems() == []
    page.context.close()


def test_the_marker_does_not_move_with_reduced_motion(browser, built_site):
    page, block = walk_page(browser, built_site, reduced_motion="reduce")
    next_button(block).click()
    current = block.evaluate(DIAGRAM_STATE)["hops"][0]
    assert current["animation"] == "none" and current["dash"] != "none" and current["width"] == "5px", current
    page.emulate_media(reduced_motion="no-preference")
    assert block.evaluate(DIAGRAM_STATE)["hops"][0]["animation"] == "walk-travel"
    page.context.close()


def test_forced_colours_use_system_colours(browser, built_site):
    page, block = walk_page(browser, built_site, forced_colors="active")
    next_button(block).click()
    next_button(block).click()
    state = block.evaluate(DIAGRAM_STATE)
    system = page.evaluate("""() => { const probe = document.createElement('i'); document.body.append(probe);
      const colour = c => (probe.style.color = c, getComputedStyle(probe).color);
      return { highlight: colour('Highlight'), text: colour('CanvasText') }; }""")
    assert state["hops"][1]["stroke"] == system["highlight"] and state["hops"][0]["stroke"] == system["text"], state["hops"][:2]
    assert state["hops"][2]["stroke"] == TRANSPARENT
    page.context.close()


def test_packet_state_matches_each_step_and_choices_stay_off_screen(browser, built_site):
    page, block = walk_page(browser, built_site)
    # The controls are named after the diagram's accTitle, which the build puts in data-walk.
    assert block.get_by_role("group", name="Step through: A ClusterIP connection, hop by hop").count() == 1
    packets = block.locator(":scope > ol li.walk-packet").all_text_contents()
    assert len(packets) == 7
    panel = block.locator(".stepper__packet")
    assert panel.get_attribute("aria-live") == "polite"
    for step in range(1, 8):
        next_button(block).click()
        assert panel.text_content().replace("changed: ", "") == packets[step - 1].strip(), step
    # Step 7 (conntrack's reverse NAT) marks the rewritten source, for the eye and the ear.
    assert panel.text_content() == "Packet: src changed: 10.96.0.20:80 → dst 10.244.1.5:43512 (TCP SYN-ACK, reverse NAT)"
    mark = panel.locator("mark")
    assert mark.count() == 1 and mark.evaluate("m => getComputedStyle(m).fontWeight") == "700"
    assert mark.evaluate("m => getComputedStyle(m).textDecorationLine") == "underline"
    hidden = mark.locator(".visually-hidden")
    assert hidden.text_content() == "changed: " and hidden.evaluate("h => h.getBoundingClientRect().width") <= 1
    # The Right/Wrong bullets are never shown on screen.
    assert not block.locator(":scope > ol").is_visible()
    assert "Wrong" not in block.locator(".stepper").inner_text()
    page.context.close()


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent")


def tab_to(page, wanted) -> None:
    """Press Tab until the focused element's text satisfies wanted (at most 8 times)."""
    for _ in range(8):
        if wanted(focused_text(page)):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"no focusable element matched; focus is on {focused_text(page)!r}")


def test_drill_by_keyboard_with_feedback_score_and_rating(browser, built_site):
    page, block = walk_page(browser, built_site)
    steps = block.evaluate("b => b.walk.steps.map(s => ({ caption: s.caption, right: s.right, wrongs: s.wrongs }))")
    page.evaluate("window.k8sStudy = { rate(id, rating) { window.__rated = [id, rating]; } }")
    toggle = block.get_by_role("button", name="Drill: predict each hop")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert not next_button(block).is_visible(), "the drill replaces Previous / Next"
    question = block.locator(".drill__question")
    assert question.inner_text() == "Hop 1 of 7: what happens next?"
    assert not block.locator(".stepper__caption").is_visible(), "the question and its choices take the panel"
    choices = block.locator(".drill__choices")
    assert choices.get_attribute("role") == "group" and choices.get_attribute("aria-labelledby") == question.get_attribute("id")
    assert sorted(choices.locator("button").all_inner_texts()) == sorted([steps[0]["right"], *(w["choice"] for w in steps[0]["wrongs"])])
    assert page.evaluate("document.activeElement.classList.contains('drill__choice')"), "focus is on the first choice"
    feedback = block.locator(".drill__feedback")
    assert feedback.get_attribute("role") == "status"  # a polite live region
    # Hop 1: a wrong answer, by keyboard.
    wrong = steps[0]["wrongs"][0]
    tab_to(page, lambda text: text == wrong["choice"])
    page.keyboard.press("Enter")
    assert feedback.inner_text() == f"Not quite: {wrong['reason']}. The right answer: {steps[0]['right']}."
    assert block.locator(".stepper__caption").inner_text() == f"1/7: {steps[0]['caption']}", "the real step is shown"
    assert block.evaluate("b => b.dataset.step") == "1"
    assert focused_text(page) == "Next hop"
    assert not choices.is_visible() and block.locator(".stepper__packet").is_visible()
    page.keyboard.press("ArrowRight")  # arrows do not step while drilling
    assert block.evaluate("b => b.dataset.step") == "1"
    # Hops 2 to 7: the right answer each time.
    for hop in range(2, 8):
        page.keyboard.press("Enter")
        assert question.inner_text() == f"Hop {hop} of 7: what happens next?"
        tab_to(page, lambda text, hop=hop: text == steps[hop - 1]["right"])
        page.keyboard.press("Enter")
        assert feedback.inner_text() == f"Right. {steps[hop - 1]['caption']}"
        assert block.evaluate("b => b.dataset.step") == str(hop)
    assert focused_text(page) == "See your score"
    page.keyboard.press("Enter")
    assert question.inner_text() == "Drill finished: 6 of 7 right."
    assert page.evaluate("document.activeElement.classList.contains('drill__question')")
    assert feedback.inner_text() == "You predicted 6 of 7 hops."
    tab_to(page, lambda text: text.startswith("Rate this question"))
    assert focused_text(page) == 'Rate this question "Good" in your reviews'
    page.keyboard.press("Enter")
    assert page.evaluate("window.__rated") == ["clusterip-packet-path", 3]
    assert feedback.inner_text() == 'Rated "Good" in your reviews.'
    # Leaving drill mode brings the stepper back at the overview.
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "false" and next_button(block).is_visible()
    assert block.evaluate("b => b.dataset.step") == "0"
    assert block.locator(".stepper__caption").get_attribute("aria-live") == "polite"
    assert page.report.problems() == []
    page.context.close()


def test_the_drill_rating_lands_in_the_study_scheduler(browser, built_site):
    # The study loader (study-loader.js) provides window.k8sStudy.rate on every page; rating loads the
    # study tools and records a review of the walk's question.
    page, block = walk_page(browser, built_site)
    block.get_by_role("button", name="Drill: predict each hop").click()
    for hop in range(7):
        block.locator(".drill__choice").first.click()
        # The hop scrolls into view smoothly, and a reader reads it before going on; a click while the
        # page still moves can land beside the button it aimed at (this failed once under load).
        page.evaluate(SCROLLING_DONE)
        block.locator(".drill__next").click()
        page.evaluate(SCROLLING_DONE)
    assert block.locator(".drill__question").inner_text().startswith("Drill finished: ")
    block.locator(".drill__rate").click()
    page.wait_for_function("""() => {
      const state = JSON.parse(localStorage.getItem("k8s-networking:study:v2") || "{}");
      return state.cards?.["clusterip-packet-path"]?.log?.length === 1;
    }""")
    assert page.report.problems() == []
    page.context.close()


def test_print_shows_numbered_steps_with_packet_state_only(browser, built_site):
    page, block = walk_page(browser, built_site)
    next_button(block).click()
    page.emulate_media(media="print")
    steps = block.locator(":scope > ol")
    assert steps.evaluate("ol => getComputedStyle(ol).display") == "block"
    assert steps.evaluate("ol => getComputedStyle(ol).listStyleType") == "decimal"
    assert steps.locator(":scope > li").count() == 7
    assert all(steps.locator("li.walk-packet").nth(i).is_visible() for i in range(7))
    assert not any(steps.locator("li.walk-choice").nth(i).is_visible() for i in range(steps.locator("li.walk-choice").count()))
    assert block.locator(".stepper").evaluate("s => getComputedStyle(s).display") == "none"
    assert block.locator("button:visible").count() == 0
    page.context.close()


def axe_violations(page, selector: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async ([selector, tags]) => (await axe.run(document.querySelector(selector), { runOnly: { type: "tag", values: tags } }))
             .violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`)""",
        [selector, AXE_TAGS])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_clean_mid_walk_and_in_drill_mode(browser, built_site, scheme):
    page, block = walk_page(browser, built_site, scheme)
    for _ in range(4):
        next_button(block).click()
    problems = [f"mid-walk: {v}" for v in axe_violations(page, "h3#clusterip-packet-path + details")]
    block.get_by_role("button", name="Drill: predict each hop").click()
    block.locator(".drill__choice").first.click()
    problems += [f"drill: {v}" for v in axe_violations(page, "h3#clusterip-packet-path + details")]
    assert problems == []
    page.context.close()


def test_on_a_phone_the_hop_caption_and_controls_are_on_screen_together(browser, built_site):
    page, block = walk_page(browser, built_site, viewport=(412, 823), is_mobile=True, has_touch=True)
    next_button(block).focus()
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    for step in range(1, 8):
        page.keyboard.press("ArrowRight")
        page.evaluate(SCROLLING_DONE)  # the smooth scroll
        seen = block.evaluate("""(b, step) => {
          const host = b.querySelector('div.mermaid'), frame = host.getBoundingClientRect();
          const hop = host.shadowRoot.querySelectorAll('.walk-hop')[step - 1].getBoundingClientRect();
          const panel = b.querySelector('.stepper').getBoundingClientRect();
          return { hop: [hop.left, hop.top, hop.right, hop.bottom], frame: [frame.left, frame.right],
                   panel: [panel.top, panel.bottom], height: innerHeight };
        }""", step)
        left, top, right, bottom = seen["hop"]
        assert seen["panel"][1] <= seen["height"] + 1 and seen["panel"][0] >= header, (step, seen)
        assert top >= header - 1 and bottom <= seen["panel"][0] + 1, (step, seen)
        assert right > seen["frame"][0] and left < seen["frame"][1], (step, seen)
    # In drill mode too: after an answer, the hop, its caption and the feedback share the screen.
    block.get_by_role("button", name="Drill: predict each hop").click()
    for step in range(1, 4):
        block.locator(".drill__choice").first.click()
        page.evaluate(SCROLLING_DONE)
        seen = block.evaluate("""(b, step) => {
          const hop = b.querySelector('div.mermaid').shadowRoot.querySelectorAll('.walk-hop')[step - 1].getBoundingClientRect();
          const panel = b.querySelector('.stepper').getBoundingClientRect();
          return { hop: [hop.top, hop.bottom], panel: [panel.top, panel.bottom], height: innerHeight };
        }""", step)
        assert seen["panel"][1] <= seen["height"] + 1 and header - 1 <= seen["hop"][0] and seen["hop"][1] <= seen["panel"][0] + 1, (step, seen)
        block.locator(".drill__next").click()
    labels = block.evaluate("""b => [...b.querySelector('div.mermaid').shadowRoot.querySelectorAll('.nodeLabel')]
        .map(l => l.getBoundingClientRect().height)""")
    assert min(labels) >= 10.5, labels  # no tiny text: the walk scrolls sideways instead
    page.context.close()


def test_without_javascript_the_steps_show_packet_state_but_no_choices(browser, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(built_site.url + "services/")
    page.locator("h3#clusterip-packet-path + details > summary").click()
    steps = page.locator(f"{WALK} > ol")
    assert steps.locator(":scope > li").count() == 7
    assert steps.locator("li.walk-packet").count() == 7 and steps.locator("li.walk-packet").first.is_visible()
    assert steps.locator("li.walk-choice").count() == 24
    assert not any(steps.locator("li.walk-choice").nth(i).is_visible() for i in range(24))
    context.close()


def jump_from_the_contents(page, anchor: str) -> None:
    """Follow the table of contents' link to a question on the same page (Material's instant
    navigation handles it, as it does "Skip to content")."""
    wait_for_instant_navigation(page)  # Material intercepts links once it has read the sitemap
    page.locator(f".md-sidebar--secondary a[href$='#{anchor}']").click()
    page.wait_for_url(f"**#{anchor}")
    # open-answer.js opens the linked answer, whose diagram may then be drawn again: wait for that.
    settle(page, PageReport(page.url))
    page.wait_for_function("() => document.querySelector('.packet-path.is-interactive')")


def use_the_walk(page, block) -> None:
    panel = block.locator(".stepper")
    # walks.css applies: the panel sticks to the bottom of the screen, the current hop is thick.
    assert panel.evaluate("s => getComputedStyle(s).position") == "sticky"
    next_button(block).click()
    next_button(block).click()
    block.get_by_role("button", name="Previous", exact=True).click()
    assert block.evaluate(DIAGRAM_STATE)["hops"][0]["width"] == "5px"
    block.get_by_role("button", name="Drill: predict each hop").click()
    block.locator(".drill__choice").first.click()
    assert block.locator(".drill__feedback").inner_text() != ""
    assert panel.evaluate("s => getComputedStyle(s).position") == "sticky"


def test_a_walk_keeps_its_styles_after_a_jump_from_the_contents(browser, built_site):
    page, block = walk_page(browser, built_site)
    jump_from_the_contents(page, "clusterip-packet-path")
    block.locator(".stepper").scroll_into_view_if_needed()
    use_the_walk(page, block)
    assert page.report.problems() == []
    page.context.close()


def test_walk_code_that_failed_to_load_is_loaded_on_the_next_page_view(browser, built_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    walk_code = re.compile(r"/assets/javascripts/walks\.[0-9a-f]{8}\.min\.js$")
    page.route(walk_code, lambda route: route.abort())  # a dropped connection
    page.goto(built_site.url + "services/")
    page.locator("h3#clusterip-packet-path + details > summary").click()
    page.evaluate("() => window.mermaid.drawAll()")
    assert page.locator(".packet-path.is-interactive").count() == 0
    page.unroute(walk_code)
    jump_from_the_contents(page, "clusterip-packet-path")
    block = page.locator(WALK)
    block.locator(".stepper").scroll_into_view_if_needed()
    use_the_walk(page, block)
    context.close()


HOP_AND_PANEL = """(b, step) => {
  const hop = b.querySelector('div.mermaid').shadowRoot.querySelectorAll('.walk-hop')[step - 1].getBoundingClientRect();
  const panel = b.querySelector('.stepper').getBoundingClientRect();
  return { hop: [hop.top, hop.bottom], panel: [panel.top, panel.bottom], height: innerHeight,
           header: document.querySelector('.md-header').getBoundingClientRect().bottom };
}"""


def assert_hop_above_panel(block, step) -> None:
    seen = block.evaluate(HOP_AND_PANEL, step)
    assert seen["panel"][1] <= seen["height"] + 1, (step, "panel below the screen", seen)
    assert seen["header"] - 1 <= seen["hop"][0] and seen["hop"][1] <= seen["panel"][0] + 1, (step, "hop hidden", seen)


@pytest.mark.parametrize("viewport, phone", [((1366, 768), False), ((412, 915), True)], ids=["laptop", "phone"])
def test_the_panel_never_covers_the_current_hop(browser, built_site, viewport, phone):
    # Reduced motion: the hop is scrolled into view at once, so it can be measured without waiting.
    page, block = walk_page(browser, built_site, viewport=viewport, reduced_motion="reduce",
                            is_mobile=phone, has_touch=phone)
    for step in range(1, 8):
        next_button(block).click()
        assert_hop_above_panel(block, step)
    block.get_by_role("button", name="Drill: predict each hop").click()
    for step in range(1, 8):
        block.locator(".drill__choice").first.click()
        page.evaluate(NEXT_FRAME)
        assert_hop_above_panel(block, step)
        assert block.locator(".drill__next").is_visible()
        block.locator(".drill__next").click()
    page.context.close()


# Each target with the group it is laid out in: the sticky panel floats over the diagram and its
# "Full screen" button while scrolling, so spacing is measured within a group.
TARGETS = """b => [...b.querySelectorAll('button, .scenario-switch label')].filter(e => e.checkVisibility())
    .map(e => { const r = e.getBoundingClientRect();
      return { name: e.textContent.trim(), group: e.closest('.stepper') ? 'panel' : 'figure', box: [r.left, r.top, r.right, r.bottom] }; })"""


def gap(a, b) -> float:
    """Distance between two boxes (0 if they touch or overlap)."""
    dx = max(a[0] - b[2], b[0] - a[2], 0)
    dy = max(a[1] - b[3], b[1] - a[3], 0)
    return (dx * dx + dy * dy) ** 0.5


def assert_comfortable_targets(block) -> None:
    targets = block.evaluate(TARGETS)
    assert targets
    small = [(t["name"], t["box"]) for t in targets
             if t["box"][2] - t["box"][0] < 44 or t["box"][3] - t["box"][1] < 44]
    assert small == [], small
    close = [(a["name"], b["name"]) for i, a in enumerate(targets) for b in targets[i + 1:]
             if a["group"] == b["group"] and gap(a["box"], b["box"]) < 8]
    assert close == [], close


def test_on_a_touch_phone_walk_and_drill_buttons_are_44_px_and_apart(browser, built_site):
    page, block = walk_page(browser, built_site, viewport=(412, 915), is_mobile=True, has_touch=True)
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    assert_comfortable_targets(block)
    block.get_by_role("button", name="Drill: predict each hop").click()
    assert_comfortable_targets(block)  # the choices
    block.locator(".drill__choice").first.click()
    assert_comfortable_targets(block)  # "Next hop"
    page.context.close()


def test_a_focused_button_does_not_look_pressed(browser, built_site):
    page, block = walk_page(browser, built_site)
    toggle = block.get_by_role("button", name="Drill: predict each hop")
    look = "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, s.outlineStyle]; }"
    page.add_style_tag(content="* { transition: none !important; }")  # read the end state, not a fade
    next_button(block).focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    for _ in range(4):  # to the toggle by keyboard, so the focus ring shows
        if toggle.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.mouse.move(0, 0)  # not hovering anything
    focused = toggle.evaluate(look)
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Tab")  # focus moves on; the toggle stays pressed
    pressed = toggle.evaluate(look)
    assert focused[2] == "solid" and pressed[2] == "none", (focused, pressed)
    assert focused[0] != pressed[0], ("the same fill when focused and when pressed", focused, pressed)
    page.context.close()


def test_full_screen_keeps_the_caption_packet_state_and_controls(browser, built_site):
    page, block = walk_page(browser, built_site, viewport=(1366, 768))
    block.get_by_role("button", name="Full screen").click()
    page.wait_for_function("() => document.fullscreenElement")
    on_screen = """b => { const full = document.fullscreenElement;
      const seen = s => { const e = s === 'Next' ? [...b.querySelectorAll('.stepper__button')].find(x => x.textContent === s)
                                                 : b.querySelector(s);
        const r = e.getBoundingClientRect();
        return full.contains(e) && e.checkVisibility() && r.top >= 0 && r.bottom <= innerHeight; };
      return { caption: seen('figcaption'), step: seen('.stepper__caption'), packet: seen('.stepper__packet'),
               next: seen('Next') }; }"""
    next_button(block).click()
    assert block.evaluate(on_screen) == {"caption": True, "step": True, "packet": True, "next": True}
    page.keyboard.press("ArrowRight")  # focus is on Next, inside the full-screen walk
    assert block.evaluate("b => b.dataset.step") == "2"
    assert block.locator(".stepper__caption").inner_text().startswith("2/7: ")
    block.get_by_role("button", name="Exit full screen").click()
    page.wait_for_function("() => !document.fullscreenElement")
    page.context.close()


def test_walk_bullets_stay_out_of_the_search_index(built_site):
    """Material's search plugin skips what carries data-search-exclude, as the walks' bullets do."""
    (meta,) = (built_site.dir / "search").glob("*/meta.json")  # the index (overrides/hooks/search.py)
    text = "".join(p.read_text(encoding="utf-8") for p in meta.parent.glob("d*.json"))  # what it indexed
    assert "ClusterIP" in text and not re.search(r"\b(?:Packet|Right|Wrong):", text)


def test_the_build_gives_each_walk_its_steps_and_choices_as_data():
    """walk_data.py: what diagram-stepper.js and diagram-drill.js read instead of the bullets' text."""
    from walk_data import on_page_markdown

    out = on_page_markdown(GOOD_WALK.replace("The node's rules", "The **node's** `iptables` rules"), page=None)
    attribute = re.search(r'<div data-walk="([^"]*)" class="packet-path" markdown>', out)
    assert attribute, out.splitlines()[2]
    steps = json.loads(html.unescape(attribute[1]))["steps"]
    assert steps[0] == {"packets": ["Packet"], "right": "The node's iptables rules", "wrongs": [
        {"choice": "Pod C directly, at its Pod IP", "reason": "it only knows the Service address"},
        {"choice": "The API server", "reason": "it carries no traffic"}]}
    assert [len(s["wrongs"]) for s in steps] == [2, 3]
    # nothing else changes but the bullets' classes (test_walk_bullets_get_their_class_in_the_markdown...)
    assert out.replace(attribute[0], '<div class="packet-path" markdown>') == \
        tag_walk_bullets(GOOD_WALK.replace("The node's rules", "The **node's** `iptables` rules"))

