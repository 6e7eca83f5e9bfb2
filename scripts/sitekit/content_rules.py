"""House-style rules for the Markdown pages, each reported as `file:line: problem (what to do)`.

Used by tests/test_content.py; each rule has a fixture there that breaks it on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitekit.markdown_source import code_blocks, front_matter, questions

QUESTION_HEADING = re.compile(r"^### ")
ID_FORMAT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ANSWER_OPENER = re.compile(r'^\?\?\? answer "[^"]+"\s*$')
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z(\"`*]")
# UTF-8 read as Mac Roman (the seed's damage) and as Windows-1252/Latin-1.
MOJIBAKE = re.compile("\uf8ff|‚Üí|‚Äî|‚Ä|√º|Ã[\u0080-\u00ff]|â€")
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:")


def page_problems(path: Path, text: str) -> list[str]:
    problems = []
    meta = front_matter(text)
    if not str(meta.get("description", "")).strip():
        problems.append(f"{path}:1: no `description:` in the front matter (one sentence, used as meta description)")
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if MOJIBAKE.search(line):
            problems.append(f"{path}:{number}: mojibake {MOJIBAKE.search(line).group()!r}; "
                            "repair with s.encode('mac_roman').decode('utf-8')")
        if QUESTION_HEADING.match(line) and not re.search(r"\?\s*\{\s*#[^}]+\}\s*$", line):
            problems.append(f"{path}:{number}: a question is `### Text ending in ? {{ #stable-id }}`: {line!r}")
    for question in questions(path, text):
        where = f"{path}:{question.line}"
        if not ID_FORMAT.match(question.id):
            problems.append(f"{where}: id {question.id!r} should be kebab-case")
        following = next((l for l in lines[question.line:] if l.strip()), "")
        if not ANSWER_OPENER.match(following):
            problems.append(f'{where}: the answer must follow, collapsed: `??? answer "Answer"`')
            continue
        sentence = question.first_sentence
        if not sentence.endswith((".", "!")) or SENTENCE_BREAK.search(sentence):
            problems.append(f"{where}: the answer must open with a one-sentence paragraph that stands alone "
                            f"(it feeds the cheat sheets): {sentence[:80]!r}")
    for block in code_blocks(path, text):
        if block.lang == "mermaid":
            problems += diagram_problems(path, block.line, block.text)
            problems += caption_problems(path, lines, block.line)
    return problems


def caption_problems(path: Path, lines: list[str], fence_line: int) -> list[str]:
    """A diagram is followed by an italic caption paragraph marked `{ .diagram-caption }`."""
    i = fence_line  # index just after the opening fence
    while i < len(lines) and lines[i].strip() != "```":
        i += 1
    following = [l.strip() for l in lines[i + 1:i + 5] if l.strip()]
    if len(following) < 2 or not following[0].startswith("*") or following[1] != "{ .diagram-caption }":
        return [f"{path}:{fence_line}: diagram without a caption: add an italic line and "
                "`{ .diagram-caption }` right below the fence"]
    return []


def diagram_problems(path: Path, line: int, source: str) -> list[str]:
    body = [l.strip() for l in source.splitlines() if l.strip()]
    where = f"{path}:{line}"
    found = []
    if not any(l.startswith("accTitle:") for l in body[:4]):
        found.append(f"{where}: diagram without `accTitle:` (put it right after the diagram type line)")
    if not any(l.startswith("accDescr") for l in body[:5]):
        found.append(f"{where}: diagram without `accDescr:` (say what the diagram shows, for screen readers)")
    return found


def duplicate_ids(pages: dict[Path, str]) -> list[str]:
    seen, problems = {}, []
    for path, text in pages.items():
        for question in questions(path, text):
            if question.id in seen:
                problems.append(f"{path}:{question.line}: id #{question.id} already used at {seen[question.id]}")
            seen[question.id] = f"{path}:{question.line}"
    return problems


def unused_abbreviations(abbreviations: Path, pages: dict[Path, str]) -> list[str]:
    corpus = "\n".join(pages.values())
    problems = []
    for number, line in enumerate(abbreviations.read_text(encoding="utf-8").splitlines(), start=1):
        match = ABBREVIATION.match(line)
        if match and not re.search(rf"(?<![\w-]){re.escape(match['term'])}(?![\w-])", corpus):
            problems.append(f"{abbreviations}:{number}: {match['term']!r} is used on no page; remove it")
    return problems
