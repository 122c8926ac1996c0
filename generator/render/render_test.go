package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"ssg"
	"ssg/generator/content"
	"ssg/generator/rating"
	"ssg/generator/site"
)

func TestPaginate(t *testing.T) {
	tests := []struct {
		name     string
		items    int
		per      int
		want     []string // url:count per page
		wantNext []string
	}{
		{"empty list keeps its first page", 0, 2, []string{"/x/:0"}, []string{""}},
		{"one page has no pager", 2, 2, []string{"/x/:2"}, []string{""}},
		{"no empty last page", 4, 2, []string{"/x/:2", "/x/page/2/:2"}, []string{"/x/page/2/", ""}},
		{"partial last page", 5, 2, []string{"/x/:2", "/x/page/2/:2", "/x/page/3/:1"}, []string{"/x/page/2/", "/x/page/3/", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := make([]*site.Review, tt.items)
			var got, next []string
			paginate(items, tt.per, "/x/", func(page []*site.Review, p *Pager, url string) {
				got = append(got, fmt.Sprintf("%s:%d", url, len(page)))
				if p == nil {
					next = append(next, "")
					return
				}
				next = append(next, p.Next)
				if p.Links[p.Number-1].URL != url || !p.Links[p.Number-1].Current {
					t.Errorf("page %d: current link %+v", p.Number, p.Links[p.Number-1])
				}
			})
			if strings.Join(got, " ") != strings.Join(tt.want, " ") || strings.Join(next, " ") != strings.Join(tt.wantNext, " ") {
				t.Errorf("pages %v next %v, want %v next %v", got, next, tt.want, tt.wantNext)
			}
		})
	}
}

