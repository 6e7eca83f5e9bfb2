"""`make check` (scripts/check.py): one run reports every problem of every kind, each with its file
and line, on a fixture that breaks one rule of each kind."""

from __future__ import annotations

import re

from check import check
from conftest import make_fixture_site

HOME = """---
description: Fixture home page for the one-run check of every kind of problem.
---

# Home

The [answer](topic.md#no-such-question) is on the topic page.
"""

TOPIC = '''---
description: Fixture topic page that breaks one rule of each kind for the checker.
---

# Topic

## Section

### Why does this id break the rules? { #Bad_Id }

??? answer "Answer"

    Because ids are kebab-case.

### Where is the one-line answer? { #no-one-liner }

??? answer "Answer"

    ```shell
    kubectl get pods
    ```

### Why does this manifest fail? { #bad-manifest }

??? answer "Answer"

    Because `spec.portz` is not a field of a Service.

    ```yaml
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      portz:
        - port: 80
    ```

### What does the diagram show? { #bad-diagram }

??? answer "Answer"

    The packet's path, which the reader will recieve as a picture.

    ```mermaid
    flowchart LR
      accDescr: From a to b
      a --> b
    ```

    *From a to b.*
    { .diagram-caption }
'''

EXPECTED = {
    "bad id": r"^docs/topic\.md:9: id 'Bad_Id' is not kebab-case",
    "missing one-line answer": r"^docs/topic\.md:15: no one-line answer",
    "unknown glossary term": r"^includes/abbreviations\.md:2: 'QUIC' is used on no page",
    "broken anchor": r"^docs/index\.md:7: .*no-such-question",
    "invalid manifest": r"^docs/topic\.md:29: invalid manifest: .*portz",
    "misspelling": r"^docs/topic\.md:43: misspelt 'recieve'; write 'receive'",
    "diagram without accTitle": r"^docs/topic\.md:45: diagram without `accTitle:`",
}


def test_one_run_reports_every_problem_with_file_and_line(tmp_path):
    make_fixture_site(tmp_path, {"index.md": HOME, "topic.md": TOPIC},
                      abbreviations="*[VXLAN]: an overlay\n*[QUIC]: a transport no page uses\n", hooks=())
    (tmp_path / "docs" / "vxlan.md").write_text(
        "---\ndescription: Fixture page that uses the one glossary term that is in use.\n---\n\n# VXLAN\n\nVXLAN tunnels.\n",
        encoding="utf-8")
    problems = check(tmp_path)
    missing = [kind for kind, pattern in EXPECTED.items() if not any(re.search(pattern, p) for p in problems)]
    assert missing == [], "not reported: " + ", ".join(missing) + "\n" + "\n".join(problems)
    assert all(re.match(r"^[\w./-]+:\d+: .+; .+", p) for p in problems), "\n".join(problems)



def test_check_reports_the_longest_right_choice_share_per_page(tmp_path):
    # Issue 23: `make check` says per page how often the right drill choice is the longest one.
    from check import drill_share_report
    from test_walks import GOOD_WALK
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "walks.md").write_text(GOOD_WALK, encoding="utf-8")
    (tmp_path / "docs" / "plain.md").write_text("# No walk\n", encoding="utf-8")
    assert drill_share_report(tmp_path) == ["docs/walks.md: drill hops with the right choice the longest: 0 of 2 (0%)"]
