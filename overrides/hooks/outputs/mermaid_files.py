"""Mermaid's files: where the hook vendor_assets.py copies them from and to, and which of them the
site's diagrams load (`precache_skips`, read by offline.py for the offline worker).

Those come from Mermaid's own module graph: its entry module and what it imports, and for each
diagram type the built pages use, the chunk Mermaid's detector for that type loads and what that chunk
imports. What a type loads later with `import()` (its layout, its parser) is not in that graph, so
DRAWN_WITH names it, per type; a page with a diagram type DRAWN_WITH does not list stops the build,
rather than shipping a diagram that cannot draw offline.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[3]
MERMAID_DIST = ROOT / "node_modules" / "mermaid" / "dist"
MERMAID_ENTRY = "mermaid.esm.min.mjs"
MERMAID_CHUNKS = Path("chunks") / "mermaid.esm.min"
TARGET = Path("assets") / "vendor" / "mermaid"

# Diagram type (a source's first word) -> chunks, by name without the content hash, that Mermaid
# imports with import() while drawing it: the default layout ("dagre") and Langium parsers (named after
# their diagram). Checked by drawing every diagram of the site in Chromium, offline with nothing else
# cached (tests/test_offline.py).
DRAWN_WITH = {
    "flowchart": ["dagre"],
    "graph": ["dagre"],
}

DIAGRAM = re.compile(r'<pre\s+class="mermaid"[^>]*><code>(.*?)</code></pre>', re.S)  # mkdocs-print-site writes <pre  class
STATIC_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"(\./[^"]+\.mjs)"')
DYNAMIC_IMPORT = re.compile(r'\bimport\("(\./[^"]+\.mjs)"\)')
# In the entry module, each diagram type registers a detector (a function testing the source with
# one or more regular expressions) and a loader that imports the type's chunk.
DETECTOR = re.compile(r'=>(?P<test>[^;]{0,400}?),"detector"\),\w+=\w+\(async\(\)=>\{let\{diagram:t\}=await import\("(?P<chunk>[^"]+)"\)')
JS_REGEX = re.compile(r'/((?:[^/\\\n]|\\.)+)/(\w*)\.test\(t\)')


def precache_skips(site: Path) -> list[str]:
    """Mermaid chunks in the built site that none of its diagrams loads, relative to the site."""
    needed = set(needed_chunks(diagram_types(site)))
    return sorted((TARGET / MERMAID_CHUNKS / chunk.name).as_posix()
                  for chunk in (site / TARGET / MERMAID_CHUNKS).glob("*.mjs")
                  if (MERMAID_CHUNKS / chunk.name).as_posix() not in needed)


def diagram_types(site: Path) -> dict[str, str]:
    """First word of each diagram source in the built pages -> one page that uses it."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        for match in DIAGRAM.finditer(page.read_text(encoding="utf-8")):
            source = html.unescape(re.sub(r"<[^>]+>", "", match[1]))
            found.setdefault(first_word(source), page.relative_to(site).as_posix())
    return found


def first_word(source: str) -> str:
    """The diagram's type keyword, after front matter and %% comments or directives."""
    source = re.sub(r"\A\s*---\n.*?\n---\s*\n", "", source, flags=re.S)
    lines = [line.strip() for line in source.splitlines() if line.strip() and not line.strip().startswith("%%")]
    return lines[0].split()[0] if lines else ""


def imports(chunk: str, pattern: re.Pattern) -> list[str]:
    """Files `chunk` (a path under MERMAID_DIST) imports, as paths under MERMAID_DIST."""
    folder = Path(chunk).parent
    text = (MERMAID_DIST / chunk).read_text(encoding="utf-8")
    return [(folder / relative).as_posix().replace("/./", "/").removeprefix("./") for relative in pattern.findall(text)]


def static_closure(start: list[str]) -> set[str]:
    seen, todo = set(), list(start)
    while todo:
        chunk = todo.pop()
        if chunk not in seen:
            seen.add(chunk)
            todo.extend(imports(chunk, STATIC_IMPORT))
    return seen


def type_chunks(keyword: str) -> list[str]:
    """The chunks of the diagram types whose detector accepts a source starting with `keyword`."""
    entry = (MERMAID_DIST / MERMAID_ENTRY).read_text(encoding="utf-8")
    found = []
    for detector in DETECTOR.finditer(entry):
        for pattern, flags in JS_REGEX.findall(detector["test"]):
            if re.search(pattern, f"{keyword} x", re.I if "i" in flags else 0):
                found.append(detector["chunk"].removeprefix("./"))
    return found


def needed_chunks(types: dict[str, str]) -> list[str]:
    """Every chunk (path under MERMAID_DIST) the site's diagram types load, entry module excluded."""
    start, helpers = [MERMAID_ENTRY], set()
    for keyword, page in types.items():
        if keyword not in DRAWN_WITH:
            raise PluginError(
                f"{page}: a Mermaid diagram of type '{keyword}', which overrides/hooks/vendor_assets.py "
                "does not list in DRAWN_WITH, so its chunks would be missing offline. Add the chunks "
                "it imports while drawing (see DRAWN_WITH) and check it in tests/test_offline.py.")
        loaders = type_chunks(keyword)
        if not loaders:
            raise PluginError(f"{page}: no Mermaid diagram type accepts a diagram starting '{keyword}'.")
        start += loaders
        helpers.update(DRAWN_WITH[keyword])
    needed = static_closure(start)
    later = {chunk for chunk in needed for chunk in imports(chunk, DYNAMIC_IMPORT)}
    chosen = {chunk for chunk in later if Path(chunk).name.split("-")[0] in helpers}
    missing = helpers - {Path(chunk).name.split("-")[0] for chunk in chosen}
    if missing:
        raise PluginError(f"outputs/mermaid_files.py: Mermaid imports no chunk named {sorted(missing)} any more "
                          "(DRAWN_WITH); check which chunks its diagrams load now.")
    return sorted((needed | static_closure(sorted(chosen))) - {MERMAID_ENTRY})
