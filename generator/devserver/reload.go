package devserver

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	// clientBuffer is how many events a client may fall behind before it is
	// dropped; its browser reconnects and is told what it missed.
	clientBuffer = 8
	// writeTimeout bounds one write to a client, so a dead connection ends
	// its stream instead of holding a goroutine.
	writeTimeout = 10 * time.Second
)

// hub tells open pages, over server-sent events, what a rebuild means for
// them: reload, swap stylesheets, or show the build's problems.
//
// Events (each "event: NAME" and one "data: JSON" line):
//
//	hello   {"id":"…"}             first on every stream; a new id means a new server
//	reload  {}                     reload the page
//	css     [{"path":"/style.css"}] swap these stylesheets (URL paths with Root)
//	error   [Problem…]             show the overlay (sent on connect while failed)
//
// A comment line is sent every keepalive so proxies and browsers keep the
// stream open.
//
// ServeHTTP and clients are safe for concurrent use. publish, fail and close
// take the same mutex; they are meant to be called from one goroutine (the
// rebuild loop) and never block on a client.
type hub struct {
	id        string        // this server instance
	keepalive time.Duration // between comment lines

	mu       sync.Mutex
	conns    map[*client]struct{}
	snap     *Snapshot // last published
	failed   bool      // fail was called after the last publish
	problems []Problem
	closed   bool
}

// client is one open event stream.
type client struct {
	page   string      // decoded URL path of the page: location.pathname
	events chan []byte // formatted events; closed when the hub drops the client
}

// newHub returns a hub with no clients and no snapshot.
func newHub() *hub {
	return &hub{
		id:        rand.Text(),
		keepalive: 15 * time.Second,
		conns:     make(map[*client]struct{}),
	}
}

// ServeHTTP streams events to one page: /_ssg/events?page=PATH&v=VERSION,
// PATH being location.pathname and VERSION the data-v of the injected
// script. When VERSION is not the version of PATH's file in the last
// published snapshot, the page went stale before it connected, and the
// first event after hello is reload. While the hub is failed, the problems
// follow. The stream ends when the request's context ends, the hub drops the
// client, or the hub closes.
func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	page, err := url.PathUnescape(q.Get("page"))
	if err != nil || badPath(page) != nil {
		page = "/.invalid" // no file of a site: resolves to the 404 page
	}
	c := &client{page: page, events: make(chan []byte, clientBuffer)}

	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "the server is shutting down", http.StatusServiceUnavailable)
		return
	}
	c.events <- event("hello", map[string]string{"id": h.id})
	if v := q.Get("v"); v != "" && h.snap != nil {
		if _, f := pageFile(h.snap, page); f == nil || version(f) != v {
			c.events <- event("reload", struct{}{})
		}
	}
	if h.failed {
		c.events <- event("error", h.problems)
	}
	if r.Method == http.MethodGet {
		h.conns[c] = struct{}{}
	}
	h.mu.Unlock()
	defer h.drop(c)

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	rc := http.NewResponseController(w)
	write := func(b []byte) bool {
		rc.SetWriteDeadline(time.Now().Add(writeTimeout)) // unsupported by some writers: no deadline then
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !write([]byte("retry: 1000\n\n")) {
		return
	}
	tick := time.NewTicker(h.keepalive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case b, ok := <-c.events:
			if !ok || !write(b) {
				return
			}
		case <-tick.C:
			if !write([]byte(": keepalive\n\n")) {
				return
			}
		}
	}
}

// drop forgets c and closes its events, if the hub still has it.
// The caller holds no lock.
func (h *hub) drop(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.remove(c)
}

func (h *hub) remove(c *client) {
	if _, ok := h.conns[c]; ok {
		delete(h.conns, c)
		close(c.events)
	}
}

// send queues b for c without blocking; a client whose buffer is full is
// dropped, which ends its stream. The caller holds h.mu.
func (h *hub) send(c *client, b []byte) {
	select {
	case c.events <- b:
	default:
		h.remove(c)
	}
}

// publish makes next the published snapshot and tells each client what
// changed for its page (prev is the snapshot published before, nil for the
// first one: then nothing is sent unless the hub was failed). In order:
//   - after fail, every client reloads, which also removes the overlay;
//   - the page's file changed (hash, or appeared or vanished): css when both
//     versions have the same non-zero Look, else reload;
//   - an image, font, script or media file named in the page changed: reload;
//   - a stylesheet changed: css;
//   - else nothing.
//
// The caller swaps next in for the handler before calling publish, so that
// reloading pages get it.
func (h *hub) publish(prev, next *Snapshot) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.snap = next
	failed := h.failed
	h.failed, h.problems = false, nil
	if h.closed || len(h.conns) == 0 || !failed && prev == nil {
		return
	}
	reload := event("reload", struct{}{})
	if failed {
		for c := range h.conns {
			h.send(c, reload)
		}
		return
	}
	d := compare(prev, next)
	css := event("css", d.css)
	byPage := make(map[string][]byte) // decisions by page: many tabs show the same page
	for c := range h.conns {
		if next.pending != nil {
			if _, kind := resolve(next, c.page); kind == notFound {
				// Held back until the rebuild's end, which may add
				// the page: that tells it.
				continue
			}
		}
		b, ok := byPage[c.page]
		if !ok {
			switch d.decide(prev, next, c.page) {
			case doReload:
				b = reload
			case doCSS:
				b = css
			}
			byPage[c.page] = b
		}
		if b != nil {
			h.send(c, b)
		}
	}
}

