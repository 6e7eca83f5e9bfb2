"""Copy third-party browser code out of node_modules/ into the built site.

Nothing vendored is committed: `npm ci` installs Mermaid from package-lock.json and this hook copies
its ESM build to site/assets/vendor/mermaid/ after every build, including each rebuild of
`mkdocs serve`. A missing package stops the build with what to run, instead of producing a site whose
diagrams silently never render.

Every chunk is copied (the entry module links them all), but the offline worker precaches only
those the site's diagrams load (outputs/mermaid_files.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from outputs.mermaid_files import MERMAID_CHUNKS, MERMAID_DIST, MERMAID_ENTRY, TARGET


def on_post_build(config, **kwargs) -> None:
    entry = MERMAID_DIST / MERMAID_ENTRY
    chunks = MERMAID_DIST / MERMAID_CHUNKS
    if not entry.is_file() or not chunks.is_dir():
        raise PluginError(
            f"Mermaid is not installed ({entry} is missing), so no diagram could render. "
            "Run `npm ci` (or `make build`, which runs it) in the repository root."
        )
    target = Path(config["site_dir"]) / TARGET
    (target / MERMAID_CHUNKS).mkdir(parents=True, exist_ok=True)
    shutil.copy2(entry, target / MERMAID_ENTRY)
    # Source maps are left out: they triple the size and the site never requests them.
    for chunk in chunks.glob("*.mjs"):
        shutil.copy2(chunk, target / MERMAID_CHUNKS / chunk.name)
    shutil.copy2(MERMAID_DIST.parent / "LICENSE", target / "LICENSE.txt")
