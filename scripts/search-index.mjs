// Build-time half of search: the index, split so that a query fetches only what it needs.
//
//     node scripts/search-index.mjs <entries.json> <site/search>     (run by overrides/hooks/search.py)
//
// entries.json: {"docs": [{location, page, title, lead, text, code, asked (a list), question}], "synonyms": {...}}.
// Writes search/<hash>/ (the hash of the content, so a host may cache it for good) and prints one
// JSON line for the hook: {"folder": "<hash>", "files": n, "bytes": n}. In the folder:
//
//   meta.json    {"shards": [[first two characters of a term, ...] in t0.json, in t1.json, ...],
//                "synonyms": {...}}
//   t<i>.json    {first two characters: {"terms": {term: [id, score, id, score, ...]},
//                "joined": [compound words run together]}}; an id is the difference from the
//                previous one; a negative score: the term is in the heading (the question)
//   d<id>.json   what is shown of document id: [location, title, lead, text, page], and asked
//                (the list of other ways of asking it) for ranking by the reader's wording
//   words.json   every term, for typo matches
//
// Scores are MiniSearch's own (npm minisearch, BM25 over the fields with their boosts), computed
// here once per term for the whole site, so the browser needs no per-document statistics: a term's
// score in a document is what MiniSearch gives that document for the term alone.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import MiniSearch from "minisearch";
import { BOOST, FIELDS, NOT_A_QUESTION, WORD, runTogether, shardOf, tokenize } from "../docs/assets/javascripts/search-terms.mjs";

const FILE_SIZE = 8000;
const SCALE = 1000;  // scores are kept as integers in thousandths

const [entriesPath, searchFolder] = process.argv.slice(2);
const { docs, synonyms } = JSON.parse(readFileSync(entriesPath, "utf8"));

// A field's text; a list (the other ways of asking) is its items, one per line.
const fieldText = (doc, field) => [doc[field] ?? ""].flat().join("\n");
const engine = new MiniSearch({ fields: FIELDS, idField: "id", tokenize, processTerm: (term) => term, extractField: fieldText });
engine.addAll(docs.map((doc, id) => ({ ...doc, id })));

const joined = new Set();
const allTerms = new Set();
for (const doc of docs) {
  for (const field of FIELDS) {
    for (const [word] of fieldText(doc, field).matchAll(WORD)) {
      const run = runTogether(word);
      if (run) joined.add(run);
    }
    for (const term of tokenize(fieldText(doc, field))) allTerms.add(term);
  }
}
const words = [...allTerms].sort();

const shards = new Map();  // first characters -> {terms, joined}
for (const term of words) {
  const postings = engine.search(term, {
    prefix: false, fuzzy: false, boost: BOOST, tokenize: (t) => [t], processTerm: (t) => t,
    boostDocument: (id) => (docs[id].question ? 1 : NOT_A_QUESTION),
  }).sort((a, b) => a.id - b.id);
  const flat = [];
  let previous = 0;
  for (const { id, score, match } of postings) {
    // The other ways people ask the question (search-asked-as.yml) count as its heading.
    const inHeading = match[term]?.includes("title") || match[term]?.includes("asked");
    flat.push(id - previous, Math.max(1, Math.round(score * SCALE)) * (inHeading ? -1 : 1));
    previous = id;
  }
  const key = shardOf(term);
  if (!shards.has(key)) shards.set(key, { terms: {}, joined: [] });
  shards.get(key).terms[term] = flat;
}
for (const term of joined) shards.get(shardOf(term))?.joined.push(term);

// Terms are packed into files of about FILE_SIZE characters, whole shards each, so a query fetches
// a few small files and a rare first two characters cost no file of their own.
const files = new Map();
const packs = [];
let size = Infinity;
for (const key of [...shards.keys()].sort()) {
  const length = JSON.stringify(shards.get(key)).length;
  if (size + length > FILE_SIZE) {
    packs.push([]);
    size = 0;
  }
  packs[packs.length - 1].push(key);
  size += length;
}
files.set("meta.json", { shards: packs, synonyms });
packs.forEach((keys, i) => files.set(`t${i}.json`, Object.fromEntries(keys.map((key) => [key, shards.get(key)]))));
docs.forEach((d, id) => files.set(`d${id}.json`, [d.location, d.title, d.lead, d.text, d.page, d.asked]));
files.set("words.json", words);

const encoded = new Map([...files].map(([name, value]) => [name, JSON.stringify(value)]));
const hash = createHash("sha256");
for (const [name, text] of encoded) hash.update(`${name}\0${text}\0`);
const folder = hash.digest("hex").slice(0, 8);
const out = join(searchFolder, folder);
if (!existsSync(out)) mkdirSync(out, { recursive: true });
let bytes = 0;
for (const [name, text] of encoded) {
  writeFileSync(join(out, name), text);
  bytes += Buffer.byteLength(text);
}
console.log(JSON.stringify({ folder, files: encoded.size, bytes }));
