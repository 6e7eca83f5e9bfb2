/*
 * The search behind Material's search box: a web worker that answers Material's messages
 * (SETUP 0, READY 1, QUERY 2, RESULT 3) with an index split into small files instead of lunr's.
 *
 * It is started only when a reader opens search (overrides/partials/search-worker.html), and then
 * fetches the index's meta.json that overrides/hooks/search.py had scripts/search-index.mjs write;
 * each query fetches only the files of its words and the text of the results it shows, and keeps
 * them for the next. Each question is one document; its heading weighs most, then its one-line
 * answer, then the answer, tables and code (MiniSearch's scores, computed at build time). A query
 * loses its filler words ("what is a"), gains the site's terms for what the reader typed
 * (includes/search-synonyms.yml), matches the last word as a prefix and long words despite a typo,
 * and ranks answers that hold more of its words first, above all in their heading. Results keep
 * Material's format, one group per page run, so Material draws, highlights (?h=, only the words
 * that matched) and opens them.
 */
import { WORD, runTogether, shardOf, termsOf, tokenize } from "./search-terms.mjs";

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

// MiniSearch's weights of a prefix and a typo match against a match of the word as written.
const WEIGHTS = { prefix: 0.5, fuzzy: 0.3 };
const SCALE = 1000;  // scripts/search-index.mjs keeps scores in thousandths

// Compound words run together ("myheadless" for my-headless): matched, never highlighted.
const RUN_TOGETHER = new Set();

let metaUrl = null;
let synonyms = {};
const shardIndex = new Map();
const stored = new Map();  // term -> [id difference, score, ...] as in its file
const decoded = new Map();  // term -> Map(document number -> score; negative: in the heading)
const shardTerms = new Map();  // shard key -> its terms
const pending = new Map();   // file name -> Promise of its content

/* A file of the index, fetched once; a failed fetch (offline, not yet cached) is tried again by
   the next query. */
function file(name) {
  if (!pending.has(name)) {
    const promise = fetch(new URL(name, metaUrl)).then((response) => {
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      return response.json();
    });
    promise.catch(() => pending.delete(name));
    pending.set(name, promise);
  }
  return pending.get(name);
}

async function load() {
  metaUrl = new URL(config.index, new URL("../../", self.location.href));
  const meta = await file(metaUrl.pathname.split("/").pop());
  synonyms = meta.synonyms;
  meta.shards.forEach((keys, i) => keys.forEach((key) => shardIndex.set(key, i)));
}

async function loadShard(key) {
  if (shardTerms.has(key)) return;
  const i = shardIndex.get(key);
  const data = i === undefined ? { terms: {}, joined: [] } : (await file(`t${i}.json`))[key];
  if (shardTerms.has(key)) return;
  for (const [term, flat] of Object.entries(data.terms)) stored.set(term, flat);
  data.joined.forEach((term) => RUN_TOGETHER.add(term));
  shardTerms.set(key, Object.keys(data.terms));
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
      own.map(runTogether).filter(Boolean).forEach((joined) => RUN_TOGETHER.add(joined));
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

/* "cnis" for "cni", "service" for "services". */
const otherNumber = (word) => (word.endsWith("s") ? word.slice(0, -1) : `${word}s`);
/* The documents that hold `term`, decoded when a query first needs them. */
const NONE = new Map();
function postings(term) {
  if (!stored.has(term)) return NONE;
  if (!decoded.has(term)) {
    const docs = new Map();
    const flat = stored.get(term);
    for (let n = 0, id = 0; n < flat.length; n += 2) docs.set(id += flat[n], flat[n + 1]);
    decoded.set(term, docs);
  }
  return decoded.get(term);
}
const inHeading = (term, doc) => postings(term).get(doc) < 0;
/* The query's groups (their numbers) that a heading holds, `has` telling its terms: every term of one
   of a group's alternatives, as written, in either number ("cni" for "CNIs"), not as a prefix. */
const heldGroups = (groups, has) => groups.flatMap(({ alternatives }, n) =>
  alternatives.some((words) => words.every((term) => has(term) || has(otherNumber(term)))) ? [n] : []);

/* Index terms within a typo of `term`: Levenshtein distance at most `max` (MiniSearch's rule). */
function typos(term, max) {
  const found = [];
  for (const word of vocabulary) {
    if (Math.abs(word.length - term.length) > max) continue;
    let row = Array.from({ length: word.length + 1 }, (_, j) => j);
    for (let i = 1; i <= term.length && Math.min(...row) <= max; i++) {
      const next = [i];
      for (let j = 1; j <= word.length; j++) {
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (term[i - 1] === word[j - 1] ? 0 : 1));
      }
      row = next;
    }
    if (row[word.length] <= max && word !== term) found.push([word, row[word.length]]);
  }
  return found;
}

