/*
 * Stand-in for the global `mermaid` that Material for MkDocs looks for before it draws a diagram.
 *
 * Without a global, Material fetches Mermaid from a CDN. This object has the two methods Material
 * calls (`initialize`, `render`) and imports the self-hosted ESM build on the first `render`, so
 * pages without diagrams never load Mermaid and pages with diagrams load only the chunks their
 * diagram types need. It lives outside Material's content container, so it survives instant
 * navigation and Material keeps using it on every page.
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

  window.mermaid = {
    initialize(config) {
      options = { ...options, ...config };
    },
    async render(id, text) {
      const mermaid = await loadMermaid();
      return mermaid.render(id, text);
    },
  };
})();
