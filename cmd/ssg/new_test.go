package main

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ssg/generator/content"
	"ssg/generator/markdown"
	"ssg/generator/rating"
)

// siteArchetype is a site's own archetype: the theme's fields, fewer
// comments, and a line to show it was used.
const siteArchetype = `---
title: {{ quote .Film }}
film: {{ quote .Film }}
year: {{ with .Year }}{{ . }}{{ end }}
rating: {{ quote .Rating }}
date: {{ .Date }}
draft: true
---
Written from the site's archetype: {{ .Slug }}, {{ .Value }} of {{ .Scale }}.
`

// unquoted is an archetype that writes the film as it is, unsafe in YAML.
const unquoted = "---\ntitle: x\nfilm: {{ .Film }}\ndate: {{ .Date }}\n---\n"

func TestNew(t *testing.T) {
	review := func(film, slug string) string {
		s := "---\ntitle: Old\nfilm: " + film + "\ndate: 2024-01-01\n"
		if slug != "" {
			s += "slug: " + slug + "\n"
		}
		return s + "---\nAn older review.\n"
	}
	tests := []struct {
		name   string
		files  map[string]string // the site, besides an empty content/reviews/
		setup  func(t *testing.T, site string)
		args   []string // --src SITE is added
		usage  bool     // want a usage error (exit 2)
		fail   bool     // want another error (exit 1)
		err    string   // a substring of the error
		path   string   // the file written, from the site
		film   string   // the film it reads back; the title is the same
		year   int
		rating string // as written
		body   string // a substring of the file
	}{
		{name: "basic", args: []string{"review", "Never Let Me Go"},
			path: "content/reviews/never-let-me-go.md", film: "Never Let Me Go", body: "draft: true"},
		{name: "year and rating", args: []string{"review", "Never Let Me Go", "--year", "2010", "--rating", "3½/4"},
			path: "content/reviews/never-let-me-go-2010.md", film: "Never Let Me Go", year: 2010, rating: "3½/4"},
		{name: "flags first", args: []string{"--rating", "★★★", "--year=2010", "review", "Never Let Me Go"},
			path: "content/reviews/never-let-me-go-2010.md", film: "Never Let Me Go", year: 2010, rating: "★★★"},
		{name: "rating on a ten-point site", files: map[string]string{"ssg.toml": "[rating]\nscale = 10\nstep = 1\n"},
			args: []string{"review", "Solaris", "--rating", "8"}, path: "content/reviews/solaris.md", film: "Solaris", rating: "8", body: "a number from 0 to 10"},
		{name: "bad rating", args: []string{"review", "Solaris", "--rating", "5/4"}, usage: true,
			err: `rating "5/4": above its scale; write a rating like 3/4, 3½/4, 7/10, 62/100, 3 out of 4, ★★★½ or a number from 0 to 4`},
		{name: "unreadable rating", args: []string{"review", "Solaris", "--rating", "great"}, usage: true, err: `rating "great": unreadable; write a rating like`},
		{name: "bare number above the site's scale", args: []string{"review", "Solaris", "--rating", "8"}, usage: true, err: `rating "8": above its scale`},
		{name: "bad year", args: []string{"review", "Solaris", "--year", "1066"}, usage: true, err: "year 1066 is not a film's year"},
		{name: "year zero", args: []string{"review", "Solaris", "--year", "0"}, usage: true, err: "--year 0"},
		{name: "year not a number", args: []string{"review", "Solaris", "--year", "1972a"}, usage: true, err: "invalid value"},
		{name: "author from ssg.toml", files: map[string]string{"ssg.toml": "author = \"Melissa Hart\"\n"},
			args: []string{"review", "Solaris"}, path: "content/reviews/solaris.md", film: "Solaris", body: `author: "Melissa Hart"`},

		// Awkward titles round-trip, and the slug never leaves content/reviews/.
		{name: "quotes", args: []string{"review", `The "Lady" Vanishes`}, path: "content/reviews/the-lady-vanishes.md", film: `The "Lady" Vanishes`},
		{name: "colon", args: []string{"review", "Alien: Covenant", "--year", "2017"}, path: "content/reviews/alien-covenant-2017.md", film: "Alien: Covenant", year: 2017},
		{name: "No", args: []string{"review", "No", "--year", "2012"}, path: "content/reviews/no-2012.md", film: "No", year: 2012},
		{name: "1917", args: []string{"review", "1917"}, path: "content/reviews/1917.md", film: "1917"},
		{name: "comment sign and backslash", args: []string{"review", `Se7en # \n`}, path: "content/reviews/se7en-n.md", film: `Se7en # \n`},
		{name: "YAML syntax", args: []string{"review", "[x]: {y} - &z *w !v |"}, path: "content/reviews/x-y-and-z-w-v.md", film: "[x]: {y} - &z *w !v |"},
		{name: "true", args: []string{"review", "true"}, path: "content/reviews/true.md", film: "true"},
		{name: "template syntax", args: []string{"review", "{{ .Film }}"}, path: "content/reviews/film.md", film: "{{ .Film }}"},
		{name: "path", args: []string{"review", "../../etc/passwd"}, path: "content/reviews/etc-passwd.md", film: "../../etc/passwd"},
		{name: "absolute path", args: []string{"review", "/tmp/x"}, path: "content/reviews/tmp-x.md", film: "/tmp/x"},
		{name: "stars", args: []string{"review", "★★★"}, usage: true, err: `film "★★★" has no letters or digits to make a URL from`},
		{name: "emoji", args: []string{"review", "🎬🍿", "--year", "2020"}, usage: true, err: `film "🎬🍿" has no letters or digits to make a URL from`},
		{name: "accents and scripts", args: []string{"review", "Крылья", "--year", "1966"}, path: "content/reviews/krylia-1966.md", film: "Крылья", year: 1966},
		{name: "spaces trimmed", args: []string{"review", "  Amélie  "}, path: "content/reviews/amelie.md", film: "Amélie"},
		{name: "after --", args: []string{"review", "--", "-1"}, path: "content/reviews/1.md", film: "-1"},
		{name: "empty", args: []string{"review", ""}, usage: true, err: "the film's title is empty"},
		{name: "blank", args: []string{"review", " \t "}, usage: true, err: "the film's title is empty"},
		{name: "line break", args: []string{"review", "Alien\ntitle: x"}, usage: true, err: "control character or line break"},

		// A slug already taken gets -2, -3, …; nothing is overwritten.
		{name: "file exists", files: map[string]string{"content/reviews/solaris-1972.md": review("Solaris", "")},
			args: []string{"review", "Solaris", "--year", "1972"}, path: "content/reviews/solaris-1972-2.md", film: "Solaris", year: 1972},
		{name: "two files exist", files: map[string]string{"content/reviews/solaris-1972.md": review("Solaris", ""), "content/reviews/solaris-1972-2.md": review("Solaris", "")},
			args: []string{"review", "Solaris", "--year", "1972"}, path: "content/reviews/solaris-1972-3.md", film: "Solaris", year: 1972},
		{name: "folder review", files: map[string]string{"content/reviews/solaris-1972/index.md": review("Solaris", "")},
			args: []string{"review", "Solaris", "--year", "1972"}, path: "content/reviews/solaris-1972-2.md", film: "Solaris", year: 1972},
		{name: "folder without a review", files: map[string]string{"content/reviews/solaris-1972/poster.jpg": "jpeg"},
			args: []string{"review", "Solaris", "--year", "1972"}, path: "content/reviews/solaris-1972-2.md", film: "Solaris", year: 1972},
		{name: "nested folder review", files: map[string]string{"content/reviews/2024/solaris-1972/index.md": review("Solaris", "")},
			args: []string{"review", "Solaris", "--year", "1972"}, path: "content/reviews/solaris-1972-2.md", film: "Solaris", year: 1972},
		{name: "file name with the same slug", files: map[string]string{"content/reviews/Solaris (1972).md": review("Solaris", "")},
			args: []string{"review", "Solaris", "--year", "1972"}, path: "content/reviews/solaris-1972-2.md", film: "Solaris", year: 1972},
		{name: "slug set in front matter", files: map[string]string{"content/reviews/tarkovsky.md": review("Solaris", "solaris-1972")},
			args: []string{"review", "Solaris", "--year", "1972"}, path: "content/reviews/solaris-1972-2.md", film: "Solaris", year: 1972},
		{name: "a symlink is not written through", setup: func(t *testing.T, site string) {
			if err := os.Symlink(filepath.Join(t.TempDir(), "outside.md"), filepath.Join(site, "content/reviews/solaris.md")); err != nil {
				t.Skip(err)
			}
		}, args: []string{"review", "Solaris"}, path: "content/reviews/solaris-2.md", film: "Solaris"},

		// Archetypes: the site's own wins over its templates/, which wins over the theme's.
		{name: "site archetype", files: map[string]string{"archetypes/review.md": siteArchetype, "templates/archetypes/review.md": "not used"},
			args: []string{"review", "Solaris", "--year", "1972", "--rating", "7/10"}, path: "content/reviews/solaris-1972.md", film: "Solaris", year: 1972, rating: "7/10",
			body: "Written from the site's archetype: solaris-1972, 3 of 4."},
		{name: "templates archetype", files: map[string]string{"templates/archetypes/review.md": siteArchetype},
			args: []string{"review", "Solaris"}, path: "content/reviews/solaris.md", film: "Solaris", body: "Written from the site's archetype"},
		{name: "archetype parse error", files: map[string]string{"archetypes/review.md": "---\ntitle: x\nfilm: {{ quote .Film }\n---\n"},
			args: []string{"review", "Solaris"}, fail: true, err: "archetypes/review.md:3: "},
		{name: "archetype execution error", files: map[string]string{"archetypes/review.md": "---\ntitle: x\n\nfilm: {{ .Director }}\n---\n"},
			args: []string{"review", "Solaris"}, fail: true, err: "archetypes/review.md:4: at <.Director>: can't evaluate field Director"},
		{name: "templates archetype error", files: map[string]string{"templates/archetypes/review.md": "{{ if }}"},
			args: []string{"review", "Solaris"}, fail: true, err: "templates/archetypes/review.md:1: missing value for if"},
		{name: "archetype that does not quote", files: map[string]string{"archetypes/review.md": unquoted},
			args: []string{"review", "Alien: Covenant"}, fail: true, err: `archetypes/review.md: the review it makes for "Alien: Covenant" is not valid: line 3: invalid YAML front matter: mapping values are not allowed`},
		{name: "archetype that does not quote a boolean", files: map[string]string{"archetypes/review.md": unquoted},
			args: []string{"review", "true"}, fail: true, err: `archetypes/review.md: the review it makes for "true" is not valid: line 3: film: want text, got true`},
		{name: "archetype that does not quote a comment", files: map[string]string{"archetypes/review.md": unquoted},
			args: []string{"review", "Se7en # x"}, fail: true, err: `archetypes/review.md: the review it makes has film "Se7en", not "Se7en # x": write it as film: {{ quote .Film }}`},
		{name: "archetype that drops the year", files: map[string]string{"archetypes/review.md": "---\ntitle: x\nfilm: {{ quote .Film }}\ndate: {{ .Date }}\n---\n"},
			args: []string{"review", "Solaris", "--year", "1972"}, fail: true, err: "archetypes/review.md: the review it makes has year 0, not 1972"},
		{name: "archetype that is no review", files: map[string]string{"archetypes/review.md": "Just text.\n"},
			args: []string{"review", "Solaris"}, fail: true, err: "archetypes/review.md: the review it makes for \"Solaris\" is not valid: line 1: no front matter"},

		// Bad usage and bad sites.
		{name: "no kind", args: []string{}, usage: true, err: "say what to write"},
		{name: "unknown kind", args: []string{"film", "Solaris"}, usage: true, err: `unknown kind "film"`},
		{name: "no film", args: []string{"review"}, usage: true, err: "give the film's title"},
		{name: "unquoted title", args: []string{"review", "Never", "Let", "Me", "Go"}, usage: true, err: `unexpected argument "Let": quote a title with spaces`},
		{name: "unknown flag", args: []string{"review", "Solaris", "--director", "x"}, usage: true, err: "flag provided but not defined"},
		{name: "bad ssg.toml", files: map[string]string{"ssg.toml": "title = 1\n"}, args: []string{"review", "Solaris"}, fail: true, err: "ssg.toml:1:"},
		{name: "not a site", setup: func(t *testing.T, site string) { os.RemoveAll(filepath.Join(site, "content")) },
			args: []string{"review", "Solaris"}, fail: true, err: "no content/ folder here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := t.TempDir()
			if err := os.MkdirAll(filepath.Join(site, "content/reviews"), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, data := range tt.files {
				p := filepath.Join(site, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.setup != nil {
				tt.setup(t, site)
			}
			before := snapshot(t, site)
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"new", "--src", site}, tt.args...), &stdout, &stderr)
			if !errorKind(t, err, tt.usage, tt.fail) {
				t.FailNow()
			}
			after := snapshot(t, site)
			if err != nil {
				if !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want %q", err, tt.err)
				}
				if stdout.Len() > 0 || !maps.Equal(before, after) {
					t.Errorf("a failed ssg new printed %q and changed the site", stdout.String())
				}
				return
			}
			want := filepath.Join(site, filepath.FromSlash(tt.path))
			if got := strings.TrimSuffix(stdout.String(), "\n"); got != want {
				t.Errorf("printed %q, want %q", got, want)
			}
			// Exactly one new file, and every other file as it was.
			delete(after, tt.path)
			if !maps.Equal(before, after) {
				t.Errorf("ssg new changed more than %s:\nbefore %v\nafter  %v", tt.path, keys(before), keys(after))
			}
			src, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			r := parseReview(t, site, tt.path, src)
			written := ""
			if r.Rating != nil {
				written = r.Rating.Written
			}
			if r.Film != tt.film || r.Title != tt.film || r.Year != tt.year || written != tt.rating || !r.Draft {
				t.Errorf("read back film %q, title %q, year %d, rating %q, draft %t; want %q, %d, %q, a draft\n%s",
					r.Film, r.Title, r.Year, written, r.Draft, tt.film, tt.year, tt.rating, src)
			}
			if today, now := r.Date.Format(time.DateOnly), time.Now().UTC(); today != now.Format(time.DateOnly) && today != now.Add(-time.Minute).Format(time.DateOnly) {
				t.Errorf("date %s, want today (in UTC, the site's zone)", today)
			}
			if !strings.Contains(string(src), tt.body) {
				t.Errorf("the review lacks %q:\n%s", tt.body, src)
			}
		})
	}
}

