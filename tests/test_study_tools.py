"""Spaced repetition, the review page, the mock interview and portable progress, in real Chromium.

Time is Playwright's fake clock (page.clock), which is what the study tools read through now().
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from conftest import BLOCKED_STORAGE, NEXT_FRAME, ROOT
from outputs.study_rows import ANSWERS_DIR, FORMAT as DATA_FORMAT, OUTPUT as DATA_FILE, VERSION as DATA_VERSION
from sitekit.browser import PageReport, watch

STATE_KEY = "k8s-networking:study:v2"
OLD_KEY = "k8s-networking:study-marks:v1"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture()
def page(built_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.report = PageReport(built_site.url)
    watch(page, page.report)
    page.clock.install(time=T0)
    yield page
    assert page.report.problems() == [], page.report.problems()
    context.close()


def state(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STATE_KEY}')") or "null")


def rate_on_topic_page(page, question_id: str, key: str) -> None:
    page.locator(f"h3#{question_id} + details > summary").click()
    page.locator(f"h3#{question_id} + details .study-grades").wait_for()
    page.keyboard.press(key)
    page.locator(f"h3#{question_id} + details .study-grade-result").filter(has_text="Rated").wait_for()


def shown_question(page) -> str:
    heading = page.locator(".study-card h2")
    heading.wait_for()
    return heading.get_attribute("data-study-question") or heading.inner_text()


def test_rated_cards_come_due_in_order(built_site, page):
    page.goto(built_site.url + "services/")
    rate_on_topic_page(page, "what-is-a-service", "3")  # Good: back in minutes
    rate_on_topic_page(page, "endpointslices", "1")  # Again: back soonest
    rate_on_topic_page(page, "headless-service", "4")  # Easy: back in days
    ratings = {k: [r["rating"] for r in v["log"]] for k, v in state(page)["cards"].items()}
    assert ratings == {"what-is-a-service": [3], "endpointslices": [1], "headless-service": [4]}

    page.evaluate(f"localStorage.setItem('{STATE_KEY}', JSON.stringify({{...JSON.parse(localStorage.getItem('{STATE_KEY}')), settings: {{newPerDay: 0}}}}))")
    page.goto(built_site.url + "review/")
    assert "next card is due in 1 min" in page.locator("[data-study-next]").inner_text()

    page.clock.set_system_time(T0 + timedelta(minutes=2))
    page.reload()
    assert shown_question(page) == "endpointslices"
    page.goto(built_site.url + "services/")  # the topic page counts it
    assert page.locator("[data-study-due-here]").filter(has_text="due").inner_text().startswith("1 card due on this page")

    page.clock.set_system_time(T0 + timedelta(days=60))
    page.goto(built_site.url + "review/")
    order = []
    for _ in range(3):
        order.append(shown_question(page))
        page.keyboard.press("Space")
        page.locator(".study-answer").wait_for()
        page.keyboard.press("4")
        page.wait_for_function(f"!document.querySelector('[data-study-question=\"{order[-1]}\"]')")
    assert order == ["endpointslices", "what-is-a-service", "headless-service"]
    assert "Nothing due" in page.locator(".study-card h2").inner_text()


def test_study_data_of_another_version_is_refused_and_progress_kept(built_site, page):
    # A page and study data from different builds can meet in a cache: the review page says so, and
    # a reload with matching data carries on where the reader was.
    page.goto(built_site.url + "services/")
    rate_on_topic_page(page, "what-is-a-service", "3")
    before = state(page)
    newer = json.dumps({"format": DATA_FORMAT, "version": DATA_VERSION + 1, "topics": [], "questions": []})
    page.route("**/study-data.json", lambda route: route.fulfill(status=200, content_type="application/json", body=newer))
    page.goto(built_site.url + "review/")
    expect(page.locator(".study-card")).to_contain_text("The questions could not be loaded")
    assert state(page) == before
    page.unroute("**/study-data.json")
    page.reload()
    assert shown_question(page)  # the first card of the deck
    assert state(page)["cards"].keys() == before["cards"].keys()


def test_the_study_pages_read_the_study_data_the_build_writes():
    # Its format, version and file names are said in Python (outputs/study_rows.py) and in the script.
    script = (ROOT / "docs" / "assets" / "javascripts" / "study-pages.js").read_text(encoding="utf-8")
    assert re.search(r'^const DATA_FORMAT = "([^"]+)";', script, re.M)[1] == DATA_FORMAT
    assert int(re.search(r"^const DATA_VERSION = (\d+);", script, re.M)[1]) == DATA_VERSION
    assert f'getJSON("{DATA_FILE}")' in script
    assert f"getJSON(`{ANSWERS_DIR}/${{q.topic}}.json`)" in script


def test_home_page_counts_due_cards_after_instant_navigation(built_site, page):
    page.goto(built_site.url + "dns/")
    rate_on_topic_page(page, "dns-policy", "1")
    page.clock.set_system_time(T0 + timedelta(minutes=5))
    page.goto(built_site.url)
    due = page.locator("[data-study-due]").filter(has_text="due")
    assert due.inner_text().startswith("1 card due for review")
    page.wait_for_load_state("networkidle")
    due.get_by_role("link", name="Start reviewing").click()  # instant navigation
    page.wait_for_url("**/review/")
    assert shown_question(page) == "dns-policy"


def test_old_marks_are_migrated(built_site, page):
    page.add_init_script(f"localStorage.getItem('{OLD_KEY}') || localStorage.setItem('{OLD_KEY}', "
                         "JSON.stringify({'dns-policy': 'known', 'resolv-conf-ndots': 'review'}))")
    page.goto(built_site.url + "review/")
    shown_question(page)
    cards = state(page)["cards"]
    assert {k: [r["rating"] for r in v["log"]] for k, v in cards.items()} == {"dns-policy": [3], "resolv-conf-ndots": [1]}
    assert all(r["at"].startswith("2026-12-01T09:00") for v in cards.values() for r in v["log"])
    page.reload()  # once only
    assert len(state(page)["cards"]["resolv-conf-ndots"]["log"]) == 1


def test_mock_interview_by_keyboard_with_the_timer(built_site, page):
    page.clock.pause_at(T0 + timedelta(seconds=1))  # time moves only when the test says so
    page.goto(built_site.url + "mock-interview/")
    count = page.locator("#mock-count")
    count.focus()
    count.fill("2")
    page.keyboard.press("Enter")
    heading = page.locator(".study-mock h2")
    heading.wait_for()
    first = heading.inner_text()
    data = json.loads((built_site.dir / "study-data.json").read_text())
    q = next(q for q in data["questions"] if q["question"] == first)
    # Nothing of the answer is on the page before it is revealed.
    assert q["answer"][:40] not in page.evaluate("document.body.textContent")
    assert page.evaluate("document.activeElement.tagName") == "H2"
    timer = page.locator("[data-study-timer]")
    assert timer.get_attribute("aria-live") == "off" and timer.inner_text() == "0:00"
    page.clock.run_for(3000)
    assert timer.inner_text() == "0:03"
    page.keyboard.press("Tab")
    page.keyboard.type("kube-proxy writes rules")
    page.keyboard.press("Tab")  # Pause
    page.keyboard.press("Enter")
    page.clock.run_for(5000)
    assert timer.inner_text() == "0:03"
    page.keyboard.press("Enter")  # Resume
    page.clock.run_for(2000)
    assert timer.inner_text() == "0:05"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Reveal
    page.keyboard.press("Enter")
    page.locator(".study-mock .study-answer").wait_for()
    assert q["answer"][:40] in page.locator(".study-mock .study-answer").inner_text()
    page.keyboard.press("3")  # Good
    page.wait_for_function(f"document.querySelector('.study-mock h2')?.textContent !== {json.dumps(first)}")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Skip
    page.keyboard.press("Enter")
    rows = page.locator(".study-summary tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    assert rows.nth(0).locator("td").nth(1).inner_text() == "Good"
    assert rows.nth(0).locator("td").nth(2).inner_text() == "0:05"
    assert rows.nth(1).locator("td").nth(1).inner_text() == "Skipped"
    assert rows.nth(0).locator("a").get_attribute("href").endswith(q["url"])
    assert state(page)["cards"][q["id"]]["log"][0] == {"at": "2026-12-01T09:00:11.000Z", "rating": 3, "seconds": 5}


def seed(page, built_site):
    page.goto(built_site.url + "dns/")
    rate_on_topic_page(page, "dns-policy", "3")
    rate_on_topic_page(page, "resolv-conf-ndots", "1")
    page.goto(built_site.url + "review/")
    page.locator("[data-study-export]").wait_for()


def test_export_clear_import_gives_back_the_same_state(built_site, page, tmp_path):
    seed(page, built_site)
    before = state(page)
    with page.expect_download() as download:
        page.click("[data-study-export]")
    path = tmp_path / "progress.json"
    download.value.save_as(path)
    exported = json.loads(path.read_text())
    assert exported["format"] == "k8s-networking-study" and exported["version"] == 2
    page.evaluate("localStorage.clear()")
    page.reload()
    page.set_input_files("#study-import-file", path)
    message = page.locator(".study-import-message")
    expect(message).to_contain_text("adds 2 cards")
    assert message.locator("li").count() == 2
    page.click("[data-study-apply]")
    assert state(page)["cards"] == before["cards"]


def test_import_keeps_the_later_review(built_site, page, tmp_path):
    seed(page, built_site)
    mine = state(page)["cards"]
    older = {**mine["dns-policy"], "reviewed": "2020-01-01T00:00:00.000Z"}
    newer = {**mine["resolv-conf-ndots"], "reviewed": "2027-01-01T00:00:00.000Z", "log": [{"at": "2027-01-01", "rating": 4}]}
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": "k8s-networking-study", "version": 2,
                                "cards": {"dns-policy": older, "resolv-conf-ndots": newer}}))
    page.set_input_files("#study-import-file", path)
    expect(page.locator(".study-import-message")).to_contain_text("updates 1")
    page.click("[data-study-apply]")
    after = state(page)["cards"]
    assert after["dns-policy"] == mine["dns-policy"] and after["resolv-conf-ndots"] == newer


BAD_FILES = {
    "not JSON": ("{ this is not json", "not JSON"),
    "foreign": (json.dumps({"format": "anki-export", "version": 1, "cards": {}}), "not a study-progress file"),
    "wrong schema": (json.dumps({"format": "k8s-networking-study", "version": 2, "cards": [1, 2]}), "not in the expected shape"),
    "future version": (json.dumps({"format": "k8s-networking-study", "version": 99, "cards": {}}), "newer version"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_import_file_changes_nothing_and_says_why(built_site, page, tmp_path, name):
    seed(page, built_site)
    before = page.evaluate(f"localStorage.getItem('{STATE_KEY}')")
    text, reason = BAD_FILES[name]
    path = tmp_path / "bad.json"
    path.write_text(text)
    page.set_input_files("#study-import-file", path)
    error = page.locator(".study-import-message .study-error")
    expect(error).to_contain_text(reason)
    assert reason in error.inner_text() and "Nothing was changed" in error.inner_text()
    assert page.locator("[data-study-apply]").count() == 0
    assert page.evaluate(f"localStorage.getItem('{STATE_KEY}')") == before


def test_unknown_question_ids_are_kept(built_site, page, tmp_path):
    seed(page, built_site)
    gone = {"id": "a-removed-question", "added": "2026-11-01T00:00:00.000Z", "reviewed": "2026-11-02T00:00:00.000Z",
            "fsrs": {**state(page)["cards"]["resolv-conf-ndots"]["fsrs"]}, "log": [{"at": "2026-11-02", "rating": 3}]}
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": "k8s-networking-study", "version": 2, "cards": {gone["id"]: gone}}))
    page.set_input_files("#study-import-file", path)
    expect(page.locator(".study-import-list")).to_contain_text("no longer on the site; kept")
    page.click("[data-study-apply]")
    assert state(page)["cards"]["a-removed-question"] == gone
    page.clock.set_system_time(T0 + timedelta(days=400))
    page.reload()
    assert shown_question(page)  # the review page still works with it in the deck


@pytest.mark.parametrize("how", BLOCKED_STORAGE)
def test_storage_blocked_works_for_the_visit_and_says_so(built_site, browser, how):
    context = browser.new_context()
    context.add_init_script(BLOCKED_STORAGE[how])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error.stack or str(error)))
    page.goto(built_site.url + "dns/")
    rate_on_topic_page(page, "dns-policy", "1")
    expect(page.locator(".study-bar .study-storage")).to_contain_text("for this visit")
    page.wait_for_load_state("networkidle")
    page.locator("[data-study-due-here] a").click()  # instant navigation: the same visit
    page.wait_for_url("**/review/**")
    expect(page.locator(".study-tool .study-storage")).to_contain_text("for this visit")
    assert page.locator("[data-study-next]").or_(page.locator(".study-card h2")).first.is_visible()
    ours = [s for s in errors if "study-" in s]
    assert ours == [], ours
    context.close()


def test_study_tools_weigh_at_most_15_kib_and_load_only_when_studying(built_site, browser):
    context = browser.new_context()
    page = context.new_page()
    loaded = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(built_site.url + "glossary/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "study-tools" in u or "study-data" in u]
    page.goto(built_site.url + "services/")  # a reader who has never studied here
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "study-tools" in u], "loaded before the reader started studying"
    page.locator("h3#what-is-a-service + details > summary").click()
    page.locator("h3#what-is-a-service + details .study-grades").wait_for()
    tools = [u for u in loaded if "study-tools" in u]
    assert tools and not [u for u in loaded if "study-data" in u or "study-answers" in u]
    module = built_site.dir / tools[0].removeprefix(built_site.url)
    assert over_budget(module.read_bytes()) is None
    loaded.clear()
    page.goto(built_site.url + "dns/")  # once a reader has study state, a topic page shows what is due
    page.locator("[data-study-due-here]").filter(has_text="due").wait_for()
    assert [u for u in loaded if "study-tools" in u]
    context.close()


def over_budget(module: bytes) -> str | None:
    """15 KiB gzip for the study scripts on a topic page; 1 KiB of it for the loader, CSS and markup."""
    size = len(gzip.compress(module, 9))
    return f"study-tools is {size} bytes gzip, over {14 * 1024}" if size > 14 * 1024 else None


def test_the_byte_budget_check_can_fail():
    import os

    assert over_budget(os.urandom(15 * 1024))  # random bytes do not compress


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_state_of_the_tools_is_axe_clean(built_site, browser, scheme, tmp_path):
    from test_quality import axe_violations

    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    page.clock.install(time=T0)
    problems = []

    def check(state_name):
        problems.extend(f"{page.url} ({state_name}): {v}" for v in axe_violations(page))

    page.goto(built_site.url + "dns/")
    rate_on_topic_page(page, "dns-policy", "1")
    check("rated")
    page.clock.set_system_time(T0 + timedelta(minutes=5))
    page.goto(built_site.url + "review/")
    shown_question(page)
    check("question")
    page.keyboard.press("Space")
    page.locator(".study-answer").wait_for()
    check("answer shown")
    path = tmp_path / "bad.json"
    path.write_text("nope")
    page.set_input_files("#study-import-file", path)
    page.locator(".study-error").wait_for()
    check("import error")
    page.goto(built_site.url + "mock-interview/")
    page.locator("#mock-count").fill("1")
    check("setup")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Reveal the answer").click()
    page.locator(".study-mock .study-answer").wait_for()
    check("answer revealed")
    page.keyboard.press("2")
    page.locator(".study-summary").wait_for()
    check("summary")
    context.close()
    assert problems == [], "\n".join(problems)


def test_the_answer_is_outside_the_accessibility_tree_until_revealed(built_site, page):
    page.clock.pause_at(T0 + timedelta(seconds=1))
    page.goto(built_site.url + "mock-interview/")
    page.locator("#mock-count").fill("1")
    page.locator("#mock-count").press("Enter")
    question = page.locator(".study-mock h2").inner_text()
    data = json.loads((built_site.dir / "study-data.json").read_text())
    q = next(q for q in data["questions"] if q["question"] == question)
    # The question is random; compare its answer's first words, which code or links in the rest of
    # the sentence cannot split in the accessibility snapshot.
    lead = " ".join(q["answer"].split()[:3])
    assert lead not in spoken(page.locator("body").aria_snapshot())
    page.get_by_role("button", name="Reveal the answer").click()
    page.locator(".study-mock .study-answer").wait_for()
    assert lead in spoken(page.locator("body").aria_snapshot())


def spoken(tree: str) -> str:
    """The text of an accessibility snapshot as one line, without its roles and names: code in an
    answer is a node of its own ("- code: net.ipv4.ip_forward = 1"), the words around it others.
    A text holding a colon is quoted as YAML (`- text: "on the Gateway (Core: a ConfigMap with"`)."""
    texts = (re.sub(r'^\s*- (?:[\w-]+(?: "[^"]*")?(?: \[[^\]]*\])*:? ?)?', "", line) for line in tree.splitlines())
    return " ".join(json.loads(text) if re.fullmatch(r'"(?:[^"\\]|\\.)*"', text) else text for text in texts)


def test_old_marks_are_counted_as_due_on_a_topic_page_without_opening_an_answer(built_site, page):
    page.add_init_script(f"localStorage.getItem('{OLD_KEY}') || localStorage.setItem('{OLD_KEY}', "
                         "JSON.stringify({'dns-policy': 'review'}))")
    page.clock.set_system_time(T0)
    page.goto(built_site.url + "dns/")
    # The tools load after the page (study-loader.js) and migrate the marks then: a reader who stays
    # a moment has them migrated at T0 (one "Again" review, due a minute later).
    page.wait_for_function(f"localStorage.getItem('{STATE_KEY}')?.includes('\"migratedV1\":true')")
    page.clock.set_system_time(T0 + timedelta(minutes=5))
    page.goto(built_site.url + "dns/")
    # The bar is drawn with the page and counted again once the study state is read: wait for the count.
    due = page.locator("[data-study-due-here]").filter(has_text="due")
    expect(due).to_have_text(re.compile(r"^1 card due on this page"))


def test_new_cards_per_topic_respect_the_daily_limit(built_site, page):
    page.goto(built_site.url + "review/")
    limit = page.locator("#study-new-per-day")
    limit.fill("2")
    limit.press("Enter")
    limit.dispatch_event("change")
    page.locator("[data-study-add=dns]").click()
    assert len(state(page)["cards"]) == 6
    assert page.locator(".study-card__meta").inner_text().startswith("2 left today")
    for _ in range(2):
        page.locator(".study-card h2").focus()  # (Space on the focused "Add" button would press it)
        page.keyboard.press("Space")
        page.locator(".study-answer").wait_for()
        page.keyboard.press("3")
        page.locator(".study-card h2").wait_for()
    assert "next card is due" in page.locator("[data-study-next]").inner_text()
    page.clock.set_system_time(T0 + timedelta(days=1, hours=1))  # a new day: two more new cards
    page.reload()
    assert page.locator(".study-card__meta").filter(has_text="left today").inner_text().startswith("4 left today")


def reviews(page) -> dict[str, list[int]]:
    """Each card's grades, as stored."""
    return {k: [r["rating"] for r in v["log"]] for k, v in (state(page) or {"cards": {}})["cards"].items()}


