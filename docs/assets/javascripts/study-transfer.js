/*
 * Study tools: moving progress between browsers. A file is checked before anything changes: its size,
 * format and version, and every card field by field. Only known fields of the expected type are kept,
 * so a file crafted to be huge, deeply nested, or to carry `__proto__` keys or markup is refused with a
 * reason, shown as text, and the stored state is untouched.
 */
export const MAX_BYTES = 2 * 1024 * 1024; // a full deck with long logs is under 1 MiB
const ID = /^[a-z0-9][a-z0-9_-]{0,150}$/i; // a question's heading id
const PATH = /^[a-z0-9/_#.-]{0,300}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isDate = (v) => typeof v === "string" && v.length <= 40 && !isNaN(Date.parse(v));
const isNumber = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0;

function cleanFsrs(f) {
  if (f === null) return null;
  const numbers = ["stability", "difficulty", "elapsed_days", "scheduled_days", "reps", "lapses", "learning_steps", "state"];
  if (!isObject(f) || !isDate(f.due) || !numbers.every((k) => f[k] === undefined || isNumber(f[k]))
      || (f.last_review != null && !isDate(f.last_review))) return undefined;
  const clean = { due: f.due };
  for (const key of numbers) if (f[key] !== undefined) clean[key] = f[key];
  if (f.last_review != null) clean.last_review = f.last_review;
  return clean;
}

function cleanLog(log) {
  if (!Array.isArray(log) || log.length > 1000) return undefined;
  const clean = log.slice(-50).map((r) => isObject(r) && isDate(r.at) && [1, 2, 3, 4].includes(r.rating)
    && (r.seconds === undefined || isNumber(r.seconds)) ? { at: r.at, rating: r.rating, ...(r.seconds !== undefined && { seconds: r.seconds }) } : null);
  return clean.includes(null) ? undefined : clean;
}

function cleanCard(c, id) {
  if (!ID.test(id) || id in Object.prototype || !isObject(c) || c.id !== id) return undefined;
  const fsrs = cleanFsrs(c.fsrs);
  const log = cleanLog(c.log ?? []);
  if (fsrs === undefined || log === undefined) return undefined;
  for (const key of ["url", "topic"]) if (c[key] !== undefined && !(typeof c[key] === "string" && PATH.test(c[key]))) return undefined;
  for (const key of ["added", "reviewed"]) if (c[key] !== undefined && !isDate(c[key])) return undefined;
  const card = { id, fsrs, log };
  for (const key of ["url", "topic", "added", "reviewed"]) if (c[key] !== undefined) card[key] = c[key];
  return card;
}

const refuse = (why) => {
  throw new Error(`${why} Nothing was changed.`);
};

/** The file's cards and settings, cleaned, or an Error saying why it cannot be imported. */
export function checkImport(text, { FORMAT, VERSION }) {
  if (text.length > MAX_BYTES) refuse(`This file is too large to be study progress (over ${MAX_BYTES / 1048576} MiB).`);
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    refuse("This file is not JSON, so it cannot be study progress.");
  }
  if (!isObject(file) || file.format !== FORMAT) refuse(`This is not a study-progress file from this guide (expected format "${FORMAT}").`);
  if (!Number.isInteger(file.version) || file.version < 1) refuse("This file has no version this page can read.");
  if (file.version > VERSION) refuse(`This file was written by a newer version of the guide (version ${file.version}; this page reads up to ${VERSION}).`);
  const shape = "This file says it is study progress, but its cards are not in the expected shape.";
  if (!isObject(file.cards) || Object.keys(file.cards).length > 5000) refuse(shape);
  const cards = {};
  for (const [id, c] of Object.entries(file.cards)) {
    const card = cleanCard(c, id);
    if (!card) refuse(shape);
    cards[id] = card;
  }
  const settings = {};
  const s = isObject(file.settings) ? file.settings : {};
  if (Number.isInteger(s.newPerDay) && s.newPerDay >= 0 && s.newPerDay <= 500) settings.newPerDay = s.newPerDay;
  if (typeof s.interviewDate === "string" && DAY.test(s.interviewDate)) settings.interviewDate = s.interviewDate;
  return { cards, settings };
}

/** For each card of the file: add it, update mine with its later review, or keep mine. */
export function mergePlan(state, file) {
  return Object.entries(file.cards).map(([id, incoming]) => {
    const mine = Object.hasOwn(state.cards, id) ? state.cards[id] : null;
    const later = !mine || (incoming.reviewed || "") > (mine.reviewed || "");
    return { id, action: !mine ? "add" : later ? "update" : "keep", card: incoming };
  });
}
