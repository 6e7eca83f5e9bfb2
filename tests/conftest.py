"""Session fixtures: build the site once (strict), serve it on loopback, drive it in Chromium."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from sitekit.build import ROOT, BuildResult, build_site, html_pages, page_url
from sitekit.browser import launch_chromium
from sitekit.serve import free_port, serve

DOCS = ROOT / "docs"


@dataclass
class BuiltSite:
    dir: Path
    url: str
    build: BuildResult

    def pages(self, not_found: bool = False) -> list[Path]:
        return html_pages(self.dir, not_found)

    def url_of(self, page: Path) -> str:
        return page_url(self.dir, page, self.url)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir, base)
    if result.returncode != 0:
        pytest.fail(f"`mkdocs build --strict` failed:\n{result.log}", pytrace=False)
    with serve(site_dir, port):
        yield BuiltSite(site_dir, base, result)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except RuntimeError as error:
            pytest.fail(str(error), pytrace=False)
        yield chromium
        chromium.close()


@pytest.fixture()
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def markdown_files(docs: Path = DOCS) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md"))


def make_fixture_site(tmp: Path, pages: dict[str, str], nav: str = "", abbreviations: str | None = None) -> Path:
    """A copy of the real configuration with only the given pages; returns its mkdocs.yml.

    Theme overrides, includes and assets are symlinked, so the fixture breaks exactly one thing.
    Without `nav` (YAML text of a `nav:` list) MkDocs lists the fixture pages itself; with
    `abbreviations` the fixture has its own includes/abbreviations.md instead of the site's.
    """
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.split("\nnav:")[0] + "\n" + (f"nav:\n{nav}" if nav else "")
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp / "overrides").symlink_to(ROOT / "overrides")
    if abbreviations is None:
        (tmp / "includes").symlink_to(ROOT / "includes")
    else:  # a glossary of the fixture's own
        (tmp / "includes").mkdir()
        (tmp / "includes" / "abbreviations.md").write_text(abbreviations, encoding="utf-8")
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "assets").symlink_to(DOCS / "assets")
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    return tmp / "mkdocs.yml"

