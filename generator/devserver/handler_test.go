package devserver

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ssg/generator"
	"ssg/generator/output"
)

// file returns a File holding data, with its hash.
func file(data string) *File {
	return &File{Data: []byte(data), Hash: sha256.Sum256([]byte(data))}
}

// page returns an HTML page whose Look is derived from look ("" for zero).
func page(data, look string) *File {
	f := file(data)
	if look != "" {
		f.Look = sha256.Sum256([]byte(look))
	}
	return f
}

func snapshot(root string, files map[string]*File) *Snapshot {
	return &Snapshot{Root: root, Files: files}
}

const (
	indexHTML    = "<!doctype html><html><head><link rel=stylesheet href=/style.css></head><body><h1>Home</h1></body></html>"
	notFoundHTML = "<!doctype html><html><body><h1>Not here</h1></body></html>"
	testHost     = "localhost:1313"
)

func siteFiles() map[string]*File {
	return map[string]*File{
		"index.html":           page(indexHTML, "home"),
		"reviews/x/index.html": page("<html><body>X<img src=/img/x.png></body></html>", "x"),
		"style.css":            file("body{}"),
		"index.xml":            file(`<?xml version="1.0"?><rss></rss>`),
		"404.html":             page(notFoundHTML, "404"),
		// static/ publishes dotfiles as they are; a build leaves out
		// .git and the like, and its manifest is no page.
		".well-known/security.txt": file("Contact: mailto:security@example.com"),
	}
}

func testHandler(s *Snapshot) http.Handler {
	return newHandler(func() *Snapshot { return s }, newHub(), hostChecker("127.0.0.1:1313"))
}

// get serves one request; target is the raw request target.
func get(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.Host = testHost
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPathRules(t *testing.T) {
	h := testHandler(snapshot("", siteFiles()))
	tests := []struct {
		name, target string
		want         int
	}{
		{"root", "/", 200},
		{"page", "/reviews/x/", 200},
		{"dotdot", "/../etc/passwd", 400},
		{"dotdot inside", "/reviews/../index.html", 400},
		{"dotdot at end", "/reviews/..", 400},
		{"dot", "/./index.html", 400},
		{"encoded dotdot", "/%2e%2e/etc/passwd", 400},
		{"encoded dotdot upper", "/%2E%2E/etc/passwd", 400},
		{"encoded dotdot mixed", "/%2E%2e/etc/passwd", 400},
		{"encoded dotdot mixed 2", "/%2e%2E/etc/passwd", 400},
		{"half encoded dotdot", "/.%2e/etc/passwd", 400},
		{"double encoded dotdot", "/%252e%252e/etc/passwd", 400},
		{"encoded slash", "/reviews%2fx/", 400},
		{"encoded slash upper", "/reviews%2Fx/", 400},
		{"encoded backslash", "/reviews%5cx/", 400},
		{"encoded backslash upper", "/..%5C..%5Cwindows", 400},
		{"backslash", "/reviews\\x/", 400},
		{"backslash dotdot", "/..\\..\\etc\\passwd", 400},
		{"NUL", "/index.html%00.png", 400},
		{"double slash", "//etc/passwd", 400},
		{"double slash inside", "/reviews//x/", 400},
		{"absolute URL", "http://localhost:1313/index.html", 400},
		{"dotfile not published", "/.ssg-manifest", 404},
		{"dot folder not published", "/.git/config", 404},
		{"dot folder index", "/.git/", 404},
		{"published dotfile", "/.well-known/security.txt", 200},
		{"dotdot in query is fine", "/?q=../..%2f", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(h, "GET", tt.target)
			if w.Code != tt.want {
				t.Errorf("GET %s: status %d, want %d; body %q", tt.target, w.Code, tt.want, w.Body)
			}
		})
	}
}

