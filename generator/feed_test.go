package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/tools/txtar"

	"ssg/generator/site"
)

// feedFormats are the feeds of the site and of each film: the file in the
// feed's folder and what gofeed must recognize it as.
var feedFormats = []struct{ file, feedType, version string }{
	{"index.xml", "rss", "2.0"},
	{"atom.xml", "atom", "1.0"},
	{"feed.json", "json", "https://jsonfeed.org/version/1.1"},
}

// feedSite reads the input site of a golden archive: everything but its
// expected output.
func feedSite(t *testing.T, name string) *txtar.Archive {
	t.Helper()
	ar, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	in := &txtar.Archive{}
	for _, f := range ar.Files {
		if f.Name != "errors" && !strings.HasPrefix(f.Name, "public/") {
			in.Files = append(in.Files, f)
		}
	}
	return in
}

// renderArchive builds a site held in an archive, in memory.
func renderArchive(t *testing.T, ar *txtar.Archive, cfg Config) (*Result, map[string][]byte) {
	t.Helper()
	fsys, err := txtar.FS(ar)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Render(context.Background(), fsys, cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range res.Files {
		out[f.Path] = f.Data
	}
	return res, out
}

// siteFeed is one feed a site must have: its folder ("" or
// "films/x/"), its title, and the reviews it must list, newest first.
type siteFeed struct {
	dir, title string
	reviews    []*site.Review
}

// siteFeeds lists the feeds of the site res and of each of its films.
func siteFeeds(res *Result, siteTitle string) []siteFeed {
	root := res.Site.Root
	feeds := []siteFeed{{"", siteTitle, res.Site.Reviews}}
	for _, f := range res.Site.Films {
		feeds = append(feeds, siteFeed{strings.TrimPrefix(f.URL, root+"/"), f.Label() + " · " + siteTitle, f.Reviews})
	}
	return feeds
}

// parseFeed checks that data is well-formed XML or a JSON Feed 1.1, and
// reads it with gofeed.
func parseFeed(t *testing.T, file string, data []byte) *gofeed.Feed {
	t.Helper()
	if strings.HasSuffix(file, ".json") {
		var doc struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if doc.Version != "https://jsonfeed.org/version/1.1" {
			t.Errorf("%s: version %q, want JSON Feed 1.1", file, doc.Version)
		}
	} else {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", file, err)
			}
		}
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return feed
}

var rootRelative = regexp.MustCompile(`(?:href|src)="/`)

// checkFeed checks one parsed feed against what it must list; base is the
// site's base_url on https://example.com, ratings the rating text of each
// review by title ("" for unrated ones).
func checkFeed(t *testing.T, feed *gofeed.Feed, want siteFeed, base, file string, ratings map[string]string) {
	t.Helper()
	if feed.Title != want.title {
		t.Errorf("title %q, want %q", feed.Title, want.title)
	}
	if home := base + "/" + want.dir; feed.Link != home {
		t.Errorf("link %q, want %q", feed.Link, home)
	}
	if self := base + "/" + want.dir + file; feed.FeedLink != self {
		t.Errorf("feed link %q, want %q", feed.FeedLink, self)
	}
	n := min(20, len(want.reviews))
	if len(feed.Items) != n {
		t.Fatalf("%d items, want %d", len(feed.Items), n)
	}
	if feed.FeedType != "json" && n > 0 {
		if feed.UpdatedParsed == nil || !feed.UpdatedParsed.Equal(want.reviews[0].Date) {
			t.Errorf("updated %v, want the newest entry's %v", feed.UpdatedParsed, want.reviews[0].Date)
		}
	}
	for i, it := range feed.Items {
		r := want.reviews[i]
		url := "https://example.com" + r.URL // r.URL starts with the root
		if it.Title != r.Title {
			t.Errorf("item %d: title %q, want %q", i, it.Title, r.Title)
		}
		if it.Link != url || it.GUID != url {
			t.Errorf("item %d: link %q and id %q, want %q", i, it.Link, it.GUID, url)
		}
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(r.Date) {
			t.Errorf("item %d: published %v, want %v", i, it.PublishedParsed, r.Date)
		}
		if i > 0 && it.PublishedParsed != nil && feed.Items[i-1].PublishedParsed != nil && it.PublishedParsed.After(*feed.Items[i-1].PublishedParsed) {
			t.Errorf("item %d is newer than item %d", i, i-1)
		}
		if r.Author == "" && len(it.Authors) > 0 {
			t.Errorf("item %d: authors %v, want none", i, it.Authors[0])
		}
		if r.Author != "" && (len(it.Authors) != 1 || it.Authors[0].Name != r.Author) {
			t.Errorf("item %d: authors %v, want %q", i, it.Authors, r.Author)
		}
		if rt, ok := ratings[r.Title]; !ok {
			t.Errorf("item %d: %q is no review the test knows", i, r.Title)
		} else if rt == "" && (strings.Contains(it.Content, "★") || strings.Contains(it.Content, "/4")) {
			t.Errorf("item %d: unrated review shows a rating: %q", i, it.Content)
		} else if !strings.Contains(it.Content, rt) || !strings.Contains(it.Description, rt) {
			t.Errorf("item %d: content %q or summary %q lacks the rating %q", i, it.Content, it.Description, rt)
		}
		if m := rootRelative.FindString(it.Content); m != "" {
			t.Errorf("item %d: content has a relative link: %q", i, it.Content)
		}
	}
}

