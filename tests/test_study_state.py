"""Study progress is never lost or counted twice, whatever the reader does, in real Chromium: the old
marks are only read, every past state format still loads, two tabs, storage that fills up, a clock
that moves back, another time zone, and hostile import files.

Past formats are fixture files (tests/fixtures/study-state/). Time is Playwright's fake clock.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sitekit.browser import PageReport, watch
from test_study_tools import OLD_KEY, STATE_KEY, T0, page, rate_on_topic_page, reviews, shown_question, state  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures" / "study-state"


def seeded(key: str, value: str) -> str:
    """An init script storing value under key before the page's scripts run (first load only)."""
    return f"localStorage.getItem({json.dumps(key)}) || localStorage.setItem({json.dumps(key)}, {json.dumps(value)})"


def test_the_old_marks_are_read_once_and_never_written(built_site, page):
    old = (FIXTURES / "v1-marks.json").read_text()
    page.add_init_script(seeded(OLD_KEY, old))
    page.goto(built_site.url + "dns/")
    answer = page.locator("h3#coredns-forwarding + details")
    answer.locator("summary").click()
    answer.locator(".study-grades").wait_for()
    for button in answer.get_by_role("button").all():  # every marking control the answer offers
        button.click()
    page.goto(built_site.url + "review/")
    shown_question(page)
    assert page.evaluate(f"localStorage.getItem('{OLD_KEY}')") == old
    marks = reviews(page)
    assert {k: marks[k] for k in ("dns-policy", "resolv-conf-ndots", "dns-records", "a-question-removed-since")} == {
        "dns-policy": [3], "resolv-conf-ndots": [1], "dns-records": [3], "a-question-removed-since": [3]}
    assert "services-headless" not in marks  # an unknown mark is skipped
    page.reload()  # migrated once only
    shown_question(page)
    assert reviews(page)["dns-policy"] == [3]
    assert page.evaluate(f"localStorage.getItem('{OLD_KEY}')") == old


def test_the_shipped_v2_state_loads_and_keeps_every_card(built_site, page):
    stored = (FIXTURES / "v2-local-storage.json").read_text()
    page.add_init_script(seeded(STATE_KEY, stored))
    page.goto(built_site.url + "dns/")
    progress = page.locator("[data-study-progress]").filter(has_text="known")
    expect(progress).to_contain_text("2 of 6 known on this page")  # Good and Easy, not Again
    page.goto(built_site.url + "review/")
    assert shown_question(page) == "resolv-conf-ndots"  # overdue since 20 November, the earliest
    expect(page.locator("[data-study-summary]")).to_contain_text("13 cards in your deck · 3 due today")
    page.keyboard.press("Space")
    page.locator(".study-answer").wait_for()
    page.keyboard.press("3")
    page.wait_for_function("document.querySelector('.study-card h2')?.dataset.studyQuestion !== 'resolv-conf-ndots'")
    before = json.loads(stored)["cards"]
    after = state(page)["cards"]
    assert set(after) == set(before)
    assert after["resolv-conf-ndots"]["log"][:1] == before["resolv-conf-ndots"]["log"]
    assert len(after["resolv-conf-ndots"]["log"]) == 2


def test_the_shipped_v2_export_imports(built_site, page):
    page.goto(built_site.url + "review/")
    page.set_input_files("#study-import-file", FIXTURES / "v2-export.json")
    expect(page.locator(".study-import-message")).to_contain_text("adds 13 cards")
    page.click("[data-study-apply]")
    assert state(page)["cards"] == json.loads((FIXTURES / "v2-export.json").read_text())["cards"]


