"""The site model (overrides/hooks/sitemodel): what it reads from a page, with lines, and that a
topic page added to the navigation gets its cheat sheet, PDF and study data without any list."""

from __future__ import annotations

import json
import re

from conftest import DOCS, ROOT, make_fixture_site
from make_pdfs import targets
from sitekit.build import build_site
from conftest import url_path
from sitemodel import QUESTION_CLASS, answer_block, build_topics, mark_questions, nav_pages, parse_page, read_config, site_topics

PAGE = '''---
description: A fixture topic page about tunnels, with one question and key commands.
key_tables: [tunnel-table]
---

# Tunnels

## Basics

### What is a tunnel? { #tunnel-table }

??? answer "Answer"

    A tunnel carries one packet inside another <span class="badge">GA v1.30</span>.

    | Outer | Inner |
    |---|---|
    | node | Pod |

    ```shell
    ip -d link show
    ```

    ```mermaid
    flowchart LR
      accTitle: A tunnel
      accDescr: Node to node
      a --> b
    ```

    *A tunnel between two nodes.*
    { .diagram-caption }

## Key commands

| Command | What it tells you |
|---|---|
| `ip -d link show` | The tunnel devices and their type |
| `ip route` | Which routes lead into the tunnel |
| `kubectl get nodes -o wide` | Node addresses, the tunnel's outer endpoints |
| `tcpdump -ni eth0 udp port 4789` | VXLAN packets on the wire |
'''

NAV = """  - Home: index.md
  - Foundations:
      - Tunnels: tunnels.md
  - Glossary: glossary.md
  - Print:
      - Cheat sheets by topic: []
"""


def test_the_model_reads_questions_key_commands_and_diagrams_with_lines():
    page = parse_page(PAGE, "tunnels.md")
    assert page.title == "Tunnels" and page.meta["key_tables"] == ["tunnel-table"]
    (q,) = page.questions
    assert (q.where, q.id, q.text, q.has_answer) == ("tunnels.md:10", "tunnel-table", "What is a tunnel?", True)
    assert q.one_liner.startswith("A tunnel carries one packet") and q.one_liner.endswith("v1.30</span>.")
    assert q.badges == ['<span class="badge">GA v1.30</span>']
    assert q.tables == [["| Outer | Inner |", "|---|---|", "| node | Pod |"]]
    assert q.answer.startswith("A tunnel carries") and "\n```shell\nip -d link show\n```" in q.answer
    assert page.key_commands_line == 34 and [k.line for k in page.key_commands] == [38, 39, 40, 41]
    assert page.key_commands[0].command == "`ip -d link show`"
    (d,) = page.diagrams
    assert (d.line, d.acc_title, d.acc_descr, d.caption, d.caption_line) == (
        24, "A tunnel", "Node to node", "A tunnel between two nodes.", 31)
    assert [(b.line, b.lang) for b in page.code_blocks] == [(20, "shell"), (24, "mermaid")]


def test_an_answer_is_the_body_of_its_block():
    text = '### Why? { #why }\n\n??? answer "Answer"\n\n    Because.\n\n        indented\n\nNot in the block.\n'
    (q,) = parse_page(text).questions
    assert q.answer == "Because.\n\n    indented"
    assert answer_block(q.answer) == '??? answer "Answer"\n\n    Because.\n\n        indented\n'


def test_the_body_is_the_answer_after_its_one_line_answer():
    # The Anki decks show the one-line answer by itself, then the body (anki.py).
    (q,) = parse_page(PAGE, "tunnels.md").questions
    assert q.body.startswith("| Outer | Inner |") and q.answer.endswith(q.body)
    assert q.answer[:-len(q.body)].strip() == q.one_liner
    wrapped = '### Why? { #why }\n\n??? answer "Answer"\n\n    Because it\n    wraps.\n\n    More.\n'
    assert parse_page(wrapped).questions[0].body == "More."
    no_one_liner = '### Why? { #why }\n\n??? answer "Answer"\n\n    ```shell\n    ip route\n    ```\n\n    More.\n'
    (q,) = parse_page(no_one_liner).questions
    assert q.one_liner == "" and q.body == q.answer


