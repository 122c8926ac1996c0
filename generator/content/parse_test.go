package content

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"ssg/generator/markdown"
	"ssg/generator/rating"
)

var testOpts = Options{
	Scale:    rating.DefaultScale(),
	Location: time.FixedZone("site", 2*3600),
	Markdown: markdown.New(markdown.Options{}),
}

const file = "content/reviews/x.md"

func TestParseFormats(t *testing.T) {
	want := func(t *testing.T, r *Review) {
		t.Helper()
		if r.Title != "A quiet dystopia" || r.Film != "Never Let Me Go" || r.Year != 2010 {
			t.Errorf("title/film/year = %q/%q/%d", r.Title, r.Film, r.Year)
		}
		if r.Rating == nil || r.Rating.String() != "3.5" || r.Rating.Written != "3½/4" {
			t.Errorf("rating = %+v", r.Rating)
		}
		if got := r.Date.Format(time.RFC3339); got != "2024-05-01T00:00:00+02:00" {
			t.Errorf("date = %s, want midnight in the site's zone", got)
		}
		if strings.Join(r.Cast, "|") != "Carey Mulligan|Andrew Garfield" {
			t.Errorf("cast = %q", r.Cast)
		}
		if r.Params["seen_at"] != "Curzon" {
			t.Errorf("params = %v", r.Params)
		}
		if !strings.Contains(string(r.Body), "<p>Body <em>text</em>.</p>") {
			t.Errorf("body = %q", r.Body)
		}
		if r.Slug != "x" {
			t.Errorf("slug = %q", r.Slug)
		}
	}
	tests := []struct{ name, src string }{
		{"yaml", "---\ntitle: A quiet dystopia\nfilm: Never Let Me Go\nyear: 2010\nrating: \"3½/4\"\ndate: 2024-05-01\ncast: [Carey Mulligan, Andrew Garfield]\nseen_at: Curzon\n---\nBody *text*.\n"},
		{"yaml year as string", "---\ntitle: A quiet dystopia\nfilm: Never Let Me Go\nyear: \"2010\"\nrating: 3½/4\ndate: \"2024-05-01\"\ncast:\n  - Carey Mulligan\n  - Andrew Garfield\nseen_at: Curzon\n---\nBody *text*.\n"},
		{"toml", "+++\ntitle = \"A quiet dystopia\"\nfilm = \"Never Let Me Go\"\nyear = 2010\nrating = \"3½/4\"\ndate = 2024-05-01\ncast = [\"Carey Mulligan\", \"Andrew Garfield\"]\nseen_at = \"Curzon\"\n+++\nBody *text*.\n"},
		{"json", "{\n  \"title\": \"A quiet dystopia\",\n  \"film\": \"Never Let Me Go\",\n  \"year\": 2010,\n  \"rating\": \"3½/4\",\n  \"date\": \"2024-05-01\",\n  \"cast\": [\"Carey Mulligan\", \"Andrew Garfield\"],\n  \"seen_at\": \"Curzon\"\n}\n\nBody *text*.\n"},
		{"old mac line endings", "---\rtitle: A quiet dystopia\rfilm: Never Let Me Go\ryear: 2010\rrating: \"3½/4\"\rdate: 2024-05-01\rcast: [Carey Mulligan, Andrew Garfield]\rseen_at: Curzon\r---\rBody *text*.\r"},
		{"bom and crlf", "\ufeff---\r\ntitle: A quiet dystopia\r\nfilm: Never Let Me Go\r\nyear: 2010\r\nrating: \"3½/4\"\r\ndate: 2024-05-01\r\ncast: [Carey Mulligan, Andrew Garfield]\r\nseen_at: Curzon\r\n---\r\nBody *text*.\r\n"},
		{"blank lines before", "\n\n---\ntitle: A quiet dystopia\nfilm: Never Let Me Go\nyear: 2010.0\nrating: \"3½/4\"\ndate: 2024-05-01\ncast: [Carey Mulligan, Andrew Garfield]\nseen_at: Curzon\n---\nBody *text*.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(file, []byte(tt.src), testOpts)
			if err != nil {
				t.Fatal(err)
			}
			want(t, r)
		})
	}
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		name  string
		extra string
		check func(*Review) bool
	}{
		{"film called No stays a string", "film: No", func(r *Review) bool { return r.Film == "No" }},
		{"numeric film title", "film: 1917", func(r *Review) bool { return r.Film == "1917" }},
		{"number keeps its written text", "film: 007", func(r *Review) bool { return r.Film == "007" }},
		{"float text kept", "title: 1e3", func(r *Review) bool { return r.Title == "1e3" }},
		{"year as decimal text", "year: \"2010.0\"", func(r *Review) bool { return r.Year == 2010 }},
		{"director as string", "director: Mark Romanek", func(r *Review) bool { return len(r.Director) == 1 && r.Director[0] == "Mark Romanek" }},
		{"directors as list", "director: [Joel Coen, Ethan Coen]", func(r *Review) bool { return len(r.Director) == 2 }},
		{"rating as number", "rating: 3.5", func(r *Review) bool { return r.Rating.String() == "3.5" && r.Rating.Written == "3.5" }},
		{"rating ten point", "rating: 7/10", func(r *Review) bool { return r.Rating.String() == "3" && rating.Format(r.Rating.Exact()) == "2.8" }},
		{"empty rating is unrated", "rating:", func(r *Review) bool { return r.Rating == nil }},
		{"runtime duration", "runtime: 1h43m", func(r *Review) bool { return r.Runtime == 103 }},
		{"runtime minutes", "runtime: 103", func(r *Review) bool { return r.Runtime == 103 }},
		{"runtime with unit", "runtime: 103 min", func(r *Review) bool { return r.Runtime == 103 }},
		{"date with zone kept", "date: 2024-05-01T10:00:00Z", func(r *Review) bool { return r.Date.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) }},
		{"date time in site zone", "date: 2024-05-01 10:00", func(r *Review) bool { return r.Date.Equal(time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)) }},
		{"custom slug", "slug: my-review", func(r *Review) bool { return r.Slug == "my-review" }},
		{"spoilers", "spoilers: true", func(r *Review) bool { return r.Spoilers }},
		{"draft", "draft: true", func(r *Review) bool { return r.Draft }},
		{"nested param", "extra: {a: 1}", func(r *Review) bool { return r.Params["extra"].(map[string]any)["a"] == int64(1) }},
		{"poster and its line", "poster: poster.jpg", func(r *Review) bool { return r.Poster == "poster.jpg" && r.PosterLine == 5 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := "title: T\nfilm: F\ndate: 2024-05-01\n"
			for _, line := range strings.Split(base, "\n") {
				if key, _, _ := strings.Cut(line, ":"); key != "" && strings.HasPrefix(tt.extra, key+":") {
					base = strings.Replace(base, line+"\n", "", 1)
				}
			}
			src := "---\n" + base + tt.extra + "\n---\nbody\n"
			r, err := Parse(file, []byte(src), testOpts)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(r) {
				t.Errorf("unexpected review: %+v", r)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // every line the error must hold
		is        error
	}{
		{"no front matter", "Just text\n", []string{file + ":1: no front matter"}, ErrNoFrontMatter},
		{"unclosed yaml", "---\ntitle: T\nfilm: F\n\nbody\n", []string{file + ":1: front matter is never closed: YAML"}, ErrUnclosed},
		{"unclosed toml", "\n+++\ntitle = \"T\"\n", []string{file + ":2: front matter is never closed: TOML"}, ErrUnclosed},
		{"unclosed json", "{\n\"title\": \"T\"\n", []string{file + ":1: front matter is never closed: JSON"}, ErrUnclosed},
		{"invalid yaml", "---\ntitle: T\nfilm: [F\ndate: 2024-05-01\n---\n", []string{file + ":3: invalid YAML front matter"}, nil},
		{"yaml text after quote", "---\na: 1\nb: 2\ntitle: \"x\" y\n---\n", []string{file + ":4: invalid YAML front matter: did not find expected key"}, nil},
		{"yaml unclosed flow", "---\na: 1\nb: 2\ncast: [a, b\n---\n", []string{file + ":4: invalid YAML front matter"}, nil},
		{"yaml tab indent", "---\na: 1\nb: 2\n\tc: 1\n---\n", []string{file + ":4: invalid YAML front matter"}, nil},
		{"json nested key does not mislead", "{\n\"extra\": {\"title\": 1},\n\"film\": \"F\",\n\"date\": \"2024-05-01\",\n\"title\": true\n}\n\n", []string{file + ":5: title: want text, got true"}, nil},
		{"toml multiline string does not mislead", "+++\nfilm = \"F\"\ndate = 2024-05-01\nnote = \"\"\"\ntitle = 1\n\"\"\"\ntitle = true\n+++\n", []string{file + ":7: title: want text, got true"}, nil},
		{"invalid yaml line", "---\ntitle: T\nfilm: F\n  bad: indent: here\n---\n", []string{file + ":4: invalid YAML front matter"}, nil},
		{"invalid toml", "+++\ntitle = \"T\"\nfilm = F\n+++\n", []string{file + ":3: invalid TOML front matter"}, nil},
		{"invalid json", "{\n\"title\": \"T\",\n\"film\": F\n}\n\n", []string{file + ":3: invalid JSON front matter"}, nil},
		{"missing fields", "---\nyear: 2010\n---\n", []string{
			file + `:1: missing required field "title"`, file + `:1: missing required field "film"`, file + `:1: missing required field "date"`}, nil},
		{"wrong types", "---\ntitle: [a, b]\nfilm: true\ndate: 2024-05-01\nyear: soon\nspoilers: maybe\n---\n", []string{
			file + ":2: title: want text, got a list", file + ":3: film: want text, got true",
			file + `:5: year: want a whole number, got "soon"`, file + ":6: spoilers: want true or false"}, nil},
		{"bad rating names line", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\nrating: 11/10\n---\n", []string{file + `:5: rating "11/10": above its scale`}, rating.ErrAboveScale},
		{"bad rating toml line", "+++\ntitle = \"T\"\nfilm = \"F\"\n\ndate = 2024-05-01\nrating = \"-1/4\"\n+++\n", []string{file + `:6: rating "-1/4": negative`}, rating.ErrNegative},
		{"bad rating json line", "{\n\"title\": \"T\",\n\"film\": \"F\",\n\"date\": \"2024-05-01\",\n\"rating\": \"3/0\"\n}\n\n", []string{file + `:5: rating "3/0": zero scale`}, rating.ErrZeroScale},
		{"bad date", "---\ntitle: T\nfilm: F\ndate: yesterday\n---\n", []string{file + `:4: date: "yesterday" is not a date`}, nil},
		{"toml time of day is no date", "+++\ntitle = \"T\"\nfilm = \"F\"\ndate = 07:32:00\n+++\nBody.\n", []string{file + ":4: date: 07:32:00 is a time of day, not a date (want 2024-05-01 or 2024-05-01T07:32:00)"}, nil},
		{"bad year", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\nyear: 12\n---\n", []string{file + ":5: year: 12 is not a film's year"}, nil},
		{"bad slug", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\nslug: Not A Slug\n---\n", []string{file + `:5: slug: "Not A Slug"`}, nil},
		{"empty slug", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\nslug: \"\"\n---\n", []string{file + `:5: slug is empty: remove the line to use the file's name ("`}, nil},
		{"duplicate key", "---\ntitle: T\nfilm: F\ntitle: U\ndate: 2024-05-01\n---\n", []string{file + `:4: key "title" appears twice (first on line 2)`}, nil},
		{"duplicate yaml key in a nested mapping", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\nextra:\n  a: 1\n  list: [{b: 1, b: 2}]\n  a: 2\n---\n", []string{file + `:7: extra: key "b" appears twice (first on line 7)`}, nil},
		{"duplicate yaml key under a key", "---\ntitle: T\nfilm: F\ndate: 2024-05-01\nextra:\n  a: 1\n  a: 2\n---\n", []string{file + `:7: extra: key "a" appears twice (first on line 6)`}, nil},
		{"duplicate json key", "{\n  \"title\": \"T\",\n  \"film\": \"F\",\n  \"film\": \"G\",\n  \"date\": \"2024-01-01\"\n}\n\nBody.\n", []string{file + `:4: key "film" appears twice (first on line 3)`}, nil},
		{"duplicate json keys at any depth", "{\n\"title\": \"T\",\n\"film\": \"F\",\n\"date\": \"2024-01-01\",\n\"x\": [{\"a\": 1,\n\"a\": 2}],\n\"fi\\u006cm\": \"G\"\n}\n\n", []string{
			file + `:6: key "a" appears twice (first on line 5)`, file + `:7: key "film" appears twice (first on line 3)`}, nil},
		// Refused before BurntSushi/toml reads them: its memory and time
		// grow with the square of the depth, and arrays 2,000,000 deep
		// overflow its stack.
		{"deep toml inline tables", "+++\ntitle = \"T\"\nfilm = \"F\"\ndate = 2024-01-01\nx = " + strings.Repeat("{a=", 1000) + "1" + strings.Repeat("}", 1000) + "\n+++\nBody.\n",
			[]string{file + ":5: invalid TOML front matter: tables and arrays nest more than 32 deep"}, nil},
		{"deep toml arrays", "+++\ntitle = \"T\"\nfilm = \"F\"\ndate = 2024-01-01\nx = " + strings.Repeat("[", 2_000_000) + strings.Repeat("]", 2_000_000) + "\n+++\nBody.\n",
			[]string{file + ":5: invalid TOML front matter: tables and arrays nest more than 32 deep"}, nil},
		{"deep toml dotted key", "+++\ntitle = \"T\"\nfilm = \"F\"\ndate = 2024-01-01\nx" + strings.Repeat(".a", 10_000) + " = 1\n+++\nBody.\n",
			[]string{file + ":5: invalid TOML front matter: tables and arrays nest more than 32 deep"}, nil},
		{"deep toml table header", "+++\ntitle = \"T\"\nfilm = \"F\"\ndate = 2024-01-01\n\n[x" + strings.Repeat(".a", 10_000) + "]\n+++\nBody.\n",
			[]string{file + ":6: invalid TOML front matter: tables and arrays nest more than 32 deep"}, nil},
		{"not a mapping", "---\n- a\n- b\n---\n", []string{file + ":2: front matter must be a mapping"}, nil},
		{"alias bomb", "---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n", []string{file + ":5: d: too many values"}, nil},
		{"invalid utf-8", "---\ntitle: T\nfilm: \xff\n---\n", []string{file + ":3: not valid UTF-8"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(file, []byte(tt.src), testOpts)
			if err == nil {
				t.Fatalf("no error; review %+v", r)
			}
			got := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("error\n%s\ndoes not contain %q", got, w)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Errorf("error %T is not a *content.Error", err)
			}
		})
	}
}

func TestFrontMatterNeverBecomesBody(t *testing.T) {
	// An unclosed block must fail rather than publish the keys as text.
	_, err := Parse(file, []byte("---\ntitle: T\nfilm: F\ndate: 2024-05-01\n"), testOpts)
	if !errors.Is(err, ErrUnclosed) {
		t.Fatalf("err = %v, want ErrUnclosed", err)
	}
}

func TestSlugFromFolder(t *testing.T) {
	src := []byte("---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n")
	for name, want := range map[string]string{
		"content/reviews/never-let-me-go/index.md": "never-let-me-go",
		"content/reviews/index.md":                 "index",
		"content/reviews/2024/Amélie à Paris.md":   "amelie-a-paris",
	} {
		r, err := Parse(name, src, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		if r.Slug != want {
			t.Errorf("%s: slug %q, want %q", name, r.Slug, want)
		}
	}
}

func TestJoinSorts(t *testing.T) {
	err := Join([]error{Errorf("b.md", 1, "x"), Errorf("a.md", 9, "y"), Errorf("a.md", 2, "z")})
	want := "a.md:2: z\na.md:9: y\nb.md:1: x"
	if err.Error() != want {
		t.Errorf("got\n%s\nwant\n%s", err, want)
	}
	if Join(nil) != nil {
		t.Error("Join(nil) != nil")
	}
}

func TestFind(t *testing.T) {
	review := &fstest.MapFile{Data: []byte("---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n")}
	comment := &fstest.MapFile{Data: []byte("author: A\ndate: 2024-05-02\ntext: Hi.\n")}
	tests := []struct {
		name     string
		fsys     fstest.MapFS
		n        int
		comments map[string][]string
		err      string
	}{
		{"reviews and bundles", fstest.MapFS{"content/reviews/a.md": review, "content/reviews/b/index.md": review, "content/reviews/.hidden.md": review}, 2, nil, ""},
		{"empty reviews folder", fstest.MapFS{"content/reviews/.keep": &fstest.MapFile{}}, 0, nil, ""},
		{"not a site", fstest.MapFS{"other.md": review}, 0, nil, "no content/ folder here"},
		{"review in the wrong place", fstest.MapFS{"content/a.md": review, "content/reviews/b.md": review}, 1, nil, "content/a.md: reviews go in content/reviews/"},
		{"comments of both kinds of review", fstest.MapFS{
			"content/reviews/a.md":                     review,
			"content/reviews/a.comments/2.yaml":        comment,
			"content/reviews/a.comments/1.yaml":        comment,
			"content/reviews/a.comments/.keep":         &fstest.MapFile{},
			"content/reviews/a.comments/1.yaml~":       comment,
			"content/reviews/b/index.md":               review,
			"content/reviews/b/comments/x.yaml":        comment,
			"content/reviews/b/c.md":                   review,
			"content/reviews/b/c.comments/y.yaml":      comment,
			"content/reviews/index.md":                 review,
			"content/reviews/index.comments/z.yaml":    comment,
			"content/reviews/comments/index.md":        review, // a review whose name is comments
			"content/reviews/comments/comments/w.yaml": comment,
		}, 5, map[string][]string{
			"content/reviews/a.md":              {"content/reviews/a.comments/1.yaml", "content/reviews/a.comments/2.yaml"},
			"content/reviews/b/index.md":        {"content/reviews/b/comments/x.yaml"},
			"content/reviews/b/c.md":            {"content/reviews/b/c.comments/y.yaml"},
			"content/reviews/index.md":          {"content/reviews/index.comments/z.yaml"},
			"content/reviews/comments/index.md": {"content/reviews/comments/comments/w.yaml"},
		}, ""},
		{"markdown in a comment folder is no review", fstest.MapFS{"content/reviews/a.md": review, "content/reviews/a.comments/b.md": review},
			1, nil, "content/reviews/a.comments/b.md: not a comment"},
		{"a folder in a comment folder", fstest.MapFS{"content/reviews/a.md": review, "content/reviews/a.comments/old/b.yaml": comment},
			1, nil, "content/reviews/a.comments/old: a comment folder holds only comment files"},
		{"comments without their review", fstest.MapFS{"content/reviews/a.md": review, "content/reviews/b.comments/c.yaml": comment},
			1, nil, "content/reviews/b.comments: comments of content/reviews/b.md, which does not exist"},
		{"comments beside a missing index.md", fstest.MapFS{"content/reviews/y/a.md": review, "content/reviews/y/comments/c.yaml": comment},
			1, nil, "content/reviews/y/comments: comments of content/reviews/y/index.md, which does not exist"},
		{"comments of a review in its folder named like a file's", fstest.MapFS{"content/reviews/y/index.md": review, "content/reviews/y/index.comments/c.yaml": comment},
			1, nil, "content/reviews/y/index.comments: the comments of content/reviews/y/index.md go in content/reviews/y/comments/: move them there"},
		{"an empty comment folder is fine", fstest.MapFS{"content/reviews/a.md": review, "content/reviews/b.comments/.keep": &fstest.MapFile{}}, 1, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Find(tt.fsys)
			if err == nil {
				err = Join(got.Problems)
			}
			if (err != nil) != (tt.err != "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
			if len(got.Reviews) != tt.n {
				t.Errorf("%d reviews, want %d: %v", len(got.Reviews), tt.n, got.Reviews)
			}
			if fmt.Sprint(got.Comments) != fmt.Sprint(tt.comments) {
				t.Errorf("comments\n got %v\nwant %v", got.Comments, tt.comments)
			}
		})
	}
}

// TestEmptySlugMessage checks that the error for `slug: ""` offers the
// file's name as the URL only when that name makes one.
func TestEmptySlugMessage(t *testing.T) {
	src := []byte("---\ntitle: T\nfilm: F\ndate: 2024-05-01\nslug: \"\"\n---\n")
	tests := []struct {
		name, file string
		want, not  string
	}{
		{"file name makes a slug", "content/reviews/never-let-me-go.md", `:5: slug is empty: remove the line to use the file's name ("never-let-me-go")`, "gives none"},
		{"folder review", "content/reviews/alien/index.md", `:5: slug is empty: remove the line to use the file's name ("alien")`, "gives none"},
		{"file name makes none", "content/reviews/___.md", ":5: slug is empty: name the URL (the file's name gives none)", "remove the line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, src, testOpts)
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.file+tt.want) || strings.Contains(msg, tt.not) {
				t.Errorf("error %q, want %q and not %q", msg, tt.file+tt.want, tt.not)
			}
		})
	}
}
