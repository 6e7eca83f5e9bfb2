"""The home page's topic list, written from the navigation: no list of topics is kept by hand.

`<!-- topics -->` on a page becomes the navigation's sections, each with its topic pages and the
few words of their front matter's `summary:`. The page's topic map (the Mermaid diagram titled
"Topic map") stays drawn by hand, for its arrows say what builds on what; this hook fails the build
when its boxes are not the navigation's sections or do not open each section's first page.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitemodel import MERMAID_CLICK, topic_map, topic_sections

MARKER = "<!-- topics -->"
BOX = re.compile(r"\b(?P<id>\w+)\[(?P<label>[^\]]+)\]")


def topic_list(sections, page_src: str) -> str:
    here = posixpath.dirname(page_src) or "."
    lines = []
    for title, topics in sections:
        lines.append(f"- {title}:")
        for topic in topics:
            summary = str(topic.page.meta.get("summary", "")).strip()
            if not summary:
                raise PluginError(f"docs/{topic.src}:1: no `summary:` in the front matter; add the few words "
                                  "the home page's topic list shows after the page's title")
            lines.append(f"    - [{topic.nav_title}]({posixpath.relpath(topic.src, here)}): {summary}")
    return "\n".join(lines)


def check_topic_map(text: str, sections, page_src: str) -> None:
    """`text`: the page's whole source, front matter included, so that lines are the file's."""
    found = topic_map(text)
    if not found:
        return
    line = found.line
    boxes = {m["label"]: m["id"] for m in BOX.finditer(found.source)}
    links = {m["node"]: m["url"] for m in MERMAID_CLICK.finditer(found.source)}
    expected = {title: topics[0].url for title, topics in sections}
    for title, url in expected.items():
        if title not in boxes:
            raise PluginError(f"docs/{page_src}:{line}: the topic map has no box for the section {title!r}; "
                              f"add `id[{title}]` and `click id \"{url}\"` (its first page in mkdocs.yml's nav)")
        if links.get(boxes[title]) != url:
            raise PluginError(f"docs/{page_src}:{line}: the topic map's box {title!r} should open {url!r}, "
                              f"the section's first page in mkdocs.yml's nav (`click {boxes[title]} \"{url}\"`)")
    for label in boxes.keys() - expected.keys():
        raise PluginError(f"docs/{page_src}:{line}: the topic map's box {label!r} is not a section of mkdocs.yml's "
                          "nav that holds topics; rename it after one or remove it")


def on_page_markdown(markdown: str, page, config, **kwargs) -> str:
    if MARKER not in markdown:
        return markdown
    sections = topic_sections(config["nav"], Path(config["docs_dir"]))
    check_topic_map(page.file.content_string, sections, page.file.src_uri)
    return markdown.replace(MARKER, topic_list(sections, page.file.src_uri))
