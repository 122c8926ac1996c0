package devserver

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"ssg/generator"
	"ssg/generator/output"
)

// addClient registers a client as ServeHTTP would, without a stream, so a
// test can read what the hub queues for it.
func addClient(h *hub, page string) *client {
	c := &client{page: page, events: make(chan []byte, clientBuffer)}
	h.mu.Lock()
	h.conns[c] = struct{}{}
	h.mu.Unlock()
	return c
}

// queued returns the events queued for c, as "name data" strings.
func queued(c *client) []string {
	var out []string
	for {
		select {
		case b, ok := <-c.events:
			if !ok {
				return append(out, "closed")
			}
			out = append(out, parseEvent(string(b)))
		default:
			return out
		}
	}
}

// parseEvent turns "event: NAME\ndata: DATA\n\n" into "NAME DATA".
func parseEvent(s string) string {
	var name, data string
	for line := range strings.SplitSeq(s, "\n") {
		if v, ok := strings.CutPrefix(line, "event: "); ok {
			name = v
		} else if v, ok := strings.CutPrefix(line, "data: "); ok {
			data = v
		}
	}
	return name + " " + data
}

func reviewSite() map[string]*File {
	return map[string]*File{
		"index.html": page(`<html><head><link rel=stylesheet href=/style.css></head><body><img src=/img/logo.png></body></html>`, "home"),
		"reviews/x/index.html": page(`<html><head><link rel=stylesheet href="/style.css">`+
			`<link rel=alternate type=application/rss+xml href="/index.xml"></head>`+
			`<body><img src="/img/x.png"><img src="poster.jpg"><img src="/img/my%20pic.png"></body></html>`, "x"),
		"reviews/x/poster.jpg": file("poster"),
		"img/x.png":            file("x"),
		"img/my pic.png":       file("pic"),
		"img/other.png":        file("other"),
		"img/logo.png":         file("logo"),
		"style.css":            file("body{}"),
		"index.xml":            file("<rss/>"),
		"404.html":             page("<html><body>not found</body></html>", "404"),
	}
}

