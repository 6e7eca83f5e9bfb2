/*
 * Study tools, loaded by study-loader.js only where they are used: spaced repetition (ts-fsrs) with
 * Again/Hard/Good/Easy after each revealed answer, due counts, the review page, the mock interview,
 * and export/import of all study state. State lives in this browser's localStorage under STATE_KEY;
 * when storage is blocked or full it is kept in memory for the visit and the page says so.
 * Time is read through now(), so tests can move the clock (Playwright's page.clock).
 */
import { createEmptyCard, fsrs, Rating } from "ts-fsrs";
import css from "./study-tools.css"; // inlined by bundle_assets.py (copied next to this file to bundle)

const STATE_KEY = "k8s-networking:study:v2";
const OLD_MARKS_KEY = "k8s-networking:study-marks:v1";
const FORMAT = "k8s-networking-study";
const VERSION = 2;
const GRADES = [["Again", Rating.Again], ["Hard", Rating.Hard], ["Good", Rating.Good], ["Easy", Rating.Easy]];
const scheduler = fsrs();
const now = () => new Date(Date.now());
const day = (date) => date.toISOString().slice(0, 10);
let root = "/";
let memory = null; // the state while storage does not work
let storageProblem = "";
let data = null;

/* ---------- state ---------- */

function emptyState() {
  return { format: FORMAT, version: VERSION, cards: {}, settings: { newPerDay: 10 }, newToday: {} };
}

function readState() {
  if (memory) return memory;
  try {
    const raw = localStorage.getItem(STATE_KEY);
    const state = raw ? JSON.parse(raw) : emptyState();
    return migrate(state);
  } catch {
    storageProblem = "This browser blocks storage: your progress is kept for this visit only. Export it to keep it.";
    memory = migrate(emptyState());
    return memory;
  }
}

function writeState(state) {
  if (!memory) {
    try {
      localStorage.setItem(STATE_KEY, JSON.stringify(state));
      return;
    } catch {
      storageProblem = "Progress could not be saved (storage is blocked or full): it is kept for this visit only. Export it to keep it.";
    }
  }
  memory = state;
}

/** The old "Knew it" / "Review again" marks become one Good / Again review, once. */
function migrate(state) {
  if (state.migratedV1) return state;
  let marks = {};
  try {
    marks = JSON.parse(localStorage.getItem(OLD_MARKS_KEY)) || {};
  } catch {}
  for (const [id, mark] of Object.entries(marks)) {
    if (!state.cards[id] && (mark === "known" || mark === "review")) {
      state.cards[id] = review(newCard(id), mark === "known" ? Rating.Good : Rating.Again);
    }
  }
  state.migratedV1 = true;
  try {
    localStorage.setItem(STATE_KEY, JSON.stringify(state));
  } catch {}
  return state;
}

function newCard(id, where = {}) {
  return { id, ...where, added: now().toISOString(), fsrs: null, log: [] };
}

function fsrsCard(card) {
  if (!card.fsrs) return createEmptyCard(now());
  const c = { ...card.fsrs, due: new Date(card.fsrs.due) };
  c.last_review = c.last_review ? new Date(c.last_review) : undefined;
  return c;
}

function review(card, rating, seconds) {
  const { card: next } = scheduler.next(fsrsCard(card), now(), rating);
  const at = now().toISOString();
  return { ...card, fsrs: { ...next, due: next.due.toISOString(), last_review: at }, reviewed: at,
    log: [...(card.log || []), { at, rating, ...(seconds != null && { seconds }) }].slice(-50) };
}

function rate(id, rating, where, seconds) {
  const state = readState();
  state.cards[id] = review(state.cards[id] || newCard(id, where), rating, seconds);
  if (!state.cards[id].log[1]) state.newToday[day(now())] = (state.newToday[day(now())] || 0) + 1;
  writeState(state);
  return state.cards[id];
}

const isDue = (card, at = now()) => card.fsrs && new Date(card.fsrs.due) <= at;

