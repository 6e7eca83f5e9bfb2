"""The strict build: zero warnings, self-hosted Mermaid, nothing that points at another host."""

from __future__ import annotations

import ast
import re

import pytest
from mkdocs.exceptions import PluginError

from conftest import HOOK_LINE, ROOT, SITE_PATHS, make_fixture_site
from sitekit.build import build_site

# Our scripts and styles, bundled by overrides/hooks/bundle_assets.py.
SCRIPT_BUNDLE = re.compile(r"assets/javascripts/site-with-mermaid-loader\.[0-9a-f]{8}\.min\.js")
STYLE_BUNDLE = re.compile(r"assets/stylesheets/site\.[0-9a-f]{8}\.min\.css")
STATIC_IMPORT = re.compile(r'(?:import|from)\s*"(\./[^"]+\.mjs)"')
# Anything the browser would fetch by itself: scripts, images, frames, stylesheets, icons, imports.
# (Canonical and other navigational <link>s and <a href>s are not fetched.)
FETCHING_TAG = re.compile(
    r'<(?:script|img|iframe|source|audio|video)\b[^>]*?\bsrc="(?:https?:)?//'
    r'|<link\b(?=[^>]*\brel="(?:stylesheet|preload|modulepreload|icon|manifest|prefetch|preconnect)")'
    r'[^>]*?\bhref="(?:https?:)?//',
    re.I,
)
FOREIGN_CSS_OR_JS = re.compile(
    r'url\(\s*["\']?(?:https?:)?//|@import\s+(?:url\()?["\']?(?:https?:)?//'
    r'|import\(\s*["\'](?:https?:)?//|\bfrom\s*["\'](?:https?:)?//',
    re.I,
)


def test_strict_build_has_no_warnings(built_site):
    assert built_site.build.warnings == [], "\n".join(built_site.build.warnings)


def test_the_pages_built_are_the_pages_the_tests_know(built_site):
    # The per-page browser tests are made from conftest.SITE_PATHS (read from mkdocs.yml) before the
    # site is built.
    built = [p.relative_to(built_site.dir).as_posix().removesuffix("index.html") for p in built_site.pages(not_found=True)]
    assert sorted(built) == sorted(SITE_PATHS), (
        "the build made other pages than mkdocs.yml's navigation, the print page and 404.html: "
        "add a new generated page to SITE_PATHS in tests/conftest.py")


def test_no_line_of_the_build_log_says_warning(built_site):
    # Plugins may print "WARNING" inside an INFO message (mermaid2 did, on every build), which the
    # strict build does not count; an author reading the log cannot tell the difference.
    lines = [line for line in built_site.build.log.splitlines() if "WARNING" in line.upper()]
    assert lines == [], "\n".join(lines)


def test_the_repository_link_appears_only_when_the_repository_is_known(built_site, tmp_path, monkeypatch):
    html = (built_site.dir / "index.html").read_text(encoding="utf-8")
    assert "md-source" not in html and 'href="https://github.com/"' not in html
    config = make_fixture_site(tmp_path, {"index.md": "---\ndescription: Fixture home page for the repository link test.\n---\n\n# Home\n"},
                               hooks=())  # the theme's header draws the link
    monkeypatch.setenv("REPO_URL", "https://github.com/example/guide")  # as the Pages workflow does
    result = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert result.returncode == 0, result.log
    assert 'href="https://github.com/example/guide"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_mermaid_is_self_hosted_with_every_chunk_it_imports(built_site):
    vendor = built_site.dir / "assets" / "vendor" / "mermaid"
    entry = vendor / "mermaid.esm.min.mjs"
    assert entry.is_file(), f"{entry} missing: the build hook did not copy Mermaid (run `npm ci`)"
    missing, seen, queue = [], set(), [entry]
    while queue:  # follow static imports: a missing chunk breaks every diagram
        module = queue.pop()
        for spec in STATIC_IMPORT.findall(module.read_text(encoding="utf-8")):
            target = (module.parent / spec).resolve()
            if target in seen:
                continue
            seen.add(target)
            (queue.append(target) if target.is_file() else missing.append(f"{module.name} -> {spec}"))
    assert not missing, "Mermaid chunks missing from the build:\n" + "\n".join(missing)
    assert len(list(vendor.rglob("*.mjs"))) > 50, "the lazily loaded chunks were not copied"


