"""Run the fixes of output HTML (outputs/html_fixes.py) at their stages of the build: the content
fixes on each page's content, the page fixes on each finished page and the 404 page, the print-page
fixes on the whole-guide print page once mkdocs-print-site has written it."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from outputs.html_fixes import CONTENT_FIXES, PAGE_FIXES, print_page_fixes, run, skipped


def on_config(config, **kwargs):
    names = {f.name for f in CONTENT_FIXES + PAGE_FIXES + print_page_fixes(Path("."))}
    skipped.clear()
    skipped.update(config["extra"].get("postprocess_skip", []))
    if skipped - names:
        raise PluginError(f"extra.postprocess_skip names unknown fixes {sorted(skipped - names)}; known: {sorted(names)}")
    return config


def on_page_content(html: str, page, **kwargs) -> str:
    return run(CONTENT_FIXES, html, page.file.src_uri)


def on_post_page(html: str, page, **kwargs) -> str:
    return run(PAGE_FIXES, html, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, **kwargs) -> str:
    """The 404 page is rendered from a template, not a page, so on_post_page never sees it."""
    return run(PAGE_FIXES, output_content, template_name) if template_name == "404.html" else output_content


def on_post_build(config, **kwargs) -> None:
    site_dir = Path(config["site_dir"])
    page = site_dir / "print_page" / "index.html"
    if page.is_file():
        html = run(print_page_fixes(site_dir), page.read_text(encoding="utf-8"), "print_page/index.html")
        page.write_text(html, encoding="utf-8")
