/*
 * Stand-in for the global `mermaid` that Material for MkDocs looks for before it draws a diagram.
 *
 * Without a global, Material fetches Mermaid from a CDN. This object has the two methods Material
 * calls (`initialize`, `render`) and imports the self-hosted ESM build on the first `render`, so
 * pages without diagrams never load Mermaid and pages with diagrams load only the chunks their
 * diagram types need. It lives outside Material's content container, so it survives instant
 * navigation and Material keeps using it on every page.
 *
 * Drawing is lazy. Material asks for every diagram of a page as soon as it loads, but loading
 * Mermaid and laying out a flowchart blocks a phone's main thread for a second or more. So `render`
 * first waits until its source block is near the viewport; a diagram inside a closed answer waits
 * until the answer is opened (closed <details> content never intersects). `drawAll()` draws every
 * diagram still waiting and resolves once they are on the page: printing (print-diagrams.js) and the
 * tests use it.
 *
 * A diagram inside a packet walk (`.packet-path`) is handed to walk-diagram.js (loaded only on pages
 * with walks) before Material puts it into its closed root: that script adds what the stepper
 * (diagram-stepper.js) needs to highlight a hop.
 */
(() => {
  const moduleUrl = new URL(
    "../vendor/mermaid/mermaid.esm.min.mjs",
    document.currentScript.src,
  ).href;
  let options = {};
  let mermaidModule;

  function loadMermaid() {
    mermaidModule ??= import(moduleUrl).then(({ default: mermaid }) => {
      mermaid.initialize(options);
      return mermaid;
    });
    return mermaidModule;
  }

  // Source blocks not drawn yet, each with the function that lets its render go ahead, and the
  // renders in flight; both only ever hold diagrams of the page on screen.
  const waiting = new Map();
  const drawing = new Set();
  // Start a quarter screen before a diagram scrolls into view, so it is usually drawn when it
  // arrives, while a diagram further down costs a phone nothing at load.
  const nearViewport = new IntersectionObserver(
    (entries) => entries.filter((e) => e.isIntersecting).forEach((e) => release(e.target)),
    { rootMargin: "0px 0px 25% 0px" },
  );

  function release(source) {
    const go = waiting.get(source);
    if (!go) return;
    waiting.delete(source);
    nearViewport.unobserve(source);
    go();
  }

  // Material passes only the source text; find the block it was read from (still in the page).
  function whenNeeded(text) {
    const source = [...document.querySelectorAll("pre.mermaid")].find(
      (block) => !block.dataset.drawing && block.textContent === text,
    );
    if (!source) return Promise.resolve();
    source.dataset.drawing = "waiting";
    return new Promise((resolve) => {
      waiting.set(source, () => {
        source.dataset.drawing = "started";
        resolve(source);
      });
      nearViewport.observe(source);
    });
  }

  // Blocks of a page left by instant navigation never intersect again: forget them.
  function forgetDetached() {
    for (const source of waiting.keys()) {
      if (!source.isConnected) {
        waiting.delete(source);
        nearViewport.unobserve(source);
      }
    }
  }

  window.mermaid = {
    initialize(config) {
      options = { ...options, ...config };
    },
    async render(id, text) {
      forgetDetached();
      const walk = (await whenNeeded(text))?.closest(".packet-path");
      // A walk's diagram waits for the walk scripts (packet-walks.js), which decorate it; if they
      // cannot load, it is drawn as a plain diagram.
      const walks = walk && window.packetWalks?.load().catch(() => {});
      const drawn = Promise.all([loadMermaid().then((mermaid) => mermaid.render(id, text)), walks])
        .then(([result]) => (walk && window.packetWalks?.decorate?.(result, walk)) || result);
      drawing.add(drawn);
      const forget = () => drawing.delete(drawn);
      drawn.then(forget, forget);
      return drawn;
    },
    async drawAll() {
      // Just after a page loads, Material may not have asked for every diagram yet; give it up
      // to five seconds, then draw what it has asked for. Right after instant navigation a block
      // Material asked for can be replaced by the page's own copy, asked for again: so draw again
      // until no block is left waiting or unasked (at most ten rounds; a failed one stays "started").
      for (let round = 0; round < 10 && document.querySelector('pre.mermaid:not([data-drawing="started"])'); round++) {
        for (let tries = 0; tries < 100 && document.querySelector("pre.mermaid:not([data-drawing])"); tries++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        forgetDetached();
        [...waiting.keys()].forEach(release);
        // A released render joins `drawing` a few microtasks later (after its await); wait for that.
        await new Promise((resolve) => setTimeout(resolve));
        await Promise.allSettled([...drawing]);
        // Material puts each result into the page as soon as its render resolves; one more turn
        // lets the last of those land before the caller prints or looks.
        await new Promise((resolve) => setTimeout(resolve));
      }
    },
  };
})();