// TestRawRequests sends request lines a browser would never send to a real
// listener, so that nothing is cleaned up by a client library on the way.
func TestRawRequests(t *testing.T) {
	srv := httptest.NewUnstartedServer(testHandler(snapshot("", siteFiles())))
	// Else the server answers "OPTIONS *" itself (200, empty).
	srv.Config.DisableGeneralOptionsHandler = true
	srv.Start()
	defer srv.Close()
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	tests := []struct {
		name, target, host string
		want               int
	}{
		{"ok", "/", "localhost", 200},
		{"dotdot", "/../../etc/passwd", "localhost", 400},
		{"encoded dotdot", "/%2E%2e/%2e%2E/etc/passwd", "localhost", 400},
		{"encoded slash", "/..%2f..%2fetc/passwd", "localhost", 400},
		{"backslash", "/..\\..\\etc\\passwd", "localhost", 400},
		{"double slash", "//etc/passwd", "localhost", 400},
		{"dotfile", "/.git/config", "localhost", 404},
		{"absolute URL, local host", "http://localhost/index.html", "localhost", 400},
		// Go takes the host of an absolute URL over the Host header.
		{"absolute URL, other host", "http://evil.example/index.html", "localhost", 403},
		{"asterisk", "*", "localhost", 405},
		{"rebinding", "/", "evil.example", 403},
		{"loopback with port", "/", "127.0.0.1:" + strconv.Itoa(port), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			method := "GET"
			if tt.target == "*" {
				method = "OPTIONS"
			}
			fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", method, tt.target, tt.host)
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s: status %d, want %d; body %q", method, tt.target, resp.StatusCode, tt.want, body)
			}
		})
	}
}

func TestHostChecker(t *testing.T) {
	tests := []struct {
		listen string
		ok     []string
		refuse []string
	}{
		{
			listen: "127.0.0.1:1313",
			ok: []string{"localhost", "localhost:1313", "LocalHost:1313", "localhost.", "localhost:8080",
				"blog.localhost:1313", "127.0.0.1", "127.0.0.1:1313", "[::1]", "[::1]:1313", "[::ffff:127.0.0.1]"},
			refuse: []string{"", "evil.example", "evil.example:1313", "localhost.evil.example", "evillocalhost",
				"127.0.0.1.nip.io", "192.168.1.5", "192.168.1.5:1313", "::1", "[::1", "[localhost]",
				"localhost:", "localhost:abc", "localhost:99999", "localhost:0", "127.1", ":1313", "[::1]x"},
		},
		{
			listen: "0.0.0.0:1313",
			ok:     []string{"localhost:1313", "127.0.0.1:1313", "192.168.1.5:1313", "10.0.0.2", "[fe80::1]:1313", "[::1]"},
			refuse: []string{"evil.example", "myhost.lan:1313", "192.168.1.5.nip.io"},
		},
		{
			listen: ":1313",
			ok:     []string{"192.168.1.5:1313", "localhost"},
			refuse: []string{"evil.example"},
		},
		{
			listen: "[::]:1313",
			ok:     []string{"[2001:db8::1]:1313", "192.168.1.5"},
			refuse: []string{"evil.example"},
		},
		{
			listen: "[::1]:1313",
			ok:     []string{"[::1]:1313", "localhost", "127.0.0.1"},
			refuse: []string{"192.168.1.5", "evil.example"},
		},
		{
			listen: "192.168.1.5:1313",
			ok:     []string{"192.168.1.5:1313", "localhost"},
			refuse: []string{"192.168.1.6", "evil.example"},
		},
		{
			listen: "MyHost.lan:1313",
			ok:     []string{"myhost.lan:1313", "MYHOST.LAN", "localhost"},
			refuse: []string{"other.lan", "192.168.1.5", "myhost.lan.evil.example"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.listen, func(t *testing.T) {
			allow := hostChecker(tt.listen)
			for _, h := range tt.ok {
				if !allow(h) {
					t.Errorf("refused %q", h)
				}
			}
			for _, h := range tt.refuse {
				if allow(h) {
					t.Errorf("accepted %q", h)
				}
			}
		})
	}
}

func TestHostHeader(t *testing.T) {
	h := testHandler(snapshot("", siteFiles()))
	for _, target := range []string{"/", "/_ssg/reload.js", "/_ssg/events?page=/"} {
		for _, host := range []string{"evil.example", "evil.example:1313"} {
			t.Run(host+target, func(t *testing.T) {
				r := httptest.NewRequest("GET", target, nil)
				r.Host = host
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusForbidden {
					t.Errorf("status %d, want 403", w.Code)
				}
				if strings.Contains(w.Body.String(), "Home") {
					t.Error("served the page")
				}
			})
		}
	}
}

func TestMethods(t *testing.T) {
	h := testHandler(snapshot("", siteFiles()))
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"} {
		t.Run(m, func(t *testing.T) {
			w := get(h, m, "/")
			if w.Code != http.StatusMethodNotAllowed {
				t.Errorf("status %d, want 405", w.Code)
			}
			if got := w.Header().Get("Allow"); got != "GET, HEAD" {
				t.Errorf("Allow %q", got)
			}
		})
	}
}

