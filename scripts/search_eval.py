"""How well search answers what readers type, and what it costs, next to today's build, in one run.

    .venv/bin/python scripts/search_eval.py [--baseline REV] [--scale N] [--misses] [--sets code ...]
                                            (also run by `make bench`)

Builds this checkout and the baseline (git revision REV: by default the last build that used
Material's own lunr search), serves both gzip-compressed on loopback and, in headless Chromium, types
every query of tests/search/queries/*.tsv into the site's real search box. A query file's lines are
`query<TAB>answers`, each answer `page#question-id` (several when each one is right); `#` starts a
comment. Reported per query set: how often an expected answer is the first result and how often one
is among the first three (results as the reader sees them: the question links in the order drawn,
not those folded under "N more"). Then the costs, for a topic page: bytes the page transfers before
the reader does anything and how much of that is search, bytes fetched for a first and a second
query, and the time from the first key typed to the first results drawn (median of runs). With
--scale N the costs are measured again on builds with every topic page copied N times.

Measured here, never asserted by tests (times vary on a shared machine); the tests assert byte
budgets and that every question is found by its own heading (tests/test_search.py).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "overrides" / "hooks"))
from sitekit.browser import launch_chromium  # noqa: E402
from sitekit.build import ROOT, build_site  # noqa: E402
from sitekit.serve import free_port, serve  # noqa: E402
from sitemodel import site_topics, topic_map  # noqa: E402

QUERIES = ROOT / "tests" / "search" / "queries"
# The last commit whose build used Material's own search (lunr, index fetched on every page).
BASELINE = "0b7ac92"
COST_PAGE = "services/"
COST_QUERIES = ("headless service", "externalTrafficPolicy: Local")
# Anything search fetches: Material's index and worker, ours and its index.
SEARCH_REQUEST = re.compile(r"/search/|/workers/search|/search-worker\.|/lunr/")

# Counts result lists drawn (Material rewrites the "N matching documents" line for each answer)
# and times the first key typed in the search box to the first result drawn.
WATCH_RESULTS = """
window.__results = 0;
addEventListener("DOMContentLoaded", () => {
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  if (!meta || !list) return;
  new MutationObserver(() => { window.__results++; window.__lastResults = performance.now(); }).observe(meta, { childList: true, characterData: true, subtree: true });
  new MutationObserver(() => {
    if (window.__firstKey && !window.__firstResult && list.querySelector(".md-search-result__item"))
      window.__firstResult = performance.now();
  }).observe(list, { childList: true });
  document.addEventListener("keydown", (event) => {
    if (event.target.matches?.("input.md-search__input") && !window.__firstKey) window.__firstKey = performance.now();
  }, true);
});
"""

# The question links a reader sees, in order: page#question-id, each once.
RANKED = """() => {
  const found = [];
  for (const link of document.querySelectorAll(".md-search-result__item a.md-search-result__link")) {
    if (link.closest("details.md-search-result__more:not([open])")) continue;
    const url = new URL(link.href);
    if (!url.hash) continue;
    const key = url.pathname.replace(/^\\/|\\/$/g, "") + url.hash;
    if (!found.includes(key)) found.push(key);
  }
  return found;
}"""


def load_queries(folder: Path = QUERIES) -> dict[str, list[tuple[str, list[str]]]]:
    sets = {}
    for path in sorted(folder.glob("*.tsv")):
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                query, answers = line.split("\t")
                rows.append((query, answers.split()))
        sets[path.stem] = rows
    return sets


def ask(page, query: str) -> list[str]:
    """Type the query into the open search box at once and return the ranked question links."""
    box = page.locator("input.md-search__input")
    before = page.evaluate("window.__results")
    box.fill(query)
    box.press("End")  # Material runs a query on key-up
    page.wait_for_function("n => window.__results > n", arg=before, timeout=20000)
    return page.evaluate(RANKED)


# Every query of a list, one after another in the open search box, as ask() types each, but in one
# call into the page: about half the time of a round trip from Python per query. The box gets each
# query whole and one key-up, the event Material's search listens to (a synthetic one: Material does
# not tell them apart, and test_search.py's keyboard tests type real keys).
ASK_ALL = """async ([queries, timeout]) => {
  const box = document.querySelector("input.md-search__input");
  const ranked = %s;
  const drawn = (before) => new Promise((resolve, reject) => {
    const start = performance.now();
    (function poll() {
      if (window.__results > before) resolve();
      else if (performance.now() - start > timeout) reject(new Error("no results drawn"));
      else setTimeout(poll, 5);
    })();
  });
  const found = [];
  for (const query of queries) {
    const before = window.__results;
    box.value = query;
    box.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }));
    await drawn(before).catch((error) => { throw new Error(`${error.message} for ${JSON.stringify(query)}`); });
    found.push(ranked());
  }
  return found;
}""" % RANKED


def ask_all(page, queries: list[str]) -> list[list[str]]:
    """The ranked question links of each query (as ask()), typed into the open search box in turn."""
    return page.evaluate(ASK_ALL, [queries, 20000])


def evaluate(browser, base_url: str, sets: dict) -> dict[str, list[tuple[str, list[str], list[str]]]]:
    context = browser.new_context()
    context.add_init_script(WATCH_RESULTS)
    page = context.new_page()
    page.goto(base_url, wait_until="load")
    page.keyboard.press("/")
    answers = {name: [(query, expected, found) for (query, expected), found in zip(rows, ask_all(page, [q for q, _ in rows]))]
               for name, rows in sets.items()}
    context.close()
    return answers


def scores(answered) -> tuple[float, float]:
    first = sum(bool(got) and got[0] in expected for _, expected, got in answered)
    top3 = sum(any(g in expected for g in got[:3]) for _, expected, got in answered)
    return 100 * first / len(answered), 100 * top3 / len(answered)


def costs(browser, base_url: str, runs: int) -> dict:
    """A topic page's bytes before any interaction (and the search part of them), the bytes of a
    first and a second query, and the time from the first key to the first results (median)."""
    measured = []
    for _ in range(runs):
        context = browser.new_context()
        context.add_init_script(WATCH_RESULTS)
        page = context.new_page()
        requests = []
        page.on("requestfinished", lambda request: requests.append(request))
        page.goto(base_url + COST_PAGE, wait_until="load")
        page.wait_for_load_state("networkidle")
        loaded = list(requests)
        page.keyboard.press("/")
        page.keyboard.type(COST_QUERIES[0])
        page.wait_for_function("window.__firstResult", timeout=30000)
        page.wait_for_load_state("networkidle")
        first = requests[len(loaded):]
        seen = len(requests)
        box = page.locator("input.md-search__input")
        before = page.evaluate("window.__results")
        box.fill(COST_QUERIES[1])
        box.press("End")
        page.wait_for_function("n => window.__results > n", arg=before, timeout=20000)
        page.wait_for_load_state("networkidle")
        second = requests[seen:]
        measured.append({
            "page": size(loaded), "page_search": size(r for r in loaded if SEARCH_REQUEST.search(r.url)),
            "first_query": size(first), "second_query": size(second),
            "ms": page.evaluate("window.__firstResult - window.__firstKey"),
        })
        context.close()
    return {**measured[0], "ms": statistics.median(m["ms"] for m in measured)}


def size(requests) -> int:
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def checkout(rev: str, into: Path) -> Path:
    """The tree of a git revision, with this checkout's node_modules (the build needs esbuild)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "node_modules").symlink_to(ROOT / "node_modules")
    return into


