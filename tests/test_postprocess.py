"""The one post-processing step (overrides/hooks/outputs/html_fixes.py, run by postprocess.py): fixes
apply to both serialisations of Material's markup, and a required fix stops the build when the markup
moved."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from outputs import html_fixes

MATERIAL = ('<div class="md-search" data-md-component="search" role="dialog">\n'
            '<link rel="stylesheet" href="../css/print-site.css">\n'
            '<script src="../assets/javascripts/bundle.js"></script>\n'
            '<script src="../js/print-site.js"></script>\n')
# The same markup as mermaid2 re-serialises it with BeautifulSoup.
RESERIALISED = ('<div class="md-search" role="dialog" data-md-component="search">\n'
                '<link href="../css/print-site.css" rel="stylesheet"/>\n'
                "<script src='../assets/javascripts/bundle.js'></script>\n"
                '<script src="../js/print-site.js"></script>\n')


@pytest.mark.parametrize("html", [MATERIAL, RESERIALISED], ids=["material", "mermaid2"])
def test_page_fixes_apply_to_both_serialisations(html):
    out = html_fixes.run(html_fixes.PAGE_FIXES, html, "page.md")
    assert 'aria-label="Search"' in out
    assert "print-site" not in out
    assert '<script defer src="../assets/javascripts/bundle.js"></script>' in out


def test_a_required_fix_stops_the_build_when_materials_markup_moved():
    moved = MATERIAL.replace('role="dialog"', "")
    with pytest.raises(PluginError, match=r"page\.md: Material's markup changed, so the fix 'name the search dialog'"):
        html_fixes.run(html_fixes.PAGE_FIXES, moved, "page.md")


def test_diagram_and_caption_become_a_figure_with_only_the_source_kept_out_of_search():
    html = '<pre  class="mermaid"><code>flowchart LR</code></pre>\n<p class="diagram-caption">The path.</p>'
    out = html_fixes.run(html_fixes.CONTENT_FIXES, html, "page.md")
    assert out == ('<figure class="diagram"><pre class="mermaid" data-search-exclude><code>flowchart LR</code></pre>'
                   "<figcaption>The path.</figcaption></figure>")


def test_print_page_click_links_point_at_the_print_copies():
    html = ('<section class="print-page" id="dns"><pre class="mermaid"><code>flowchart LR\n'
            '  click a "../services/#clusterip" "T"\n  click b "#ndots" "T"</code></pre></section>')
    out, count = html_fixes.relink_diagram_clicks(html)
    assert count == 2 and '"#services-clusterip"' in out and '"#dns-ndots"' in out