function queue(state, ids) {
  const cards = Object.values(state.cards).filter((c) => !ids || ids.has(c.id));
  const due = cards.filter((c) => isDue(c)).sort((a, b) => new Date(a.fsrs.due) - new Date(b.fsrs.due));
  const room = Math.max(0, state.settings.newPerDay - (state.newToday[day(now())] || 0));
  return [...due, ...cards.filter((c) => !c.fsrs).slice(0, room)];
}

function nextDue(state) {
  const dates = Object.values(state.cards).filter((c) => c.fsrs).map((c) => new Date(c.fsrs.due));
  return dates.length ? new Date(Math.min(...dates)) : null;
}

function addCards(questions) {
  const state = readState();
  let added = 0;
  for (const q of questions) {
    if (!state.cards[q.id]) {
      state.cards[q.id] = newCard(q.id, { url: q.url, topic: q.topic });
      added += 1;
    }
  }
  writeState(state);
  return added;
}

/* ---------- DOM helpers ---------- */

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (value !== false && value != null) el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...children.flat().filter((c) => c != null && c !== false));
  return el;
}

const btn = (label, onclick, extra = {}) => h("button", { type: "button", class: "md-button", onclick, ...extra }, label);

function when(date) {
  const days = Math.round((date - now()) / 86400000);
  if (date - now() < 3600000) return `in ${Math.max(1, Math.round((date - now()) / 60000))} min`;
  if (days < 1) return `in ${Math.round((date - now()) / 3600000)} h`;
  return `in ${days} day${days === 1 ? "" : "s"} (${day(date)})`;
}

function gradeButtons(id, where, done, seconds) {
  const preview = scheduler.repeat(fsrsCard(readState().cards[id] || newCard(id)), now());
  const group = h("div", { class: "study-grades", role: "group", "aria-label": "How well did you know it? Keys 1 to 4" },
    GRADES.map(([label, rating], index) =>
      btn(`${index + 1} ${label}`, () => done(rate(id, rating, where, seconds?.()), label), {
        "data-grade": label, title: `Next review ${when(preview[rating].card.due)}`,
      })));
  return group;
}

function storageNote(container) {
  let note = container.querySelector(".study-storage");
  if (!storageProblem) return note?.remove();
  note ??= container.appendChild(h("p", { class: "study-storage", role: "alert" }));
  note.textContent = storageProblem;
}

const getJSON = (path) => fetch(new URL(path, root)).then((response) => {
  if (!response.ok) throw new Error(response.statusText);
  return response.json();
});
const answers = {};

async function loadData() {
  data ??= getJSON("study-data.json").catch((error) => {
    data = null; // try again next time
    throw error;
  });
  return data;
}

/** The answer's HTML, fetched with its topic's answers only when it is revealed. */
async function answerInto(element, q) {
  try {
    answers[q.topic] ??= getJSON(`study-answers/${q.topic}.json`);
    const html = (await answers[q.topic])[q.id];
    if (html) element.innerHTML = html;
    else element.replaceChildren(h("p", {}, q.answer));
  } catch {
    delete answers[q.topic];
    element.replaceChildren(h("p", {}, q.answer), h("p", {}, h("a", { href: new URL(q.url, root).href }, "The full answer on its page")));
  }
  fixLinks(element);
}

/* ---------- topic pages: rating after each answer, due counts ---------- */