func TestContentType(t *testing.T) {
	tests := []struct{ name, want string }{
		{"a.html", "text/html; charset=utf-8"},
		{"a.css", "text/css; charset=utf-8"},
		{"a.js", "text/javascript; charset=utf-8"},
		{"a.mjs", "text/javascript; charset=utf-8"},
		{"a.json", "application/json"},
		{"index.xml", "application/xml; charset=utf-8"},
		{"a.txt", "text/plain; charset=utf-8"},
		{"a.svg", "image/svg+xml"},
		{"a.png", "image/png"},
		{"a.PNG", "image/png"},
		{"a.jpg", "image/jpeg"},
		{"a.jpeg", "image/jpeg"},
		{"a.gif", "image/gif"},
		{"a.webp", "image/webp"},
		{"a.avif", "image/avif"},
		{"favicon.ico", "image/x-icon"},
		{"a.woff", "font/woff"},
		{"a.woff2", "font/woff2"},
		{"a.ttf", "font/ttf"},
		{"a.otf", "font/otf"},
		{"a.pdf", "application/pdf"},
		{"a.mp4", "video/mp4"},
		{"a.webm", "video/webm"},
		{"site.webmanifest", "application/manifest+json"},
		{"a.js.map", "application/json"},
		{"a.wasm", "application/wasm"},           // Go's own table
		{"LICENSE", "text/plain; charset=utf-8"}, // sniffed
	}
	files := map[string]*File{}
	for _, tt := range tests {
		files[tt.name] = file("plain text data")
	}
	h := testHandler(snapshot("", files))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(h, "GET", "/"+tt.name)
			if w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			if got := w.Header().Get("Content-Type"); got != tt.want {
				t.Errorf("Content-Type %q, want %q", got, tt.want)
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := w.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q", got)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	with := testHandler(snapshot("", siteFiles()))
	files := siteFiles()
	delete(files, "404.html")
	without := testHandler(snapshot("", files))
	tests := []struct {
		name     string
		h        http.Handler
		method   string
		target   string
		wantBody string
		wantType string
	}{
		{"site 404 page", with, "GET", "/nope/", "Not here", "text/html; charset=utf-8"},
		{"site 404 page for a file", with, "GET", "/nope.png", "Not here", "text/html; charset=utf-8"},
		{"site 404 page, HEAD", with, "HEAD", "/nope/", "", "text/html; charset=utf-8"},
		{"no 404 page", without, "GET", "/nope/", "404 page not found\n", "text/plain; charset=utf-8"},
		{"own prefix", with, "GET", "/_ssg/nope", "404 page not found\n", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(tt.h, tt.method, tt.target)
			if w.Code != 404 {
				t.Errorf("status %d, want 404", w.Code)
			}
			if got := w.Header().Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			if !strings.Contains(w.Body.String(), tt.wantBody) || tt.wantBody == "" && w.Body.Len() > 0 {
				t.Errorf("body %q, want %q", w.Body, tt.wantBody)
			}
			if tt.wantBody == "Not here" {
				if n := strings.Count(w.Body.String(), "/_ssg/reload.js"); n != 1 {
					t.Errorf("script injected %d times", n)
				}
				if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(w.Body.Len()) {
					t.Errorf("Content-Length %s, body %d", cl, w.Body.Len())
				}
			}
		})
	}
}

