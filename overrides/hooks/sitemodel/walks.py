"""Packet walks (step-through diagrams), read and checked at Markdown level: the one definition of
their format. The build emits what the browser needs from it (walk_data.py), and `make check` runs
the checks below.

A walk is a `<div class="packet-path" markdown>` block holding one Mermaid flowchart (no subgraphs)
whose edges, in source order, are the hops, and an ordered list with one step per edge. A step may
carry nested bullets: `Packet:` (or `Packet (outer):` and `Packet (inner):`) with the headers after
that hop, and drill choices, one `Right:` and two or three `Wrong: choice — reason`. A walk gives
packet state on every step or on none, and choices on every step or on none. A drill must not be
winnable by picking the longest choice: on each page, the `Right:` choice may be at least as long as
every `Wrong:` choice (the text before ` — reason`) in at most a third of the hops.

`walk_problems(path, text)` returns one message per mismatch, `docs/page.md:LINE: walk 'accTitle': ...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .markdown import ACC_TITLE

WALK_OPEN = re.compile(r'^(?P<indent>[ \t]*)<div\s[^>]*class="(?:[^"]*\s)?packet-path(?:\s[^"]*)?"[^>]*>')
MERMAID_FENCE = re.compile(r"^(?P<indent>[ \t]*)```mermaid\s*$")
STEP = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d+)\.\s+\S")
BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*+]\s+(?P<kind>Packet(?: \((?:outer|inner)\))?|Right|Wrong):\s*(?P<text>.*)$")
REASON = " \u2014 "  # space, em dash, space
# Above this share of a page's hops with the right choice the longest, "pick the longest" wins the drill.
MAX_RIGHT_LONGEST_SHARE = 1 / 3

# Mermaid flowchart syntax, as far as walks need it (see Mermaid's flow.jison lexer).
SKIP = re.compile(r"^(?:%%|accTitle\s*:|accDescr\s*:|click\s|classDef\s|class\s|style\s|linkStyle\s|direction\s)")
NODE_ID = re.compile(r"\s*([A-Za-z0-9_][\w-]*?)(?=$|[\s&:;\[\](){}>@|]|[-=.~]{2}|-\.)")
SHAPES = [("(((", ")))"), ("((", "))"), ("([", "])"), ("[[", "]]"), ("[(", ")]"), ("[/", "/]"),
          ("[\\", "\\]"), ("{{", "}}"), ("@{", "}"), ("(", ")"), ("[", "]"), ("{", "}"), (">", "]")]
LINK = re.compile(r"\s*(?:[xo<]?(?:-{2,}[-xo>]|={2,}[=xo>]|-?\.+-[xo>]?)|~{3,})\s*")
START_LINK = re.compile(r"\s*[xo<]?(?:--|==|-\.)\s*")
END_LINK = re.compile(r"(?:-{2,}[-xo>]|={2,}[=xo>]|\.+-[xo>]?)")
PIPE_TEXT = re.compile(r'\|(?:"[^"]*"|[^|])*\|\s*')
AMPERSAND = re.compile(r"\s*&\s*")
CLASS_SUFFIX = re.compile(r":::[\w-]+")


@dataclass
class Step:
    line: int
    number: int
    packets: list[str] = field(default_factory=list)
    rights: list[str] = field(default_factory=list)
    wrongs: list[tuple[int, str]] = field(default_factory=list)
    bullets: list[tuple[int, str]] = field(default_factory=list)  # (last line, kind) of each bullet, in order


@dataclass
class Walk:
    line: int
    title: str = ""
    edges: int = 0
    subgraph_line: int | None = None
    steps: list[Step] = field(default_factory=list)


def _skip_shape(text: str, pos: int) -> int:
    """Position after a node's shape (`[text]`, `(("text"))`, ...) starting at pos, or pos."""
    for opener, closer in SHAPES:
        if text.startswith(opener, pos):
            i = pos + len(opener)
            stripped = text[i:].lstrip()
            if stripped.startswith('"'):
                i = text.find('"', len(text) - len(stripped) + 1) + 1 or len(text)
            closers = [closer] + (["\\]"] if opener == "[/" else ["/]"] if opener == "[\\" else [])
            ends = [e for e in (text.find(c, i) for c in closers) if e >= 0]
            return (min(ends) + len(closer)) if ends else len(text)
    return pos


def _node_group(text: str, pos: int) -> tuple[list[str], int]:
    """Node ids joined by `&` at pos, and the position after them."""
    ids = []
    while True:
        match = NODE_ID.match(text, pos)
        if not match:
            return ids, pos
        ids.append(match[1])
        pos = _skip_shape(text, match.end())
        suffix = CLASS_SUFFIX.match(text, pos)
        pos = suffix.end() if suffix else pos
        joined = AMPERSAND.match(text, pos)
        if not joined:
            return ids, pos
        pos = joined.end()


