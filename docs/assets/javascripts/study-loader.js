/*
 * Loads the study tools (study-tools.js: the scheduler, the review page, the mock interview) only on
 * pages that use them: a topic page's study bar, the home page's due count, the review and mock
 * interview pages. Every other page carries just this loader. bundle_assets.py builds the tools as a
 * separate module and defines STUDY_TOOLS as its file name, next to the site bundle.
 */
(() => {
  let tools;
  document$.subscribe(() => {
    if (!document.querySelector("[data-study-bar], [data-study-tool], [data-study-due]")) return;
    const bundle = document.querySelector('script[src*="site-with-mermaid-loader"]');
    if (!bundle || typeof STUDY_TOOLS !== "string") return;
    tools ??= import(new URL(STUDY_TOOLS, bundle.src).href);
    tools
      .then((module) => module.mount(new URL("../../", bundle.src).href))
      .catch(() => {
        document.querySelectorAll("[data-study-tool]").forEach((root) => {
          root.textContent = "The study tools could not load. Reload the page to try again.";
        });
      });
  });
})();
