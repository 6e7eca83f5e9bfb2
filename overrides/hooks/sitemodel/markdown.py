"""The site's Markdown format, read once: front matter, code blocks, questions, key commands, diagrams.

Pure functions over a page's text. Every result carries its 1-based line in the file (front matter
included), so that checks can say `docs/page.md:LINE`. The format is described in CONTRIBUTING.md.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

import yaml

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
# A question: `### Text ending in ? { #kebab-id }`. The id is any non-space run, so that a
# malformed one is still found (and reported by the content rules) rather than skipped.
QUESTION = re.compile(r"^### (?P<text>.+?)\s*\{\s*#(?P<id>[^ }]+)\s*\}\s*$")
ANSWER_OPENER = re.compile(r'^\?\?\? answer "[^"]+"\s*$')
BADGE = re.compile(r'<span class="badge[^"]*">[^<]*</span>')
KEY_COMMANDS_HEADING = "## Key commands"
ACC_TITLE = re.compile(r"^accTitle\s*:\s*(?P<text>.*)$")
ACC_DESCR = re.compile(r"^accDescr\s*(?::\s*(?P<text>.*)|\{)")
CAPTION_CLASS = "{ .diagram-caption }"
# A diagram's link: `click NODE "url"` (or `click NODE href "url"`), the url a group of its own.
MERMAID_CLICK = re.compile(r'^(?P<head>\s*click\s+(?P<node>\S+)\s+(?:href\s+)?")(?P<url>[^"]*)(?P<tail>")', re.M)
TABLE_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # `\|` inside a cell is an escaped pipe
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s+")
# A sentence ends at . ! or ? and a space, except after e.g., i.e., vs., etc. and an ellipsis
# ("not ready ... cni plugin not initialized" quotes one message).
SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\betc\.)(?<!\.\.\.)\s+(?=[\w`*\[<(\"])")
ONLY_BADGES = re.compile(r"^(?:\s*<span class=\"badge[^\"]*\">[^<]*</span>)+[.,;]?\s*$")
# A sentence that starts with one of these needs the one before it to say what it is about.
PRONOUN_START = re.compile(r"^(?:It|Its|They|Their|This|That|These|Those|Both)\b")


@dataclass
class CodeBlock:
    line: int  # the opening fence
    end_line: int  # the closing fence
    lang: str
    text: str  # dedented to the fence's indent
    indent: str = ""


@dataclass
class Diagram:
    line: int  # the opening ```mermaid fence
    source: str
    acc_title: str | None  # None when the diagram has no accTitle near its type line
    acc_descr: str | None
    caption: str | None  # the italic caption's text, None when missing
    caption_line: int | None


@dataclass
class KeyCommand:
    line: int
    command: str  # the cell as written, backticks included
    meaning: str


@dataclass
class BadgeFact:
    """Version badges and the fact they qualify: the sentence they sit in (with the sentence before
    it when it starts with a pronoun), or a table cell named by its column and row."""
    badges: list[str]
    text: str  # Markdown, badges in place
    table: int | None = None  # index into Question.tables when the fact is a table cell


@dataclass
class Question:
    page: str  # the page's path as given to parse_page (docs-relative src for pages read from nav)
    line: int  # the ### heading
    id: str
    text: str  # the question, without the id
    has_answer: bool  # a collapsed `??? answer "..."` follows the heading
    one_liner: str  # the answer's first paragraph (one stand-alone sentence), "" if none
    answer: str  # the answer block's body as Markdown, dedented, without the `???` line
    badges: list[str] = field(default_factory=list)  # version badges in the answer, in order, unique
    tables: list[list[str]] = field(default_factory=list)  # each table's lines, outside code blocks
    badge_facts: list[BadgeFact] = field(default_factory=list)  # in answer order

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def body(self) -> str:
        """The answer's Markdown after its one-line answer (the whole answer when it has none), for
        showing under the one-line answer shown by itself (the Anki decks' back)."""
        if not self.one_liner:
            return self.answer
        lines = self.answer.split("\n")
        start = next(n for n, line in enumerate(lines) if line.strip())
        end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
        return "\n".join(lines[end:]).strip("\n")


@dataclass
class Page:
    src: str
    meta: dict
    title: str
    questions: list[Question]
    key_commands: list[KeyCommand]
    key_commands_line: int | None  # the `## Key commands` heading, None if the page has none
    code_blocks: list[CodeBlock]
    diagrams: list[Diagram]

    @property
    def key_commands_table(self) -> list[str]:
        """The Key commands section's table as Markdown lines (header included), [] if none."""
        if not self.key_commands:
            return []
        return ["| Command | What it tells you |", "|---|---|",
                *(f"| {k.command} | {k.meaning} |" for k in self.key_commands)]


def as_text(markdown_text: str) -> str:
    """Inline Markdown as the reader sees it, without markup: rendered by the Markdown engine, then
    its tags dropped (`**kube-proxy** writes [rules](x.md)` -> "kube-proxy writes rules")."""
    import markdown  # Python-Markdown, MkDocs' own engine

    return html_lib.unescape(re.sub(r"<[^>]+>", "", markdown.markdown(markdown_text))).strip()


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(front matter, body, 1-based line where the body starts)."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            meta = yaml.safe_load(text[4:end]) or {}
            rest = text[end + 4:]
            nl = rest.find("\n")
            body = rest[nl + 1:] if nl != -1 else ""
            return (meta if isinstance(meta, dict) else {}), body, text[:end + 4].count("\n") + 2
    return {}, text, 1


def code_blocks(text: str) -> list[CodeBlock]:
    lines = text.splitlines()
    blocks, i = [], 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, start, body = match["indent"], match["fence"], i + 1, []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        blocks.append(CodeBlock(start, i + 1, match["lang"].lower(), "\n".join(body), indent))
        i += 1
    return blocks


def fenced_lines(text: str) -> set[int]:
    """1-based numbers of the lines inside (and of) fenced code blocks."""
    return {n for b in code_blocks(text) for n in range(b.line, b.end_line + 1)}


def diagram_title(source: str) -> str | None:
    """A Mermaid source's `accTitle:` (within its first four lines), None when it has none."""
    body = [l.strip() for l in source.splitlines() if l.strip()]
    return next((m["text"] for l in body[:4] if (m := ACC_TITLE.match(l))), None)


def diagrams(text: str) -> list[Diagram]:
    lines = text.splitlines()
    found = []
    for block in code_blocks(text):
        if block.lang != "mermaid":
            continue
        body = [l.strip() for l in block.text.splitlines() if l.strip()]
        title = diagram_title(block.text)
        descr = next((m["text"] or "" for l in body[:5] if (m := ACC_DESCR.match(l))), None)
        after = [(n, l.strip()) for n, l in enumerate(lines[block.end_line:block.end_line + 4],
                                                      start=block.end_line + 1) if l.strip()]
        caption = caption_line = None
        if len(after) >= 2 and after[0][1].startswith("*") and after[1][1] == CAPTION_CLASS:
            caption_line, caption = after[0][0], after[0][1].strip("*").strip()
        found.append(Diagram(block.line, block.text, title, descr, caption, caption_line))
    return found


def _dedent(line: str) -> str:
    return line[4:] if line.startswith("    ") else line.lstrip() if not line.strip() else line


def _prose_blocks(lines: list[str]) -> list[str]:
    """Paragraphs and list items (each on its own, marker removed), outside code blocks and tables."""
    blocks, current, fence = [], [], None
    for line in lines:
        stripped = line.strip()
        opener = FENCE_OPEN.match(line)
        if fence is None and opener:
            fence = opener["fence"]
        elif fence is not None:
            fence = None if stripped.startswith(fence) else fence
        elif stripped and not stripped.startswith("|") and not (LIST_ITEM.match(stripped) and current):
            current.append(LIST_ITEM.sub("", stripped))
            continue
        if current:
            blocks.append(" ".join(current))
            current = []
        if fence is None and LIST_ITEM.match(stripped):
            current.append(LIST_ITEM.sub("", stripped))
    return [*blocks, " ".join(current)] if current else blocks


def _paragraphs_and_tables(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    paragraphs, current, table, tables, fence = [], [], [], [], None
    for line in lines:
        stripped = line.strip()
        opener = FENCE_OPEN.match(line)
        if fence is None and opener:
            fence = opener["fence"]
            continue
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith("|"):
            table.append(stripped)
            continue
        if table:
            tables.append(table)
            table = []
        if stripped:
            current.append(stripped)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    if table:
        tables.append(table)
    return paragraphs, tables


def _cells(row: str) -> list[str]:
    return [c.strip() for c in TABLE_CELL_SPLIT.split(row.strip().strip("|"))]


def _sentences_with_badges(block: str) -> list[str]:
    sentences, found = SENTENCE_END.split(block), []
    for i, sentence in enumerate(sentences):
        if BADGE.search(sentence):
            if i and (PRONOUN_START.match(sentence) or ONLY_BADGES.match(sentence)):
                sentence = f"{sentences[i - 1]} {sentence}"
            found.append(sentence)
    return found


def badge_facts(blocks: list[str], tables: list[list[str]]) -> list[BadgeFact]:
    """Each badge of an answer with the fact it qualifies (see BadgeFact): the prose's, then the tables'."""
    facts = [BadgeFact(BADGE.findall(s), s) for block in blocks for s in _sentences_with_badges(block)]
    for index, table in enumerate(tables):
        header = _cells(table[0])
        for row in table[2:]:
            cells = _cells(row)
            for column, cell in enumerate(cells):
                if not BADGE.search(cell):
                    continue
                name = ", ".join(n for n in (header[column] if column < len(header) else "", cells[0] if column else "") if n)
                facts.append(BadgeFact(BADGE.findall(cell), f"{name}: {cell}" if name else cell, index))
    return facts


def _section_end(lines: list[str], start: int) -> int:
    """Index of the next heading at level 3 or above after index `start`, outside code blocks."""
    fence = None
    for i in range(start + 1, len(lines)):
        opener = FENCE_OPEN.match(lines[i])
        if fence is None and opener:
            fence = opener["fence"]
        elif fence is not None and lines[i].strip().startswith(fence):
            fence = None
        elif fence is None and lines[i].startswith(("# ", "## ", "### ")):
            return i
    return len(lines)


def _answer_block(lines: list[str]) -> list[str]:
    """The lines of a `??? answer` block's body: pymdownx.details ends the block at the first line
    (not blank) that is not indented by four spaces."""
    end = next((n for n, l in enumerate(lines) if l.strip() and not l.startswith("    ")), len(lines))
    return lines[:end]


def answer_block(answer: str, label: str = "Answer") -> str:
    """An answer's Markdown (Question.answer) in its collapsed block again, as its page has it: the
    Markdown engine parses a block's body in its block (a list item that follows a paragraph without
    a blank line is an item there, and part of the paragraph outside)."""
    body = "\n".join(f"    {line}" if line.strip() else "" for line in answer.split("\n"))
    return f'??? answer "{label}"\n\n{body}\n'


def questions(text: str, page: str = "") -> list[Question]:
    lines = text.splitlines()
    inside = fenced_lines(text)
    found = []
    for i, line in enumerate(lines):
        match = QUESTION.match(line)
        if not match or i + 1 in inside:
            continue
        end = _section_end(lines, i)
        rest = lines[i + 1:end]
        opener = next((n for n, l in enumerate(rest) if l.strip()), None)
        has_answer = opener is not None and bool(ANSWER_OPENER.match(rest[opener]))
        answer_lines = [_dedent(l) for l in _answer_block(rest[opener + 1:])] if has_answer else []
        answer = "\n".join(answer_lines).strip("\n")
        paragraphs, tables = _paragraphs_and_tables(answer_lines)
        # The one-line answer is the first paragraph, which must come first in the answer.
        first = next((l for l in answer_lines if l.strip()), "")
        one_liner = paragraphs[0] if paragraphs and not FENCE_OPEN.match(first) and not first.startswith("|") else ""
        found.append(Question(page, i + 1, match["id"], match["text"], has_answer, one_liner, answer,
                              list(dict.fromkeys(BADGE.findall(answer))), tables, badge_facts(_prose_blocks(answer_lines), tables)))
    return found


# Opens an answer's paragraph of upstream links.
FURTHER_READING = "**Further reading:**"


def tag_further_reading(text: str) -> str:
    """The Markdown with each further-reading paragraph kept out of the search index: lists of
    upstream link titles would rank above the answers they follow. The paragraph gets Material's
    `data-search-exclude` from attr_list, on a line of its own after the paragraph's last line."""
    lines, inside, out = text.split("\n"), fenced_lines(text), []
    n = 0
    while n < len(lines):
        out.append(lines[n])
        if lines[n].lstrip().startswith(FURTHER_READING) and n + 1 not in inside:
            indent = lines[n][:len(lines[n]) - len(lines[n].lstrip())]
            while n + 1 < len(lines) and lines[n + 1].strip():
                n += 1
                out.append(lines[n])
            out.append(f"{indent}{{ data-search-exclude }}")
        n += 1
    return "\n".join(out)


# The class of an answered question's heading in the built page: the page's scripts (study-mode.js,
# study-tools.js, open-answer.js, diagram-drill.js) find the questions by it, not by the HTML's shape.
QUESTION_CLASS = "question"


def mark_questions(text: str) -> str:
    """A page's Markdown with each answered question's heading given QUESTION_CLASS (attr_list)."""
    lines = text.split("\n")
    for q in questions(text):
        if q.has_answer:
            lines[q.line - 1] = f"### {q.text} {{ #{q.id} .{QUESTION_CLASS} }}"
    return "\n".join(lines)


def key_commands(text: str) -> tuple[int | None, list[KeyCommand]]:
    """(line of the `## Key commands` heading or None, its table rows)."""
    lines = text.splitlines()
    inside = fenced_lines(text)
    for i, line in enumerate(lines):
        if line.strip() == KEY_COMMANDS_HEADING and i + 1 not in inside:
            rows, header_seen = [], False
            for n in range(i + 1, _section_end(lines, i)):
                row = lines[n].strip()
                if not row.startswith("|"):
                    continue
                cells = [c.strip() for c in TABLE_CELL_SPLIT.split(row.strip("|"))]
                if not header_seen:
                    header_seen = True  # `| Command | What it tells you |`
                    continue
                if all(set(c) <= set("-: ") for c in cells):
                    continue  # the separator row
                rows.append(KeyCommand(n + 1, cells[0], " | ".join(cells[1:])))
            return i + 1, rows
    return None, []


def title_line(text: str) -> int | None:
    """The 1-based line of the page's `# Title` (the first H1 after the front matter, outside code
    blocks), None if it has none."""
    inside, start = fenced_lines(text), split_front_matter(text)[2]
    return next((n for n, l in enumerate(text.splitlines(), start=1)
                 if n >= start and l.startswith("# ") and n not in inside), None)


def title(text: str) -> str:
    """The page's `# Title` text, "" if it has none."""
    line = title_line(text)
    return text.splitlines()[line - 1][2:].strip() if line else ""


def parse_page(text: str, src: str = "") -> Page:
    meta = split_front_matter(text)[0]
    line, commands = key_commands(text)
    return Page(src, meta, title(text), questions(text, src), commands, line, code_blocks(text),
                diagrams(text))
