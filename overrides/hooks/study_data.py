"""Write the study data: site/study-data.json (every question with its one-line answer) and
site/study-answers/<topic>.json (question id -> full answer HTML), for the study tools.

The review page and the mock interview (docs/assets/javascripts/study-tools.js) fetch the index only
when a reader starts studying, and a topic's answers only when one of its answers is revealed (the
index is about a quarter of the size); the Anki decks (anki.py) are built from both. The full answer is the
rendered HTML of the `<details class="answer">` under each question's `<h3 id>`, taken from the built
page, with each diagram replaced by a link to it on the site and links made relative to the site
root (the tools show answers on other pages).

Questions and topics come from the site model (sitemodel: the navigation and the Q&A format).
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from sitemodel import as_text, topics  # a sibling package: MkDocs puts this folder on sys.path while loading hooks

FORMAT = "k8s-networking-study-data"
VERSION = 1
OUTPUT = "study-data.json"
ANSWERS_DIR = "study-answers"

ANSWER_START = re.compile(r'<h3 id="(?P<id>[^"]+)"[^>]*>.*?</h3>\s*(?=<details class="answer")', re.S)
DETAILS_TAG = re.compile(r"<(/?)details\b[^>]*>")
SUMMARY = re.compile(r"^<details[^>]*>\s*<summary\b[^>]*>.*?</summary>\s*", re.S)
FIGURE = re.compile(r'<figure class="diagram">.*?</figure>', re.S)
BARE_DIAGRAM = re.compile(r'<pre class="mermaid".*?</pre>', re.S)
ACC_TITLE = re.compile(r"^\s*accTitle:\s*(.+)$", re.M)
LINK = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
TAG = re.compile(r"<[^>]+>")

_questions: list[dict] = []
_answers: dict[str, str] = {}


def site_questions(config) -> list[dict]:
    """Every question on the site, in navigation order: id, src, url, topic, question, answer, badges."""
    out = []
    for topic in topics(config["nav"], Path(config["docs_dir"])):
        for q in topic.page.questions:
            out.append({
                "id": q.id, "src": topic.src, "url": topic.url, "topic": topic.slug, "topic_title": topic.title,
                # The model's one-line answer (the cheat sheets' too), as text: rendered by the Markdown
                # engine, then its tags dropped.
                "question": q.text, "answer": as_text(q.one_liner), "badges": q.badges,
            })
    return out


def plain(html: str) -> str:
    """Markdown-rendered inline text without tags (for the one-line answer shown as text)."""
    from html import unescape

    return unescape(TAG.sub("", html)).strip()


def answer_blocks(html: str) -> dict[str, str]:
    """question id -> inner HTML of the answer block that follows its heading."""
    found = {}
    for match in ANSWER_START.finditer(html):
        start, depth = match.end(), 0
        for tag in DETAILS_TAG.finditer(html, start):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                found[match["id"]] = SUMMARY.sub("", html[start:tag.start()]).strip()
                break
    return found


def portable(inner: str, page_url: str, qid: str) -> str:
    """Diagrams become links to the page; links become relative to the site root."""

    def diagram(match: re.Match) -> str:
        title = ACC_TITLE.search(match.group(0))
        label = plain(title.group(1)) if title else "the diagram"
        return f'<p class="study-diagram-link"><a href="{page_url}#{qid}">Diagram: {label} (open it on the site)</a></p>'

    def relink(match: re.Match) -> str:
        url = match["url"]
        parts = urlsplit(url)
        if parts.scheme or url.startswith(("//", "mailto:", "data:")):
            return match.group(0)
        if url.startswith("#"):
            target = page_url.split("#")[0] + url
        else:
            target = posixpath.normpath(posixpath.join(page_url.split("#")[0] or ".", parts.path))
            target = "" if target == "." else target + ("/" if parts.path.endswith("/") else "")
            target += f"#{parts.fragment}" if parts.fragment else ""
        return f'{match["attr"]}="{target}"'

    inner = LINK.sub(relink, inner)
    inner = FIGURE.sub(diagram, inner)
    return BARE_DIAGRAM.sub(diagram, inner)


def on_config(config, **kwargs):
    _answers.clear()
    _questions[:] = site_questions(config)
    return config


def on_post_page(output: str, page, config, **kwargs) -> str:
    if 'class="answer"' in output and page.file.src_uri in {q["src"] for q in _questions}:
        for qid, inner in answer_blocks(output).items():
            _answers[qid] = portable(inner, page.url, qid)
    return output


def study_data(questions: list[dict], answers: dict[str, str]) -> dict:
    rows = []
    for q in questions:
        rows.append({
            "id": q["id"], "url": f"{q['url']}#{q['id']}", "topic": q["topic"], "topicTitle": q["topic_title"],
            "question": q["question"], "answer": q["answer"],
            "badges": [plain(b) for b in q["badges"]], "html": answers.get(q["id"], ""),
        })
    topics = list(dict.fromkeys((r["topic"], r["topicTitle"]) for r in rows))
    return {"format": FORMAT, "version": VERSION,
            "topics": [{"id": t, "title": title} for t, title in topics], "questions": rows}


def write_json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(config, **kwargs) -> None:
    if not _questions:
        return
    data = study_data(_questions, _answers)
    site = Path(config["site_dir"])
    for topic in data["topics"]:
        write_json(site / ANSWERS_DIR / f"{topic['id']}.json",
                   {q["id"]: q["html"] for q in data["questions"] if q["topic"] == topic["id"]})
    for q in data["questions"]:
        del q["html"]
    write_json(site / OUTPUT, data)


def load(site: Path) -> dict:
    """The study data as written, with each question's `html` put back (for anki.py and tests)."""
    data = json.loads((site / OUTPUT).read_text(encoding="utf-8"))
    answers = {}
    for topic in data["topics"]:
        answers.update(json.loads((site / ANSWERS_DIR / f"{topic['id']}.json").read_text(encoding="utf-8")))
    for q in data["questions"]:
        q["html"] = answers.get(q["id"], "")
    return data
