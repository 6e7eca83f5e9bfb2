"""Each packet walk carries its steps' data for the browser, read from the Markdown by the model.

The opening `<div class="packet-path" markdown>` of a walk gets `data-walk`: its diagram's title
(accTitle, which names the stepper's controls), and per step the kinds of
its packet-state bullets in order, and its drill choices as text (`right`, and `wrongs` with the
choice and the reason apart). diagram-stepper.js and diagram-drill.js read that instead of parsing
the bullets' text; the bullets themselves stay in the page for print and for readers without
JavaScript, each with its class (`walk-packet`, `walk-choice`) written into the Markdown by the
model (sitemodel.walks.tag_walk_bullets).
"""

from __future__ import annotations

import html
import json

from sitemodel import as_text
from sitemodel.walks import REASON, parse_walks, tag_walk_bullets


def walk_data(walk) -> dict:
    steps = []
    for step in walk.steps:
        data = {"packets": step.packets}
        if step.rights:
            data["right"] = as_text(step.rights[0])
            data["wrongs"] = [dict(zip(("choice", "reason"), map(as_text, wrong.partition(REASON)[::2])))
                              for _, wrong in step.wrongs]
        steps.append(data)
    return {"title": as_text(walk.title), "steps": steps}


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    walks = parse_walks(markdown)
    if not walks:
        return markdown
    lines = markdown.split("\n")
    for walk in walks:
        attribute = html.escape(json.dumps(walk_data(walk), ensure_ascii=False, separators=(",", ":")), quote=True)
        lines[walk.line - 1] = lines[walk.line - 1].replace("<div", f'<div data-walk="{attribute}"', 1)
    return tag_walk_bullets("\n".join(lines))
