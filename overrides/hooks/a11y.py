"""Accessibility fixes to Material's own markup that CSS cannot make.

Each fix names the element it changes and why; if Material's markup changes so that a fix no longer
applies, the build stops here instead of silently shipping the violation again.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

FIXES = [
    # axe `aria-dialog-name`: the search overlay is a dialog without a name.
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'),
]


def fix(html: str, where: str) -> str:
    for old, new in FIXES:
        if old not in html and new not in html:
            raise PluginError(f"{where}: Material's markup changed; update overrides/hooks/a11y.py ({old!r})")
        html = html.replace(old, new)
    return html


def on_post_page(html: str, page, **kwargs) -> str:
    return fix(html, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, **kwargs) -> str:
    """The 404 page is rendered from a template, not a page, so on_post_page never sees it."""
    return fix(output_content, template_name) if template_name == "404.html" else output_content
