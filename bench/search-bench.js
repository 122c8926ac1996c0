#!/usr/bin/env node
// Times the theme's search (templates/static/search.js, the code the
// browser runs) on a built site's index: loading and preparing it once,
// then 100 queries a reader might type, from one letter to three words.
// Prints the index size and the query times. Usage:
//
//	go run ./cmd/gencorpus -n 10000 -out /tmp/c10k && go run ./cmd/ssg build --src /tmp/c10k
//	node bench/search-bench.js /tmp/c10k/public/search.json
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const search = require(path.join(__dirname, "..", "templates", "static", "search.js"));

const file = process.argv[2];
if (!file) {
  console.error("usage: node bench/search-bench.js SITE/public/search.json");
  process.exit(2);
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

const raw = fs.readFileSync(file);
let t0 = process.hrtime.bigint();
const index = JSON.parse(raw.toString("utf8"));
const parse = ms(t0);
t0 = process.hrtime.bigint();
const db = search.prepare(index);
const prepare = ms(t0);

// queries: the same 100 for the same index, from a small LCG.
let seed = 1;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const wordsOf = (s) => search.normalize(s).split(" ").filter(Boolean);
const pick = (list) => list[rand(list.length)];
const prefix = (w) => w.slice(0, Math.max(1, Math.min(w.length, 2 + rand(5))));
const queries = ["a", "t", "the", "s"];
while (queries.length < 100) {
  const film = pick(index.f);
  const person = index.p[pick(film[3].concat(film[4]).concat([0]))];
  const review = pick(index.r);
  switch (rand(6)) {
    case 0: // a film title as typed so far
      queries.push(film[0].slice(0, 1 + rand(film[0].length)));
      break;
    case 1: // a person's last name
      queries.push(wordsOf(person).pop());
      break;
    case 2: // a film word and a person's name prefix
      queries.push(pick(wordsOf(film[0])) + " " + prefix(pick(wordsOf(person))));
      break;
    case 3: // two words of a review title
      queries.push(wordsOf(review[1]).slice(0, 2).join(" "));
      break;
    case 4: // a film and its year
      queries.push(film[0] + " " + film[1]);
      break;
    default: // a word prefix
      queries.push(prefix(pick(wordsOf(film[0]))));
  }
}

function run() {
  const times = [];
  let matched = 0;
  for (const q of queries) {
    const t = process.hrtime.bigint();
    const res = search.search(db, q, search.LIMIT);
    times.push(ms(t));
    matched += res.total;
  }
  return { times, matched };
}

const first = run(); // a page's first queries run before the JIT warms up
const warm = run();
const stats = (times) => {
  const s = times.slice().sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `median ${at(0.5).toFixed(2)} ms, p90 ${at(0.9).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms, mean ${mean.toFixed(2)} ms`;
};

console.log(`# node ${process.version}, ${require("os").cpus()[0].model}, ${require("os").cpus().length} cores`);
console.log(`index: ${index.r.length} reviews, ${index.f.length} films, ${index.p.length} people`);
console.log(`size: ${raw.length} bytes raw, ${zlib.gzipSync(raw, { level: 9 }).length} gzip -9`);
console.log(`load: JSON.parse ${parse.toFixed(1)} ms, prepare ${prepare.toFixed(1)} ms`);
console.log(`100 queries, first run: ${stats(first.times)}`);
console.log(`100 queries, warm:      ${stats(warm.times)} (${Math.round(warm.matched / queries.length)} matches a query on average)`);