// TestFeeds builds testdata/feeds.txtar and reads every feed of the site
// and of each film, in every format, with a real feed parser.
func TestFeeds(t *testing.T) {
	const (
		base      = "https://example.com/blog"
		siteTitle = `Tom & Jerry's <Reviews>`
	)
	ratings := map[string]string{
		`</script><script>alert(1)</script> & "friends"`: "★★★½ (3.5/4)",
		"Cat & mouse":         "★★★ (3/4)", // written 7/10
		"Unrated second look": "",
		"Nothing to see":      "0/4",
	}
	res, out := renderArchive(t, feedSite(t, "testdata/feeds.txtar"), Config{Now: goldenNow})
	feeds := siteFeeds(res, siteTitle)
	if len(feeds) != 4 {
		t.Fatalf("%d feeds, want the site's and 3 films'", len(feeds))
	}
	for _, want := range feeds {
		for _, f := range feedFormats {
			t.Run(want.dir+f.file, func(t *testing.T) {
				data, ok := out[want.dir+f.file]
				if !ok {
					t.Fatalf("%s%s was not written", want.dir, f.file)
				}
				if bytes.Contains(data, []byte("never shown")) {
					t.Errorf("a draft or future review is in the feed")
				}
				feed := parseFeed(t, f.file, data)
				if feed.FeedType != f.feedType || feed.FeedVersion != f.version {
					t.Errorf("read as %s %s, want %s %s", feed.FeedType, feed.FeedVersion, f.feedType, f.version)
				}
				checkFeed(t, feed, want, base, f.file, ratings)
			})
		}
	}
	t.Run("hostile film title reads back", func(t *testing.T) {
		for _, f := range feedFormats {
			feed := parseFeed(t, f.file, out["films/script-script-alert-1-script/"+f.file])
			if want := "</script><script>alert(1)</script> (2001) · " + siteTitle; feed.Title != want {
				t.Errorf("%s: title %q, want %q", f.file, feed.Title, want)
			}
		}
	})
}

