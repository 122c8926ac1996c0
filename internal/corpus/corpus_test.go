package corpus

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ssg/generator"
	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/rating"
	"ssg/generator/slug"
)

// readTree reads every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	write := func(n int, seed int64) map[string][]byte {
		dir := t.TempDir()
		if err := Write(dir, n, seed); err != nil {
			t.Fatal(err)
		}
		return readTree(t, dir)
	}
	a, b := write(60, 7), write(60, 7)
	t.Run("same seed, same tree", func(t *testing.T) {
		if len(a) != 61 {
			t.Fatalf("wrote %d files, want 60 reviews and ssg.toml", len(a))
		}
		for p, data := range a {
			if !bytes.Equal(data, b[p]) {
				t.Errorf("%s differs between two writes", p)
			}
		}
		if len(b) != len(a) {
			t.Errorf("second write has %d files, first %d", len(b), len(a))
		}
	})
	t.Run("review i does not depend on n", func(t *testing.T) {
		for p, data := range write(25, 7) {
			if !bytes.Equal(data, a[p]) {
				t.Errorf("%s differs between corpora of 25 and 60 reviews", p)
			}
		}
	})
	t.Run("Review gives the written file", func(t *testing.T) {
		for _, i := range []int{0, 13, 59} {
			p, data := Review(i, 7)
			if !bytes.Equal(data, a[p]) {
				t.Errorf("Review(%d, 7) = %s, which is not the file Write wrote", i, p)
			}
		}
	})
	t.Run("another seed, another corpus", func(t *testing.T) {
		_, x := Review(3, 7)
		_, y := Review(3, 8)
		if bytes.Equal(x, y) {
			t.Error("seeds 7 and 8 give the same review 3")
		}
	})
}

// ratingLine finds a review's rating as written in any front matter format.
var ratingLine = regexp.MustCompile(`(?m)^(?:rating: |rating = |  "rating": )(.*?),?$`)

// formPatterns classify a written rating, quotes removed, by form.
var formPatterns = []struct {
	name string
	re   *regexp.Regexp
}{
	{"slash", regexp.MustCompile(`^\d+(\.5)?/4$`)},
	{"vulgar", regexp.MustCompile(`^\d*½/4$`)},
	{"comma", regexp.MustCompile(`^\d+,5/4$`)},
	{"quarter", regexp.MustCompile(`^\d*[¼¾]/4$`)},
	{"ten", regexp.MustCompile(`^\d+/10$`)},
	{"hundred", regexp.MustCompile(`^\d+/100$`)},
	{"five", regexp.MustCompile(`^\d+(\.5)?/5$`)},
	{"out of", regexp.MustCompile(`^\d+(\.5)? out of 4$`)},
	{"out of vulgar", regexp.MustCompile(`^\d*½ out of 4$`)},
	{"out of ten", regexp.MustCompile(`^\d+(\.5)? out of 10$`)},
	{"stars", regexp.MustCompile(`^★*½?$`)},
	{"stars with empties", regexp.MustCompile(`^★*½?☆+$`)},
	{"text", regexp.MustCompile(`^\d+(\.5)?$`)},
	{"text vulgar", regexp.MustCompile(`^\d*½$`)},
}

// classify names the form of the raw rating value of a front matter line.
func classify(raw string) string {
	s, err := strconv.Unquote(raw)
	if err != nil {
		if _, err := strconv.ParseFloat(raw, 64); err == nil {
			return "number"
		}
		return ""
	}
	for _, f := range formPatterns {
		if f.re.MatchString(s) {
			return f.name
		}
	}
	return ""
}

// parseAll parses reviews 0..n-1 of seed as ssg does.
func parseAll(t *testing.T, n int, seed int64) ([]*content.Review, map[string][]byte) {
	t.Helper()
	opts := content.Options{Scale: rating.DefaultScale(), Location: time.UTC, Markdown: markdown.New(markdown.Options{})}
	var reviews []*content.Review
	raw := map[string][]byte{}
	for i := range n {
		p, data := Review(i, seed)
		raw[p] = data
		r, err := content.Parse(p, data, opts)
		if err != nil {
			t.Errorf("review %d: %v", i, err)
			continue
		}
		reviews = append(reviews, r)
	}
	return reviews, raw
}

