"""Write the study data (outputs/study_rows.py): site/study-data.json, every question with its
one-line answer, and site/study-answers/<topic>.json, question id -> full answer HTML, for the study
tools. Each topic page's answers are rendered when MkDocs reads that page's Markdown."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from outputs.study_rows import ANSWERS_DIR, OUTPUT, page_answers, site_questions, study_data
from sitemodel import Question, build_topics

_questions: list[dict] = []
_page_questions: dict[str, list[Question]] = {}  # a topic page's src -> the model's questions on it
_answers: dict[str, str] = {}


def on_config(config, **kwargs):
    _answers.clear()
    _questions[:] = site_questions(config)
    _page_questions.clear()
    _page_questions.update({t.src: t.page.questions for t in build_topics(config)})
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs) -> str:
    questions = _page_questions.get(page.file.src_uri)
    if questions:
        _answers.update(page_answers(questions, page.file, config, files))
    return markdown


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