// TestFeedLinks checks the default theme's <link rel="alternate"> tags:
// the site's feeds on every page, a film's on its page, each pointing to
// a file the build wrote; and that a site without base_url has neither
// feeds nor links to them.
func TestFeedLinks(t *testing.T) {
	in := feedSite(t, "testdata/feeds.txtar")
	theme := &txtar.Archive{}
	for _, f := range in.Files {
		if !strings.HasPrefix(f.Name, "templates/") {
			theme.Files = append(theme.Files, f)
		}
	}
	_, out := renderArchive(t, theme, Config{Now: goldenNow})
	link := regexp.MustCompile(`<link rel="alternate" type="([^"]+)" title="([^"]*)" href="([^"]+)">`)
	pages := map[string][]string{
		"index.html":                 {"/blog/index.xml", "/blog/atom.xml", "/blog/feed.json"},
		"reviews/cartoon/index.html": {"/blog/index.xml", "/blog/atom.xml", "/blog/feed.json"},
		"films/tom-and-jerry/index.html": {"/blog/index.xml", "/blog/atom.xml", "/blog/feed.json",
			"/blog/films/tom-and-jerry/index.xml", "/blog/films/tom-and-jerry/atom.xml", "/blog/films/tom-and-jerry/feed.json"},
	}
	for page, want := range pages {
		t.Run(page, func(t *testing.T) {
			var got []string
			for _, m := range link.FindAllStringSubmatch(string(out[page]), -1) {
				got = append(got, m[3])
				if _, ok := out[strings.TrimPrefix(m[3], "/blog/")]; !ok {
					t.Errorf("%s links %s, which the build did not write", page, m[3])
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("feed links %v, want %v", got, want)
			}
		})
	}

	t.Run("no base_url", func(t *testing.T) {
		bare := &txtar.Archive{}
		for _, f := range theme.Files {
			if f.Name == "ssg.toml" {
				f.Data = []byte("title = \"Bare\"\n")
			}
			bare.Files = append(bare.Files, f)
		}
		_, out := renderArchive(t, bare, Config{Now: goldenNow})
		for path, data := range out {
			for _, f := range feedFormats {
				if strings.HasSuffix(path, f.file) {
					t.Errorf("%s written without base_url", path)
				}
			}
			if strings.HasSuffix(path, ".html") && bytes.Contains(data, []byte(`rel="alternate"`)) {
				t.Errorf("%s links a feed without base_url", path)
			}
		}
	})
}

// TestFeedLimit checks that feeds list the newest 20 reviews, the site's
// and each film's, newest first.
func TestFeedLimit(t *testing.T) {
	ar := &txtar.Archive{Files: []txtar.File{{Name: "ssg.toml", Data: []byte("title = \"Many\"\nbase_url = \"https://example.com/\"\n")}}}
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	ratings := map[string]string{}
	review := func(name, film string, d time.Time) {
		ar.Files = append(ar.Files, txtar.File{Name: "content/reviews/" + name + ".md",
			Data: fmt.Appendf(nil, "---\ntitle: %s\nfilm: %s\nrating: 2/4\ndate: %s\n---\nBody.\n", name, film, d.Format("2006-01-02"))})
		ratings[name] = "★★ (2/4)"
	}
	// Written in an order that is not the date order.
	for i := range 25 {
		n := (i * 7) % 25
		review(fmt.Sprintf("heat-%02d", n), "Heat", day.AddDate(0, 0, n))
	}
	review("alien", "Alien", day.AddDate(0, 0, 30))
	res, out := renderArchive(t, ar, Config{Now: goldenNow})
	for _, want := range siteFeeds(res, "Many") {
		for _, f := range feedFormats {
			t.Run(want.dir+f.file, func(t *testing.T) {
				feed := parseFeed(t, f.file, out[want.dir+f.file])
				checkFeed(t, feed, want, "https://example.com", f.file, ratings)
				if want.dir == "" && (len(feed.Items) != 20 || feed.Items[0].Title != "alien" || feed.Items[19].Title != "heat-06") {
					t.Errorf("site feed lists %d items, %q to %q; want 20, alien to heat-06", len(feed.Items), feed.Items[0].Title, feed.Items[len(feed.Items)-1].Title)
				}
			})
		}
	}
}

// TestFeedsIncremental edits a site in a Session and checks after each
// edit that its feeds are what a fresh build writes: a feed's key covers
// everything its encoder reads.
func TestFeedsIncremental(t *testing.T) {
	d := siteDir{t, t.TempDir()}
	d.write("ssg.toml", "title = \"Inc\"\nbase_url = \"https://example.com/blog/\"\n")
	review := func(name, title, film, rating, date, author string) {
		d.write("content/reviews/"+name+".md", fmt.Sprintf("---\ntitle: %q\nfilm: %q\nrating: %q\ndate: %s\nauthor: %q\n---\nAbout %s.\n",
			title, film, rating, date, author, title))
	}
	review("a", "First", "Heat", "3/4", "2024-01-01", "Ana")
	review("b", "Second", "Heat", "2/4", "2024-02-01", "Ben")
	review("c", "Third", "Alien", "4/4", "2024-03-01", "Cy")
	fsys := d.fs()
	cfg := Config{Now: goldenNow}
	s := NewSession(fsys, cfg)
	ctx := context.Background()
	var last map[string][]byte
	check := func(step string, changed []string, wantChanged ...string) {
		t.Helper()
		got, err := s.Rebuild(ctx, changed...)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		want, err := Render(ctx, fsys, cfg)
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range got.Files {
			files[f.Path] = f.Data
		}
		for _, f := range want.Files {
			if !bytes.Equal(files[f.Path], f.Data) {
				t.Errorf("%s: the session's %s differs from a fresh build's", step, f.Path)
			}
		}
		for _, p := range wantChanged {
			if bytes.Equal(last[p], files[p]) {
				t.Errorf("%s: %s did not change", step, p)
			}
		}
		last = files
	}
	check("first build", nil)
	review("a", "First, again", "Heat", "3½/4", "2024-01-01", "Ana")
	check("edit a", []string{"content/reviews/a.md"}, "index.xml", "atom.xml", "feed.json",
		"films/heat/index.xml", "films/heat/atom.xml", "films/heat/feed.json")
	review("d", "Fourth", "Alien", "1/4", "2024-04-01", "Di")
	check("add d", []string{"content/reviews/d.md"}, "feed.json", "films/alien/atom.xml")
	d.remove("content/reviews/c.md")
	check("remove c", []string{"content/reviews/c.md"}, "index.xml", "films/alien/feed.json")
	d.write("ssg.toml", "title = \"Renamed\"\nbase_url = \"https://example.org/\"\n")
	check("settings", []string{"ssg.toml"}, "atom.xml", "films/heat/index.xml")
}

// TestBodyLinksUnderBasePath checks that a blog published under a path
// (base_url https://example.com/blog/) has every root-relative link of
// every page under that path, those authors write in reviews too, and its
// feeds the same links made absolute. The first build, at the host's
// root, leaves a build cache of bodies that the second must not reuse.
func TestBodyLinksUnderBasePath(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/reviews/a.md": "---\ntitle: A\nfilm: Alien\nyear: 1979\nrating: 3/4\ndate: 2024-01-02\n---\n" +
			"See [the other](/reviews/b/), [noir][n] and ![a still](/images/still.jpg).\n\n[n]: /tags/noir/\n",
		"content/reviews/b.md": "---\ntitle: B\nfilm: Aliens\nyear: 1986\nrating: 3/4\ndate: 2024-01-01\ntags: [noir]\n---\nBody.\n",
	})
	page := filepath.Join(src, "public", "reviews", "a", "index.html")
	if _, err := Build(context.Background(), Config{Src: src, Now: goldenNow}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(page); !bytes.Contains(data, []byte(`<a href="/reviews/b/">`)) {
		t.Fatalf("at the host's root, the review links the other as\n%s", data)
	}
	if _, err := Build(context.Background(), Config{Src: src, Now: goldenNow, BaseURL: "https://example.com/blog/"}); err != nil {
		t.Fatal(err)
	}
	out := snapshot(t, filepath.Join(src, "public"))
	for _, want := range []string{`<a href="/blog/reviews/b/">`, `<a href="/blog/tags/noir/">`, `<img src="/blog/images/still.jpg"`} {
		if !strings.Contains(out["reviews/a/index.html"], want) {
			t.Errorf("the review page lacks %s", want)
		}
	}
	if !strings.Contains(out["index.xml"], "https://example.com/blog/reviews/b/") {
		t.Errorf("the feed does not link https://example.com/blog/reviews/b/:\n%s", out["index.xml"])
	}
	attr := regexp.MustCompile(`(?:href|src)="(/[^"]*)"`)
	for path, data := range out {
		if !strings.HasSuffix(path, ".html") {
			continue
		}
		for _, m := range attr.FindAllStringSubmatch(data, -1) {
			if m[1] != "/blog" && !strings.HasPrefix(m[1], "/blog/") {
				t.Errorf("%s links %s, outside /blog/", path, m[1])
			}
		}
	}
}

// TestFeedRawHTMLLinks checks that a site letting raw HTML through has its
// hand-written links absolute in its feeds, however their attributes are
// written.
func TestFeedRawHTMLLinks(t *testing.T) {
	_, out := renderArchive(t, txtar.Parse([]byte(`
-- ssg.toml --
base_url = "https://example.com/"
[markdown]
unsafe_html = true
-- content/reviews/raw.md --
---
title: Raw
film: Alien
date: 2024-01-01
---
See <a href='/films/alien/'>the film</a>, <a href=/tags/>tags</a> and <img src = "/still.jpg" srcset="/still-2x.jpg 2x">.
`)), Config{Now: goldenNow})
	for _, feed := range []string{"index.xml", "atom.xml", "feed.json"} {
		for _, want := range []string{"https://example.com/films/alien/", "https://example.com/tags/", "https://example.com/still.jpg", "https://example.com/still-2x.jpg 2x"} {
			if !strings.Contains(string(out[feed]), want) {
				t.Errorf("%s lacks %s:\n%s", feed, want, out[feed])
			}
		}
	}
}
