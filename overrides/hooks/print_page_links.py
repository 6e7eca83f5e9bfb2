"""Point Mermaid click links on the whole-guide print page at the copies of their targets there.

mkdocs-print-site-plugin puts every page into one /print_page/ and prefixes each heading id with its
page's slug (`#dns-resolv-conf-ndots`); it rewrites ordinary links, but not the links inside diagram
sources, which would then lead nowhere. This runs after the plugin has written the page (hooks run
after plugins) and applies the same scheme to every `click` line.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

SECTION = re.compile(r'<section class="print-page" id="(?P<slug>[^"]+)"')
CLICK = re.compile(r'^(?P<head>\s*click\s+\S+\s+(?:href\s+)?")(?P<url>[^"]+)(?P<tail>")', re.M)
DIAGRAM = re.compile(r'(<pre\s+class="mermaid"><code>)(.*?)(</code></pre>)', re.S)


def print_anchor(page_slug: str, url: str) -> str:
    if re.match(r"^[a-z]+:", url):
        return url  # external
    page_path = "" if page_slug == "index" else page_slug + "/"
    target = urlparse(urljoin("https://site/" + page_path, url))
    target_slug = target.path.strip("/") or "index"
    target_slug = target_slug.replace("/", "-")
    return f"#{target_slug}-{target.fragment}" if target.fragment else f"#{target_slug}"


def rewrite(html: str) -> str:
    parts = SECTION.split(html)
    # parts = [before, slug1, body1, slug2, body2, ...]
    out = [parts[0]]
    for slug, body in zip(parts[1::2], parts[2::2]):
        fix = lambda m: m["head"] + print_anchor(slug, m["url"]) + m["tail"]
        body = DIAGRAM.sub(lambda d: d[1] + CLICK.sub(fix, d[2]) + d[3], body)
        out += [f'<section class="print-page" id="{slug}"', body]
    return "".join(out)


def on_post_build(config, **kwargs) -> None:
    page = Path(config["site_dir"]) / "print_page" / "index.html"
    if page.is_file():
        page.write_text(rewrite(page.read_text(encoding="utf-8")), encoding="utf-8")
