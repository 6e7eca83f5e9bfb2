"""The home page's topic list and topic map follow the navigation (overrides/hooks/topic_list.py);
a topic without its `summary:` or a map that does not match the sections fails with what to do.
That a new nav line is all a topic needs is built end to end in test_model.py."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from sitemodel import Topic, parse_page
from topic_list import check_topic_map, topic_list

PAGE = "---\ndescription: A page.\nsummary: {summary}\n---\n\n# {title}\n\n### Q? {{ #q }}\n\n??? answer \"Answer\"\n\n    A.\n"


def topic(src: str, title: str, summary: str = "a few words.") -> Topic:
    return Topic(title, src, parse_page(PAGE.format(summary=summary, title=title), src))


SECTIONS = [("Inside", [topic("pods.md", "Pods"), topic("net/routes.md", "Routes")]), ("Edge", [topic("edge.md", "Edge")])]
MAP = '''# Home

```mermaid
flowchart LR
  accTitle: Topic map
  accDescr: Sections.
  inside[Inside] --> edge[Edge]
  click inside "{inside}" "Pods"
  click edge "edge/" "Edge"
```
'''


def test_the_list_is_the_navigation_sections_with_each_page_summary():
    assert topic_list(SECTIONS, "index.md").splitlines() == [
        "- Inside:", "    - [Pods](pods.md): a few words.", "    - [Routes](net/routes.md): a few words.",
        "- Edge:", "    - [Edge](edge.md): a few words."]
    assert "    - [Pods](../pods.md): a few words." in topic_list(SECTIONS, "guide/index.md")


def test_a_topic_without_summary_fails_with_its_page():
    with pytest.raises(PluginError, match=r"docs/edge\.md:1: no `summary:` in the front matter"):
        topic_list([("Edge", [topic("edge.md", "Edge", summary="''")])], "index.md")


def test_the_topic_map_matches_the_sections():
    check_topic_map(MAP.format(inside="pods/"), SECTIONS, "index.md")
    with pytest.raises(PluginError, match=r"docs/index\.md:3: the topic map's box 'Inside' should open 'pods/'"):
        check_topic_map(MAP.format(inside="net/routes/"), SECTIONS, "index.md")
    with pytest.raises(PluginError, match=r"no box for the section 'Out'"):
        check_topic_map(MAP.format(inside="pods/"), [*SECTIONS, ("Out", [topic("out.md", "Out")])], "index.md")
    with pytest.raises(PluginError, match=r"box 'Edge' is not a section"):
        check_topic_map(MAP.format(inside="pods/"), SECTIONS[:1], "index.md")
