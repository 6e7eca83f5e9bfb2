/*
 * Accessibility fix to markup that Material creates in the browser (the build-time ones are in
 * overrides/hooks/postprocess.py). Material wraps each code block's copy button in a <nav>, so a
 * page with many code blocks has many unnamed navigation landmarks (axe `landmark-unique`) that
 * clutter a screen reader's landmark list; the button itself stays reachable without the landmark.
 *
 * With content.lazy (mkdocs.yml) Material adds those <nav>s only as each code block scrolls into
 * view, long after the page loaded, so a one-off pass would miss them: a MutationObserver on the
 * page's content (not the whole document) fixes each one as it appears.
 */
(() => {
  const UNFIXED = ".md-code__nav:not([role])";
  const fix = (root) => root.querySelectorAll(UNFIXED).forEach((nav) => nav.setAttribute("role", "none"));
  let observer;

  document$.subscribe(() => {
    observer?.disconnect();
    const content = document.querySelector(".md-content");
    if (!content) return;
    fix(content);
    observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE) continue;
          if (node.matches(UNFIXED)) node.setAttribute("role", "none");
          else fix(node);
        }
      }
    });
    observer.observe(content, { childList: true, subtree: true });
  });
})();