def test_no_page_or_asset_loads_anything_from_another_host(built_site):
    offenders = []
    for path in built_site.dir.rglob("*"):
        if "vendor" in path.parts or path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (FETCHING_TAG, FOREIGN_CSS_OR_JS):
            for match in pattern.finditer(text):
                offenders.append(f"{path.relative_to(built_site.dir)}: {text[match.start():match.end() + 60]!r}")
    assert not offenders, "Remove requests to other hosts:\n" + "\n".join(offenders)


def test_no_cdn_script_is_injected_for_diagrams(built_site):
    for page in built_site.pages():
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "cdn.jsdelivr" not in html, page
        if 'class="mermaid"' in html:
            assert SCRIPT_BUNDLE.search(html), f"{page}: diagram without the bundle that holds our loader"


def blocking_scripts(html: str) -> list[str]:
    return [tag for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
            if "defer" not in tag and 'type="module"' not in tag]


def test_every_script_is_deferred_so_nothing_holds_the_first_paint(built_site):
    for page in built_site.pages(not_found=True):
        html = page.read_text(encoding="utf-8")
        assert not blocking_scripts(html), f"{page}: {blocking_scripts(html)}"
        assert SCRIPT_BUNDLE.search(html), f"{page}: our script bundle is missing"


def test_a_blocking_script_is_caught():
    html = '<script defer src="a.js"></script><script src="b.js"></script><script type="module" src="c.mjs"></script>'
    assert blocking_scripts(html) == ['<script src="b.js">']


def test_our_scripts_and_styles_are_one_file_each(built_site):
    assets = built_site.dir / "assets"
    # The search worker is started by overrides/partials/search-worker.html when a reader opens search.
    scripts = [p.name for p in (assets / "javascripts").glob("*.js")
               if not p.name.startswith("bundle.") and not re.fullmatch(r"search-worker\.[0-9a-f]{8}\.min\.js", p.name)]
    # The packet walks and the study tools are more modules, imported on the pages that use them
    # (under a content-hashed name; the review and mock interview pages by the study tools' module),
    # never linked from a page.
    for module in ("study-tools", "study-pages", "walks"):
        lazy = [name for name in scripts if re.fullmatch(module + r"\.[0-9a-f]{8}\.min\.js", name)]
        assert len(lazy) == 1, (module, scripts)
        assert not [p for p in built_site.pages() if lazy[0] in p.read_text(encoding="utf-8")]
        scripts.remove(lazy[0])
    styles = [p.name for p in (assets / "stylesheets").glob("*.css") if not p.name.startswith(("main.", "palette."))]
    assert len(scripts) == 1 and SCRIPT_BUNDLE.search("assets/javascripts/" + scripts[0]), scripts
    assert len(styles) == 1 and STYLE_BUNDLE.search("assets/stylesheets/" + styles[0]), styles
    home = (built_site.dir / "index.html").read_text(encoding="utf-8")
    assert STYLE_BUNDLE.search(home), "the home page does not link the style bundle"


def test_bundle_hook_names_the_fix_when_esbuild_is_missing(monkeypatch, tmp_path):
    import bundle_assets

    monkeypatch.setattr(bundle_assets, "ESBUILD", tmp_path / "node_modules" / ".bin" / "esbuild")
    with pytest.raises(PluginError, match="npm ci"):
        bundle_assets.esbuild("site", [ROOT / "docs" / "assets" / "stylesheets" / "site.css"], '@import "{}";')


def test_bundle_hook_names_the_file_with_a_syntax_error(tmp_path):
    import bundle_assets

    broken = tmp_path / "broken-script.js"
    broken.write_text("document$.subscribe(() => {\n")
    with pytest.raises(PluginError, match=r"broken-script\.js:2"):
        bundle_assets.esbuild("site", [broken], 'import "{}";')


