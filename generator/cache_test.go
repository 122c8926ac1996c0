package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"ssg"
	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/output"
	"ssg/generator/site"
	"ssg/internal/corpus"
)

// TestBuildCacheMatchesFreshBuild runs ssg build again and again on one
// site, through the cache it keeps in the output folder, after edits of
// every kind and after tampering with the output and the cache, and
// checks each time that the folder holds exactly what a build from
// nothing makes. It also checks that the cache saves work: edits that
// touch few pages render few.
func TestBuildCacheMatchesFreshBuild(t *testing.T) {
	src := t.TempDir()
	if err := corpus.Write(src, 40, 7); err != nil {
		t.Fatal(err)
	}
	reviews, _ := filepath.Glob(filepath.Join(src, "content", "reviews", "*.md"))
	slices.Sort(reviews)
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Src: src, Out: out, Now: goldenNow}
	var pages int // of the first build

	steps := []struct {
		name string
		edit func(t *testing.T)
		// rendered checks how many pages the build rendered; nil checks
		// nothing.
		rendered func(n int) bool
	}{
		{"first build", func(*testing.T) {}, func(n int) bool { pages = n; return n > 100 }},
		{"nothing changed", func(*testing.T) {}, func(n int) bool { return n == 0 }},
		{"a body edited", func(t *testing.T) {
			appendTo(t, reviews[0], "\nOne more sentence, and a [link](https://example.org/).\n")
		}, func(n int) bool { return n > 0 && n < pages/4 }}, // the pages reaching it
		{"a rating edited", func(t *testing.T) {
			for _, r := range reviews[1:] {
				if replaceIn(t, r, "rating", "rating = \"1/4\"\n", "rating: 1/4\n") {
					return
				}
			}
			t.Fatal("no review has a rating")
		}, func(n int) bool { return n > 0 && n < pages/2 }},
		{"a review added", func(t *testing.T) {
			write(t, filepath.Join(src, "content/reviews/added.md"), review("Added", "Alien", "3/4"))
		}, nil},
		{"a review removed", func(t *testing.T) { remove(t, reviews[2]) }, nil},
		{"a page changed by hand", func(t *testing.T) {
			p := filepath.Join(out, "index.html")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			write(t, p, strings.Repeat("x", len(data))) // same size, new time
		}, func(n int) bool { return n == 1 }},
		{"a page deleted by hand", func(t *testing.T) { remove(t, filepath.Join(out, "index.html")) }, func(n int) bool { return n == 1 }},
		{"a static file replaces a page", func(t *testing.T) {
			write(t, filepath.Join(src, "static/robots.txt"), "User-agent: *\nDisallow: /\n")
		}, func(n int) bool { return n == 0 }},
		{"the static file goes", func(t *testing.T) { remove(t, filepath.Join(src, "static/robots.txt")) }, func(n int) bool { return n == 1 }},
		{"a template overridden", func(t *testing.T) {
			theme, err := ssg.Theme().Open("review.html")
			if err != nil {
				t.Fatal(err)
			}
			defer theme.Close()
			var b bytes.Buffer
			b.ReadFrom(theme)
			write(t, filepath.Join(src, "templates/review.html"), strings.Replace(b.String(), "</article>", "<p>Overridden.</p></article>", 1))
		}, func(n int) bool { return n > 0 && n < pages }},
		{"settings changed", func(t *testing.T) { appendTo(t, filepath.Join(src, ConfigFile), "\n# a comment only\n") }, nil},
		{"the docs cache cut short", func(t *testing.T) { truncate(t, filepath.Join(out, output.CacheDir, docsCache)) }, nil},
		{"the pages cache cut short", func(t *testing.T) {
			appendTo(t, reviews[3], "\nAnother sentence.\n")
			truncate(t, filepath.Join(out, output.CacheDir, pagesCache))
		}, func(n int) bool { return n > pages*9/10 }}, // every page: no keys
		{"the caches replaced by garbage", func(t *testing.T) {
			appendTo(t, reviews[4], "\nA third sentence.\n")
			for _, name := range []string{docsCache, pagesCache} {
				write(t, filepath.Join(out, output.CacheDir, name), "ssg cache 1\n\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01garbage")
			}
		}, nil},
	}
	for _, step := range steps {
		step.edit(t)
		res, err := Build(context.Background(), cfg)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if step.rendered != nil && !step.rendered(res.Rendered) {
			t.Errorf("%s: rendered %d pages (of %d)", step.name, res.Rendered, pages)
		}
		checkFresh(t, step.name, cfg)
	}
}

