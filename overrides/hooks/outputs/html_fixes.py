"""Every edit of output HTML, in one place and in an explicit order (the hook postprocess.py runs them).

Three stages, each an ordered list of small named fixes:

- CONTENT_FIXES run on each page's content HTML (on_page_content: what Python-Markdown made from
  the author's Markdown, before the theme wraps it), so they see one stable format.
- PAGE_FIXES run on each finished page (on_post_page), on the 404 page, which is rendered from a
  template and so never passes on_post_page (on_post_template), and on the whole-guide print page.
- PRINT_PAGE_FIXES run on the print page, which mkdocs-print-site writes itself after the build
  (on_post_build; hooks run after plugins, so it is there), followed by the PAGE_FIXES.

A fix marked `required` edits markup of Material's that we rely on: when it finds nothing to
change, Material's markup has moved and the build stops with the fix's name, instead of silently
shipping the problem again. Tags are matched by attribute (sitemodel.html), so mermaid2's
re-serialisation of pages (attribute order, quoting, `/>`) does not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlparse

from mkdocs.exceptions import PluginError

from sitemodel import MERMAID_CLICK
from sitemodel.html import edit_tags


@dataclass
class Fix:
    name: str
    why: str
    apply: Callable[[str], tuple[str, int]]  # html -> (html, number of changes)
    required: bool = False  # 0 changes means Material's markup moved: stop the build


skipped: set[str] = set()  # fix names in `extra: postprocess_skip:` (the benchmark's baseline)


def run(fixes: list[Fix], html: str, where: str) -> str:
    for fix in fixes:
        if fix.name in skipped:
            continue
        html, count = fix.apply(html)
        if fix.required and count == 0:
            raise PluginError(f"{where}: Material's markup changed, so the fix {fix.name!r} ({fix.why}) "
                              "found nothing to change; update it in overrides/hooks/outputs/html_fixes.py")
    return html


def counted(pattern: re.Pattern, replacement) -> Callable[[str], tuple[str, int]]:
    return lambda html: pattern.subn(replacement, html)


# --- content fixes (our own Markdown's HTML) -----------------------------------------------------

# md_in_html leaves the `markdown` switch on blocks that wrap diagrams; it is not valid HTML.
MARKDOWN_SWITCH = re.compile(r'(<div\b[^>]*?)\smarkdown(?:="[^"]*")?(?=[\s>])')
EXTERNAL = re.compile(r'<a (?![^>]*\bclass=)(href="https?://[^"]+")')
DIAGRAM_WITH_CAPTION = re.compile(
    r'(?P<diagram><pre\s+class="mermaid"[^>]*>(?:(?!</pre>).)*</pre>)\s*<p class="diagram-caption">(?P<caption>.*?)</p>',
    re.S,
)

SEARCH_EXCLUDED = [
    # (what, pattern of the opening tag, why it is not worth a place in the search index). Commands,
    # manifests, key-command tables, walk steps and diagram captions are indexed: readers paste them,
    # and the index is fetched only when a reader searches (overrides/hooks/search.py). A walk's
    # packet and choice bullets and an answer's further reading are kept out in the Markdown
    # (sitemodel: tag_walk_bullets, tag_further_reading); what is here has no Markdown of its own.
    ("diagram sources", re.compile(r'<pre class="mermaid"(?=>)'), "not prose"),
    ("answer label", re.compile(r'<summary(?=>Answer</summary>)'), "the same word on every question"),
]


def search_exclude(html: str) -> tuple[str, int]:
    # data-search-exclude is Material's documented switch; its search plugin skips the element.
    html = re.sub(r'<pre\s+class="mermaid"', '<pre class="mermaid"', html)
    total = 0
    for _what, opening, _why in SEARCH_EXCLUDED:
        html, count = opening.subn(lambda m: m[0] + " data-search-exclude", html)
        total += count
    return html, total


CONTENT_FIXES = [
    Fix("drop markdown switch", "md_in_html leaves markdown=\"1\" on <div>s; not valid HTML",
        counted(MARKDOWN_SWITCH, r"\1")),
    # Print CSS shows the address after such links. At print time Material has made internal links
    # absolute (instant navigation), so only the build, seeing the author's links, can tell.
    Fix("mark external links", 'class="external-link" on links that leave the site, for print CSS',
        counted(EXTERNAL, r'<a class="external-link" \1')),
    Fix("keep non-prose out of search", "diagram sources and the answer label",
        search_exclude),
    # A diagram and the italic `{ .diagram-caption }` paragraph under it become one <figure>: the
    # caption is tied to its diagram for screen readers, printing keeps the two together, and the
    # full-screen control (diagram-fullscreen.js) has one element to enlarge. (pymdownx.blocks.caption
    # would make the figure too, but only from its own `/// caption` block syntax: every diagram on
    # every page would change its authored form, and the content rules, cheat sheets and the packet
    # walks' caption handling would follow. This one regex on our own renderer's output is smaller.)
    Fix("wrap diagrams in figures", "diagram + caption -> <figure class=diagram> with <figcaption>",
        counted(DIAGRAM_WITH_CAPTION, r'<figure class="diagram">\g<diagram><figcaption>\g<caption></figcaption></figure>')),
]


# --- page fixes (Material's template, the 404 page and the print page) ---------------------------

def name_the_search_dialog(html: str) -> tuple[str, int]:
    # axe `aria-dialog-name`: Material's search overlay is a dialog without a name.
    return edit_tags(html, "div",
                     lambda a: a.get("data-md-component") == "search" and a.get("role") == "dialog",
                     lambda a: {**a, "aria-label": a.get("aria-label") or "Search"})


PRINT_SITE_ASSET = re.compile(r"(?:^|/)(?:css/print-site(?:-[a-z]+)?\.css|js/print-site\.js)$")


def drop_print_site_assets(html: str) -> tuple[str, int]:
    # mkdocs-print-site adds its CSS and script to every page, where they do nothing but cost three
    # requests (and its @page rules would print every page with its chapter footer).
    html, links = edit_tags(html, "link", lambda a: bool(PRINT_SITE_ASSET.search(a.get("href") or "")),
                            lambda a: None)
    html, scripts = edit_tags(html, "script", lambda a: bool(PRINT_SITE_ASSET.search(a.get("src") or "")),
                              lambda a: None, element=True)
    return html, links + scripts


def defer_scripts(html: str) -> tuple[str, int]:
    # Material ends <body> with a plain <script src> for its bundle; on a phone that held the first
    # paint until it had run (Lighthouse: 1.8 s to first paint on the glossary, 1.2 s deferred).
    # Deferred scripts still run in document order before DOMContentLoaded, and no inline script
    # depends on them.
    return edit_tags(html, "script",
                     lambda a: "src" in a and not ({"defer", "async"} & a.keys()) and a.get("type") != "module",
                     lambda a: {"defer": None, **a})


def defer_scripts_required(html: str) -> tuple[str, int]:
    html, count = defer_scripts(html)
    already = len(re.findall(r"<script\b[^>]*\sdefer\b", html))
    return html, count or already


PAGE_FIXES = [
    Fix("name the search dialog", "axe aria-dialog-name on Material's search overlay",
        name_the_search_dialog, required=True),
    Fix("drop print-site assets", "mkdocs-print-site's CSS and JS belong on its print page only",
        drop_print_site_assets),
    # Last: it rewrites the script tags the fixes above look for.
    Fix("defer scripts", "no script holds the first paint", defer_scripts_required, required=True),
]


# --- print page fixes (mkdocs-print-site's /print_page/) ------------------------------------------

SECTION = re.compile(r'<section class="print-page" id="(?P<slug>[^"]+)"')
DIAGRAM = re.compile(r'(<pre\s+class="mermaid"[^>]*><code>)(.*?)(</code></pre>)', re.S)
LOCAL_ANCHOR = re.compile(r'href="#([^"]+)"')


def print_anchor(page_slug: str, url: str) -> str:
    """The print page's id for a link written on page `page_slug` (`#dns-resolv-conf-ndots`)."""
    if re.match(r"^[a-z]+:", url):
        return url  # external
    page_path = "" if page_slug == "index" else page_slug + "/"
    target = urlparse(urljoin("https://site/" + page_path, url))
    target_slug = (target.path.strip("/") or "index").replace("/", "-")
    return f"#{target_slug}-{target.fragment}" if target.fragment else f"#{target_slug}"


