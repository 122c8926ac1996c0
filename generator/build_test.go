package generator

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"ssg/generator/output"
	"ssg/internal/corpus"
)

// writeSite creates a site folder from path/content pairs.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func review(title, film, rating string) string {
	return "---\ntitle: " + title + "\nfilm: " + film + "\nrating: " + rating + "\ndate: 2024-01-01\n---\nBody of " + title + ".\n"
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && e.IsDir() && e.Name() == output.CacheDir {
			return filepath.SkipDir // ssg's own, not the site's (mtimes sees it)
		}
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBuildFailureKeepsPreviousOutput(t *testing.T) {
	src := writeSite(t, map[string]string{"content/reviews/a.md": review("A", "Alien", "3/4")})
	cfg := Config{Src: src}
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, filepath.Join(src, "public"))
	times := mtimes(t, filepath.Join(src, "public"))
	os.WriteFile(filepath.Join(src, "content/reviews/b.md"), []byte(review("B", "Alien", "5/4")), 0o644)
	_, err := Build(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "content/reviews/b.md:4: rating \"5/4\": above its scale") {
		t.Fatalf("err = %v", err)
	}
	if after := snapshot(t, filepath.Join(src, "public")); !maps.Equal(before, after) {
		t.Error("a failed build changed public/")
	}
	if after := mtimes(t, filepath.Join(src, "public")); !maps.EqualFunc(times, after, time.Time.Equal) {
		t.Errorf("a failed build touched public/ or its cache: %v, then %v", times, after)
	}
}

func TestBuildRemovesStaleAndKeepsUnchanged(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/reviews/a.md": review("A", "Alien", "3/4"),
		"content/reviews/b.md": review("B", "Brazil", "2/4"),
	})
	cfg := Config{Src: src}
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(src, "content/reviews/b.md"))
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := snapshot(t, filepath.Join(src, "public"))
	for _, gone := range []string{"reviews/b/index.html", "films/brazil/index.html", "ratings/2/index.html"} {
		if _, ok := out[gone]; ok {
			t.Errorf("%s survived its review's removal", gone)
		}
	}
	if res.Stats.Removed < 3 || res.Stats.Unchanged == 0 {
		t.Errorf("stats %+v: want removals and unchanged files", res.Stats)
	}
	out = snapshot(t, filepath.Join(src, "public"))
	times := mtimes(t, filepath.Join(src, "public"))
	time.Sleep(20 * time.Millisecond) // a rewrite would show in the times
	res, err = Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(out) - 1; res.Stats.Written != 0 || res.Stats.Removed != 0 || res.Stats.Unchanged != want { // less the manifest
		t.Errorf("rebuild with nothing changed: %+v, want %d unchanged", res.Stats, want)
	}
	for p, mt := range mtimes(t, filepath.Join(src, "public")) {
		if p != output.Manifest && !mt.Equal(times[p]) {
			t.Errorf("%s was touched by a rebuild with nothing changed", p)
		}
	}
}

