package devserver

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"ssg/generator"
)

// reviewText is a valid review of film, with body text.
func reviewText(film string, year int, rating, body string) string {
	return fmt.Sprintf("---\ntitle: About %s\nfilm: %s\nyear: %d\nrating: %q\ndate: 2025-03-01\nauthor: Ann\n---\n%s\n", film, film, year, rating, body)
}

// live is a site folder served by a real Serve on a 127.0.0.1 port.
type live struct {
	t      *testing.T
	dir    string
	url    string // "http://127.0.0.1:port/"
	builds chan build
	logs   *syncBuffer
	stop   func()
}

type build struct {
	changed []string
	res     *generator.Result
	err     error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// start serves a site with files (slash path → text) from a new folder.
func start(t *testing.T, files map[string]string, opts Options) *live {
	t.Helper()
	l := &live{t: t, dir: t.TempDir()}
	for name, text := range files {
		l.write(name, text)
	}
	return startIn(t, l.dir, opts)
}

// startIn serves the site in dir, made already.
func startIn(t *testing.T, dir string, opts Options) *live {
	t.Helper()
	l := &live{t: t, dir: dir, builds: make(chan build, 1000), logs: &syncBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	cfg := generator.Config{Src: l.dir, Logger: slog.New(slog.NewTextHandler(l.logs, nil))}
	if opts.Addr == "" {
		opts.Addr, opts.Fixed = "127.0.0.1:0", true
	}
	opts.Ready = func(url string) { ready <- url }
	opts.Rebuilt = func(changed []string, res *generator.Result, err error) {
		l.builds <- build{changed, res, err}
	}
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, cfg, opts) }()
	select {
	case l.url = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("Serve: %v", err)
	}
	<-l.builds // the first build
	l.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve returned %v", err)
		}
	}
	t.Cleanup(func() {
		l.stop()
		if t.Failed() {
			t.Logf("server log:\n%s", l.logs)
		}
	})
	return l
}

func (l *live) write(name, text string) {
	l.t.Helper()
	p := filepath.Join(l.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		l.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		l.t.Fatal(err)
	}
}

// wait returns the next finished build, failing after a while.
func (l *live) wait() build {
	l.t.Helper()
	select {
	case b := <-l.builds:
		return b
	case <-time.After(10 * time.Second):
		l.t.Fatal("no rebuild within 10 s")
	}
	return build{}
}

// waitFor waits for a successful build that satisfies ok: earlier builds
// may still be reporting, so a test names what it waits to see.
func (l *live) waitFor(ok func(build) bool) build {
	l.t.Helper()
	for {
		if b := l.wait(); b.err == nil && ok(b) {
			return b
		}
	}
}

// showing is a condition: some file of the build contains text.
func showing(text string) func(build) bool {
	return func(b build) bool {
		for _, f := range b.res.Files {
			if bytes.Contains(f.Data, []byte(text)) {
				return true
			}
		}
		return false
	}
}

// saw is a condition: the build saw a change at or under path.
func saw(path string) func(build) bool {
	return func(b build) bool {
		for _, p := range b.changed {
			if p == path || strings.HasPrefix(p, path+"/") {
				return true
			}
		}
		return false
	}
}

// get fetches a path and returns status and body without the injected script.
func (l *live) get(path string) (int, string) {
	l.t.Helper()
	resp, err := http.Get(strings.TrimSuffix(l.url, "/") + path)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		l.t.Fatal(err)
	}
	return resp.StatusCode, string(injected.ReplaceAll(body, nil))
}

var injected = regexp.MustCompile(`<script src="/_ssg/reload\.js"[^>]*></script>`)

// stream is one open event stream, as a page's script holds it.
type stream struct {
	events chan [2]string // name, data
	close  func()
}

func (l *live) listen(page string) *stream {
	l.t.Helper()
	s, err := openStream(l.url, page)
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(s.close)
	if ev := s.next(l.t); ev[0] != "hello" {
		l.t.Fatalf("first event %v, want hello", ev)
	}
	return s
}