// checkFresh checks that cfg's output folder holds what Render makes of
// the site.
func checkFresh(t *testing.T, step string, cfg Config) {
	t.Helper()
	root, err := os.OpenRoot(cfg.Src)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	want, err := Render(context.Background(), root.FS(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, cfg.Out)
	delete(got, output.Manifest)
	if len(got) != len(want.Files) {
		t.Errorf("%s: %d files in the output folder, Render made %d", step, len(got), len(want.Files))
	}
	for _, f := range want.Files {
		if got[f.Path] != string(f.Data) {
			t.Errorf("%s: %s differs from Render's", step, f.Path)
		}
	}
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, p, more string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	write(t, p, string(data)+more)
}

// replaceIn replaces the line of a front matter key in the file at p with
// the first of lines that matches its format (TOML or YAML), and reports
// whether it found the key.
func replaceIn(t *testing.T, p, key string, lines ...string) bool {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, key+" =") || strings.HasPrefix(l, key+":") {
			for _, n := range lines {
				if strings.Contains(n, " =") == strings.HasPrefix(l, key+" =") {
					write(t, p, strings.Replace(text, l+"\n", n, 1))
					return true
				}
			}
		}
	}
	return false
}

func remove(t *testing.T, p string) {
	t.Helper()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
}

func truncate(t *testing.T, p string) {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, info.Size()/2); err != nil {
		t.Fatal(err)
	}
}

// FuzzDecodePages checks that any bytes read as a pages file give pages
// or an error, never a panic, and that pages written read back the same.
func FuzzDecodePages(f *testing.F) {
	var b bytes.Buffer
	pages := map[string]pageStamp{"index.html": {stamp: output.Stamp{Size: 10, ModTime: -1}}, "a/b.xml": {key: [32]byte{1, 2}}}
	if err := encodePages(&b, []byte("h"), pages); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodePages(bytes.NewReader(data), int64(len(data)), []byte("h"))
		if err != nil {
			return
		}
		var again bytes.Buffer
		if err := encodePages(&again, []byte("h"), got); err != nil {
			t.Fatal(err)
		}
		back, err := decodePages(bytes.NewReader(again.Bytes()), int64(again.Len()), []byte("h"))
		if err != nil || !maps.Equal(back, got) {
			t.Fatalf("pages %v read back as %v, %v", got, back, err)
		}
	})
}

// TestBuildCacheHoldsOnlyPublished checks that the cache, which lies in
// the output folder and so is deployed with it, holds no word of a draft
// or of a review dated in the future.
func TestBuildCacheHoldsOnlyPublished(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/reviews/a.md":      review("A", "Alien", "3/4"),
		"content/reviews/draft.md":  "---\ntitle: D\nfilm: Alien\ndate: 2024-01-01\ndraft: true\n---\nSecret draft words.\n",
		"content/reviews/future.md": "---\ntitle: F\nfilm: Alien\ndate: 2999-01-01\n---\nSecret future words.\n",
	})
	cfg := Config{Src: src, Now: goldenNow}
	for range 2 {
		if _, err := Build(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		docs, err := os.ReadFile(filepath.Join(src, "public", output.CacheDir, docsCache))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(docs, []byte("Body of A.")) || bytes.Contains(docs, []byte("Secret")) {
			t.Errorf("the cache holds %q", docs)
		}
	}
}