def test_nested_navigation_sections_are_walked():
    nav = [{"Home": "index.md"}, {"Edge": [{"Ingress": "edge/ingress.md"}, {"Deeper": [{"X": "x.md"}]}]},
           {"Print and practise": [{"Sheet": "cheat-sheets/dns.md"}]}, {"Upstream": "https://kubernetes.io/"}]
    assert nav_pages(nav) == [("Home", "index.md"), ("Ingress", "edge/ingress.md"), ("X", "x.md"),
                              ("Sheet", "cheat-sheets/dns.md")]


def test_the_real_site_has_its_topics_from_the_navigation():
    slugs = [t.slug for t in site_topics(ROOT / "mkdocs.yml")]
    assert "dns" in slugs and "index" not in slugs and "glossary" not in slugs
    assert not any(s.startswith("cheat-sheets") for s in slugs)


def test_every_hook_of_a_build_shares_one_reading_of_the_topics(tmp_path):
    """build_topics reads the pages once per build (per config) and a new build reads them again."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "tunnels.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Fixture\nnav:\n  - Tunnels: tunnels.md\n", encoding="utf-8")
    build = read_config(tmp_path / "mkdocs.yml")
    first = build_topics(build)
    assert [t.slug for t in first] == ["tunnels"] and build_topics(build) is first
    (tmp_path / "docs" / "tunnels.md").write_text(PAGE.replace("What is a tunnel?", "What is a tunnel, again?"), encoding="utf-8")
    assert build_topics(build) is first  # the same build: the same reading
    rebuild = read_config(tmp_path / "mkdocs.yml")  # mkdocs serve makes a new config for each rebuild
    assert build_topics(rebuild)[0].page.questions[0].text == "What is a tunnel, again?"


def test_a_new_topic_in_the_navigation_gets_sheet_pdf_and_study_data(tmp_path):
    config = make_fixture_site(tmp_path, {
        "index.md": "---\ndescription: Fixture home page for the new-topic test of the site model.\n---\n\n# Home\n\n"
                    "<!-- topics -->\n",
        "glossary.md": "---\ndescription: Fixture glossary page for the new-topic test of the model.\n---\n\n"
                       "# Glossary\n\n<!-- glossary -->\n",
        "tunnels.md": PAGE.replace("\nkey_tables:", "\nsummary: packets in packets.\nkey_tables:", 1),
    }, nav=NAV, hooks=("topic_list", "study", "cheat_sheets", "study_data"))  # the hooks that read the model
    assert "cheat-sheet-tunnels" in targets(config)  # its PDF, from the same navigation
    result = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert result.returncode == 0, result.log
    site = tmp_path / "site"
    sheet = (site / "cheat-sheets" / "tunnels" / "index.html").read_text(encoding="utf-8")
    assert "A tunnel carries one packet" in sheet and "tcpdump -ni eth0 udp port 4789" in sheet
    assert "<td>node</td>" in sheet  # the key table
    assert "tunnels/#tunnel-table" in (site / "questions" / "index.html").read_text(encoding="utf-8")
    assert "tunnels/" in (site / "cheat-sheets" / "index.html").read_text(encoding="utf-8")
    # Its answers in the study data, rendered from the Markdown (tests/test_anki.py has the details).
    answer = json.loads((site / "study-answers" / "tunnels.json").read_text(encoding="utf-8"))["tunnel-table"]
    assert answer.startswith("<p>A tunnel carries one packet") and "<td>node</td>" in answer
    assert '<a href="tunnels/#tunnel-table">Diagram: A tunnel (open it on the site)</a>' in answer
    page = (site / "tunnels" / "index.html").read_text(encoding="utf-8")
    bar = re.search(r'<div [^>]*data-study-bar[^>]*>', page)
    assert bar and 'data-total="1"' in bar[0], "study bar without the site's question count"
    # The home page's topic list and the cheat sheets' navigation follow the one nav line.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<li>Foundations:\s*<ul>\s*<li><a href="tunnels/">Tunnels</a>: packets in packets\.</li>', home), home
    assert re.search(r'<a [^>]*href="cheat-sheets/tunnels/"[^>]*>\s*<span [^>]*>\s*Sheet: Tunnels\s*</span>', home), \
        "no sheet in the navigation"


def test_a_new_topic_added_to_a_copy_of_the_site_needs_only_its_nav_line(tmp_path):
    """The real pages and navigation, plus one nav line for a new page: the home page's topic list,
    the topic map's check, the cheat sheets and the questions page follow with no other edit."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    after = "      - IP address management: ip-address-management.md\n"
    assert after in nav
    pages = {p.relative_to(DOCS).as_posix(): p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md")}
    pages["tunnels.md"] = PAGE.replace("\nkey_tables:", "\nsummary: packets in packets.\nkey_tables:", 1)
    config = make_fixture_site(tmp_path, pages, nav=nav.replace(after, after + "      - Tunnels: tunnels.md\n", 1),
                               hooks=("topic_list", "study", "cheat_sheets"))  # the hooks that list topics
    result = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert result.returncode == 0, result.log  # topic_list.py checks the home page's topic map
    site = tmp_path / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="ip-address-management/">IP address management</a>:(?:(?!</li>).)*</li>\s*'
                     r'<li><a href="tunnels/">Tunnels</a>: packets in packets\.</li>', home), "not in the home page's list"
    assert re.search(r'<a [^>]*href="cheat-sheets/tunnels/"[^>]*>\s*<span [^>]*>\s*Sheet: Tunnels\s*</span>', home)
    assert "A tunnel carries one packet" in (site / "cheat-sheets" / "tunnels" / "index.html").read_text(encoding="utf-8")
    assert 'href="tunnels/"' in (site / "cheat-sheets" / "index.html").read_text(encoding="utf-8")
    assert "tunnels/#tunnel-table" in (site / "questions" / "index.html").read_text(encoding="utf-8")