// parseReview reads a review written into site as the build would.
func parseReview(t *testing.T, site, file string, src []byte) *content.Review {
	t.Helper()
	scale := rating.DefaultScale()
	if toml, err := os.ReadFile(filepath.Join(site, "ssg.toml")); err == nil && strings.Contains(string(toml), "scale = 10") {
		scale, _ = rating.NewScale("10", "1")
	}
	r, err := content.Parse(file, src, content.Options{Scale: scale, Location: time.UTC, Markdown: markdown.New(markdown.Options{})})
	if err != nil {
		t.Fatalf("the new review does not parse: %v\n%s", err, src)
	}
	return r
}

// snapshot maps every file and symlink under dir, by slash path, to its
// contents (a symlink's to its target).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		var data []byte
		if e.Type()&os.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			data = []byte("-> " + target)
			if err != nil {
				return err
			}
			if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("symlink target %s exists: written through the link?", target)
			}
		} else if data, err = os.ReadFile(p); err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestNewBinary runs the built command: it writes a draft, exits 2 on a
// bad rating and 1 on a broken archetype, and `ssg build --drafts` then
// builds the draft's page, which a build without --drafts leaves out.
func TestNewBinary(t *testing.T) {
	bin := ssgBinary(t)
	site := t.TempDir()
	if err := os.CopyFS(filepath.Join(site, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	ssg := func(wantCode int, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = site
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		code := exitCode(t, cmd.Run())
		if code != wantCode {
			t.Fatalf("ssg %q: exit %d, want %d\n%s%s", args, code, wantCode, stdout.String(), stderr.String())
		}
		return stdout.String() + stderr.String()
	}
	out := ssg(0, "new", "review", "Mishima: A Life in Four Chapters", "--year", "1985", "--rating", "3½/4")
	if want := filepath.Join("content", "reviews", "mishima-a-life-in-four-chapters-1985.md") + "\n"; out != want {
		t.Fatalf("ssg new printed %q, want %q", out, want)
	}
	// The demo blog has a review of this one already.
	out = ssg(0, "new", "review", "Mad Max: Fury Road", "--year", "2015")
	if want := filepath.Join("content", "reviews", "mad-max-fury-road-2015-2.md") + "\n"; out != want {
		t.Fatalf("ssg new printed %q, want %q", out, want)
	}
	if out := ssg(2, "new", "review", "Mishima: A Life in Four Chapters", "--rating", "11/10"); !strings.Contains(out, `rating "11/10": above its scale`) {
		t.Errorf("bad rating: %s", out)
	}
	ssg(0, "build")
	page := filepath.Join(site, "public/reviews/mishima-a-life-in-four-chapters-1985/index.html")
	if _, err := os.Stat(page); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a build without --drafts published the draft: %v", err)
	}
	ssg(0, "build", "--drafts")
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatalf("ssg build --drafts did not build the draft: %v", err)
	}
	for _, want := range []string{"Mishima: A Life in Four Chapters", "(3½/4)", `/films/mishima-a-life-in-four-chapters/`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the draft's page lacks %q", want)
		}
	}
	if strings.Contains(string(html), "Write the review here") {
		t.Error("the archetype's comment reached the page")
	}
	os.MkdirAll(filepath.Join(site, "archetypes"), 0o755)
	os.WriteFile(filepath.Join(site, "archetypes/review.md"), []byte("---\n{{ .Nope }}\n---\n"), 0o644)
	if out := ssg(1, "new", "review", "Solaris"); !strings.Contains(out, "archetypes/review.md:2: at <.Nope>") {
		t.Errorf("broken archetype: %s", out)
	}
}
