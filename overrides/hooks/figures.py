"""Wrap each diagram and the caption under it in <figure> / <figcaption>.

Authors write a ```mermaid fence followed by an italic caption paragraph with `{ .diagram-caption }`.
As a figure, the caption is tied to its diagram for screen readers, printing can keep the two on one
page, and the full-screen control (diagram-fullscreen.js) has one element to enlarge.
"""

from __future__ import annotations

import re

DIAGRAM_WITH_CAPTION = re.compile(
    r'(?P<diagram><pre\s+class="mermaid"[^>]*>(?:(?!</pre>).)*</pre>)\s*<p class="diagram-caption">(?P<caption>.*?)</p>',
    re.S,
)
# A packet walk's nested bullets (packet state, drill choices; see diagram-stepper.js).
WALK_BULLET = re.compile(r"<li>(?=(?:<p>)?(?:(?P<packet>Packet(?: \((?:outer|inner)\))?)|Right|Wrong):)")
# md_in_html leaves the `markdown` switch on blocks that wrap diagrams; it is not valid HTML.
MARKDOWN_SWITCH = re.compile(r'(<div\b[^>]*?)\smarkdown(?:="[^"]*")?(?=[\s>])')


def on_page_content(html: str, **kwargs) -> str:
    html = MARKDOWN_SWITCH.sub(r"\1", html)
    # Diagram sources are not prose: keep them out of the search index (Material's documented switch).
    html = re.sub(r'<pre\s+class="mermaid">', '<pre class="mermaid" data-search-exclude>', html)
    # Manifests repeat field names the prose already explains; they would double the index that
    # every page downloads.
    html = html.replace('<div class="language-yaml highlight">', '<div class="language-yaml highlight" data-search-exclude>')
    # Lists of upstream links are not worth a search hit either.
    html = html.replace("<p><strong>Further reading:</strong>", "<p data-search-exclude><strong>Further reading:</strong>")
    # Packet-walk bullets repeat the addresses of the step captions; the reader meets them on the walk.
    # Drill choices are never shown as a list, with or without JavaScript (site.css).
    html = WALK_BULLET.sub(lambda m: f'<li class="walk-{"packet" if m["packet"] else "choice"}" data-search-exclude>', html)
    return DIAGRAM_WITH_CAPTION.sub(
        r'<figure class="diagram">\g<diagram><figcaption>\g<caption></figcaption></figure>', html
    )
