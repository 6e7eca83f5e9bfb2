"""Print the cheat sheets, the whole guide and the questions-only page to PDF with headless Chromium.

    .venv/bin/python scripts/make_pdfs.py        (or `make pdf`)

Builds the site (strict, with PDF_LINKS=1 so pages link to their PDFs), serves it on loopback, opens
each page in the light scheme, waits until every diagram is drawn, and prints it to A4 into
site/pdf/. Chromium fires `beforeprint`, so Material opens every collapsed answer first. WeasyPrint
and similar tools cannot run Mermaid, which is why a real browser prints these. Finally the link
checker runs over the finished site, PDFs included.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "overrides" / "hooks"))
from sitemodel import site_topics  # noqa: E402
from sitekit.browser import PageReport, launch_chromium, settle, watch  # noqa: E402
from sitekit.build import ROOT, build_site  # noqa: E402
from sitekit.serve import free_port, serve  # noqa: E402



def topic_slugs(config_file: Path = ROOT / "mkdocs.yml") -> list[str]:
    """The topic pages of the navigation (sitemodel), e.g. ["pod-networking", ...]."""
    return [topic.slug for topic in site_topics(config_file)]


def targets(config_file: Path = ROOT / "mkdocs.yml") -> dict[str, str]:
    """PDF name -> page path, relative to the site root."""
    pages = {f"cheat-sheet-{slug}": f"cheat-sheets/{slug}/" for slug in topic_slugs(config_file)}
    pages["cheat-sheet-summary"] = "cheat-sheets/"
    pages["questions"] = "questions/"
    pages["guide"] = "print_page/"
    return pages


def print_pdfs(browser, base_url: str, out_dir: Path, only: list[str] | None = None) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    made = {}
    for name, path in targets().items():
        if only and name not in only:
            continue
        # No offline worker: it would download the whole site in the background of each page.
        context = browser.new_context(color_scheme="light", service_workers="block")
        page = context.new_page()
        report = PageReport(base_url + path)
        watch(page, report)
        page.goto(report.url, wait_until="load")
        settle(page, report, timeout_ms=60000)
        problems = report.problems()
        if problems:
            raise SystemExit("cannot print a page with problems:\n" + "\n".join(problems))
        made[name] = out_dir / f"{name}.pdf"
        page.pdf(path=str(made[name]), format="A4", print_background=True, prefer_css_page_size=True)
        context.close()
    return made


def main() -> int:
    site = ROOT / "site"
    port = free_port()
    os.environ["PDF_LINKS"] = "1"
    result = build_site(site, os.environ.get("SITE_URL", f"http://127.0.0.1:{port}/"))
    if result.returncode:
        print(result.log)
        return 1
    with serve(site, port) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        made = print_pdfs(browser, url, site / "pdf")
        browser.close()
    for name, path in made.items():
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.0f} KiB")
    import check_links

    problems = check_links.check_internal(site)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
