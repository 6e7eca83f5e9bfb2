"""The glossary's format: includes/abbreviations.md holds one `*[TERM]: definition` line per term
(blank lines between them are allowed). pymdownx.snippets appends the file to every page, which
gives each term its tooltip; the glossary page (glossary.py), search's synonyms (search.py) and the
content rules (unused terms) read it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

TERM_LINE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$")


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    line: int


def glossary_file(config) -> Path:
    """The glossary of the site `config` describes (MkDocs' config, or sitemodel.read_config's): the
    file pymdownx.snippets appends to every page (`auto_append` in mkdocs.yml), from the folder of
    mkdocs.yml, where builds run. A fixture site with a glossary of its own gets its own."""
    options = (config.get("mdx_configs") or {}).get("pymdownx.snippets")
    if options is None:  # read_config: the extensions as listed in mkdocs.yml
        options = next((e["pymdownx.snippets"] for e in config.get("markdown_extensions") or []
                        if isinstance(e, dict) and "pymdownx.snippets" in e), {})
    appended = (options or {}).get("auto_append") or []
    if len(appended) != 1:
        raise ValueError(f"mkdocs.yml: pymdownx.snippets appends {len(appended)} files; the glossary is the one "
                         "it appends to every page (sitemodel/glossary.py)")
    return Path(config["config_file_path"]).parent / appended[0]


def glossary_terms(path: Path) -> list[Term]:
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
