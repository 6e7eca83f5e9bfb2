"""Keep mkdocs-print-site-plugin's stylesheets and script on its own print page only.

The plugin adds them to every page through extra_css / extra_javascript, where they do nothing but
cost three requests (and its @page rules would print every page with its chapter footer). The print
page is rendered by the plugin itself after the build and keeps them.
"""

from __future__ import annotations

import re

PLUGIN_ASSET = re.compile(
    r'\s*<link href="[^"]*css/print-site(?:-[a-z]+)?\.css" rel="stylesheet"/?>'
    r'|\s*<link rel="stylesheet" href="[^"]*css/print-site(?:-[a-z]+)?\.css"/?>'
    r'|\s*<script src="[^"]*js/print-site\.js"></script>'
)


def on_post_page(html: str, page, **kwargs) -> str:
    return PLUGIN_ASSET.sub("", html)


def on_post_template(output_content: str, template_name: str, **kwargs) -> str:
    """The 404 page is rendered from a template, not a page, so on_post_page never sees it."""
    return PLUGIN_ASSET.sub("", output_content) if template_name == "404.html" else output_content
