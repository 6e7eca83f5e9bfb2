"""House-style rules for the Markdown pages, each reported as `file:line: what is wrong; what to do`.

The page format itself is read by the site model (overrides/hooks/sitemodel); these are the rules
about it. Used by scripts/check.py (`make check`) and tests/test_content.py, which breaks each rule
on purpose in a fixture.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitemodel import KeyCommand, diagrams, fenced_lines, glossary_terms, parse_page, questions
from sitemodel.markdown import QUESTION, SENTENCE_END
from sitemodel.walks import walk_problems

QUESTION_HEADING = re.compile(r"^### ")
ID_FORMAT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# UTF-8 read as Mac Roman (the seed's damage) and as Windows-1252/Latin-1.
MOJIBAKE = re.compile("\uf8ff|‚Üí|‚Äî|‚Ä|√º|Ã[\u0080-\u00ff]|â€")
MAX_QUESTIONS = 12
KEY_COMMANDS_ROWS = (4, 8)


def page_problems(path: Path, text: str) -> list[str]:
    problems = []
    page = parse_page(text, str(path))
    if not str(page.meta.get("description", "")).strip():
        problems.append(f"{path}:1: no `description:` in the front matter; add one sentence (the page's meta description)")
    lines = text.splitlines()
    fenced = fenced_lines(text)  # a `###` line in a code block is code, not a heading
    for number, line in enumerate(lines, start=1):
        if MOJIBAKE.search(line):
            problems.append(f"{path}:{number}: mojibake {MOJIBAKE.search(line).group()!r}; "
                            "repair with s.encode('mac_roman').decode('utf-8')")
        question = QUESTION.match(line)  # the model's question format
        if QUESTION_HEADING.match(line) and number not in fenced and not (question and question["text"].endswith("?")):
            problems.append(f"{path}:{number}: {line!r} is not a question heading; write "
                            "`### Text ending in ? { #stable-id }`")
    if len(page.questions) > MAX_QUESTIONS:
        problems.append(f"{path}:{page.questions[MAX_QUESTIONS].line}: more than {MAX_QUESTIONS} questions "
                        "on one page; split the page or move questions to another topic")
    for question in page.questions:
        where = f"{path}:{question.line}"
        if not ID_FORMAT.match(question.id):
            problems.append(f"{where}: id {question.id!r} is not kebab-case; use lower-case words joined by hyphens")
        if not question.has_answer:
            problems.append(f'{where}: no collapsed answer; put `??? answer "Answer"` on the next non-blank line')
            continue
        sentence = question.one_liner
        if not sentence.endswith((".", "!")) or len(SENTENCE_END.split(sentence)) > 1:  # the model's sentences
            problems.append(f"{where}: no one-line answer {sentence[:60]!r}; open the answer with a paragraph "
                            "of ONE stand-alone sentence ending in a period (it feeds the cheat sheets)")
    for diagram in page.diagrams:
        where = f"{path}:{diagram.line}"
        if diagram.acc_title is None:
            problems.append(f"{where}: diagram without `accTitle:`; put it right after the diagram type line")
        if diagram.acc_descr is None:
            problems.append(f"{where}: diagram without `accDescr:`; say what the diagram shows, for screen readers")
        if diagram.caption is None:
            problems.append(f"{where}: diagram without a caption; add an italic line and "
                            "`{ .diagram-caption }` right below the fence")
    problems += key_command_problems(path, page.key_commands_line, page.key_commands,
                                     [q for q in page.questions if page.key_commands_line and q.line > page.key_commands_line])
    problems += walk_problems(path, text)
    return problems


def key_command_problems(path: Path, line: int | None, rows: list[KeyCommand], questions_after: list) -> list[str]:
    """`## Key commands` (optional until every page has one): a table of 4 to 8 commands."""
    if line is None:
        return []
    low, high = KEY_COMMANDS_ROWS
    problems = []
    if not low <= len(rows) <= high:
        problems.append(f"{path}:{line}: `## Key commands` has {len(rows)} rows; give {low} to {high} "
                        "rows of `| `command` | What it tells you |`")
    for row in rows:
        if not (row.command.startswith("`") and row.command.endswith("`")) or not row.meaning:
            problems.append(f"{path}:{row.line}: key command row is not `| `command` | what it tells you |`; "
                            "write the command in backticks and say what its output tells you")
    for question in questions_after:
        problems.append(f"{path}:{question.line}: a question inside `## Key commands`; move it above that section")
    return problems


def diagram_problems(path: Path, line: int, source: str) -> list[str]:
    """The accessibility rules for one diagram's source (used on sources outside pages too)."""
    fence = "```mermaid\n" + source + "\n```\n*c*\n{ .diagram-caption }\n"
    found = []
    for diagram in diagrams(fence):
        if diagram.acc_title is None:
            found.append(f"{path}:{line}: diagram without `accTitle:`; put it right after the diagram type line")
        if diagram.acc_descr is None:
            found.append(f"{path}:{line}: diagram without `accDescr:`; say what the diagram shows, for screen readers")
    return found


def duplicate_ids(pages: dict[Path, str]) -> list[str]:
    seen, problems = {}, []
    for path, text in pages.items():
        for question in questions(text, str(path)):
            if question.id in seen:
                problems.append(f"{path}:{question.line}: id #{question.id} already used at {seen[question.id]}; "
                                "choose another id (ids of existing questions never change)")
            seen.setdefault(question.id, f"{path}:{question.line}")
    return problems


def unused_abbreviations(abbreviations: Path, pages: dict[Path, str]) -> list[str]:
    corpus = "\n".join(pages.values())
    try:
        terms = glossary_terms(abbreviations)
    except ValueError as error:  # a line that is not a term
        return [str(error)]
    problems = []
    for term in terms:
        if not re.search(rf"(?<![\w-]){re.escape(term.term)}(?![\w-])", corpus):
            problems.append(f"{abbreviations}:{term.line}: {term.term!r} is used on no page; remove it")
    return problems
