"""The Anki decks (overrides/hooks/anki.py): opened as what they are, a zip holding an SQLite collection."""

from __future__ import annotations

import copy
import functools

import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

import anki  # overrides/hooks, on sys.path from conftest
from outputs import study_rows
from conftest import ROOT

FIELD_SEPARATOR = "\x1f"
MERMAID_SOURCE = re.compile(r"```mermaid|\baccTitle:|\baccDescr:|\bflowchart (?:TD|LR|TB|RL|BT)\b|class=\"mermaid\"")


def notes_of(apkg: Path, tmp_path: Path) -> list[dict]:
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki2" in archive.namelist(), f"{apkg.name}: no collection.anki2"
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = db.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        db.close()
    (tmp_path / "collection.anki2").unlink()
    assert cards == len(rows), f"{apkg.name}: {cards} cards for {len(rows)} notes"
    return [{"guid": g, "fields": f.split(FIELD_SEPARATOR), "tags": t.split()} for g, f, t in rows]


def field_problems(notes: list[dict]) -> list[str]:
    problems = []
    for note in notes:
        name = note["fields"][0][:50]
        if len(note["fields"]) != 4 or not all(field.strip() for field in note["fields"]):
            problems.append(f"{name}: an empty field")
        if any(MERMAID_SOURCE.search(field) for field in note["fields"]):
            problems.append(f"{name}: Mermaid source in a field")
        if not any(tag.startswith("topic:") for tag in note["tags"]):
            problems.append(f"{name}: no topic tag")
    return problems


def back_problems(notes: list[dict], questions: list[dict]) -> list[str]:
    """Notes whose back repeats the one-line answer shown above it, or has a link that a card, read
    off the site, cannot follow; or whose version tags are not the question's badges (the model's)."""
    from bs4 import BeautifulSoup

    problems = []
    for note, q in zip(notes, questions, strict=True):
        name, back = note["fields"][0][:50], BeautifulSoup(note["fields"][2], "html.parser")
        first = back.find(True)
        if first and " ".join(first.get_text().split()) == " ".join(q["answer"].split()):
            problems.append(f"{name}: the back repeats the one-line answer")
        relative = [link.get(key) for key in ("href", "src") for link in back.find_all(attrs={key: True})
                    if not re.match(r"(?:https?|mailto):", link.get(key))]
        if relative:
            problems.append(f"{name}: links a card cannot follow: {relative}")
        if {t for t in note["tags"] if t.startswith("version:")} != {f"version:{anki.tag(b)}" for b in q["badges"]}:
            problems.append(f"{name}: version tags {note['tags']} are not the badges {q['badges']}")
    return problems


@pytest.fixture(scope="module")
def data(built_site) -> dict:
    return study_rows.load(built_site.dir)


@pytest.fixture(scope="module")
def deck(built_site) -> dict:
    """What the built decks were made from (anki.deck_data), for the built site's URL."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(ROOT / "mkdocs.yml"), site_url=built_site.url)
    return anki.deck_data(config, get_files(config))


def test_one_deck_per_topic_and_one_for_the_guide_with_one_note_per_question(built_site, data, tmp_path):
    decks = built_site.dir / "anki"
    expected = {f"{t['id']}.apkg" for t in data["topics"]} | {f"{anki.GUIDE_DECK}.apkg"}
    assert {p.name for p in decks.glob("*.apkg")} == expected
    whole = notes_of(decks / f"{anki.GUIDE_DECK}.apkg", tmp_path)
    assert len(whole) == len(data["questions"]) > 40
    assert [n["fields"][0] for n in whole] == [q["question"] for q in data["questions"]]
    for topic in data["topics"]:
        notes = notes_of(decks / f"{topic['id']}.apkg", tmp_path)
        assert len(notes) == sum(q["topic"] == topic["id"] for q in data["questions"])
        assert all(f"topic:{topic['id']}" in n["tags"] for n in notes)
    assert field_problems(whole) == []


def test_questions_on_the_pages_are_all_in_the_deck(built_site, data):
    """Counted from the Markdown, independently of the hook's parser."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    nav_topics = [t["id"] for t in data["topics"]]
    ids = [m for topic in nav_topics
           for m in re.findall(r"^### .+\{\s*#([a-z0-9-]+)\s*\}\s*$", (docs / f"{topic}.md").read_text(), re.M)]
    assert [q["id"] for q in data["questions"]] == ids


