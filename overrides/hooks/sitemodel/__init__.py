"""The site's model, shared by the build hooks, the scripts and the tests.

    from sitemodel import site_topics, parse_page, questions, ...

The hooks import it as a sibling (MkDocs 1.6 puts a hook's folder on sys.path while loading it);
scripts and tests put overrides/hooks on sys.path (pytest: `pythonpath` in pyproject.toml).
"""

from .markdown import (ANSWER_OPENER, QUESTION_CLASS, answer_block, BADGE, MERMAID_CLICK, as_text, BadgeFact, Diagram, KeyCommand, Page, Question, QUESTION,
                       code_blocks, diagram_title, diagrams, fenced_lines, key_commands, mark_questions, parse_page, tag_further_reading,
                       questions, split_front_matter, title, title_line)
from .glossary import glossary_file, glossary_terms
from .nav import TOPIC_MAP, Topic, build_topics, list_sheets, nav_pages, read_config, site_topics, topic_map, topic_sections, topics
from .versions import BASELINE, GATEWAY_API_VERSION, KUBERNETES_VERSION

__all__ = [
    "ANSWER_OPENER", "answer_block", "BADGE", "BASELINE", "MERMAID_CLICK", "as_text", "BadgeFact", "Diagram", "KeyCommand", "Page", "Question", "QUESTION", "QUESTION_CLASS",
    "GATEWAY_API_VERSION", "glossary_file", "glossary_terms", "KUBERNETES_VERSION", "Topic", "build_topics", "code_blocks", "diagram_title", "diagrams", "fenced_lines", "key_commands", "list_sheets", "mark_questions", "nav_pages",
    "parse_page", "questions", "read_config", "site_topics", "split_front_matter", "tag_further_reading", "title", "title_line", "TOPIC_MAP", "topic_map", "topic_sections", "topics",
]
