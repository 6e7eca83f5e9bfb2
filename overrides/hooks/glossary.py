"""Render the glossary page from includes/abbreviations.md, the single source of the site's terms.

The same file is appended to every page by pymdownx.snippets (hover tooltips), so a term is written
once and shows up both as a tooltip everywhere and as an entry on the glossary page.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ABBREVIATIONS = Path(__file__).resolve().parents[2] / "includes" / "abbreviations.md"
MARKER = "<!-- glossary -->"
DEFINITION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<text>.+)$")


def glossary_entries(path: Path = ABBREVIATIONS) -> list[tuple[str, str]]:
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = DEFINITION.match(line)
        if not match:
            raise PluginError(f"{path}:{number}: not an abbreviation (`*[TERM]: definition`): {line!r}")
        entries.append((match["term"], match["text"]))
    return sorted(entries, key=lambda entry: entry[0].lower())


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    if MARKER not in markdown:
        return markdown
    terms = "\n\n".join(f"{term}\n:   {text}" for term, text in glossary_entries())
    return markdown.replace(MARKER, terms)