def hook_imports(source: str, hooks: set[str]) -> list[str]:
    """Where Python source imports one of the named hook modules."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module.split(".")[0]]
        else:
            continue
        found += [f"line {node.lineno} imports the hook {name!r}" for name in names if name in hooks]
    return found


def test_no_hook_imports_another_hook():
    # MkDocs loads each hook as a module named by its path, so a hook another one imports by name runs
    # as a second copy with state of its own (a fix skipped in one copy would still run in the other).
    hooks = set(HOOK_LINE.findall((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    problems = [f"overrides/hooks/{hook}.py: {found}; move what both need into overrides/hooks/outputs/"
                for hook in sorted(hooks)
                for found in hook_imports((ROOT / "overrides" / "hooks" / f"{hook}.py").read_text(encoding="utf-8"), hooks)]
    assert problems == []
    assert hook_imports("import anki\nfrom study_data import load\nfrom outputs import decks\n", hooks) == [
        "line 1 imports the hook 'anki'", "line 2 imports the hook 'study_data'"]


def test_build_hook_names_the_fix_when_mermaid_is_not_installed(monkeypatch, tmp_path):
    import vendor_assets  # overrides/hooks, put on sys.path below

    monkeypatch.setattr(vendor_assets, "MERMAID_DIST", tmp_path / "node_modules" / "mermaid" / "dist")
    with pytest.raises(PluginError, match="npm ci"):
        vendor_assets.on_post_build({"site_dir": str(tmp_path / "site")})


def test_a_diagram_type_without_its_listed_chunks_stops_the_build():
    # Only the Mermaid chunks of the site's diagram types are shipped and precached (outputs/mermaid_files.py);
    # a new type must not ship a diagram that cannot draw offline.
    from outputs import mermaid_files

    with pytest.raises(PluginError, match=r"cheat-sheets/x\.html: a Mermaid diagram of type 'sequenceDiagram'.*DRAWN_WITH"):
        mermaid_files.needed_chunks({"flowchart": "a.html", "sequenceDiagram": "cheat-sheets/x.html"})
    assert mermaid_files.first_word("---\ntitle: T\n---\n%%{init: {}}%%\n\n  flowchart LR\n a --> b") == "flowchart"


def test_broken_link_fails_the_build_naming_the_page(tmp_path):
    config = make_fixture_site(tmp_path, {
        "index.md": "---\ndescription: Fixture.\n---\n\n# Home\n\nSee [nowhere](missing.md).\n",
    }, hooks=())  # MkDocs' own validation
    result = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert result.returncode != 0
    assert any("index.md" in w and "missing.md" in w for w in result.warnings), result.log


def test_broken_anchor_fails_the_build_naming_the_page(tmp_path):
    config = make_fixture_site(tmp_path, {
        "index.md": "---\ndescription: Fixture.\n---\n\n# Home\n\nSee [there](other.md#no-such-id).\n",
        "other.md": "---\ndescription: Fixture.\n---\n\n# Other\n",
    }, hooks=())  # MkDocs' own validation
    result = build_site(tmp_path / "site", "http://127.0.0.1:1/", config)
    assert result.returncode != 0
    assert any("index.md" in w and "no-such-id" in w for w in result.warnings), result.log


def test_print_site_assets_load_on_the_print_page_only(built_site):
    for page in built_site.pages(not_found=True):
        html = page.read_text(encoding="utf-8")
        loaded = re.findall(r'(?:src|href)="[^"]*(?:js/print-site\.js|css/print-site[a-z-]*\.css)"', html)
        on_print_page = page.parent.name == "print_page"
        assert bool(loaded) == on_print_page, f"{page}: {loaded or 'print-site assets missing'}"


def test_bundles_are_reproducible(tmp_path):
    import bundle_assets

    # Each run bundles in a new temporary folder; the name and content must not depend on it.
    scripts = ROOT / "docs" / "assets" / "javascripts"
    first, second = (bundle_assets.esbuild("site", [scripts / "mermaid-loader.js", scripts / "a11y-fixes.js"],
                                           'import "{}";') for _ in range(2))
    assert first == second and len(first) == 2, sorted(first)
