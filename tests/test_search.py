"""Search as a reader uses it (issue 22), in real Chromium: every question found by its own words,
pasted code found, the result opening its answer only, the keyboard, axe, instant navigation, and
nothing of search fetched before the reader opens it. How well it answers other phrasings is
measured, not asserted: scripts/search_eval.py (make bench)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.exceptions import PluginError

from conftest import ROOT, audit_context, axe_violations, let_material_settle, search_site
from search_eval import RANKED, WATCH_RESULTS, ask, ask_all, load_queries
from sitekit.browser import PageReport, wait_for_instant_navigation, watch
from search import ASKED_AS, asked_as
from sitemodel import site_topics, tag_further_reading

KIB = 1024
QUESTIONS = [(topic.src.removesuffix(".md"), question.id, question.text)
             for topic in site_topics(ROOT / "mkdocs.yml") for question in topic.page.questions]
# The worker and the index files it fetches once search opens (overrides/hooks/search.py).
SEARCH_FILES = re.compile(r"/search/[0-9a-f]{8}/[a-z0-9]+\.json$|/search-worker\.[0-9a-f]{8}\.min\.js$|/workers/search\.")
# A query fetches the files of its words and the text of its (at most 30) results: about 20 KiB
# gzip for "headless" when this was written, whatever the size of the site.
BUDGET_QUERY = 64 * KIB
STOP_WORDS = {"what", "is", "a", "the", "how", "does", "do", "of", "and", "to", "in"}


@pytest.fixture()
def page(built_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_RESULTS)
    page = context.new_page()
    page.report = PageReport(built_site.url)
    watch(page, page.report)
    yield page
    assert page.report.problems() == [], page.report.problems()
    context.close()


def test_every_expected_answer_of_the_evaluation_is_a_question_on_the_site():
    """A renamed or removed question leaves no stale answer in tests/search/queries/ (scripts/search_eval.py)."""
    known = {f"{topic}#{question}" for topic, question, _ in QUESTIONS}
    stale = [f"{name}.tsv: {query!r} expects {answer}" for name, rows in load_queries().items()
             for query, answers in rows for answer in answers if answer not in known]
    assert stale == [], "\n".join(stale)


def test_every_question_is_found_in_the_first_three_by_its_own_heading(built_site, page):
    page.goto(built_site.url)
    page.keyboard.press("/")
    answers = ask_all(page, [text for _, _, text in QUESTIONS])
    missed = [f"{text!r} -> {found[:3]}" for (topic, question, text), found in zip(QUESTIONS, answers)
              if f"{topic}#{question}" not in found[:3]]
    assert missed == [], "\n".join(missed)


# Other ways of asking (includes/search-asked-as.yml): the first of every 20th question, across pages.
OTHER_WAYS = [(phrasings[0], key) for key, phrasings in list(yaml.safe_load(ASKED_AS.read_text(encoding="utf-8")).items())[::20]]


def test_a_question_asked_another_way_is_found_in_the_first_three(built_site, page):
    page.goto(built_site.url)  # one page for every query, as a reader searches again and again
    page.keyboard.press("/")
    answers = ask_all(page, [query for query, _ in OTHER_WAYS])
    missed = [f"{query!r} -> {found[:3]}, not {answer}" for (query, answer), found in zip(OTHER_WAYS, answers)
              if answer not in found[:3]]
    assert missed == [], "\n".join(missed)


def test_a_phrasing_for_a_question_that_does_not_exist_fails_the_build_with_its_line(tmp_path):
    phrasings = tmp_path / "search-asked-as.yml"
    phrasings.write_text("# comment\nservices#headless-service:\n  - service without a cluster ip\n"
                         "services#no-such-question:\n  - anything\n", encoding="utf-8")
    questions = {f"{topic}#{question}" for topic, question, _ in QUESTIONS}
    with pytest.raises(PluginError, match=r"search-asked-as\.yml:4: services#no-such-question is not a question"):
        asked_as(questions, phrasings)
    phrasings.write_text("services#headless-service: service without a cluster ip\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"search-asked-as\.yml:1: services#headless-service needs a list"):
        asked_as(questions, phrasings)
    assert set(asked_as(questions)) <= questions  # the real file names real questions only


# Pasted commands, fields and error messages, each with the answers that show them.
PASTED = [
    ("kubectl expose", {"services#what-is-a-service", "exposing-services#ingress-vs-loadbalancer-vs-nodeport",
                        "kubectl-networking-tasks#task-expose-deployment-nodeport"}),
    ("backendRefs", {"gateway-api#gwapi-traffic-splitting", "gateway-api#gwapi-route-attachment",
                     "gateway-api#gwapi-reference-grant", "debugging-playbook#ingress-gateway-404-vs-503"}),
    ("externalTrafficPolicy: Local", {"exposing-services#external-traffic-policy"}),
    ("nslookup", {"troubleshooting#debug-dns", "troubleshooting#debug-unreachable-service", "services#service-discovery"}),
    ("no endpoints available", {"endpoints-and-rollouts#no-ready-endpoints", "troubleshooting#debug-unreachable-service"}),
    ("clusterIP: None", {"services#headless-service"}),
    ("iptables-save | grep KUBE-SVC", {"kube-proxy-modes#backend-selection", "services#clusterip-packet-path",
                                       "troubleshooting#debug-unreachable-service"}),
]


def test_pasted_commands_fields_and_errors_find_their_answer(built_site, page):
    page.goto(built_site.url)
    page.keyboard.press("/")
    found_each = ask_all(page, [query for query, _ in PASTED])
    missed = [f"{query!r} -> {found[:3]}" for (query, answers), found in zip(PASTED, found_each)
              if not answers & set(found[:3])]
    assert missed == [], "\n".join(missed)


def test_nothing_of_search_is_fetched_until_the_reader_opens_it(built_site, page):
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(built_site.url + "services/")
    page.wait_for_load_state("networkidle")
    on_load = [r.url for r in requests if SEARCH_FILES.search(r.url)]
    assert on_load == [], on_load
    config = [r for r in requests if r.url.endswith("/search/search_index.json")]
    assert all(r.sizes()["responseBodySize"] < KIB for r in config), "search_index.json should hold the configuration only"
    seen = len(requests)
    search_site(page, "headless")
    page.wait_for_load_state("networkidle")
    index = [r for r in requests[seen:] if SEARCH_FILES.search(r.url) and r.url.endswith(".json")]
    assert index, [r.url for r in requests[seen:]]
    # A query fetches the index's files for its words and the text of its results, not the index.
    fetched = sum(r.sizes()["responseBodySize"] for r in index)
    folder = {Path(urlsplit(r.url).path).parent.name for r in index}
    assert len(folder) == 1, folder
    whole = sum(len(gzip.compress(p.read_bytes())) for p in (built_site.dir / "search" / folder.pop()).iterdir())
    assert fetched <= BUDGET_QUERY, f"one query fetched {fetched / KIB:.0f} KiB gzip of search files"
    assert fetched < whole / 4, f"one query fetched {fetched / KIB:.0f} of the index's {whole / KIB:.0f} KiB"


def test_a_query_whose_index_files_fail_to_load_finds_nothing_and_the_next_query_works(built_site, browser):
    # The connection drops while a query fetches the index's files: no results and no stuck search;
    # once it is back, the next query fetches them again and answers.
    context = browser.new_context()
    context.add_init_script(WATCH_RESULTS)
    page = context.new_page()
    connected = False
    page.route(re.compile(r"/search/[0-9a-f]{8}/[a-z0-9]+\.json$"),
               lambda route: route.continue_() if connected else route.abort())
    try:
        page.goto(built_site.url)
        page.keyboard.press("/")
        assert ask(page, "headless") == []
        connected = True
        found = ask(page, "headless service")
        assert "services#headless-service" in found[:3], found[:3]
    finally:
        context.close()


def test_a_result_opens_its_own_answer_only_and_marks_only_meaningful_words(built_site, page):
    page.goto(built_site.url)
    search_site(page, "what is a headless service")
    first = page.locator(".md-search-result__link[href*='#']").first
    href = first.get_attribute("href")
    assert href.endswith("services/?h=headless+service#headless-service") or "#headless-service" in href, href
    highlighted = re.search(r"\?h=([^#]*)", href)[1].split("+")
    assert not set(highlighted) & STOP_WORDS and all(len(word) > 1 for word in highlighted), highlighted
    first.click()
    page.wait_for_url(re.compile(r".*/services/\?h=.*#headless-service$"))
    page.wait_for_function("document.querySelector('h3#headless-service + details')?.open")
    page.locator("h3#headless-service + details mark[data-md-highlight]").first.wait_for()
    opened = page.evaluate("[...document.querySelectorAll('article details')].filter(d => d.open).map(d => d.previousElementSibling?.id)")
    assert opened == ["headless-service"]
    marks = page.evaluate("[...document.querySelectorAll('mark[data-md-highlight]')].map(m => m.textContent.toLowerCase())")
    assert not {m.strip() for m in marks} & STOP_WORDS and all(len(m.strip()) > 1 for m in marks), marks
    assert page.locator("h3#headless-service").evaluate("h => h.getBoundingClientRect().top >= 0 && h.getBoundingClientRect().top < innerHeight")


def wait_until_results_stop_changing(page, typed: str):
    """Typed key by key, each key is a query and the list is redrawn as each answer arrives. A reader
    acts on the list once it shows what they typed and stops changing, and so does a test: a redraw
    would take the focus away. The list shows the whole query once its first link highlights every
    word typed (its ?h=); on a busy machine an earlier key's answer can come 400 ms before it."""
    page.wait_for_function("""words => {
      const link = document.querySelector(".md-search-result__link");
      const marked = link ? (new URL(link.href).searchParams.get("h") || "").split(" ") : [];
      return words.every(word => marked.includes(word));
    }""", arg=typed.lower().split(), polling=50)
    page.wait_for_function("() => window.__lastResults && performance.now() - window.__lastResults > 400", polling=100)


