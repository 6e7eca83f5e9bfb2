"""Build the site with MkDocs in strict mode and report every warning with what to do."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class BuildResult:
    returncode: int
    log: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def build_site(site_dir: Path, site_url: str, config: Path = ROOT / "mkdocs.yml",
               cwd: Path | None = None) -> BuildResult:
    """Run `mkdocs build --strict` into site_dir, with site_url set for instant navigation.

    Runs in the config file's folder unless `cwd` is given (snippets are found from there).

    Never add `-v`: MkDocs then silently stops validating anchors.
    """
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site_dir)],
        cwd=cwd or config.parent, env=env, capture_output=True, text=True, check=False,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr)


def html_pages(site_dir: Path, not_found: bool = False) -> list[Path]:
    """Every content page of a built site (assets excluded); with not_found, the 404 page too,
    which readers land on as well but which has no place in the sitemap or navigation."""
    pages = sorted(
        p for p in site_dir.rglob("*.html")
        if p.name == "index.html" and "assets" not in p.relative_to(site_dir).parts
    )
    return pages + [site_dir / "404.html"] if not_found else pages


def page_url(site_dir: Path, page: Path, base_url: str) -> str:
    if page.name == "404.html":
        return base_url + page.name
    rel = page.relative_to(site_dir).parent.as_posix()
    return base_url + ("" if rel == "." else rel + "/")
