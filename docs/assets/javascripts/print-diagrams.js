/*
 * Print with every diagram drawn. Diagrams are drawn only when they come near the viewport
 * (mermaid-loader.js), and a browser prints what is on the page when `beforeprint` fires, without
 * waiting for anything. So the print shortcut (Ctrl+P, or Cmd+P) is taken over on pages with
 * undrawn diagrams: draw them all, then open the print dialog. Printing from the browser's menu
 * cannot be intercepted; `beforeprint` still starts drawing, and a diagram that is not ready in
 * time prints as a short note asking to print again (print.css). The listeners sit on window,
 * which instant navigation keeps, so no document$ subscription is needed.
 */
(() => {
  window.addEventListener("keydown", (event) => {
    const printShortcut =
      (event.ctrlKey || event.metaKey) &&
      !event.altKey &&
      !event.shiftKey &&
      event.key.toLowerCase() === "p";
    if (!printShortcut || !document.querySelector("pre.mermaid")) return;
    event.preventDefault();
    window.mermaid.drawAll().then(() => window.print());
  });
  window.addEventListener("beforeprint", () => window.mermaid.drawAll());
})();
