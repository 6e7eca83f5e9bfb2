"""Write robots.txt pointing crawlers at the sitemap; its address depends on site_url, so it is
generated rather than kept in docs/."""

from __future__ import annotations

from pathlib import Path


def on_post_build(config, **kwargs) -> None:
    site_url = (config.get("site_url") or "").rstrip("/") + "/"
    text = f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"
    (Path(config["site_dir"]) / "robots.txt").write_text(text, encoding="utf-8")