func TestPublishDecisions(t *testing.T) {
	const x = "/reviews/x/"
	tests := []struct {
		name string
		page string
		edit func(map[string]*File)
		want string // "" for no event
	}{
		{"unchanged", x, func(map[string]*File) {}, ""},
		{"other page changed", x, func(f map[string]*File) {
			f["index.html"] = page("<html>new home</html>", "home2")
		}, ""},
		{"page changed", x, func(f map[string]*File) {
			f["reviews/x/index.html"] = page("<html>new x</html>", "x2")
		}, "reload {}"},
		{"page changed, zero Look", x, func(f map[string]*File) {
			f["reviews/x/index.html"] = file("<html>new x</html>")
		}, "reload {}"},
		{"page changed, same Look", x, func(f map[string]*File) {
			f["reviews/x/index.html"] = page(`<link rel=stylesheet href="/style.v2.css">`, "x")
			f["style.v2.css"] = file("body{color:red}")
		}, `css [{"path":"/style.v2.css"}]`},
		{"page changed, same Look, no stylesheet changed", x, func(f map[string]*File) {
			f["reviews/x/index.html"] = page(`<link rel=stylesheet href="/other.css">`, "x")
		}, `css []`},
		{"page changed, same Look, image changed", x, func(f map[string]*File) {
			f["reviews/x/index.html"] = page(`<link rel=stylesheet href="/style.v2.css"><img src="/img/x.png">`, "x")
			f["img/x.png"] = file("x2")
		}, "reload {}"},
		{"stylesheet changed", x, func(f map[string]*File) {
			f["style.css"] = file("body{color:red}")
		}, `css [{"path":"/style.css"}]`},
		{"stylesheets added and changed", x, func(f map[string]*File) {
			f["style.css"] = file("body{color:red}")
			f["b/new.css"] = file("p{}")
		}, `css [{"path":"/b/new.css"},{"path":"/style.css"}]`},
		{"referenced image changed", x, func(f map[string]*File) {
			f["img/x.png"] = file("x2")
		}, "reload {}"},
		{"referenced image removed", x, func(f map[string]*File) {
			delete(f, "img/x.png")
		}, "reload {}"},
		{"image in the page's folder changed", x, func(f map[string]*File) {
			f["reviews/x/poster.jpg"] = file("poster2")
		}, "reload {}"},
		{"image referenced escaped changed", x, func(f map[string]*File) {
			f["img/my pic.png"] = file("pic2")
		}, "reload {}"},
		{"unreferenced image changed", x, func(f map[string]*File) {
			f["img/other.png"] = file("other2")
		}, ""},
		{"unreferenced image added", x, func(f map[string]*File) {
			f["img/new.png"] = file("new")
		}, ""},
		{"linked feed changed", x, func(f map[string]*File) {
			f["index.xml"] = file("<rss>new</rss>")
		}, ""},
		{"image and stylesheet changed", x, func(f map[string]*File) {
			f["img/x.png"] = file("x2")
			f["style.css"] = file("body{color:red}")
		}, "reload {}"},
		{"page removed", x, func(f map[string]*File) {
			delete(f, "reviews/x/index.html")
		}, "reload {}"},
		{"missing page appears", "/reviews/y/", func(f map[string]*File) {
			f["reviews/y/index.html"] = page("<html>y</html>", "y")
		}, "reload {}"},
		{"missing page stays missing", "/reviews/y/", func(f map[string]*File) {
			f["reviews/x/index.html"] = page("<html>new x</html>", "x2")
		}, ""},
		{"404 page changed", "/reviews/y/", func(f map[string]*File) {
			f["404.html"] = page("<html><body>gone</body></html>", "404b")
		}, "reload {}"},
		{"folder page without slash", "/reviews/x", func(f map[string]*File) {
			f["reviews/x/index.html"] = page("<html>new x</html>", "x2")
		}, "reload {}"},
		{"bad page path", "/../x", func(f map[string]*File) {
			f["404.html"] = page("<html><body>gone</body></html>", "404b")
		}, "reload {}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := snapshot("", reviewSite())
			files := maps.Clone(prev.Files)
			tt.edit(files)
			next := snapshot("", files)
			h := newHub()
			h.publish(nil, prev)
			c := addClient(h, tt.page)
			h.publish(prev, next)
			got := queued(c)
			var want []string
			if tt.want != "" {
				want = []string{tt.want}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("events %q, want %q", got, want)
			}
		})
	}
}