func TestRedirects(t *testing.T) {
	plain := testHandler(snapshot("", siteFiles()))
	blog := testHandler(snapshot("/blog", siteFiles()))
	tests := []struct {
		name   string
		h      http.Handler
		target string
		want   int
		loc    string
	}{
		{"folder without slash", plain, "/reviews/x", 301, "/reviews/x/"},
		{"folder without slash keeps query", plain, "/reviews/x?a=1&b=%2F", 301, "/reviews/x/?a=1&b=%2F"},
		{"missing folder", plain, "/reviews/y", 404, ""},
		{"root of a site under /blog", blog, "/", 302, "/blog/"},
		{"root keeps query", blog, "/?a=1", 302, "/blog/?a=1"},
		{"Root without slash", blog, "/blog", 301, "/blog/"},
		{"Root", blog, "/blog/", 200, ""},
		{"page under Root", blog, "/blog/reviews/x/", 200, ""},
		{"folder under Root", blog, "/blog/reviews/x", 301, "/blog/reviews/x/"},
		{"outside Root", blog, "/reviews/x/", 404, ""},
		{"prefix of Root", blog, "/blogger/", 404, ""},
		{"own prefix is absolute", blog, "/_ssg/reload.js", 200, ""},
		{"own prefix is not under Root", blog, "/blog/_ssg/reload.js", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(tt.h, "GET", tt.target)
			if w.Code != tt.want {
				t.Errorf("status %d, want %d", w.Code, tt.want)
			}
			if got := w.Header().Get("Location"); got != tt.loc {
				t.Errorf("Location %q, want %q", got, tt.loc)
			}
		})
	}
}

func TestInject(t *testing.T) {
	tag := []byte("<script></script>")
	tests := []struct{ in, want string }{
		{"<body>a</body></html>", "<body>a<script></script></body></html>"},
		{"<BODY>a</BODY>", "<BODY>a<script></script></BODY>"},
		{"<body>a</Body>", "<body>a<script></script></Body>"},
		{"<body><pre>&lt;/body></pre>x</body>", "<body><pre>&lt;/body></pre>x<script></script></body>"},
		{"<p>a</body><p>b</body>", "<p>a</body><p>b<script></script></body>"},
		{"<p>no body", "<p>no body<script></script>"},
		{"", "<script></script>"},
		{"</body", "</body<script></script>"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			in := []byte(tt.in)
			if got := inject(in, tag); string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if string(in) != tt.in {
				t.Errorf("input changed to %q", in)
			}
		})
	}
}

func TestScriptInjection(t *testing.T) {
	files := siteFiles()
	files["a.json"] = file(`{"body":"</body>"}`)
	files["feed.xml"] = file(`<rss><description>&lt;/body></description></rss>`)
	files["s.css"] = file(`/* </body> */`)
	files["nobody.html"] = page("<p>fragment", "n")
	before := map[string]string{}
	for name, f := range files {
		before[name] = string(f.Data)
	}
	h := testHandler(snapshot("", files))
	tests := []struct {
		target string
		want   int // times the script appears
	}{
		{"/", 1},
		{"/reviews/x/", 1},
		{"/nobody.html", 1},
		{"/a.json", 0},
		{"/feed.xml", 0},
		{"/s.css", 0},
		{"/style.css", 0},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := get(h, "GET", tt.target)
			body := w.Body.String()
			if n := strings.Count(body, "/_ssg/reload.js"); n != tt.want {
				t.Errorf("script %d times, want %d: %q", n, tt.want, body)
			}
			if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s, body %d bytes", cl, len(body))
			}
			if tt.want == 1 && !strings.Contains(body, `data-v="`) {
				t.Errorf("no version in %q", body)
			}
		})
	}
	for name, f := range files {
		if string(f.Data) != before[name] {
			t.Errorf("serving changed the snapshot's %s", name)
		}
	}
	w := get(h, "GET", "/")
	want := strings.Replace(indexHTML, "</body>", fmt.Sprintf(scriptTag, version(files["index.html"]))+"</body>", 1)
	if w.Body.String() != want {
		t.Errorf("got %q, want %q", w.Body, want)
	}
}

