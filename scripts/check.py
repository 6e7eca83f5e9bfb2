"""The author's loop: every check that needs no browser, all problems of all kinds in one run.

    .venv/bin/python scripts/check.py          (or `make check`; well under a minute)
    .venv/bin/python scripts/check.py --root path/to/a/copy/of/the/site

Checks, run side by side where they can:

- the strict MkDocs build (broken links and anchors in Markdown, hook errors, any WARNING line);
- the content rules (scripts/sitekit/content_rules.py): question format, ids, one-line answers,
  diagrams' accTitle/accDescr/caption, key commands, glossary terms used, duplicate ids, packet
  walks (including drills whose right choice is the longest in more than a third of a page's hops;
  the share is printed for every page with drills);
- manifest validation (scripts/sitekit/manifests.py) of every ```yaml block that holds a manifest;
- the link check of the built site, offline (scripts/check_links.py, lychee);
- spelling (codespell) and Markdown lint (pymarkdown; settings in pyproject.toml).

Each problem is one line `docs/page.md:LINE: what is wrong; what to do`; the exit status is 1 if
there is any. The tests (tests/test_check.py, tests/test_content.py) call the same functions.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "overrides" / "hooks"))
from sitekit.build import ROOT, build_site  # noqa: E402
from sitekit.content_rules import duplicate_ids, page_problems, unused_abbreviations  # noqa: E402
from sitemodel.walks import right_longest_share  # noqa: E402
from sitemodel import code_blocks, glossary_file, read_config  # noqa: E402

BIN = Path(sys.executable).parent
# MkDocs names the page in its warnings: "Doc file 'dns.md' contains a link 'x.md#y', but ..."
DOC_FILE_LINK = re.compile(r"Doc file '(?P<file>[^']+)' contains (?:a link|an absolute link|an unrecognized relative link) '(?P<link>[^']+)'")
DOC_FILE = re.compile(r"Doc file '(?P<file>[^']+)'")
LOG_LEVEL = re.compile(r"^(?:WARNING|ERROR)\s*-\s*")


def markdown_pages(root: Path) -> dict[Path, str]:
    """docs/**/*.md, keyed by their path relative to root."""
    return {p.relative_to(root): p.read_text(encoding="utf-8") for p in sorted((root / "docs").rglob("*.md"))}


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    return 1


# --- the checkers (each returns its problems, formatted) ----------------------------------------

def content_problems(root: Path) -> list[str]:
    pages = markdown_pages(root)
    problems = [p for path, text in pages.items() for p in page_problems(path, text)]
    problems += duplicate_ids(pages)
    abbreviations = glossary_file(read_config(root / "mkdocs.yml"))
    if abbreviations.is_file():
        problems += [p.replace(str(abbreviations), str(abbreviations.relative_to(root)))
                     for p in unused_abbreviations(abbreviations, pages)]
    return problems


def manifest_problems(root: Path) -> list[str]:
    from sitekit.manifests import is_manifest, validate_block

    problems = []
    for path, text in markdown_pages(root).items():
        lines = text.splitlines()
        for block in code_blocks(text):
            if block.lang != "yaml" or not is_manifest(block.text):
                continue
            where = f"{path}:{block.line}"
            problems += [f"{where}: invalid manifest: {p}; fix it (complete objects: apiVersion, kind, "
                         "metadata.name, spec)" for p in validate_block(block.text)]
            first = block.text.lstrip().splitlines()[0].lower() if block.text.strip() else ""
            if first.startswith("#") and "experimental" in first:
                before = " ".join(lines[max(0, block.line - 15):block.line - 1]).lower()
                if "experimental" not in before:
                    problems.append(f"{where}: validated against Gateway API's experimental channel; say "
                                    "\"experimental\" in the text above the manifest too")
    return problems


def build_problems(root: Path, site: Path) -> tuple[list[str], bool]:
    """(problems, whether a site was written that the link check can read)."""
    result = build_site(site, "http://127.0.0.1:8000/", root / "mkdocs.yml", cwd=root)
    problems = []
    for line in result.log.splitlines():
        if "WARNING" not in line.upper() and not line.startswith("ERROR"):
            continue
        message = LOG_LEVEL.sub("", line).strip().rstrip(".")
        match = DOC_FILE_LINK.search(message) or DOC_FILE.search(message)
        if match:
            path = root / "docs" / match["file"]
            number = line_of(path, match["link"]) if "link" in match.groupdict() and path.is_file() else 1
            problems.append(f"docs/{match['file']}:{number}: {message}; fix the link (a page in docs/, "
                            "an id that exists: `[text](page.md#question-id)`)")
        elif message.startswith("Aborted with") or "warnings in strict mode" in message:
            continue  # the summary of the warnings above
        else:
            problems.append(f"mkdocs.yml:1: the build says: {message}; fix what it names")
    if result.returncode and not problems:
        tail = " | ".join(result.log.strip().splitlines()[-3:])
        problems.append(f"mkdocs.yml:1: the build failed: {tail}; run `.venv/bin/mkdocs build --strict` to see it all")
    return problems, (site / "index.html").is_file()


def link_problems(root: Path, site: Path) -> list[str]:
    import check_links

    found = check_links.check_internal(site, root / "docs", site_url="http://127.0.0.1:8000/")
    # The whole-guide print page copies every page, so a broken link there is usually the copy of one
    # reported on its own page already: report only those that are not.
    fragments = {p.target.split("#", 1)[1] for p in found if "#" in p.target and not p.page.startswith("print_page/")}
    found = [p for p in found if not (p.page.startswith("print_page/") and "#" in p.target
                                      and any(p.target.endswith("-" + f) for f in fragments))]
    problems = []
    for problem in found:
        where = problem.source if ":" in problem.source else (f"{problem.source}:1" if problem.source else f"site/{problem.page}:1")
        problems.append(f"{where}: broken link in the built page {problem.page} to {problem.target} "
                        f"({problem.reason}); fix the link or the id it points at")
    return problems


def spelling_problems(root: Path) -> list[str]:
    targets = [t for t in ("docs", "includes", "README.md", "CONTRIBUTING.md") if (root / t).exists()]
    result = subprocess.run([str(BIN / "codespell"), *targets], cwd=root, capture_output=True, text=True, check=False)
    problems = []
    for line in result.stdout.splitlines():
        match = re.match(r"^(?P<where>[^:]+:\d+): (?P<typo>.+?) ==> (?P<fix>.+)$", line.strip())
        if match:
            problems.append(f"{match['where']}: misspelt {match['typo']!r}; write {match['fix']!r} (or, for a real "
                            "word, add it to ignore-words-list under [tool.codespell] in pyproject.toml)")
        elif line.strip():
            problems.append(f"{line.strip()}; fix the spelling")
    return problems


def lint_problems(root: Path) -> list[str]:
    config = ["--config", str(ROOT / "pyproject.toml")] if not (root / "pyproject.toml").is_file() else []
    result = subprocess.run([str(BIN / "pymarkdown"), *config, "scan", "docs"], cwd=root,
                            capture_output=True, text=True, check=False)
    problems = []
    for line in (result.stdout + result.stderr).splitlines():
        match = re.match(r"^(?P<file>[^:]+):(?P<line>\d+):\d+: (?P<rule>MD\d+): (?P<text>.+)$", line.strip())
        if match:
            problems.append(f"{match['file']}:{match['line']}: Markdown lint {match['rule']}: {match['text']}; "
                            "fix the Markdown (rules: [tool.pymarkdown] in pyproject.toml)")
        elif line.strip():
            problems.append(f"docs:1: pymarkdown: {line.strip()}; fix what it names")
    return problems


def drill_share_report(root: Path) -> list[str]:
    """One line per page with drills: in how many hops the right choice is the longest (the content
    rules fail a page above a third)."""
    report = []
    for path, text in markdown_pages(root).items():
        longest, hops = right_longest_share(text)
        if hops:
            report.append(f"{path}: drill hops with the right choice the longest: {longest} of {hops} "
                          f"({longest / hops:.0%})")
    return report


def check(root: Path = ROOT, site: Path | None = None) -> list[str]:
    """Every problem of every kind, in a stable order."""
    with tempfile.TemporaryDirectory(prefix="check-site-") as tmp:
        site = site or Path(tmp) / "site"
        with ThreadPoolExecutor(max_workers=4) as pool:
            build = pool.submit(build_problems, root, site)
            spelling = pool.submit(spelling_problems, root)
            lint = pool.submit(lint_problems, root)
            content = content_problems(root)
            manifests = manifest_problems(root)
            built_problems, built = build.result()
            links = link_problems(root, site) if built else []
            problems = built_problems + content + manifests + links + spelling.result() + lint.result()
    return list(dict.fromkeys(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the folder holding mkdocs.yml and docs/")
    args = parser.parse_args(argv)
    start = time.monotonic()
    problems = check(args.root.resolve())
    for line in drill_share_report(args.root.resolve()):
        print(line)
    for problem in problems:
        print(problem)
    seconds = time.monotonic() - start
    print(f"{len(problems)} problem(s) in {seconds:.0f} s" if problems else f"All checks passed in {seconds:.0f} s.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
