"""Generate the printable pages from the Q&A pages at build time; nothing here is written by hand.

- cheat-sheets/<topic>.md: every question of a topic with its one-line answer (the first sentence of
  the answer), the answer's other version facts (each badge in the sentence or table cell it
  qualifies, never after a one-line answer it does not describe), the tables the topic names in its
  front matter (`key_tables: [question-id, ...]`) and the page's `## Key commands` table.

Topics come from the navigation (sitemodel.build_topics): a page in `nav:` with questions is one.
- cheat-sheets/index.md: the quick interview summary, the topic map and every version fact.
- questions.md: the questions alone, per topic, for mock interviews.

With PDF_LINKS=1 (set by `make pdf`, which then prints the PDFs into site/pdf/) each page also links
to its ready-made PDF.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from outputs import decks  # the decks' names and the sentence that goes next to their links
from sitemodel import BASELINE, MERMAID_CLICK, BadgeFact, Question, Topic, build_topics, list_sheets, split_front_matter, topic_map

PDF_DIR = "pdf"
# Printed under each sheet's title: what every statement on it is true for.
BASELINE_NOTE = f'<p class="sheet-baseline">True for {BASELINE}; a badge dates the fact it stands in.</p>'
# A parenthesis that holds only links ("([modes compared](...))"): the sheet links the whole answer.
LINKS_ONLY = re.compile(r"\s*\((?:\[[^\]]*\]\([^)]*\)[\s,;·]*)+\)")


def relink(markdown: str, src: str) -> str:
    """Rewrite links of a topic page's Markdown so they work from cheat-sheets/."""
    markdown = re.sub(r"\]\(#", f"](../{src}#", markdown)
    return re.sub(r"\]\((?!https?:|\.\./|mailto:)", "](../", markdown)


def pdf_link(name: str, depth: int) -> str:
    """A link to a PDF from a page served `depth` folders below the site root."""
    if os.environ.get("PDF_LINKS") != "1":
        return ""
    # Raw HTML: the PDFs are printed from the built site, so MkDocs cannot see them; the link
    # checker that `make pdf` runs afterwards does.
    return f'<a class="md-button" href="{"../" * depth}{PDF_DIR}/{name}.pdf">Download the PDF</a>\n'


PRINT_BUTTON = '<button type="button" class="md-button md-button--primary print-button" hidden>Print this page</button>\n'


def other_facts(q: Question) -> list[BadgeFact]:
    """The answer's version facts that are not in its one-line answer."""
    return [f for f in q.badge_facts if f.text not in q.one_liner]


def fact_text(fact: BadgeFact, src: str) -> str:
    return relink(LINKS_ONLY.sub("", fact.text), src)


def cheat_sheet(topic: Topic) -> str:
    src, title, page = topic.src, topic.title, topic.page
    out = [
        "---",
        f"description: {json.dumps(f'Printable cheat sheet for {title}: every one-line answer, key tables, key commands and version facts.')}",
        "hide:\n  - toc",
        "search:\n  exclude: true  # repeats the answers; search should land on them",
        "---",
        "",
        f"# Cheat sheet: {title}",
        "",
        PRINT_BUTTON + pdf_link(f"cheat-sheet-{topic.slug}", 2),  # served at cheat-sheets/<topic>/
        '<div class="cheat-sheet" markdown>',
        "",
        BASELINE_NOTE,
        "",
    ]
    shown_tables = set(page.meta.get("key_tables", []))
    for q in page.questions:
        # The one-line answer carries its own badges; each other badge comes with its own fact.
        facts = [f for f in other_facts(q) if not (f.table == 0 and q.id in shown_tables)]
        out += [f"[**{q.text}**](../{src}#{q.id})", f":   {relink(q.one_liner, src)}", ""]
        out += [*(f"    - {fact_text(f, src)}" for f in facts), ""] if facts else []
    by_id = {q.id: q for q in page.questions}
    for key in page.meta.get("key_tables", []):
        if key not in by_id or not by_id[key].tables:
            raise PluginError(f"docs/{src}: key_tables names {key!r}, which is not a question with a table")
        out += [f"## {by_id[key].text}", "", *(relink(row, src) for row in by_id[key].tables[0]), ""]
    if page.key_commands:
        out += ["## Key commands", "", *(relink(row, src) for row in page.key_commands_table), ""]
    out += ["</div>", ""]
    return "\n".join(out)


def page_body(path: Path) -> str:
    return split_front_matter(path.read_text(encoding="utf-8"))[1] if path.is_file() else ""


