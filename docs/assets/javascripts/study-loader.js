/*
 * Loads the study tools (study-tools.js: the scheduler, rating buttons, the review page, the mock
 * interview) only when they are used: at once on the review and mock interview pages, and on a topic
 * page when the reader opens an answer. Until then this loader only counts the cards due, straight
 * from storage (on topic pages and the home page). bundle_assets.py builds the tools as a separate
 * module and defines STUDY_TOOLS as its file name, next to the site bundle.
 */
(() => {
  const STATE_KEY = "k8s-networking:study:v2";
  let tools;

  function start(root, bundle) {
    tools ??= import(new URL(STUDY_TOOLS, bundle.src).href);
    tools.then((module) => module.mount(root)).catch(() => {
      document.querySelectorAll("[data-study-tool], [data-study-due-here]").forEach((element) => {
        element.textContent = "The study tools could not load. Reload the page to try again.";
      });
    });
  }

  /** Counts due cards; false when the tools must load to migrate the old "Knew it" marks first. */
  function countDue(element, root, ids, text) {
    let due;
    try {
      const state = JSON.parse(localStorage.getItem(STATE_KEY));
      if (!state?.migratedV1 && localStorage.getItem(`${STATE_KEY.replace("study:v2", "study-marks:v1")}`)) return false;
      const cards = Object.values(state?.cards || {});
      due = cards.filter((c) => c.fsrs && Date.parse(c.fsrs.due) <= Date.now() && (!ids || ids.has(c.id))).length;
    } catch {
      return; // blocked storage: the tools say so once they load
    }
    const link = Object.assign(document.createElement("a"), { href: `${root}review/`, textContent: text[1] });
    element.replaceChildren(`${due} card${due === 1 ? "" : "s"} ${text[0]} · `, link);
    element.hidden = false;
    return true;
  }

  document$.subscribe(() => {
    const bundle = document.querySelector('script[src*="site-with-mermaid-loader"]');
    if (!bundle || typeof STUDY_TOOLS !== "string") return;
    const root = new URL("../../", bundle.src).href;
    if (tools || document.querySelector("[data-study-tool]")) return start(root, bundle);
    const home = document.querySelector("[data-study-due]");
    if (home && countDue(home, root, null, ["due for review across the guide", "Start reviewing"]) === false) {
      return start(root, bundle);
    }
    const here = document.querySelector("[data-study-due-here]");
    if (!here) return;
    const ids = new Set([...document.querySelectorAll(".md-content h3[id]")].map((heading) => heading.id));
    if (countDue(here, root, ids, ["due on this page", "Review"]) === false) return start(root, bundle);
    // `toggle` does not bubble, but a capturing listener on an ancestor still sees it.
    const content = document.querySelector(".md-content");
    content?.addEventListener("toggle", function opened(event) {
      if (!event.target.matches?.("details.answer") || !event.target.open) return;
      content.removeEventListener("toggle", opened, true);
      start(root, bundle);
    }, true);
  });
})();
