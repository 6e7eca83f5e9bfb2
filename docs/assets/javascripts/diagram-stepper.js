/*
 * Step-through packet paths and scenario switches.
 *
 * Markup (written in Markdown with md_in_html): a `.packet-path` block holds one diagram, whose
 * edges are the hops in order, and an ordered list with one caption per hop. This script hides the
 * list on screen (print keeps it as a numbered list), adds Previous / Next buttons and a live caption,
 * and highlights hop N by setting CSS custom properties on the block; rules added to Material's
 * diagram theme (mermaid-loader.js) apply them inside the diagram's closed shadow root.
 *
 * A `.packet-scenarios` block holds several `.packet-path` blocks with `data-scenario` names and
 * gets a radio group to switch between them. Inactive scenarios stay laid out (only invisible), so
 * Mermaid can measure their text when it draws them.
 */
(() => {
  const STEPPER_KEYS = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };
  let scenarioCount = 0;

  function control(label, action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button stepper__button";
    button.dataset.step = action;
    button.textContent = label;
    return button;
  }

  function diagramName(block) {
    const source = block.querySelector("pre.mermaid code, pre.mermaid")?.textContent || "";
    const title = source.match(/accTitle:\s*(.+)/);
    return title ? title[1].trim() : block.querySelector("figcaption")?.textContent.trim() || "diagram";
  }

  function setUpStepper(block) {
    if (block.dataset.stepper === "ready") return;
    const list = block.querySelector(":scope > ol");
    if (!list) return;
    const captions = [...list.children].map((item) => item.textContent.trim());
    const name = diagramName(block);
    let step = 0;

    const group = document.createElement("div");
    group.className = "stepper";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", `Step through: ${name}`);
    const previous = control("Previous", "previous");
    const next = control("Next", "next");
    const caption = document.createElement("p");
    caption.className = "stepper__caption";
    caption.setAttribute("aria-live", "polite");
    group.append(previous, caption, next);
    list.before(group);

    function show(target) {
      const focused = document.activeElement;
      step = Math.max(0, Math.min(captions.length, target));
      for (let hop = 1; hop <= captions.length; hop++) {
        const active = hop === step;
        block.style.setProperty(`--hop-${hop}-opacity`, active ? "1" : "");
        block.style.setProperty(`--hop-${hop}-stroke`, active ? "var(--md-accent-fg-color)" : "");
        block.style.setProperty(`--hop-${hop}-filter`, active ? "drop-shadow(0 0 3px var(--md-accent-fg-color))" : "");
        block.style.setProperty(`--hop-${hop}-weight`, active ? "700" : "");
      }
      block.style.setProperty("--hop-dim", step ? "0.25" : "");
      block.dataset.step = String(step);
      caption.textContent = step
        ? `${step}/${captions.length}: ${captions[step - 1]}`
        : `${captions.length} hops. Press Next (or the right arrow key) to follow the packet.`;
      previous.disabled = step === 0;
      next.disabled = step === captions.length;
      // A button that just became disabled would drop keyboard focus out of the stepper.
      if (focused?.disabled && (focused === next || focused === previous)) {
        (focused === next ? previous : next).focus();
      }
    }

    previous.addEventListener("click", () => show(step - 1));
    next.addEventListener("click", () => show(step + 1));
    group.addEventListener("keydown", (event) => {
      if (!(event.key in STEPPER_KEYS)) return;
      event.preventDefault();
      show(step + STEPPER_KEYS[event.key]);
    });
    block.classList.add("is-interactive");
    block.dataset.stepper = "ready";
    show(0);
  }

  function setUpScenarios(group) {
    if (group.dataset.scenarios === "ready") return;
    const blocks = [...group.querySelectorAll(":scope > [data-scenario]")];
    if (blocks.length < 2) return;
    const fieldName = `scenario-${++scenarioCount}`;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "scenario-switch";
    const legend = document.createElement("legend");
    legend.textContent = group.dataset.label || "Scenario";
    fieldset.append(legend);

    function select(index) {
      blocks.forEach((block, position) => {
        const active = position === index;
        block.classList.toggle("is-inactive", !active);
        block.inert = !active;
        block.setAttribute("aria-hidden", String(!active));
      });
      group.dataset.active = blocks[index].dataset.scenario;
    }

    blocks.forEach((block, index) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = fieldName;
      input.value = block.dataset.scenario;
      input.checked = index === 0;
      input.addEventListener("change", () => input.checked && select(index));
      label.append(input, ` ${block.dataset.scenario}`);
      fieldset.append(label);
    });
    group.prepend(fieldset);
    group.classList.add("is-interactive");
    group.dataset.scenarios = "ready";
    select(0);
  }

  document$.subscribe(() => {
    document.querySelectorAll(".packet-path").forEach(setUpStepper);
    document.querySelectorAll(".packet-scenarios").forEach(setUpScenarios);
  });
})();