// mtimes returns the modification time of every file under dir.
func mtimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	got := map[string]time.Time{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, err := e.Info()
		rel, _ := filepath.Rel(dir, p)
		if err == nil {
			got[filepath.ToSlash(rel)] = info.ModTime()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestBuildWritesWhatRenderMakes checks that Build, which writes each page
// as it is rendered and keeps none, writes exactly Render's files, with
// one core or several, and that Render makes the same files whatever
// Config.Workers (which ssg serve sets below GOMAXPROCS) says: output
// never depends on scheduling.
func TestBuildWritesWhatRenderMakes(t *testing.T) {
	src := t.TempDir()
	if err := corpus.Write(src, 150, 3); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(src)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	cfg := Config{Now: goldenNow}
	res, err := Render(context.Background(), root.FS(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, f := range res.Files {
		want[f.Path] = string(f.Data)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		cfg := cfg
		cfg.Src, cfg.Out = src, filepath.Join(t.TempDir(), "public")
		res, err := Build(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		got := snapshot(t, cfg.Out)
		delete(got, output.Manifest)
		if res.Stats.Written != len(want) || len(got) != len(want) {
			t.Errorf("GOMAXPROCS=%d: wrote %d files (%d on disk), Render made %d", procs, res.Stats.Written, len(got), len(want))
		}
		for p, data := range want {
			if got[p] != data {
				t.Errorf("GOMAXPROCS=%d: %s differs from Render's", procs, p)
			}
		}
	}
	runtime.GOMAXPROCS(3)
	for _, workers := range []int{1, 2, 5, 17} {
		cfg := cfg
		cfg.Workers = workers
		res, err := Render(context.Background(), root.FS(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != len(want) {
			t.Errorf("Workers=%d: %d files, want %d", workers, len(res.Files), len(want))
		}
		for _, f := range res.Files {
			if want[f.Path] != string(f.Data) {
				t.Errorf("Workers=%d: %s differs", workers, f.Path)
			}
		}
	}
}

func TestBuildRefusesDangerousOutput(t *testing.T) {
	src := writeSite(t, map[string]string{"content/reviews/a.md": review("A", "Alien", "3/4"), "notes.txt": "mine"})
	tests := []struct{ name, out, want string }{
		{"the site itself", src, "is the site folder or contains it"},
		{"a parent of the site", filepath.Dir(src), "is the site folder or contains it"},
		{"inside content", filepath.Join(src, "content", "out"), "inside the site's content/"},
		{"inside static", filepath.Join(src, "static"), "inside the site's static/"},
		{"inside data", filepath.Join(src, "data", "films"), "inside the site's data/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(context.Background(), Config{Src: src, Out: tt.out})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if data, _ := os.ReadFile(filepath.Join(src, "notes.txt")); string(data) != "mine" {
		t.Error("a refused build touched the site")
	}
	t.Run("inside static through a symlink", func(t *testing.T) {
		// static/ is a link to a folder of the site: an output inside
		// that folder would be copied into itself on every build.
		src := writeSite(t, map[string]string{"content/reviews/a.md": review("A", "Alien", "3/4"), "assets/x.txt": "x"})
		if err := os.Symlink("assets", filepath.Join(src, "static")); err != nil {
			t.Skip(err)
		}
		_, err := Build(context.Background(), Config{Src: src, Out: filepath.Join(src, "assets", "out")})
		if err == nil || !strings.Contains(err.Error(), "inside the site's static/") {
			t.Fatalf("err = %v, want an output inside static/ refused", err)
		}
	})
	t.Run("foreign folder", func(t *testing.T) {
		out := t.TempDir()
		os.WriteFile(filepath.Join(out, "keep.txt"), []byte("x"), 0o644)
		_, err := Build(context.Background(), Config{Src: src, Out: out})
		if !errors.Is(err, output.ErrForeign) {
			t.Fatalf("err = %v", err)
		}
		if data, _ := os.ReadFile(filepath.Join(out, "keep.txt")); string(data) != "x" {
			t.Error("foreign file touched")
		}
	})
}

// TestDemoDeterministic renders the demo blog with different numbers of
// cores and checks the bytes are identical.
func TestDemoDeterministic(t *testing.T) {
	root, err := os.OpenRoot("..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	cfg := Config{Now: goldenNow.AddDate(1, 0, 0)}
	var first *Result
	for _, procs := range []int{1, 4, 1} {
		prev := runtime.GOMAXPROCS(procs)
		res, err := Render(context.Background(), root.FS(), cfg)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatalf("demo blog: %v", err)
		}
		if first == nil {
			first = res
			if res.Reviews < 12 || res.Films < 5 {
				t.Errorf("demo blog has %d reviews of %d films; want at least 12 of 5", res.Reviews, res.Films)
			}
			continue
		}
		if len(res.Files) != len(first.Files) {
			t.Fatalf("%d files with GOMAXPROCS=%d, %d before", len(res.Files), procs, len(first.Files))
		}
		for i, f := range res.Files {
			if f.Path != first.Files[i].Path || !bytes.Equal(f.Data, first.Files[i].Data) {
				t.Fatalf("%s differs between runs", f.Path)
			}
		}
	}
}

func TestStaticFiles(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/reviews/a.md":  review("A", "Alien", "3/4"),
		"static/img/poster.txt": "poster",
		"static/style.css":      "body{}",
	})
	res, err := Render(context.Background(), os.DirFS(src), Config{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range res.Files {
		got[f.Path] = string(f.Data)
	}
	if got["img/poster.txt"] != "poster" || got["style.css"] != "body{}" {
		t.Errorf("static files not copied or not overriding the theme: %q %q", got["img/poster.txt"], got["style.css"])
	}
	src = writeSite(t, map[string]string{"content/reviews/a.md": review("A", "Alien", "3/4"), "static/reviews/a/index.html": "x"})
	if _, err := Render(context.Background(), os.DirFS(src), Config{}); err == nil || !strings.Contains(err.Error(), "static/reviews/a/index.html: would replace the page") {
		t.Errorf("static page collision: %v", err)
	}
}

func TestSymlinkOutOfSiteIsRefused(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(secret, []byte(review("Secret", "Alien", "3/4")), 0o644)
	src := writeSite(t, map[string]string{"content/reviews/a.md": review("A", "Alien", "3/4")})
	if err := os.Symlink(secret, filepath.Join(src, "content/reviews/evil.md")); err != nil {
		t.Skip("no symlinks:", err)
	}
	_, err := Build(context.Background(), Config{Src: src})
	if err == nil || !strings.Contains(err.Error(), "content/reviews/evil.md") {
		t.Fatalf("a review linking outside the site was read: %v", err)
	}
}

// TestThemeMakesNoOutsideRequests checks every page of the demo blog: no
// script but structured data and, on the search page alone, the theme's
// search.js from the site itself; and nothing loaded (src, stylesheet,
// icon) from another host.
func TestThemeMakesNoOutsideRequests(t *testing.T) {
	root, err := os.OpenRoot("..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res, err := Render(context.Background(), root.FS(), Config{BaseURL: "https://films.example/", Now: goldenNow.AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	jsonLD := regexp.MustCompile(`(?s)<script type="application/ld\+json">.*?</script>`)
	searchScript := regexp.MustCompile(`<script src="/search\.js" defer></script>`)
	loads := regexp.MustCompile(`(?i)<(?:img|script|iframe|video|audio|source|link(?:\s+[^>]*?)?\s+rel="(?:stylesheet|icon|preload|prefetch|modulepreload)")[^>]*?\s(?:src|href)="([^"]*)"`)
	pages := 0
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		pages++
		html := jsonLD.ReplaceAllString(string(f.Data), "")
		if f.Path == "search/index.html" {
			if !searchScript.MatchString(html) {
				t.Errorf("%s: no search script", f.Path)
			}
			html = searchScript.ReplaceAllString(html, "")
		}
		if strings.Contains(strings.ToLower(html), "<script") {
			t.Errorf("%s: has a script; the theme works without JavaScript", f.Path)
		}
		for _, m := range loads.FindAllStringSubmatch(html, -1) {
			if !strings.HasPrefix(m[1], "/") || strings.HasPrefix(m[1], "//") {
				t.Errorf("%s: loads %q from elsewhere", f.Path, m[1])
			}
		}
		if !strings.Contains(html, `rel="stylesheet"`) {
			t.Errorf("%s: no stylesheet link, so the check above saw nothing", f.Path)
		}
	}
	if pages < 20 {
		t.Errorf("only %d pages checked", pages)
	}
}

// TestRenderingCalledBetweenPlanAndRender checks that a build calls
// Config.Rendering once, when every review is read and before any page is
// rendered, and again on a rebuild that renders nothing.
func TestRenderingCalledBetweenPlanAndRender(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/reviews/a.md": review("A", "Alien", "3/4"),
		"content/reviews/b.md": review("B", "Brazil", "4/4"),
	})
	for _, build := range []string{"first", "nothing changed"} {
		progress := new(Progress)
		calls := 0
		cfg := Config{Src: src, Progress: progress, Rendering: func() {
			calls++
			if loaded, rendered := progress.Loaded.Load(), progress.Rendered.Load(); loaded != 2 || rendered != 0 {
				t.Errorf("%s build: Rendering called with %d reviews read and %d pages rendered, want 2 and 0", build, loaded, rendered)
			}
		}}
		if _, err := Build(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		if calls != 1 {
			t.Errorf("%s build: Rendering called %d times, want once", build, calls)
		}
		if build == "first" && progress.Rendered.Load() == 0 {
			t.Errorf("first build rendered no page")
		}
	}
}

// TestStaticReservedNames checks that a static file named like the output
// folder's own files is refused, from static/ or templates/static/, by
// Render (what ssg serve shows) as by Build: serve must not show a file
// that build refuses.
func TestStaticReservedNames(t *testing.T) {
	for _, dir := range []string{"static", "templates/static"} {
		for _, name := range []string{".ssg-manifest", ".ssg-cache/pages", ".ssg-staging/x.html", "a.ssg-tmp"} {
			file := dir + "/" + name
			t.Run(file, func(t *testing.T) {
				src := writeSite(t, map[string]string{
					"content/reviews/a.md": review("A", "Alien", "3/4"),
					file:                   "not ssg's",
				})
				want := file + ": this file name cannot be published"
				if _, err := Render(context.Background(), os.DirFS(src), Config{}); err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("Render: %v, want %q", err, want)
				}
				if _, err := Build(context.Background(), Config{Src: src}); err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("Build: %v, want %q", err, want)
				}
			})
		}
	}
}

// TestCachedRecursionIsAnError checks that a template calling itself
// through cached fails the build with a short template error, as
// {{template}} recursion does ("exceeded maximum template depth"), rather
// than killing the process with a Go stack overflow. It runs the build in
// a child process, as that crash cannot be recovered.
func TestCachedRecursionIsAnError(t *testing.T) {
	if os.Getenv("SSG_TEST_CHILD") == "cached" {
		dir := os.Getenv("SSG_TEST_DIR")
		_, err := Build(context.Background(), Config{Src: dir, Now: goldenNow})
		if err == nil {
			os.Stdout.WriteString("NO ERROR\n")
			os.Exit(3)
		}
		os.Stdout.WriteString("ERROR: " + err.Error() + "\n")
		os.Exit(0)
	}
	dir := writeSite(t, map[string]string{
		"content/reviews/a.md":         review("A", "Alien", "3/4"),
		"templates/partials/loop.html": `{{define "loop"}}x{{cached "loop" .}}{{end}}`,
		"templates/review.html":        `{{define "main"}}{{cached "loop" .Review}}{{end}}`,
	})
	cmd := exec.Command(os.Args[0], "-test.run=^TestCachedRecursionIsAnError$")
	cmd.Env = append(os.Environ(), "SSG_TEST_CHILD=cached", "SSG_TEST_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ERROR: ") || !strings.Contains(string(out), "templates/") ||
		!strings.Contains(string(out), "runs within itself") || len(out) > 1000 {
		head := string(out)
		if len(head) > 400 {
			head = head[:400]
		}
		t.Fatalf("build with recursive cached template: %v\n%s", err, head)
	}
}

// TestLongNamesBuild checks that a film, a tag and a review file whose
// slugs would be longer than a file name may be build, their folders'
// names cut (slug.MaxLen), instead of failing to write them.
func TestLongNamesBuild(t *testing.T) {
	long := strings.Repeat("a", 300)
	dir := writeSite(t, map[string]string{
		"content/reviews/" + strings.Repeat("東", 80) + ".md": "---\ntitle: T\nfilm: " + long + "\ndate: 2024-01-01\ntags: [" + long + "]\n---\nBody.\n",
	})
	if _, err := Build(context.Background(), Config{Src: dir, Now: goldenNow}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"films/" + strings.Repeat("a", 200), "tags/" + strings.Repeat("a", 200)} {
		if _, err := os.Stat(filepath.Join(dir, "public", p, "index.html")); err != nil {
			t.Error(err)
		}
	}
}

// TestLongFilmTitlesStayTwo checks that two films whose titles differ only
// past the length a slug is cut to are not taken for one: they want one
// URL, an error naming both files.
func TestLongFilmTitlesStayTwo(t *testing.T) {
	long := strings.Repeat("word ", 45)
	dir := writeSite(t, map[string]string{
		"content/reviews/one.md": "---\ntitle: One\nfilm: \"" + long + "part one\"\nyear: 2001\ndate: 2024-01-01\n---\nOne.\n",
		"content/reviews/two.md": "---\ntitle: Two\nfilm: \"" + long + "part two\"\nyear: 2001\ndate: 2024-01-02\n---\nTwo.\n",
	})
	_, err := Build(context.Background(), Config{Src: dir, Now: goldenNow})
	if err == nil || !strings.Contains(err.Error(), "content/reviews/one.md") || !strings.Contains(err.Error(), "content/reviews/two.md") {
		t.Fatalf("err = %v, want one naming both reviews", err)
	}
}

// TestErrorsReportedTogether checks that a build with bad content, a bad
// template and a bad static file reports them all, not the first alone.
func TestErrorsReportedTogether(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/reviews/a.md":  review("A", "Alien", "11/4"),
		"templates/home.html":   "{{if}}",
		"static/ok.txt":         "fine",
		"static/.ssg-manifest":  "a name ssg keeps for itself",
		"data/films/alien.yaml": "runtime: [1]\n",
	})
	_, err := Build(context.Background(), Config{Src: dir, Now: goldenNow})
	for _, want := range []string{"content/reviews/a.md:4", "templates/home.html", "data/films/alien.yaml", "static/.ssg-manifest"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want one naming %s", err, want)
		}
	}
}
