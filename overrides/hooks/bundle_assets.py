"""Serve our own scripts and styles as one minified, content-hashed file each.

mkdocs.yml lists our source files in load order under extra_javascript and extra_css, one job per
file. Loaded as they are, every page would make one request per file (over a dozen) for unminified
sources, so this hook bundles the entries that live in docs/ with esbuild (npm, installed by
`npm ci`):

    assets/javascripts/site-with-mermaid-loader.<hash>.min.js  (+ .map)
    assets/stylesheets/site.<hash>.min.css                      (+ .map)

and points the pages at them instead. The script is deferred (see postprocess.py). The hash in the
name changes with the content, so a host may cache both files for good. The source maps lead the
browser's developer tools back to the files in docs/.

The script bundle's name contains "mermaid" on purpose: mermaid2 adds a CDN copy of Mermaid unless an
extra_javascript file name contains it, and mermaid-loader.js (inside the bundle) is our copy.
mermaid2 then logs, at INFO level, "WARNING: Using extra_javascript is now DEPRECATED; use
mermaid:javascript instead!" on every build. Its `javascript:` option is no substitute here: it adds
a `<script src>` (or, for .mjs, a module import) of that file to every page with a diagram, which
would be one more request per page or Mermaid loaded eagerly, undoing the lazy loader. So that one
message is filtered out below; every other message of mermaid2's still shows.
Entries added by plugins (mkdocs-print-site's) are not in docs/ and are left alone.

LAZY modules are not in extra_javascript: each is bundled on its own as an ES module (with what it
imports from node_modules, e.g. ts-fsrs) and imported by a small loader in the site bundle only on
the pages that use it; the site bundle gets the module's hashed file name as a constant (STUDY_TOOLS), and so do the
lazy modules built after it (study-tools.js imports STUDY_PAGES).

WORKERS are web workers: each is bundled on its own (with the modules it imports) and its hashed path is put in config.extra for the templates (search_worker: started by
overrides/partials/search-worker.html when a reader opens search).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
BUNDLES = {
    # config key: (bundle name, folder in the site, how an entry file pulls in one source)
    "extra_javascript": ("site-with-mermaid-loader", "assets/javascripts", 'import "{}";'),
    "extra_css": ("site", "assets/stylesheets", '@import "{}";'),
}


class _DropDeprecatedExtraJavascript(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "Using extra_javascript is now DEPRECATED" not in record.getMessage()


# Hooks are loaded with the configuration, before any plugin's on_config runs.
logging.getLogger("mkdocs.plugins.mermaid2.util").addFilter(_DropDeprecatedExtraJavascript())

LAZY = {
    # constant defined in the site bundle and in the lazy modules built after it:
    # (bundle name, source in docs/, the files it imports: modules, or text for a .css file)
    # The review page and mock interview are a module of their own, imported by the study tools, so
    # a topic page loads only the scheduler and its grade buttons.
    "STUDY_PAGES": ("study-pages", "assets/javascripts/study-pages.js",
                    ["assets/javascripts/study-dom.js", "assets/javascripts/study-transfer.js"]),
    "STUDY_TOOLS": ("study-tools", "assets/javascripts/study-tools.js",
                    ["assets/javascripts/study-dom.js", "assets/javascripts/study-scheduler.js",
                     "assets/javascripts/study-state.js", "assets/stylesheets/study-tools.css"]),
    "WALKS": ("walks", "assets/javascripts/walks.js", [
        "assets/stylesheets/walks.css", "assets/javascripts/walk-diagram.js",
        "assets/javascripts/diagram-stepper.js", "assets/javascripts/diagram-scenarios.js",
        "assets/javascripts/diagram-drill.js"]),
}

WORKERS = {
    # config.extra key: (bundle name, source in docs/, the modules it imports)
    # (search-terms.mjs is also what scripts/search-index.mjs indexes the site with)
    "search_worker": ("search-worker", "assets/javascripts/search-worker.js", ["assets/javascripts/search-terms.mjs"]),
}

_built: dict[str, bytes] = {}  # site path -> content, from on_config to on_files
_sources: set[str] = set()  # docs/ paths now inside a bundle


def on_config(config, **kwargs):
    _built.clear()
    _sources.clear()
    docs = Path(config.docs_dir)
    defines = []
    for constant, (name, source, texts) in LAZY.items():
        if not (docs / source).is_file():
            continue
        outputs = esbuild(name, [docs / source], 'export * from "{}";', fmt="esm", extra=list(defines),
                          texts=[docs / text for text in texts])
        _sources.update(texts)
        module = next(path for path in outputs if not path.endswith(".map"))
        _built.update({f"{Path(source).parent.as_posix()}/{path}": data for path, data in outputs.items()})
        _sources.add(source)
        defines.append(f"--define:{constant}={json.dumps(module)}")
    for key, (name, source, modules) in WORKERS.items():
        if not (docs / source).is_file():
            continue
        folder = Path(source).parent.as_posix()
        outputs = esbuild(name, [docs / source], 'import "{}";', texts=[docs / module for module in modules])
        _built.update({f"{folder}/{path}": data for path, data in outputs.items()})
        _sources.update([source, *modules])
        config["extra"][key] = f"{folder}/{next(path for path in outputs if not path.endswith('.map'))}"
    for key, (name, folder, import_line) in BUNDLES.items():
        entries = [str(entry) for entry in config[key]]
        local = [entry for entry in entries if (docs / entry).is_file()]
        if not local:
            continue
        outputs = esbuild(name, [docs / entry for entry in local], import_line,
                          extra=defines if key == "extra_javascript" else ())
        bundle = next(path for path in outputs if not path.endswith(".map"))
        _built.update({f"{folder}/{path}": data for path, data in outputs.items()})
        _sources.update(local)
        rest = [entry for entry in config[key] if str(entry) not in local]
        if key == "extra_javascript":
            script = ExtraScriptValue(f"{folder}/{bundle}")
            script.defer = True
            config[key] = [script, *rest]
        else:
            config[key] = [f"{folder}/{bundle}", *rest]
    return config


def esbuild(name: str, sources: list[Path], import_line: str, fmt: str = "iife", extra=(),
            texts: list[Path] = ()) -> dict[str, bytes]:
    """Bundle `sources` in order into `<name>.<hash>.min.<ext>`; returns file name -> content.

    The sources are copied next to the output first, so the source map names them by file name
    (`mermaid-loader.js`) instead of by where this checkout happens to be.
    """
    if not ESBUILD.is_file():
        raise PluginError(
            f"esbuild is not installed ({ESBUILD} is missing), so our scripts and styles cannot be "
            "bundled. Run `npm ci` (or `make build`, which runs it) in the repository root."
        )
    suffix = sources[0].suffix
    with tempfile.TemporaryDirectory() as tmp:
        out, entry = Path(tmp) / "out", Path(tmp) / "entry" / f"{name}{suffix}"
        out.mkdir()
        entry.parent.mkdir()
        # texts: imported by a source, as a module or, for CSS, as a string (`import css from "./x.css"`)
        for source in [*sources, *texts]:
            shutil.copy2(source, out / source.name)
        entry.write_text("\n".join(import_line.format(f"../out/{s.name}") for s in sources) + "\n")
        result = subprocess.run(
            [str(ESBUILD), str(entry), "--bundle", "--minify", "--sourcemap", "--charset=utf8",
             "--log-level=warning", f"--outdir={out}", "--entry-names=[name].min",
             *extra, *(["--loader:.css=text"] if any(t.suffix == ".css" for t in texts) else []), *([f"--format={fmt}"] if suffix == ".js" else [])],
            capture_output=True, text=True, check=False,
            # The sources are copied out of the checkout, so npm packages they import are found here.
            env={**os.environ, "NODE_PATH": str(ROOT / "node_modules")},
        )
        if result.returncode or result.stderr.strip():
            report = result.stderr
            for source in sources:  # name the file the author edits, not its copy
                report = report.replace(f"../out/{source.name}", shown(source))
            raise PluginError(f"esbuild could not bundle our {suffix} files; fix this and rebuild:\n{report}")
        code = (out / f"{name}.min{suffix}").read_bytes()
        source_map = (out / f"{name}.min{suffix}.map").read_bytes()
    # Our own content hash: esbuild's [hash] also changes with the temporary folder's path.
    final = f"{name}.{hashlib.sha256(code + source_map).hexdigest()[:8]}.min{suffix}"
    code = code.replace(f"sourceMappingURL={name}.min{suffix}.map".encode(), f"sourceMappingURL={final}.map".encode())
    return {final: code, f"{final}.map": source_map}


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def on_files(files, config, **kwargs):
    for src_uri in _sources:
        source = files.get_file_from_path(src_uri)
        if source is not None:
            files.remove(source)
    for path, data in _built.items():
        files.append(File.generated(config, path, content=data))
    return files