def relink_diagram_clicks(html: str) -> tuple[str, int]:
    # mkdocs-print-site prefixes each heading id with its page's slug and rewrites ordinary links,
    # but not the links inside diagram sources; apply the same scheme to every `click` line.
    parts = SECTION.split(html)  # [before, slug1, body1, slug2, body2, ...]
    out, count = [parts[0]], 0
    for slug, body in zip(parts[1::2], parts[2::2]):
        def fix(match: re.Match, slug=slug) -> str:
            nonlocal count
            count += 1
            return match["head"] + print_anchor(slug, match["url"]) + match["tail"]
        body = DIAGRAM.sub(lambda d: d[1] + MERMAID_CLICK.sub(fix, d[2]) + d[3], body)
        out += [f'<section class="print-page" id="{slug}"', body]
    return "".join(out), count


def relink_left_out_pages(site_dir: Path) -> Callable[[str], tuple[str, int]]:
    """Links to pages the print page leaves out (cheat sheets, questions) became dead anchors
    there; point them back at the pages themselves."""
    def apply(html: str) -> tuple[str, int]:
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        count = 0

        def fix(match: re.Match) -> str:
            nonlocal count
            target = match[1]
            if target in ids:
                return match[0]
            count += 1
            if target == "print_page":
                return 'href="#"'
            if (site_dir / target / "index.html").is_file():
                return f'href="../{target}/"'
            count -= 1
            return match[0]

        return LOCAL_ANCHOR.sub(fix, html), count
    return apply


def print_page_fixes(site_dir: Path) -> list[Fix]:
    return [
        # The plugin copies each page's HTML before on_page_content's fixes; tidy its copy the same way.
        Fix("drop markdown switch", "md_in_html's leftover attribute, in the plugin's copies",
            counted(MARKDOWN_SWITCH, r"\1")),
        Fix("relink diagram clicks", "Mermaid click links to the print page's own copies", relink_diagram_clicks),
        Fix("relink left-out pages", "links to cheat sheets and questions leave the print page",
            relink_left_out_pages(site_dir)),
        Fix("name the search dialog", "axe aria-dialog-name on Material's search overlay",
            name_the_search_dialog, required=True),
        Fix("defer scripts", "no script holds the first paint", defer_scripts_required, required=True),
    ]
