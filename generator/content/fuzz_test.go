package content

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/tools/txtar"

	"ssg/generator/markdown"
)

// FuzzFrontMatter feeds arbitrary files to Parse: it must never panic,
// every failure must be a positioned *Error, and an unclosed spoiler
// block's must name the line of its ":::spoiler".
func FuzzFrontMatter(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/reviews/*.md")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{"---\n---\n", "+++\n+++\n", "{\n}\n\n", "---\ntitle: [\n---\n", "{\n\"a\": 1}\n}\n\nx", "\ufeff---\r\ntitle: x\r\n---\r\n",
		"---\ntitle: T\nfilm: F\ndate: 2024-05-01\n---\n> :::spoiler\n> x\n\n:::spoiler\n",
		"{\n\"title\": \"T\",\n\"film\": \"F\",\n\"date\": \"2024-05-01\"\n}\n\n- ::::Spoiler x\r\n  ||y||\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := Parse(file, src, testOpts)
		if err != nil {
			pe := placed(t, err)
			lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n"), "\n")
			for _, e := range flatten([]error{err}) {
				if !errors.Is(e, markdown.ErrUnclosedSpoiler) {
					continue
				}
				if !errors.As(e, &pe) || pe.Line > len(lines) || !strings.Contains(strings.ToLower(lines[pe.Line-1]), "spoiler") {
					t.Fatalf("%v: names no line with a spoiler", e)
				}
			}
			return
		}
		if r.Title == "" || r.Film == "" || r.Date.IsZero() {
			t.Fatalf("parsed a review without its required fields: %+v", r)
		}
	})
}

// FuzzFilmFile feeds arbitrary data files to ParseFilmFile: it must never
// panic, every failure must be a positioned *Error, and what it accepts
// holds only checked values.
func FuzzFilmFile(f *testing.F) {
	seeds, _ := filepath.Glob("../../data/films/*.yaml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{"", "year: 2010\n", "cast: [A as B, C]\n", "imdb: tt1234567\ntmdb: movie/1\nletterboxd: a-b\n",
		"poster: ../x\n", "a: &a [*a]\n", "- 1\n", "title: x\n", "release: 2010-01-01\nruntime: 1h2m\n", "cast: {a: 1}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ff, err := ParseFilmFile("data/films/x.yaml", src, time.UTC)
		if err != nil {
			placed(t, err)
			return
		}
		if ff.Slug != "x" {
			t.Fatalf("slug %q", ff.Slug)
		}
		if ff.IMDb != "" && !imdbPattern.MatchString(ff.IMDb) || ff.Letterboxd != "" && !letterboxdPattern.MatchString(ff.Letterboxd) {
			t.Fatalf("unchecked ids %q %q", ff.IMDb, ff.Letterboxd)
		}
		if ff.Poster != "" && !fs.ValidPath(ff.Poster) {
			t.Fatalf("poster %q leaves the site folder", ff.Poster)
		}
		if ff.Roles != nil && len(ff.Roles) != len(ff.Cast) {
			t.Fatalf("%d roles for %d cast", len(ff.Roles), len(ff.Cast))
		}
	})
}

// FuzzTOMLDepth feeds arbitrary text to TOMLTooDeep, which stands
// between untrusted TOML and BurntSushi/toml: it must never panic, must
// name a line of the text, and must measure as the decoder nests: what it
// lets through decodes no deeper than MaxTOMLDepth allows (twice over, as
// each part of a header may be an array of tables), and what it refuses
// and decodes is deeper. Inputs are small, so that the decoder's square
// cost of what is refused stays small too.
func FuzzTOMLDepth(f *testing.F) {
	reviews, _ := filepath.Glob("../../content/reviews/*.md")
	for _, s := range reviews {
		data, _ := os.ReadFile(s)
		if block, ok := bytes.CutPrefix(data, []byte("+++\n")); ok {
			block, _, _ = bytes.Cut(block, []byte("\n+++\n"))
			f.Add(block)
		}
	}
	archives, _ := filepath.Glob("../testdata/*.txtar")
	for _, s := range archives {
		a, err := txtar.ParseFile(s)
		if err != nil {
			continue
		}
		for _, file := range a.Files {
			if file.Name == "ssg.toml" {
				f.Add(file.Data)
			}
		}
	}
	for _, s := range []string{"x = [[[[1]]]]", "x = {a={a={a=1}}}", "x.a.a.a = 1", "[x.a.a]\n[[y.a]]\nb.c = 1",
		`a = "\"[["` + "\nb = '''[\\'''''\nc = \"\"\"[\"\"\"\"\"\n# [[\n\"d.e\" = [ # [\n{f = [1.5]},\n]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1024 {
			t.Skip()
		}
		line := TOMLTooDeep(src)
		if lines := bytes.Count(src, []byte("\n")) + 1; line < 0 || line > lines {
			t.Fatalf("line %d of a text of %d lines", line, lines)
		}
		var v map[string]any
		if _, err := toml.Decode(string(src), &v); err != nil {
			return
		}
		d := treeDepth(v)
		if line == 0 && d > 2*MaxTOMLDepth+2 {
			t.Fatalf("let through TOML %d deep", d)
		}
		if line > 0 && d <= MaxTOMLDepth {
			t.Fatalf("refused at line %d TOML only %d deep", line, d)
		}
	})
}

// treeDepth is how deeply v nests: 0 for a scalar, one more than its
// deepest element for a table or an array.
func treeDepth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			d = max(d, treeDepth(e))
		}
	case []any:
		for _, e := range v {
			d = max(d, treeDepth(e))
		}
	case []map[string]any:
		for _, e := range v {
			d = max(d, treeDepth(e))
		}
	default:
		return 0
	}
	return d + 1
}

// placed checks that err is a *Error naming a line, and returns it.
func placed(t *testing.T, err error) *Error {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *content.Error", err)
	}
	if pe.Line < 1 {
		t.Fatalf("error %v names no line", err)
	}
	return pe
}