func TestReviewsParse(t *testing.T) {
	const n = 200
	reviews, raw := parseAll(t, n, 1)
	t.Run("words", func(t *testing.T) {
		// The corpus writes 500 to 1,180 words as strings.Fields counts
		// them; ssg counts the rendered text, without list markers, table
		// rules or dashes, so a few less.
		for _, r := range reviews {
			if r.Words < 450 || r.Words > 1200 {
				t.Errorf("%s: %d words, want 450 to 1200", r.File, r.Words)
			}
		}
	})
	t.Run("dates", func(t *testing.T) {
		first, end := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, r := range reviews {
			if r.Date.Before(first) || !r.Date.Before(end) {
				t.Errorf("%s: date %v, want 2016 to 2025", r.File, r.Date)
			}
			if r.Date.Year() < r.Year {
				t.Errorf("%s: reviewed in %d, before the film's year %d", r.File, r.Date.Year(), r.Year)
			}
		}
	})
	t.Run("unique slugs", func(t *testing.T) {
		seen := map[string]string{}
		for _, r := range reviews {
			if prev, dup := seen[r.Slug]; dup {
				t.Errorf("%s and %s share the slug %q", r.File, prev, r.Slug)
			}
			seen[r.Slug] = r.File
		}
	})
	t.Run("films agree", func(t *testing.T) {
		first := map[string]*content.Review{}
		for _, r := range reviews {
			k := slug.Make(r.Film) + "/" + strconv.Itoa(r.Year)
			f, ok := first[k]
			if !ok {
				first[k] = r
				continue
			}
			if !slices.Equal(f.Director, r.Director) || !slices.Equal(f.Genres, r.Genres) ||
				f.Film != r.Film || (f.Runtime != 0 && r.Runtime != 0 && f.Runtime != r.Runtime) ||
				(f.Certificate != "" && r.Certificate != "" && f.Certificate != r.Certificate) ||
				(f.Country != "" && r.Country != "" && f.Country != r.Country) ||
				(f.IMDb != "" && r.IMDb != "" && f.IMDb != r.IMDb) {
				t.Errorf("%s and %s disagree about %s", f.File, r.File, k)
			}
			short, long := f.Cast, r.Cast
			if len(short) > len(long) {
				short, long = long, short
			}
			if !slices.Equal(short, long[:len(short)]) {
				t.Errorf("%s and %s disagree about the cast of %s", f.File, r.File, k)
			}
		}
		perFilm := float64(len(reviews)) / float64(len(first))
		if perFilm < 4 || perFilm > 6 {
			t.Errorf("%d reviews of %d films: %.1f a film, want about five", len(reviews), len(first), perFilm)
		}
	})
	t.Run("rating forms", func(t *testing.T) {
		count := map[string]int{}
		for p, data := range raw {
			m := ratingLine.FindSubmatch(data)
			if m == nil {
				count["unrated"]++
				continue
			}
			form := classify(string(m[1]))
			if form == "" {
				t.Errorf("%s: rating %s has no known form", p, m[1])
			}
			count[form]++
		}
		for _, name := range append(formNames[:], "unrated") {
			if count[name] == 0 {
				t.Errorf("no review has a rating of the form %q", name)
			}
		}
		t.Logf("forms: %v", count)
	})
	t.Run("variety", func(t *testing.T) {
		count := map[string]int{}
		for _, r := range reviews {
			count[r.Format]++
			if r.Spoilers {
				count["spoilers"]++
			}
			if strings.Count(r.File, "/") > 2 {
				count["in a subfolder"]++
			}
			if !strings.Contains(r.File, r.Slug) {
				count["slug set"]++
			}
			for _, mark := range []string{"<blockquote>", "<ul>", "<h2", "<a href", "footnote", "<em>", "<strong>"} {
				if strings.Contains(string(r.Body), mark) {
					count[mark]++
				}
			}
		}
		for _, k := range []string{"YAML", "TOML", "JSON", "spoilers", "in a subfolder", "slug set",
			"<blockquote>", "<ul>", "<h2", "<a href", "footnote", "<em>", "<strong>"} {
			if count[k] == 0 {
				t.Errorf("no review has %s", k)
			}
		}
		if count["YAML"] < count["TOML"]+count["JSON"] {
			t.Errorf("YAML front matter in %d reviews, want most", count["YAML"])
		}
	})
}

func TestFilmTitles(t *testing.T) {
	const films = 20000
	titles := map[string]int{}
	slugs := map[string]int{}
	for idx := range films {
		title := titleOf(idx, 1)
		if prev, dup := titles[title]; dup {
			t.Fatalf("films %d and %d are both called %q", prev, idx, title)
		}
		titles[title] = idx
		s := slug.Make(title)
		if prev, dup := slugs[s]; dup {
			t.Fatalf("films %d and %d share the slug %q", prev, idx, s)
		}
		slugs[s] = idx
	}
	remakes := 0
	years := map[string]int{}
	for idx := range 3000 {
		f := makeFilm(idx, 1)
		if y, dup := years[f.slug]; dup {
			remakes++
			if y == f.year {
				t.Errorf("two films %q of %d", f.title, y)
			}
		}
		years[f.slug] = f.year
	}
	if remakes == 0 {
		t.Error("no film shares its title with another")
	}
}

func TestRender(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, 100, 1); err != nil {
		t.Fatal(err)
	}
	cfg := generator.DefaultConfig()
	cfg.Src = dir
	cfg.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	res, err := generator.Render(context.Background(), os.DirFS(dir), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reviews != 100 {
		t.Errorf("published %d reviews, want 100", res.Reviews)
	}
	if res.Films < 15 || res.Films > 25 {
		t.Errorf("%d films, want about 20", res.Films)
	}
}

func BenchmarkReview(b *testing.B) {
	i := 0
	for b.Loop() {
		Review(i, 1)
		i++
	}
}