def overview_sheet(docs: Path, topics: list[Topic]) -> str:
    """The summary's bullets (summary.md) and the home page's topic map, when the site has them."""
    bullets = [line for line in page_body(docs / "summary.md").splitlines() if line.startswith(("- ", "  "))]
    bullets = [re.sub(r"\]\((?!https?:)", "](../", line) for line in bullets] or ["- (no summary.md)"]
    home_map = topic_map(page_body(docs / "index.md"))
    topic_map_fence = f"```mermaid\n{home_map.source}\n```" if home_map else ""
    topic_map_fence = MERMAID_CLICK.sub(  # the sheet is one folder down
        lambda m: m["head"] + ("" if m["url"].startswith(("#", "http:", "https:")) else "../") + m["url"] + m["tail"], topic_map_fence)
    caption = "*The topics and how they build on each other.*\n{ .diagram-caption }" if topic_map_fence else ""
    versions = []  # a list, one item a fact, flows through the sheet's columns
    for topic in topics:
        for q in topic.page.questions:
            for fact in q.badge_facts:  # each badge in the fact it qualifies, then a link to its answer
                label = re.sub(r'[`"]', "", f"Answer: {q.text}")
                versions.append(f'- {fact_text(fact, topic.src)} [›](../{topic.src}#{q.id}){{ .fact-link aria-label="{label}" }}')
    return "\n".join([
        "---",
        "description: The one-sheet overview of Kubernetes networking, with the summary, the topic map and every version fact on the site.",
        "hide:\n  - toc",
        "search:\n  exclude: true",
        "---",
        "",
        "# Cheat sheets",
        "",
        PRINT_BUTTON + pdf_link("cheat-sheet-summary", 1),
        BASELINE_NOTE,
        "",
        # Links to the other sheets and the decks are for the screen; on paper the sheet needs the room.
        '<div class="screen-only" markdown>',
        "",
        "One sheet per topic, generated from the answers: "
        + ", ".join(f"[{t.title}]({t.slug}.md)" for t in topics) + ". "
        "Also: [questions only](../questions.md) for mock interviews, and "
        '<a href="../print_page/">the whole guide on one page</a> with every answer open.',
        "",
        # Raw HTML: the decks are written after the build (anki.py), so MkDocs cannot check them.
        f'<p class="anki-decks">Anki decks: <a href="../{decks.ANKI_DIR}/{decks.GUIDE_DECK}.apkg" download>the whole guide</a>'
        + "".join(f' · <a href="../{decks.ANKI_DIR}/{t.slug}.apkg" download>{t.title}</a>' for t in topics)
        + "</p>",
        f'<p class="anki-help">{decks.HELP}</p>',
        "",
        "</div>",
        "",
        # The summary comes first: it is what the sheet is for, and the map below it is then out of
        # a phone's first screen, so Mermaid loads only when a reader scrolls to it.
        '<div class="cheat-sheet" markdown>',
        "",
        "## Quick interview summary",
        "",
        *bullets,
        "",
        "</div>",
        "",
        "## Topic map",
        "",
        topic_map_fence,
        "",
        caption,
        "",
        '<div class="cheat-sheet version-facts" markdown>',
        "",
        "## Versions at a glance",
        "",
        *versions,
        "",
        "</div>",
        "",
    ])


def questions_page(topics: list[Topic]) -> str:
    out = [
        "---",
        "description: Every interview question on the site without its answer, per topic, for mock interviews.",
        "search:\n  exclude: true",
        "---",
        "",
        "# Questions only",
        "",
        "For mock interviews: ask these, or answer them aloud, then check the linked answer.",
        "",
        PRINT_BUTTON + pdf_link("questions", 1),
    ]
    for topic in topics:
        out += [f"## {topic.title}", ""]
        out += [f"1. [{q.text}]({topic.src}#{q.id})" for q in topic.page.questions]
        out.append("")
    return "\n".join(out)


def generated(config, src_uri: str, content: str) -> File:
    # NOT_IN_NAV: a site without a "Cheat sheets by topic" section (a test fixture) builds its sheets
    # without an "omitted from nav" warning.
    return File.generated(config, src_uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)


def on_config(config, **kwargs):
    """Each topic's sheet in the navigation: a new topic needs no line for it in mkdocs.yml."""
    list_sheets(config["nav"], Path(config["docs_dir"]))
    return config


def on_files(files, config, **kwargs):
    docs = Path(config["docs_dir"])
    found = build_topics(config)
    if not found:  # a site without a navigation of topics (such as a test fixture) gets none
        return files
    for topic in found:
        files.append(generated(config, f"cheat-sheets/{topic.slug}.md", cheat_sheet(topic)))
    files.append(generated(config, "cheat-sheets/index.md", overview_sheet(docs, found)))
    files.append(generated(config, "questions.md", questions_page(found)))
    return files
