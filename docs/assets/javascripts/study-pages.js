/*
 * Study tools: the review page (one due card at a time, the plan to an interview date, progress, the
 * deck, moving progress) and the mock interview. Imported by study-tools.js only on those two pages,
 * which hands over its `core` (state and scheduler), so ts-fsrs and the state live in one module.
 */
import { btn, dayStart, h, link, localDay, now, plural, site, storageNote, when } from "./study-dom.js";
import { checkImport, MAX_BYTES, mergePlan } from "./study-transfer.js";

let core;
const getJSON = (path) => fetch(new URL(path, site.root)).then((response) => {
  if (!response.ok) throw new Error(response.statusText);
  return response.json();
});
let data = null;
const answers = {};
// The study data this page reads, as overrides/hooks/outputs/study_rows.py writes it (a test checks
// that the two agree). A page and data from different builds could meet in a cache: refuse, and the
// reader is asked to reload.
const DATA_FORMAT = "k8s-networking-study-data";
const DATA_VERSION = 1;

function readable(loaded) {
  if (loaded?.format !== DATA_FORMAT || loaded.version !== DATA_VERSION || !Array.isArray(loaded.questions)) {
    throw new Error(`study-data.json is not version ${DATA_VERSION} of "${DATA_FORMAT}"`);
  }
  return loaded;
}