/* The documents that hold `term` (and, for a prefix, the terms it starts; for a typo, the terms
   within one), each with MiniSearch's score for them: a match as written weighs 1, a longer term it
   starts less, a typo match least. */
function matches(term, { prefix, fuzzy }) {
  const results = new Map();
  const add = (derived, weight) => {
    for (const [doc, score] of postings(derived)) {
      const value = weight * Math.abs(score) / SCALE;
      const result = results.get(doc);
      if (result) {
        result.score += value;
        result.match[derived] = true;
      } else {
        results.set(doc, { score: value, terms: [term], match: { [derived]: true } });
      }
    }
  };
  add(term, 1);
  const longer = prefix ? (shardTerms.get(shardOf(term)) || []).filter((t) => t.startsWith(term) && t !== term) : [];
  for (const t of longer) add(t, WEIGHTS.prefix * t.length / (t.length + 0.3 * (t.length - term.length)));
  for (const [t, distance] of fuzzy || []) {
    if (!longer.includes(t)) add(t, WEIGHTS.fuzzy * t.length / (t.length + distance));
  }
  return results;
}

const addUnique = (terms, more) => more.forEach((t) => terms.includes(t) || terms.push(t));
// How MiniSearch combines the documents of two parts of a query.
function either(a, b) {
  for (const [doc, result] of b) {
    const existing = a.get(doc);
    if (!existing) {
      a.set(doc, result);
    } else {
      existing.score += result.score;
      addUnique(existing.terms, result.terms);
      Object.assign(existing.match, result.match);
    }
  }
  return a;
}
function both(a, b) {
  const combined = new Map();
  for (const [doc, result] of b) {
    const existing = a.get(doc);
    if (!existing) continue;
    addUnique(existing.terms, result.terms);
    combined.set(doc, { score: existing.score + result.score, terms: existing.terms, match: Object.assign(existing.match, result.match) });
  }
  return combined;
}
const combine = (parts, how) => (parts.length ? parts.reduce(how) : new Map());

let vocabulary = null;
async function search(query, isNewest = () => true) {
  const groups = parse(query);
  if (!groups.length) return { items: [] };
  const terms = [...new Set(groups.flatMap(({ alternatives }) => alternatives.flat()))];
  // The files of the reader's words, and of their other number (for the heading).
  await Promise.all([...new Set(terms.flatMap((t) => [shardOf(t), shardOf(otherNumber(t))]))].map(loadShard));
  // A word the index holds is taken as written: a typo match of another word ("application" for
  // "amplification") must not outrank the answers that hold the word itself.
  const fuzzy = new Map();
  // The last word while it is being typed ("clust") is a prefix of the words meant: not a typo.
  const typing = new Set(groups.filter(({ last }) => last).flatMap(({ alternatives }) => alternatives.flat())
    .filter((t) => (shardTerms.get(shardOf(t)) || []).some((word) => word.startsWith(t))));
  const misspelt = terms.filter((t) => t.length >= 5 && !/\d/.test(t) && !stored.has(t) && !typing.has(t));
  if (misspelt.length) {
    vocabulary ??= await file("words.json");
    for (const term of misspelt) fuzzy.set(term, typos(term, Math.min(6, Math.round(term.length * 0.25))));
    await Promise.all([...new Set([...fuzzy.values()].flat().map(([t]) => shardOf(t)))].map(loadShard));
  }
  const termGroup = new Map();
  groups.forEach(({ alternatives }, n) => alternatives.flat().forEach((term) => termGroup.set(term, n)));
  const found = combine(groups.map(({ alternatives, last }) => combine(alternatives.map((words) =>
    combine(words.map((term) => matches(term, {
      prefix: (last && term.length >= 2) || term.length >= 4,
      fuzzy: fuzzy.get(term),
    })), both)), either)), either);
  const ranked = [...found].map(([doc, { score, terms: queryTerms, match }]) => {
    // The heading names what an answer is about: one whose heading holds the reader's words is the
    // answer to the question, not an answer that mentions them (up to three times the score).
    // Words as written, in either number ("cni" for "CNIs"), not as a prefix ("ip" for "ip-masq-agent").
    const headed = heldGroups(groups, (term) => inHeading(term, doc));
    const covered = new Set([...headed, ...queryTerms.map((term) => termGroup.get(term)).filter((n) => n !== undefined)]);
    const coverage = covered.size / groups.length;
    const headingCoverage = headed.length / groups.length;
    // score * queryTerms.length: MiniSearch's final score, which favours documents matching more words
    const headingWeight = 1 + 2 * headingCoverage;
    return { doc, terms: Object.keys(match), score: score * queryTerms.length * coverage ** 2 * headingWeight, covered, headingWeight };
  }).sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, 30);  // ties: in the order of the site
  if (!isNewest()) return null;  // the reader typed on: fetch no text for results not drawn
  const results = await shown(ranked);
  for (const result of results) result.score *= wording(query, groups, result);
  results.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return { items: grouped(results, groups) };
}