func TestPublishUnderRoot(t *testing.T) {
	files := map[string]*File{
		"index.html": page(`<link rel=stylesheet href=/blog/style.css><img src="https://example.com/blog/img/a.png">`, "home"),
		"style.css":  file("a"),
		"img/a.png":  file("a"),
	}
	prev := snapshot("/blog", files)
	tests := []struct {
		name, file, want string
	}{
		{"stylesheet", "style.css", `css [{"path":"/blog/style.css"}]`},
		{"image by absolute URL", "img/a.png", "reload {}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := snapshot("/blog", maps.Clone(files))
			next.Files[tt.file] = file("b")
			h := newHub()
			c := addClient(h, "/blog/")
			h.publish(prev, next)
			if got := queued(c); len(got) != 1 || got[0] != tt.want {
				t.Errorf("events %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPublishFirstSnapshot(t *testing.T) {
	h := newHub()
	c := addClient(h, "/")
	h.publish(nil, snapshot("", reviewSite()))
	if got := queued(c); len(got) != 0 {
		t.Errorf("events %q, want none", got)
	}
}

func TestFailThenPublish(t *testing.T) {
	s := snapshot("", reviewSite())
	h := newHub()
	h.publish(nil, s)
	clients := []*client{addClient(h, "/"), addClient(h, "/reviews/x/"), addClient(h, "/nope/")}
	problems := []Problem{
		{File: "content/reviews/x.md", Line: 4, Message: `rating "11/10": above its scale`},
		{File: "templates/base.html", Message: "unexpected EOF"},
	}
	h.fail(problems)
	wantErr := `error [{"file":"content/reviews/x.md","line":4,"message":"rating \"11/10\": above its scale"},` +
		`{"file":"templates/base.html","message":"unexpected EOF"}]`
	for _, c := range clients {
		if got := queued(c); len(got) != 1 || got[0] != wantErr {
			t.Errorf("%s: events %q, want %q", c.page, got, wantErr)
		}
	}
	// The fix gives back the same site: every page still reloads, to drop
	// its overlay.
	same := snapshot("", maps.Clone(s.Files))
	h.publish(s, same)
	for _, c := range clients {
		if got := queued(c); len(got) != 1 || got[0] != "reload {}" {
			t.Errorf("%s: events %q, want reload", c.page, got)
		}
	}
	// No longer failed: the next unchanged build says nothing.
	h.publish(same, snapshot("", maps.Clone(s.Files)))
	for _, c := range clients {
		if got := queued(c); len(got) != 0 {
			t.Errorf("%s: events %q, want none", c.page, got)
		}
	}
}

func TestFailWithoutProblems(t *testing.T) {
	h := newHub()
	c := addClient(h, "/")
	h.fail(nil)
	if got := queued(c); len(got) != 1 || got[0] != "error []" {
		t.Errorf("events %q", got)
	}
}

func TestSlowClientDropped(t *testing.T) {
	site := reviewSite()
	h := newHub()
	slow := addClient(h, "/")
	prev := snapshot("", site)
	for i := range 3 * clientBuffer {
		// Each publish changes the page, so each queues a reload.
		files := maps.Clone(site)
		files["index.html"] = page(fmt.Sprint("<html>", i), "")
		next := snapshot("", files)
		fast := addClient(h, "/")
		h.publish(prev, next)
		if got := queued(fast); len(got) != 1 {
			t.Fatalf("publish %d: fast client got %q", i, got)
		}
		h.drop(fast)
		prev = next
	}
	if n := h.clients(); n != 0 {
		t.Errorf("%d clients, want the slow one dropped", n)
	}
	got := queued(slow)
	if len(got) != clientBuffer+1 || got[len(got)-1] != "closed" {
		t.Errorf("slow client got %d events (%q), want %d then closed", len(got), got, clientBuffer)
	}
}

func TestClose(t *testing.T) {
	h := newHub()
	c := addClient(h, "/")
	h.close()
	if got := queued(c); len(got) != 1 || got[0] != "closed" {
		t.Errorf("events %q, want closed", got)
	}
	if n := h.clients(); n != 0 {
		t.Errorf("%d clients after close", n)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/_ssg/events?page=/", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d after close, want 503", w.Code)
	}
	h.publish(nil, snapshot("", reviewSite())) // must not panic
	h.fail(nil)
}

// streamRecorder is a ResponseWriter whose body may be read while a handler
// still writes it.
type streamRecorder struct {
	mu     sync.Mutex
	header http.Header
	code   int
	body   bytes.Buffer
}

func (s *streamRecorder) Header() http.Header { return s.header }
func (s *streamRecorder) WriteHeader(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.code = code
}
func (s *streamRecorder) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.body.Write(b)
}
func (s *streamRecorder) Flush() {}

// take returns what was written since the last take.
func (s *streamRecorder) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.body.String()
	s.body.Reset()
	return out
}

// TestEventStream runs one stream in a synctest bubble: the initial events,
// keepalives on the fake clock, events from publish and fail, and the end of
// the stream with its request.
func TestEventStream(t *testing.T) {
	site := reviewSite()
	s0 := snapshot("", site)
	fresh := version(site["reviews/x/index.html"])
	tests := []struct {
		name   string
		query  string
		failed bool
		want   string
	}{
		{"fresh page", "page=%2Freviews%2Fx%2F&v=" + fresh, false, ""},
		{"no version", "page=%2Freviews%2Fx%2F", false, ""},
		{"stale page", "page=%2Freviews%2Fx%2F&v=0123", false, "event: reload\ndata: {}\n\n"},
		{"missing page, fresh 404", "page=%2Fnope%2F&v=" + version(site["404.html"]), false, ""},
		{"failed", "page=%2F", true, "event: error\ndata: [{\"message\":\"broken\"}]\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHub()
				h.publish(nil, s0)
				if tt.failed {
					h.fail([]Problem{{Message: "broken"}})
				}
				ctx, cancel := context.WithCancel(t.Context())
				w := &streamRecorder{header: http.Header{}}
				r := httptest.NewRequest("GET", "/_ssg/events?"+tt.query, nil).WithContext(ctx)
				done := make(chan struct{})
				go func() {
					h.ServeHTTP(w, r)
					close(done)
				}()
				synctest.Wait()
				if w.code != 200 || w.header.Get("Content-Type") != "text/event-stream" {
					t.Fatalf("status %d, Content-Type %q", w.code, w.header.Get("Content-Type"))
				}
				want := "retry: 1000\n\nevent: hello\ndata: {\"id\":\"" + h.id + "\"}\n\n" + tt.want
				if got := w.take(); got != want {
					t.Errorf("first events %q, want %q", got, want)
				}
				if h.clients() != 1 {
					t.Errorf("%d clients, want 1", h.clients())
				}

				time.Sleep(h.keepalive)
				synctest.Wait()
				if got := w.take(); got != ": keepalive\n\n" {
					t.Errorf("after %v: %q, want a keepalive", h.keepalive, got)
				}

				h.fail([]Problem{{File: "a.md", Line: 1, Message: "m"}})
				synctest.Wait()
				if got := w.take(); got != "event: error\ndata: [{\"file\":\"a.md\",\"line\":1,\"message\":\"m\"}]\n\n" {
					t.Errorf("after fail: %q", got)
				}

				cancel()
				synctest.Wait()
				select {
				case <-done:
				default:
					t.Fatal("stream still open after its request ended")
				}
				if h.clients() != 0 {
					t.Errorf("%d clients after the request ended", h.clients())
				}
			})
		})
	}
}

