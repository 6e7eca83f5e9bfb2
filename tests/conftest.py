"""Session fixtures: build the site once (strict), serve it on loopback, drive it in Chromium."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from sitekit.build import ROOT, BuildResult, build_site, html_pages, page_url
from sitekit.browser import launch_chromium
from sitekit.serve import free_port, serve

DOCS = ROOT / "docs"
MERMAID_FENCE = re.compile(r"^(?P<indent>[ \t]*)```mermaid\s*$")


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


def mermaid_fences(markdown_file: Path) -> list[tuple[int, str]]:
    """(line of the opening fence, diagram source) for each Mermaid fence in a Markdown file."""
    fences, lines = [], markdown_file.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = MERMAID_FENCE.match(lines[i])
        if match:
            indent, start, body = match["indent"], i + 1, []
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i][len(indent):])
                i += 1
            fences.append((start, "\n".join(body)))
        i += 1
    return fences


def markdown_files(docs: Path = DOCS) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md"))


def make_fixture_site(tmp: Path, pages: dict[str, str]) -> Path:
    """A copy of the real configuration with only the given pages; returns its mkdocs.yml.

    Theme overrides, includes and assets are symlinked, so the fixture breaks exactly one thing.
    """
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.split("\nnav:")[0] + "\n"  # let MkDocs list the fixture pages itself
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    for shared in ("overrides", "includes"):
        (tmp / shared).symlink_to(ROOT / shared)
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "assets").symlink_to(DOCS / "assets")
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    return tmp / "mkdocs.yml"


# The build hooks are plain modules; tests import them to break them on purpose.
import sys  # noqa: E402

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
