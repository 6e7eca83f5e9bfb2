/*
 * The diagram of a packet walk, prepared for the stepper before Material puts it into its closed
 * shadow root (mermaid-loader.js calls `packetWalks.decorate(result, block)` with Mermaid's result).
 *
 * No page script can reach into that root, but CSS custom properties inherit into it: diagram-stepper.js
 * sets `--hop-dim` and `--hop-N-*` on the walk block, and a style sheet added to the diagram here
 * applies them to the N-th edge and edge label (unset, they change nothing). Over each edge goes a
 * copy (`.walk-hop`) styled only by `--hop-N-color/-width/-dash/-motion`, and into each node a copy
 * of its outline (`.walk-ring`) styled by `--walk-node-N-color/-width/-dash`; all transparent until
 * the stepper sets those properties. The block gets `walkDiagram`: each edge's end nodes (from
 * Mermaid's edge ids) and extent in diagram units, so the stepper can light up the two nodes of a hop
 * and scroll the hop into view; then a `walk-drawn` event.
 */
(() => {
  const SVG_NS = "http://www.w3.org/2000/svg";

  // The rules for the walk's diagram, scoped to its <svg> as Mermaid scopes its own (same specificity,
  // later in the root, so these win where both set a property).
  function hopStyles(scope, hops) {
    return Array.from({ length: hops }, (_, index) => {
      const n = index + 1;
      const edge = `${scope} .edgePaths>path:nth-child(${n})`;
      const label = `${scope} .edgeLabels>.edgeLabel:nth-child(${n})`;
      return (
        // Only the line fades: a faded label would fail text contrast.
        `${edge}{opacity:var(--hop-${n}-opacity,var(--hop-dim,1))}` +
        `${edge}{stroke:var(--hop-${n}-stroke,var(--md-mermaid-edge-color));filter:var(--hop-${n}-filter,none)}` +
        `${label}{font-weight:var(--hop-${n}-weight,normal)}`
      );
    }).join("") +
      // The packet's marker: dots that travel along the current hop (see diagram-stepper.js).
      "@keyframes walk-travel{to{stroke-dashoffset:-12}}" +
      `@media (prefers-reduced-motion:reduce){${scope} .walk-hop{animation:none!important}}` +
      // Our own system colours (site.css) apply in forced-colours mode; transparent stays transparent.
      `${scope} .walk-hop,${scope} .walk-ring{forced-color-adjust:none}`;
  }

  function copy(element, className, style) {
    const twin = element.cloneNode(false);
    for (const name of [...twin.getAttributeNames()]) {
      if (!/^(d|x|y|rx|ry|r|cx|cy|width|height|points|transform)$/.test(name)) twin.removeAttribute(name);
    }
    twin.setAttribute("class", className);
    twin.setAttribute("style", `fill:none;pointer-events:none;${style}`);
    return twin;
  }

  function extent(path) {
    try {
      const points = JSON.parse(atob(path.dataset.points));
      const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
      return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
    } catch {
      return null;
    }
  }

  function decorate(result, block) {
    const svg = new DOMParser().parseFromString(result.svg, "text/html").querySelector("svg");
    const paths = svg?.querySelectorAll(".edgePaths > path");
    if (!paths?.length) return result;
    const nodes = [...svg.querySelectorAll("g.node")];
    const names = nodes.map((node) => node.id.match(/flowchart-(.+)-\d+$/)?.[1]);
    nodes.forEach((node, index) => {
      const shape = node.querySelector(":scope > :is(rect, polygon, circle, ellipse, path)");
      const n = `--walk-node-${index + 1}`;
      shape && node.append(copy(shape, "walk-ring",
        `stroke:var(${n}-color,transparent);stroke-width:var(${n}-width,0);stroke-dasharray:var(${n}-dash,none)`));
    });
    const hops = document.createElementNS(SVG_NS, "g");
    hops.setAttribute("class", "walk-hops");
    const edges = [...paths].map((path, index) => {
      const n = `--hop-${index + 1}`;
      hops.append(copy(path, "walk-hop", `stroke-linecap:round;stroke:var(${n}-color,transparent);` +
        `stroke-width:var(${n}-width,0);stroke-dasharray:var(${n}-dash,none);animation:var(${n}-motion,none)`));
      // Mermaid names an edge L_<from>_<to>_<count>; node ids may hold "_", so match known ids.
      const ref = (path.dataset.id || "").replace(/^L_/, "").replace(/_\d+$/, "");
      const from = names.findIndex((name) => name && ref.startsWith(`${name}_`) && names.includes(ref.slice(name.length + 1)));
      const to = from < 0 ? -1 : names.indexOf(ref.slice(names[from].length + 1));
      return { from: from + 1, to: to + 1, box: extent(path) };
    });
    paths[0].parentNode.after(hops);
    const style = document.createElementNS(SVG_NS, "style");
    style.textContent = hopStyles(`#${CSS.escape(svg.id)}`, paths.length);
    const mermaidStyle = svg.querySelector(":scope > style");
    if (mermaidStyle) mermaidStyle.after(style);
    else svg.prepend(style);
    const viewBox = (svg.getAttribute("viewBox") || "").split(/[\s,]+/).map(Number);
    // No tiny text on a phone: the walk keeps 70% of its size and scrolls sideways instead.
    if (viewBox[2]) svg.style.minWidth = `${Math.round(viewBox[2] * 0.7)}px`;
    setTimeout(() => {
      block.walkDiagram = { edges, viewBox };
      block.dispatchEvent(new Event("walk-drawn"));
    });
    return { ...result, svg: svg.outerHTML };
  }

  window.packetWalks.decorate = decorate;
})();
