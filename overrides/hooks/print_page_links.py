"""Point Mermaid click links on the whole-guide print page at the copies of their targets there.

(It also drops md_in_html's leftover `markdown` attributes from the plugin's copy of each page.)

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
DIAGRAM = re.compile(r'(<pre\s+class="mermaid"[^>]*><code>)(.*?)(</code></pre>)', re.S)


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


# The plugin copies each page's HTML before our other hooks tidy it; tidy its copy the same way.
MARKDOWN_SWITCH = re.compile(r'(<div\b[^>]*?)\smarkdown(?:="[^"]*")?(?=[\s>])')


LOCAL_ANCHOR = re.compile(r'href="#([^"]+)"')


def relink_left_out_pages(html: str, site_dir: Path) -> str:
    """Links to pages the print page leaves out (cheat sheets, questions) became dead anchors there;
    point them back at the pages themselves."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))

    def fix(match: re.Match) -> str:
        target = match[1]
        if target in ids:
            return match[0]
        if target == "print_page":
            return 'href="#"'
        if (site_dir / target / "index.html").is_file():
            return f'href="../{target}/"'
        return match[0]

    return LOCAL_ANCHOR.sub(fix, html)


def on_post_build(config, **kwargs) -> None:
    page = Path(config["site_dir"]) / "print_page" / "index.html"
    if page.is_file():
        html = MARKDOWN_SWITCH.sub(r"\1", page.read_text(encoding="utf-8"))
        html = relink_left_out_pages(rewrite(html), Path(config["site_dir"]))
        page.write_text(html, encoding="utf-8")
