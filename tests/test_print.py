"""Printing: cheat-sheet, whole-guide and questions PDFs made in headless Chromium, and printing a
topic page from the browser with JavaScript on and off."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import pypdfium2 as pdfium

from conftest import DOCS
from make_pdfs import print_pdfs, topic_slugs

TOPICS = topic_slugs()  # from the navigation
from sitekit.browser import FIRST_DIAGRAM_WAITING
from sitemodel import questions

A4 = (595, 842)  # points
MERMAID_SOURCE = re.compile(r"flowchart (?:TD|LR)|sequenceDiagram|accTitle|accDescr|-->|\bclick \w+ \"")


def squash(text: str) -> str:
    """Compare text whatever line breaks, hyphenation and spacing the PDF put in. PDFium reports a
    hyphen that ends a line as U+FFFE, whether the text had one or the browser hyphenated, so
    hyphens are left out on both sides."""
    return re.sub(r"[\s\u00ad\ufffe\x02-]+", "", text).lower()


def plain(markdown: str) -> str:
    text = re.sub(r"</?span[^>]*>", "", markdown)            # badge spans keep their text
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)   # links keep their text
    return text.replace("`", "").replace("**", "")


def one_liners(topic: str) -> list[str]:
    return [plain(q.one_liner) for q in questions((DOCS / f"{topic}.md").read_text(encoding="utf-8"))]


@functools.cache  # several tests read the same PDF
def pdf_text(path: Path) -> str:
    # PDFium (Chromium's own PDF library): about a second for the whole guide, where pypdf took 15.
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.fixture(scope="session")
def pdfs(built_site, browser, tmp_path_factory) -> dict[str, Path]:
    return print_pdfs(browser, built_site.url, tmp_path_factory.mktemp("pdf"))


@pytest.mark.parametrize("topic", TOPICS + ["summary"])
def test_each_cheat_sheet_fits_one_sheet_of_a4(pdfs, topic):
    document = pdfium.PdfDocument(pdfs[f"cheat-sheet-{topic}"])
    pages, size = len(document), document[0].get_size()
    document.close()
    # A topic's sheet is one sheet of paper, both sides. The summary also lists every version fact of
    # the guide, one a line with the fact it dates (issue 23), which grows with the content: with 227
    # questions that takes a second sheet.
    limit = 4 if topic == "summary" else 2
    assert pages <= limit, f"cheat sheet {topic} prints on {pages} pages (at most {limit})"
    assert tuple(round(side) for side in size) == A4


@pytest.mark.parametrize("topic", TOPICS)
def test_a_cheat_sheet_holds_every_one_line_answer_of_its_topic(pdfs, topic):
    text = squash(pdf_text(pdfs[f"cheat-sheet-{topic}"]))
    missing = [s for s in one_liners(topic) if squash(s) not in text]
    assert not missing, f"{topic}: one-line answers missing from the PDF: {missing[:3]}"


def test_the_summary_sheet_draws_the_topic_map(pdfs):
    text = squash(pdf_text(pdfs["cheat-sheet-summary"]))
    for label in ("Into the cluster", "Out of and across the cluster", "When it breaks"):
        assert squash(label) in text, f"diagram label {label!r} not drawn in the summary PDF"


def test_the_whole_guide_has_every_answer_and_drawn_diagrams(pdfs):
    text = squash(pdf_text(pdfs["guide"]))
    missing = [s for topic in TOPICS for s in one_liners(topic) if squash(s) not in text]
    assert not missing, f"answers missing from the whole guide: {missing[:3]}"
    deep = ["Pods must carry these labels", "ipvsadm -Ln", "KUBE-SERVICES chain", "Bridge or per-Pod route"]
    assert all(squash(d) in text for d in deep), [d for d in deep if squash(d) not in text]
    # every scenario of a scenario switch is printed, with each hop's caption
    assert squash("numgen") in text and squash("kube-ipvs0 dummy interface") in text


def test_the_questions_page_lists_every_question_without_answers(pdfs):
    text = squash(pdf_text(pdfs["questions"]))
    for topic in TOPICS:
        for q in questions((DOCS / f"{topic}.md").read_text(encoding="utf-8")):
            assert squash(plain(q.text)) in text
    assert squash(one_liners("dns")[0]) not in text


def test_no_pdf_contains_raw_mermaid_source(pdfs):
    leaks = {name: MERMAID_SOURCE.findall(pdf_text(path)) for name, path in pdfs.items()}
    assert not any(leaks.values()), {k: v[:3] for k, v in leaks.items() if v}


@pytest.mark.parametrize("javascript", [True, False])
def test_printing_a_topic_page_includes_its_collapsed_answers(built_site, browser, tmp_path, javascript):
    context = browser.new_context(java_script_enabled=javascript, color_scheme="dark")
    page = context.new_page()
    page.goto(built_site.url + "services/")
    if javascript:  # the print shortcut draws every diagram, then opens the print dialog
        page.evaluate("() => { window.print = () => { window.printCalled = true } }")
        page.keyboard.press("Control+p")
        page.wait_for_function("window.printCalled === true")
        assert page.locator("pre.mermaid").count() == 0, "the print dialog opened before every diagram was drawn"
    target = tmp_path / "services.pdf"
    page.pdf(path=str(target), format="A4")
    context.close()
    text = squash(pdf_text(target))
    missing = [s for s in one_liners("services") if squash(s) not in text]
    assert not missing, f"JavaScript {'on' if javascript else 'off'}: answers missing: {missing[:2]}"
    assert squash("Hide all answers") not in text, "study controls were printed"


def test_a_diagram_not_drawn_in_time_prints_a_note_instead_of_its_source(built_site, browser, tmp_path):
    # Printing from the browser's menu cannot wait for drawing: what is not drawn yet prints a note.
    context = browser.new_context()
    page = context.new_page()
    page.goto(built_site.url + "dns/")
    page.wait_for_function(FIRST_DIAGRAM_WAITING)
    page.emulate_media(media="print")
    note = page.evaluate("getComputedStyle(document.querySelector('pre.mermaid'), '::before').content")
    context.close()
    assert "print again" in note, note


def test_print_switches_to_the_light_scheme_and_back(built_site, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(built_site.url + "dns/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    context.close()


def test_external_links_print_their_address(built_site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(built_site.url + "dns/")
    page.emulate_media(media="print")
    after = page.evaluate("""() => {
      const link = document.querySelector('a.external-link');
      const internal = document.querySelector('.md-content a[href*="/services/"]');
      return [getComputedStyle(link, '::after').content, getComputedStyle(internal, '::after').content];
    }""")
    assert after[0].startswith('" (') and after[1] in ("none", "normal", '""'), after
    context.close()
