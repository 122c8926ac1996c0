// search.js: the search page of the ssg default theme. It loads the site's
// search index (/search.json, written by ssg build) once, then filters it
// as the reader types. Plain JavaScript with no dependencies and no build
// step; every other page of the theme works without JavaScript.
//
// A query matches a review when each of its words begins a word of the
// review's film (title and year), people (directors, cast, author) or
// title, ignoring case, accents and punctuation. Film matches rank first,
// then people, then titles; newer reviews first within a rank.
(function () {
  "use strict";

  var LIMIT = 50; // results shown
  var DELAY = 50; // ms of quiet typing before a search

  // Letters that NFD does not take apart, folded as a reader types them.
  var folds = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  var foldable = /[øæœßłđðþı]/g;
  var marks = /\p{M}+/gu;
  var apostrophes = /['’‘`ʼ]/g;
  var hasApostrophe = /['’‘`ʼ]/;
  var separators = /[^\p{L}\p{N}]+/gu;
  var ascii = /^[\x00-\x7f]*$/;
  var asciiApostrophes = /['`]/g;
  var asciiSeparators = /[^a-z0-9]+/g;

  // normalize lowercases s, strips accents and apostrophes, and leaves
  // its words separated by single spaces.
  function normalize(s) {
    if (ascii.test(s)) { // most text: a faster path to the same result
      return s.toLowerCase().replace(asciiApostrophes, "").replace(asciiSeparators, " ").trim();
    }
    return s.normalize("NFD").replace(marks, "").toLowerCase()
      .replace(foldable, function (c) { return folds[c]; })
      .replace(apostrophes, "").replace(separators, " ").trim();
  }

  // words splits a query into its normalized words.
  function words(q) {
    var n = normalize(q);
    return n ? n.split(" ") : [];
  }

  // text is s normalized for the index: words that an apostrophe joins
  // are kept both joined and apart, so that "schindlers" and "avventura"
  // find "Schindler's List" and "L'Avventura".
  function text(s) {
    var n = normalize(s);
    if (hasApostrophe.test(s)) {
      n += " " + normalize(s.replace(apostrophes, " "));
    }
    return n;
  }

  // prepare turns a decoded index into searchable items, once. Each
  // review gets one string, " film words people words title words", and
  // the ends of its film and people parts: a word prefix is then a single
  // indexOf of " " + prefix, and where it first occurs is its best rank.
  function prepare(index) {
    if (!index || index.v !== 1) {
      throw new Error("unknown search index format");
    }
    var people = index.p.map(text);
    var films = index.f.map(function (f) {
      var names = f[3].concat(f[4]).map(function (i) { return people[i]; }).join(" ");
      return {
        title: f[0], year: f[1], link: f[2],
        text: " " + text(f[0]) + (f[1] ? " " + f[1] : ""),
        people: names ? " " + names : ""
      };
    });
    var none = { title: "", year: 0, link: "", text: "", people: "" };
    var items = index.r.map(function (r) {
      var film = films[r[0]] || none;
      var who = r[3] >= 0 ? film.people + " " + people[r[3]] : film.people;
      var filmEnd = film.text.length;
      return { review: r, film: film, all: film.text + who + " " + text(r[1]), filmEnd: filmEnd, peopleEnd: filmEnd + who.length };
    });
    return { index: index, films: films, items: items };
  }

  // search returns the items matching query, best first (at most limit),
  // and how many match in all.
  function search(db, query, limit) {
    var ws = words(query);
    if (!ws.length) {
      return { items: [], total: 0 };
    }
    var keys = ws.map(function (w) { return " " + w; });
    var nk = keys.length;
    var items = db.items;
    var ranks = []; // by score: film matches 0, people 1, titles 2, per word
    var total = 0;
    for (var i = 0; i < items.length; i++) {
      var it = items[i];
      var all = it.all;
      var score = 0;
      for (var k = 0; k < nk; k++) {
        var at = all.indexOf(keys[k]);
        if (at < 0) {
          score = -1;
          break;
        }
        score += at < it.filmEnd ? 0 : at < it.peopleEnd ? 1 : 2;
      }
      if (score < 0) {
        continue;
      }
      total++;
      var rank = ranks[score] || (ranks[score] = []);
      if (rank.length < limit) {
        rank.push(it);
      }
    }
    var out = [];
    for (var s = 0; s < ranks.length && out.length < limit; s++) {
      if (ranks[s]) {
        out = out.concat(ranks[s].slice(0, limit - out.length));
      }
    }
    return { items: out, total: total };
  }

  // links resolves an item's review and film URLs under root.
  function links(db, it, root) {
    var ix = db.index;
    var film = it.film.link;
    var filmURL = !film ? "" : film.charAt(0) === "/" ? root + film : root + ix.fb + film + "/";
    var l = it.review[2];
    var reviewURL = l.charAt(0) === "/" ? root + l
      : l.charAt(0) === "~" ? root + ix.rb + film + l.slice(1) + "/"
        : root + ix.rb + l + "/";
    return { film: filmURL, review: reviewURL };
  }

  var api = { normalize: normalize, words: words, prepare: prepare, search: search, links: links, LIMIT: LIMIT };
  if (typeof module === "object" && module.exports) {
    module.exports = api; // for bench/search-bench.js under Node
  }
  if (typeof document === "undefined") {
    return;
  }

  var box = document.getElementById("search");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!box || !input || !status || !list || !window.fetch) {
    return;
  }
  var root = box.getAttribute("data-root") || "";
  var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var db = null;
  var failed = false;
  var timer = 0;
  var shown = null; // the normalized query on screen

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text) {
      e.textContent = text;
    }
    return e;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  // human writes 2024-05-01 as "1 May 2024", as the theme does.
  function human(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return m ? +m[3] + " " + months[+m[2] - 1] + " " + m[1] : iso;
  }

  function result(it) {
    var r = it.review;
    var to = links(db, it, root);
    var li = el("li", "search-result");
    var film = el("p", "card-film");
    film.appendChild(to.film ? link(to.film, it.film.title) : document.createTextNode(it.film.title));
    if (it.film.year) {
      film.appendChild(document.createTextNode(" "));
      film.appendChild(el("span", "year", "(" + it.film.year + ")"));
    }
    li.appendChild(film);
    var title = el("h2", "search-result-title");
    title.appendChild(link(to.review, r[1]));
    li.appendChild(title);
    var by = el("p", "byline");
    var g = db.index.g[r[5]];
    if (g) {
      var stars = el("span", "search-stars", g[1] || g[0]);
      stars.setAttribute("role", "img");
      stars.setAttribute("aria-label", g[2]);
      by.appendChild(stars);
    } else {
      by.appendChild(el("span", "stars-none", "Not rated"));
    }
    if (r[3] >= 0) {
      by.appendChild(document.createTextNode(" · "));
      by.appendChild(el("span", "author", db.index.p[r[3]]));
    }
    by.appendChild(document.createTextNode(" · "));
    var time = el("time", "", human(r[4]));
    time.setAttribute("datetime", r[4]);
    by.appendChild(time);
    li.appendChild(by);
    return li;
  }

  // keep puts the query in the address, so that results can be linked.
  function keep(q) {
    var url = new URL(window.location.href);
    if (q) {
      url.searchParams.set("q", q);
    } else {
      url.searchParams.delete("q");
    }
    if (url.href !== window.location.href) {
      window.history.replaceState(window.history.state, "", url.href);
    }
  }

  function run() {
    clearTimeout(timer);
    var q = input.value;
    keep(q.trim());
    if (failed) {
      return;
    }
    var key = words(q).join(" ");
    if (!db) {
      status.textContent = key ? "Loading the index…" : "";
      return;
    }
    if (key === shown) {
      return;
    }
    shown = key;
    var found = search(db, q, LIMIT);
    var frag = document.createDocumentFragment();
    found.items.forEach(function (it) { frag.appendChild(result(it)); });
    list.replaceChildren(frag);
    box.classList.toggle("has-results", found.items.length > 0);
    if (!key) {
      status.textContent = "";
    } else if (!found.total) {
      status.textContent = "No review matches “" + q.trim() + "”.";
    } else {
      var n = found.total.toLocaleString("en");
      status.textContent = (found.total === 1 ? "1 review matches" : n + " reviews match") + " “" + q.trim() + "”" +
        (found.total > found.items.length ? "; the first " + found.items.length + " are shown." : ".");
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(run, DELAY);
  }

  // Arrow keys move between the input and the results' titles; Escape
  // goes back to the input.
  function titles() {
    return Array.prototype.slice.call(list.querySelectorAll(".search-result-title a"));
  }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      var first = titles()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener("keydown", function (e) {
    var all = titles();
    var at = all.indexOf(document.activeElement);
    if (e.key === "Escape") {
      e.preventDefault();
      input.focus();
    } else if (at >= 0 && e.key === "ArrowDown" && at + 1 < all.length) {
      e.preventDefault();
      all[at + 1].focus();
    } else if (at >= 0 && e.key === "ArrowUp") {
      e.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    }
  });
  input.addEventListener("input", later);
  input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    run();
  });

  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
  }
  run();
  fetch(box.getAttribute("data-index") || root + "/search.json")
    .then(function (res) {
      if (!res.ok) {
        throw new Error("HTTP " + res.status);
      }
      return res.json();
    })
    .then(function (index) {
      db = prepare(index);
      shown = null;
      box.classList.add("is-ready");
      run();
    })
    .catch(function (err) {
      failed = true;
      status.textContent = "The search index could not be loaded (" + err.message + "). Reload the page to try again.";
    });
})();