def test_back_keeps_tables_and_code_and_links_diagrams(data, built_site, tmp_path):
    notes = {n["guid"]: n for n in notes_of(built_site.dir / "anki" / f"{anki.GUIDE_DECK}.apkg", tmp_path)}
    backs = [n["fields"][2] for n in notes.values()]
    assert any("<table" in b for b in backs) and any("<code" in b for b in backs)
    linked = [b for b in backs if "study-diagram-link" in b]
    assert linked, "no answer with a diagram link"
    assert all(re.search(r'href="https?://[^"]+#', b) for b in linked)
    with_badge = [n for n in notes.values() if any(t.startswith("version:") for t in n["tags"])]
    assert with_badge, "no note tagged with a version badge"


def test_backs_follow_the_one_line_answer_with_links_to_the_site_and_tags_from_the_badges(data, built_site, tmp_path):
    notes = notes_of(built_site.dir / "anki" / f"{anki.GUIDE_DECK}.apkg", tmp_path)
    assert sum('href="' in n["fields"][2] for n in notes) > 100
    assert back_problems(notes, data["questions"]) == []


def test_guids_come_from_question_ids_and_builds_are_byte_identical(built_site, data, deck, tmp_path):
    import genanki

    notes = notes_of(built_site.dir / "anki" / f"{anki.GUIDE_DECK}.apkg", tmp_path)
    assert [n["guid"] for n in notes] == [genanki.guid_for(q["id"]) for q in data["questions"]]
    first, second = tmp_path / "a", tmp_path / "b"
    anki.write_decks(deck, first, built_site.url, anki.DEFAULT_EPOCH)
    anki.write_decks(deck, second, built_site.url, anki.DEFAULT_EPOCH)
    for deck in first.glob("*.apkg"):
        assert deck.read_bytes() == (second / deck.name).read_bytes(), f"{deck.name} differs between builds"
        assert deck.read_bytes() == (built_site.dir / "anki" / deck.name).read_bytes(), deck.name