/* How well one way of asking the question, its heading or one of its phrasings
   (includes/search-asked-as.yml), matches the reader's: the first ranking counted a word found in
   any of them as in the heading, and with ten phrasings a question held most words somewhere; here
   one way of asking must hold the reader's words (up to three times the score, as there) and, filler
   words included, the reader's wording (up to twice): "what does kube-proxy do" is not "how do you
   check kube-proxy's mode". Pasted text that the answer holds as written counts half as much again. */
function wording(query, groups, result) {
  const words = [...query.matchAll(WORD)].map(([w]) => w.toLowerCase());
  const ways = [result.title, ...(result.asked || [])].map((way) => ({
    terms: new Set(tokenize(way)),
    words: new Set([...(way || "").toLowerCase().matchAll(WORD)].map(([w]) => w)),
  }));
  const heading = Math.max(...ways.map(({ terms }) => heldGroups(groups, (term) => terms.has(term)).length / groups.length));
  const wordingShare = Math.max(...ways.map((way) =>
    words.filter((w) => way.words.has(w) || way.words.has(otherNumber(w))).length / Math.max(1, words.length)));
  const pasted = query.toLowerCase().replace(/\s+/g, " ").trim();
  const asWritten = pasted.length >= 6 && (result.text || "").toLowerCase().replace(/\s+/g, " ").includes(pasted);
  return ((1 + 2 * heading) / result.headingWeight) * (1 + wordingShare ** 2) * (asWritten ? 1.5 : 1);
}

/* The results with what is shown of them (location, heading, one-line answer, answer, page title)
   and the other ways the question is asked. */
function shown(ranked) {
  return Promise.all(ranked.map(async (result) => {
    const [location, title, lead, text, page, asked] = await file(`d${result.doc}.json`);
    return { ...result, location, title, lead, text, page, asked };
  }));
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

let config = null;
let loading = null;
/* meta.json, fetched once; if that failed (offline before search was ever cached), the next query
   tries again. */
function ready() {
  loading ??= load(config).catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

let latest = 0;  // the reader's newest query: answers to older ones are not drawn
addEventListener("message", async ({ data: message }) => {
  switch (message.type) {
    case 0: // SETUP: Material's configuration, with the index's meta.json (overrides/hooks/search.py)
      config = message.data.config;
      await ready().catch(() => {});  // READY either way: a query retries
      postMessage({ type: 1 });
      break;
    case 2: { // QUERY
      const query = ++latest;
      let data = { items: [] };
      try {
        await ready();
        if (message.data.trim()) data = await search(message.data, () => query === latest);
      } catch (error) {  // a file could not be fetched (offline before search was cached): no results
        console.warn("search:", error);
      }
      if (query === latest) postMessage({ type: 3, data });
      break;
    }
    default:
      break;
  }
});
