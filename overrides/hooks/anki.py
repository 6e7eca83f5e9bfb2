"""Anki decks, built from the site model as the study data is (outputs/study_rows.py).

site/anki/<topic>.apkg for each topic and site/anki/kubernetes-networking.apkg for the whole guide.
Front: the question. Back: the one-line answer, then the rest of the answer (the model's
Question.body) rendered as the study answers are (outputs/study_rows.page_answers: tables and code kept,
each diagram a link to it on the site) with links absolute to site_url, since a card is read off
the site. Tags: the topic and each version badge (the model's). Note GUIDs come from the question
id, so importing a newer deck updates the cards instead of adding copies; deck and model ids are
constants.

Reproducible: genanki stamps the model, notes and cards with the `timestamp` given to
`Package.write_to_file` and numbers notes and cards from it, so that is the SOURCE_DATE_EPOCH
(default: a constant); the collection row is a constant in genanki. The one clock left is the zip
entry's modification time (zipfile copies the temporary database file's mtime), so the archive is
rewritten with a fixed date and order. Same input, same bytes; the tests check that.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from outputs.decks import ANKI_DIR, GUIDE_DECK
from outputs.study_rows import page_answers, site_questions, study_data
from sitemodel import build_topics

try:
    import genanki
except ImportError:  # pragma: no cover - exercised by the test that hides genanki
    genanki = None

MODEL_ID = 1607392319  # constant, never change: Anki matches notes to their note type by it
GUIDE_DECK_ID = 2059400110
DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z, used when SOURCE_DATE_EPOCH is not set

CSS = """
.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; color: #1b1b1b; background: #fff; }
.nightMode .card, .card.nightMode { color: #e8e8e8; background: #1e1e1e; }
.one-liner { font-weight: 600; }
table { border-collapse: collapse; } td, th { border: 1px solid #888; padding: 2px 6px; }
pre { white-space: pre-wrap; background: rgba(127,127,127,.12); padding: 6px; }
.badge { border: 1px solid currentColor; border-radius: 4px; padding: 0 4px; font-size: 80%; }
"""


def model():
    return genanki.Model(
        MODEL_ID, "Kubernetes networking Q&A",
        fields=[{"name": "Question"}, {"name": "OneLiner"}, {"name": "Answer"}, {"name": "Link"}],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Question}}",
            "afmt": '{{FrontSide}}<hr id="answer"><p class="one-liner">{{OneLiner}}</p>{{Answer}}'
                    '<p><a href="{{Link}}">Read it on the site</a></p>',
        }],
        css=CSS,
    )


def deck_id(topic: str) -> int:
    """A stable id per topic deck (Anki wants a 32-bit-ish positive number)."""
    return 1_000_000_000 + zlib.crc32(topic.encode()) % 1_000_000_000


def tag(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.:_-]+", "_", text.strip()).strip("_")


def note(q: dict, anki_model, site_url: str):
    return genanki.Note(
        model=anki_model,
        # Anki fields are HTML: the question and the one-line answer are plain text, so escape them
        # (`spiffe://<trust-domain>/...` would otherwise be read as a tag and vanish).
        fields=[escape(q["question"], quote=False), escape(q["answer"], quote=False), q["html"], f"{site_url}{q['url']}"],
        guid=genanki.guid_for(q["id"]),
        tags=[f"topic:{q['topic']}", *(f"version:{b}" for b in sorted({tag(b) for b in q["badges"]}) if b)],
    )


def deck_data(config: MkDocsConfig, files: Files) -> dict:
    """The study data (outputs/study_rows.py: topics, questions, one-line answers, badges) with each
    answer as a card's back shows it: after its one-line answer, links absolute to site_url."""
    site_url = config["site_url"] or "/"
    backs = {}
    for topic in build_topics(config):
        backs.update(page_answers(topic.page.questions, files.get_file_from_path(topic.src), config, files,
                                  base=site_url, without_one_liner=True))
    return study_data(site_questions(config), backs)


def write_decks(data: dict, out: Path, site_url: str, epoch: int) -> list[Path]:
    if genanki is None:
        raise PluginError(
            "genanki is not installed, so the Anki decks cannot be built. Install the docs "
            "requirements: `.venv/bin/python -m pip install --require-hashes -r requirements/docs.lock` "
            "(or `make build`)."
        )
    out.mkdir(parents=True, exist_ok=True)
    anki_model = model()
    titles = {t["id"]: t["title"] for t in data["topics"]}
    groups = {topic: [q for q in data["questions"] if q["topic"] == topic] for topic in titles}
    jobs = [(f"{topic}.apkg", deck_id(topic), f"Kubernetes networking::{titles[topic]}", qs)
            for topic, qs in groups.items()]
    jobs.append((f"{GUIDE_DECK}.apkg", GUIDE_DECK_ID, "Kubernetes networking (whole guide)", data["questions"]))
    written = []
    for name, did, title, questions in jobs:
        deck = genanki.Deck(did, title, description="From the guide: " + site_url)
        for q in questions:
            deck.add_note(note(q, anki_model, site_url))
        path = out / name
        genanki.Package(deck).write_to_file(str(path), timestamp=float(epoch))
        normalise_zip(path)
        written.append(path)
    return written


def normalise_zip(path: Path) -> None:
    """Rewrite the archive with a fixed date on every entry (Anki ignores it)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)


_deck_data: dict = {}


def on_env(env, config: MkDocsConfig, files: Files, **kwargs):
    # The last event that is given every file of the site (cheat sheets included): the answers' links
    # are resolved against them.
    _deck_data.clear()
    _deck_data.update(deck_data(config, files))
    return env


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    if not _deck_data.get("questions"):  # a site without topics (a test fixture) has no questions
        return
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
    write_decks(_deck_data, Path(config["site_dir"]) / ANKI_DIR, config["site_url"] or "/", epoch)
