// Live reload for `ssg serve`. The server injects this script into the HTML it
// serves (never into public/) and talks to it over server-sent events from
// /_ssg/events: hello, reload, css, error. See reload.go.
(() => {
  "use strict";
  if (window.__ssgReload) return;
  window.__ssgReload = true;

  const script = document.currentScript;
  const version = (script && script.dataset.v) || "";
  let server = null; // id from the first hello

  const events = new EventSource(
    "/_ssg/events?page=" + encodeURIComponent(location.pathname) +
      (version ? "&v=" + encodeURIComponent(version) : ""));

  events.addEventListener("hello", (e) => {
    const id = JSON.parse(e.data).id;
    if (server !== null && id !== server) {
      location.reload(); // the server restarted: the page may be stale
      return;
    }
    server = id;
    // A (re)connected stream starts clean; a failed server sends error next.
    hideOverlay();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", (e) => {
    swapStylesheets(JSON.parse(e.data)).catch(() => location.reload());
  });
  // EventSource fires its own "error" (a plain Event, no data) when the
  // connection drops; it reconnects by itself. Ours is a MessageEvent.
  events.addEventListener("error", (e) => {
    if (e instanceof MessageEvent) showOverlay(JSON.parse(e.data));
  });

  // swapStylesheets fetches this page again and gives each stylesheet link
  // the href of the new page's link in the same place, without a flash: the
  // new link goes in beside the old one, which leaves once the new one loads.
  async function swapStylesheets(changed) {
    const paths = new Set(changed.map((c) => c.path));
    const res = await fetch(location.href, { cache: "no-store" });
    if (!res.ok) throw new Error(res.status);
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const sel = 'link[rel~="stylesheet" i]';
    const olds = [...document.querySelectorAll(sel)];
    const news = [...doc.querySelectorAll(sel)];
    if (olds.length !== news.length) {
      location.reload();
      return;
    }
    const pairs = olds.map((old, i) => {
      const href = news[i].getAttribute("href") || "";
      const url = new URL(href, location.href);
      return {
        old, fresh: news[i], href, url,
        moved: href !== (old.dataset.ssgHref ?? old.getAttribute("href")),
        same: url.origin === location.origin,
      };
    });
    // A changed stylesheet no link names is @imported: refresh them all.
    const named = pairs.some((p) => p.moved || (p.same && paths.has(p.url.pathname)));
    for (const p of pairs) {
      if (p.moved) {
        swap(p.old, p.fresh, p.href, p.href);
      } else if (p.same && (paths.has(p.url.pathname) || (!named && paths.size > 0))) {
        // Same URL: make the browser fetch it again.
        p.url.searchParams.set("_ssg", Date.now().toString(36));
        swap(p.old, p.fresh, p.url.pathname + p.url.search, p.href);
      }
    }
  }

  function swap(old, fresh, href, original) {
    const link = document.importNode(fresh, true);
    link.setAttribute("href", href);
    link.dataset.ssgHref = original;
    const done = () => old.remove();
    link.addEventListener("load", done, { once: true });
    link.addEventListener("error", done, { once: true });
    old.after(link);
  }

  // The overlay's style is an adopted sheet, so that the shadow root's
  // textContent is only what it says.
  const overlayStyle = new CSSStyleSheet();
  overlayStyle.replaceSync(`
    :host { all: initial; position: fixed; inset: 0; z-index: 2147483647;
      display: flex; align-items: flex-start; justify-content: center;
      padding: 5vh 1rem; box-sizing: border-box; overflow: auto;
      background: rgba(0, 0, 0, 0.55); color-scheme: light dark; }
    .panel { position: relative; max-width: 60rem; width: 100%; box-sizing: border-box;
      padding: 1.25rem 1.5rem; border-radius: 6px; border-top: 6px solid #d33;
      background: #fff; color: #1a1a1a; box-shadow: 0 8px 32px rgba(0,0,0,.4);
      font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    h1 { margin: 0 0 0.75rem; font-size: 1.25rem; font-weight: bold; line-height: 1.3; color: #c00; }
    ul { margin: 0; padding: 0; list-style: none; }
    li { margin: 0.5rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .where { font-weight: bold; }
    button { position: absolute; top: 0.5rem; right: 0.75rem; font: inherit;
      font-size: 1.25rem; line-height: 1; background: none; border: 0;
      color: inherit; cursor: pointer; }
    @media (prefers-color-scheme: dark) {
      .panel { background: #1e1e1e; color: #eee; }
      h1 { color: #ff6b6b; }
    }
  `);

  class Overlay extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: "open" }).adoptedStyleSheets = [overlayStyle];
    }
    show(problems) {
      const root = this.shadowRoot;
      root.replaceChildren();
      const panel = document.createElement("div");
      panel.className = "panel";
      panel.setAttribute("role", "alertdialog");
      panel.setAttribute("aria-labelledby", "title");
      const close = document.createElement("button");
      close.textContent = "\u00d7";
      close.title = "Hide until the next build";
      close.setAttribute("aria-label", "Close");
      close.addEventListener("click", () => this.remove());
      const h1 = document.createElement("h1");
      h1.id = "title";
      h1.textContent = "Build failed";
      const list = document.createElement("ul");
      for (const p of problems) {
        const li = document.createElement("li");
        li.className = "problem";
        const where = p.file ? (p.line ? p.file + ":" + p.line : p.file) : "";
        if (where) {
          const span = document.createElement("span");
          span.className = "where";
          span.textContent = where;
          li.append(span, ": ");
        }
        li.append(p.message);
        list.append(li);
      }
      panel.append(h1, list, close);
      root.append(panel);
    }
  }
  if (!customElements.get("ssg-error-overlay")) {
    customElements.define("ssg-error-overlay", Overlay);
  }

  function showOverlay(problems) {
    let el = document.getElementById("ssg-error-overlay");
    if (!el) {
      el = document.createElement("ssg-error-overlay");
      el.id = "ssg-error-overlay";
      document.documentElement.append(el);
    }
    el.show(problems);
  }

  function hideOverlay() {
    const el = document.getElementById("ssg-error-overlay");
    if (el) el.remove();
  }
})();
