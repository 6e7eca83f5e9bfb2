"""Measure what a reader's browser pays for each page, next to a baseline, in one run.

    .venv/bin/python scripts/bench.py [--runs N] [--lighthouse-runs N] [--no-lighthouse]
                                      [--pages dns glossary .]      (or `make bench`)

Builds the site, and a baseline of the same content as a plain Material site ships it (see
make_baseline: separate files, nothing deferred, Mermaid's one-file UMD bundle drawing every diagram
at load), serves both gzip-compressed on loopback like a static host, and opens every page of each
in headless Chromium with an empty cache. Prints, per page: bytes transferred (gzip, as sent, with
every diagram drawn), requests, requests to other hosts, and the time until every diagram is drawn
(median of N runs), then the ratios; then Lighthouse's four scores for both (mobile preset); then
what the offline worker precaches on a first visit (files, KiB as stored and as sent gzip); then
the search evaluation (scripts/search_eval.py --scale 10: answers found per query set, search
costs per page and per query, next to today's build and with ten times the content). Times
and scores are only measured here, never asserted in tests: this machine is shared, so compare the
ratios and medians, not single numbers.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "overrides" / "hooks"))
from sitekit.browser import is_loopback, launch_chromium, transfer  # noqa: E402
from sitekit.build import ROOT, BuildResult, build_site, html_pages, page_url  # noqa: E402
from sitekit.serve import COMPRESSIBLE, free_port, serve  # noqa: E402

# Hooks and post-processing fixes (overrides/hooks/outputs/html_fixes.py) that are performance work,
# left out of the baseline, and the offline worker (a plain Material site has none; the pages it would
# add are measured on ours only).
PERFORMANCE_HOOKS = ("bundle_assets.py", "offline.py")
PERFORMANCE_FIXES = ["defer scripts"]
# What the site does differently from Material's defaults to keep start-up work small; the baseline
# undoes each: Material's palette form and tooltips back, code blocks mounted at load, no scripts
# during parsing (overrides/partials/startup/ emptied), no palette-toggle.js.
OWN_PALETTE = "partials/palette.html"
STARTUP_PARTIALS = "partials/startup"
FEATURES_ADDED, FEATURES_REMOVED = ["content.tooltips"], ["content.lazy"]
UMD = "assets/vendor/mermaid-umd/mermaid.min.js"
MERMAID = "assets/vendor/mermaid/"  # the ESM build the site draws with (overrides/hooks/vendor_assets.py)

# Ours draws a diagram when it comes near the viewport; ask it to draw them all (as printing does),
# so both builds are timed and weighed with every diagram on the page.
TIME_TO_DIAGRAMS = """async () => {
  await window.mermaid?.drawAll?.();
  while (document.querySelector("pre.mermaid")) await new Promise(r => requestAnimationFrame(r));
  return performance.now();
}"""


def make_baseline(tmp: Path, baseline: Path, site_url: str) -> BuildResult:
    """The same content as a plain Material site ships it: every script and stylesheet its own
    file, Material's bundle not deferred, Material's palette form, tooltips and eager code blocks,
    and Mermaid's one-file UMD bundle (mermaid2's `javascript` option, added to pages with a
    diagram) drawing every diagram at load. Built from mkdocs.yml
    through INHERIT from a copy of docs/ that holds the UMD bundle, so nothing leaves the machine."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = [h for h in re.findall(r"^  - (overrides/hooks/\S+\.py)$", config, re.M)
             if not h.endswith(PERFORMANCE_HOOKS)]
    scripts = [j for j in re.findall(r"^  - (assets/javascripts/\S+\.js)$", config, re.M)
               if "mermaid" not in j and "palette-toggle" not in j and "offline" not in j]
    features = re.findall(r"^    - ([a-z.]+)$", config.split("\nplugins:")[0], re.M)
    if not set(FEATURES_REMOVED) <= set(features):
        raise SystemExit(f"mkdocs.yml: theme features {FEATURES_REMOVED} not found; update bench.py")
    features = [f for f in features if f not in FEATURES_REMOVED] + FEATURES_ADDED
    overrides = tmp / "baseline-overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    (overrides / OWN_PALETTE).unlink()
    for partial in (overrides / STARTUP_PARTIALS).glob("*.html"):
        partial.write_text("", encoding="utf-8")
    plugins = re.search(r"^plugins:\n(?:(?:  .*)?\n)+", config, re.M)[0]
    if "\n  - mermaid2\n" not in plugins:
        raise SystemExit("mkdocs.yml: `- mermaid2` not found in plugins; update bench.py")
    plugins = plugins.replace("\n  - mermaid2\n", f"\n  - mermaid2:\n      javascript: {UMD}\n")
    docs = tmp / "baseline-docs"  # mermaid2 wants the library inside docs_dir
    shutil.copytree(ROOT / "docs", docs)
    (docs / UMD).parent.mkdir(parents=True)
    shutil.copy2(ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js", docs / UMD)
    derived = tmp / "baseline.yml"
    derived.write_text("\n".join([
        f"INHERIT: {ROOT / 'mkdocs.yml'}",
        f"docs_dir: {docs}",
        f"theme: {{custom_dir: {overrides}, features: [{', '.join(features)}]}}",
        "hooks: [" + ", ".join(str(ROOT / h) for h in hooks) + "]",
        "extra_javascript: [" + ", ".join(scripts) + "]",
        "extra: {postprocess_skip: [" + ", ".join(PERFORMANCE_FIXES) + "]}",
        plugins,
    ]) + "\n", encoding="utf-8")
    return build_site(baseline, site_url, config=derived, cwd=ROOT)


def measure(browser, url: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    requests, foreign = [], []
    page.on("requestfinished", lambda request: requests.append(request))

    def route(route):
        if is_loopback(route.request.url):
            route.continue_()
        else:  # blocked, so a slip shows up as a count instead of a hang
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    rendered_ms = page.evaluate(TIME_TO_DIAGRAMS)
    page.wait_for_load_state("networkidle")
    bytes_sent = transfer(requests)
    has_diagrams = page.locator("div.mermaid").count() > 0
    context.close()
    return {**bytes_sent, "requests": len(requests), "foreign": len(foreign), "ms": rendered_ms if has_diagrams else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="page loads per page and variant (median)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the (slow) Lighthouse runs")
    parser.add_argument("--lighthouse-runs", type=int, default=1,
                        help="Lighthouse runs per page and variant (median score); scores vary by several points")
    parser.add_argument("--no-search", action="store_true", help="skip the search evaluation (scripts/search_eval.py)")
    parser.add_argument("--pages", nargs="*", metavar="PAGE",
                        help="only these pages, as their folder (dns, cheat-sheets/dns; '.' is the home page)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        site, baseline = Path(tmp) / "site", Path(tmp) / "baseline"
        base_port = free_port()
        for result in (build_site(site, f"http://127.0.0.1:{port}/"),
                       make_baseline(Path(tmp), baseline, f"http://127.0.0.1:{base_port}/")):
            if result.returncode:
                print(result.log)
                return 1
        link_check_seconds = time_link_check(site)
        precache_line = precache_report(site)
        rows, scores = [], []
        with serve(site, port, use_gzip=True) as ours, serve(baseline, base_port, use_gzip=True) as base, \
                sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for page in html_pages(site, not_found=True):
                name = page.name if page.name == "404.html" else page.relative_to(site).parent.as_posix()
                if args.pages and name not in args.pages:
                    continue
                runs = {v: [measure(browser, page_url(root, page_in(root, page, site), url))
                            for _ in range(args.runs)]
                        for v, root, url in (("ours", site, ours), ("baseline", baseline, base))}
                rows.append((name, summarise(runs["ours"]), summarise(runs["baseline"])))
                if not args.no_lighthouse:
                    scores.append((name, median_scores(page_url(site, page, ours), args.lighthouse_runs),
                                   median_scores(page_url(baseline, page_in(baseline, page, site), base),
                                                 args.lighthouse_runs)))
            browser.close()
    print_table(rows)
    if scores:
        print_lighthouse(scores)
    print(search_index_line(rows))
    print(precache_line)
    print(f"Internal link check of the whole site (scripts/check_links.py): {link_check_seconds:.2f} s")
    if not args.no_search:
        import search_eval

        print()
        return search_eval.main(["--scale", "10"])
    return 0


def search_index_line(rows) -> str:
    """What search costs a page before the reader opens it: Material's configuration only (the
    worker and the index come when a reader searches; scripts/search_eval.py measures those)."""
    sizes = [ours["search_index"] for _, ours, _ in rows]
    base = [baseline["search_index"] for _, _, baseline in rows]
    if not sizes:
        return "Search: no page measured"
    return (f"Search fetched on page load (counted apart from the pages above): ours at most {max(sizes) / 1024:.1f} KiB gzip, "
            f"baseline {max(base) / 1024:.1f} KiB; search quality and per-query costs: scripts/search_eval.py (below)")


def precache_report(site: Path) -> str:
    """What the service worker (overrides/hooks/offline.py) downloads on a first visit, after the
    page has loaded: its precache list in sw.js, weighed as stored and as the gzip server sends it."""
    worker = site / "sw.js"
    if not worker.is_file():
        return "Offline precache: no sw.js in the build"
    urls = re.findall(r'url:"([^"]+)"', worker.read_text(encoding="utf-8"))
    stored = sent = mermaid_files = mermaid_stored = 0
    for url in urls:
        data = (site / url).read_bytes()
        stored += len(data)
        sent += len(gzip.compress(data, compresslevel=6)) if url.endswith(COMPRESSIBLE) else len(data)
        if url.startswith(MERMAID):
            mermaid_files, mermaid_stored = mermaid_files + 1, mermaid_stored + len(data)
    script = (worker.stat().st_size, len(gzip.compress(worker.read_bytes(), compresslevel=6)))
    return (f"Offline precache (sw.js, fetched once after the first page has loaded): {len(urls)} files, "
            f"{stored / 1024:.0f} KiB stored, {sent / 1024:.0f} KiB sent gzip "
            f"(Mermaid: {mermaid_files} files, {mermaid_stored / 1024:.0f} KiB stored); "
            f"sw.js itself {script[0] / 1024:.1f} KiB ({script[1] / 1024:.1f} KiB gzip)")


LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_scores(url: str) -> dict[str, int]:
    """Lighthouse 12 (npm, mobile preset, the default) in Debian's Chromium; scores out of 100."""
    import json
    import os
    import subprocess

    from sitekit.browser import CHROMIUM_ARGS, chromium_path

    env = {**os.environ, "CHROME_PATH": chromium_path() or ""}
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--quiet", f"--chrome-flags={flags}",
         f"--only-categories={','.join(CATEGORIES)}"],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )
    if result.returncode:
        return {c: -1 for c in CATEGORIES}
    report = json.loads(result.stdout)
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def median_scores(url: str, runs: int) -> dict[str, int]:
    results = [lighthouse_scores(url) for _ in range(max(runs, 1))]
    return {c: round(statistics.median(r[c] for r in results)) for c in CATEGORIES}


def print_lighthouse(rows) -> None:
    print(f"\nLighthouse (mobile): {'page':26} " + " ".join(f"{c[:11]:>11}" for c in CATEGORIES) + "   (ours / baseline)")
    for name, ours, base in rows:
        cells = " ".join(f"{ours[c]:>5}/{base[c]:<5}" for c in CATEGORIES)
        print(f"{'':21}{(name if name != '.' else '(home)')[:26]:26} {cells}")


def time_link_check(site: Path) -> float:
    import check_links

    started = time.perf_counter()
    problems = check_links.check_internal(site)
    elapsed = time.perf_counter() - started
    if problems:
        print(f"link check found {len(problems)} problem(s); run make linkcheck")
    return elapsed


def page_in(root: Path, page: Path, site: Path) -> Path:
    return root / page.relative_to(site)


def summarise(runs: list[dict]) -> dict:
    times = [r["ms"] for r in runs if r["ms"] is not None]
    return {**runs[0], "ms": statistics.median(times) if times else None}


def print_table(rows) -> None:
    def kib(n): return f"{n / 1024:8.1f}"
    def ms(v): return f"{v:7.0f}" if v is not None else "      -"
    print("KiB: what the page transfers, gzip, without the search index (see below)")
    print(f"{'page':28} {'KiB ours':>9} {'KiB base':>9} {'ratio':>6} {'req':>4} {'base':>4} "
          f"{'3rd o/b':>7} {'ms ours':>7} {'ms base':>7} {'ratio':>6}")
    for name, ours, base in rows:
        time_ratio = f"{ours['ms'] / base['ms']:6.2f}" if ours["ms"] and base["ms"] else "     -"
        print(f"{(name if name != '.' else '(home)')[:28]:28} {kib(ours['page_bytes'])} {kib(base['page_bytes'])} "
              f"{ours['page_bytes'] / base['page_bytes']:6.2f} {ours['requests']:4} {base['requests']:4} "
              f"{str(ours['foreign']) + '/' + str(base['foreign']):>7} {ms(ours['ms'])} {ms(base['ms'])} {time_ratio}")
    diagram_rows = [(o, b) for _, o, b in rows if o["ms"] and b["ms"]]
    if diagram_rows:
        bytes_ratio = statistics.median(o["page_bytes"] / b["page_bytes"] for o, b in diagram_rows)
        time_ratio = statistics.median(o["ms"] / b["ms"] for o, b in diagram_rows)
        print(f"\nPages with diagrams (median): bytes ours/baseline = {bytes_ratio:.2f}, "
              f"time to diagrams ours/baseline = {time_ratio:.2f}")


if __name__ == "__main__":
    sys.exit(main())