function topicPage(bar) {
  const url = location.pathname.replace(new URL(root).pathname, "");
  const questions = [...document.querySelectorAll(".md-content h3[id]")]
    .filter((heading) => heading.nextElementSibling?.matches("details.answer"))
    .map((heading) => ({ heading, answer: heading.nextElementSibling, id: heading.id, url: `${url}#${heading.id}`, topic: url.replace(/\/$/, "") }));
  const ids = new Set(questions.map((q) => q.id));
  const counts = bar.querySelector("[data-study-due-here]") || bar.appendChild(h("p", { class: "study-bar__progress", "data-study-due-here": "" }));
  const status = bar.querySelector("[data-study-status]");
  let last = questions.find((q) => q.answer.open) || null; // the answer whose opening loaded us

  const refresh = () => {
    const state = readState();
    const due = Object.values(state.cards).filter((c) => ids.has(c.id) && isDue(c)).length;
    const fresh = questions.filter((q) => !state.cards[q.id]).length;
    counts.replaceChildren(
      `${due} card${due === 1 ? "" : "s"} due on this page · `,
      h("a", { href: new URL("review/", root).href }, "Review"),
      ` · ${fresh} not yet in your review deck `,
      fresh ? btn("Add this page's cards", () => {
        const added = addCards(questions);
        status.textContent = `${added} cards added to your review deck`;
        refresh();
      }, { "data-study-add": "page" }) : "",
    );
    storageNote(bar);
  };

  for (const q of questions) {
    if (q.answer.querySelector(".study-grades")) continue;
    const result = h("p", { class: "study-grade-result", "aria-live": "polite" });
    const grades = gradeButtons(q.id, { url: q.url, topic: q.topic }, (card, label) => {
      result.textContent = `Rated ${label}: next review ${when(new Date(card.fsrs.due))}.`;
      refresh();
    });
    q.answer.append(h("div", { class: "study-rate" }, h("p", {}, "Rate it for spaced review:"), grades, result));
    q.answer.addEventListener("toggle", () => q.answer.open && (last = q));
  }
  document.addEventListener("keydown", (event) => {
    if (!document.contains(bar) || !/^[1-4]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
    const target = questions.find((q) => q.answer.contains(event.target) && q.answer.open) || (last?.answer.open && last);
    target?.answer.querySelectorAll(".study-grades button")[Number(event.key) - 1].click();
  });
  refresh();
}

function homeCounts(element) {
  const state = readState();
  const due = Object.values(state.cards).filter((c) => isDue(c)).length;
  element.replaceChildren(`${due} card${due === 1 ? "" : "s"} due for review across the guide · `,
    h("a", { href: new URL("review/", root).href }, "Start reviewing"));
  element.hidden = false;
  storageNote(element.parentElement);
}

/* ---------- the review page ---------- */

function reviewPage(container) {
  const status = h("p", { class: "visually-hidden", role: "status" });
  const card = h("div", { class: "study-card" });
  const deck = h("div", { class: "study-deck" });
  const transfer = h("div", { class: "study-transfer" });
  container.replaceChildren(card, status, deck, transfer);
  let byId = {};

  const show = () => {
    const state = readState();
    const [next] = queue(state);
    storageNote(container);
    if (!next) {
      const at = nextDue(state);
      card.replaceChildren(h("h2", { tabindex: "-1" }, "Nothing due"),
        h("p", { "data-study-next": "" }, at ? `You are done for now. The next card is due ${when(at)}.`
          : "Your review deck is empty: add cards below, or rate answers on the topic pages."));
      return;
    }
    const q = byId[next.id];
    const left = queue(state).length;
    const reveal = btn("Show answer (Space)", async () => {
      const answer = h("div", { class: "study-answer" });
      if (q) await answerInto(answer, q);
      reveal.replaceWith(answer, gradeButtons(next.id, { url: q?.url, topic: q?.topic }, (_, label) => {
        status.textContent = `Rated ${label}.`;
        show();
        card.querySelector("h2")?.focus();
      }));
      focusWideCode(answer);
      card.querySelector(".study-grades button:nth-child(3)")?.focus();
    }, { "data-study-reveal": "" });
    card.replaceChildren(
      h("p", { class: "study-card__meta" }, `${left} left today · ${next.fsrs ? "review" : "new card"}${q ? ` · ${q.topicTitle}` : ""}`),
      h("h2", { tabindex: "-1", "data-study-question": next.id }, q ? q.question : `A question no longer on the site (${next.id})`),
      reveal);
  };

  loadData().then((loaded) => {
    byId = Object.fromEntries(loaded.questions.map((q) => [q.id, q]));
    deckSettings(deck, loaded, show);
    transferTools(transfer, byId, show);
    show();
  }, () => (card.textContent = "The questions could not be loaded. Check your connection and reload."));

  container.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === " " && card.querySelector("[data-study-reveal]")) {
      event.preventDefault();
      card.querySelector("[data-study-reveal]").click();
    } else if (/^[1-4]$/.test(event.key)) {
      card.querySelectorAll(".study-grades button")[Number(event.key) - 1]?.click();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.target === document.body && document.contains(container) && (event.key === " " || /^[1-4]$/.test(event.key))) {
      card.dispatchEvent(new KeyboardEvent("keydown", { key: event.key, bubbles: true }));
      if (event.key === " ") event.preventDefault();
    }
  });
}

