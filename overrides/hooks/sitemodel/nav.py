"""Topics, read from the site's navigation: no list of pages is kept anywhere else.

A topic page is any page in the navigation (nested sections included) that holds at least one
question, except the generated cheat sheets and pages that do not exist in docs/ (generated ones,
such as questions.md). Adding a page with questions to `nav:` in mkdocs.yml makes it a topic: it
gets a cheat sheet, a PDF and its place in the study data and the questions-only page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .markdown import Diagram, Page, diagrams, parse_page

GENERATED_FOLDERS = ("cheat-sheets/",)

# A page is parsed once per text, so `mkdocs serve` re-parses only what changed between builds.
# The pages are shared: read them, never change them.
_parsed_page = lru_cache(maxsize=512)(parse_page)


@dataclass
class Topic:
    nav_title: str
    src: str  # docs-relative, e.g. "dns.md"
    page: Page

    @property
    def slug(self) -> str:
        """"dns" for dns.md, "guides-dns" for guides/dns.md: names its cheat sheet and PDF."""
        return Path(self.src).with_suffix("").as_posix().replace("/", "-")

    @property
    def url(self) -> str:
        """The page's address from the site root: "dns/" for dns.md, "guides/" for guides/index.md."""
        folder = Path(self.src).with_suffix("").as_posix().removesuffix("index")
        return folder if not folder or folder.endswith("/") else folder + "/"

    @property
    def title(self) -> str:
        return self.page.title or self.nav_title


_this_build: tuple[object, list[Topic]] | None = None


def build_topics(config) -> list[Topic]:
    """The topics of the build `config` belongs to, read once and shared by every hook that asks.
    MkDocs makes a new config for each build (each rebuild of `mkdocs serve` too), so a new build
    reads the pages again."""
    global _this_build
    if _this_build is None or _this_build[0] is not config:
        _this_build = (config, topics(config["nav"], Path(config["docs_dir"])))
    return _this_build[1]


def nav_pages(nav) -> list[tuple[str, str]]:
    """(title, src) of every Markdown page in a `nav:` value, depth first, in order."""
    found = []

    def walk(entry, title: str = "") -> None:
        if isinstance(entry, str):
            if entry.endswith(".md") and "://" not in entry:
                found.append((title or Path(entry).stem, entry))
        elif isinstance(entry, list):
            for item in entry:
                walk(item)
        elif isinstance(entry, dict):
            for key, value in entry.items():
                walk(value, str(key))

    walk(nav or [])
    return found


def topics(nav, docs_dir: Path) -> list[Topic]:
    docs_dir = Path(docs_dir)
    found, seen = [], set()
    for title, src in nav_pages(nav):
        path = docs_dir / src
        if src in seen or src.startswith(GENERATED_FOLDERS) or not path.is_file():
            continue
        seen.add(src)
        page = _parsed_page(path.read_text(encoding="utf-8"), src)
        if page.questions:
            found.append(Topic(title, src, page))
    return found


TOPIC_MAP = "Topic map"  # the accTitle of the home page's diagram of the sections (topic_list.py checks it)


def topic_map(text: str) -> Diagram | None:
    """The topic map among a page's diagrams: the home page's, drawn again on the summary sheet."""
    return next((d for d in diagrams(text) if d.acc_title == TOPIC_MAP), None)


SHEETS_SECTION = "Cheat sheets by topic"  # an empty list in mkdocs.yml's nav, filled by list_sheets()


def list_sheets(nav, docs_dir: Path) -> None:
    """Fill the navigation's "Cheat sheets by topic" with each topic's generated sheet, in the
    topics' order. MkDocs gets it from cheat_sheets.py (on_config), scripts and tests from read_config."""
    def section(entries):
        for entry in entries if isinstance(entries, list) else []:
            for title, value in (entry.items() if isinstance(entry, dict) else []):
                found = value if title == SHEETS_SECTION and isinstance(value, list) else section(value)
                if found is not None:
                    return found
        return None

    sheets = section(nav)
    if sheets is not None:
        sheets[:] = [{f"Sheet: {topic.nav_title}": f"cheat-sheets/{topic.slug}.md"} for topic in topics(nav, docs_dir)]


def topic_sections(nav, docs_dir: Path) -> list[tuple[str, list[Topic]]]:
    """The navigation's top-level sections that hold topics, in order, each with its topics (nested
    sections included): the home page's topic list and topic map follow them."""
    by_src = {topic.src: topic for topic in topics(nav, docs_dir)}
    sections = []
    for entry in nav or []:
        if isinstance(entry, dict):
            for title, value in entry.items():
                found = [by_src[src] for _, src in nav_pages(value) if src in by_src]
                if found:
                    sections.append((str(title), found))
    return sections


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: `!ENV` and `!!python/name:` tags become plain values."""


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        seq = loader.construct_sequence(node)
        return seq[-1] if suffix == "!ENV" and seq else seq
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as a dict (docs_dir resolved), for scripts and tests that do not run MkDocs."""
    config_file = Path(config_file)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    config["docs_dir"] = str((config_file.parent / config.get("docs_dir", "docs")).resolve())
    config["config_file_path"] = str(config_file.resolve())  # as MkDocs' config has it
    list_sheets(config.get("nav"), Path(config["docs_dir"]))  # the navigation MkDocs will build
    return config


def site_topics(config_file: Path) -> list[Topic]:
    """The topics of the site described by a mkdocs.yml."""
    config = read_config(config_file)
    return topics(config.get("nav"), Path(config["docs_dir"]))
