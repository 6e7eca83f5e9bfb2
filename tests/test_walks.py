"""Packet walks (issue 15): the Markdown authoring check, and in Chromium the highlighted hop and
nodes, the travelling marker, packet state, drill mode, printing, axe and a phone-sized screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DOCS, ROOT, markdown_files
from sitekit.walks import flowchart_edges, statement_edges, walk_problems

GOOD_WALK = """# Page

<div class="packet-path" markdown>

```mermaid
flowchart LR
  accTitle: Test walk
  accDescr: Two hops.
  a[Pod A] -- "SYN" --> b[Node]
  b -->|DNAT| c((Pod C))
```

*Caption.*
{ .diagram-caption }

1. A sends.

    - Packet: src 10.244.1.5:40000 → dst 10.96.0.20:80
    - Right: The node's rules
    - Wrong: Pod C directly — it only knows the Service address
    - Wrong: The API server — it carries no traffic

2. The node DNATs.

    - Packet: src 10.244.1.5:40000 → dst ==10.244.2.7:8080==
    - Right: Pod C
    - Wrong: Back to A — the rules rewrote the destination
    - Wrong: Another node — the route says otherwise
    - Wrong: The internet — it is a Pod address

</div>
"""


def problems_of(text: str) -> list[str]:
    return walk_problems(Path("docs/page.md"), text)


def test_every_real_walk_is_well_formed():
    problems = [p for path in markdown_files(DOCS)
                for p in walk_problems(path.relative_to(ROOT), path.read_text(encoding="utf-8"))]
    assert problems == []


def test_the_clusterip_walk_carries_packet_state_and_choices():
    from sitekit.walks import parse_walks
    walks = parse_walks((DOCS / "services.md").read_text(encoding="utf-8"))
    walk = next(w for w in walks if w.title == "A ClusterIP connection, hop by hop")
    assert walk.edges == len(walk.steps) == 7
    assert all(s.packets == ["Packet"] and len(s.rights) == 1 and 2 <= len(s.wrongs) <= 3 for s in walk.steps)


@pytest.mark.parametrize("statement, edges", [
    ("a --> b", [("a", "b")]),
    ("a --- b", [("a", "b")]),
    ("a -.-> b", [("a", "b")]),
    ("a ==> b", [("a", "b")]),
    ('a -- "label --> x" --> b', [("a", "b")]),
    ("a -- plain label --> b", [("a", "b")]),
    ("a -->|label| b", [("a", "b")]),
    ("a --> b --> c", [("a", "b"), ("b", "c")]),
    ("a --> b & c", [("a", "b"), ("a", "c")]),
    ('kube-proxy[["kube-proxy [rules]"]] -. x .-> ct{{conntrack}}', [("kube-proxy", "ct")]),
])
def test_edges_are_counted_from_mermaid_syntax(statement, edges):
    assert statement_edges(statement) == edges


def test_the_good_fixture_passes():
    assert problems_of(GOOD_WALK) == []


def test_more_edges_than_steps():
    text = GOOD_WALK.replace("  b -->|DNAT| c((Pod C))", "  b -->|DNAT| c((Pod C))\n  c --> a")
    assert problems_of(text) == ["docs/page.md:3: walk 'Test walk': 3 edges but 2 steps; "
                                 "write one numbered step per edge, in edge order"]


def test_a_subgraph_is_reported():
    text = GOOD_WALK.replace("  a[Pod A]", "  subgraph node1\n  end\n  a[Pod A]")
    assert problems_of(text) == ["docs/page.md:9: walk 'Test walk': subgraphs are not allowed in a walk "
                                 "(each edge is one hop)"]


def test_packet_state_on_some_steps_only():
    text = GOOD_WALK.replace("    - Packet: src 10.244.1.5:40000 → dst ==10.244.2.7:8080==\n", "")
    [problem] = problems_of(text)
    assert problem.startswith("docs/page.md:23: walk 'Test walk': steps 2 have no `Packet:` bullet but steps 1 do")


def test_outer_without_inner_header():
    text = GOOD_WALK.replace("    - Packet: src 10.244.1.5:40000 → dst 10.96.0.20:80",
                             "    - Packet (outer): src 192.168.1.10 → dst 192.168.1.11")
    [problem] = problems_of(text)
    assert problem.startswith("docs/page.md:16: walk 'Test walk': step 1 has `Packet (outer):`")


def test_choices_on_some_steps_only():
    text = GOOD_WALK.replace("    - Right: Pod C\n", "").replace("    - Wrong: Back to A — the rules rewrote the destination\n", "") \
        .replace("    - Wrong: Another node — the route says otherwise\n", "").replace("    - Wrong: The internet — it is a Pod address\n", "")
    [problem] = problems_of(text)
    assert problem.startswith("docs/page.md:23: walk 'Test walk': steps 2 have no drill choices but steps 1 do")


@pytest.mark.parametrize("change, count", [
    (("    - Right: The node's rules\n", ""), "0 `Right:` and 2 `Wrong:`"),
    (("    - Right: The node's rules\n", "    - Right: The node's rules\n    - Right: Again\n"), "2 `Right:` and 2 `Wrong:`"),
    (("    - Wrong: The API server — it carries no traffic\n", ""), "1 `Right:` and 1 `Wrong:`"),
    (("    - Wrong: The API server — it carries no traffic\n",
      "    - Wrong: The API server — it carries no traffic\n    - Wrong: x — y\n    - Wrong: z — w\n"), "1 `Right:` and 4 `Wrong:`"),
])
def test_not_exactly_one_right_and_two_or_three_wrong(change, count):
    [problem] = problems_of(GOOD_WALK.replace(*change))
    assert problem == (f"docs/page.md:16: walk 'Test walk': step 1 has {count} bullets; "
                       "write exactly one `Right:` and two or three `Wrong:`")


def test_a_wrong_choice_without_a_reason():
    [problem] = problems_of(GOOD_WALK.replace("The API server — it carries no traffic", "The API server - it carries no traffic"))
    assert problem == ("docs/page.md:21: walk 'Test walk': step 1: a `Wrong:` without ` — reason`; "
                       "write `Wrong: choice — one-line reason why not`")


def test_flowchart_edges_ignore_declarations():
    source = 'flowchart TD\n  accTitle: T\n  accDescr: a --> b\n  click a "#x" "X"\n  classDef hot fill:#f00\n  a:::hot --> b; b --> c\n'
    assert flowchart_edges(source) == ([("a", "b"), ("b", "c")], None)
