package generator

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/rating"
	"ssg/generator/slug"
)

// TestNewReviewSettings checks what a new review takes from ssg.toml: the
// date is today in the site's zone, not the machine's, the author is the
// site's, and the rating is read on the site's scale.
func TestNewReviewSettings(t *testing.T) {
	// 20:30 UTC on 1 May is already 2 May in Tokyo and still 1 May in Los Angeles.
	now := time.Date(2024, 5, 1, 20, 30, 0, 0, time.UTC)
	tests := []struct {
		name, toml, rating  string
		date, author, value string
		err                 string
	}{
		{"defaults", "", "7/10", "2024-05-01", "", "3", ""},
		{"east of UTC", "timezone = \"Asia/Tokyo\"\n", "", "2024-05-02", "", "", ""},
		{"west of UTC", "timezone = \"America/Los_Angeles\"\n", "", "2024-05-01", "", "", ""},
		{"author", "author = \"Melissa Hart\"\n", "", "2024-05-01", "Melissa Hart", "", ""},
		{"ten-point scale", "[rating]\nscale = 10\nstep = 1\n", "8", "2024-05-01", "", "8", ""},
		{"above a four-point scale", "", "8", "", "", "", `rating "8": above its scale; write a rating like 3/4`},
		{"bad ssg.toml", "author = 3\n", "", "", "", "", "ssg.toml:1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "content"), 0o755)
			os.WriteFile(filepath.Join(dir, ConfigFile), []byte(tt.toml), 0o644)
			cfg := Config{Src: dir, Now: now}
			path, err := NewReview(cfg, Draft{Film: "Solaris", Year: 1972, Rating: tt.rating})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if _, err := os.Stat(filepath.Join(dir, "content/reviews")); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("a failed new review left content/reviews/ behind: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, "content/reviews/solaris-1972.md"); path != want {
				t.Errorf("path = %q, want %q", path, want)
			}
			set, err := loadSettings(os.DirFS(dir), "")
			if err != nil {
				t.Fatal(err)
			}
			src, _ := os.ReadFile(path)
			r, err := content.Parse("content/reviews/solaris-1972.md", src, content.Options{Scale: set.scale, Location: set.location, Markdown: markdown.New(markdown.Options{})})
			if err != nil {
				t.Fatalf("the new review does not parse: %v\n%s", err, src)
			}
			value := ""
			if r.Rating != nil {
				value = r.Rating.String()
			}
			if got := r.Date.Format(time.DateOnly); got != tt.date || r.Date.Location().String() != set.location.String() || r.Author != tt.author || value != tt.value || !r.Draft {
				t.Errorf("date %s in %s, author %q, rating %q, draft %t; want %s in %s, %q, %q, a draft",
					got, r.Date.Location(), r.Author, value, r.Draft, tt.date, set.location, tt.author, tt.value)
			}
		})
	}
}

func TestDraftSlug(t *testing.T) {
	long := strings.Repeat("word ", 30)
	tests := []struct {
		film string
		year int
		want string
	}{
		{"Never Let Me Go", 2010, "never-let-me-go-2010"},
		{"Never Let Me Go", 0, "never-let-me-go"},
		{"Alien: Covenant", 2017, "alien-covenant-2017"},
		{"../../etc/passwd", 0, "etc-passwd"},
		{`C:\Windows`, 0, "c-windows"},
		{"1917", 2019, "1917-2019"},
		{"Крылья", 1966, "krylia-1966"},
		{long, 2001, strings.TrimSuffix(strings.Repeat("word-", 16), "-") + "-2001"},
		{strings.Repeat("x", 200), 0, strings.Repeat("x", maxSlug)},
	}
	for _, tt := range tests {
		if got := draftSlug(tt.film, tt.year); got != tt.want {
			t.Errorf("draftSlug(%q, %d) = %q, want %q", tt.film, tt.year, got, tt.want)
		}
	}
}

