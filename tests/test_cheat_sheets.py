"""The cheat sheets are true at a glance (issue 23): a version badge stands in the fact it qualifies,
never after a one-line answer it does not describe; each sheet names the releases it is true for;
table cells break between words when printed."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from make_pdfs import topic_slugs
from sitemodel import BADGE, BASELINE, site_topics

TOPICS = {topic.slug: topic for topic in site_topics(ROOT / "mkdocs.yml")}
BADGE_TEXT = re.compile(r"<[^>]+>")


def badge_texts(markdown: str) -> list[str]:
    return [BADGE_TEXT.sub("", badge) for badge in BADGE.findall(markdown)]


def sheet(built_site, slug: str = "") -> BeautifulSoup:
    path = built_site.dir / "cheat-sheets" / slug / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def one_line_answers(soup) -> dict[str, tuple]:
    """question id -> (the one-line answer's element, the list of its other facts or None)."""
    found = {}
    for dt in soup.select(".cheat-sheet dl > dt"):
        dd = dt.find_next_sibling("dd")
        first = dd.find("p", recursive=False) or dd  # a dd with facts holds a paragraph and a list
        found[dt.a["href"].rsplit("#", 1)[1]] = (first, dd.find("ul", recursive=False))
    return found


def test_the_services_sheet_puts_each_badge_in_its_own_fact(built_site):
    answers = one_line_answers(sheet(built_site, "services"))

    kube_proxy, facts = answers["kube-proxy-role"]
    assert text(kube_proxy).startswith("kube-proxy is the node agent")
    assert kube_proxy.select(".badge") == [], "a badge after kube-proxy's one-line answer reads as if it described it"
    beside = {text(b): text(b.find_parent("li")) for b in facts.select(".badge")}
    assert "ipvs" in beside["deprecated v1.35"] and "nftables" in beside["GA v1.33"], beside
    assert "spec.externalIPs is" in beside["deprecated v1.36"], beside

    endpoint_slices, facts = answers["endpointslices"]
    assert [text(b) for b in endpoint_slices.select(".badge")] == ["GA v1.21"]  # in the answer's own words
    assert "Endpoints API" in text(facts.select_one(".badge--deprecated").find_parent("li"))


@pytest.mark.parametrize("slug", topic_slugs())
def test_a_one_line_answer_carries_only_its_own_badges_and_every_other_badge_has_its_fact(built_site, slug):
    soup = sheet(built_site, slug)
    answers = one_line_answers(soup)
    tables = " ".join(text(t) for t in soup.select(".cheat-sheet table"))
    for q in TOPICS[slug].page.questions:
        one_liner, facts = answers[q.id]
        assert [text(b) for b in one_liner.select(".badge")] == badge_texts(q.one_liner), q.id
        shown = " ".join(text(li) for li in facts.select("li")) if facts else ""
        for fact in q.badge_facts:
            if fact.text in q.one_liner:
                continue
            for badge in badge_texts(fact.text):  # in a fact of its own below the answer, or in a key table
                assert badge in shown or badge in tables, f"{slug}#{q.id}: {badge} missing beside its fact"
        for li in facts.select("li") if facts else []:
            assert not text(li).endswith("?"), f"{slug}#{q.id}: a fact should be a statement: {text(li)}"


def test_versions_at_a_glance_lists_each_badge_in_its_fact(built_site):
    items = sheet(built_site).select(".version-facts li")
    expected = sorted(b for topic in TOPICS.values() for q in topic.page.questions
                      for f in q.badge_facts for b in badge_texts(f.text))
    assert sorted(text(b) for li in items for b in li.select(".badge")) == expected
    by_badge = {text(b): text(li) for li in items for b in li.select(".badge")}
    assert "spec.externalIPs is deprecated v1.36" in by_badge["deprecated v1.36"]
    for li in items:  # a statement, with the link to its answer after it; not a question tagged with badges
        assert li.select_one("a.fact-link[aria-label^='Answer: ']"), text(li)
        assert not re.match(r"^(?:\S+ v[\d.]+ )+\w.*\?", text(li)), text(li)


@pytest.mark.parametrize("slug", [*topic_slugs(), ""])
def test_each_sheet_says_which_releases_it_is_true_for(built_site, slug):
    assert f"True for {BASELINE}" in text(sheet(built_site, slug).select_one(".md-content"))
    assert BASELINE == "Kubernetes v1.37 and Gateway API v1.6.1"  # the releases docs/index.md names


# Every run of letters and digits in a cheat-sheet table cell, with the lines it lies on.
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.cheat-sheet table :is(td, th)')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
  }
  const clipped = [...document.querySelectorAll('.cheat-sheet table')]
    .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.rows[0].textContent.trim());
  return { split, clipped, cells: document.querySelectorAll('.cheat-sheet table td').length };
}"""
A4_PRINTABLE_PX = round((210 - 13 - 13) / 25.4 * 96)  # A4 width less print.css's @page margins


def test_printed_table_cells_break_between_words_never_inside_one(built_site, browser):
    page = browser.new_page(viewport={"width": A4_PRINTABLE_PX, "height": 1100})
    page.emulate_media(media="print")
    found, cells = {}, 0
    try:
        for slug in topic_slugs():
            page.goto(f"{built_site.url}cheat-sheets/{slug}/")
            result = page.evaluate(SPLIT_WORDS)
            cells += result["cells"]
            if result["split"] or result["clipped"]:
                found[slug] = result
    finally:
        page.close()
    assert cells > 100, "no cheat-sheet tables measured"
    assert found == {}, f"words split across lines (or tables cut off) in printed cheat-sheet tables: {found}"
