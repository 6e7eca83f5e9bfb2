"""Content rules from the house style: front matter, question format, one-line answers, glossary,
mojibake, spelling and Markdown lint. Each rule is also run on a fixture that breaks it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_fixture_site, markdown_files
from check import content_problems, lint_problems, spelling_problems
from sitekit.content_rules import duplicate_ids, page_problems, unused_abbreviations
from sitekit.build import build_site
from sitemodel import glossary_file, questions, read_config

ABBREVIATIONS = glossary_file(read_config(ROOT / "mkdocs.yml"))  # includes/abbreviations.md
BIN = Path(sys.executable).parent
GOOD_QUESTION = (
    "---\ndescription: Fixture.\n---\n\n# Page\n\n## Section\n\n"
    "### Why can't I ping a ClusterIP? { #ping-clusterip }\n\n"
    '??? answer "Answer"\n\n    Because it is virtual.\n\n    More detail.\n'
)


def pages() -> dict[Path, str]:
    return {path.relative_to(ROOT): path.read_text(encoding="utf-8") for path in markdown_files()}


def test_every_page_follows_the_house_style():
    # The same checker as `make check` (scripts/check.py): rules, unique ids, glossary terms used.
    problems = content_problems(ROOT)
    assert problems == [], "\n".join(problems)


def test_question_ids_are_unique_across_the_site():
    assert duplicate_ids(pages()) == []


def test_every_glossary_term_is_used():
    assert unused_abbreviations(ABBREVIATIONS, pages()) == []


def test_at_least_45_questions_across_the_topic_pages():
    found = [q for path, text in pages().items() for q in questions(text, str(path))]
    assert len(found) >= 45, f"only {len(found)} questions"


def test_a_correct_question_passes_the_rules():
    assert page_problems(Path("fixture.md"), GOOD_QUESTION) == []


@pytest.mark.parametrize("correct", [
    # A `###` line in a code block is code (a shell comment), not a heading.
    GOOD_QUESTION + "\n## Reading the rules\n\n```shell\n### list the rules\niptables-save\n```\n",
    # One sentence, as the site model reads sentences (sitemodel.markdown.SENTENCE_END).
    GOOD_QUESTION.replace("Because it is virtual.", "Use a Service, e.g. NodePort vs. LoadBalancer, as needed."),
    GOOD_QUESTION.replace("Because it is virtual.", 'The kubelet says "network not ready ... cni plugin not initialized".'),
])
def test_what_the_model_reads_as_correct_passes_the_rules(correct):
    assert page_problems(Path("fixture.md"), correct) == []


@pytest.mark.parametrize("broken, expected", [
    (GOOD_QUESTION.replace("description: Fixture.", "title: x"), "fixture.md:1: no `description:`"),
    (GOOD_QUESTION.replace(" { #ping-clusterip }", ""), "fixture.md:9: \"### Why can't I ping a ClusterIP"),
    (GOOD_QUESTION.replace("ClusterIP? {", "ClusterIP {"), "fixture.md:9: \"### Why can't I ping a ClusterIP"),
    (GOOD_QUESTION.replace('??? answer "Answer"', "Because."), "fixture.md:9: no collapsed answer"),
    (GOOD_QUESTION.replace("Because it is virtual.", "Because it is virtual. It has no interface."),
     "fixture.md:9: no one-line answer"),
    (GOOD_QUESTION.replace("Because it is virtual.", "Service \u2192 Pod is \u201a\u00dc\u00ed wrong."), "fixture.md:13: mojibake"),
    (GOOD_QUESTION.replace("#ping-clusterip", "#Ping_ClusterIP"), "is not kebab-case"),
    (GOOD_QUESTION + "\n```mermaid\nflowchart LR\n  a --> b\n```\n", "fixture.md:17: diagram without `accTitle:`"),
    (GOOD_QUESTION + "\n```mermaid\nflowchart LR\n  accTitle: T\n  accDescr: D\n  a --> b\n```\n",
     "fixture.md:17: diagram without a caption"),
])
def test_each_rule_fails_on_a_broken_fixture(broken, expected):
    problems = page_problems(Path("fixture.md"), broken)
    assert any(expected in p for p in problems), problems


def test_duplicate_ids_are_reported_with_both_places():
    problems = duplicate_ids({Path("a.md"): GOOD_QUESTION, Path("b.md"): GOOD_QUESTION})
    assert problems == ["b.md:9: id #ping-clusterip already used at a.md:9; choose another id (ids of existing questions never change)"]


def test_an_unused_glossary_term_is_reported(tmp_path):
    glossary = tmp_path / "abbreviations.md"
    glossary.write_text("*[VXLAN]: overlay\n*[QUIC]: unused\n", encoding="utf-8")
    assert unused_abbreviations(glossary, {Path("p.md"): "VXLAN tunnels"}) == [
        f"{glossary}:2: 'QUIC' is used on no page; remove it"]


def test_a_glossary_line_that_is_no_term_is_reported_with_its_line(tmp_path):
    # The glossary page (glossary.py) stops the build with the same words (sitemodel/glossary.py).
    glossary = tmp_path / "abbreviations.md"
    glossary.write_text("*[VXLAN]: overlay\n\nVXLAN - overlay\n", encoding="utf-8")
    assert unused_abbreviations(glossary, {Path("p.md"): "VXLAN tunnels"}) == [
        f"{glossary}:3: not a glossary term (`*[TERM]: definition`): 'VXLAN - overlay'"]


def run_tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_spelling():
    problems = spelling_problems(ROOT)
    assert problems == [], "\n".join(problems)


def test_spelling_checker_catches_a_typo(tmp_path):
    (tmp_path / "typo.md").write_text("The recieve path.\n", encoding="utf-8")
    result = run_tool(str(BIN / "codespell"), str(tmp_path))
    assert result.returncode != 0 and "typo.md:1" in result.stdout


def test_markdown_lint():
    problems = lint_problems(ROOT)  # docs/ only: includes/ holds snippets, not pages
    assert problems == [], "\n".join(problems)


def test_markdown_lint_catches_a_skipped_heading_level(tmp_path):
    (tmp_path / "skip.md").write_text("# Title\n\n### Skipped a level\n", encoding="utf-8")
    result = run_tool(str(BIN / "pymarkdown"), "scan", str(tmp_path))
    assert result.returncode != 0 and "MD001" in result.stdout


def test_a_site_with_a_glossary_of_its_own_lists_its_own_terms(tmp_path):
    """The glossary is the file mkdocs.yml appends to every page, found from the site's config
    (sitemodel.glossary_file), not from where the hooks live."""
    config = make_fixture_site(tmp_path, {
        "index.md": "---\ndescription: Fixture home page for the glossary of a site of its own.\n---\n\n# Home\n\nA QUIC page.\n",
        "glossary.md": "---\ndescription: Fixture glossary page, listing the fixture's own terms.\n---\n\n# Glossary\n\n<!-- glossary -->\n",
    }, abbreviations="*[QUIC]: a transport over UDP\n", hooks=("glossary",))
    assert glossary_file(read_config(config)) == tmp_path / "includes" / "abbreviations.md"
    result = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert result.returncode == 0, result.log
    page = (tmp_path / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "a transport over UDP" in page and "VXLAN" not in page
