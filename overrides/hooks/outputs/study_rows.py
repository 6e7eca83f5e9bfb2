"""The study data, made from the site model, which the hook study_data.py writes as
site/study-data.json (every question with its one-line answer) and site/study-answers/<topic>.json
(question id -> full answer HTML), for the study tools.

The review page and the mock interview (docs/assets/javascripts/study-pages.js) fetch the index only
when a reader starts studying, and a topic's answers only when one of its answers is revealed (the
index is about a quarter of the size). The Anki decks (anki.py) are built from the same rows, each
answer rendered for a card by `page_answers` (after its one-line answer, links absolute).

Questions, topics and each question's answer Markdown come from the site model (sitemodel: the
navigation and the Q&A format). The full answer is that Markdown rendered by the site's Markdown
engine in its answer block, as its page renders it (sitemodel.render), with the page's walk-bullet
classes (walk_data.py) and content fixes (outputs/html_fixes.py). It differs from the page's answer
where it is shown away from the page: each diagram becomes a link to it on the site (its caption goes with
it), links are relative to the site root, and walks carry no `data-walk` (nothing steps through a
walk there).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from outputs.html_fixes import CONTENT_FIXES, run
from sitemodel import Question, answer_block, as_text, build_topics, diagram_title, diagrams, tag_further_reading
from sitemodel.render import DetailsBodies, engine
from sitemodel.walks import tag_walk_bullets

FORMAT = "k8s-networking-study-data"
VERSION = 1
OUTPUT = "study-data.json"
ANSWERS_DIR = "study-answers"


def site_questions(config) -> list[dict]:
    """Every question on the site, in navigation order: id, src, url, topic, question, answer, badges."""
    out = []
    for topic in build_topics(config):
        for q in topic.page.questions:
            out.append({
                "id": q.id, "src": topic.src, "url": topic.url, "topic": topic.slug, "topic_title": topic.title,
                # The model's one-line answer (the cheat sheets' too), as text: rendered by the Markdown
                # engine, then its tags dropped.
                "question": q.text, "answer": as_text(q.one_liner), "badges": q.badges,
            })
    return out


class DiagramLinks:
    """The Mermaid fence's formatter in study answers: a link to the diagram on its page, named by its
    accTitle (the review page and the decks draw no diagrams). The engine meets the fences in the
    order the model lists them, so the links' targets are given in that order; `met` counts the
    fences met, for the caller to check (pymdownx.superfences swallows a formatter's exceptions)."""

    def __init__(self, hrefs: list[str]) -> None:
        self.hrefs, self.met = hrefs, 0

    def __call__(self, source: str, *args, **kwargs) -> str:
        href = escape(self.hrefs[self.met] if self.met < len(self.hrefs) else "")
        self.met += 1
        label = escape(diagram_title(source) or "the diagram", quote=False)
        return f'<p class="study-diagram-link"><a href="{href}">Diagram: {label} (open it on the site)</a></p>'


def without_captions(answer: str) -> str:
    """The answer's Markdown without its diagrams' captions (a caption without its diagram says nothing)."""
    lines = answer.split("\n")
    captions = {n for d in diagrams(answer) if d.caption_line for n in (d.caption_line, d.caption_line + 1)}
    return "\n".join(line for n, line in enumerate(lines, start=1) if n not in captions)


def page_answers(questions: list[Question], file: File, config: MkDocsConfig, files: Files, *,
                 base: str = "", without_one_liner: bool = False) -> dict[str, str]:
    """Each question's answer as HTML for the study tools, rendered from the model's Markdown: the
    answer blocks of the page `file`, one after another, in one document. Links are relative to the
    site root, or absolute under `base`; `without_one_liner` renders each answer after its one-line
    answer (Question.body), for a place that shows the one-line answer by itself (anki.py)."""
    markdown_of = [q.body if without_one_liner else q.answer for q in questions]
    links = DiagramLinks([f"{base}{file.url}#{q.id}"
                          for q, text in zip(questions, markdown_of) for _ in diagrams(text)])
    md = engine(config, file, files, fences={"mermaid": links}, base=base)
    bodies = DetailsBodies(md)
    md.treeprocessors.register(bodies, "details_bodies", -100)  # last, after prettify
    # The page's Markdown gets its walk bullets' classes from walk_data.py and its further reading kept
    # out of search by search.py, and its HTML the content fixes of outputs/html_fixes.py (external
    # links marked for print, non-prose out of search): the same here.
    md.convert("\n".join(answer_block(tag_walk_bullets(tag_further_reading(without_captions(text)))) for text in markdown_of))
    if len(bodies.bodies) != len(questions) or links.met != len(links.hrefs):
        raise PluginError(f"{file.src_uri}: the Markdown engine made {len(bodies.bodies)} answers and met "
                           f"{links.met} diagrams where the site model has {len(questions)} questions and "
                           f"{len(links.hrefs)} diagrams; the site model's Q&A format and the engine disagree "
                           "(overrides/hooks/sitemodel/markdown.py)")
    return {q.id: run(CONTENT_FIXES, html, f"{q.where} (study answer)")
            for q, html in zip(questions, bodies.bodies)}


def study_data(questions: list[dict], answers: dict[str, str]) -> dict:
    rows = []
    for q in questions:
        rows.append({
            "id": q["id"], "url": f"{q['url']}#{q['id']}", "topic": q["topic"], "topicTitle": q["topic_title"],
            "question": q["question"], "answer": q["answer"],
            "badges": [as_text(b) for b in q["badges"]], "html": answers.get(q["id"], ""),
        })
    topics = list(dict.fromkeys((r["topic"], r["topicTitle"]) for r in rows))
    return {"format": FORMAT, "version": VERSION,
            "topics": [{"id": t, "title": title} for t, title in topics], "questions": rows}


def load(site: Path) -> dict:
    """The study data as written, with each question's `html` put back (for the tests)."""
    data = json.loads((site / OUTPUT).read_text(encoding="utf-8"))
    answers = {}
    for topic in data["topics"]:
        answers.update(json.loads((site / ANSWERS_DIR / f"{topic['id']}.json").read_text(encoding="utf-8")))
    for q in data["questions"]:
        q["html"] = answers.get(q["id"], "")
    return data
