"""The Anki decks (overrides/hooks/anki.py): opened as what they are, a zip holding an SQLite collection."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

import anki  # overrides/hooks, on sys.path from conftest
import study_data

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


@pytest.fixture(scope="module")
def data(built_site) -> dict:
    return study_data.load(built_site.dir)


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


def test_guids_come_from_question_ids_and_builds_are_byte_identical(built_site, data, tmp_path):
    import genanki

    notes = notes_of(built_site.dir / "anki" / f"{anki.GUIDE_DECK}.apkg", tmp_path)
    assert [n["guid"] for n in notes] == [genanki.guid_for(q["id"]) for q in data["questions"]]
    first, second = tmp_path / "a", tmp_path / "b"
    anki.write_decks(data, first, built_site.url, anki.DEFAULT_EPOCH)
    anki.write_decks(data, second, built_site.url, anki.DEFAULT_EPOCH)
    for deck in first.glob("*.apkg"):
        assert deck.read_bytes() == (second / deck.name).read_bytes(), f"{deck.name} differs between builds"
        assert deck.read_bytes() == (built_site.dir / "anki" / deck.name).read_bytes(), deck.name


# The checkers above must be able to fail.

def test_a_note_with_mermaid_source_or_an_empty_field_is_caught():
    broken = [
        {"fields": ["Q?", "One.", '<pre class="mermaid"><code>flowchart LR\n  a --> b</code></pre>', "https://x/"], "tags": ["topic:x"]},
        {"fields": ["Q2?", "", "<p>x</p>", "https://x/"], "tags": ["topic:x"]},
    ]
    problems = field_problems(broken)
    assert any("Mermaid" in p for p in problems) and any("empty" in p for p in problems)


def test_unstable_ids_or_clock_are_caught(built_site, data, tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    anki.write_decks(data, first, built_site.url, anki.DEFAULT_EPOCH)
    anki.write_decks(data, second, built_site.url, anki.DEFAULT_EPOCH + 1)  # another clock
    name = f"{anki.GUIDE_DECK}.apkg"
    assert (first / name).read_bytes() != (second / name).read_bytes()


def test_the_build_stops_with_a_clear_message_without_genanki(data, tmp_path, monkeypatch):
    from mkdocs.exceptions import PluginError

    monkeypatch.setattr(anki, "genanki", None)
    with pytest.raises(PluginError, match="genanki is not installed"):
        anki.write_decks(data, tmp_path, "http://x/", anki.DEFAULT_EPOCH)


def test_answer_html_is_cut_at_its_own_details_and_made_portable():
    html = ('<h3 id="q1">Q1?<a class="headerlink" href="#q1">¶</a></h3>\n<details class="answer">\n<summary>Answer</summary>\n'
            '<p>One line.</p><details class="note"><summary>n</summary><p>inner</p></details>'
            '<figure class="diagram"><pre class="mermaid"><code>flowchart LR\n  accTitle: A path\n  a --> b</code></pre>'
            '<figcaption>c</figcaption></figure><p><a href="../dns/#x">dns</a> <a href="#q2">q2</a> '
            '<a href="https://kubernetes.io/">k</a></p>\n</details>\n<h3 id="q2">Q2?</h3>\n<details class="answer"><summary>A</summary><p>Two.</p></details>')
    blocks = study_data.answer_blocks(html)
    assert set(blocks) == {"q1", "q2"} and "inner" in blocks["q1"] and "Two." not in blocks["q1"]
    portable = study_data.portable(blocks["q1"], "services/", "q1")
    assert "flowchart" not in portable and "accTitle" not in portable
    assert '<a href="services/#q1">Diagram: A path (open it on the site)</a>' in portable
    assert 'href="dns/#x"' in portable and 'href="services/#q2"' in portable and 'href="https://kubernetes.io/"' in portable
    # a deck made from an answer that kept its diagram source is caught by the field check
    assert field_problems([{"fields": ["Q1?", "One line.", blocks["q1"], "x"], "tags": ["topic:services"]}])
