"""Make the built site installable and usable offline: web app manifest, icons, service worker.

After the build (this hook is registered last, so every other hook and plugin has written its files):

- `manifest.webmanifest`: name, short name, start URL and scope from site_url's path, the theme
  colours Material uses for the configured palette, and icons made from `theme.icon.logo`;
- `assets/images/icons/{icon,maskable}-{192,512}.png`, rasterised by scripts/offline.mjs (resvg);
- `sw.js`, Workbox's generateSW (scripts/offline.mjs): every page, style, script, the Mermaid chunks
  the site's diagrams load (outputs/mermaid_files.py), the search index, the manifest and the Anki decks
  precached with content revisions; the precache size is logged.

overrides/main.html links the manifest and the theme-color metas, and names the worker (a
`data-service-worker` attribute on the manifest link) only when this hook says a worker is built;
docs/assets/javascripts/offline.js registers it and shows the update notice.

`mkdocs serve` gets no worker, so live reload is never answered from a cache. In its place the
development server serves a `sw.js` that removes itself: a browser that still has the built site's
worker for the same address (after previewing a build there) fetches it on its next update check,
and the stale worker, its caches and its control of open pages are gone.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from outputs.mermaid_files import precache_skips

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "offline.mjs"
NODE_PACKAGES = [ROOT / "node_modules" / "workbox-build", ROOT / "node_modules" / "@resvg" / "resvg-js"]
ICONS = "assets/images/icons"
SHORT_NAME = "K8s networking"
log = logging.getLogger("mkdocs.hooks.offline")

_serving = False

# Served by `mkdocs serve` instead of the real worker: take over at once, drop every cache, unregister,
# and reload the pages it controlled so they come from the development server.
SELF_REMOVING_WORKER = """\
// mkdocs serve: no offline worker here. This one replaces a worker left by a built copy of the
// site on the same address, removes it and its caches, and reloads the pages it controlled.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  await self.clients.claim();  // a worker may only navigate the pages it controls
  const pages = await self.clients.matchAll({ type: "window" });
  await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  await self.registration.unregister();
  for (const page of pages) page.navigate(page.url);
})()));
"""


def on_startup(command, **kwargs) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config, **kwargs):
    # Read by overrides/main.html: the registration meta is written only when a worker is built.
    config.extra["service_worker"] = not _serving
    config.extra["theme_colors"] = theme_colors(config)
    return config


def on_template_context(context, template_name, config, **kwargs):
    """offline.html is served in place of any page that is not saved, at that page's address, so
    its links start at the site root (MkDocs does this for 404.html only)."""
    if template_name == "offline.html":
        context["base_url"] = site_path(config)
    return context


def site_path(config) -> str:
    return (urlsplit(config.site_url or "/").path or "/").rstrip("/") + "/"


def theme_dir_file(config, relative: str) -> Path:
    for folder in config.theme.dirs:
        candidate = Path(folder) / relative
        if candidate.is_file():
            return candidate
    raise PluginError(f"offline.py: {relative} is not in any theme folder ({config.theme.dirs}).")


def theme_colors(config) -> dict[str, str]:
    """Header colour of each palette scheme ({"light": "#4051b5", "dark": ...}), read from the
    installed Material's palette stylesheet for the configured primary colour. No guessed fallback:
    a colour that cannot be read fails the build rather than naming a colour the header may not have."""
    palettes = config.theme.get("palette") or [{}]
    palettes = palettes if isinstance(palettes, list) else [palettes]
    palette_css = next(
        (p for folder in config.theme.dirs for p in sorted((Path(folder) / "assets" / "stylesheets").glob("palette.*.min.css"))),
        None,
    )
    css = palette_css.read_text(encoding="utf-8") if palette_css else ""
    colors = {}
    for palette in palettes:
        scheme = "dark" if palette.get("scheme") == "slate" else "light"
        primary = str(palette.get("primary", "indigo")).replace(" ", "-")
        match = re.search(r"\[data-md-color-primary=" + re.escape(primary) + r"\]\{--md-primary-fg-color:(#[0-9a-f]{3,8})", css)
        if not match:
            raise PluginError(f"offline.py: the header colour of primary {primary!r} is not in Material's "
                              f"palette stylesheet ({palette_css}); update theme_colors() for this Material version.")
        colors.setdefault(scheme, match[1])
    colors.setdefault("light", colors.get("dark"))
    colors.setdefault("dark", colors["light"])
    return colors


def manifest(config) -> dict:
    path = site_path(config)
    light = config.extra["theme_colors"]["light"]
    icons = [
        {"src": f"{ICONS}/{kind}-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
        for kind, purpose in (("icon", "any"), ("maskable", "maskable")) for size in (192, 512)
    ]
    if config.theme.get("favicon", "").endswith(".svg"):
        icons.append({"src": config.theme["favicon"], "sizes": "any", "type": "image/svg+xml", "purpose": "any"})
    return {
        "id": path,
        "name": config.site_name,
        "short_name": SHORT_NAME,
        "description": " ".join((config.site_description or "").split()),
        "lang": config.theme.get("language", "en"),
        "start_url": path,
        "scope": path,
        "display": "standalone",
        "theme_color": light,
        "background_color": "#ffffff",
        "icons": icons,
    }


def on_post_build(config, **kwargs) -> None:
    site = Path(config.site_dir)
    missing = [str(p.relative_to(ROOT)) for p in NODE_PACKAGES if not p.is_dir()]
    if missing:
        raise PluginError(
            f"{', '.join(missing)} is not installed, so the offline worker and app icons cannot be "
            "built. Run `npm ci` (or `make build`, which runs it) in the repository root."
        )
    (site / "manifest.webmanifest").write_text(
        json.dumps(manifest(config), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    logo = theme_dir_file(config, f".icons/{config.theme['icon']['logo']}.svg")
    options = {"site": str(site), "logo": str(logo), "colour": config.extra["theme_colors"]["light"],
               "worker": not _serving,
               # Mermaid chunks for diagram types the site does not draw: online only.
               "skip": [] if _serving else precache_skips(site)}
    result = subprocess.run(["node", str(SCRIPT), json.dumps(options)], capture_output=True, text=True,
                            check=False, cwd=ROOT)
    if result.returncode:
        raise PluginError(f"scripts/offline.mjs failed:\n{result.stderr or result.stdout}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    for warning in report["warnings"]:
        log.warning(f"offline worker: {warning}")
    if _serving:
        (site / "sw.js").write_text(SELF_REMOVING_WORKER, encoding="utf-8")
        log.info("offline: no service worker on the development server (sw.js only removes an old one)")
    else:
        log.info(f"offline: sw.js precaches {report['count']} files, {report['size'] / 1024:.0f} KiB")
