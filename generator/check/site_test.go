package check_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"ssg/generator"
	"ssg/generator/check"
	"ssg/generator/output"
)

// reviewSite is a blog under a path of its host, whose review b links
// every way a review can: to pages, ids, static files and a poster's copy
// of the site, well or badly, and to other sites.
const reviewSite = `
-- ssg.toml --
base_url = "https://example.com/blog/"
[markdown]
unsafe_html = true
-- static/images/still.txt --
a static file
-- content/reviews/alien/index.md --
---
title: Alien
film: Alien
year: 1979
date: 2024-01-01
rating: 3/4
poster: poster.jpg
---
A review with a footnote.[^1]

## A heading

[^1]: The note.
-- content/reviews/b.md --
---
title: B
film: Alien
year: 1979
date: 2024-01-02
rating: 2/4
---
The [film](/films/alien/), [a film that is not](/films/nope/), [the review](../alien/),
[its note](/reviews/alien/#alien-fn:1), [a note it lacks](/reviews/alien/#alien-fn:9),
[its heading](/reviews/alien/#a-heading), [this page's top](#top), [a section here](#nowhere),
[a still](/images/still.txt), [a missing still](/images/gone.txt), [the stylesheet](/style.css),
[the poster](POSTER), <a href="/films/alien/">raw HTML from the host's root</a>,
<img src="/blog/images/still.txt" srcset="/blog/images/still.txt 1x, /blog/images/none.txt 2x" alt="">,
[another site](https://other.org/films/nope/), <me@example.com>, [a phone](tel:+441234567890),
[mail](mailto:me@example.com), [the site's own address](https://example.com/blog/films/alien/).
`

// TestReviewLinks builds reviewSite in memory and checks its links: every
// problem is b's, on its page and in the feeds that show it.
func TestReviewLinks(t *testing.T) {
	ar := txtar.Parse([]byte(reviewSite))
	ar.Files = append(ar.Files, txtar.File{Name: "content/reviews/alien/poster.jpg", Data: picture(t, 200, 300, ".jpg")})
	files := render(t, ar)
	// A poster's copy is named by a hash of its bytes: find the copy 160
	// pixels wide, and link to it.
	var copy160 string
	for _, f := range files {
		if strings.HasPrefix(f.Path, "posters/") && strings.HasSuffix(f.Path, "-160.jpg") {
			copy160 = "/" + f.Path
		}
	}
	if copy160 == "" {
		t.Fatal("no poster copy 160 pixels wide")
	}
	for i, f := range ar.Files {
		if f.Name == "content/reviews/b.md" {
			ar.Files[i].Data = bytes.Replace(f.Data, []byte("POSTER"), []byte(copy160), 1)
		}
	}
	rep, err := check.Site(render(t, ar), "https://example.com/blog")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	// The site's three feeds and the film's show b with its links made
	// absolute: each of its problems is in all six, listed once.
	want := []string{
		`atom.xml: link #nowhere: no element with id "nowhere" in reviews/b/index.html (and in 5 other files)`,
		`atom.xml: link https://example.com/blog/films/nope/: no such page (and in 5 other files)`,
		`atom.xml: link https://example.com/blog/images/gone.txt: no such file (and in 5 other files)`,
		`atom.xml: link https://example.com/blog/images/none.txt: no such file (and in 5 other files)`,
		`atom.xml: link https://example.com/blog/reviews/alien/#alien-fn:9: no element with id "alien-fn:9" in reviews/alien/index.html (and in 5 other files)`,
		`reviews/b/index.html: link #nowhere: no element with id "nowhere" on this page`,
		`reviews/b/index.html: link /blog/films/nope/: no such page`,
		`reviews/b/index.html: link /blog/images/gone.txt: no such file`,
		`reviews/b/index.html: link /blog/images/none.txt: no such file`,
		`reviews/b/index.html: link /blog/reviews/alien/#alien-fn:9: no element with id "alien-fn:9" in reviews/alien/index.html`,
		`reviews/b/index.html: link /films/alien/: outside the site, whose path is /blog/`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCleanSites checks that the sites ssg builds have no problem: the
// golden sites of generator/testdata that build, with drafts, without a
// base_url and with two (one with a path to escape).
func TestCleanSites(t *testing.T) {
	archives, err := filepath.Glob("../testdata/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no golden archives: %v", err)
	}
	for _, name := range archives {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in := &txtar.Archive{}
		fails := false
		for _, f := range ar.Files {
			switch {
			case f.Name == "errors":
				fails = true
			case strings.HasPrefix(f.Name, "public/") || f.Name == "warnings" || f.Name == "args":
			default:
				// A picture is written as text: "image 200x300".
				var w, h int
				if _, err := fmt.Sscanf(string(f.Data), "image %dx%d", &w, &h); err == nil {
					f.Data = picture(t, w, h, path.Ext(f.Name))
				}
				in.Files = append(in.Files, f)
			}
		}
		if fails || strings.HasSuffix(name, "/feeds.txtar") {
			// feeds.txtar is about feeds: its theme shows no review's body
			// on its page, and a review links a still it does not have.
			continue
		}
		for _, base := range []string{"", "https://example.com/", "https://example.com/a b/"} {
			t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar")+" "+base, func(t *testing.T) {
				fsys, err := txtar.FS(in)
				if err != nil {
					t.Fatal(err)
				}
				res, err := generator.Render(context.Background(), fsys, generator.Config{Now: now, BaseURL: base, Drafts: true})
				if err != nil {
					t.Fatal(err)
				}
				rep, err := check.Site(res.Files, res.BaseURL)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range rep.Problems {
					t.Error(p)
				}
			})
		}
	}
}

var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func render(t *testing.T, ar *txtar.Archive) []output.File {
	t.Helper()
	fsys, err := txtar.FS(ar)
	if err != nil {
		t.Fatal(err)
	}
	res, err := generator.Render(context.Background(), fsys, generator.Config{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return res.Files
}

// picture is a grey JPEG or PNG (ext) of w by h pixels.
func picture(t *testing.T, w, h int, ext string) []byte {
	var b bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, w, h))
	var err error
	if ext == ".png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