function loadData() {
  data ??= getJSON("study-data.json").then(readable).catch((error) => {
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
    if (html) element.innerHTML = html; // the site's own rendered answer
    else element.replaceChildren(h("p", {}, q.answer));
  } catch {
    delete answers[q.topic];
    element.replaceChildren(h("p", {}, q.answer), h("p", {}, link(q.url, "The full answer on its page")));
  }
  element.querySelectorAll("a[href]").forEach((a) => {
    const href = a.getAttribute("href");
    if (!/^(https?:|mailto:|#)/.test(href)) a.href = new URL(href, site.root).href;
  });
  // A wide code block can be scrolled by keyboard (as scrollable-code.js does on the pages).
  element.querySelectorAll("pre > code").forEach((code) => code.scrollWidth > code.clientWidth && (code.tabIndex = 0));
}

/** Bring `element`'s top into view below Material's sticky header, unless it is already there. */
function keepInView(element) {
  const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
  const top = element.getBoundingClientRect().top;
  if (top < header || top > innerHeight - 80) scrollBy(0, top - header - 16);
}

/* Space shows the answer on the review page, wherever the focus is outside a form field. */
let spaceListener = false;
function listenForSpace() {
  if (spaceListener) return;
  spaceListener = true;
  document.addEventListener("keydown", (event) => {
    const reveal = document.querySelector(".study-card [data-study-reveal]");
    if (event.key !== " " || !reveal || event.target.closest?.("input, textarea, select, button, a, summary")) return;
    event.preventDefault();
    reveal.click();
  });
}

/* ---------- the review page ---------- */

function reviewPage(container) {
  const status = h("p", { class: "visually-hidden", role: "status" });
  const card = h("div", { class: "study-card" }, h("p", {}, "Loading your deck…"));
  const plan = h("section", { class: "study-plan", "aria-labelledby": "study-plan-title" });
  const deck = h("section", { class: "study-deck" });
  const transfer = h("section", { class: "study-transfer" });
  container.replaceChildren(card, status, plan, deck, transfer);
  let loaded = { questions: [], topics: [] };
  let byId = {};
  let revealed = false; // a shown answer is not replaced under the reader by another tab's change

  const show = () => {
    revealed = false;
    const state = core.read();
    const list = core.queue(state, now());
    const [next] = list;
    storageNote(container, core.storage.problem);
    progress(plan, state, loaded, show);
    if (!next) {
      const at = core.nextDue(state);
      card.replaceChildren(h("h2", { tabindex: "-1" }, "Nothing due"),
        h("p", { "data-study-next": "" }, at ? `You are done for now. The next card is due ${when(at)}.`
          : "Your review deck is empty: add cards below, or grade answers on the topic pages."));
      return;
    }
    const q = byId[next.id];
    const reveal = btn("Show answer (Space)", async () => {
      revealed = true;
      const answer = h("div", { class: "study-answer" });
      if (q) await answerInto(answer, q);
      reveal.replaceWith(answer, core.gradeButtons(next.id, { url: q?.url, topic: q?.topic }, (graded, label) => {
        status.textContent = `Rated ${label}: next review ${when(new Date(graded.fsrs.due))}.`;
        show();
        card.querySelector("h2")?.focus({ preventScroll: true });
      }));
      answer.dispatchEvent(new Event("content-shown", { bubbles: true })); // wide code gets keyboard focus
      card.querySelector(".study-grades button:nth-child(3)")?.focus({ preventScroll: true });
      keepInView(card); // the question and the answer's one-line summary stay on screen
    }, { "data-study-reveal": "" });
    card.replaceChildren(
      h("p", { class: "study-card__meta" }, `${list.length} left today · ${next.fsrs ? "review" : "new card"}${q ? ` · ${q.topicTitle}` : ""}`),
      h("h2", { tabindex: "-1", "data-study-question": next.id }, q ? q.question : `A question no longer on the site (${next.id})`),
      reveal);
  };

  listenForSpace();
  core.onChange(container, () => revealed || show());
  loadData().then((result) => {
    loaded = result;
    byId = Object.fromEntries(loaded.questions.map((q) => [q.id, q]));
    deckSettings(deck, loaded, show);
    transferTools(transfer, byId, show);
    show();
  }, () => (card.textContent = "The questions could not be loaded. Check your connection and reload."));
}

/** Deck size, what is due, the plan to the interview date (or a 14-day forecast) and each topic's progress. */
function progress(box, state, loaded, show) {
  const at = now();
  const cards = Object.values(state.cards);
  const dueBy = (end) => cards.filter((c) => c.fsrs && new Date(c.fsrs.due) < end).length;
  const days = core.forecast(state, at);
  const date = state.settings.interviewDate;
  const left = core.daysLeft(state.settings, at);
  const input = h("input", { type: "date", id: "study-interview-date", min: localDay(at), value: date || "" });
  input.addEventListener("change", () => {
    core.setSettings({ interviewDate: input.value || undefined });
    show();
    document.getElementById("study-interview-date")?.focus();
  });
  const busiest = Math.max(1, ...days.map((d) => d.reviews + d.fresh));
  box.replaceChildren(
    h("h2", { id: "study-plan-title" }, "Your plan"),
    h("p", { "data-study-summary": "" }, `${plural(cards.length, "card")} in your deck · ${dueBy(dayStart(at, 1))} due today · `
      + `${dueBy(dayStart(at, 2)) - dueBy(dayStart(at, 1))} due tomorrow · ${cards.filter(core.isKnown).length} known (last graded Good or Easy)`),
    h("p", {}, h("label", { for: "study-interview-date" }, "Interview date (optional) "), input, " ",
      date ? btn("Clear the date", () => (core.setSettings({ interviewDate: "" }), show()), { "data-study-clear-date": "" }) : ""),
    h("p", { "data-study-plan-note": "" }, left
      ? `${plural(left, "day")} before your interview on ${date}: every card comes back at least twice before it, and new cards are spread over the days left.`
      : date ? `Your interview date (${date}) has passed: cards follow the normal schedule.`
        : "Set the date of your interview and the reviews are planned so that every card is seen at least twice before it."),
    h("table", { class: "study-forecast", "data-study-forecast": "" },
      h("caption", {}, left ? "Cards per day until your interview" : "Cards per day, next 14 days"),
      h("thead", {}, h("tr", {}, ["Day", "Reviews due", "New cards", "Load"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, days.map((d, i) => h("tr", {},
        h("th", { scope: "row" }, i === 0 ? `Today (${d.day})` : i === 1 ? `Tomorrow (${d.day})` : d.day),
        h("td", {}, String(d.reviews)), h("td", {}, String(d.fresh)),
        h("td", { "aria-hidden": "true" }, h("span", { class: "study-bar-chart", style: `inline-size: ${Math.round(((d.reviews + d.fresh) / busiest) * 100)}%` })))))),
    h("table", { class: "study-topic-progress" },
      h("caption", {}, "Progress by topic"),
      h("thead", {}, h("tr", {}, ["Topic", "Questions", "In your deck", "Known", "Due now"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, loaded.topics.map((t) => {
        const mine = cards.filter((c) => c.topic === t.id || (!c.topic && loaded.questions.some((q) => q.id === c.id && q.topic === t.id)));
        return h("tr", {}, h("th", { scope: "row" }, t.title),
          h("td", {}, String(loaded.questions.filter((q) => q.topic === t.id).length)), h("td", {}, String(mine.length)),
          h("td", {}, String(mine.filter(core.isKnown).length)), h("td", {}, String(mine.filter((c) => core.isDue(c, at)).length)));
      }))));
}

function deckSettings(deck, loaded, show) {
  const state = core.read();
  const limit = h("input", { type: "number", min: "0", max: "500", value: state.settings.newPerDay, id: "study-new-per-day" });
  const note = h("p", { role: "status" });
  limit.addEventListener("change", () => {
    const newPerDay = Math.max(0, Math.min(500, Math.round(Number(limit.value)) || 0));
    core.setSettings({ newPerDay });
    note.textContent = `New cards per day: ${newPerDay}.`;
    show();
  });
  const add = (questions, what) => () => {
    note.textContent = `${core.addCards(questions)} new cards from ${what} added.`;
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

function transferTools(box, byId, show) {
  const message = h("div", { class: "study-import-message", role: "status" });
  const input = h("input", { type: "file", accept: "application/json,.json", id: "study-import-file" });
  const fail = (text) => message.replaceChildren(h("p", { class: "study-error" }, text));
  input.addEventListener("change", async () => {
    const [file] = input.files;
    if (!file) return;
    let parsed;
    try {
      if (file.size > MAX_BYTES) checkImport("x".repeat(MAX_BYTES + 1), core); // the same refusal, without reading it
      parsed = checkImport(await file.text(), core);
    } catch (error) {
      return fail(error.message);
    }
    const plan = mergePlan(core.read(), parsed);
    const changes = plan.filter((p) => p.action !== "keep");
    const count = (a) => plan.filter((p) => p.action === a).length;
    message.replaceChildren(
      h("p", {}, `This import adds ${count("add")} cards, updates ${count("update")} with later reviews and keeps ${count("keep")} of yours, which are newer.`),
      h("ul", { class: "study-import-list" }, changes.map((p) =>
        h("li", {}, `${p.action === "add" ? "Add" : "Update"}: ${byId[p.id]?.question || `${p.id} (no longer on the site; kept)`}`))),
      btn("Apply the import", () => {
        const changed = core.update((state) => {
          // merged again with what is stored now: another tab may have reviewed since the preview
          const latest = mergePlan(state, parsed).filter((p) => p.action !== "keep");
          for (const p of latest) state.cards[p.id] = p.card;
          state.settings = { ...state.settings, ...parsed.settings };
          return latest.length;
        });
        message.replaceChildren(h("p", {}, `Imported: ${changed} cards changed.`));
        show();
      }, { "data-study-apply": "" }),
      btn("Cancel", () => message.replaceChildren(h("p", {}, "Import cancelled; nothing changed."))));
  });
  const download = () => {
    const state = core.read();
    const file = { format: core.FORMAT, version: core.VERSION, exported: now().toISOString(), cards: state.cards, settings: state.settings, newToday: state.newToday };
    const blob = new Blob([JSON.stringify(file, null, 1)], { type: "application/json" });
    const a = h("a", { href: URL.createObjectURL(blob), download: `k8s-networking-study-${localDay(now())}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  box.replaceChildren(h("h2", {}, "Move your progress"),
    h("p", {}, "Export every card and setting (the interview date too) as a file, and import it in another browser. Importing keeps the later review of each question."),
    h("p", {}, btn("Export progress", download, { "data-study-export": "" })),
    h("p", {}, h("label", { for: "study-import-file" }, "Import progress from a file "), input),
    message);
}

/* ---------- mock interview ---------- */

function mockInterview(container) {
  const status = h("p", { class: "visually-hidden", role: "status" });
  const stage = h("div", { class: "study-mock" }, h("p", {}, "Loading the questions…"));
  container.replaceChildren(stage, status);
  loadData().then((loaded) => setup(loaded), () => (stage.textContent = "The questions could not be loaded. Check your connection and reload."));

  function setup(loaded) {
    const boxes = loaded.topics.map((t) => h("input", { type: "checkbox", value: t.id, id: `mock-${t.id}`, checked: true }));
    const every = (checked) => () => {
      boxes.forEach((b) => (b.checked = checked));
      status.textContent = checked ? "Every topic selected" : "No topic selected";
    };
    const count = h("input", { type: "number", id: "mock-count", min: "1", max: String(loaded.questions.length), value: "5" });
    const form = h("form", { class: "study-mock__setup" },
      h("fieldset", {}, h("legend", {}, "Topics"),
        h("p", { class: "study-mock__all" }, btn("Select all", every(true), { "data-mock-topics": "all" }), btn("Select none", every(false), { "data-mock-topics": "none" })),
        loaded.topics.map((t, i) => h("div", {}, boxes[i], " ", h("label", { for: `mock-${t.id}` }, t.title)))),
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
      const notes = h("textarea", { id: "mock-notes", rows: "4", class: "study-notes" });
      const finish = (grade, card) => {
        results.push({ q, grade, seconds, notes: notes.value.trim(), due: card?.fsrs?.due });
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
        const grades = core.gradeButtons(q.id, { url: q.url, topic: q.topic }, (card, label) => finish(label, card), () => seconds);
        controls.replaceWith(h("h3", { tabindex: "-1", class: "study-mock__answer-heading" }, "The answer"), answer, h("p", {}, "How did you do?"), grades);
        status.textContent = `Answer shown after ${clock.textContent}. Grade yourself with keys 1 to 4.`;
        answer.dispatchEvent(new Event("content-shown", { bubbles: true })); // wide code gets keyboard focus
        grades.querySelector("button:nth-child(3)").focus({ preventScroll: true });
        keepInView(answer);
      });
      const skip = btn("Skip", () => finish("Skipped"));
      const controls = h("div", { class: "study-mock__controls" }, pause, skip, reveal);
      stage.replaceChildren(
        h("p", { class: "study-card__meta" }, `Question ${index + 1} of ${questions.length} · ${q.topicTitle} · time `, clock),
        h("h2", { tabindex: "-1" }, q.question),
        h("p", {}, h("label", { for: "mock-notes" }, "Your answer (optional; or answer aloud)")),
        notes,
        controls);
      status.textContent = `Question ${index + 1} of ${questions.length}: ${q.question}`;
      stage.querySelector("h2").focus();
    };
    ask();
  }

  function summary(results) {
    const time = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    stage.replaceChildren(h("h2", { tabindex: "-1" }, "Your interview"),
      h("table", { class: "study-summary" },
        h("thead", {}, h("tr", {}, ["Question", "Grade", "Time", "Your notes"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, results.map((r) => h("tr", {},
          h("td", {}, link(r.q.url, r.q.question)), h("td", {}, r.grade), h("td", {}, time(r.seconds)),
          h("td", { class: "study-summary__notes" }, r.notes || "—"))))),
      h("p", {}, "The grades are in your review deck. ", link("review/", "Review due cards"), " · ",
        btn("Another interview", () => mockInterview(container))));
    status.textContent = `Interview over: ${results.length} questions.`;
    stage.querySelector("h2").focus();
  }
}

/* ---------- entry ---------- */

/** Replace the page's fallback paragraph with its tool; `studyCore` is study-tools.js's core. */
export function mount(paragraph, studyCore, root) {
  core = studyCore;
  site.root = root;
  const box = h("div", { class: "study-tool", "data-study-tool": paragraph.dataset.studyTool, "data-search-exclude": "" });
  paragraph.replaceWith(box);
  (paragraph.dataset.studyTool === "review" ? reviewPage : mockInterview)(box);
}
