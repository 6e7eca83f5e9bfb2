/*
 * A "Full screen" button on every diagram figure, for diagrams too detailed to read in the column.
 *
 * The diagram itself sits in Material's closed shadow root, so it is enlarged from outside: the
 * figure goes full screen and the diagram host is scaled to fit. Escape (the browser's own key for
 * leaving full screen) or the button again returns to the page. In a packet walk the whole walk goes
 * full screen, so its caption, packet state and controls (arrow keys too) come along.
 */
(() => {
  const screenOf = (figure) => figure.closest(".packet-path") || figure;

  function fitToScreen(figure) {
    const host = figure.querySelector("div.mermaid");
    if (!host) return;
    host.style.transform = "";
    if (document.fullscreenElement !== screenOf(figure)) return;
    const caption = figure.querySelector("figcaption");
    const panel = figure.closest(".packet-path")?.querySelector(".stepper");
    const room = {
      width: window.innerWidth * 0.94,
      height: (window.innerHeight - (caption?.offsetHeight || 0) - (panel?.offsetHeight || 0)) * 0.9,
    };
    const size = host.getBoundingClientRect();
    const scale = Math.min(room.width / size.width, room.height / size.height, 4);
    if (scale > 1) host.style.transform = `scale(${scale.toFixed(3)})`;
  }

  function addButton(figure) {
    if (!document.fullscreenEnabled || figure.querySelector(".diagram__fullscreen")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button diagram__fullscreen";
    button.textContent = "Full screen";
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      if (document.fullscreenElement === screenOf(figure)) document.exitFullscreen();
      else screenOf(figure).requestFullscreen().catch(() => {});
    });
    figure.querySelector("figcaption")?.append(button);
  }

  document.addEventListener("fullscreenchange", () => {
    document.querySelectorAll("figure.diagram").forEach((figure) => {
      const active = document.fullscreenElement === screenOf(figure);
      figure.querySelector(".diagram__fullscreen")?.setAttribute("aria-pressed", String(active));
      const button = figure.querySelector(".diagram__fullscreen");
      if (button) button.textContent = active ? "Exit full screen" : "Full screen";
      requestAnimationFrame(() => fitToScreen(figure));
    });
  });

  document$.subscribe(() => document.querySelectorAll("figure.diagram").forEach(addButton));
})();