func TestHeadAndETag(t *testing.T) {
	files := siteFiles()
	h := testHandler(snapshot("", files))
	full := get(h, "GET", "/")
	etag := full.Header().Get("ETag")
	if etag != `"`+version(files["index.html"])+`"` {
		t.Fatalf("ETag %q", etag)
	}
	tests := []struct {
		name   string
		method string
		target string
		header []string
		want   int
		body   bool
	}{
		{"HEAD", "HEAD", "/", nil, 200, false},
		{"HEAD css", "HEAD", "/style.css", nil, 200, false},
		{"matching If-None-Match", "GET", "/", []string{"If-None-Match", etag}, 304, false},
		{"one of several", "GET", "/", []string{"If-None-Match", `"x", ` + etag}, 304, false},
		{"star", "GET", "/", []string{"If-None-Match", "*"}, 304, false},
		{"other ETag", "GET", "/", []string{"If-None-Match", `"x"`}, 200, true},
		{"range", "GET", "/style.css", []string{"Range", "bytes=0-1"}, 206, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := get(h, tt.method, tt.target, tt.header...)
			if w.Code != tt.want {
				t.Errorf("status %d, want %d", w.Code, tt.want)
			}
			if (w.Body.Len() > 0) != tt.body {
				t.Errorf("body %q", w.Body)
			}
			if tt.method == "HEAD" {
				g := get(h, "GET", tt.target)
				if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(g.Body.Len()) {
					t.Errorf("HEAD Content-Length %s, GET body %d bytes", cl, g.Body.Len())
				}
				if w.Header().Get("Content-Type") != g.Header().Get("Content-Type") {
					t.Errorf("HEAD Content-Type %q", w.Header().Get("Content-Type"))
				}
			}
		})
	}
}

func TestOwnFiles(t *testing.T) {
	h := testHandler(snapshot("", siteFiles()))
	w := get(h, "GET", "/_ssg/reload.js")
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if !bytes.Equal(w.Body.Bytes(), clientJS) || len(clientJS) == 0 {
		t.Error("body is not client.js")
	}
	if strings.Contains(w.Body.String(), "data-v") {
		t.Error("script injected into client.js")
	}
}

func TestNoSnapshot(t *testing.T) {
	h := newHandler(func() *Snapshot { return nil }, nil, hostChecker("127.0.0.1:1313"))
	if w := get(h, "GET", "/"); w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", w.Code)
	}
	if w := get(h, "GET", "/_ssg/events"); w.Code != http.StatusNotFound {
		t.Errorf("events without a hub: status %d, want 404", w.Code)
	}
}

func TestResponseHeadersOnErrors(t *testing.T) {
	h := testHandler(snapshot("", siteFiles()))
	for _, tt := range []struct{ method, target string }{
		{"GET", "/../x"}, {"POST", "/"}, {"GET", "/nope"}, {"GET", "/reviews/x"},
	} {
		w := get(h, tt.method, tt.target)
		if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: headers %v", tt.method, tt.target, w.Header())
		}
	}
}

