// Build-time half of "works offline": app icons and the service worker, written into the built site.
//
//     node scripts/offline.mjs '<json options>'     (run by overrides/hooks/offline.py)
//
// Options: site (the built site folder), logo (SVG file of theme.icon.logo), colour (icon
// background), worker (false on `mkdocs serve`: icons only), skip (files not to precache). Prints one JSON line for the hook:
// {"count": files precached, "size": their bytes, "warnings": [...]}.
//
// Icons are rasterised with resvg (npm @resvg/resvg-js, a prebuilt binary from the registry); the
// same SVG gives the same PNG bytes, so builds are reproducible. The worker comes from Workbox's
// generateSW (npm workbox-build) with its runtime inlined: no hand-written caching and no request
// to another host.

import { Resvg } from "@resvg/resvg-js";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { generateSW } from "workbox-build";

const options = JSON.parse(process.argv[2]);
const site = options.site;

// Icons ----------------------------------------------------------------------------------------
// "any" icons: the logo in white on a rounded square. "maskable" icons: a full-bleed square with
// the logo inside the safe zone (the centred circle of 80% diameter that every mask keeps).
export const ICON_DIR = "assets/images/icons";
const SIZES = [192, 512];

function iconSvg(logoPaths, colour, maskable) {
  const box = maskable ? 0.6 : 0.72; // share of the icon the 24x24 logo box takes
  const offset = (1 - box) / 2 * 24 / box;
  const viewSize = 24 / box;
  const background = maskable
    ? `<rect width="${viewSize}" height="${viewSize}" fill="${colour}"/>`
    : `<rect width="${viewSize}" height="${viewSize}" rx="${viewSize * 0.18}" fill="${colour}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${viewSize} ${viewSize}">${background}` +
    `<g transform="translate(${offset} ${offset})" fill="#fff">${logoPaths}</g></svg>`;
}

function writeIcons() {
  const logo = readFileSync(options.logo, "utf8");
  const inner = logo.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
  mkdirSync(join(site, ICON_DIR), { recursive: true });
  for (const maskable of [false, true]) {
    const svg = iconSvg(inner, options.colour, maskable);
    for (const size of SIZES) {
      const png = new Resvg(svg, { fitTo: { mode: "width", value: size }, font: { loadSystemFonts: false } })
        .render().asPng();
      writeFileSync(join(site, ICON_DIR, `${maskable ? "maskable" : "icon"}-${size}.png`), png);
    }
  }
}

// Service worker -------------------------------------------------------------------------------
// PDFs are cached when first opened, not precached: `make pdf` prints them after this worker is
// written, and they are large optional downloads. The Anki decks are precached with the pages
// (about 360 KiB for all of them), so a deck link works offline after the first visit. One cache
// for downloads, which a new worker empties when it takes over, so none outlives its build.
const DOWNLOADS = "k8s-guide-downloads";
const CLEANUP = "sw-downloads-cleanup.js";

async function writeWorker() {
  writeFileSync(join(site, CLEANUP),
    "// Written by scripts/offline.mjs: a new build's worker drops the previous build's downloads.\n" +
    `self.addEventListener("activate",e=>e.waitUntil(caches.delete(${JSON.stringify(DOWNLOADS)})));\n`);
  return generateSW({
    swDest: join(site, "sw.js"),
    globDirectory: site,
    // Every page (including the offline fallback and the whole-guide print page), stylesheet,
    // script, Mermaid chunk the diagrams load, the search index, sitemap.xml (instant navigation reads
    // it before it intercepts a click), the manifest and its icons, and the Anki decks.
    globPatterns: ["**/*.{html,css,js,mjs,json,xml,svg,png,webmanifest}",
      ...(existsSync(join(site, "anki")) ? ["anki/*.apkg"] : [])],  // a site without topics has no decks
    globIgnores: [
      "sw.js", CLEANUP,
      "**/*.map",            // only developer tools ask for source maps
      "404.html",            // a server's answer to a missing URL; offline.html stands in offline
      // Material's search languages other than English: the English index never loads them.
      "assets/javascripts/lunr/**",
      // Material's own search worker: never started, ours (search-worker.*.min.js) answers instead.
      "assets/javascripts/workers/**",
      "pdf/**",              // runtime-cached below
      ...options.skip,       // Mermaid chunks of diagram types the site does not draw
    ],
    // Hashed file names (and the search index's hashed folder) already change with their content;
    // others get an MD5 revision.
    dontCacheBustURLsMatching: /\.[0-9a-f]{8}\.min\.(?:js|css)$|^search\/[0-9a-f]{8}\//,
    // /dns/ is dns/index.html; ?h= (search highlight) and ?q= (shared search) are the same page.
    directoryIndex: "index.html",
    ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^h$/, /^q$/],
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    // Updates wait for the reader's consent (docs/assets/javascripts/offline.js posts SKIP_WAITING);
    // the first worker takes the open page at once, so it already works offline.
    skipWaiting: false,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    importScripts: [CLEANUP],
    runtimeCaching: [
      {
        // A PDF opened offline before it was ever saved: the offline page says so.
        urlPattern: ({ url, sameOrigin }) => sameOrigin && /\/pdf\/[^/]+\.pdf$/.test(url.pathname),
        handler: "CacheFirst",
        options: {
          cacheName: DOWNLOADS, cacheableResponse: { statuses: [200] }, rangeRequests: true,
          precacheFallback: { fallbackURL: "offline.html" },
        },
      },
      {
        // A deck the precache does not hold (written after this worker): saved when first opened.
        // A deck is a download: no HTML page in its place, the browser reports the failure.
        urlPattern: ({ url, sameOrigin }) => sameOrigin && /\/anki\/[^/]+\.apkg$/.test(url.pathname),
        handler: "CacheFirst",
        options: { cacheName: DOWNLOADS, cacheableResponse: { statuses: [200] } },
      },
      {
        // A page that is not precached: the network, and offline.html when there is none.
        urlPattern: ({ request }) => request.mode === "navigate",
        handler: "NetworkOnly",
        options: { precacheFallback: { fallbackURL: "offline.html" } },
      },
    ],
    inlineWorkboxRuntime: true,
    mode: "production",
    sourcemap: false,
  });
}

writeIcons();
if (options.worker) {
  const { count, size, warnings } = await writeWorker();
  process.stdout.write(JSON.stringify({ count, size, warnings }) + "\n");
} else {
  process.stdout.write(JSON.stringify({ count: 0, size: 0, warnings: [] }) + "\n");
}
