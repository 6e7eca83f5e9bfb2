/*
 * Packet walks load their code only on pages that have one, so the other pages stay within the
 * byte budget: one module (walks.js: walks.css, walk-diagram.js, diagram-stepper.js and
 * diagram-drill.js) that bundle_assets.py builds under a content-hashed name and defines here as
 * WALKS. Each of its scripts subscribes to Material's `document$`, which replays the current page to
 * a late subscriber. mermaid-loader.js waits for `load()` before it draws a diagram inside a walk.
 *
 * The styles are a constructed stylesheet the document adopts, not an element in <head>: Material's
 * instant navigation, also to a link on the same page, removes every <head> element the next page's
 * HTML does not have. A failed import (offline before the worker has the module) rejects and is not
 * remembered, so the next page view tries again.
 */
(() => {
  const bundle = document.currentScript.src;
  let ready;

  function adopt(css) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }

  function load() {
    ready ??= import(new URL(WALKS, bundle)).then((module) => adopt(module.styles), (error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  window.packetWalks = { load };
  document$.subscribe(() => document.querySelector(".packet-path") && load().catch(console.warn));
})();
