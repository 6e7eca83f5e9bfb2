"""Render a piece of a page's Markdown (a question's answer) as MkDocs renders the page, for showing it
away from that page: the review page, the mock interview, the Anki decks.

MkDocs 1.6 renders a page (mkdocs/structure/pages.py, `Page.render`) with
`markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)` and
four processors of its own; only one of them changes the HTML, `relpath`, which makes links to
Markdown files relative to the page. `engine()` is that Markdown engine with `SiteRootLinks` in
relpath's place: the same links, resolved the same way, relative to the site root instead, since the
piece is shown on other pages, or absolute under a base (the site's URL) for a piece shown off the
site (an Anki card). A custom fence (a diagram) can be given another formatter, and
`DetailsBodies` takes the body of each collapsible block, so that an answer is parsed in its block.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from typing import Callable
from urllib.parse import unquote, urlsplit, urlunsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

FenceFormatter = Callable[..., str]  # pymdownx.superfences' format(source, language, class_name, options, md, **kwargs)


class SiteRootLinks(Treeprocessor):
    """Links and images as relpath resolves them, made relative to the site root (`dns/#ndots`), or
    absolute under `base` when given (`https://example.org/guide/dns/#ndots`)."""

    def __init__(self, file: File, files: Files, base: str = "") -> None:
        super().__init__()
        self.file, self.files, self.base = file, files, base

    def run(self, root) -> None:
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(element.tag)
            if key and element.get(key) is not None:
                element.set(key, self.url(element.get(key)))

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or AMP_SUBSTITUTE in url:
            return url  # another site, an e-mail address, or absolute: relpath leaves these too
        if not parts.path:
            return self.base + self.file.url + url  # `#id` on the page itself
        target = self.files.get_file_from_path(
            posixpath.normpath(posixpath.join(posixpath.dirname(self.file.src_uri), unquote(parts.path))))
        if target is None:
            return url  # relpath leaves it too, and the page's own render warns about it (strict: fails)
        return self.base + urlunsplit(("", "", target.url, parts.query, parts.fragment))


class DetailsBodies(Treeprocessor):
    """Collects the body of each top-level collapsible block (pymdownx.details), its summary dropped,
    as HTML: serialised and post-processed as `Markdown.convert` does the whole document. Register it
    last (after prettify), so that each body is spaced as on its page.

    One document of several blocks costs one conversion: the engine parses the appended glossary
    (pymdownx.snippets' auto_append) on each, about as long as a topic page's own content."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.bodies: list[str] = []

    def run(self, root) -> None:
        self.bodies = []
        for details in root.findall("details"):
            body = etree.Element(self.md.doc_tag)
            body.extend(child for child in details if child.tag != "summary")
            html = self.md.serializer(body)
            html = html[html.index(f"<{self.md.doc_tag}>") + len(self.md.doc_tag) + 2:html.rindex(f"</{self.md.doc_tag}>")]
            for postprocessor in self.md.postprocessors:
                html = postprocessor.run(html)
            self.bodies.append(html.strip())


def engine(config: MkDocsConfig, file: File, files: Files,
           fences: dict[str, FenceFormatter] | None = None, base: str = "") -> markdown.Markdown:
    """The site's Markdown engine for a piece of `file`'s Markdown, links relative to the site root
    (absolute under `base` when given), each custom fence named in `fences` formatted by the
    formatter given for it."""
    configs = dict(config.mdx_configs or {})
    if fences:
        superfences = dict(configs.get("pymdownx.superfences", {}))
        custom = superfences.get("custom_fences", [])
        unknown = set(fences) - {fence["name"] for fence in custom}
        if unknown:
            raise ValueError(f"no custom fence {sorted(unknown)} in pymdownx.superfences; mkdocs.yml has "
                             f"{[fence['name'] for fence in custom]}")
        superfences["custom_fences"] = [{**fence, "format": fences.get(fence["name"], fence["format"])}
                                        for fence in custom]
        configs["pymdownx.superfences"] = superfences
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)
    md.treeprocessors.register(SiteRootLinks(file, files, base), "site_root_links", 0)  # relpath's priority
    return md