def working_copy(into: Path) -> Path:
    shutil.copytree(ROOT, into, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "site", ".pytest_cache", "__pycache__"))
    (into / "node_modules").symlink_to(ROOT / "node_modules")
    return into


def multiply(tree: Path, copies: int) -> None:
    """Every topic page copied `copies - 1` more times (same questions, new pages in the nav)."""
    config = tree / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if not re.search(r"^nav:\n(?:[ -].*\n?)+\Z", text, re.M):
        raise SystemExit("mkdocs.yml: nav is not the last key; update search_eval.multiply")
    lines, boxes = [], []
    topics = site_topics(config)
    for n in range(2, copies + 1):
        lines.append(f"  - Copy {n}:")
        for topic in topics:
            name = f"copy-{n}-{topic.src}"
            (tree / "docs" / name).write_text((tree / "docs" / topic.src).read_text(encoding="utf-8"), encoding="utf-8")
            lines.append(f"      - \"{topic.title} ({n})\": {name}")
        # Each nav section has its box in the home page's topic map (overrides/hooks/topic_list.py).
        boxes += [f"  copy{n}[Copy {n}]", f'  click copy{n} "copy-{n}-{topics[0].url}"']
    config.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    home = tree / "docs" / "index.md"
    text = home.read_text(encoding="utf-8")
    home_map = topic_map(text)
    end = home_map.line + len(home_map.source.splitlines())  # the closing fence, 0-based
    rows = text.splitlines()
    home.write_text("\n".join(rows[:end] + boxes + rows[end:]) + "\n", encoding="utf-8")