// TestEarlySnapshotHoldsStalePages checks that while a rebuild that showed
// the pages in view early is still rendering, a request for a page it is
// rendering again, or for one it may add, waits for its result, and the
// others are served at once.
func TestEarlySnapshotHoldsStalePages(t *testing.T) {
	prev := snapshot("", siteFiles())
	prev.id = snapshots.Add(1)
	shown := early(prev, generator.Early{
		Files: []output.File{{Path: "reviews/x/index.html", Data: []byte("<html><body>X, edited</body></html>")}},
		Looks: map[string][32]byte{"reviews/x/index.html": sha256.Sum256([]byte("x2"))},
		Stale: []string{"index.html"},
	})
	if shown == nil {
		t.Fatal("early showed nothing")
	}
	final := snapshot("", siteFiles())
	final.Files["reviews/x/index.html"] = shown.Files["reviews/x/index.html"]
	final.Files["index.html"] = page("<html><body>Home, edited</body></html>", "home2")
	final.Files["reviews/y/index.html"] = page("<html><body>Y</body></html>", "y")
	var current atomic.Pointer[Snapshot]
	current.Store(shown)
	h := newHandler(current.Load, newHub(), hostChecker("127.0.0.1:1313"))

	// Served at once: the page shown early, and a page the rebuild does
	// not render.
	if w := get(h, "GET", "/reviews/x/"); !strings.Contains(w.Body.String(), "X, edited") {
		t.Errorf("the page shown early: %d %q", w.Code, w.Body)
	}
	if w := get(h, "GET", "/style.css"); w.Code != http.StatusOK || w.Body.String() != "body{}" {
		t.Errorf("a file the rebuild keeps: %d %q", w.Code, w.Body)
	}
	// Held: the home page, stale, and a page only the result has.
	got := make(chan string, 2)
	for _, target := range []string{"/", "/reviews/y/"} {
		go func() {
			w := get(h, "GET", target)
			got <- fmt.Sprint(w.Code, " ", w.Body.String())
		}()
	}
	select {
	case g := <-got:
		t.Fatalf("served before the rebuild ended: %s", g)
	case <-time.After(50 * time.Millisecond):
	}
	current.Store(final)
	close(shown.pending)
	for range 2 {
		select {
		case g := <-got:
			if !strings.HasPrefix(g, "200 ") || !strings.Contains(g, "Home, edited") && !strings.Contains(g, ">Y<") {
				t.Errorf("after the rebuild: %s", g)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a held request was not served once the rebuild ended")
		}
	}
	// Once the rebuild has ended, even the early snapshot holds nothing.
	if shown.holds("index.html") || shown.holds("") {
		t.Error("a closed early snapshot still holds requests")
	}
}

// TestEarlyLeavesStylesheetChanges checks that a page whose output changed
// only in its stylesheet link (same Look) is not shown early, so that the
// rebuild's end swaps the stylesheet without reloading it.
func TestEarlyLeavesStylesheetChanges(t *testing.T) {
	prev := snapshot("", siteFiles())
	e := generator.Early{
		Files: []output.File{{Path: "index.html", Data: []byte(strings.Replace(indexHTML, "/style.css", "/style.css?v=2", 1))}},
		Looks: map[string][32]byte{"index.html": prev.Files["index.html"].Look},
	}
	if shown := early(prev, e); shown != nil {
		t.Errorf("a stylesheet link change was shown early: %v", shown.diff.changed)
	}
	e.Looks["index.html"] = sha256.Sum256([]byte("home2"))
	if shown := early(prev, e); shown == nil || len(shown.diff.changed) != 1 {
		t.Error("a page that changed was not shown early")
	}
}

// TestEarlyUnplanned checks the early snapshot of a rebuild that showed
// the pages in view before it knew which others change: every other page
// is held back, files that are no pages (stylesheets, images) are not,
// and neither are the pages in view, changed or not.
func TestEarlyUnplanned(t *testing.T) {
	prev := snapshot("", siteFiles())
	shown := early(prev, generator.Early{
		Files: []output.File{
			{Path: "reviews/x/index.html", Data: []byte("<html><body>X, edited</body></html>")},
			{Path: "404.html", Data: []byte(notFoundHTML)},
		},
		Looks:     map[string][32]byte{"reviews/x/index.html": sha256.Sum256([]byte("x2")), "404.html": prev.Files["404.html"].Look},
		Unplanned: true,
	})
	if shown == nil {
		t.Fatal("early showed nothing")
	}
	for name, want := range map[string]bool{
		"reviews/x/index.html": false, // shown, changed
		"404.html":             false, // shown, the same
		"style.css":            false,
		"index.html":           true,
		"index.xml":            false, // no Look in this test's files
		"":                     true,  // a path that resolves to nothing: maybe a new page
	} {
		if got := shown.holds(name); got != want {
			t.Errorf("holds(%q) = %v, want %v", name, got, want)
		}
	}
	if !slices.Equal(shown.diff.changed, []string{"reviews/x/index.html"}) {
		t.Errorf("changed %v", shown.diff.changed)
	}
}

// stalled is a rebuild that hands out a page early, then waits for end
// to return its error.
type stalled struct {
	page generator.Early
	end  chan error
}

func (r *stalled) RebuildFirst(ctx context.Context, _ []string, early func(generator.Early), _ ...string) (*generator.Result, error) {
	early(r.page)
	return nil, <-r.end
}

func (r *stalled) Outside() []string { return nil }

// TestRebuildEndsBadlyAfterEarly checks that when a rebuild that showed
// the pages in view early then fails or is cancelled, the requests it held
// back are served, with the last good build's pages, and the page shown
// early stays.
func TestRebuildEndsBadlyAfterEarly(t *testing.T) {
	for _, cancelled := range []bool{false, true} {
		t.Run(fmt.Sprint("cancelled=", cancelled), func(t *testing.T) {
			edited := "<html><body>X, edited</body></html>"
			r := &stalled{end: make(chan error), page: generator.Early{
				Files:     []output.File{{Path: "reviews/x/index.html", Data: []byte(edited)}},
				Looks:     map[string][32]byte{"reviews/x/index.html": sha256.Sum256([]byte("x2"))},
				Unplanned: true,
			}}
			s := &server{log: slog.New(slog.NewTextHandler(io.Discard, nil)), session: r, hub: newHub()}
			prev := snapshot("", siteFiles())
			prev.id = snapshots.Add(1)
			s.current.Store(prev)
			h := newHandler(s.current.Load, s.hub, hostChecker("127.0.0.1:1313"))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan struct{})
			go func() {
				defer close(done)
				s.rebuild(ctx, []string{"content/reviews/x.md"})
			}()
			for s.current.Load() == prev {
				time.Sleep(time.Millisecond) // until the early snapshot is out
			}
			held := make(chan *httptest.ResponseRecorder, 1)
			go func() { held <- get(h, "GET", "/") }()
			select {
			case w := <-held:
				t.Fatalf("the home page was served while the rebuild went on: %d", w.Code)
			case <-time.After(50 * time.Millisecond):
			}
			if cancelled {
				cancel()
				r.end <- ctx.Err()
			} else {
				r.end <- errors.New("render: two pages write reviews/y/index.html")
			}
			select {
			case w := <-held:
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Home") {
					t.Errorf("the held home page: %d %q", w.Code, w.Body)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the held request was never served")
			}
			<-done
			if w := get(h, "GET", "/reviews/x/"); !strings.Contains(w.Body.String(), "X, edited") {
				t.Errorf("the page shown early: %d %q", w.Code, w.Body)
			}
			if w := get(h, "GET", "/"); w.Code != http.StatusOK {
				t.Errorf("the home page after the rebuild: %d", w.Code)
			}
			s.hub.mu.Lock()
			failed := s.hub.failed
			s.hub.mu.Unlock()
			if failed == cancelled {
				t.Errorf("the hub's failed state is %v after a rebuild that was cancelled: %v", failed, cancelled)
			}
		})
	}
}