func TestFilePath(t *testing.T) {
	tests := []struct{ url, root, want string }{
		{"/", "", "index.html"},
		{"/reviews/a/", "", "reviews/a/index.html"},
		{"/blog/reviews/a/", "/blog", "reviews/a/index.html"},
		{"/blog/", "/blog", "index.html"},
		{"/404.html", "", "404.html"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := filePath(tt.url, tt.root); got != tt.want {
				t.Errorf("filePath(%q, %q) = %q, want %q", tt.url, tt.root, got, tt.want)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	tests := []struct {
		n, total int
		want     string
	}{
		{1, 2, "[1] 2"},
		{1, 9, "[1] 2 3 … 9"},
		{5, 9, "1 … 3 4 [5] 6 7 … 9"},
		{4, 9, "1 2 3 [4] 5 6 … 9"},
		{9, 9, "1 … 7 8 [9]"},
		{250, 500, "1 … 248 249 [250] 251 252 … 500"},
	}
	for _, tt := range tests {
		urls := make([]string, tt.total+1)
		for k := range urls {
			urls[k] = fmt.Sprint("/p", k)
		}
		var parts []string
		for _, l := range window(tt.n, tt.total, urls) {
			switch {
			case l.Gap:
				parts = append(parts, "…")
			case l.Current:
				parts = append(parts, fmt.Sprintf("[%d]", l.Number))
			default:
				parts = append(parts, fmt.Sprint(l.Number))
			}
			if !l.Gap && l.URL != urls[l.Number] {
				t.Errorf("link %d has URL %q", l.Number, l.URL)
			}
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("window(%d, %d) = %s, want %s", tt.n, tt.total, got, tt.want)
		}
	}
}

// TestSitemapSplits checks that a site with more pages than one sitemap
// may list gets numbered sitemaps and an index at /sitemap.xml.
func TestSitemapSplits(t *testing.T) {
	info := &Info{BaseURL: "https://example.com/blog", Root: "/blog"}
	var jobs []job
	for i := range sitemapLimit + 1 {
		jobs = append(jobs, job{layout: "review.html", page: &Page{Kind: "review", Permalink: fmt.Sprintf("https://example.com/blog/reviews/%d/", i)}})
	}
	got := map[string]*Page{}
	sitemapPages(&site.Site{}, info, func(name string, p *Page, encode encoder) {
		p.Site = info
		got[p.URL] = p
		if _, err := encode(p); err != nil {
			t.Fatal(err)
		}
	}, jobs, false)
	if n := len(got["/blog/sitemap-1.xml"].Sitemap); n != sitemapLimit {
		t.Errorf("sitemap-1.xml lists %d pages, want %d", n, sitemapLimit)
	}
	if n := len(got["/blog/sitemap-2.xml"].Sitemap); n != 1 {
		t.Errorf("sitemap-2.xml lists %d pages, want 1", n)
	}
	index := got["/blog/sitemap.xml"]
	if index == nil || index.Kind != "sitemap-index" || len(index.Sitemap) != 2 || index.Sitemap[1].Loc != "https://example.com/blog/sitemap-2.xml" {
		t.Fatalf("sitemap index: %+v", index)
	}
	robots, err := encodeRobots(got["/blog/robots.txt"])
	if err != nil || !strings.Contains(string(robots), "Sitemap: https://example.com/blog/sitemap.xml") {
		t.Errorf("robots.txt: %q %v", robots, err)
	}
}

// counted counts how often a template reads it.
type counted struct {
	name  string
	reads *atomic.Int32
}

func (c *counted) Name() string { c.reads.Add(1); return c.name }

func TestCached(t *testing.T) {
	var th Theme
	set := template.New("").Funcs(funcs)
	template.Must(set.New("page").Parse(`{{define "p"}}<b>{{.Name}}</b>{{end}}{{define "q"}}[{{.}}]{{end}}` +
		`{{range .}}{{cached "p" .}}|{{template "p" .}}|{{end}}{{cached "q" 3}}{{cached "q" 3}}`))
	set.Funcs(template.FuncMap{"cached": th.cached(set)})
	var reads atomic.Int32
	a, b := &counted{"a<", &reads}, &counted{"b", &reads}
	data := []*counted{a, b, a, a}
	run := func() string {
		var out strings.Builder
		if err := set.ExecuteTemplate(&out, "page", data); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}

	const want = `<b>a&lt;</b>|<b>a&lt;</b>|<b>b</b>|<b>b</b>|<b>a&lt;</b>|<b>a&lt;</b>|<b>a&lt;</b>|<b>a&lt;</b>|[3][3]`
	th.memo.Store(new(sync.Map))
	if got := run(); got != want {
		t.Errorf("cached output\n  %s\nwant\n  %s", got, want)
	}
	// Four uncached runs and one cached run of each pointer.
	if n := reads.Load(); n != 4+2 {
		t.Errorf("Name read %d times, want 6: the memo did not hold", n)
	}
	// Forget drops a pointer's outputs, and only its: a's card is made
	// again, b's is not.
	th.Forget(a)
	reads.Store(0)
	if got := run(); got != want {
		t.Errorf("output after Forget\n  %s\nwant\n  %s", got, want)
	}
	if n := reads.Load(); n != 4+1 {
		t.Errorf("Name read %d times after Forget(a), want 5", n)
	}
	th.memo.Store(new(sync.Map)) // a new Execute
	a.name = "c"
	if got := run(); !strings.HasPrefix(got, "<b>c</b>|<b>c</b>|") {
		t.Errorf("a new Execute kept the old card: %s", got)
	}
	th.memo.Store(nil)
	th.Forget(a) // outside an Execute: nothing to forget
}

// TestCachedShared checks that the default theme's layouts share one
// memo entry per card: they run the same card template.
func TestCachedShared(t *testing.T) {
	th, err := Load(ssg.Theme())
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int]bool{}
	for name, set := range th.layouts {
		if id, ok := th.defs[set]["card"]; ok {
			ids[id] = true
		} else if set.Lookup("card") != nil {
			t.Errorf("%s: card has no definition number", name)
		}
	}
	if len(ids) != 1 {
		t.Errorf("card has %d definition numbers across layouts, want 1", len(ids))
	}

	// A layout that redefines what the card calls gets its own number.
	over := fstest.MapFS{"term.html": {Data: []byte(`{{define "main"}}{{cached "card" .Review}}{{end}}{{define "spoiler-badge"}}!{{end}}`)}}
	th2, err := Load(overlayFS{over, ssg.Theme()})
	if err != nil {
		t.Fatal(err)
	}
	if th2.defs[th2.layouts["term.html"]]["card"] == th2.defs[th2.layouts["home.html"]]["card"] {
		t.Error("a layout redefining spoiler-badge shares the card's memo")
	}
}

// overlayFS reads from top first, then from base.
type overlayFS struct{ top, base fs.FS }

func (o overlayFS) Open(name string) (fs.File, error) {
	if f, err := o.top.Open(name); err == nil {
		return f, nil
	}
	return o.base.Open(name)
}

// TestCompact checks that compact keeps each reach's films in their first
// order, each once, short or long.
func TestCompact(t *testing.T) {
	films := make([]*site.Film, 100)
	for i := range films {
		films[i] = &site.Film{Slug: strconv.Itoa(i)}
	}
	long := slices.Concat(films, films, films[:10])
	reach := [][]*site.Film{
		nil,
		{films[3], films[1], films[3], nil, films[1], nil},
		long,
		{films[7]},
	}
	compact(reach)
	want := [][]*site.Film{nil, {films[3], films[1], nil}, films, {films[7]}}
	for i := range want {
		if !slices.Equal(reach[i], want[i]) || len(reach[i]) != cap(reach[i]) {
			t.Errorf("reach %d = %v (cap %d), want %v", i, reach[i], cap(reach[i]), want[i])
		}
	}
}

// TestPagesWanted checks that the pages listed for a few URLs, as a dev
// server asks for the pages in view, are the very pages of the whole
// list, one by one and all at once; the sitemap, which lists the others,
// is never among them.
func TestPagesWanted(t *testing.T) {
	const root = "/blog"
	s := corpusSiteAt(t, 150, root)
	s.Reviews[3].Aliases = []string{"/old/x/", "/old/y.html"}
	info := &Info{Title: "T", BaseURL: "https://example.com/blog", Root: root, PerPage: s.PerPage}
	all := pages(s, info, nil)
	var paths []string
	kinds := map[string]bool{}
	for _, j := range all {
		path := filePath(j.page.URL, root)
		got := pages(s, info, wanted([]string{path}, root))
		if j.layout == "sitemap" {
			if len(got) != 0 {
				t.Errorf("%s: %d pages, want none: the sitemap lists every page", path, len(got))
			}
			continue
		}
		paths = append(paths, path)
		kinds[j.page.Kind] = true
		if len(got) != 1 || got[0].layout != j.layout || (got[0].encode == nil) != (j.encode == nil) || !reflect.DeepEqual(got[0].page, j.page) {
			t.Errorf("%s: got %d pages, want the %s page of the whole list", path, len(got), j.layout)
		}
	}
	for _, k := range []string{"home", "review", "alias", "film", "films", "ratings", "rating", "terms", "term", "search", "rss", "404"} {
		if !kinds[k] {
			t.Errorf("no %s page in the site", k)
		}
	}
	if got := pages(s, info, wanted(paths, root)); len(got) != len(paths) {
		t.Errorf("all at once: %d pages, want %d", len(got), len(paths))
	}
	if got := pages(s, info, wanted([]string{"no/such/index.html"}, root)); len(got) != 0 {
		t.Errorf("a path no page has: %d pages", len(got))
	}
}

// TestCarryAcross checks that the cards of a new model's unchanged films
// and their reviews are carried from the last render, keyed by the new
// objects, and the changed film's are not, and that pages rendered from
// them are those of a theme starting afresh.
func TestCarryAcross(t *testing.T) {
	th, err := Load(ssg.Theme())
	if err != nil {
		t.Fatal(err)
	}
	info := Info{Title: "T", BaseURL: "https://example.com"}
	s1 := corpusSite(t, 60)
	p1, err := th.Plan(s1, info, ProcessKeys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := th.Execute(context.Background(), p1.Jobs); err != nil {
		t.Fatal(err)
	}
	made := th.Made()

	// The same reviews, one more of the first review's film and one of
	// another film rated again, in a model of new objects.
	var reviews []*content.Review
	var rerated *site.Film
	for _, r := range s1.Reviews {
		c := r.Review
		if rerated == nil && r.FilmPage != s1.Reviews[0].FilmPage && r.Rating != nil {
			again := *c
			written, err := rating.Parse("0.5/4", rating.DefaultScale())
			if err != nil {
				t.Fatal(err)
			}
			again.Rating, c, rerated = &written, &again, r.FilmPage
		}
		reviews = append(reviews, c)
	}
	extra := *s1.Reviews[0].Review
	extra.File, extra.Slug, extra.Date = "content/reviews/extra.md", "extra", extra.Date.AddDate(1, 0, 0)
	s2, err := site.Build(append(reviews, &extra), site.Options{Scale: rating.DefaultScale()})
	if err != nil {
		t.Fatal(err)
	}
	p2, err := th.Plan(s2, info, ProcessKeys)
	if err != nil {
		t.Fatal(err)
	}
	th.CarryAcross(made, p1, p2)
	if s2.Reviews[0].File != extra.File {
		t.Fatal("the extra review is not the newest")
	}
	changed := map[string]bool{s2.Reviews[0].FilmPage.URL: true, rerated.URL: true}
	carried := 0
	for _, f := range s2.Films {
		for _, r := range f.Reviews {
			if _, ok := th.carried.Load(r); ok {
				carried++
				if changed[f.URL] {
					t.Errorf("the card of %s was carried, though its film changed", r.File)
				}
			} else if !changed[f.URL] {
				t.Errorf("the card of %s was not carried", r.File)
			}
		}
	}
	if carried == 0 {
		t.Fatal("nothing carried")
	}
	got, err := th.Execute(context.Background(), p2.Jobs)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := Load(ssg.Theme())
	if err != nil {
		t.Fatal(err)
	}
	want, err := fresh.Execute(context.Background(), p2.Jobs)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s differs from a fresh theme's", want[i].Path)
		}
	}
}
