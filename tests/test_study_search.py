"""Search that opens the answer it found, deep links, and study mode, in real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bundle_assets import BUNDLES
from conftest import BLOCKED_STORAGE, ROOT, search_site
from sitekit.browser import PageReport, wait_for_instant_navigation, watch
from sitemodel import site_topics

# Question counts come from the model, so rewriting a page does not break these tests.
COUNT = {topic.slug: len(topic.page.questions) for topic in site_topics(ROOT / "mkdocs.yml")}
DNS = COUNT["dns"]
# Our scripts ship as one bundle (overrides/hooks/bundle_assets.py); an error thrown by any of them
# has this file name in its stack.
OUR_BUNDLE = f"/assets/javascripts/{BUNDLES['extra_javascript'][0]}."


@pytest.fixture()
def page(built_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.report = PageReport(built_site.url)
    watch(page, page.report)
    yield page
    assert page.report.problems() == [], page.report.problems()
    context.close()


def answer_of(page, question_id: str):
    return page.locator(f"h3#{question_id} + details")


@pytest.mark.parametrize("term, page_path, question", [
    # each term occurs only inside one collapsed answer
    ("recorded", "services/", "clusterip-packet-path"),
    ("lblcr", "kube-proxy-modes/", "iptables-vs-ipvs"),
    ("amplification", "troubleshooting/", "debug-dns"),
])
def test_search_finds_text_inside_collapsed_answers_and_opens_it(built_site, page, term, page_path, question):
    page.goto(built_site.url)
    search_site(page, term)
    # Material groups hits by page: the page itself, then its matching sections.
    sections = page.locator(".md-search-result__item a.md-search-result__link[href*='#']:visible")
    top = sections.first.get_attribute("href")
    assert f"{page_path}?h={term}" in top and top.endswith(f"#{question}"), top
    sections.first.click()
    page.wait_for_url(re.compile(f"{page_path}.*#{question}"))
    details = answer_of(page, question)
    page.wait_for_function("id => document.querySelector(`h3#${id} + details`)?.open", arg=question, timeout=10000)
    mark = details.locator("mark[data-md-highlight]").first
    mark.wait_for()
    assert mark.is_visible() and mark.evaluate("m => { const r = m.getBoundingClientRect(); "
                                               "return r.top >= 0 && r.bottom <= innerHeight; }")
    assert "answer--found" in (details.get_attribute("class") or "")


@pytest.mark.parametrize("term, expected", [
    ("Port", "NodePort"), ("ndots:5", "ndots"), ("10.96.0.10", "10.96.0.10"), ("kube-proxy", "kube-proxy"),
    ("ClusterIP", "ClusterIP"),
])
def test_search_separator_finds_compound_terms(built_site, page, term, expected):
    page.goto(built_site.url)
    search_site(page, term)
    marked = page.locator(".md-search-result__list mark").all_inner_texts()
    listed = page.locator(".md-search-result__list").inner_text()
    assert expected in listed and marked, f"{term!r}: {marked[:5]}"


def test_a_deep_link_opens_its_answer(built_site, page):
    page.goto(built_site.url + "dns/#resolv-conf-ndots")
    page.wait_for_function("document.querySelector('h3#resolv-conf-ndots + details')?.open")
    assert not answer_of(page, "dns-policy").evaluate("d => d.open")


def progress(page) -> str:
    return page.locator("[data-study-progress]").inner_text()


def grade(page, question_id: str, key: str) -> None:
    """Open an answer and grade it with a key, as a reader does."""
    answer = answer_of(page, question_id)
    answer.locator("summary").click()
    answer.locator(".study-grades").wait_for()
    page.keyboard.press(key)
    answer.locator(".study-grade-result").filter(has_text="Rated").wait_for()


def test_grades_and_progress_survive_reload_and_instant_navigation(built_site, page):
    page.goto(built_site.url + "dns/")
    bar = page.locator("[data-study-bar]")
    assert bar.is_visible()
    assert progress(page).startswith(f"{DNS} questions on this page")  # nothing studied: the tools are not loaded
    grade(page, "dns-policy", "3")  # Good
    assert progress(page).startswith(f"1 of {DNS} known on this page · 1 of ")
    grade(page, "dns-records", "2")  # Hard: reviewed, not known
    assert progress(page).startswith(f"1 of {DNS} known on this page · 1 of ")
    assert page.locator("h3#dns-records .study-status").inner_text() == "review"
    page.reload()
    page.locator("[data-study-progress]").filter(has_text="known").wait_for()
    assert progress(page).startswith(f"1 of {DNS} known")
    assert page.locator("h3#dns-policy .study-status").inner_text() == "known"
    wait_for_instant_navigation(page)
    page.evaluate("window.__noReload = true")
    page.locator("a.md-footer__link--next").click()  # instant navigation to the next topic
    page.wait_for_url(re.compile(r".*/dns-in-depth/(#.*)?$"))
    page.wait_for_selector("h3#glibc-vs-musl-resolver")
    assert page.evaluate("window.__noReload"), "the link reloaded the page"
    page.locator("[data-study-progress]").filter(has_text="known").wait_for()
    assert re.match(r"0 of \d+ known on this page · 1 of \d+ overall", progress(page))


def test_hide_and_reveal_all(built_site, page):
    page.goto(built_site.url + "network-policy/")
    page.click("[data-study-action=reveal]")
    assert page.evaluate("[...document.querySelectorAll('details.answer')].every(d => d.open)")
    page.click("[data-study-action=hide]")
    assert page.evaluate("[...document.querySelectorAll('details.answer')].every(d => !d.open)")


def test_the_whole_study_flow_by_keyboard(built_site, page):
    page.goto(built_site.url + "kube-proxy-modes/")
    first_button = page.locator("[data-study-action=hide]")
    first_button.focus()
    for _ in range(2):  # Hide all -> Reveal all -> Next question I don't know
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.studyAction") == "next"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "iptables-vs-ipvs"
    assert f"question 1 of {COUNT['kube-proxy-modes']}" in page.locator("[data-study-status]").inner_text()
    for _ in range(2):  # the heading's permalink, then the answer's summary
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")  # open the answer
    assert answer_of(page, "iptables-vs-ipvs").evaluate("d => d.open")
    answer_of(page, "iptables-vs-ipvs").locator(".study-grades").wait_for()
    page.keyboard.press("4")  # Easy
    expect(page.locator("h3#iptables-vs-ipvs .study-status")).to_have_text("known")
    first_button.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # next unknown skips the known one
    assert page.evaluate("document.activeElement.id") == "nftables-mode"


def test_focus_is_visible_on_study_controls(built_site, page):
    page.goto(built_site.url + "dns/")
    page.locator("[data-study-action=hide]").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


@pytest.mark.parametrize("how", BLOCKED_STORAGE)
def test_without_storage_the_page_still_works(built_site, browser, how):
    context = browser.new_context()
    context.add_init_script(BLOCKED_STORAGE[how])
    page = context.new_page()
    stacks = []
    page.on("pageerror", lambda error: stacks.append(error.stack or str(error)))
    page.goto(built_site.url + "dns/")
    grade(page, "dns-policy", "3")
    assert progress(page).startswith(f"1 of {DNS} known")
    expect(page.locator(".study-bar .study-storage")).to_contain_text("for this visit")
    page.click("[data-study-action=reveal]")
    assert page.evaluate("[...document.querySelectorAll('details.answer')].every(d => d.open)")
    # Material's own palette code reads localStorage unguarded when access is denied; ours must not.
    ours = [s for s in stacks if OUR_BUNDLE in s]
    assert stacks or how == "writes fail", "no error at all: does Material no longer read storage unguarded?"
    assert ours == [], ours
    context.close()


def test_without_javascript_answers_are_plain_collapsibles(built_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(built_site.url + "dns/")
    assert not page.locator("[data-study-bar]").is_visible()
    page.locator("h3#dns-policy + details summary").click()
    assert answer_of(page, "dns-policy").evaluate("d => d.open")
    context.close()
