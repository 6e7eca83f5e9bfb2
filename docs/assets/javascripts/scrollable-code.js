/*
 * Lets the keyboard reach code blocks that scroll sideways. Material makes such a block focusable
 * when it mounts it, but with content.lazy (mkdocs.yml) a block is mounted only once it scrolls
 * into view, so until then Tab would skip it. Every block's width is read in one pass, with no
 * writes in between, once the page is idle and again inside an answer when it opens.
 */
(() => {
  function focusScrollable(root) {
    // Blocks in closed answers are skipped: measuring them would lay out each hidden answer on its
    // own (hundreds of milliseconds on the print page). Opening the answer measures them.
    const shown = [...root.querySelectorAll("pre > code")].filter((code) => !code.closest("details:not([open])"));
    const wide = shown.filter((code) => code.scrollWidth > code.clientWidth);
    for (const code of wide) code.tabIndex = 0;
  }

  const whenIdle = window.requestIdleCallback || ((callback) => setTimeout(callback, 1));
  document$.subscribe(() => whenIdle(() => focusScrollable(document), { timeout: 2000 }));

  // `toggle` does not bubble; capture it for every answer, on pages that instant navigation loads too.
  document.addEventListener("toggle", (event) => {
    if (event.target.open) focusScrollable(event.target);
  }, true);

  // Answers the study tools insert (review and mock interview, study-pages.js) announce themselves.
  document.addEventListener("content-shown", (event) => focusScrollable(event.target));
})();
