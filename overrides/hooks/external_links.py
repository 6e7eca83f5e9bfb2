"""Mark links that leave the site with class="external-link".

Print CSS shows the address after such links. At print time Material has already made internal
links absolute (for instant navigation), so the address alone cannot tell internal from external;
the build, which still sees the author's relative links, can.
"""

from __future__ import annotations

import re

EXTERNAL = re.compile(r'<a (?![^>]*\bclass=)(href="https?://[^"]+")')


def on_page_content(html: str, **kwargs) -> str:
    return EXTERNAL.sub(r'<a class="external-link" \1', html)