// openStream connects to the event stream of a page of the site at url.
func openStream(url, page string) (*stream, error) {
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(url, "/")+"/_ssg/events?page="+page, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		return nil, err
	}
	s := &stream{events: make(chan [2]string, 100), close: func() { cancel(); resp.Body.Close() }}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				s.events <- [2]string{name, strings.TrimPrefix(line, "data: ")}
			}
		}
		close(s.events)
	}()
	return s, nil
}

func (s *stream) next(t testing.TB) [2]string {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("event stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return [2]string{}
}

// during returns the names of the events that arrive within d.
func (s *stream) during(d time.Duration) []string {
	var names []string
	timeout := time.After(d)
	for {
		select {
		case ev := <-s.events:
			names = append(names, ev[0])
		case <-timeout:
			return names
		}
	}
}

var demo = map[string]string{
	"content/reviews/solaris.md":    reviewText("Solaris", 1972, "4/4", "A slow ocean of grief."),
	"content/reviews/alien.md":      reviewText("Alien", 1979, "3.5/4", "The truckers in space film."),
	"content/reviews/old/heat.md":   reviewText("Heat", 1995, "3/4", "Two men across a diner table."),
	"content/reviews/old/amelie.md": reviewText("Amélie", 2001, "2.5/4", "Crème brûlée and coincidences."),
}

// TestServeEdits drives a real server with real file changes and checks
// what it serves and tells open pages.
func TestServeEdits(t *testing.T) {
	l := start(t, demo, Options{})
	if code, body := l.get("/reviews/solaris/"); code != 200 || !strings.Contains(body, "A slow ocean of grief.") {
		t.Fatalf("GET /reviews/solaris/: %d\n%s", code, body)
	}

	t.Run("edit reloads the page", func(t *testing.T) {
		page := l.listen("/reviews/solaris/")
		l.write("content/reviews/solaris.md", reviewText("Solaris", 1972, "4/4", "An ocean that answers."))
		if ev := page.next(t); ev[0] != "reload" {
			t.Fatalf("got %v, want reload", ev)
		}
		if _, body := l.get("/reviews/solaris/"); !strings.Contains(body, "An ocean that answers.") {
			t.Fatalf("edit not served:\n%s", body)
		}
	})

	t.Run("atomic save", func(t *testing.T) {
		// Editors write a temporary file and rename it over the original.
		tmp := filepath.Join(l.dir, "content/reviews/.alien.md.tmp")
		if err := os.WriteFile(tmp, []byte(reviewText("Alien", 1979, "4/4", "Rewatched: better.")), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(l.dir, "content/reviews/alien.md")); err != nil {
			t.Fatal(err)
		}
		l.waitFor(showing("Rewatched: better."))
		if _, body := l.get("/reviews/alien/"); !strings.Contains(body, "Rewatched: better.") {
			t.Fatalf("atomic save not served:\n%s", body)
		}
	})

	t.Run("new folder", func(t *testing.T) {
		l.write("content/reviews/2026/march/parasite.md", reviewText("Parasite", 2019, "4/4", "Stairs, always stairs."))
		l.waitFor(showing("Stairs, always stairs."))
		if code, body := l.get("/reviews/parasite/"); code != 200 || !strings.Contains(body, "Stairs, always stairs.") {
			t.Fatalf("new review in a new folder: %d\n%s", code, body)
		}
		// A file added to the new folder afterwards is seen too: the
		// folder is watched.
		l.write("content/reviews/2026/march/heat-again.md", reviewText("Heat", 1995, "4/4", "Second look."))
		l.waitFor(showing("Second look."))
		if code, _ := l.get("/reviews/heat-again/"); code != 200 {
			t.Fatalf("review in a folder created while serving: %d", code)
		}
	})

	t.Run("rename a file", func(t *testing.T) {
		if err := os.Rename(filepath.Join(l.dir, "content/reviews/old/amelie.md"), filepath.Join(l.dir, "content/reviews/old/amelie-paris.md")); err != nil {
			t.Fatal(err)
		}
		l.waitFor(showing("/reviews/amelie-paris/"))
		if code, _ := l.get("/reviews/amelie/"); code != 404 {
			t.Fatalf("old URL after a rename: %d, want 404", code)
		}
		if code, _ := l.get("/reviews/amelie-paris/"); code != 200 {
			t.Fatalf("new URL after a rename: %d, want 200", code)
		}
	})

	t.Run("move and delete folders", func(t *testing.T) {
		if err := os.Rename(filepath.Join(l.dir, "content/reviews/2026"), filepath.Join(l.dir, "content/reviews/archive")); err != nil {
			t.Fatal(err)
		}
		l.waitFor(saw("content/reviews/archive"))
		// Files in the moved folder are still watched under the new name.
		l.write("content/reviews/archive/march/parasite.md", reviewText("Parasite", 2019, "3.5/4", "Moved and edited."))
		l.waitFor(showing("Moved and edited."))
		if _, body := l.get("/reviews/parasite/"); !strings.Contains(body, "Moved and edited.") {
			t.Fatalf("edit in a moved folder not served:\n%s", body)
		}
		if err := os.RemoveAll(filepath.Join(l.dir, "content/reviews/archive")); err != nil {
			t.Fatal(err)
		}
		l.waitFor(func(b build) bool { return !showing("Moved and edited.")(b) })
		if code, body := l.get("/reviews/parasite/"); code != 404 || !strings.Contains(body, "Page not found") {
			t.Fatalf("review of a deleted folder: %d, want the site's 404 page\n%s", code, body)
		}
	})

	t.Run("broken front matter shows and keeps the last good site", func(t *testing.T) {
		page := l.listen("/reviews/alien/")
		l.write("content/reviews/alien.md", "---\ntitle: Alien\nfilm: [unclosed\n---\nbody\n")
		ev := page.next(t)
		if ev[0] != "error" || !strings.Contains(ev[1], `"file":"content/reviews/alien.md"`) || !strings.Contains(ev[1], `"line":3`) {
			t.Fatalf("got %v, want an error naming content/reviews/alien.md line 3", ev)
		}
		if code, body := l.get("/reviews/alien/"); code != 200 || !strings.Contains(body, "Rewatched: better.") {
			t.Fatalf("the last good page is not served: %d", code)
		}
		l.write("content/reviews/alien.md", reviewText("Alien", 1979, "4/4", "Fixed."))
		if ev := page.next(t); ev[0] != "reload" {
			t.Fatalf("after the fix: %v, want reload", ev)
		}
	})

	t.Run("template error", func(t *testing.T) {
		page := l.listen("/")
		l.write("templates/review.html", `{{define "main"}}{{.NoSuchField}}{{end}}`)
		ev := page.next(t)
		if ev[0] != "error" || !strings.Contains(ev[1], `"file":"templates/review.html"`) {
			t.Fatalf("got %v, want an error naming the layout", ev)
		}
		if err := os.RemoveAll(filepath.Join(l.dir, "templates")); err != nil {
			t.Fatal(err)
		}
		if ev := page.next(t); ev[0] != "reload" {
			t.Fatalf("after the fix: %v, want reload", ev)
		}
	})

	t.Run("stylesheet swap", func(t *testing.T) {
		page := l.listen("/reviews/solaris/")
		l.write("static/style.css", "body { color: teal }\n")
		if ev := page.next(t); ev[0] != "css" || !strings.Contains(ev[1], "/style.css") {
			t.Fatalf("got %v, want css naming /style.css", ev)
		}
		if _, body := l.get("/style.css"); body != "body { color: teal }\n" {
			t.Fatalf("new stylesheet not served: %q", body)
		}
	})

	t.Run("editor debris is ignored", func(t *testing.T) {
		for _, name := range []string{".solaris.md.swp", "4913", "solaris.md~", ".#solaris.md", "#solaris.md#"} {
			l.write("content/reviews/"+name, "junk")
		}
		l.write("content/reviews/alien.md", reviewText("Alien", 1979, "4/4", "After the debris."))
		b := l.waitFor(showing("After the debris."))
		for _, p := range b.changed {
			if p != "content/reviews/alien.md" {
				t.Errorf("rebuild saw %s", p)
			}
		}
	})

	t.Run("film data file", func(t *testing.T) {
		// data/ does not exist yet: the folder and the file appear at once.
		page := l.listen("/films/solaris/")
		l.write("data/films/solaris.yaml", "runtime: 167\ncast: [Natalya Bondarchuk as Hari]\n")
		if ev := page.next(t); ev[0] != "reload" {
			t.Fatalf("got %v, want reload", ev)
		}
		if _, body := l.get("/films/solaris/"); !strings.Contains(body, "<dd>167 min</dd>") || !strings.Contains(body, `<span class="role">as Hari</span>`) {
			t.Fatalf("the data file's facts are not served:\n%s", body)
		}
		l.write("data/films/solaris.yaml", "runtime: 167\nimdb: nope\n")
		ev := page.next(t)
		if ev[0] != "error" || !strings.Contains(ev[1], `"file":"data/films/solaris.yaml"`) || !strings.Contains(ev[1], `"line":2`) {
			t.Fatalf("got %v, want an error naming data/films/solaris.yaml line 2", ev)
		}
		l.write("data/films/solaris.yaml", "runtime: 166\n")
		if ev := page.next(t); ev[0] != "reload" {
			t.Fatalf("after the fix: %v, want reload", ev)
		}
		if _, body := l.get("/films/solaris/"); !strings.Contains(body, "<dd>166 min</dd>") {
			t.Fatalf("the edited data file is not served:\n%s", body)
		}
	})

	t.Run("served equals a fresh build", func(t *testing.T) {
		sameAsBuild(t, l)
	})
}

// sameAsBuild checks that every file a fresh build makes is served with
// the same bytes, and that the server has no file the build lacks.
func sameAsBuild(t *testing.T, l *live) {
	t.Helper()
	root, err := os.OpenRoot(l.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	want, err := generator.Render(context.Background(), root.FS(), generator.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range want.Files {
		url := "/" + strings.TrimSuffix(f.Path, "index.html")
		code, body := l.get(url)
		if f.Path == "404.html" {
			code = 200
		}
		if code != 200 || body != string(f.Data) {
			t.Errorf("GET %s: %d, and the body differs from a fresh build's %s", url, code, f.Path)
		}
	}
}

// TestServeBurst writes hundreds of files at once, as a checkout does, and
// checks they end in few rebuilds and a correct site.
func TestServeBurst(t *testing.T) {
	l := start(t, demo, Options{})
	const n = 300
	for i := range n {
		l.write(fmt.Sprintf("content/reviews/burst/r%03d.md", i), reviewText(fmt.Sprintf("Film %d", i%40), 2000+i%20, "3/4", fmt.Sprint("Burst review ", i)))
	}
	builds := 0
	for {
		b := l.wait()
		builds++
		if b.err == nil && b.res.Reviews == len(demo)+n {
			break
		}
	}
	// Writing is slower than the quiet period on a busy machine, so a
	// burst may take a few builds; it must not take one per file.
	if builds > 10 {
		t.Errorf("%d files took %d rebuilds", n, builds)
	}
	t.Logf("%d files: %d rebuilds", n, builds)
	sameAsBuild(t, l)
}

// TestServeSlowSaveOneRebuild writes one review in pieces, each gap far shorter than
// the quiet period: the file is still only after the last piece, so the
// save ends in one rebuild that sees the whole file, and one reload.
func TestServeSlowSaveOneRebuild(t *testing.T) {
	const quiet = 200 * time.Millisecond
	l := start(t, demo, Options{Quiet: quiet})
	page := l.listen("/reviews/solaris/")
	text := reviewText("Solaris", 1972, "4/4", strings.Repeat("A slow ocean of grief, saved slowly. ", 40)+"THE END.")
	f, err := os.OpenFile(filepath.Join(l.dir, "content/reviews/solaris.md"), os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	const pieces = 20 // 20 ms apart: 400 ms in all, under maxWait
	for i := range pieces {
		if _, err := f.WriteString(text[i*len(text)/pieces : (i+1)*len(text)/pieces]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	f.Close()
	var builds []build
	for {
		b := l.wait()
		builds = append(builds, b)
		if b.err == nil && showing("THE END.")(b) {
			break
		}
	}
	if len(builds) != 1 {
		for i, b := range builds {
			t.Logf("build %d: err=%v", i+1, b.err)
		}
		t.Errorf("one slow save took %d rebuilds, want 1", len(builds))
	}
	if events := page.during(300 * time.Millisecond); !slices.Equal(events, []string{"reload"}) {
		t.Errorf("events for one save: %v, want [reload]", events)
	}
}

// TestServeRootChangeReloadsOnce edits ssg.toml while a review is open: each
// save reloads the page once, at the review's URL under the root it had,
// even when the save gives base_url another path (the page then reloads
// into the site's 404 page, the review being elsewhere).
func TestServeRootChangeReloadsOnce(t *testing.T) {
	l := start(t, demo, Options{})
	steps := []struct {
		name, page, settings string
	}{
		{"base_url given a path", "/reviews/solaris/", "base_url = \"https://example.com/blog/\"\n"},
		{"the title, under the same root", "/blog/reviews/solaris/", "title = \"Films\"\nbase_url = \"https://example.com/blog/\"\n"},
		{"base_url's path taken away", "/blog/reviews/solaris/", "title = \"Films\"\n"},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			page := l.listen(step.page)
			l.write("ssg.toml", step.settings)
			l.waitFor(saw("ssg.toml"))
			if events := page.during(300 * time.Millisecond); !slices.Equal(events, []string{"reload"}) {
				t.Errorf("events for one save of ssg.toml: %v, want [reload]", events)
			}
		})
	}
}

// TestServePort checks a busy port: an error naming it when the user chose
// it, the next free port, said, when not.
func TestServePort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content/reviews"), 0o755)
	err = Serve(context.Background(), generator.Config{Src: dir}, Options{Addr: addr, Fixed: true})
	if err == nil || !strings.Contains(err.Error(), addr+" is in use") {
		t.Fatalf("busy chosen port: %v", err)
	}
	l := start(t, demo, Options{Addr: addr})
	if strings.Contains(l.url, addr) {
		t.Fatalf("served on the busy port: %s", l.url)
	}
	if !strings.Contains(l.logs.String(), "port busy") {
		t.Fatalf("the change of port was not said:\n%s", l.logs)
	}
}

// TestBrowseURL checks the address Serve prints: one a browser can open,
// even when the server listens on every address.
func TestBrowseURL(t *testing.T) {
	tests := []struct {
		name, addr, root, want string
	}{
		{"loopback", "127.0.0.1:1313", "", "http://127.0.0.1:1313/"},
		{"loopback v6", "[::1]:1313", "", "http://[::1]:1313/"},
		{"all v4", "0.0.0.0:1313", "", "http://localhost:1313/"},
		{"all", "[::]:1313", "", "http://localhost:1313/"},
		{"root", "127.0.0.1:1313", "/blog", "http://127.0.0.1:1313/blog/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, err := net.ResolveTCPAddr("tcp", tt.addr)
			if err != nil {
				t.Fatal(err)
			}
			if got := browseURL(addr, tt.root); got != tt.want {
				t.Errorf("browseURL(%s, %q) = %q, want %q", tt.addr, tt.root, got, tt.want)
			}
		})
	}
}

// TestServeSymlinkOutside checks that a symlink in the site leading
// outside it serves nothing: the build names it, and no byte of the file
// it points to is ever served.
func TestServeSymlinkOutside(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("the secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := start(t, demo, Options{})
	page := l.listen("/")
	os.MkdirAll(filepath.Join(l.dir, "static"), 0o755)
	if err := os.Symlink(secret, filepath.Join(l.dir, "static/secret.txt")); err != nil {
		t.Fatal(err)
	}
	ev := page.next(t)
	if ev[0] != "error" || !strings.Contains(ev[1], "static/secret.txt") {
		t.Fatalf("got %v, want an error naming static/secret.txt", ev)
	}
	for _, path := range []string{"/secret.txt", "/static/secret.txt", "/../secret.txt"} {
		if code, body := l.get(path); code == 200 || strings.Contains(body, "the secret") {
			t.Errorf("GET %s: %d %q", path, code, body)
		}
	}
	if err := os.Remove(filepath.Join(l.dir, "static/secret.txt")); err != nil {
		t.Fatal(err)
	}
	if ev := page.next(t); ev[0] != "reload" {
		t.Fatalf("after removing the symlink: %v, want reload", ev)
	}
}

// TestServeWrite checks --write: every good build is also written to the
// output folder, and a failed one leaves it as it was.
func TestServeWrite(t *testing.T) {
	l := start(t, demo, Options{Write: true})
	read := func() string {
		data, err := os.ReadFile(filepath.Join(l.dir, "public/reviews/solaris/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if !strings.Contains(read(), "A slow ocean of grief.") {
		t.Fatal("the first build was not written")
	}
	if strings.Contains(read(), "/_ssg/") {
		t.Fatal("the live-reload script was written to public/")
	}
	l.write("content/reviews/solaris.md", reviewText("Solaris", 1972, "4/4", "Written through."))
	l.waitFor(showing("Written through."))
	if !strings.Contains(read(), "Written through.") {
		t.Fatal("a rebuild was not written")
	}
	page := l.listen("/")
	l.write("content/reviews/solaris.md", "---\nbroken: [\n---\n")
	if ev := page.next(t); ev[0] != "error" {
		t.Fatalf("got %v, want error", ev)
	}
	if !strings.Contains(read(), "Written through.") {
		t.Fatal("a failed build changed public/")
	}
}

// TestServeFutureReview checks that a review dated a moment from now is
// published when its time comes, with no file changing: as a build then
// would.
func TestServeFutureReview(t *testing.T) {
	due, files := soonSite()
	l := start(t, files, Options{})
	if code, _ := l.get("/reviews/soon/"); code != 404 {
		t.Fatalf("a review dated %s is served before its time: %d", due, code)
	}
	b := l.waitFor(showing("Not yet."))
	if len(b.changed) != 1 || b.changed[0] != clockChange {
		t.Errorf("the review was published by a build of %q, want one for the clock", b.changed)
	}
	if time.Now().Before(due) {
		t.Errorf("published at %s, before its date %s", time.Now(), due)
	}
	if code, _ := l.get("/reviews/soon/"); code != 200 {
		t.Fatalf("GET /reviews/soon/ after its date: %d", code)
	}
}

// TestServeSymlinkedContent checks a content/ that is a symlink to
// another folder of the site: ssg build follows it (a link leading out of
// the site is refused), so serve must watch where it leads.
func TestServeSymlinkedContent(t *testing.T) {
	l := start(t, map[string]string{"ssg.toml": "title = \"Linked\"\n"}, Options{})
	elsewhere := filepath.Join(l.dir, "writing")
	if err := os.MkdirAll(filepath.Join(elsewhere, "reviews"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(elsewhere, "reviews/solaris.md"), []byte(demo["content/reviews/solaris.md"]), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("writing", filepath.Join(l.dir, "content")); err != nil {
		t.Fatal(err)
	}
	l.waitFor(showing("A slow ocean of grief."))
	if err := os.WriteFile(filepath.Join(elsewhere, "reviews/solaris.md"), []byte(reviewText("Solaris", 1972, "4/4", "Edited through the link.")), 0o644); err != nil {
		t.Fatal(err)
	}
	b := l.waitFor(showing("Edited through the link."))
	if len(b.changed) != 1 || b.changed[0] != "content/reviews/solaris.md" {
		t.Errorf("the edit was seen as %q, want content/reviews/solaris.md", b.changed)
	}
	os.MkdirAll(filepath.Join(elsewhere, "reviews/new"), 0o755)
	os.WriteFile(filepath.Join(elsewhere, "reviews/new/heat.md"), []byte(reviewText("Heat", 1995, "3/4", "In a folder made through the link.")), 0o644)
	l.waitFor(showing("In a folder made through the link."))
	sameAsBuild(t, l)
}

// TestServeSymlinkedReviewFile checks a review file that is a symlink to a
// file elsewhere in the site folder: ssg build reads it through the link,
// so serve must watch the file it leads to.
func TestServeSymlinkedReviewFile(t *testing.T) {
	files := map[string]string{
		"content/reviews/solaris.md": reviewText("Solaris", 1972, "4/4", "An ocean."),
		"notes/alien.md":             reviewText("Alien", 1979, "3/4", "First draft."),
	}
	l := start(t, files, Options{})
	if err := os.Symlink("../../notes/alien.md", filepath.Join(l.dir, "content/reviews/alien.md")); err != nil {
		t.Fatal(err)
	}
	l.waitFor(showing("First draft."))
	l.write("notes/alien.md", reviewText("Alien", 1979, "3/4", "Second draft."))
	b := l.waitFor(showing("Second draft."))
	if len(b.changed) != 1 || b.changed[0] != "notes/alien.md" {
		t.Errorf("the edit was seen as %q, want notes/alien.md", b.changed)
	}
	if _, body := l.get("/reviews/alien/"); !strings.Contains(body, "Second draft.") {
		t.Errorf("the edit of the linked review is not served")
	}
	sameAsBuild(t, l)
}

// TestServeLinkedReviewWayChanged changes the way to a file a review
// symlink leads to: the folder holding it replaced at once (mv notes
// notes.old, then a new notes/), or a folder symlink on the way
// retargeted (ln -sfn), in the site folder or below. The change shows,
// and so does an edit after it of the file the review leads to now.
func TestServeLinkedReviewWayChanged(t *testing.T) {
	link := func(t *testing.T, target, name string) {
		t.Helper()
		tmp := name + ".tmp"
		if err := os.Symlink(target, tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, name); err != nil { // ln -sfn: the link replaced at once
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		files  map[string]string // besides solaris.md
		links  [][2]string       // target, name: made while serving
		change func(t *testing.T, l *live)
		shows  string // after the change
		edit   string // the file then edited
	}{
		{"folder replaced", map[string]string{"notes/alien.md": reviewText("Alien", 1979, "3/4", "Version one.")},
			[][2]string{{"../../notes/alien.md", "content/reviews/alien.md"}},
			func(t *testing.T, l *live) {
				if err := os.Rename(filepath.Join(l.dir, "notes"), filepath.Join(l.dir, "notes.old")); err != nil {
					t.Fatal(err)
				}
				l.write("notes/alien.md", reviewText("Alien", 1979, "3/4", "Version two."))
			}, "Version two.", "notes/alien.md"},
		{"folder link retargeted", map[string]string{
			"notes-v1/alien.md": reviewText("Alien", 1979, "3/4", "Version one."),
			"notes-v2/alien.md": reviewText("Alien", 1979, "3/4", "Version two."),
		}, [][2]string{{"notes-v1", "notes"}, {"../../notes/alien.md", "content/reviews/alien.md"}},
			func(t *testing.T, l *live) { link(t, "notes-v2", filepath.Join(l.dir, "notes")) }, "Version two.", "notes-v2/alien.md"},
		{"folder link below retargeted", map[string]string{
			"notes/v1/alien.md": reviewText("Alien", 1979, "3/4", "Version one."),
			"notes/v2/alien.md": reviewText("Alien", 1979, "3/4", "Version two."),
		}, [][2]string{{"v1", "notes/current"}, {"../../notes/current/alien.md", "content/reviews/alien.md"}},
			func(t *testing.T, l *live) { link(t, "v2", filepath.Join(l.dir, "notes/current")) }, "Version two.", "notes/v2/alien.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"content/reviews/solaris.md": reviewText("Solaris", 1972, "4/4", "An ocean.")}
			maps.Copy(files, tt.files)
			l := start(t, files, Options{})
			for _, ln := range tt.links {
				if err := os.Symlink(ln[0], filepath.Join(l.dir, ln[1])); err != nil {
					t.Fatal(err)
				}
			}
			l.waitFor(showing("Version one."))
			tt.change(t, l)
			l.waitFor(showing(tt.shows))
			l.write(tt.edit, reviewText("Alien", 1979, "3/4", "Edited after the change."))
			l.waitFor(showing("Edited after the change."))
			if _, body := l.get("/reviews/alien/"); !strings.Contains(body, "Edited after the change.") {
				t.Errorf("the edit of %s is not served", tt.edit)
			}
			sameAsBuild(t, l)
		})
	}
}

// TestServeComments checks that readers' comments, files in folders of
// their own beside a review, are watched like reviews: a new folder with
// a comment, a reply added to it, an edit, a broken comment and the
// folder's removal each show at once, as a fresh build would.
func TestServeComments(t *testing.T) {
	l := start(t, demo, Options{})
	comment := func(author, date, replyTo, text string) string {
		s := fmt.Sprintf("author: %s\ndate: %s\ntext: %s\n", author, date, text)
		if replyTo != "" {
			s += "reply_to: " + replyTo + "\n"
		}
		return s
	}
	page := l.listen("/reviews/heat/")
	dir := "content/reviews/old/heat.comments"
	l.write(dir+"/2025-03-02T09-00-00-anna.yaml", comment("Anna", "2025-03-02T09:00:00Z", "", "The diner scene is the film."))
	if ev := page.next(t); ev[0] != "reload" {
		t.Fatalf("a new comment folder: %v, want reload", ev)
	}
	if _, body := l.get("/reviews/heat/"); !strings.Contains(body, "The diner scene is the film.") || !strings.Contains(body, `id="comment-2025-03-02T09-00-00-anna"`) {
		t.Fatalf("the new comment is not served:\n%s", body)
	}
	l.write(dir+"/2025-03-02T10-00-00-bo.yaml", comment("Bo", "2025-03-02T10:00:00Z", "2025-03-02T09-00-00-anna", "And the coffee."))
	b := l.waitFor(showing("And the coffee."))
	if !b.res.Patched || len(b.changed) != 1 {
		t.Errorf("a reply in a folder made while serving: changed %q, patched %v", b.changed, b.res.Patched)
	}
	if _, body := l.get("/reviews/heat/"); !strings.Contains(body, "2 comments") {
		t.Fatalf("the count does not include the reply:\n%s", body)
	}
	l.write(dir+"/2025-03-02T10-00-00-bo.yaml", comment("Bo", "2025-03-02T10:00:00Z", "2025-03-02T09-00-00-anna", "And the pie."))
	l.waitFor(showing("And the pie."))
	l.write(dir+"/2025-03-02T10-00-00-bo.yaml", "author: Bo\ntext: [\n")
	// The page was told to reload for each edit before this one.
	ev := page.next(t)
	for i := 0; ev[0] == "reload" && i < 2; i++ {
		ev = page.next(t)
	}
	if ev[0] != "error" || !strings.Contains(ev[1], `"file":"`+dir+`/2025-03-02T10-00-00-bo.yaml"`) || !strings.Contains(ev[1], `"line":2`) {
		t.Fatalf("a broken comment: %v, want an error naming its file and line 2", ev)
	}
	if err := os.RemoveAll(filepath.Join(l.dir, dir)); err != nil {
		t.Fatal(err)
	}
	l.waitFor(func(b build) bool { return !showing("The diner scene is the film.")(b) })
	sameAsBuild(t, l)
}

// TestServeFutureReviewBrokenSite checks that a review's date coming while
// the site does not build costs at most one failed build, not a build after
// build until the site is fixed, and that the fix publishes the review.
func TestServeFutureReviewBrokenSite(t *testing.T) {
	due, files := soonSite()
	l := start(t, files, Options{})
	l.write("content/reviews/solaris.md", reviewText("Solaris", 1972, "9/4", "A slow ocean of grief."))
	for b := l.wait(); b.err == nil; b = l.wait() {
	}
	failed := 0
	after := time.After(time.Until(due) + 500*time.Millisecond)
wait:
	for {
		select {
		case b := <-l.builds:
			if b.err == nil {
				t.Fatalf("a build of %q succeeded with a broken review", b.changed)
			}
			failed++
		case <-after:
			break wait
		}
	}
	if failed > 1 {
		t.Errorf("%d failed builds while the site stayed broken past a review's date, want at most 1", failed)
	}
	l.write("content/reviews/solaris.md", demo["content/reviews/solaris.md"])
	l.waitFor(showing("Not yet."))
}

// soonSite is a site with one review and another dated about two seconds
// from now, when it is due.
func soonSite() (due time.Time, files map[string]string) {
	due = time.Now().Add(1500 * time.Millisecond).UTC().Truncate(time.Second).Add(time.Second)
	return due, map[string]string{
		"content/reviews/solaris.md": demo["content/reviews/solaris.md"],
		"content/reviews/soon.md": fmt.Sprintf("---\ntitle: Soon\nfilm: Heat\ndate: %s\n---\nNot yet.\n",
			due.Format("2006-01-02T15:04:05Z07:00")),
	}
}
