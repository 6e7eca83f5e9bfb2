/*
 * Study tools, loaded by study-loader.js only where they are used: spaced repetition (ts-fsrs) with
 * Again/Hard/Good/Easy after each revealed answer (the one way to grade), the topic page's progress
 * and due counts, and the home page's due count. The review page and the mock interview are a second
 * module (study-pages.js), imported from here only on those pages and handed this module's `core`.
 * State: study-state.js; scheduling: study-scheduler.js.
 */
import css from "./study-tools.css"; // inlined by bundle_assets.py
import { btn, h, link, now, plural, site, storageNote, when } from "./study-dom.js";
import { GRADES, isDue, isKnown, newCard, preview } from "./study-scheduler.js";
import * as scheduler from "./study-scheduler.js";
import * as state from "./study-state.js";

/** The four grade buttons for one question; done(card, label) after a grade is stored. */
function gradeButtons(id, where, done, seconds) {
  const current = state.read();
  const next = preview(current.cards[id] || newCard(id, where, now()), now(), current.settings);
  return h("div", { class: "study-grades", role: "group", "aria-label": "How well did you know it? Keys 1 to 4" },
    GRADES.map(([label, rating], index) =>
      btn(`${index + 1} ${label}`, () => done(state.rate(id, rating, where, seconds?.()), label), {
        "data-grade": label, title: `Next review ${when(next[rating])}`,
      })));
}

/* ---------- keys 1 to 4: one listener for the whole visit ---------- */

let lastOpened = null; // the answer the reader opened last
function onKey(event) {
  if (!/^[1-4]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
  if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
  // The answer, review card or mock question the key was pressed in; else the page's review card or
  // mock question; else the answer opened last, if it is still open.
  const here = event.target.closest?.("details.answer[open], .study-card, .study-mock")
    || document.querySelector(".study-card, .study-mock")
    || (lastOpened?.open && document.contains(lastOpened) ? lastOpened : null);
  here?.querySelectorAll(".study-grades button")[Number(event.key) - 1]?.click();
}

/* ---------- topic pages ---------- */

let redrawTopic = () => {};

function topicPage(bar) {
  const url = location.pathname.replace(new URL(site.root).pathname, "");
  const where = (id) => ({ url: `${url}#${id}`, topic: bar.dataset.topic }); // the study data's topic id (study.py)
  const questions = [...document.querySelectorAll(".md-content h3.question")]  // marked by the build (sitemodel.mark_questions)
    .map((heading) => ({ heading, answer: heading.nextElementSibling, id: heading.id }));
  const counts = bar.querySelector("[data-study-due-here]");
  const progress = bar.querySelector("[data-study-progress]");
  const status = bar.querySelector("[data-study-status]");
  const total = Number(bar.dataset.total) || questions.length;

  const redraw = () => {
    const current = state.read();
    const card = (id) => (Object.hasOwn(current.cards, id) ? current.cards[id] : null);
    const due = questions.filter((q) => card(q.id) && isDue(card(q.id), now())).length;
    const fresh = questions.filter((q) => !card(q.id)).length;
    const knownHere = questions.filter((q) => isKnown(card(q.id))).length;
    const knownAll = Object.values(current.cards).filter(isKnown).length;
    progress.textContent = `${knownHere} of ${questions.length} known on this page · ${knownAll} of ${total} overall`
      + " (known: last graded Good or Easy)";
    for (const q of questions) {
      const mark = isKnown(card(q.id)) ? "known" : card(q.id)?.fsrs ? "review" : "";
      const badge = q.heading.querySelector(".study-status");
      badge.textContent = mark;
      badge.dataset.mark = mark;
    }
    counts.replaceChildren(
      `${plural(due, "card")} due on this page · `, link("review/", "Review"),
      ` · ${fresh} not yet in your review deck `,
      fresh ? btn("Add this page's cards", () => {
        status.textContent = `${state.addCards(questions.map((q) => ({ id: q.id, ...where(q.id) })))} cards added to your review deck`;
        redraw();
      }, { "data-study-add": "page" }) : "",
    );
    storageNote(bar, state.storage.problem);
  };

  for (const q of questions) {
    if (!q.heading.querySelector(".study-status")) {
      q.heading.insertBefore(h("span", { class: "study-status" }), q.heading.querySelector(".headerlink"));
    }
    if (q.answer.querySelector(".study-grades")) continue;
    const result = h("p", { class: "study-grade-result", "aria-live": "polite" });
    const grades = gradeButtons(q.id, where(q.id), (card, label) => {
      result.textContent = `Rated ${label}: next review ${when(new Date(card.fsrs.due))}.`;
      redraw();
    });
    q.answer.append(h("div", { class: "study-rate" }, h("p", {}, "Grade it for spaced review:"), grades, result));
  }
  redrawTopic = redraw;
  state.onChange(bar, redraw);
  redraw();
}

function homeCounts(element) {
  if (element.dataset.studyMounted) return;
  element.dataset.studyMounted = "true";
  const redraw = () => {
    const due = Object.values(state.read().cards).filter((c) => isDue(c, now())).length;
    element.replaceChildren(`${plural(due, "card")} due for review across the guide · `, link("review/", "Start reviewing"));
    element.hidden = false;
    storageNote(element.parentElement, state.storage.problem);
  };
  state.onChange(element, redraw);
  redraw();
}

/* ---------- entry ---------- */

/** What the review page and the mock interview (study-pages.js) use from this module. */
const core = { ...state, ...scheduler, gradeButtons };
let pages;

export function mount(siteRoot) {
  site.root = siteRoot;
  if (!document.querySelector("style[data-study-tools]")) {
    document.head.append(h("style", { "data-study-tools": "" }, css));
    document.addEventListener("keydown", onKey);
    document.addEventListener("toggle", (event) => event.target.matches?.("details.answer") && event.target.open && (lastOpened = event.target), true);
    lastOpened = document.querySelector("details.answer[open]"); // the answer whose opening loaded us
  }
  const bar = document.querySelector("[data-study-bar]");
  if (bar?.dataset.studyMounted) redrawTopic();
  else if (bar) (bar.dataset.studyMounted = "true"), topicPage(bar);
  document.querySelectorAll("[data-study-due]").forEach(homeCounts);
  const tools = document.querySelectorAll("p[data-study-tool]:not([data-study-mounted])");
  if (tools.length) {
    tools.forEach((p) => (p.dataset.studyMounted = "true"));
    pages ??= import(new URL(STUDY_PAGES, import.meta.url)).catch((error) => ((pages = null), Promise.reject(error)));
    pages.then((module) => tools.forEach((p) => module.mount(p, core, siteRoot)),
      () => tools.forEach((p) => (p.textContent = "The study tools could not be loaded. Check your connection and reload.")));
  }
}

/** Rate a question of the page on screen from elsewhere (a packet walk's drill, diagram-drill.js). */
export function rateOnThisPage(id, rating, siteRoot) {
  site.root = siteRoot;
  const url = location.pathname.replace(new URL(site.root).pathname, "");
  const topic = document.querySelector("[data-study-bar]")?.dataset.topic;
  const card = state.rate(id, rating, { url: `${url}#${id}`, topic });
  mount(siteRoot); // the page's counts follow (mount only redraws what is already there)
  return card;
}