def _link(text: str, pos: int) -> int | None:
    """Position after a link (with its optional text) at pos, or None if there is none."""
    match = LINK.match(text, pos)
    if match:
        pos = match.end()
    else:
        match = START_LINK.match(text, pos)
        if not match:
            return None
        pos = match.end()
        if text.startswith('"', pos):
            pos = text.find('"', pos + 1) + 1 or len(text)
        end = END_LINK.search(text, pos)
        if not end:
            return None
        pos = end.end()
    pipe = PIPE_TEXT.match(text, pos)
    return pipe.end() if pipe else pos


def statement_edges(statement: str) -> list[tuple[str, str]]:
    """The edges a flowchart statement draws, in Mermaid's order (`a --> b & c --> d`: a-b, a-c, b-d, c-d)."""
    edges: list[tuple[str, str]] = []
    group, pos = _node_group(statement, 0)
    while group:
        after = _link(statement, pos)
        if after is None:
            break
        following, pos = _node_group(statement, after)
        edges += [(a, b) for a in group for b in following]
        group = following
    return edges


def _statements(line: str) -> list[str]:
    """A source line split at `;` outside quotes."""
    parts, current, quoted = [], "", False
    for char in line:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    return [p.strip() for p in parts + [current] if p.strip()]


def flowchart_edges(source: str) -> tuple[list[tuple[str, str]], int | None]:
    """Edges of a Mermaid flowchart source, in order, and the 0-based line of a subgraph (or None)."""
    edges, subgraph, in_descr = [], None, False
    for number, raw in enumerate(source.splitlines()):
        line = raw.strip()
        if in_descr:
            in_descr = "}" not in line
            continue
        if number == 0 or not line or SKIP.match(line) or line == "end":
            continue
        if re.match(r"accDescr\s*\{", line):
            in_descr = "}" not in line
            continue
        if re.match(r"subgraph\b", line):
            subgraph = number if subgraph is None else subgraph
            continue
        for statement in _statements(line):
            edges += statement_edges(statement)
    return edges, subgraph


def parse_walks(text: str) -> list[Walk]:
    lines = text.splitlines()
    walks: list[Walk] = []
    i = 0
    while i < len(lines):
        opened = WALK_OPEN.match(lines[i])
        if not opened:
            i += 1
            continue
        walk, indent = Walk(line=i + 1), opened["indent"]
        step: Step | None = None
        i += 1
        while i < len(lines) and not (lines[i].startswith(indent + "</div>") and
                                      len(lines[i]) - len(lines[i].lstrip()) == len(indent)):
            fence = MERMAID_FENCE.match(lines[i])
            if fence:
                body = []
                i += 1
                while i < len(lines) and lines[i].strip() != "```":
                    body.append(lines[i][len(fence["indent"]):])
                    i += 1
                source = "\n".join(body)
                title = next((m["text"].strip() for line in body if (m := ACC_TITLE.match(line.strip()))), "")
                walk.title = title or walk.title
                edges, subgraph = flowchart_edges(source)
                walk.edges += len(edges)
                if subgraph is not None and walk.subgraph_line is None:
                    walk.subgraph_line = i - len(body) + subgraph + 1
            elif (numbered := STEP.match(lines[i])) and len(numbered["indent"]) == len(indent):
                step = Step(line=i + 1, number=int(numbered["number"]))
                walk.steps.append(step)
            elif (bullet := BULLET.match(lines[i])) and step is not None:
                kind, value = bullet["kind"], bullet["text"].strip()
                step.bullets.append((_item_end(lines, i, len(bullet["indent"])) + 1, kind))
                if kind.startswith("Packet"):
                    step.packets.append(kind)
                elif kind == "Right":
                    step.rights.append(value)
                else:
                    step.wrongs.append((i + 1, value))
            i += 1
        walks.append(walk)
        i += 1
    return walks


def _item_end(lines: list[str], start: int, indent: int) -> int:
    """Index of the last line of the list item opened at index `start` (its wrapped lines included)."""
    end = start
    while (end + 1 < len(lines) and lines[end + 1].strip() and not BULLET.match(lines[end + 1])
           and len(lines[end + 1]) - len(lines[end + 1].lstrip()) > indent):
        end += 1
    return end


# A walk's bullets under a step, packet state and drill choices, carry a class: the stepper reads
# the packet states by it (diagram-stepper.js), walks.css styles them, and site.css hides the
# choices as a list, with or without JavaScript (the drill shows them as buttons). They repeat the
# step captions' addresses and the choices include wrong answers, so both stay out of search
# (data-search-exclude, Material's documented switch).
BULLET_ATTRIBUTES = {"packet": '{ .walk-packet data-search-exclude="" }',
                     "choice": '{ .walk-choice data-search-exclude="" }'}


