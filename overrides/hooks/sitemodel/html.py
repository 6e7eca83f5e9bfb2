"""Match and edit start tags by their attributes, whatever their order, quoting or `/>`.

Pages reach the hooks in two serialisations of the same markup: mermaid2 re-serialises (with
BeautifulSoup) every page whose HTML mentions "mermaid" (our bundle's name does, so nearly all),
while the 404 template and the print page keep Material's own text. Matching attributes instead
of text makes that difference harmless here, once, instead of in every regex.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Callable

ATTRIBUTE = re.compile(r'''([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?''')
Attributes = dict[str, str | None]  # a bare attribute (`defer`) has the value None


def parse_attributes(text: str) -> Attributes:
    found: Attributes = {}
    for match in ATTRIBUTE.finditer(text):
        value = next((v for v in match.groups()[1:] if v is not None), None)
        found[match[1].lower()] = html_lib.unescape(value) if value is not None else None
    return found


def render(name: str, attrs: Attributes) -> str:
    parts = [name] + [k if v is None or (v == "" and k in BOOLEAN) else f'{k}="{html_lib.escape(v)}"'
                      for k, v in attrs.items()]
    return "<" + " ".join(parts) + ">"


BOOLEAN = {"defer", "async", "hidden", "open", "disabled", "checked", "nomodule"}


def edit_tags(html: str, name: str, matches: Callable[[Attributes], bool],
              edit: Callable[[Attributes], Attributes | None], *, element: bool = False) -> tuple[str, int]:
    """Apply `edit` to the attributes of each `<name ...>` that `matches`; returns (html, count).

    `edit` returns the new attributes, or None to remove the tag (with `element=True`, also an
    empty element's closing tag right after it, as in `<script src=...></script>`).
    """
    count = 0
    closing = rf"(?:\s*</{name}>)?" if element else ""
    pattern = re.compile(rf"(?P<lead>\s*)<{name}(?P<attrs>(?:\s+[^>]*?)?)\s*/?>{closing}", re.I)

    def replace(match: re.Match) -> str:
        nonlocal count
        attrs = parse_attributes(match["attrs"])
        if not matches(attrs):
            return match[0]
        count += 1
        new = edit(dict(attrs))
        if new is None:
            return ""
        tail = f"</{name}>" if element and match[0].rstrip().endswith(f"</{name}>") else ""
        return match["lead"] + render(name, new) + tail

    return pattern.sub(replace, html), count