/** A wide code block in an answer shown after load can be scrolled by keyboard (as scrollable-code.js does). */
function focusWideCode(element) {
  element.querySelectorAll("pre > code").forEach((code) => code.scrollWidth > code.clientWidth && (code.tabIndex = 0));
}

function fixLinks(element) {
  element.querySelectorAll("a[href]").forEach((a) => {
    const href = a.getAttribute("href");
    if (!/^(https?:|mailto:|#)/.test(href)) a.href = new URL(href, root).href;
  });
}

function deckSettings(deck, loaded, show) {
  const state = readState();
  const limit = h("input", { type: "number", min: "0", max: "500", value: state.settings.newPerDay, id: "study-new-per-day" });
  const note = h("p", { role: "status" });
  limit.addEventListener("change", () => {
    const s = readState();
    s.settings.newPerDay = Math.max(0, Math.min(500, Number(limit.value) || 0));
    writeState(s);
    note.textContent = `New cards per day: ${s.settings.newPerDay}.`;
    show();
  });
  const add = (questions, what) => () => {
    note.textContent = `${addCards(questions)} new cards from ${what} added.`;
    show();
  };
  deck.replaceChildren(h("h2", {}, "Your deck"),
    h("p", {}, h("label", { for: "study-new-per-day" }, "New cards per day "), limit),
    h("p", {}, btn("Add every question", add(loaded.questions, "the whole guide"), { "data-study-add": "all" })),
    h("ul", { class: "study-topics" }, loaded.topics.map((t) =>
      h("li", {}, btn(`Add ${t.title}`, add(loaded.questions.filter((q) => q.topic === t.id), t.title), { "data-study-add": t.id })))),
    note);
}

/* ---------- export / import ---------- */

function exportState() {
  const state = readState();
  return { format: FORMAT, version: VERSION, exported: now().toISOString(), cards: state.cards, settings: state.settings, newToday: state.newToday };
}

function checkImport(text) {
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    throw new Error("This file is not JSON, so it cannot be study progress. Nothing was changed.");
  }
  if (!file || typeof file !== "object" || file.format !== FORMAT) {
    throw new Error(`This is not a study-progress file from this guide (expected format "${FORMAT}"). Nothing was changed.`);
  }
  if (!Number.isInteger(file.version) || file.version > VERSION) {
    throw new Error(`This file was written by a newer version of the guide (version ${file.version}; this page reads up to ${VERSION}). Nothing was changed.`);
  }
  const cards = file.cards;
  const valid = (c, id) => c && typeof c === "object" && c.id === id && (c.fsrs === null || (c.fsrs && !isNaN(new Date(c.fsrs.due))));
  if (!cards || typeof cards !== "object" || Array.isArray(cards) || !Object.entries(cards).every(([id, c]) => valid(c, id))) {
    throw new Error("This file says it is study progress, but its cards are not in the expected shape. Nothing was changed.");
  }
  return file;
}

function mergePlan(state, file) {
  const plan = [];
  for (const [id, incoming] of Object.entries(file.cards)) {
    const mine = state.cards[id];
    const later = !mine || (incoming.reviewed || "") > (mine.reviewed || "");
    plan.push({ id, action: !mine ? "add" : later ? "update" : "keep", card: incoming });
  }
  return plan;
}

function transferTools(box, byId, show) {
  const message = h("div", { class: "study-import-message", role: "status" });
  const input = h("input", { type: "file", accept: "application/json,.json", id: "study-import-file" });
  input.addEventListener("change", async () => {
    const [file] = input.files;
    if (!file) return;
    let parsed;
    try {
      parsed = checkImport(await file.text());
    } catch (error) {
      message.replaceChildren(h("p", { class: "study-error" }, error.message));
      return;
    }
    const plan = mergePlan(readState(), parsed);
    const changes = plan.filter((p) => p.action !== "keep");
    const count = (a) => plan.filter((p) => p.action === a).length;
    message.replaceChildren(
      h("p", {}, `This import adds ${count("add")} cards, updates ${count("update")} with later reviews and keeps ${count("keep")} of yours, which are newer.`),
      h("ul", { class: "study-import-list" }, changes.map((p) =>
        h("li", {}, `${p.action === "add" ? "Add" : "Update"}: ${byId[p.id]?.question || `${p.id} (no longer on the site; kept)`}`))),
      btn("Apply the import", () => {
        const state = readState();
        for (const p of changes) state.cards[p.id] = p.card;
        if (parsed.settings?.newPerDay >= 0) state.settings = { ...state.settings, ...parsed.settings };
        writeState(state);
        message.replaceChildren(h("p", {}, `Imported: ${changes.length} cards changed.`));
        show();
      }, { "data-study-apply": "" }),
      btn("Cancel", () => message.replaceChildren(h("p", {}, "Import cancelled; nothing changed."))));
  });
  const download = () => {
    const blob = new Blob([JSON.stringify(exportState(), null, 1)], { type: "application/json" });
    const link = h("a", { href: URL.createObjectURL(blob), download: `k8s-networking-study-${day(now())}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  box.replaceChildren(h("h2", {}, "Move your progress"),
    h("p", {}, "Export every card and setting as a file, and import it in another browser. Importing keeps the later review of each question."),
    h("p", {}, btn("Export progress", download, { "data-study-export": "" })),
    h("p", {}, h("label", { for: "study-import-file" }, "Import progress from a file "), input),
    message);
}

/* ---------- mock interview ---------- */

function mockInterview(container) {
  const status = h("p", { class: "visually-hidden", role: "status" });
  const stage = h("div", { class: "study-mock" });
  container.replaceChildren(stage, status);
  loadData().then((loaded) => setup(loaded), () => (stage.textContent = "The questions could not be loaded. Check your connection and reload."));

  function setup(loaded) {
    const boxes = loaded.topics.map((t) => h("input", { type: "checkbox", value: t.id, id: `mock-${t.id}`, checked: true }));
    const count = h("input", { type: "number", id: "mock-count", min: "1", max: String(loaded.questions.length), value: "5" });
    const form = h("form", { class: "study-mock__setup" },
      h("fieldset", {}, h("legend", {}, "Topics"), loaded.topics.map((t, i) => h("div", {}, boxes[i], " ", h("label", { for: `mock-${t.id}` }, t.title)))),
      h("p", {}, h("label", { for: "mock-count" }, "Number of questions "), count),
      h("p", {}, h("button", { type: "submit", class: "md-button md-button--primary" }, "Start the interview")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const topics = new Set(boxes.filter((b) => b.checked).map((b) => b.value));
      const pool = loaded.questions.filter((q) => topics.has(q.topic));
      if (!pool.length) return (status.textContent = "Pick at least one topic.");
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      run(pool.slice(0, Math.max(1, Number(count.value) || 5)));
    });
    stage.replaceChildren(form);
  }

  function run(questions) {
    const results = [];
    let index = -1;
    let timer;
    const ask = () => {
      clearInterval(timer);
      index += 1;
      if (index >= questions.length) return summary(results);
      const q = questions[index];
      let seconds = 0;
      let paused = false;
      const clock = h("span", { class: "study-timer", role: "timer", "aria-live": "off", "data-study-timer": "" }, "0:00");
      const tick = () => (clock.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`);
      timer = setInterval(() => {
        if (!document.contains(clock)) return clearInterval(timer); // the reader navigated away
        if (!paused) (seconds += 1), tick();
      }, 1000);
      const finish = (grade, card) => {
        results.push({ q, grade, seconds, due: card?.fsrs?.due });
        ask();
      };
      const pause = btn("Pause", () => {
        paused = !paused;
        pause.textContent = paused ? "Resume" : "Pause";
        status.textContent = paused ? `Timer paused at ${clock.textContent}` : "Timer running";
      });
      const reveal = btn("Reveal the answer", async () => {
        paused = true;
        const answer = h("div", { class: "study-answer" });
        await answerInto(answer, q);
        const grades = gradeButtons(q.id, { url: q.url, topic: q.topic }, (card, label) => finish(label, card), () => seconds);
        controls.replaceWith(h("h3", { tabindex: "-1", class: "study-mock__answer-heading" }, "The answer"), answer, h("p", {}, "How did you do?"), grades);
        focusWideCode(answer);
        status.textContent = `Answer shown after ${clock.textContent}. Grade yourself with keys 1 to 4.`;
        grades.querySelector("button:nth-child(3)").focus();
      });
      const skip = btn("Skip", () => finish("Skipped"));
      const controls = h("div", { class: "study-mock__controls" }, pause, skip, reveal);
      stage.replaceChildren(
        h("p", { class: "study-card__meta" }, `Question ${index + 1} of ${questions.length} · ${q.topicTitle} · time `, clock),
        h("h2", { tabindex: "-1" }, q.question),
        h("p", {}, h("label", { for: "mock-notes" }, "Your answer (optional; or answer aloud)")),
        h("textarea", { id: "mock-notes", rows: "4", class: "study-notes" }),
        controls);
      status.textContent = `Question ${index + 1} of ${questions.length}: ${q.question}`;
      stage.querySelector("h2").focus();
    };
    stage.onkeydown = (event) => {
      if (/^[1-4]$/.test(event.key) && !event.target.closest("textarea, input")) {
        stage.querySelectorAll(".study-grades button")[Number(event.key) - 1]?.click();
      }
    };
    ask();
  }

  function summary(results) {
    const time = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    stage.replaceChildren(h("h2", { tabindex: "-1" }, "Your interview"),
      h("table", { class: "study-summary" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Question"), h("th", { scope: "col" }, "Grade"), h("th", { scope: "col" }, "Time"))),
        h("tbody", {}, results.map((r) => h("tr", {},
          h("td", {}, h("a", { href: new URL(r.q.url, root).href }, r.q.question)), h("td", {}, r.grade), h("td", {}, time(r.seconds)))))),
      h("p", {}, "The grades are in your review deck. ", h("a", { href: new URL("review/", root).href }, "Review due cards"), " · ",
        btn("Another interview", () => mockInterview(container))));
    status.textContent = `Interview over: ${results.length} questions.`;
    stage.querySelector("h2").focus();
  }
}

/* ---------- entry ---------- */

export function mount(siteRoot) {
  root = siteRoot;
  if (!document.querySelector("style[data-study-tools]")) document.head.append(h("style", { "data-study-tools": "" }, css));
  const bar = document.querySelector("[data-study-bar]");
  if (bar) topicPage(bar);
  document.querySelectorAll("[data-study-due]").forEach(homeCounts);
  const tool = (element) => { // the page's fallback paragraph becomes the tool's container
    const box = h("div", { class: "study-tool", "data-study-tool": element.dataset.studyTool, "data-search-exclude": "" });
    element.replaceWith(box);
    return box;
  };
  document.querySelectorAll('p[data-study-tool="review"]').forEach((p) => reviewPage(tool(p)));
  document.querySelectorAll('p[data-study-tool="mock"]').forEach((p) => mockInterview(tool(p)));
}

/** Rate a question of the page on screen from elsewhere (a packet walk's drill, diagram-drill.js). */
export function rateOnThisPage(id, rating, siteRoot) {
  root = siteRoot;
  const url = location.pathname.replace(new URL(root).pathname, "");
  const card = rate(id, rating, { url: `${url}#${id}`, topic: url.replace(/\/$/, "") });
  mount(root); // the page's due count and marks follow
  return card;
}

export const testing = { readState, exportState, checkImport, STATE_KEY };