def tag_walk_bullets(text: str) -> str:
    """The Markdown with each walk bullet's class and search switch added as attr_list syntax, on a
    line of its own under the bullet's last line (where attr_list reads a list item's attributes)."""
    lines = text.split("\n")
    for walk in parse_walks(text):
        for step in walk.steps:
            for line, kind in step.bullets:
                attributes = BULLET_ATTRIBUTES["packet" if kind.startswith("Packet") else "choice"]
                last = lines[line - 1]  # the bullet itself, or its last wrapped line
                indent = len(last) - len(last.lstrip()) + (2 if BULLET.match(last) else 0)
                lines[line - 1] += "\n" + " " * indent + attributes
    return "\n".join(lines)


def _numbers(steps: list[Step]) -> str:
    return ", ".join(str(s.number) for s in steps[:5]) + (", ..." if len(steps) > 5 else "")


def right_is_longest(step: Step) -> bool:
    """Whether the step's `Right:` choice is at least as long as each `Wrong:` choice (reasons not counted)."""
    wrongs = [wrong.partition(REASON)[0].strip() for _, wrong in step.wrongs]
    return len(step.rights[0].strip()) >= max(len(w) for w in wrongs)


def drill_hops(text: str) -> list[Step]:
    """The page's drill hops: steps with one `Right:` and at least one `Wrong:` choice."""
    return [s for w in parse_walks(text) for s in w.steps if len(s.rights) == 1 and s.wrongs]


def right_longest_share(text: str) -> tuple[int, int]:
    """(hops whose right choice is the longest, drill hops) on a page."""
    hops = drill_hops(text)
    return sum(right_is_longest(s) for s in hops), len(hops)


def choice_length_problems(path: Path, text: str) -> list[str]:
    """The page-level problem when the right choice is the longest in more than a third of its hops."""
    hops = drill_hops(text)
    longest = [s for s in hops if right_is_longest(s)]
    if not hops or len(longest) <= MAX_RIGHT_LONGEST_SHARE * len(hops):
        return []
    lines = ", ".join(str(s.line) for s in longest[:6]) + (", ..." if len(longest) > 6 else "")
    allowed = int(MAX_RIGHT_LONGEST_SHARE * len(hops))
    return [f"{path}:{longest[0].line}: drill choices: the `Right:` choice is at least as long as every `Wrong:` "
            f"choice in {len(longest)} of {len(hops)} hops ({len(longest) / len(hops):.0%}), so picking the longest "
            f"wins; let at most {allowed} be: shorten those right choices or make wrong ones more specific "
            f"(steps at lines {lines})"]


def walk_problems(path: Path, text: str) -> list[str]:
    """Every mismatch between a page's walks and their steps, as `path:line: walk 'title': ...`."""
    problems = []
    for walk in parse_walks(text):
        name = f"walk {walk.title or 'without accTitle'!r}"
        say = lambda line, message: problems.append(f"{path}:{line}: {name}: {message}")  # noqa: E731
        if walk.subgraph_line is not None:
            say(walk.subgraph_line, "subgraphs are not allowed in a walk (each edge is one hop)")
        if walk.edges != len(walk.steps):
            say(walk.line, f"{walk.edges} edges but {len(walk.steps)} steps; "
                           "write one numbered step per edge, in edge order")
        with_packet = [s for s in walk.steps if s.packets]
        if with_packet and len(with_packet) != len(walk.steps):
            missing = [s for s in walk.steps if not s.packets]
            say(missing[0].line, f"steps {_numbers(missing)} have no `Packet:` bullet but steps "
                                 f"{_numbers(with_packet)} do; give the packet state on every step or on none")
        for s in with_packet:
            kinds = sorted(s.packets)
            if kinds not in (["Packet"], ["Packet (inner)", "Packet (outer)"]):
                say(s.line, f"step {s.number} has {', '.join(f'`{k}:`' for k in s.packets)}; write one "
                            "`Packet:` bullet, or one `Packet (outer):` and one `Packet (inner):`")
        with_choices = [s for s in walk.steps if s.rights or s.wrongs]
        if with_choices and len(with_choices) != len(walk.steps):
            missing = [s for s in walk.steps if not (s.rights or s.wrongs)]
            say(missing[0].line, f"steps {_numbers(missing)} have no drill choices but steps "
                                 f"{_numbers(with_choices)} do; give `Right:`/`Wrong:` on every step or on none")
        for s in with_choices:
            if len(s.rights) != 1 or not 2 <= len(s.wrongs) <= 3:
                say(s.line, f"step {s.number} has {len(s.rights)} `Right:` and {len(s.wrongs)} `Wrong:` "
                            "bullets; write exactly one `Right:` and two or three `Wrong:`")
            for line, wrong in s.wrongs:
                choice, _, reason = wrong.partition(REASON)
                if not reason.strip() or not choice.strip():
                    say(line, f"step {s.number}: a `Wrong:` without ` \u2014 reason`; write "
                              "`Wrong: choice \u2014 one-line reason why not`")
    return problems + choice_length_problems(path, text)