def test_keyboard_only_search(built_site, page):
    page.goto(built_site.url + "glossary/")
    let_material_settle(page)
    page.keyboard.press("/")
    page.keyboard.type("sticky sessions")
    wait_until_results_stop_changing(page, "sticky sessions")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the first question, after its page
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and "session-affinity/" in focused and "#" in focused, focused
    page.keyboard.press("Enter")
    question = focused.split("#")[1]
    page.wait_for_url(re.compile(f".*/session-affinity/.*#{question}$"))
    page.wait_for_function("id => document.querySelector(`h3#${id} + details`)?.open", arg=question)
    # Enter in the box opens the best answer straight away.
    let_material_settle(page)
    page.keyboard.press("s")
    page.locator("input.md-search__input").wait_for(state="visible")
    page.keyboard.type("externalTrafficPolicy Local")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_function("() => document.querySelector('.md-search-result__link[href*=\"external-traffic-policy\"]')")
    wait_until_results_stop_changing(page, "externalTrafficPolicy Local")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/exposing-services/.*#external-traffic-policy$"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_are_axe_clean(built_site, browser, scheme):
    context = audit_context(browser, scheme)
    page = context.new_page()
    page.goto(built_site.url + "dns/")
    search_site(page, "ndots")
    page.evaluate("document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    assert axe_violations(page, skip=[".md-container"]) == []  # the page under the results is audited elsewhere
    context.close()


def test_search_after_instant_navigation_and_a_shared_query(built_site, page):
    page.goto(built_site.url)
    wait_for_instant_navigation(page)
    page.evaluate("window.__noReload = true")
    page.locator("a.md-footer__link--next").click()
    # Material's anchor tracking may still write the home page's last heading (#how-to-study) as
    # the new page's fragment, 250 ms after the click scrolled the footer into view.
    page.wait_for_url(re.compile(r".*/pod-networking/(#.*)?$"))
    page.wait_for_selector("h3#pod-to-pod")
    search_site(page, "core dns forward")
    assert "dns#coredns-forwarding" in page.evaluate(RANKED)[:3]
    page.locator(".md-search-result__link[href*='dns/?h='][href$='#coredns-forwarding']").first.click()
    page.wait_for_url(re.compile(r".*/dns/\?h=.*#coredns-forwarding$"))
    page.wait_for_function("document.querySelector('h3#coredns-forwarding + details')?.open")
    assert page.evaluate("window.__noReload"), "the result reloaded the page"
    # A shared query (?q=) opens search with its results.
    page.goto(built_site.url + "?q=headless+service")
    page.locator(".md-search-result__link[href*='#headless-service']").first.wait_for()


def test_the_chosen_answer_opens_when_the_page_being_left_rewrites_the_address(built_site, page):
    """A reader picks a result, and scrolls while its page is slow to come: Material's anchor tracking
    on the page being left writes that page's heading into the new address. The result's answer is
    still the one opened, and its #fragment is the one in the address."""
    page.goto(built_site.url + "pod-networking/")
    wait_for_instant_navigation(page)
    held = []
    page.route(re.compile(r".*/dns/(\?.*)?$"), lambda route: held.append(route))  # the result's page waits until released
    search_site(page, "core dns forward")
    page.locator(".md-search-result__link[href*='dns/?h='][href$='#coredns-forwarding']").first.click()
    page.wait_for_function("location.hash === '#coredns-forwarding'")
    for _ in range(500):  # the page's request reaches the route (Python) soon after; 10 s at most
        if held:
            break
        page.wait_for_timeout(20)
    assert held, "the result's page was never requested"
    page.mouse.wheel(0, 3000)  # the page being left is still on screen
    page.wait_for_function("location.hash && location.hash !== '#coredns-forwarding'")
    held[0].continue_()
    page.wait_for_function("document.querySelector('h3#coredns-forwarding + details')?.open")
    assert urlsplit(page.url).fragment == "coredns-forwarding"
    assert page.evaluate("[...document.querySelectorAll('.md-content details[open]')].length") == 1


def test_further_reading_stays_out_of_the_search_index(built_site):
    """An answer's list of upstream links is not indexed (sitemodel.tag_further_reading): its link
    titles would rank pages for words the answer itself does not explain."""
    (meta,) = (built_site.dir / "search").glob("*/meta.json")  # the index (overrides/hooks/search.py)
    text = "".join(p.read_text(encoding="utf-8") for p in meta.parent.glob("d*.json"))  # what it indexed
    page = (built_site.dir / "bgp-and-load-balancers" / "index.html").read_text(encoding="utf-8")
    assert "MetalLB concepts" in page and "MetalLB concepts" not in text
    assert "Further reading" not in text


def test_a_further_reading_paragraph_is_tagged_where_it_ends():
    text = ("    Answer.\n\n    **Further reading:**\n    [A](https://a.example/) ·\n    [B](https://b.example/)\n\n"
            "```text\n**Further reading:** in a code block\n```\n")
    assert tag_further_reading(text).split("\n")[2:7] == [
        "    **Further reading:**", "    [A](https://a.example/) ·", "    [B](https://b.example/)",
        "    { data-search-exclude }", ""]
    assert "in a code block\n```" in tag_further_reading(text) and tag_further_reading(text).count("data-search-exclude") == 1
