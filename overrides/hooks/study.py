"""Study mode markup: the control bar on every page with answers, the site's question count, and
each answered question's heading marked for the page's scripts (sitemodel.mark_questions).

The bar is rendered here, hidden, so that its space can be reserved before any script runs (no
layout shift) and so that readers without JavaScript never see controls that would not work.
docs/assets/javascripts/study-mode.js brings it to life.
"""

from __future__ import annotations

import posixpath

from outputs import decks  # the decks' names and the sentence that goes next to their links
from sitemodel import ANSWER_OPENER, build_topics, fenced_lines, mark_questions, title_line


BAR = """
<div class="study-bar" data-study-bar data-total="{total}" data-topic="{topic}" data-search-exclude hidden>
  <div class="study-bar__buttons" role="toolbar" aria-label="Study mode">
    <button type="button" class="md-button" data-study-action="hide">Hide all answers</button>
    <button type="button" class="md-button" data-study-action="reveal">Reveal all answers</button>
    <button type="button" class="md-button" data-study-action="next">Next question I don't know</button>
    <button type="button" class="md-button" data-study-action="shuffle">Shuffle: random question</button>
  </div>
  <p class="study-bar__progress" data-study-progress aria-live="polite"></p>
  <p class="study-bar__progress" data-study-due-here data-search-exclude></p>
  <p class="study-bar__progress" data-search-exclude><a href="{topic_deck}" download>Anki deck of this page</a> ·
    <a href="{guide_deck}" download>of the whole guide</a>. {anki_help}</p>
  <p class="visually-hidden" data-study-status role="status"></p>
</div>
"""

question_total = 0
topic_slugs = {}  # a topic page's source -> its slug: the study data's topic id and its deck's name


def on_config(config, **kwargs):
    global question_total
    # The topic pages of the navigation (sitemodel.build_topics), so a new topic counts without a list.
    found = build_topics(config)
    question_total = sum(len(t.page.questions) for t in found)
    topic_slugs.clear()
    topic_slugs.update({t.src: t.slug for t in found})
    return config


# The home page's count of due cards (filled in by study-loader.js), above the first section.
HOME_DUE = '<p class="study-due" data-study-due data-search-exclude hidden></p>'


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    """The bar goes under the page's title, the home page's due count above its first section: as
    raw HTML blocks in the Markdown, so no rendered HTML is searched for a place to put them."""
    lines = markdown.split("\n")
    fenced = fenced_lines(markdown)
    outside = [n for n in range(len(lines)) if n + 1 not in fenced]
    if page.is_homepage:
        first_section = next((n for n in outside if lines[n].startswith("## ")), None)
        if first_section is not None:
            lines[first_section:first_section] = [HOME_DUE, ""]
        return "\n".join(lines)
    title = title_line(markdown)
    if title is None or not any(ANSWER_OPENER.match(lines[n].strip()) for n in outside):
        return markdown
    topic = topic_slugs.get(page.file.src_uri, decks.GUIDE_DECK)  # a page outside the topics: the guide's deck
    bar = BAR.format(total=question_total, anki_help=decks.HELP, topic=topic,  # anki.py writes anki/<slug>.apkg
                     topic_deck=deck_link(f"{topic}.apkg", page.url), guide_deck=deck_link(f"{decks.GUIDE_DECK}.apkg", page.url))
    lines[title:title] = ["", bar.strip(), ""]  # after the title's line (1-based)
    return mark_questions("\n".join(lines))


def deck_link(name: str, page_url: str) -> str:
    """A deck's address relative to the page: "../anki/dns.apkg" from dns/."""
    return posixpath.relpath(f"{decks.ANKI_DIR}/{name}", page_url or ".")
