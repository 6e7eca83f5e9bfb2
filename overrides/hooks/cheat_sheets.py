"""Generate the printable pages from the Q&A pages at build time; nothing here is written by hand.

- cheat-sheets/<topic>.md: every question of a topic with its one-line answer (the first sentence of
  the answer), the version badges of that answer, and the tables the topic names in its front matter
  (`key_tables: [question-id, ...]`).
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

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

QUESTION = re.compile(r"^### (?P<text>.+?)\s*\{\s*#(?P<id>[^ }]+)\s*\}\s*$")
BADGE = re.compile(r'<span class="badge[^"]*">[^<]*</span>')
FENCE = re.compile(r"^```")
PDF_DIR = "pdf"
# Pages in the top level of the navigation that are not Q&A topics.
NOT_TOPICS = ("index.md", "summary.md", "glossary.md", "review.md", "mock-interview.md")


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.index("\n---", 4)
        return yaml.safe_load(text[4:end]) or {}, text[end + 4:]
    return {}, text


def topic_pages(config) -> list[tuple[str, str]]:
    """(title, src path) of the Q&A topic pages, in navigation order."""
    pages = []
    for entry in config["nav"] or []:
        for title, src in entry.items():
            if isinstance(src, str) and src.endswith(".md") and src not in NOT_TOPICS:
                pages.append((title, src))
    return pages


def parse_topic(path: Path) -> tuple[dict, str, list[dict]]:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    title = next(line[2:].strip() for line in body.splitlines() if line.startswith("# "))
    lines, questions, i = body.splitlines(), [], 0
    while i < len(lines):
        match = QUESTION.match(lines[i])
        if not match:
            i += 1
            continue
        start, i = i, i + 1
        while i < len(lines) and not lines[i].startswith(("### ", "## ")):
            i += 1
        answer = [l[4:] if l.startswith("    ") else l for l in lines[start + 1:i]]
        questions.append({"text": match["text"], "id": match["id"], **summarise(answer)})
    return meta, title, questions


def summarise(answer: list[str]) -> dict:
    """The one-line answer, the badges, and the first table of an answer's Markdown."""
    paragraphs, current, table, tables, in_fence = [], [], [], [], False
    for line in answer:
        if FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("???"):
            continue
        if line.strip().startswith("|"):
            table.append(line.strip())
            continue
        if table:
            tables.append(table)
            table = []
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    if table:
        tables.append(table)
    one_liner = paragraphs[0] if paragraphs else ""
    badges = [b for b in dict.fromkeys(BADGE.findall("\n".join(answer))) if b not in one_liner]
    return {"one_liner": one_liner, "badges": badges, "table": tables[0] if tables else []}


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


def cheat_sheet(title: str, src: str, meta: dict, questions: list[dict]) -> str:
    slug = Path(src).stem
    out = [
        "---",
        f"description: {json.dumps(f'Printable cheat sheet for {title}: every one-line answer, key tables and version facts.')}",
        "hide:\n  - toc",
        "search:\n  exclude: true  # repeats the answers; search should land on them",
        "---",
        "",
        f"# Cheat sheet: {title}",
        "",
        PRINT_BUTTON + pdf_link(f"cheat-sheet-{slug}", 2),  # served at cheat-sheets/<topic>/
        '<div class="cheat-sheet" markdown>',
        "",
    ]
    for q in questions:
        badges = " ".join(q["badges"])
        out += [f"[**{q['text']}**](../{src}#{q['id']})", f": {relink(q['one_liner'], src)} {badges}".rstrip(), ""]
    by_id = {q["id"]: q for q in questions}
    for key in meta.get("key_tables", []):
        if key not in by_id or not by_id[key]["table"]:
            raise PluginError(f"docs/{src}: key_tables names {key!r}, which is not a question with a table")
        out += [f"## {by_id[key]['text']}", "", *(relink(row, src) for row in by_id[key]["table"]), ""]
    out += ["</div>", ""]
    return "\n".join(out)


def overview_sheet(docs: Path, topics: list[tuple[str, str, list[dict]]]) -> str:
    _, summary = split_front_matter((docs / "summary.md").read_text(encoding="utf-8"))
    bullets = [line for line in summary.splitlines() if line.startswith(("- ", "  "))]
    bullets = [re.sub(r"\]\((?!https?:)", "](../", line) for line in bullets]
    _, home = split_front_matter((docs / "index.md").read_text(encoding="utf-8"))
    topic_map = home[home.index("```mermaid"): home.index("```", home.index("```mermaid") + 3) + 3]
    topic_map = re.sub(r'(click \S+ ")(?!#|https?:)', r"\1../", topic_map)
    caption = "*The topics and how they build on each other.*\n{ .diagram-caption }"
    versions = ["| Fact | Where |", "|---|---|"]
    for title, src, questions in topics:
        for q in questions:
            for badge in BADGE.findall(q["one_liner"]) + q["badges"]:
                versions.append(f"| {badge} | [{q['text']}](../{src}#{q['id']}) |")
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
        "One sheet per topic, generated from the answers: "
        + ", ".join(f"[{title}]({Path(src).stem}.md)" for title, src, _ in topics) + ". "
        "Also: [questions only](../questions.md) for mock interviews, and "
        '<a href="../print_page/">the whole guide on one page</a> with every answer open.',
        "",
        # Raw HTML: the decks are written after the build (anki.py), so MkDocs cannot check them.
        '<p class="anki-decks">Anki decks: <a href="../anki/kubernetes-networking.apkg" download>the whole guide</a>'
        + "".join(f' · <a href="../anki/{Path(src).stem}.apkg" download>{title}</a>' for title, src, _ in topics)
        + "</p>",
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
        topic_map,
        "",
        caption,
        "",
        '<div class="cheat-sheet" markdown>',
        "",
        "## Versions at a glance",
        "",
        *versions,
        "",
        "</div>",
        "",
    ])


def questions_page(topics: list[tuple[str, str, list[dict]]]) -> str:
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
    for title, src, questions in topics:
        out += [f"## {title}", ""]
        out += [f"1. [{q['text']}]({src}#{q['id']})" for q in questions]
        out.append("")
    return "\n".join(out)


def on_files(files, config, **kwargs):
    docs = Path(config["docs_dir"])
    topics = []
    for nav_title, src in topic_pages(config):
        meta, title, questions = parse_topic(docs / src)
        topics.append((title, src, questions))
        sheet = cheat_sheet(title, src, meta, questions)
        files.append(File.generated(config, f"cheat-sheets/{Path(src).stem}.md", content=sheet))
    if not topics:  # a site without a navigation of topics (such as a test fixture) gets none
        return files
    files.append(File.generated(config, "cheat-sheets/index.md", content=overview_sheet(docs, topics)))
    files.append(File.generated(config, "questions.md", content=questions_page(topics)))
    return files