def build(tree: Path, site: Path, url: str, strict: bool = True) -> None:
    if strict:
        result = build_site(site, url, config=tree / "mkdocs.yml")
        if result.returncode:
            raise SystemExit(result.log)
        return
    # The copies have no cheat sheets of their own in the nav, so MkDocs warns; not strict.
    import os
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(tree / "mkdocs.yml"),
                    "--site-dir", str(site)], cwd=tree, env=env, check=True, capture_output=True)


def kib(n: float) -> str:
    return f"{n / 1024:7.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with (default %(default)s)")
    parser.add_argument("--scale", type=int, default=0, metavar="N", help="also measure costs with every topic page N times")
    parser.add_argument("--runs", type=int, default=3, help="runs for the time to first results (median)")
    parser.add_argument("--sets", nargs="*", help="only these query sets (file names without .tsv)")
    parser.add_argument("--misses", action="store_true", help="list the queries whose answer is not in the first three")
    parser.add_argument("--no-baseline", action="store_true", help="measure this checkout only")
    args = parser.parse_args(argv)
    sets = {k: v for k, v in load_queries().items() if not args.sets or k in args.sets}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        variants = {"ours": working_copy(tmp / "ours-src")}
        if not args.no_baseline:
            variants["baseline"] = checkout(args.baseline, tmp / "baseline-src")
        results, cost, scaled = {}, {}, {}
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for name, tree in variants.items():
                port = free_port()
                build(tree, tmp / f"{name}-site", f"http://127.0.0.1:{port}/")
                with serve(tmp / f"{name}-site", port, use_gzip=True) as url:
                    results[name] = evaluate(browser, url, sets)
                    cost[name] = costs(browser, url, args.runs)
                if args.scale > 1:
                    multiply(tree, args.scale)
                    port = free_port()
                    build(tree, tmp / f"{name}-scaled", f"http://127.0.0.1:{port}/", strict=False)
                    with serve(tmp / f"{name}-scaled", port, use_gzip=True) as url:
                        scaled[name] = costs(browser, url, args.runs)
            browser.close()
    report(results, cost, scaled, args)
    return 0


def report(results, cost, scaled, args) -> None:
    names = list(results)
    print("Search: the expected answer first / among the first three, % of queries" + (
        f" (ours vs baseline {args.baseline})" if len(names) > 1 else ""))
    print(f"{'query set':16} {'queries':>7} " + " ".join(f"{n + ' 1st':>13} {n + ' top 3':>13}" for n in names))
    for set_name in results[names[0]]:
        cells = []
        for n in names:
            first, top3 = scores(results[n][set_name])
            cells += [f"{first:13.0f}", f"{top3:13.0f}"]
        print(f"{set_name:16} {len(results[names[0]][set_name]):7} " + " ".join(cells))
    every = {n: [row for rows in results[n].values() for row in rows] for n in names}
    print(f"{'all':16} {len(every[names[0]]):7} " + " ".join(
        f"{scores(every[n])[0]:13.0f} {scores(every[n])[1]:13.0f}" for n in names))
    print(f"\nCosts on {COST_PAGE} (KiB gzip as sent; ms median of {args.runs}): first query {COST_QUERIES[0]!r} typed key by key, second {COST_QUERIES[1]!r}")
    print(f"{'build':22} {'page KiB':>8} {'search KiB':>10} {'1st query KiB':>13} {'2nd query KiB':>13} {'key to results ms':>17}")
    for label, table in (("", cost), (f" x{args.scale}", scaled)):
        for n, c in table.items():
            print(f"{n + label:22} {kib(c['page']):>8} {kib(c['page_search']):>10} {kib(c['first_query']):>13} "
                  f"{kib(c['second_query']):>13} {c['ms']:17.0f}")
    if args.misses:
        for n in names:
            print(f"\nNot in the first three ({n}):")
            for set_name, rows in results[n].items():
                for query, expected, got in rows:
                    if not any(g in expected for g in got[:3]):
                        print(f"  [{set_name}] {query!r}: wanted {' '.join(expected)}; got {got[:3]}")


if __name__ == "__main__":
    sys.exit(main())
