package generator

import (
	"context"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestSitemap builds a small site and checks its sitemap: every published
// HTML page but the 404 page, once, absolute, with the date of the newest
// review it shows; never a draft or a future review; and robots.txt
// pointing to it. Without base_url there is no sitemap.
func TestSitemap(t *testing.T) {
	review := func(name, film, date, extra string) txtar.File {
		return txtar.File{Name: "content/reviews/" + name + ".md",
			Data: []byte("---\ntitle: " + name + "\nfilm: " + film + "\ndate: " + date + "\nrating: 3/4\n" + extra + "---\nBody.\n")}
	}
	files := []txtar.File{
		review("old", "Alien", "2020-01-02", ""),
		review("new", "Alien", "2024-06-30", ""),
		review("other", "Heat", "2022-03-04", ""),
		review("draft", "Heat", "2023-01-01", "draft: true\n"),
		review("solo", "Vertigo", "2023-02-01", "draft: true\nyear: 1958\ndirector: Alfred Hitchcock\ntags: [obsession]\n"),
		review("future", "Heat", "2027-01-01", ""),
	}
	build := func(base string, drafts bool) map[string][]byte {
		fsys, err := txtar.FS(&txtar.Archive{Files: files})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Render(context.Background(), fsys, Config{Now: goldenNow, BaseURL: base, Drafts: drafts})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, f := range res.Files {
			out[f.Path] = f.Data
		}
		return out
	}
	out := build("https://example.com/blog/", false)
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(out["sitemap.xml"], &set); err != nil {
		t.Fatalf("sitemap.xml: %v\n%s", err, out["sitemap.xml"])
	}
	listed := map[string]string{}
	for _, u := range set.URLs {
		if _, dup := listed[u.Loc]; dup {
			t.Errorf("%s is listed twice", u.Loc)
		}
		listed[u.Loc] = u.Lastmod
	}
	var pages []string
	for p := range out {
		if strings.HasSuffix(p, ".html") && p != "404.html" {
			url := "https://example.com/blog/" + strings.TrimSuffix(p, "index.html")
			pages = append(pages, url)
			if _, ok := listed[url]; !ok {
				t.Errorf("page %s is not in the sitemap", url)
			}
		}
	}
	if len(listed) != len(pages) {
		slices.Sort(pages)
		t.Errorf("sitemap lists %d URLs, the site has %d pages: %v", len(listed), len(pages), pages)
	}
	for url, want := range map[string]string{
		"https://example.com/blog/":                "2024-06-30",
		"https://example.com/blog/reviews/old/":    "2020-01-02",
		"https://example.com/blog/films/alien/":    "2024-06-30",
		"https://example.com/blog/films/heat/":     "2022-03-04",
		"https://example.com/blog/ratings/3/":      "2024-06-30",
		"https://example.com/blog/reviews/draft/":  "",
		"https://example.com/blog/reviews/future/": "",
	} {
		if got, ok := listed[url]; got != want || (want == "") == ok {
			t.Errorf("%s: lastmod %q (listed %v), want %q", url, got, ok, want)
		}
	}
	if robots := string(out["robots.txt"]); !strings.Contains(robots, "Sitemap: https://example.com/blog/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}

	// Previewed with --drafts, a draft has its page, marked noindex, and
	// stays out of the sitemap.
	out = build("https://example.com/blog/", true)
	if page := string(out["reviews/draft/index.html"]); !strings.Contains(page, `<meta name="robots" content="noindex">`) {
		t.Errorf("a draft's page with --drafts is not noindex:\n%s", page)
	}
	if strings.Contains(string(out["reviews/old/index.html"]), "noindex") {
		t.Error("a published review is noindex")
	}
	if sm := string(out["sitemap.xml"]); !strings.Contains(sm, "/reviews/old/") || strings.Contains(sm, "/reviews/draft/") {
		t.Errorf("with --drafts, the sitemap lists the draft, or not the others:\n%s", sm)
	}
	// So is every page that only drafts make (the film, director, tag and
	// year of a film only a draft reviews); the others are as they were.
	published := build("https://example.com/blog/", false)
	sm := string(out["sitemap.xml"])
	only := 0
	for p, data := range out {
		if !strings.HasSuffix(p, ".html") || p == "404.html" {
			continue
		}
		_, shared := published[p]
		if !shared {
			only++
		}
		loc := "<loc>https://example.com/blog/" + strings.TrimSuffix(p, "index.html") + "</loc>"
		if noindex := strings.Contains(string(data), `<meta name="robots" content="noindex">`); noindex == shared {
			t.Errorf("with --drafts, %s is noindex: %v, want %v", p, noindex, !shared)
		}
		if strings.Contains(sm, loc) != shared {
			t.Errorf("with --drafts, the sitemap lists %s: %v, want %v", p, !shared, shared)
		}
	}
	if only < 6 {
		t.Errorf("with --drafts, %d pages only drafts make, want the two drafts', a film's, a director's, a tag's and a year's", only)
	}

	// A site's own static/robots.txt replaces the written one.
	files = append(files, txtar.File{Name: "static/robots.txt", Data: []byte("User-agent: *\nDisallow: /private/\n")})
	out = build("https://example.com/blog/", false)
	if robots := string(out["robots.txt"]); robots != "User-agent: *\nDisallow: /private/\n" {
		t.Errorf("static/robots.txt did not replace robots.txt: %q", robots)
	}
	files = files[:len(files)-1]

	// A base_url whose path has a space or an accent is escaped in the
	// sitemap, robots.txt and feeds as the pages' links escape it: a raw
	// space ends the URL in robots.txt and is not a URL in a sitemap.
	out = build("https://example.com/critiques ciné/", false)
	const escaped = "https://example.com/critiques%20cin%C3%A9/"
	if robots := string(out["robots.txt"]); !strings.Contains(robots, "Sitemap: "+escaped+"sitemap.xml\n") {
		t.Errorf("robots.txt with an escaped base_url:\n%s", robots)
	}
	for _, f := range []string{"sitemap.xml", "index.xml", "atom.xml", "feed.json", "reviews/old/index.html"} {
		if data := string(out[f]); !strings.Contains(data, escaped+"reviews/old/") || strings.Contains(data, "critiques ciné") {
			t.Errorf("%s does not link %sreviews/old/, or holds the path unescaped:\n%s", f, escaped, data)
		}
	}

	out = build("", false)
	if _, ok := out["sitemap.xml"]; ok {
		t.Error("a site without base_url has a sitemap: its URLs cannot be absolute")
	}
	if robots := string(out["robots.txt"]); robots == "" || strings.Contains(robots, "Sitemap:") {
		t.Errorf("robots.txt without base_url: %q", robots)
	}
}
