"""The glossary's format: includes/abbreviations.md holds one `*[TERM]: definition` line per term
(blank lines between them are allowed). pymdownx.snippets appends the file to every page, which
gives each term its tooltip; the glossary page (glossary.py), search's synonyms (search.py) and the
content rules (unused terms) read it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[3] / "includes" / "abbreviations.md"
TERM_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$")


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    line: int


def glossary_terms(path: Path = GLOSSARY) -> list[Term]:
    """Every term in file order. A line that is not a term raises ValueError naming the file and line."""
    terms = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = TERM_LINE.match(line)
        if not match:
            raise ValueError(f"{path}:{number}: not a glossary term (`*[TERM]: definition`): {line!r}")
        terms.append(Term(match["term"], match["definition"], number))
    return terms
