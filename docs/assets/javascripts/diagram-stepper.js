/*
 * Step-through packet paths.
 *
 * Markup (written in Markdown with md_in_html): a `.packet-path` block holds one diagram, whose
 * edges are the hops in order, and an ordered list with one caption per hop. This script hides the
 * list on screen (print keeps it as a numbered list), adds Previous / Next buttons and a live caption,
 * and highlights hop N by setting CSS custom properties on the block; rules walk-diagram.js adds to
 * the diagram apply them inside its closed shadow root.
 * Scenario switches around several walks are diagram-scenarios.js.
 */
(() => {
  const STEPPER_KEYS = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };

  function control(label, action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button stepper__button";
    button.dataset.step = action;
    button.textContent = label;
    return button;
  }

  // A step's own text, without its nested bullets (packet state, drill choices).
  function ownText(item) {
    return [...item.childNodes]
      .filter((node) => !(node.nodeType === 1 && /^(UL|OL)$/.test(node.tagName)))
      .map((node) => node.textContent).join("").trim();
  }

  // A step's packet-state lines as nodes to show (their label left out, each mark announced as
  // changed) and its drill choices. What each nested bullet is comes from the build (walk_data.py:
  // the walk's data-walk), not from its text; walk_data.py has classed the bullets in the Markdown.
  function readStep(item, data = {}) {
    const step = { caption: ownText(item), packets: [], right: data.right || "", wrongs: data.wrongs || [] };
    const bullets = item.querySelectorAll(":scope > ul > li.walk-packet");
    (data.packets || []).forEach((label, index) => {
      const line = bullets[index]?.cloneNode(true);
      if (!line) return;
      line.querySelectorAll("ul, ol").forEach((list) => list.remove());
      const first = document.createTreeWalker(line, NodeFilter.SHOW_TEXT).nextNode();
      const text = first?.textContent.trimStart() || "";
      if (text.startsWith(`${label}:`)) first.textContent = text.slice(label.length + 1).trimStart();
      line.querySelectorAll("mark").forEach((mark) => {
        const hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = "changed: ";
        mark.prepend(hidden);
      });
      step.packets.push({ label, nodes: [...line.childNodes] });
    });
    return step;
  }

  function setUpStepper(block) {
    if (block.dataset.stepper === "ready") return;
    const list = block.querySelector(":scope > ol");
    if (!list) return;
    const walk = JSON.parse(block.dataset.walk || "{}");  // from the build (walk_data.py)
    const steps = [...list.children].map((item, index) => readStep(item, walk.steps?.[index]));
    const captions = steps.map((s) => s.caption);
    const name = walk.title || "diagram";
    const reduceMotion = matchMedia("(prefers-reduced-motion: reduce)");
    let step = 0;

    const group = document.createElement("div");
    group.className = "stepper";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", `Step through: ${name}`);
    const buttons = document.createElement("div");
    buttons.className = "stepper__buttons";
    const previous = control("Previous", "previous");
    const next = control("Next", "next");
    const caption = document.createElement("p");
    caption.className = "stepper__caption";
    caption.setAttribute("aria-live", "polite");
    const packet = document.createElement("div");
    packet.className = "stepper__packet";
    packet.setAttribute("aria-live", "polite");
    packet.hidden = !steps.some((s) => s.packets.length);
    buttons.append(previous, next);
    group.append(buttons, caption, packet);
    list.before(group);

    // Hop states, told apart by more than colour: pending hops are faint; done hops solid, full
    // strength; the current hop thick and dotted, its dots travelling from source to target, with
    // its source node outlined dashed and its target node outlined solid.
    function paint() {
      const edges = block.walkDiagram?.edges || [];
      const lit = new Map();
      for (let hop = 1; hop <= captions.length; hop++) {
        const active = hop === step;
        const done = hop < step;
        const set = (key, value) => block.style.setProperty(`--hop-${hop}-${key}`, value);
        set("opacity", active || done ? "1" : "");
        set("stroke", active ? "var(--walk-current)" : "");
        set("filter", active ? "drop-shadow(0 0 3px var(--walk-current))" : "");
        set("weight", active ? "700" : "");
        set("color", active ? "var(--walk-current)" : done ? "var(--walk-done)" : "");
        set("width", active ? "5px" : done ? "2.5px" : "");
        set("dash", active ? "0.5 11.5" : "");
        set("motion", active ? "walk-travel 0.9s linear infinite" : "");
        if (active && edges[hop - 1]) {
          lit.set(edges[hop - 1].from, "from");
          lit.set(edges[hop - 1].to, "to");
        }
      }
      const nodes = Math.max(0, ...edges.flatMap((e) => [e.from, e.to]));
      for (let node = 1; node <= nodes; node++) {
        const role = lit.get(node);
        const set = (key, value) => block.style.setProperty(`--walk-node-${node}-${key}`, value);
        set("color", role ? "var(--walk-current)" : "");
        set("width", role === "to" ? "4px" : role ? "3px" : "");
        set("dash", role === "from" ? "7 4" : "");
      }
      block.style.setProperty("--hop-dim", step ? "0.25" : "");
      block.dataset.step = String(step);
      block.dataset.hopFrom = String(edges[step - 1]?.from || "");
      block.dataset.hopTo = String(edges[step - 1]?.to || "");
    }

    function packetLines(index) {
      packet.replaceChildren(...(steps[index - 1]?.packets || []).map(({ label, nodes }) => {
        const line = document.createElement("p");
        line.className = "stepper__packet-line";
        const tag = document.createElement("span");
        tag.className = "stepper__packet-label";
        tag.textContent = `${label}: `;
        line.append(tag, ...nodes.map((node) => node.cloneNode(true)));
        return line;
      }));
    }

    // Keep the current hop on screen between the header and the controls (on a phone the
    // controls stick to the bottom of the viewport), scrolling the diagram sideways if it must.
    function reveal() {
      const { edges, viewBox } = block.walkDiagram || {};
      const box = edges?.[step - 1]?.box;
      const host = block.querySelector("div.mermaid");
      if (!box || !host || !viewBox[3]) return;
      const behavior = reduceMotion.matches ? "auto" : "smooth";
      // The drawing is as wide as the host, at most its natural width (Mermaid's max-width).
      const scale = Math.min(host.scrollWidth, viewBox[2]) / viewBox[2];
      if (host.scrollWidth > host.clientWidth) {
        host.scrollTo({ left: ((box.left + box.right) / 2 - viewBox[0]) * scale - host.clientWidth / 2, behavior });
      }
      const frame = host.getBoundingClientRect();
      const top = frame.top + (box.top - viewBox[1]) * scale;
      const bottom = frame.top + (box.bottom - viewBox[1]) * scale;
      const above = (document.querySelector(".md-header")?.getBoundingClientRect().bottom || 0) + 8;
      // Where the panel's top will be once scrolled: stuck to the bottom of the viewport at most.
      const below = Math.min(innerHeight, group.getBoundingClientRect().top, innerHeight - group.offsetHeight) - 8;
      if (top < above || bottom > below) {
        scrollBy({ top: (top + bottom) / 2 - (above + below) / 2, behavior });
      }
    }

    function show(target, { scroll = false } = {}) {
      const focused = document.activeElement;
      step = Math.max(0, Math.min(captions.length, target));
      paint();
      caption.textContent = step
        ? `${step}/${captions.length}: ${captions[step - 1]}`
        : `${captions.length} hops. Press Next (or the right arrow key) to follow the packet.`;
      packetLines(step);
      previous.disabled = step === 0;
      next.disabled = step === captions.length;
      // A button that just became disabled would drop keyboard focus out of the stepper.
      if (focused?.disabled && (focused === next || focused === previous)) {
        (focused === next ? previous : next).focus();
      }
      if (scroll) reveal();
      block.dispatchEvent(new CustomEvent("walk-step", { detail: step }));
    }

    previous.addEventListener("click", () => show(step - 1, { scroll: true }));
    next.addEventListener("click", () => show(step + 1, { scroll: true }));
    group.addEventListener("keydown", (event) => {
      if (!(event.key in STEPPER_KEYS) || block.classList.contains("is-drilling")) return;
      if (event.target.closest?.(".drill")) return;
      event.preventDefault();
      show(step + STEPPER_KEYS[event.key], { scroll: true });
    });
    // Drawn later (when it nears the viewport): paint the hop now that the nodes are known, and
    // let a diagram wider than the phone scroll sideways, by keyboard too.
    block.addEventListener("walk-drawn", () => {
      paint();
      const host = block.querySelector("div.mermaid");
      if (host && host.scrollWidth > host.clientWidth) {
        host.tabIndex = 0;
        host.setAttribute("role", "group");
        host.setAttribute("aria-label", `${name} (scrolls sideways)`);
      }
    });
    block.walk = { steps, group, buttons, caption, show: (n, options) => show(n, options), get step() { return step; } };
    block.classList.add("is-interactive");
    block.dataset.stepper = "ready";
    show(0);
  }

  document$.subscribe(() => {
    document.querySelectorAll(".packet-path").forEach(setUpStepper);
  });
})();
