/*
 * Packet walks load their code only on pages that have one, so the other pages stay within the
 * byte budget: walks.css, then (in this order) walk-diagram.js, diagram-stepper.js and
 * diagram-drill.js, none of them bundled. Each of those subscribes to Material's `document$`, which
 * replays the current page to a late subscriber. mermaid-loader.js waits for `load()` before it draws
 * a diagram inside a walk. The bundle's content hash keeps the browser's copies fresh.
 */
(() => {
  const base = document.currentScript.src;
  const version = base.match(/\.(\w+)\.min\.js$/)?.[1] || "";
  const url = (path) => `${new URL(path, base).href}?v=${version}`;
  let ready;

  function add(tag, attributes) {
    return new Promise((resolve) => {
      const node = Object.assign(document.createElement(tag), attributes, { onload: resolve, onerror: resolve });
      document.head.append(node);
    });
  }

  function load() {
    ready ??= add("link", { rel: "stylesheet", href: url("../stylesheets/walks.css") }).then(() =>
      Promise.all(["walk-diagram.js", "diagram-stepper.js", "diagram-drill.js"]
        .map((name) => add("script", { src: url(name), async: false }))));
    return ready;
  }

  window.packetWalks = { load };
  document$.subscribe(() => document.querySelector(".packet-path") && load());
})();
