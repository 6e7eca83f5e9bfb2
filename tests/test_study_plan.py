"""Studying to an interview date, one way to grade, progress, comfortable controls and the mock
interview's topics and notes, in real Chromium with Playwright's clock (issue 23)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from playwright.sync_api import expect

from conftest import FINITE_ANIMATIONS_DONE
from test_study_tools import T0, page, shown_question, state  # noqa: F401 (page: the fixture)

INTERVIEW = datetime(2026, 12, 4)  # three days after T0 (09:00 UTC on 1 December), local midnight
DNS_QUESTIONS = 6


def grade_everything_due(page, key: str) -> int:
    """Grade every card the review page shows, by keyboard, until nothing is due; returns how many."""
    graded = 0
    while page.locator("[data-study-reveal]").count() or not page.locator("[data-study-next]").count():
        shown = shown_question(page)
        if page.locator("[data-study-next]").count():
            break
        page.locator(".study-card h2").focus()
        page.keyboard.press("Space")
        page.locator(".study-answer").wait_for()
        page.keyboard.press(key)
        page.wait_for_function(f"document.querySelector('.study-card h2')?.dataset.studyQuestion !== {json.dumps(shown)}")
        graded += 1
    return graded


def test_an_interview_date_brings_every_card_back_twice_before_it(built_site, browser):
    context = browser.new_context(timezone_id="UTC", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.clock.install(time=T0)
    page.goto(built_site.url + "review/")
    page.locator("#study-interview-date").fill("2026-12-04")
    page.locator("#study-interview-date").dispatch_event("change")
    expect(page.locator("[data-study-plan-note]")).to_contain_text("3 days before your interview on 2026-12-04")
    page.locator("[data-study-add=dns]").click()
    assert grade_everything_due(page, "4") == DNS_QUESTIONS  # all Easy
    assert state(page)["settings"]["interviewDate"] == "2026-12-04"
    limit = INTERVIEW.isoformat() + ".000Z"
    dues = [c["fsrs"]["due"] for c in state(page)["cards"].values()]
    assert len(dues) == DNS_QUESTIONS and max(dues) < limit, dues  # without the date: 8 days out
    # The plan: one row a day until the interview, with every card due again in it.
    rows = page.locator("[data-study-forecast] tbody tr")
    expect(rows).to_have_count(3)
    assert sum(int(rows.nth(i).locator("td").first.inner_text()) for i in range(3)) == DNS_QUESTIONS
    # When they come due, a second round, still before the interview.
    page.clock.set_system_time(datetime.fromisoformat(max(dues).replace("Z", "+00:00")) + timedelta(minutes=1))
    page.reload()
    assert grade_everything_due(page, "4") == DNS_QUESTIONS
    cards = state(page)["cards"].values()
    assert all(len([r for r in c["log"] if r["at"] < limit]) == 2 and c["fsrs"]["due"] < limit for c in cards)
    # After the interview, the normal schedule: an Easy is days away again.
    page.clock.set_system_time(datetime.fromisoformat("2026-12-05T09:00:00+00:00"))
    page.reload()
    expect(page.locator("[data-study-plan-note]")).to_contain_text("has passed")
    grade_everything_due(page, "4")
    assert min(c["fsrs"]["due"] for c in state(page)["cards"].values()) > "2026-12-08"
    context.close()


def test_new_cards_are_spread_over_the_days_before_the_interview(built_site, page):
    page.goto(built_site.url + "review/")
    page.locator("#study-new-per-day").fill("1")
    page.locator("#study-new-per-day").dispatch_event("change")
    page.locator("#study-interview-date").fill("2026-12-04")
    page.locator("#study-interview-date").dispatch_event("change")
    page.locator("[data-study-add=dns]").click()
    # 6 new cards, 3 days: introduced over the first two, the last day left for second reviews.
    expect(page.locator(".study-card__meta")).to_contain_text("3 left today")
    fresh = page.locator("[data-study-forecast] tbody tr td:nth-child(3)").all_inner_texts()
    assert fresh == ["3", "3", "0"]


def test_progress_shows_the_deck_what_is_due_and_each_topic(built_site, page):
    page.goto(built_site.url + "review/")
    page.locator("[data-study-add=dns]").click()
    grade_everything_due(page, "3")  # Good: back in minutes
    summary = page.locator("[data-study-summary]")
    expect(summary).to_contain_text(f"{DNS_QUESTIONS} cards in your deck · {DNS_QUESTIONS} due today · 0 due tomorrow")
    expect(summary).to_contain_text(f"{DNS_QUESTIONS} known")
    assert page.locator("[data-study-forecast] tbody tr").count() == 14  # no date: two weeks ahead
    row = page.locator(".study-topic-progress tr", has=page.locator("th", has_text="Cluster DNS"))
    assert row.locator("td").all_inner_texts() == [str(DNS_QUESTIONS), str(DNS_QUESTIONS), str(DNS_QUESTIONS), "0"]
    page.goto(built_site.url + "dns/")  # the topic page counts the same cards as known
    expect(page.locator("[data-study-progress]")).to_contain_text(f"{DNS_QUESTIONS} of {DNS_QUESTIONS} known on this page")


def test_the_one_line_answer_stays_in_view_after_show_answer(built_site, browser):
    context = browser.new_context(viewport={"width": 412, "height": 640})
    page = context.new_page()
    page.goto(built_site.url + "review/")
    page.locator("[data-study-add=services]").click()
    page.locator(".study-card h2").focus()
    page.keyboard.press("Space")
    first = page.locator(".study-answer > p").first
    first.wait_for()
    box = first.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1 and box["y"] + box["height"] <= 640, (box, header)
    context.close()


BUTTONS = """sel => [...document.querySelectorAll(sel)].filter(b => b.offsetParent).map(b => {
  const r = b.getBoundingClientRect(); return [b.textContent.trim(), r.left, r.top, r.width, r.height];
})"""


def gap(a, b) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    dx = max(b[1] - (a[1] + a[3]), a[1] - (b[1] + b[3]), 0)
    dy = max(b[2] - (a[2] + a[4]), a[2] - (b[2] + b[4]), 0)
    return max(dx, dy)


def test_study_buttons_are_44_px_with_room_between_on_a_touch_phone(built_site, browser):
    context = browser.new_context(viewport={"width": 412, "height": 915}, has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(built_site.url + "review/")
    page.locator("[data-study-add=dns]").wait_for()
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    buttons = page.evaluate(BUTTONS, ".study-tool button")
    page.goto(built_site.url + "dns/")
    page.locator("h3#dns-policy + details > summary").click()
    page.locator("h3#dns-policy + details .study-grades").wait_for()
    # The opened answer's grades: a closed answer's content is laid out too (offsetParent is set), so
    # other answers' buttons would be measured where they are not shown.
    buttons += page.evaluate(BUTTONS, ".study-bar button, h3#dns-policy + details .study-grades button")
    small = [b for b in buttons if b[3] < 44 or b[4] < 44]
    assert not small, small
    review = page.evaluate(BUTTONS, "h3#dns-policy + details .study-grades button")
    touching = [(a[0], b[0]) for i, a in enumerate(review) for b in review[i + 1:] if gap(a, b) < 8]
    assert not touching, touching


def test_study_buttons_on_the_review_page_do_not_touch_on_a_phone(built_site, browser):
    context = browser.new_context(viewport={"width": 412, "height": 915}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(built_site.url + "review/")
    page.locator("[data-study-add=dns]").wait_for()
    adds = page.evaluate(BUTTONS, ".study-topics button")
    touching = [(a[0], b[0], gap(a, b)) for i, a in enumerate(adds) for b in adds[i + 1:] if gap(a, b) < 8]
    assert not touching, (touching, adds[:3])
    context.close()


STYLE = "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, s.outlineStyle, s.boxShadow]; }"


def test_a_focused_button_and_a_pressed_one_look_different(built_site, page):
    page.goto(built_site.url + "dns/")
    page.locator("h3#dns-policy + details > summary").click()
    good = page.locator("h3#dns-policy + details [data-grade=Good]")
    good.wait_for()
    page.locator("h3#dns-policy + details [data-grade=Hard]").focus()
    page.keyboard.press("Tab")  # keyboard focus, as a reader moves it
    page.evaluate(FINITE_ANIMATIONS_DONE)  # Material's buttons change colour over 125 ms: read where they end
    focused = good.evaluate(STYLE)
    assert focused[2] != "none", "no focus ring"
    good.hover()
    page.mouse.down()
    page.evaluate(FINITE_ANIMATIONS_DONE)
    pressed = good.evaluate(STYLE)
    page.mouse.up()
    assert pressed[0] != focused[0] and pressed[3] != focused[3], (focused, pressed)


LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


def test_the_review_page_does_not_shift_when_the_tool_mounts(built_site, browser):
    context = browser.new_context(viewport={"width": 412, "height": 823}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(built_site.url + "review/")
    page.locator("[data-study-add=dns]").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.evaluate(LAYOUT_SHIFT) < 0.02
    context.close()


def test_the_mock_interview_clears_topics_and_keeps_the_notes(built_site, page):
    page.goto(built_site.url + "mock-interview/")
    page.locator("[data-mock-topics=none]").click()
    assert page.locator(".study-mock__setup input[type=checkbox]:checked").count() == 0
    page.get_by_role("checkbox", name="Cluster DNS", exact=True).check()
    page.locator("#mock-count").fill("2")
    page.get_by_role("button", name="Start the interview").click()
    data = json.loads((built_site.dir / "study-data.json").read_text())
    topic_of = {q["question"]: q["topic"] for q in data["questions"]}
    notes = ["CoreDNS <b>answers</b>", "ndots:5 means\nfive dots"]
    for note in notes:
        heading = page.locator(".study-mock h2")
        assert topic_of[heading.inner_text()] == "dns"
        page.locator("#mock-notes").fill(note)
        page.get_by_role("button", name="Reveal the answer").click()
        page.locator(".study-mock [data-grade=Good]").click()
    rows = page.locator(".study-summary tbody tr")
    expect(rows).to_have_count(2)
    assert [rows.nth(i).locator("td").nth(3).inner_text() for i in range(2)] == notes  # as typed, as text
    assert page.locator(".study-summary b").count() == 0
