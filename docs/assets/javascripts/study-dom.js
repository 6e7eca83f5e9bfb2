/* Study tools: the small DOM and time helpers both study modules use (study-tools.js, study-pages.js). */

/** The time the tools see: Date.now(), so tests can move it with Playwright's page.clock. */
export const now = () => new Date(Date.now());

/** The reader's calendar day, "YYYY-MM-DD" in their time zone (new-card limits, the interview date). */
export const localDay = (date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

/** Midnight at the start of a local day `n` days after `date`'s. */
export const dayStart = (date, n = 0) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + n);

export const site = { root: "/" }; // the site's root URL, given by the loader

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (value !== false && value != null) el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...children.flat().filter((c) => c != null && c !== false)); // strings become text, never markup
  return el;
}

export const btn = (label, onclick, extra = {}) => h("button", { type: "button", class: "md-button", onclick, ...extra }, label);

export const link = (path, text) => h("a", { href: new URL(path, site.root).href }, text);

export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function when(date) {
  const ms = date - now();
  const days = Math.round(ms / 86400000);
  if (ms < 3600000) return `in ${Math.max(1, Math.round(ms / 60000))} min`;
  if (days < 1) return `in ${Math.round(ms / 3600000)} h`;
  return `in ${plural(days, "day")} (${localDay(date)})`;
}

/** The storage warning, if any, at the end of container. */
export function storageNote(container, problem) {
  let note = container.querySelector(".study-storage");
  if (!problem) return note?.remove();
  note ??= container.appendChild(h("p", { class: "study-storage", role: "alert" }));
  note.textContent = problem;
}
