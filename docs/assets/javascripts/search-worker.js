/*
 * The search behind Material's search box: a web worker that answers Material's messages
 * (SETUP 0, READY 1, QUERY 2, RESULT 3) with MiniSearch (npm) instead of lunr.
 *
 * It is started only when a reader opens search (overrides/partials/search-worker.html), and then
 * fetches the index that overrides/hooks/search.py wrote (search/index.<hash>.json). Each question
 * is one document; its heading weighs most, then its one-line answer, then the answer, tables and
 * code. A query loses its filler words ("what is a"), gains the site's terms for what the reader
 * typed (includes/search-synonyms.yml), matches the last word as a prefix and long words despite a
 * typo, and ranks answers that hold more of its words first, above all in their heading. Results
 * keep Material's format, one group per page run, so Material draws, highlights (?h=, only the
 * words that matched) and opens them.
 */
import MiniSearch from "minisearch";

// Words that carry no meaning in a question; they are never searched for or highlighted.
const STOP_WORDS = new Set(`a about above after again all also am an and any are as at be because been
  before being between both but by can could did difference differences different do does doing done
  each explain for from get gets got had has have having he her here how i if in into is it its itself
  just me mean means meant more most my no nor not of off on once one only or other our out over own
  same she should so some such than that the their them then there these they this those through to
  too under until up use used uses using very vs versus was way ways we were what when where
  which while who whom why will with would you your tell describe happens happen happening work works
  working really actually need needs exactly what's where's how's it's that's there's i'm i've
  i'd let's don't doesn't isn't aren't can't cannot won't`.split(/\s+/).filter((w) => !["all", "no", "not", "up", "out", "off", "over", "under"].includes(w)));

