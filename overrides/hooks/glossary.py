"""Render the glossary page from includes/abbreviations.md, the single source of the site's terms.

The same file is appended to every page by pymdownx.snippets (hover tooltips), so a term is written
once and shows up both as a tooltip everywhere and as an entry on the glossary page. Its format is
the model's (sitemodel/glossary.py).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from sitemodel import glossary_file, glossary_terms

MARKER = "<!-- glossary -->"


def glossary_entries(config) -> list[tuple[str, str]]:
    try:
        terms = glossary_terms(glossary_file(config))
    except ValueError as error:
        raise PluginError(str(error)) from None
    return sorted(((t.term, t.definition) for t in terms), key=lambda entry: entry[0].lower())


def on_page_markdown(markdown: str, page, config, **kwargs) -> str:
    if MARKER not in markdown:
        return markdown
    terms = "\n\n".join(f"{term}\n:   {text}" for term, text in glossary_entries(config))
    return markdown.replace(MARKER, terms)