def test_two_tabs_lose_no_review_and_each_shows_the_others(built_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(seeded(STATE_KEY, (FIXTURES / "v2-local-storage.json").read_text()))
    tabs = [context.new_page(), context.new_page()]
    report = PageReport(built_site.url)
    for tab in tabs:
        watch(tab, report)
        tab.clock.install(time=T0)
        tab.goto(built_site.url + "review/")
        assert shown_question(tab) == "resolv-conf-ndots"
    one, two = tabs
    one.keyboard.press("Space")
    one.locator(".study-answer").wait_for()
    one.keyboard.press("4")
    # The other tab moves on from the card just reviewed, without a reload.
    two.bring_to_front()
    two.wait_for_function("document.querySelector('.study-card h2')?.dataset.studyQuestion === 'dns-policy'")
    two.keyboard.press("Space")
    two.locator(".study-answer").wait_for()
    two.keyboard.press("3")
    two.wait_for_function("document.querySelector('.study-card h2')?.dataset.studyQuestion !== 'dns-policy'")
    one.bring_to_front()
    expect(one.locator("[data-study-summary]")).to_contain_text("13 cards in your deck · 1 due today")
    cards = state(one)["cards"]
    assert [r["rating"] for r in cards["resolv-conf-ndots"]["log"]] == [1, 4]
    assert [r["rating"] for r in cards["dns-policy"]["log"]] == [3, 3]
    assert report.problems() == [], report.problems()
    context.close()


def test_storage_full_mid_session_keeps_the_visit_and_what_was_stored(built_site, page):
    page.goto(built_site.url + "dns/")
    rate_on_topic_page(page, "dns-policy", "3")
    stored = page.evaluate(f"localStorage.getItem('{STATE_KEY}')")
    page.evaluate("""() => {
      window.realSetItem = Storage.prototype.setItem;
      Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    }""")
    rate_on_topic_page(page, "dns-records", "4")
    expect(page.locator(".study-bar .study-storage")).to_contain_text("kept for this visit only")
    expect(page.locator("[data-study-progress]")).to_contain_text("2 of 6 known")
    assert page.evaluate(f"localStorage.getItem('{STATE_KEY}')") == stored  # untouched
    page.evaluate("() => { Storage.prototype.setItem = window.realSetItem; }")  # room again (the reader cleared some)
    rate_on_topic_page(page, "resolv-conf-ndots", "1")
    expect(page.locator(".study-bar .study-storage")).to_have_count(0)
    assert reviews(page) == {"dns-policy": [3], "dns-records": [4], "resolv-conf-ndots": [1]}


def test_a_clock_set_back_loses_no_review(built_site, page):
    page.goto(built_site.url + "dns/")
    rate_on_topic_page(page, "dns-policy", "3")
    page.clock.set_system_time(T0 - timedelta(days=1))
    page.keyboard.press("1")  # the same answer, a day "earlier"
    page.locator("h3#dns-policy + details .study-grade-result").filter(has_text="Rated Again").wait_for()
    cards = state(page)["cards"]
    assert [r["rating"] for r in cards["dns-policy"]["log"]] == [3, 1]
    assert cards["dns-policy"]["log"][1]["at"] >= cards["dns-policy"]["log"][0]["at"]


def test_new_cards_a_day_follow_the_readers_own_day(built_site, browser):
    # 09:00 UTC is 22:00 in Auckland: three hours later a new day has begun there, not in UTC.
    context = browser.new_context(timezone_id="Pacific/Auckland")
    page = context.new_page()
    page.clock.install(time=T0)
    page.goto(built_site.url + "review/")
    limit = page.locator("#study-new-per-day")
    limit.fill("2")
    limit.dispatch_event("change")
    page.locator("[data-study-add=dns]").click()
    for _ in range(2):
        page.locator(".study-card h2").focus()
        page.keyboard.press("Space")
        page.locator(".study-answer").wait_for()
        page.keyboard.press("4")
        page.locator(".study-card h2").wait_for()
    expect(page.locator("[data-study-next]")).to_contain_text("next card is due")
    page.clock.set_system_time(T0 + timedelta(hours=3))
    page.reload()
    expect(page.locator(".study-card__meta")).to_contain_text("2 left today · new card")
    context.close()


def card(card_id: str, text: str | None = None) -> dict:
    """A card as the tools write it; with text, every string field but the id carries it."""
    value = {"id": card_id, "url": "dns/#" + card_id, "topic": "dns", "added": "2026-11-20T09:00:00.000Z",
             "reviewed": "2026-11-20T09:00:00.000Z", "log": [{"at": "2026-11-20T09:00:00.000Z", "rating": 3}],
             "fsrs": {"due": "2026-11-20T09:10:00.000Z", "stability": 2.3, "difficulty": 2.1, "elapsed_days": 0,
                      "scheduled_days": 0, "reps": 1, "lapses": 0, "learning_steps": 1, "state": 1,
                      "last_review": "2026-11-20T09:00:00.000Z"}}
    if text:
        value.update(url=text, topic=text, added=text, reviewed=text)
        value["log"][0]["at"] = value["fsrs"]["due"] = value["fsrs"]["last_review"] = text
    return value


MARKUP = '<img src=x onerror="window.__ran = 1"><script>window.__ran = 1</script>'
FILE = {"format": "k8s-networking-study", "version": 2}


HOSTILE = {
    "very large": (lambda: json.dumps({**FILE, "cards": {}, "padding": "x" * (3 * 1024 * 1024)}), "too large"),
    "__proto__ key": (lambda: json.dumps({**FILE, "cards": {"__proto__": card("__proto__")}}), "not in the expected shape"),
    "constructor key": (lambda: json.dumps({**FILE, "cards": {"constructor": card("constructor")}}), "not in the expected shape"),
    "markup in every string": (lambda: json.dumps({"format": "k8s-networking-study", "version": MARKUP,
                                                   "cards": {MARKUP: card(MARKUP, MARKUP), "dns-policy": card("dns-policy", MARKUP)},
                                                   "settings": {"interviewDate": MARKUP}}), "no version this page can read"),
    "markup in card fields": (lambda: json.dumps({**FILE, "cards": {"dns-policy": card("dns-policy", MARKUP)}}), "not in the expected shape"),
}
# Deep enough that copying it recursively (JSON.stringify, structuredClone) overflows the stack.
HOSTILE["deeply nested"] = (lambda: "".join(['{"format": "k8s-networking-study", "version": 2, "cards": {"dns-policy": ',
                                             json.dumps({k: v for k, v in card("dns-policy").items() if k != "log"})[:-1],
                                             ', "log": ', "[" * 200_000, "]" * 200_000, "}}}"]),
                            "not in the expected shape")


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_import_file_is_refused_as_text_and_changes_nothing(built_site, page, tmp_path, name):
    page.goto(built_site.url + "dns/")
    rate_on_topic_page(page, "dns-policy", "3")
    page.goto(built_site.url + "review/")
    page.locator("[data-study-export]").wait_for()
    before = page.evaluate(f"localStorage.getItem('{STATE_KEY}')")
    make, reason = HOSTILE[name]
    path = tmp_path / "hostile.json"
    path.write_text(make())
    page.set_input_files("#study-import-file", path)
    error = page.locator(".study-import-message .study-error")
    expect(error).to_contain_text(reason)
    expect(error).to_contain_text("Nothing was changed")
    assert page.locator(".study-import-message :is(img, script)").count() == 0  # shown as text, never run
    assert page.evaluate("window.__ran") is None and page.evaluate("({}).id") is None
    assert page.locator("[data-study-apply]").count() == 0
    assert page.evaluate(f"localStorage.getItem('{STATE_KEY}')") == before