def test_one_key_press_grades_exactly_the_answer_the_reader_is_on(built_site, page):
    page.goto(built_site.url + "dns/")
    first = page.locator("h3#dns-policy + details")
    first.locator("summary").click()
    first.get_by_role("button", name="3 Good").click()  # a grade by mouse
    page.evaluate("window.k8sStudy.rate('resolv-conf-ndots', 1)")  # a packet walk's drill grades its question
    page.wait_for_function(f"JSON.parse(localStorage.getItem('{STATE_KEY}')).cards['resolv-conf-ndots']")
    rate_on_topic_page(page, "dns-records", "3")  # focus is in this answer (its summary)
    assert reviews(page) == {"dns-policy": [3], "resolv-conf-ndots": [1], "dns-records": [3]}
    page.locator("h3#dns-records + details .study-grades button").first.focus()
    page.keyboard.press("4")  # in the answer the reader is on
    page.locator("h3#dns-records + details .study-grade-result").filter(has_text="Rated Easy").wait_for()
    page.locator("h1").first.click()  # focus leaves the answers: the last one opened is graded
    page.keyboard.press("2")
    page.locator("h3#dns-records + details .study-grade-result").filter(has_text="Rated Hard").wait_for()
    page.evaluate(NEXT_FRAME)
    assert reviews(page) == {"dns-policy": [3], "resolv-conf-ndots": [1], "dns-records": [3, 4, 2]}
