/*
 * Study tools: the one store of study state, localStorage STATE_KEY. Every change re-reads the stored
 * state and applies itself to it (update), so two tabs reviewing at once merge instead of the last
 * writer winning, and each page redraws when another tab changes it or the page regains focus
 * (onChange). When storage is blocked or full the state is kept in memory for the visit, what was
 * stored stays as it was, and `problem` says so. The v1 "Knew it" / "Review again" marks of earlier
 * versions (OLD_MARKS_KEY) are read once, migrated, and never written.
 */
import { localDay, now } from "./study-dom.js";
import { newCard, recap, review } from "./study-scheduler.js";

export const STATE_KEY = "k8s-networking:study:v2";
const OLD_MARKS_KEY = "k8s-networking:study-marks:v1";
export const FORMAT = "k8s-networking-study";
export const VERSION = 2;

let memory = null; // the state while storage does not work
export const storage = { problem: "" };

const object = (value) => (value && typeof value === "object" && !Array.isArray(value) ? value : {});

function emptyState() {
  return { format: FORMAT, version: VERSION, cards: {}, settings: { newPerDay: 10 }, newToday: {} };
}

/** Any stored version's shape, with what later versions added filled in. */
function normal(state) {
  const settings = object(state?.settings);
  return { ...emptyState(), ...object(state), cards: object(state?.cards), newToday: object(state?.newToday),
    settings: { ...settings, newPerDay: Number.isInteger(settings.newPerDay) ? settings.newPerDay : 10 } };
}

/** The old marks become one Good ("known") or Again ("review") review each, once. */
function migrate(state) {
  if (state.migratedV1) return state;
  let marks = {};
  try {
    marks = object(JSON.parse(localStorage.getItem(OLD_MARKS_KEY)));
  } catch {}
  for (const [id, mark] of Object.entries(marks)) {
    if (!Object.hasOwn(state.cards, id) && (mark === "known" || mark === "review")) {
      state.cards[id] = review(newCard(id, {}, now()), mark === "known" ? 3 : 1, now(), state.settings);
    }
  }
  state.migratedV1 = true;
  return state;
}

export function read() {
  if (memory) return structuredClone(memory);
  try {
    const raw = localStorage.getItem(STATE_KEY);
    const state = migrate(normal(raw ? JSON.parse(raw) : null));
    if (!raw || raw.indexOf('"migratedV1":true') < 0) write(state);
    return state;
  } catch (error) {
    if (error instanceof SyntaxError) return migrate(emptyState()); // unreadable: start afresh, overwrite on the next change
    storage.problem = "This browser blocks storage: your progress is kept for this visit only. Export it to keep it.";
    memory = migrate(emptyState());
    return structuredClone(memory);
  }
}

function write(state) {
  try {
    localStorage.setItem(STATE_KEY, JSON.stringify(state));
    memory = null;
    storage.problem = "";
  } catch {
    // Blocked or full: what was stored stays as it was; the rest of the visit works from memory.
    storage.problem = "Progress could not be saved (storage is blocked or full): it is kept for this visit only. Export it to keep it.";
    memory = structuredClone(state);
  }
}

/** Apply change(state) to the latest stored state and store it; returns what change returns. */
export function update(change) {
  const state = read();
  const result = change(state);
  write(state);
  return result;
}

export function rate(id, rating, where, seconds) {
  return update((state) => {
    const at = now();
    const old = Object.hasOwn(state.cards, id) ? state.cards[id] : newCard(id, where, at);
    if (!old.fsrs) state.newToday[localDay(at)] = (state.newToday[localDay(at)] || 0) + 1;
    state.cards[id] = review(old, rating, at, state.settings, seconds);
    return state.cards[id];
  });
}

export function addCards(questions) {
  return update((state) => {
    const fresh = questions.filter((q) => !Object.hasOwn(state.cards, q.id));
    for (const q of fresh) state.cards[q.id] = newCard(q.id, { url: q.url, topic: q.topic }, now());
    return fresh.length;
  });
}

export function setSettings(settings) {
  update((state) => {
    state.settings = { ...state.settings, ...settings };
    if (!state.settings.interviewDate) delete state.settings.interviewDate;
    recap(state.cards, state.settings);
  });
}

/* Redraw on another tab's change (the storage event) and when the page comes back into view. */
const listeners = new Set();
export function onChange(element, redraw) {
  listeners.add([element, redraw]);
}
function changed() {
  for (const entry of listeners) {
    if (document.contains(entry[0])) entry[1]();
    else listeners.delete(entry); // its page was replaced by instant navigation
  }
}
addEventListener("storage", (event) => event.key === STATE_KEY && !memory && changed());
addEventListener("focus", changed);
document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && changed());
