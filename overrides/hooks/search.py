"""The search index, fetched only when a reader searches.

Material's search plugin (which runs first) writes search/search_index.json: one entry per page
and per heading, from the rendered pages, so every page, new ones included, is indexed with no extra
work. Material's bundle fetches that file on every page load; this hook moves its entries into

    search/index.<hash>.json   {"docs": [...], "synonyms": {...}}

and leaves search_index.json with Material's configuration only (its search highlighter on the
opened page needs the separator), plus "index": the new file's path. The search worker
(docs/assets/javascripts/search-worker.js, bundled by bundle_assets.py) fetches the index the first
time a reader opens search (overrides/partials/search-worker.html starts it).

Each entry: location, page title, title (the question), lead (the one-line answer, shown under a
result), text (the answer, tables included) and code (inline code, commands and manifests), and
whether it is a question. Synonyms come from includes/search-synonyms.yml and the abbreviations in
includes/abbreviations.md.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SYNONYMS = ROOT / "includes" / "search-synonyms.yml"
ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
ABBREVIATION = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:\s*(?P<definition>.+)$", re.M)
CODE = re.compile(r"<code>(.*?)</code>", re.S)
FIRST_PARAGRAPH = re.compile(r"^\s*<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", markup))).strip()


def entry(doc: dict, page_titles: dict[str, str]) -> dict:
    location = doc["location"]
    page = location.split("#")[0]
    text = doc.get("text", "")
    question = "#" in location and doc["title"].rstrip().endswith("?")
    lead = FIRST_PARAGRAPH.match(text)
    code = " ".join(plain(part) for part in CODE.findall(text))
    return {
        "location": location,
        "page": page_titles.get(page, ""),
        "title": plain(doc["title"]),
        "lead": plain(lead[1]) if lead else plain(text)[:240],
        "text": plain(text),
        "code": code,
        "question": question,
    }


def synonyms() -> dict[str, list[str]]:
    """`what readers type` -> the site's terms, lower case."""
    found: dict[str, list[str]] = {}

    def add(word: str, terms: list[str]) -> None:
        word = word.strip().lower()
        terms = [t.strip().lower() for t in terms if t.strip() and t.strip().lower() != word]
        if word and terms:
            found[word] = list(dict.fromkeys(found.get(word, []) + terms))

    for word, terms in (yaml.safe_load(SYNONYMS.read_text(encoding="utf-8")) or {}).items():
        add(str(word), str(terms).split("|"))
    for match in ABBREVIATION.finditer(ABBREVIATIONS.read_text(encoding="utf-8")):
        abbr, head = match["abbr"], match["definition"].split(":")[0].split("(")[0].strip()
        if head.lower() != abbr.lower() and len(head.split()) <= 6:
            add(abbr, [head])
            add(head, [abbr])
    return found


def on_post_build(config, **kwargs):
    folder = Path(config.site_dir) / "search"
    material = folder / "search_index.json"
    if not material.is_file():  # the search plugin is off
        return
    index = json.loads(material.read_text(encoding="utf-8"))
    page_titles = {doc["location"]: plain(doc["title"]) for doc in index["docs"] if "#" not in doc["location"]}
    data = json.dumps({"docs": [entry(doc, page_titles) for doc in index["docs"]], "synonyms": synonyms()},
                      ensure_ascii=False, separators=(",", ":")).encode()
    name = f"index.{hashlib.sha256(data).hexdigest()[:8]}.json"
    for old in folder.glob("index.*.json"):
        old.unlink()
    (folder / name).write_bytes(data)
    material.write_text(json.dumps({"config": {**index["config"], "index": f"search/{name}"}, "docs": []},
                                   separators=(",", ":")), encoding="utf-8")