// TestQuote checks that quoted text reads back unchanged in each front
// matter format.
func TestQuote(t *testing.T) {
	for _, s := range []string{"", "No", "yes", "null", "~", "1917", "1e3", "0x1F", "007", "Alien: Covenant",
		`The "Lady" Vanishes`, `back\slash`, "a # b", "- dash", "[list]", "{map}", "&anchor", "*alias", "!tag",
		"%percent", "@at", "`tick", "'single'", "tab\there", "line\nbreak", "nel\u0085", "ls\u2028 ps\u2029 ",
		"\ufeffbom", "nul\x00del\x7f", "🎬 emoji", "Amélie", "  spaced  "} {
		if err := quoteRoundTrip(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// quoteRoundTrip reads quote(s) as a YAML, a TOML and a JSON string and
// says where it does not give back s.
func quoteRoundTrip(s string) error {
	q := quote(s)
	var y struct{ V string }
	if err := yaml.Unmarshal([]byte("v: "+q+" # comment\n"), &y); err != nil || y.V != s {
		return errors.New("YAML reads " + q + " as " + y.V)
	}
	var tm struct{ V string }
	if _, err := toml.Decode("V = "+q+"\n", &tm); err != nil || tm.V != s {
		return errors.New("TOML reads " + q + " as " + tm.V)
	}
	var j string
	if err := json.Unmarshal([]byte(q), &j); err != nil || j != s {
		return errors.New("JSON reads " + q + " as " + j)
	}
	return nil
}

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "No", `"\`, "a: b", "\u2028", "\x00", "\ufeff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // text from a command line or ssg.toml is checked first
		}
		if err := quoteRoundTrip(s); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

// FuzzDraft runs any film title and year through a new review made from the
// default theme's archetype: a title is refused as a DraftError or gives a
// slug of lowercase ASCII and dashes, and a review that content.Parse reads
// back with the same film and year, as a draft, whose film a build can
// make a URL from.
func FuzzDraft(f *testing.F) {
	for _, s := range []string{"Never Let Me Go", "No", "1917", `The "Lady" Vanishes`, "Alien: Covenant", "../../etc",
		"🎬🍿", "", "  ", "a # b", "line\nbreak", "{{ .Film }}", "---", "+++\n", "x\u2028y", "\ufeff", strings.Repeat("ab ", 100)} {
		f.Add(s, 2010)
	}
	f.Add("Solaris", 0)
	f.Add("Solaris", 1)
	name, tmpl, err := archetype(fstest.MapFS{})
	if err != nil {
		f.Fatal(err)
	}
	opts := content.Options{Scale: rating.DefaultScale(), Location: time.UTC, Markdown: markdown.New(markdown.Options{})}
	f.Fuzz(func(t *testing.T, film string, year int) {
		clean, err := checkDraft(Draft{Film: film, Year: year})
		if err != nil {
			var de *DraftError
			if !errors.As(err, &de) {
				t.Fatalf("%q, %d: %v is not a DraftError", film, year, err)
			}
			return
		}
		s := draftSlug(clean, year)
		if s == "" || slug.Make(s) != s || len(s) > maxSlug+5 {
			t.Fatalf("%q, %d: slug %q", film, year, s)
		}
		file := content.Dir + "/" + s + ".md"
		src, err := draft(name, tmpl, ArchetypeData{Film: clean, Year: year, Scale: "4", Date: "2024-05-01", Slug: s}, file, opts)
		if err != nil {
			t.Fatalf("%q, %d: %v", film, year, err)
		}
		r, err := content.Parse(file, src, opts)
		if err != nil {
			t.Fatalf("%q, %d: %v\n%s", film, year, err, src)
		}
		if r.Film != clean || r.Year != year || r.Title != clean || !r.Draft || r.Slug != s {
			t.Fatalf("%q, %d: read back film %q, year %d, title %q, draft %t, slug %q", film, year, r.Film, r.Year, r.Title, r.Draft, r.Slug)
		}
		if slug.Make(r.Film) == "" {
			t.Fatalf("%q, %d: a draft every build with --drafts refuses: its film makes no URL", film, year)
		}
	})
}

// TestNewReviewConcurrent writes reviews of one film at once: each finds
// the same slugs free, and only creating the file exclusively keeps one
// from overwriting another.
func TestNewReviewConcurrent(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	const n = 8
	paths := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { paths[i], errs[i] = NewReview(Config{Src: dir, Now: time.Now()}, Draft{Film: "Solaris"}) })
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, p := range paths {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[p] {
			t.Errorf("two reviews written to %s", p)
		}
		seen[p] = true
	}
	files, _ := os.ReadDir(filepath.Join(dir, content.Dir))
	if len(files) != n {
		t.Errorf("%d files for %d reviews", len(files), n)
	}
}

// TestArchetypeKeys checks that the default theme's archetype writes every
// key a review may have (slug as a comment, since the file name gives it)
// and no other.
func TestArchetypeKeys(t *testing.T) {
	name, tmpl, err := archetype(fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := tmpl.Execute(&buf, ArchetypeData{Film: "Solaris", Year: 1972, Rating: "4/4", Date: "2024-05-01", Slug: "solaris-1972"}); err != nil {
		t.Fatal(err)
	}
	front, _, _ := strings.Cut(strings.TrimPrefix(buf.String(), "---\n"), "\n---\n")
	var fields map[string]any
	if err := yaml.Unmarshal([]byte(front), &fields); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, front)
	}
	for _, k := range content.Keys() {
		if _, ok := fields[k]; !ok && !strings.Contains(front, "\n# "+k+": ") {
			t.Errorf("%s does not write %s", name, k)
		}
		delete(fields, k)
	}
	for k := range fields {
		t.Errorf("%s writes %s, which no review has", name, k)
	}
}
