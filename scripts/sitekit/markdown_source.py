"""Read the Markdown sources: front matter, fenced code blocks (also inside answers) and questions.

Every result carries its 1-based line number so that checks can say `docs/page.md:LINE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
QUESTION = re.compile(r"^### (?P<text>.+?)\s*\{\s*#(?P<id>[^ }]+)\s*\}\s*$")


@dataclass
class CodeBlock:
    path: Path
    line: int  # the opening fence
    lang: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def code_blocks(path: Path, text: str | None = None) -> list[CodeBlock]:
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
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
        blocks.append(CodeBlock(path, start, match["lang"].lower(), "\n".join(body)))
        i += 1
    return blocks


def front_matter(text: str) -> dict:
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    return yaml.safe_load(text[4:end]) or {} if end != -1 else {}


@dataclass
class Question:
    path: Path
    line: int
    text: str
    id: str
    first_sentence: str  # the answer's stand-alone one-line answer


def questions(path: Path, text: str | None = None) -> list[Question]:
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        match = QUESTION.match(line)
        if match:
            found.append(Question(path, number, match["text"], match["id"], first_paragraph(lines, number)))
    return found


def first_paragraph(lines: list[str], heading_line: int) -> str:
    """The first paragraph inside the collapsed answer that follows a question heading."""
    i = heading_line  # index of the line after the heading
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].startswith("???"):
        return ""
    i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    paragraph = []
    while i < len(lines) and lines[i].startswith("    ") and lines[i].strip():
        paragraph.append(lines[i].strip())
        i += 1
    return " ".join(paragraph)