// pages returns the output paths of the pages open streams show in s,
// each once.
func (h *hub) pages(s *Snapshot) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for c := range h.conns {
		// A page not found is not rendered early: its request waits for
		// the rebuild's end, which may add it.
		if name, kind := resolve(s, c.page); kind != notFound && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// fail records a failed build: every client, and every client that connects
// until the next publish, gets an error event with problems.
func (h *hub) fail(problems []Problem) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failed = true
	h.problems = slices.Clone(problems)
	if h.problems == nil {
		h.problems = []Problem{}
	}
	b := event("error", h.problems)
	for c := range h.conns {
		h.send(c, b)
	}
}

// close ends every stream and refuses new ones (503). Call it when the
// server shuts down (http.Server.RegisterOnShutdown): Shutdown does not
// cancel the requests of open streams.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.conns {
		h.remove(c)
	}
}

// clients returns the number of open streams.
func (h *hub) clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// event formats one server-sent event with JSON data.
func event(name string, data any) []byte {
	j, err := json.Marshal(data)
	if err != nil {
		panic(err) // only our own types are sent
	}
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", name, j)
}

// pageFile returns the output path and file a page shows in s: the file
// resolve finds (a redirect's target), or the 404 page.
func pageFile(s *Snapshot, page string) (string, *File) {
	if s == nil {
		return "", nil
	}
	name, kind := resolve(s, page)
	if kind == notFound {
		name = notFoundPage
	}
	return name, s.Files[name]
}

// stylesheet is one entry of a css event's data.
type stylesheet struct {
	Path string `json:"path"` // URL path with Root: "/blog/style.css"
}

// changes is what differs between two snapshots, apart from pages.
type changes struct {
	css    []stylesheet // changed or new stylesheets, sorted
	assets []string     // URL paths of changed, new or removed embeddable files
	// held are the new embeddable files when the older snapshot was
	// published early: a page it showed early was served them already,
	// their requests held back until now.
	held []string
}

func compare(prev, next *Snapshot) changes {
	d := changes{css: []stylesheet{}} // "[]" in JSON, never null
	df := next.diff
	if df == nil || df.from == 0 || df.from != prev.id { // not made by newSnapshot from prev: look at every file
		df = &diff{}
		for name, f := range next.Files {
			if old := prev.Files[name]; old == nil || old.Hash != f.Hash {
				df.changed = append(df.changed, name)
			}
		}
		for name := range prev.Files {
			if next.Files[name] == nil {
				df.removed = append(df.removed, name)
			}
		}
	}
	for _, name := range df.changed {
		switch {
		case strings.EqualFold(path.Ext(name), ".css"):
			d.css = append(d.css, stylesheet{siteRoot(next) + "/" + name})
		case embeddable(name) && prev.pending != nil && prev.Files[name] == nil:
			d.held = append(d.held, siteRoot(next)+"/"+name)
		case embeddable(name):
			d.assets = append(d.assets, siteRoot(next)+"/"+name)
		}
	}
	for _, name := range df.removed {
		if embeddable(name) {
			d.assets = append(d.assets, siteRoot(prev)+"/"+name)
		}
	}
	slices.SortFunc(d.css, func(a, b stylesheet) int { return strings.Compare(a.Path, b.Path) })
	return d
}

const (
	doNothing = iota
	doCSS
	doReload
)

// decide returns what a client showing page must do.
func (d changes) decide(prev, next *Snapshot, page string) int {
	pname, pf := pageFile(prev, page)
	nname, nf := pageFile(next, page)
	html := nf
	if html == nil {
		html = pf
	}
	asset := html != nil && (named(d.assets, html.Data, page) || !prev.showedEarly(pname) && named(d.held, html.Data, page))
	switch {
	case pname != nname || (pf == nil) != (nf == nil) || pf != nil && pf.Hash != nf.Hash:
		if pname == nname && pf != nil && nf != nil && pf.Look == nf.Look && pf.Look != [32]byte{} && !asset {
			return doCSS
		}
		return doReload
	case asset:
		return doReload
	case len(d.css) > 0:
		return doCSS
	}
	return doNothing
}

// named reports whether the HTML of page names one of assets: by URL
// path, escaped or not, or by file name when the asset sits in the page's
// folder. A false match costs one needless reload.
func named(assets []string, html []byte, page string) bool {
	dir := page[:strings.LastIndexByte(page, '/')+1]
	for _, p := range assets {
		if bytes.Contains(html, []byte(p)) {
			return true
		}
		if e := (&url.URL{Path: p}).EscapedPath(); e != p && bytes.Contains(html, []byte(e)) {
			return true
		}
		if rel, ok := strings.CutPrefix(p, dir); ok && dir != "" && !strings.Contains(rel, "/") && bytes.Contains(html, []byte(rel)) {
			return true
		}
	}
	return false
}
