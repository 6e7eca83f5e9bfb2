/*
 * Loads the study tools (study-tools.js: the scheduler, rating buttons and due counts; it imports
 * study-pages.js for the review page and the mock interview) only when they are used: at once on the review and mock interview pages, and
 * on a topic page or the home page once the reader has study state saved or opens an answer. Every page
 * carries this loader, so it is kept to a few lines (the plain pages' byte budget is tight).
 * bundle_assets.py builds the tools as a separate module and defines STUDY_TOOLS as its file name.
 */
(() => {
  let tools;
  const bundle = () => document.querySelector("script[src*=site-with-mermaid]").src;
  const load = () => (tools ??= import(new URL(STUDY_TOOLS, bundle())).catch(() => (tools = null)));
  // For other scripts (a packet walk's drill rates its question): loads the tools on first use.
  const siteRoot = () => new URL("../../", bundle()).href;
  window.k8sStudy = { rate: (id, rating) => load().then((module) => module?.rateOnThisPage(id, rating, siteRoot())) };
  document$.subscribe(() => {
    const bar = document.querySelector("[data-study-bar], [data-study-due]");
    const start = () => load().then((module) => module?.mount(siteRoot()));
    if (tools || document.querySelector("[data-study-tool]")) return start();
    let saved; // any study state: "k8s-networking:study:v2" or the old "k8s-networking:study-marks:v1"
    try {
      saved = Object.keys(localStorage).join().includes("networking:study");
    } catch {}
    if (bar && saved) return start(); // the reader studies: show what is due here
    // `toggle` does not bubble, but a capturing listener on an ancestor sees it.
    bar?.parentElement.addEventListener("toggle", start, { capture: true, once: true });
  });
})();
