/*
 * Stand-in for the global `mermaid` that Material for MkDocs looks for before it draws a diagram.
 *
 * Without a global, Material fetches Mermaid from a CDN. This object has the two methods Material
 * calls (`initialize`, `render`) and imports the self-hosted ESM build on the first `render`, so
 * pages without diagrams never load Mermaid and pages with diagrams load only the chunks their
 * diagram types need. It lives outside Material's content container, so it survives instant
 * navigation and Material keeps using it on every page.
 *
 * It also adds a few rules to Material's theme CSS for the step-through diagrams
 * (diagram-stepper.js). Material draws each diagram into a closed shadow root, which no page script
 * can reach, but CSS custom properties inherit into it: a stepper sets `--hop-dim` and `--hop-N-*`
 * on its wrapper, and these rules apply them to the N-th edge and edge label. Unset, they change
 * nothing, so every other diagram looks exactly as Material draws it.
 */
(() => {
  const moduleUrl = new URL(
    "../vendor/mermaid/mermaid.esm.min.mjs",
    document.currentScript.src,
  ).href;
  const MAX_HOPS = 24;
  const HOP_CSS = Array.from({ length: MAX_HOPS }, (_, index) => {
    const n = index + 1;
    const edge = `.edgePaths>path:nth-child(${n})`;
    const label = `.edgeLabels>.edgeLabel:nth-child(${n})`;
    return (
      `${edge},${label}{opacity:var(--hop-${n}-opacity,var(--hop-dim,1))}` +
      `${edge}{stroke:var(--hop-${n}-stroke,var(--md-mermaid-edge-color));filter:var(--hop-${n}-filter,none)}` +
      `${label}{font-weight:var(--hop-${n}-weight,normal)}`
    );
  }).join("");
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
      options = { ...options, ...config, themeCSS: (config.themeCSS || "") + HOP_CSS };
    },
    async render(id, text) {
      const mermaid = await loadMermaid();
      return mermaid.render(id, text);
    },
  };
})();
