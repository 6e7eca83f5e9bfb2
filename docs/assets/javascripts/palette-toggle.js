/*
 * The light/dark switch in the header (overrides/partials/palette.html). It replaces Material's
 * palette component, whose start-up work re-applied the scheme on every page load. The script
 * before the first paint (overrides/main.html) picks the scheme and shows its button; this file
 * only acts when a button is pressed or the system scheme changes. The choice is saved under
 * Material's "__palette" key, in Material's format, so Material's inline script restores it.
 */
(() => {
  const KEYS = ["media", "scheme", "primary", "accent"];
  const buttons = () => [...document.querySelectorAll("[data-palette-index]")];

  function choose(all, index, save) {
    const color = Object.fromEntries(KEYS.map((key) => [key, all[index].getAttribute(`data-md-color-${key}`)]));
    for (const [key, value] of Object.entries(color)) document.body.setAttribute(`data-md-color-${key}`, value);
    all.forEach((button, i) => { button.hidden = i !== index; });
    if (save) __md_set("__palette", { index, color });
  }

  function saved() {
    try { return __md_get("__palette"); } catch { return null; }  // storage may be denied
  }

  // Delegated to the document, which instant navigation keeps, so nothing needs re-binding.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-palette-index]");
    if (!button) return;
    const all = buttons();
    const next = (all.indexOf(button) + 1) % all.length;
    choose(all, next, true);
    all[next].focus();  // the pressed button is now hidden; keep keyboard focus on the switch
  });

  // Until the reader picks a scheme, follow the system's when it changes.
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (saved()) return;
    const all = buttons();
    const index = all.findIndex((button) => matchMedia(button.dataset.mdColorMedia).matches);
    if (index >= 0) choose(all, index, false);
  });
})();
