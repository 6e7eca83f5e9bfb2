"""The search index, fetched only when a reader searches, and only the part a query needs.

Material's search plugin (which runs first) writes search/search_index.json: one entry per page
and per heading, from the rendered pages, so every page, new ones included, is indexed with no extra
work. Material's bundle fetches that file on every page load; this hook takes its entries out,
and scripts/search-index.mjs (Node, MiniSearch's scoring) writes them as an index split into small
files in search/<hash>/ (its header describes them): one file per first two characters of a term,
and the shown text in blocks of a few documents. search_index.json keeps Material's configuration
only (its search highlighter on the opened page needs the separator), plus "index": the folder's
meta.json. The search worker (docs/assets/javascripts/search-worker.js, bundled by
bundle_assets.py) fetches meta.json when a reader opens search
(overrides/partials/search-worker.html starts it), then, per query, the files of its words and
the text of the results it shows: what a query costs depends on its words, not on the site's size.

Each entry: location, page title, title (the question), lead (the one-line answer, shown under a
result), text (the answer, tables included), code (inline code, commands and manifests), asked (other
ways people ask the question, from includes/search-asked-as.yml: indexed, never shown), and whether
it is a question. Which headings are questions, and their one-line answers, come from the site model
(sitemodel); the other headings' lead is their first paragraph. Synonyms come from includes/search-synonyms.yml and the abbreviations in
includes/abbreviations.md.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from sitemodel import Question, as_text, build_topics, glossary_file, glossary_terms, tag_further_reading

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "search-index.mjs"
SYNONYMS = ROOT / "includes" / "search-synonyms.yml"
ASKED_AS = ROOT / "includes" / "search-asked-as.yml"
CODE = re.compile(r"<code>(.*?)</code>", re.S)
FIRST_PARAGRAPH = re.compile(r"^\s*<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", markup))).strip()


def questions_by_location(config) -> dict[str, Question]:
    """The model's questions by the location the search plugin gives their headings: "services/#headless-service"."""
    return {f"{topic.url}#{q.id}": q for topic in build_topics(config)
            for q in topic.page.questions}


def question_key(location: str) -> str:
    """"services/#headless-service" -> "services#headless-service", as search-asked-as.yml names it."""
    return location.replace("/#", "#")


def entry(doc: dict, page_titles: dict[str, str], questions: dict[str, Question], asked: dict[str, list[str]]) -> dict:
    location = doc["location"]
    page = location.split("#")[0]
    text = doc.get("text", "")
    question = questions.get(location)
    first = FIRST_PARAGRAPH.match(text)
    lead = as_text(question.one_liner) if question else plain(first[1]) if first else plain(text)[:240]
    code = " ".join(plain(part) for part in CODE.findall(text))
    return {
        "location": location,
        "page": page_titles.get(page, ""),
        "title": plain(doc["title"]),
        "lead": lead,
        "text": plain(text),
        "code": code,
        "asked": asked.get(question_key(location), []),
        "question": question is not None,
    }


def asked_as(questions: set[str], path: Path = ASKED_AS) -> dict[str, list[str]]:
    """`page#anchor` -> other ways people ask that question. A key that names no question (renamed
    or removed) fails the build, with its line, so no phrasing is silently lost."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    lines = {row.split(":")[0]: n for n, row in reversed(list(enumerate(text.splitlines(), 1)))}
    problems = []
    for key, phrasings in data.items():
        line = lines.get(key, 0)
        if key not in questions:
            problems.append(f"{path.name}:{line}: {key} is not a question on the site; use the question's "
                            f"page#anchor (its heading's {{ #anchor }}), or remove the entry")
        elif not isinstance(phrasings, list) or not all(isinstance(p, str) and p.strip() for p in phrasings):
            problems.append(f"{path.name}:{line}: {key} needs a list of phrasings, one `- text` line each")
    if problems:
        raise PluginError("Search phrasings that name no question:\n" + "\n".join(problems))
    return data


def synonyms(config) -> dict[str, list[str]]:
    """`what readers type` -> the site's terms, lower case."""
    found: dict[str, list[str]] = {}

    def add(word: str, terms: list[str]) -> None:
        word = word.strip().lower()
        terms = [t.strip().lower() for t in terms if t.strip() and t.strip().lower() != word]
        if word and terms:
            found[word] = list(dict.fromkeys(found.get(word, []) + terms))

    for word, terms in (yaml.safe_load(SYNONYMS.read_text(encoding="utf-8")) or {}).items():
        add(str(word), str(terms).split("|"))
    for term in glossary_terms(glossary_file(config)):  # the glossary hook has stopped the build on a line that is no term
        abbr, head = term.term, term.definition.split(":")[0].split("(")[0].strip()
        if head.lower() != abbr.lower() and len(head.split()) <= 6:
            add(abbr, [head])
            add(head, [abbr])
    return found


def on_page_markdown(markdown: str, **kwargs) -> str:
    """Each answer's further-reading paragraph stays out of the index (sitemodel.tag_further_reading)."""
    return tag_further_reading(markdown)


def on_post_build(config, **kwargs):
    folder = Path(config.site_dir) / "search"
    material = folder / "search_index.json"
    if not material.is_file():  # the search plugin is off
        return
    index = json.loads(material.read_text(encoding="utf-8"))
    page_titles = {doc["location"]: plain(doc["title"]) for doc in index["docs"] if "#" not in doc["location"]}
    questions = questions_by_location(config)
    asked = asked_as({question_key(location) for location in questions})
    for old in folder.glob("*/meta.json"):  # a previous build's index (mkdocs serve keeps the folder)
        shutil.rmtree(old.parent)
    with tempfile.TemporaryDirectory() as tmp:
        entries = Path(tmp) / "entries.json"
        entries.write_text(json.dumps({"docs": [entry(doc, page_titles, questions, asked) for doc in index["docs"]],
                                                 "synonyms": synonyms(config)},
                                      ensure_ascii=False), encoding="utf-8")
        result = subprocess.run(["node", str(SCRIPT), str(entries), str(folder)], capture_output=True, text=True,
                                check=False)
    if result.returncode:
        raise PluginError(f"scripts/search-index.mjs could not write the search index; fix this and rebuild "
                          f"(`npm ci` installs minisearch):\n{result.stderr}")
    written = json.loads(result.stdout.strip().splitlines()[-1])
    material.write_text(json.dumps({"config": {**index["config"], "index": f"search/{written['folder']}/meta.json"}, "docs": []},
                                   separators=(",", ":")), encoding="utf-8")