// A word: letters and digits, joined by . - : / ' _ (kube-proxy, resolv.conf, 10.96.0.10, ndots:5).
const WORD = /[\p{L}\p{N}]+(?:[.\-:/'_][\p{L}\p{N}]+)*/gu;
const SEPARATORS = /[.\-:/'_]+|(?<=[a-z0-9])(?=[A-Z])/;
// Parts run together ("myheadless" for my-headless): matched, but never highlighted (no such word).
const RUN_TOGETHER = new Set();

/* The terms a word is indexed and searched under: the whole word, and for compound words
   (kube-proxy, externalTrafficPolicy) also its parts and the parts run together, and the camel-case
   words inside a dotted one (ingressClassName in spec.ingressClassName). */
function termsOf(word) {
  const whole = word.toLowerCase().replace(/'s$/, "");
  if (/^[\d.:/]+$/.test(whole)) return [whole];
  const parts = word.replace(/'s$/, "").split(SEPARATORS).map((p) => p.toLowerCase()).filter((p) => p.length > 1);
  if (parts.length < 2) return [...new Set([whole, ...parts])];  // ndots:5 is also ndots
  const joined = parts.join("");
  if (joined !== whole) RUN_TOGETHER.add(joined);
  const camel = word.split(/[.\-:/'_]+/).filter((segment) => /[a-z0-9][A-Z]/.test(segment)).map((segment) => segment.toLowerCase());
  return [...new Set([whole, joined, ...camel, ...parts])];
}

function tokenize(text) {
  return [...(text || "").matchAll(WORD)].flatMap(([word]) => termsOf(word));
}

const FIELDS = ["title", "lead", "text", "code", "page"];
const BOOST = { title: 8, lead: 3, text: 1, code: 1.5, page: 1 };
let engine = null;
let synonyms = {};
let loading = null;

async function load(config) {
  const url = new URL(config.index, new URL("../../", self.location.href));
  const index = await (await fetch(url)).json();
  synonyms = index.synonyms;
  known.clear();
  engine = new MiniSearch({
    fields: FIELDS, storeFields: ["location", "title", "lead", "text", "page", "question"], idField: "location",
    tokenize, processTerm: (term) => term,
    searchOptions: { tokenize: (term) => [term], processTerm: (term) => term },
  });
  engine.addAll(index.docs);
}

/* The query as groups of alternatives: each group is one word (or a phrase the synonym list knows)
   of the reader's, with the site's terms for it. */
function parse(query) {
  const words = [...query.matchAll(WORD)].map(([w]) => w);
  const lower = words.map((w) => w.toLowerCase());
  const groups = [];
  for (let i = 0; i < words.length;) {
    let length = Math.min(6, words.length - i);
    for (; length > 1 && !synonyms[lower.slice(i, i + length).join(" ")]; length--);
    const phrase = lower.slice(i, i + length).join(" ");
    const meaningful = length > 1 || (!STOP_WORDS.has(phrase) && phrase.length > 1) || synonyms[phrase];
    if (meaningful) {
      const own = words.slice(i, i + length).filter((w, n) => length === 1 || !STOP_WORDS.has(lower[i + n]));
      const alternatives = [own.flatMap(termsOf), ...(synonyms[phrase] || []).map((s) => tokenize(s))];
      groups.push({ alternatives, last: i + length === words.length });
    }
    i += length;
  }
  if (!groups.length && words.length) {  // only filler words: search for them after all
    groups.push({ alternatives: [words.flatMap(termsOf)], last: true });
  }
  return groups;
}

const known = new Map();  // term -> whether some answer holds it exactly
function indexed(term) {
  if (!known.has(term)) known.set(term, engine.search(term, { prefix: false, fuzzy: false }).length > 0);
  return known.get(term);
}

/* "cnis" for "cni", "service" for "services". */
const otherNumber = (word) => (word.endsWith("s") ? word.slice(0, -1) : `${word}s`);
const headings = new Map();  // location -> the terms of its heading
function headingTerms(result) {
  if (!headings.has(result.id)) headings.set(result.id, new Set(tokenize(result.title)));
  return headings.get(result.id);
}

function search(query) {
  const groups = parse(query);
  if (!groups.length) return { items: [] };
  const subqueries = groups.map(({ alternatives, last }) => ({
    combineWith: "OR",
    queries: alternatives.map((terms) => ({
      combineWith: "AND",
      queries: terms,
      prefix: (term) => (last && term.length >= 2) || term.length >= 4,
      // A word the index holds is taken as written: a fuzzy match of another word ("application"
      // for "amplification") must not outrank the answers that hold the word itself.
      fuzzy: (term) => (term.length >= 5 && !/\d/.test(term) && !indexed(term) ? 0.25 : false),
    })),
  }));
  const termGroup = new Map();
  groups.forEach(({ alternatives }, n) => alternatives.flat().forEach((term) => termGroup.set(term, n)));
  const results = engine.search({ combineWith: "OR", queries: subqueries }, {
    boost: BOOST,
    weights: { prefix: 0.5, fuzzy: 0.3 },
    boostDocument: (id, term, stored) => (stored?.question ? 1 : 0.4),
  });
  const ranked = results.map((result) => {
    // The heading names what an answer is about: one whose heading holds the reader's words is the
    // answer to the question, not an answer that mentions them (up to three times the score).
    // Words as written, in either number ("cni" for "CNIs"), not as a prefix ("ip" for "ip-masq-agent").
    const heading = headingTerms(result);
    const inHeading = groups.flatMap(({ alternatives }, n) =>
      alternatives.some((terms) => terms.every((term) => heading.has(term) || heading.has(otherNumber(term)))) ? [n] : []);
    const covered = new Set([...inHeading, ...result.queryTerms.map((term) => termGroup.get(term)).filter((n) => n !== undefined)]);
    const coverage = covered.size / groups.length;
    const headingCoverage = inHeading.length / groups.length;
    return { ...result, score: result.score * coverage ** 2 * (1 + 2 * headingCoverage), covered };
  }).sort((a, b) => b.score - a.score).slice(0, 30);
  return { items: grouped(ranked, groups) };
}

const ESCAPE = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escape = (text) => text.replace(/[&<>"]/g, (c) => ESCAPE[c]);

/* The words to highlight on the opened page (Material's ?h=): the document's words that matched,
   never filler words or single letters; and the reader's words that matched nothing (shown struck
   through, as Material does). */
function termsFor(result, groups) {
  const terms = {};
  for (const term of result.terms) {
    if (term.length > 1 && !STOP_WORDS.has(term) && !RUN_TOGETHER.has(term)) terms[term] = true;
  }
  groups.forEach(({ alternatives }, n) => {
    if (!result.covered.has(n)) terms[alternatives[0].join(" ")] = false;
  });
  return terms;
}

/* What is shown under a result: the one-line answer, or, when the match is further down, the
   sentence around the first match. */
function excerpt(result, terms) {
  const lead = result.lead || "";
  const words = Object.keys(terms).filter((t) => terms[t]);
  const lower = (result.text || "").toLowerCase();
  if (!words.length || words.some((w) => lead.toLowerCase().includes(w))) return lead;
  const found = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0);
  if (!found.length) return lead;
  const start = Math.max(0, result.text.lastIndexOf(" ", Math.max(0, Math.min(...found) - 80)));
  return `${start > 0 ? "… " : ""}${result.text.slice(start, start + 240).trim()} …`;
}

function teaser(lead, terms) {
  const marked = Object.keys(terms).filter((t) => terms[t]).sort((a, b) => b.length - a.length);
  if (!marked.length) return escape(lead);
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(${marked.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "giu");
  return escape(lead).replace(pattern, "$1<mark>$2</mark>");
}

/* Material's result format: a list of groups, each a page entry followed by its sections. Results
   from the same page that follow each other share a group, so the order stays the order of score. */
function grouped(ranked, groups) {
  const items = [];
  for (const result of ranked) {
    const page = result.location.split("#")[0];
    const terms = termsFor(result, groups);
    const section = { location: result.location, title: escape(result.title), text: teaser(excerpt(result, terms), terms), score: result.score, terms };
    const last = items[items.length - 1];
    if (result.location.includes("#") && last && last[0].location === page) {
      last.push(section);
      last[0].score = Math.min(last[0].score, result.score * 0.999);
    } else if (result.location.includes("#")) {
      items.push([{ location: page, title: escape(result.page || ""), text: "", score: result.score * 0.999, terms }, section]);
    } else {
      items.push([section]);
    }
  }
  return items;
}

addEventListener("message", async ({ data: message }) => {
  switch (message.type) {
    case 0: // SETUP: Material's configuration, with the index file's path (overrides/hooks/search.py)
      loading = load(message.data.config);
      await loading;
      postMessage({ type: 1 });
      break;
    case 2: // QUERY
      await loading;
      postMessage({ type: 3, data: message.data.trim() ? search(message.data) : { items: [] } });
      break;
    default:
      break;
  }
});