// sse reads server-sent events.
type sse struct{ r *bufio.Reader }

// next returns the next event's name and data, skipping comments and retry.
func (s *sse) next() (name, data string, err error) {
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return "", "", err
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if name != "" || data != "" {
				return name, data, nil
			}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event:"):
			name = strings.TrimSpace(line[len("event:"):])
		case strings.HasPrefix(line, "data:"):
			data += strings.TrimPrefix(line[len("data:"):], " ")
		}
	}
}

// TestServerSentEvents reads real streams over HTTP, through the handler.
func TestServerSentEvents(t *testing.T) {
	site := reviewSite()
	var cur atomic.Pointer[Snapshot]
	cur.Store(snapshot("", site))
	h := newHub()
	h.publish(nil, cur.Load())
	srv := httptest.NewServer(nil)
	srv.Config.Handler = newHandler(cur.Load, h, hostChecker(srv.Listener.Addr().String()))
	srv.Config.RegisterOnShutdown(h.close)
	defer srv.Close()
	client := &http.Client{Timeout: 10 * time.Second}

	open := func(page string) (*sse, func()) {
		t.Helper()
		v := version(cur.Load().Files[strings.TrimPrefix(page, "/")+"index.html"])
		resp, err := client.Get(srv.URL + "/_ssg/events?page=" + page + "&v=" + v)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		s := &sse{bufio.NewReader(resp.Body)}
		if name, data, err := s.next(); err != nil || name != "hello" || !strings.Contains(data, h.id) {
			t.Fatalf("first event %q %q %v, want hello", name, data, err)
		}
		return s, func() { resp.Body.Close() }
	}
	expect := func(s *sse, wantName, wantData string) {
		t.Helper()
		name, data, err := s.next()
		if err != nil || name != wantName || data != wantData {
			t.Errorf("event %q %q %v, want %q %q", name, data, err, wantName, wantData)
		}
	}

	x, closeX := open("/reviews/x/")
	defer closeX()
	home, closeHome := open("/")
	defer closeHome()
	if n := h.clients(); n != 2 {
		t.Fatalf("%d clients, want 2", n)
	}

	// The review changes: its tab reloads; the home page's does not, and
	// gets the stylesheet change that follows as its next event.
	prev := cur.Load()
	files := maps.Clone(prev.Files)
	files["reviews/x/index.html"] = page("<html><body>new</body></html>", "x2")
	next := snapshot("", files)
	cur.Store(next)
	h.publish(prev, next)
	expect(x, "reload", "{}")

	prev, files = next, maps.Clone(next.Files)
	files["style.css"] = file("body{color:red}")
	next = snapshot("", files)
	cur.Store(next)
	h.publish(prev, next)
	expect(home, "css", `[{"path":"/style.css"}]`)
	expect(x, "css", `[{"path":"/style.css"}]`)

	h.fail([]Problem{{File: "content/reviews/x.md", Line: 4, Message: "bad"}})
	expect(x, "error", `[{"file":"content/reviews/x.md","line":4,"message":"bad"}]`)
	expect(home, "error", `[{"file":"content/reviews/x.md","line":4,"message":"bad"}]`)
	late, closeLate := open("/")
	defer closeLate()
	expect(late, "error", `[{"file":"content/reviews/x.md","line":4,"message":"bad"}]`)

	h.publish(next, next)
	for _, s := range []*sse{x, home, late} {
		expect(s, "reload", "{}")
	}

	h.close()
	for _, s := range []*sse{x, home, late} {
		if name, _, err := s.next(); err == nil {
			t.Errorf("event %q after close, want the end of the stream", name)
		}
	}
}

