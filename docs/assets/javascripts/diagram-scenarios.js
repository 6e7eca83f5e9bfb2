/*
 * Scenario switches: a `.packet-scenarios` block holds several `.packet-path` blocks with
 * `data-scenario` names (such as `externalTrafficPolicy: Cluster` and `Local`) and gets a radio
 * group to switch between them. Inactive scenarios stay laid out (only invisible), so Mermaid can
 * measure their text when it draws them.
 */
(() => {
  let scenarioCount = 0;

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

  document$.subscribe(() => document.querySelectorAll(".packet-scenarios").forEach(setUpScenarios));
})();