FACTS = '''### What changed? { #changes }

??? answer "Answer"

    Widgets <span class="badge">GA v1.30</span> replace gadgets.

    - The old **Gadget** API was slow. It is <span class="badge badge--deprecated">deprecated v1.31</span>
      in favour of widgets.
    - Modes: `a` (the default) and `b` <span class="badge badge--beta">beta v1.32</span>, e.g. for tests.
      Nothing else.

    | Mode | Status |
    |---|---|
    | `b` | <span class="badge badge--beta">beta v1.32</span> |
'''


def test_each_badge_comes_with_the_sentence_or_table_cell_it_qualifies():
    (q,) = parse_page(FACTS).questions
    assert [(f.text, f.table) for f in q.badge_facts] == [
        ('Widgets <span class="badge">GA v1.30</span> replace gadgets.', None),
        # a sentence that starts with a pronoun keeps the one before it, which says what "it" is
        ('The old **Gadget** API was slow. It is <span class="badge badge--deprecated">deprecated v1.31</span> '
         'in favour of widgets.', None),
        ('Modes: `a` (the default) and `b` <span class="badge badge--beta">beta v1.32</span>, e.g. for tests.', None),
        ('Status, `b`: <span class="badge badge--beta">beta v1.32</span>', 0),  # column, row: cell
    ]
    assert q.badge_facts[0].text in q.one_liner


def test_the_pages_mark_the_models_questions_and_nothing_else(built_site):
    """The page scripts find questions by the class the build puts on their headings, so the marked
    headings of each built topic page are exactly the model's answered questions, in order."""
    for topic in site_topics(ROOT / "mkdocs.yml"):
        page = (built_site.dir / url_path(topic.src) / "index.html").read_text(encoding="utf-8")
        marked = re.findall(r'<h3 (?=[^>]*\bclass="%s")[^>]*\bid="([^"]+)"' % QUESTION_CLASS, page)
        assert marked == [q.id for q in topic.page.questions if q.has_answer], topic.src


def test_only_answered_questions_are_marked():
    text = ("### Asked? { #asked }\n\n??? answer \"Answer\"\n\n    Yes.\n\n"
            "### Not answered { #open }\n\nProse.\n\n```text\n### In code { #code }\n```\n")
    marked = mark_questions(text).split("\n")
    assert marked[0] == "### Asked? { #asked .question }"
    assert "### Not answered { #open }" in marked and "### In code { #code }" in marked
