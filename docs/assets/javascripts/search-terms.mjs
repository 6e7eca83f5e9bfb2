/*
 * The words of the search: how text becomes the terms it is indexed and searched under, and which
 * index file holds a term. One module for both halves, so they can never disagree:
 * scripts/search-index.mjs indexes the site with it at build time, and the search worker
 * (search-worker.js, the same module bundled in) splits the reader's words with it.
 * (.mjs: Node loads it as a module without a package.json "type".)
 */

// A word: letters and digits, joined by . - : / ' _ (kube-proxy, resolv.conf, 10.96.0.10, ndots:5).
export const WORD = /[\p{L}\p{N}]+(?:[.\-:/'_][\p{L}\p{N}]+)*/gu;
const SEPARATORS = /[.\-:/'_]+|(?<=[a-z0-9])(?=[A-Z])/;

/* The terms a word is indexed and searched under: the whole word, and for compound words
   (kube-proxy, externalTrafficPolicy) also its parts and the parts run together, and the camel-case
   words inside a dotted one (ingressClassName in spec.ingressClassName). */
export function termsOf(word) {
  const whole = word.toLowerCase().replace(/'s$/, "");
  if (/^[\d.:/]+$/.test(whole)) return [whole];
  const parts = partsOf(word);
  if (parts.length < 2) return [...new Set([whole, ...parts])];  // ndots:5 is also ndots
  const camel = word.split(/[.\-:/'_]+/).filter((segment) => /[a-z0-9][A-Z]/.test(segment)).map((segment) => segment.toLowerCase());
  return [...new Set([whole, parts.join(""), ...camel, ...parts])];
}

/* The parts of a compound word run together ("myheadless" for my-headless), when that is not the
   word as written: matched, but never highlighted on the page (no such word there). */
export function runTogether(word) {
  const whole = word.toLowerCase().replace(/'s$/, "");
  const parts = /^[\d.:/]+$/.test(whole) ? [] : partsOf(word);
  const joined = parts.join("");
  return parts.length >= 2 && joined !== whole ? joined : null;
}

function partsOf(word) {
  return word.replace(/'s$/, "").split(SEPARATORS).map((p) => p.toLowerCase()).filter((p) => p.length > 1);
}

export function tokenize(text) {
  return [...(text || "").matchAll(WORD)].flatMap(([word]) => termsOf(word));
}

/* The index is split into files by a term's first two characters, so a query fetches only the
   files of its words; every term that starts with a word of two or more characters (a prefix
   match) is in that word's file. */
export const shardOf = (term) => term.slice(0, 2);

// Searched fields, and how much a match in each weighs: the heading (the question) most, then the
// other ways people ask it (includes/search-asked-as.yml), its one-line answer, then the answer,
// tables and code.
export const FIELDS = ["title", "asked", "lead", "text", "code", "page"];
export const BOOST = { title: 8, asked: 4, lead: 3, text: 1, code: 1.5, page: 1 };
// A page or a section heading that is not a question weighs less than a question's answer.
export const NOT_A_QUESTION = 0.4;