// TestConcurrentClients checks, under -race, many streams opening while
// builds are published, then all getting the same events.
func TestConcurrentClients(t *testing.T) {
	s := snapshot("", reviewSite())
	h := newHub()
	h.publish(nil, s)
	srv := httptest.NewServer(newHandler(func() *Snapshot { return s }, h, func(string) bool { return true }))
	defer srv.Close()
	const n = 20
	var ready, done sync.WaitGroup
	ready.Add(n)
	for i := range n {
		done.Go(func() {
			resp, err := http.Get(srv.URL + "/_ssg/events?page=" + []string{"/", "/reviews/x/"}[i%2])
			if err != nil {
				ready.Done()
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			st := &sse{bufio.NewReader(resp.Body)}
			var got []string
			for {
				name, _, err := st.next()
				if err != nil {
					t.Error(err)
					return
				}
				got = append(got, name)
				if name == "hello" {
					ready.Done()
				}
				if name == "reload" {
					break
				}
			}
			if fmt.Sprint(got) != "[hello error reload]" {
				t.Errorf("events %q", got)
			}
		})
	}
	for range 50 { // builds that change nothing, while streams open
		h.publish(s, s)
	}
	ready.Wait()
	h.fail([]Problem{{Message: "m"}})
	h.publish(s, s)
	done.Wait()
	h.close()
}

// TestEarlyThenEndReloadsOnce publishes what a rebuild that showed the
// pages in view early publishes (its early snapshot, then its result)
// and counts the events a page gets from both. A page reloaded early was
// served from the early snapshot: the files that snapshot lacks (a new
// poster, the page itself when the rebuild adds it) were held back until
// the result, so it already shows them; only a file it served as it was
// before the rebuild asks for a second reload.
func TestEarlyThenEndReloadsOnce(t *testing.T) {
	const x = "reviews/x/index.html"
	tests := []struct {
		name   string
		page   string
		early  map[string]string // path → new HTML, handed out early
		result func(map[string]*File)
		want   []string
	}{
		{"a new poster named by the page in view", "/reviews/x/",
			map[string]string{x: `<html><body>X<img src="/posters/new.jpg"></body></html>`},
			func(f map[string]*File) { f["posters/new.jpg"] = file("new poster") },
			[]string{"reload {}"}},
		{"the page in view is added: a 404 page that changed", "/reviews/new/",
			map[string]string{"404.html": "<html><body>Not here, again</body></html>"},
			func(f map[string]*File) { f["reviews/new/index.html"] = page("<html><body>New</body></html>", "new") },
			[]string{"reload {}"}},
		{"an image the page in view names, changed in place", "/reviews/x/",
			map[string]string{x: `<html><body>X, edited<img src="/img/x.png"></body></html>`},
			func(f map[string]*File) { f["img/x.png"] = file("x2") },
			[]string{"reload {}", "reload {}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := snapshot("", reviewSite())
			prev.id = snapshots.Add(1)
			e := generator.Early{Looks: map[string][32]byte{}}
			for p, html := range tt.early {
				e.Files = append(e.Files, output.File{Path: p, Data: []byte(html)})
				e.Looks[p] = sha256.Sum256([]byte(html))
			}
			h := newHub()
			c := addClient(h, tt.page)
			h.publish(nil, prev)
			shown := early(prev, e)
			if shown == nil {
				t.Fatal("early showed nothing")
			}
			h.publish(prev, shown)
			final := snapshot("", maps.Clone(shown.Files))
			tt.result(final.Files)
			h.publish(shown, final)
			if got := queued(c); !slices.Equal(got, tt.want) {
				t.Errorf("events %q, want %q", got, tt.want)
			}
		})
	}
}

// TestConnectDuringEarly checks the version a page's stream connects with
// while a rebuild that showed the pages in view early still renders the
// others: a page shown early reloads when the browser has the old one, a
// page held back does not until the rebuild's end changes it.
func TestConnectDuringEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		prev := snapshot("", reviewSite())
		prev.id = snapshots.Add(1)
		edited := `<html><body>X, edited</body></html>`
		shown := early(prev, generator.Early{
			Files:     []output.File{{Path: "reviews/x/index.html", Data: []byte(edited)}},
			Looks:     map[string][32]byte{"reviews/x/index.html": sha256.Sum256([]byte("x2"))},
			Unplanned: true,
		})
		if shown == nil {
			t.Fatal("early showed nothing")
		}
		h := newHub()
		h.publish(nil, prev)
		h.publish(prev, shown)
		connect := func(page string, f *File) *streamRecorder {
			w := &streamRecorder{header: http.Header{}}
			r := httptest.NewRequest("GET", "/_ssg/events?page="+url.QueryEscape(page)+"&v="+version(f), nil).WithContext(t.Context())
			go h.ServeHTTP(w, r)
			return w
		}
		hello := "retry: 1000\n\nevent: hello\ndata: {\"id\":\"" + h.id + "\"}\n\n"
		reload := "event: reload\ndata: {}\n\n"
		old := connect("/reviews/x/", prev.Files["reviews/x/index.html"])
		fresh := connect("/reviews/x/", shown.Files["reviews/x/index.html"])
		home := connect("/", prev.Files["index.html"])
		synctest.Wait()
		for _, c := range []struct {
			name string
			w    *streamRecorder
			want string
		}{
			{"the page shown early, as it was", old, hello + reload},
			{"the page shown early, new", fresh, hello},
			{"a page held back", home, hello},
		} {
			if got := c.w.take(); got != c.want {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
			}
		}
		final := snapshot("", maps.Clone(shown.Files))
		final.Files["index.html"] = page("<html><body>Home, edited</body></html>", "home2")
		h.publish(shown, final)
		synctest.Wait()
		if got := home.take(); got != reload {
			t.Errorf("the page held back, at the rebuild's end: %q, want a reload", got)
		}
		if got := fresh.take(); got != "" {
			t.Errorf("the page shown early, at the rebuild's end: %q, want nothing", got)
		}
		h.close()
	})
}