@functools.lru_cache(maxsize=2)  # a page's questions are asked in a row: parse it once
def parsed(page_html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(page_html, "html.parser")


def page_answer(page_html: str, page_url: str, qid: str) -> str:
    """The answer under question `qid` on its built page, links made relative to the site root."""
    from urllib.parse import urljoin

    details = copy.copy(parsed(page_html).find(id=qid).find_next_sibling("details"))  # a copy to edit
    details.summary.decompose()
    for link in details.find_all("a", href=True):
        link["href"] = urljoin(f"https://site/{page_url}", link["href"]).removeprefix("https://site/")
    return details.decode_contents().strip()


def answers_unlike_their_page(site: Path, questions: list[dict]) -> list[str]:
    """Questions whose study answer, without a diagram, reads otherwise than on its page (serialised alike)."""
    from bs4 import BeautifulSoup

    pages, unlike = {}, []
    for q in questions:
        if "study-diagram-link" in q["html"]:
            continue  # diagrams (and so walks) are links in the study data
        url = q["url"].split("#")[0]
        if url not in pages:
            pages[url] = (site / url / "index.html").read_text(encoding="utf-8")
        if str(BeautifulSoup(q["html"], "html.parser")) != page_answer(pages[url], url, q["id"]):
            unlike.append(f"{q['url']}: the study answer differs from the page's")
    return unlike


def test_each_study_answer_is_the_answer_on_its_page(built_site, data):
    """The guard on sitemodel/render.py: a new MkDocs, Python-Markdown or extension that renders a
    page otherwise than render.engine() fails here, naming the questions."""
    assert sum("study-diagram-link" not in q["html"] for q in data["questions"]) > 100
    assert answers_unlike_their_page(built_site.dir, data["questions"]) == []


# The checkers above must be able to fail.

def test_a_note_with_mermaid_source_or_an_empty_field_is_caught():
    broken = [
        {"fields": ["Q?", "One.", '<pre class="mermaid"><code>flowchart LR\n  a --> b</code></pre>', "https://x/"], "tags": ["topic:x"]},
        {"fields": ["Q2?", "", "<p>x</p>", "https://x/"], "tags": ["topic:x"]},
    ]
    problems = field_problems(broken)
    assert any("Mermaid" in p for p in problems) and any("empty" in p for p in problems)


def test_a_back_that_repeats_the_one_liner_or_links_relatively_or_misses_a_badge_is_caught(data, built_site, tmp_path):
    notes = notes_of(built_site.dir / "anki" / f"{anki.GUIDE_DECK}.apkg", tmp_path)
    q = next(q for q in data["questions"] if q["badges"] and re.search(r'href="(?!https?:)', q["html"]))
    note = notes[data["questions"].index(q)]
    # The study answer as the back: the one-liner first, links relative to the site root.
    repeated = {**note, "fields": [*note["fields"][:2], q["html"], note["fields"][3]]}
    untagged = {**note, "tags": [t for t in note["tags"] if not t.startswith("version:")]}
    problems = back_problems([repeated, untagged], [q, q])
    assert [p.split(": ")[1] for p in problems] == [
        "the back repeats the one-line answer", "links a card cannot follow",
        f"version tags {untagged['tags']} are not the badges {q['badges']}"]


def test_unstable_ids_or_clock_are_caught(built_site, deck, tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    anki.write_decks(deck, first, built_site.url, anki.DEFAULT_EPOCH)
    anki.write_decks(deck, second, built_site.url, anki.DEFAULT_EPOCH + 1)  # another clock
    name = f"{anki.GUIDE_DECK}.apkg"
    assert (first / name).read_bytes() != (second / name).read_bytes()


def test_the_build_stops_with_a_clear_message_without_genanki(data, tmp_path, monkeypatch):
    from mkdocs.exceptions import PluginError

    monkeypatch.setattr(anki, "genanki", None)
    with pytest.raises(PluginError, match="genanki is not installed"):
        anki.write_decks(data, tmp_path, "http://x/", anki.DEFAULT_EPOCH)


ANSWER_PAGE = """# Tunnels

### What is a tunnel? { #tunnel }

??? answer "Answer"

    A tunnel carries one packet inside another, as [VXLAN](dns.md#ndots) does.

    1. **Encapsulate**: the node wraps the packet.

        Then it sends it.
    2. **Decapsulate**: the other node unwraps it ([back](#tunnel)).

    ```mermaid
    flowchart LR
      accTitle: A tunnel & its ends
      accDescr: Node to node
      a --> b
    ```

    *A tunnel between two nodes.*
    { .diagram-caption }

    **Further reading:** [RFC 7348](https://datatracker.ietf.org/doc/html/rfc7348)

### What is next? { #next }

??? answer "Answer"

    Two steps.

    1. **First**: one.

        Then more.
    2. **Second**: two ([back](#tunnel)).
"""


def fixture_page(text: str):
    """(config, files, page) for a page `tunnels.md` holding `text`, with the site's configuration."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    config = load_config(str(ROOT / "mkdocs.yml"))
    tunnels, dns = (File(src, None, config.site_dir, config.use_directory_urls) for src in ("tunnels.md", "dns.md"))
    page = Page(None, tunnels, config)
    page.markdown = text
    return config, Files([tunnels, dns]), page


def fixture_page_answers(text: str, **options) -> dict[str, str]:
    """study_data's answers for a page `tunnels.md` holding `text`."""
    from sitemodel import parse_page

    config, files, page = fixture_page(text)
    return study_rows.page_answers(parse_page(text, "tunnels.md").questions, page.file, config, files, **options)


def test_answer_html_is_rendered_from_the_models_markdown_and_made_portable():
    answers = fixture_page_answers(ANSWER_PAGE)
    assert list(answers) == ["tunnel", "next"]
    html = answers["tunnel"]
    # The site's engine, glossary included; a link to another page is made relative to the site root.
    assert html.startswith('<p>A tunnel carries one packet inside another, as <a href="dns/#ndots"><abbr title="')
    # Parsed in its answer block as on the page: the second step is a list item there, though a
    # paragraph outside the block would swallow it.
    assert re.search(r"<li>\s*<p><strong>Decapsulate</strong>: the other node unwraps it "
                     r'\(<a href="tunnels/#tunnel">back</a>\)\.</p>\s*</li>', html), html
    # The diagram is a link to it on the site, without its source or its caption.
    assert '<p class="study-diagram-link"><a href="tunnels/#tunnel">Diagram: A tunnel &amp; its ends (open it on the site)</a></p>' in html
    assert "flowchart" not in html and "accTitle" not in html and "A tunnel between two nodes" not in html
    # The page's content fixes (outputs/html_fixes.py) apply too.
    assert '<a class="external-link" href="https://datatracker.ietf.org/doc/html/rfc7348">' in html
    assert field_problems([{"fields": ["Q?", "One line.", html, "x"], "tags": ["topic:tunnels"]}]) == []


def test_a_cards_back_is_rendered_from_the_body_with_links_absolute_under_the_site_url():
    backs = fixture_page_answers(ANSWER_PAGE, base="https://example.org/guide/", without_one_liner=True)
    html = backs["tunnel"]
    assert html.startswith("<ol>") and "A tunnel carries one packet" not in html  # the one-liner is a field of its own
    assert 'href="https://example.org/guide/tunnels/#tunnel">back</a>' in html
    assert 'href="https://example.org/guide/tunnels/#tunnel">Diagram: A tunnel &amp; its ends' in html
    assert 'href="https://datatracker.ietf.org/doc/html/rfc7348"' in html
    assert backs["next"].startswith("<ol>") and 'href="https://example.org/guide/tunnels/#tunnel"' in backs["next"]


def test_an_answer_reads_as_mkdocs_renders_its_page_and_not_as_rendered_on_its_own():
    # MkDocs renders the fixture page itself; its answer "next" has a list item right after a
    # paragraph: an item inside the answer block, part of the paragraph when rendered on its own.
    from bs4 import BeautifulSoup

    from outputs.html_fixes import CONTENT_FIXES, run
    from sitemodel import parse_page
    from sitemodel.render import engine

    config, files, page = fixture_page(ANSWER_PAGE)
    page.render(config, files)
    on_page = page_answer(run(CONTENT_FIXES, page.content, "tunnels.md"), "tunnels/", "next")
    assert str(BeautifulSoup(fixture_page_answers(ANSWER_PAGE)["next"], "html.parser")) == on_page
    (_, question) = parse_page(ANSWER_PAGE, "tunnels.md").questions
    alone = engine(config, page.file, files).convert(question.answer)
    assert "<li>\n<p><strong>Second</strong>" in on_page and "<li>\n<p><strong>Second</strong>" not in alone


def test_a_study_answer_unlike_its_page_is_caught(built_site, data):
    q = next(q for q in data["questions"] if "study-diagram-link" not in q["html"] and 'href="' in q["html"])
    page_relative = {**q, "html": q["html"].replace('href="', 'href="../', 1)}  # a link not made portable
    assert answers_unlike_their_page(built_site.dir, [page_relative]) == [f"{q['url']}: the study answer differs from the page's"]


def test_the_build_stops_when_the_model_and_the_engine_disagree(monkeypatch):
    monkeypatch.setattr(study_rows, "diagrams", lambda answer: [])  # the model misses the diagram
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=r"tunnels\.md: .* the site model's Q&A format and the engine disagree"):
        fixture_page_answers(ANSWER_PAGE)