// TestBuildNoCache checks that a build with NoCache keeps no cache and
// removes one an earlier build left, and still writes the same site.
func TestBuildNoCache(t *testing.T) {
	src := writeSite(t, map[string]string{"content/reviews/a.md": review("A", "Alien", "3/4")})
	cfg := Config{Src: src, Now: goldenNow}
	if _, err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(src, "public", output.CacheDir)
	if _, err := os.Stat(cache); err != nil {
		t.Fatalf("a build kept no cache: %v", err)
	}
	cfg.NoCache = true
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cache); !errors.Is(err, os.ErrNotExist) || res.Stats.Written != 0 {
		t.Errorf("a build without the cache left %s (%v), wrote %d files", cache, err, res.Stats.Written)
	}
	checkFresh(t, "no cache", Config{Src: src, Out: filepath.Join(src, "public"), Now: goldenNow})
}

// TestBuildModelThemeGetsBodies checks that a site theme printing bodies
// through .Site.Model, which any page can reach, gets every one of them,
// though ssg build reads bodies back from its cache film by film.
func TestBuildModelThemeGetsBodies(t *testing.T) {
	src := t.TempDir()
	if err := corpus.Write(src, 30, 5); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(src, "templates/404.html"),
		`{{define "main"}}{{range .Site.Model.Reviews}}{{.Body}}{{end}}{{end}}`)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		cfg := Config{Src: src, Out: filepath.Join(t.TempDir(), "public"), Now: goldenNow}
		if _, err := Build(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		checkFresh(t, fmt.Sprintf("GOMAXPROCS=%d", procs), cfg)
	}
}

// failing is a cache file whose every write fails, as on a full disk.
type failing struct{}

func (failing) Write([]byte) (int, error)         { return 0, errors.New("disk full") }
func (failing) ReadAt([]byte, int64) (int, error) { return 0, io.EOF }

// TestRestoreParsesAgain checks that a body the build let go of is made
// again from its file when the cache could not be written.
func TestRestoreParsesAgain(t *testing.T) {
	m := newMemo(markdown.New(markdown.Options{}))
	m.saveTo(failing{}, []byte("h"))
	b := m.body()
	b.Render([]byte("Some *words*.\n"), "a")
	if !b.publish() {
		t.Fatal("nothing to publish")
	}
	c := &diskCache{docs: m, log: slog.New(slog.DiscardHandler)}
	c.spill("content/reviews/a.md", b)
	var parsed []string
	restore := c.restorer(func(file string) (*content.Review, error) {
		parsed = append(parsed, file)
		return &content.Review{Body: "<p>Some <em>words</em>.</p>\n", SpoilerFree: "free"}, nil
	})
	r := &site.Review{Review: &content.Review{File: "content/reviews/a.md"}}
	if err := restore([]*site.Review{r}); err != nil {
		t.Fatal(err)
	}
	if len(parsed) != 1 || r.Body != "<p>Some <em>words</em>.</p>\n" || r.SpoilerFree != "free" {
		t.Errorf("parsed %v again; body %q, %q", parsed, r.Body, r.SpoilerFree)
	}
}

// TestBuildCacheSiteCounts adds a review to a site whose theme prints the
// site's number of reviews on every page, through a variable that holds
// the site from a loop's second pass, and checks that an incremental
// build writes what a build from nothing does.
func TestBuildCacheSiteCounts(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/reviews/alien.md": review("Alien", "Alien", "3/4"),
		"templates/partials/size.html": `{{define "head"}}{{$x := .Nav}}{{range $i, $_ := seq 2}}{{if $i}}` +
			`<meta name="size" content="{{if gt $x.Reviews 1}}many{{else}}one{{end}}">{{end}}{{$x = $.Site}}{{end}}{{end}}`,
	})
	cfg := Config{Src: src, Out: filepath.Join(t.TempDir(), "public"), Now: goldenNow}
	for _, step := range []string{"first build", "a review added"} {
		if step == "a review added" {
			write(t, filepath.Join(src, "content/reviews/heat.md"), review("Heat", "Heat", "3/4"))
		}
		if _, err := Build(context.Background(), cfg); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		checkFresh(t, step, cfg)
	}
}
