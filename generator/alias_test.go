package generator

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

func TestAliases(t *testing.T) {
	review := func(name, film, aliases string) string {
		return "-- content/reviews/" + name + ".md --\n---\ntitle: " + name + "\nfilm: " + film +
			"\ndate: 2024-01-01\naliases: " + aliases + "\n---\nBody.\n"
	}
	tests := []struct {
		name    string
		archive string
		files   map[string][]string // output file: substrings it must hold
		err     string
	}{
		{"redirect pages", review("a", "Alien", `["/old/a/", "/2019/a.html", "/blog-post"]`) + "-- ssg.toml --\nbase_url = \"https://example.com/\"\n",
			map[string][]string{
				"old/a/index.html":     {`<meta http-equiv="refresh" content="0; url=https://example.com/reviews/a/">`, `<link rel="canonical" href="https://example.com/reviews/a/">`, `<meta name="robots" content="noindex">`},
				"2019/a.html":          {`url=https://example.com/reviews/a/`},
				"blog-post/index.html": {`url=https://example.com/reviews/a/`},
			}, ""},
		{"alias on a film page", review("a", "Alien", `["/films/heat/"]`) + review("h", "Heat", "[]"),
			nil, "content/reviews/a.md: alias /films/heat/ is the URL of the page /films/heat/ of content/reviews/h.md"},
		{"alias on a review", review("a", "Alien", `["/reviews/h/"]`) + review("h", "Heat", "[]"),
			nil, "content/reviews/a.md: alias /reviews/h/ is the URL of the page /reviews/h/ of content/reviews/h.md"},
		{"alias on the home page", review("a", "Alien", `["/"]`), nil, `content/reviews/a.md:5: alias "/": want a path from the site's root`},
		{"escaping alias", review("a", "Alien", `["/../../etc/x/"]`), nil, `content/reviews/a.md:5: alias "/../../etc/x/": want a path from the site's root`},
		{"relative alias", review("a", "Alien", `["old/a/"]`), nil, `content/reviews/a.md:5: alias "old/a/": want a path from the site's root`},
		{"dot folder alias", review("a", "Alien", `["/.git/x/"]`), nil, `alias "/.git/x/"`},
		{"alias with a line break", review("a", "Alien", `["/a\nb/"]`), nil, `content/reviews/a.md:5: alias "/a\nb/": want a path from the site's root`},
		{"alias on the feed", review("a", "Alien", `["/index.xml"]`) + "-- ssg.toml --\nbase_url = \"https://example.com/\"\n",
			nil, "content/reviews/a.md: alias /index.xml/ is the URL of the page /index.xml"},
		{"alias under a film's feed", review("a", "Alien", `["/films/alien/feed.json/old/"]`) + "-- ssg.toml --\nbase_url = \"https://example.com/\"\n",
			nil, "content/reviews/a.md: alias /films/alien/feed.json/old/ is the URL of the page /films/alien/feed.json of content/reviews/a.md"},
		{"alias on the search index", review("a", "Alien", `["/search.json"]`), nil, "content/reviews/a.md: alias /search.json/ is the URL of the page /search.json"},
		{"alias on robots.txt", review("a", "Alien", `["/robots.txt"]`), nil, "content/reviews/a.md: alias /robots.txt/ is the URL of the page /robots.txt"},
		{"alias differing in case", review("a", "Alien", `["/Films/"]`), nil, "content/reviews/a.md: alias /Films/ is the URL of the page /films/"},
		{"two reviews, one alias", review("a", "Alien", `["/old/"]`) + review("h", "Heat", `["/old/"]`),
			nil, "alias /old/ is the URL of an alias of content/reviews/"},
		{"one alias twice", review("a", "Alien", `["/old/", "/old"]`), nil, `content/reviews/a.md:5: alias "/old" is listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, err := txtar.FS(txtar.Parse([]byte(tt.archive)))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Render(context.Background(), fsys, Config{Now: goldenNow})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, f := range res.Files {
				got[f.Path] = string(f.Data)
			}
			for file, wants := range tt.files {
				for _, want := range wants {
					if !strings.Contains(got[file], want) {
						t.Errorf("%s lacks %s:\n%s", file, want, got[file])
					}
				}
			}
		})
	}
}

// TestOutputClashesNameTheirFile checks that an alias or a static file
// that needs one of ssg's files to be a folder, or is a file where ssg
// needs a folder, is an error naming the site's file, not the output
// folder's paths.
func TestOutputClashesNameTheirFile(t *testing.T) {
	withAlias := func(alias string) map[string]string {
		return map[string]string{"content/reviews/x.md": "---\ntitle: T\nfilm: F\ndate: 2024-01-01\naliases: [\"" + alias + "\"]\n---\nBody.\n"}
	}
	withStatic := func(p string) map[string]string {
		return map[string]string{"content/reviews/x.md": review("A", "Alien", "3/4"), "static/" + p: "x",
			"ssg.toml": "base_url = \"https://example.com/\"\n"}
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"an alias on the stylesheet", withAlias("/style.css"), "content/reviews/x.md"},
		{"an alias under a theme file", withAlias("/favicon.svg/x.html"), "content/reviews/x.md"},
		{"a static file where pages need a folder", withStatic("reviews"), "static/reviews"},
		{"a static file under the stylesheet", withStatic("style.css/a.txt"), "static/style.css/a.txt"},
		{"a static file under the feed", withStatic("index.xml/a.txt"), "static/index.xml/a.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(context.Background(), Config{Src: writeSite(t, tc.files), Now: goldenNow})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "output path") {
				t.Fatalf("err = %v, want one naming %s", err, tc.want)
			}
		})
	}
}
